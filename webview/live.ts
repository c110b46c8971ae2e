/**
 * The page's live recompute: which curves an edit changes and how to get them without asking the
 * host. Argument and run-length edits of a JSON spec go straight to the engine; an assumption edit,
 * or an edit of a schedule that calls Python code (LambdaLR's lambda, …), reruns the pure analysis
 * (bundled into the page) on the text the host sent, then the engine. Only when the host sent no
 * text (a file over LIMITS.sourceText) does such an edit still need the host (`ask-host`).
 * Pure: no DOM, no chart.js; unit-tested in plain Node (test/unit/webview/).
 */
import { Analyzer } from '../src/core/model/analyze';
import { cellView } from '../src/core/model/cells';
import { sameOverrides } from '../src/core/model/documentModel';
import type { SchedulerFinding } from '../src/core/model/types';
import type { ScheduleSpec } from '../src/core/engine/spec';
import { findingsToModels, simulateSchedule, specWithEdits, toCurveData, toJsonSpec } from '../src/features/chart/protocol/models';
import type { AnalysisInput, EditValue, ScheduleModel, StateMessage } from '../src/features/chart/protocol/messages';
import type { Entry } from './viewModel';

/** The page's edits: changed arguments and run lengths per scheduler id, assumption overrides. */
export interface PageEdits {
  edits: Readonly<Record<number, Readonly<Record<string, EditValue>>>>;
  steps: Readonly<Record<number, number>>;
  assumptions: Readonly<Record<string, number | string>>;
}

export type HostView = Pick<StateMessage, 'models' | 'overrides' | 'analysisInput'>;

/**
 * - `host-models`: the host's models are right; JSON specs are re-simulated with the edits.
 * - `reanalyze`: the page reruns the analysis with its assumptions, then simulates every curve.
 * - `ask-host`: like `host-models`, and the host must recompute the rest (no text to analyze).
 */
export type RecomputePlan = 'host-models' | 'reanalyze' | 'ask-host';

export interface RecomputeResult {
  plan: RecomputePlan;
  /** The models to show: the host's, or those of the page's own analysis. */
  models: ScheduleModel[];
  /** One per top-level model that has a curve, in model order. */
  entries: Entry[];
  /** Time of the analysis rerun (0 when it was not needed or cached), ms. */
  analysisMs: number;
  /** Time of the simulations, ms. */
  simulateMs: number;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function editedBelow(id: number, childrenOf: (id: number) => readonly number[], e: PageEdits, depth = 0): boolean {
  if (depth > 8) return false;
  if (e.edits[id] && Object.keys(e.edits[id]).length) return true;
  return childrenOf(id).some((k) => editedBelow(k, childrenOf, e, depth + 1));
}

/** What an edit needs (see RecomputePlan). */
export function planRecompute(host: HostView, e: PageEdits): RecomputePlan {
  const byId = new Map(host.models.map((m) => [m.id, m]));
  const childrenOf = (id: number) => byId.get(id)?.children ?? [];
  const callableEdited = host.models.some(
    (m) => m.parent === null && m.spec === null && (e.steps[m.id] !== undefined || editedBelow(m.id, childrenOf, e)),
  );
  if (!callableEdited && sameOverrides(e.assumptions, host.overrides)) return 'host-models';
  return host.analysisInput ? 'reanalyze' : 'ask-host';
}

/** Curves from the host's models: JSON specs simulated here with the edits, callables as sent. */
function fromHostModels(models: readonly ScheduleModel[], e: PageEdits): Entry[] {
  const byId = new Map(models.map((m) => [m.id, m]));
  const childrenOf = (id: number) => byId.get(id)?.children ?? [];
  const out: Entry[] = [];
  models
    .filter((m) => m.parent === null)
    .forEach((m, colorIndex) => {
      if (m.spec) {
        const spec = specWithEdits(m.spec, m.id, childrenOf, e.edits);
        const curve = toCurveData(simulateSchedule(spec as unknown as ScheduleSpec, m.optimizer, e.steps[m.id] ?? m.steps, m.metricDriven, m.timm));
        out.push({ model: m, curve, spec, colorIndex });
      } else if (m.curve) {
        out.push({ model: m, curve: m.curve, spec: null, colorIndex });
      }
    });
  return out;
}

/** Keeps the page's analysis of the current text and assumptions, and recomputes on every edit. */
export class LiveRecompute {
  private analyzer = new Analyzer();
  private cached: { input: AnalysisInput; key: string; findings: SchedulerFinding[]; models: ScheduleModel[] } | null = null;
  /** Analyses run in the page (for tests and the timing attributes). */
  analyses = 0;

  compute(host: HostView, e: PageEdits): RecomputeResult {
    const plan = planRecompute(host, e);
    if (plan !== 'reanalyze' || !host.analysisInput) {
      const t0 = now();
      const entries = fromHostModels(host.models, e);
      return { plan, models: host.models, entries, analysisMs: 0, simulateMs: now() - t0 };
    }
    const t0 = now();
    const { findings, models } = this.analysis(host.analysisInput, e.assumptions);
    const t1 = now();
    const byId = new Map(findings.map((f) => [f.id, f]));
    const childrenOf = (id: number) => byId.get(id)?.children ?? [];
    const modelOf = new Map(models.map((m) => [m.id, m]));
    const entries: Entry[] = [];
    findings
      .filter((f) => f.parent === null)
      .forEach((f, colorIndex) => {
        const model = modelOf.get(f.id)!;
        // The live spec, Python callables included (the page's interpreter runs them).
        const spec = specWithEdits(f.spec, f.id, childrenOf, e.edits);
        const curve = toCurveData(simulateSchedule(spec, f.optimizer, e.steps[f.id] ?? model.steps, f.metricDriven, model.timm));
        entries.push({ model, curve, spec: toJsonSpec(spec), colorIndex });
      });
    return { plan, models, entries, analysisMs: t1 - t0, simulateMs: now() - t1 };
  }

  /** The analysis of `input` with `assumptions`, reused while neither changes. */
  private analysis(input: AnalysisInput, assumptions: Readonly<Record<string, number | string>>): { findings: SchedulerFinding[]; models: ScheduleModel[] } {
    const key = JSON.stringify([input.options, input.cell ?? null, Object.entries(assumptions).sort(([a], [b]) => (a < b ? -1 : 1))]);
    const c = this.cached;
    if (c && c.key === key && (c.input === input || c.input.text === input.text)) return c;
    this.analyses++;
    let result = this.analyzer.analyze(input.text, { ...input.options, assumptions: { ...assumptions } });
    if (input.cell) result = cellView(result, input.cell);
    const findings = result.schedulers;
    // Callable curves are simulated in compute() with the page's edits, not here.
    const models = findingsToModels(findings, { simulateCallables: false });
    this.cached = { input, key, findings, models };
    return this.cached;
  }
}
