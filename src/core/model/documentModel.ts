/**
 * One model of a document: its analysis with the inputs the user chose (assumption overrides, the
 * default run length and dataset size, the simulation budget, the config files its script reads),
 * and the curve of each scheduler, computed once and read by every surface — code lens, hover,
 * inline preview, diagnostics, the chart and its CSV/PNG export, the generator preview, and the CLI
 * (which builds the same model from the same inputs). Pure: no vscode, no DOM, no Node.
 */
import { Analyzer } from './analyze';
import { DEFAULT_DATASET_SIZE, DEFAULT_RUN_LENGTH } from './assumptions';
import { curveFor, DEFAULT_SIMULATION_BUDGET, type FindingCurve } from './curves';
import type { AnalysisResult, AnalyzeOptions, Assumption, SchedulerFinding } from './types';
import type { Curve } from '../engine/spec';

export type Overrides = Readonly<Record<string, number | string>>;

/** What a model is computed from, besides the text. Two models with equal inputs and text are equal. */
export interface ModelInputs {
  /** Steps simulated when the code shows no run length (setting lrLens.defaultRunLength). */
  defaultRunLength: number;
  /** Batches per epoch assumed for an unknown `len(loader)` (setting lrLens.defaultDatasetSize). */
  defaultDatasetSize: number;
  /** Operations one curve may cost (setting lrLens.simulation.budget). */
  simulationBudget: number;
  /** Assumption overrides by name, set from the chart or the CLI's --assume. */
  overrides: Overrides;
  /** Config files the script reads, by the path it names them with. */
  files?: Readonly<Record<string, string>>;
  /** Wall-clock backstop of one analysis, ms (the work budgets decide every result). */
  timeLimitMs?: number;
  /** CLI only: one run length for every scheduler (`--steps`), in the engine's calls. */
  steps?: number;
  /** CLI only: the metric series passed to step() (`--metrics`). */
  metrics?: readonly number[];
  /**
   * CLI only: where curves are stored (shared memory, for a CSV two threads write). Not a value the
   * curves depend on, so not part of a model's equality.
   */
  allocate?: (size: number) => Float64Array;
  /** CLI only: curves of the lr alone, no momentum (the CSV's; CurveOptions.lrOnly). Set only on a model built for one CSV. */
  lrOnly?: boolean;
}

export const DEFAULT_INPUTS: ModelInputs = {
  defaultRunLength: DEFAULT_RUN_LENGTH,
  defaultDatasetSize: DEFAULT_DATASET_SIZE,
  simulationBudget: DEFAULT_SIMULATION_BUDGET,
  overrides: {},
};

/** The analyzer's options for these inputs: the one mapping used by the editor, its worker, the chart page and the CLI. */
export function analyzeOptionsOf(inputs: ModelInputs): AnalyzeOptions {
  return {
    defaultRunLength: inputs.defaultRunLength,
    defaultDatasetSize: inputs.defaultDatasetSize,
    ...(Object.keys(inputs.overrides).length ? { assumptions: { ...inputs.overrides } } : {}),
    ...(inputs.files ? { files: inputs.files } : {}),
    ...(inputs.timeLimitMs !== undefined ? { timeLimitMs: inputs.timeLimitMs } : {}),
  };
}

/** Same overrides, by value (key order ignored). */
export function sameOverrides(a: Overrides, b: Overrides): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && Object.is(a[k], b[k]));
}

export class DocumentModel {
  private readonly curves = new Map<number, FindingCurve>();
  private readonly byId: Map<number, SchedulerFinding>;

  /**
   * @param analysis the analysis of the text with `analyzeOptionsOf(inputs)` (a notebook cell: its view)
   * @param seeded curves already computed from the same text and inputs (the analysis worker's)
   */
  constructor(
    readonly analysis: AnalysisResult,
    readonly inputs: ModelInputs,
    seeded?: Iterable<[number, FindingCurve]>,
  ) {
    this.byId = new Map(analysis.schedulers.map((f) => [f.id, f]));
    if (seeded) for (const [id, c] of seeded) if (this.byId.has(id)) this.curves.set(id, c);
  }

  /** Analyzes `text` with `inputs` (an incremental `analyzer` when given). */
  static of(text: string, inputs: ModelInputs = DEFAULT_INPUTS, analyzer?: Analyzer): DocumentModel {
    return new DocumentModel((analyzer ?? new Analyzer()).analyze(text, analyzeOptionsOf(inputs)), inputs);
  }

  get schedulers(): readonly SchedulerFinding[] {
    return this.analysis.schedulers;
  }

  finding(id: number | null): SchedulerFinding | undefined {
    return id === null ? undefined : this.byId.get(id);
  }

  /**
   * A finding's curve over its run — the natural run length, or the CLI's `--steps` — with the one
   * metric policy for metric-driven schedules; simulated on first use, then shared. timm curves are
   * per optimizer step (`calls` keeps the engine's one row per call).
   */
  curveOf(f: SchedulerFinding): FindingCurve {
    let c = this.curves.get(f.id);
    if (c) return c;
    c = curveFor(f, {
      budget: this.inputs.simulationBudget,
      perBatch: true,
      ...(this.inputs.steps !== undefined ? { steps: this.inputs.steps } : {}),
      ...(this.inputs.metrics ? { metrics: this.inputs.metrics } : {}),
      ...(this.inputs.allocate ? { allocate: this.inputs.allocate } : {}),
      ...(this.inputs.lrOnly ? { lrOnly: true } : {}),
    });
    this.curves.set(f.id, c);
    return c;
  }

  curve(f: SchedulerFinding): Curve {
    return this.curveOf(f).curve;
  }

  /** Whether the curve of `f` is computed already (the worker's, or an earlier surface's). */
  has(f: SchedulerFinding): boolean {
    return this.curves.has(f.id);
  }

  /** Every assumption a finding's curve rests on: the analysis's, then the simulation's (the synthetic metric). */
  assumptionsOf(f: SchedulerFinding): Assumption[] {
    return [...f.assumptions, ...this.curveOf(f).assumptions];
  }

  /** The innermost scheduler call containing `at` (see findingAt). */
  findingAt(at: Place, filter?: (f: SchedulerFinding) => boolean): SchedulerFinding | undefined {
    return findingAt(this.analysis.schedulers, at, filter);
  }
}

/** A place in the analyzed text: an offset, and with `line` every scheduler whose call spans that line (0-based) counts as containing it. */
export interface Place {
  offset: number;
  line?: number;
}

/** The innermost (shortest) scheduler call containing a place: the hover's, the chart's cursor's, the generator's. */
export function findingAt<F extends Pick<SchedulerFinding, 'range'>>(findings: readonly F[], at: Place, filter?: (f: F) => boolean): F | undefined {
  let best: F | undefined;
  for (const f of findings) {
    if (filter && !filter(f)) continue;
    const r = f.range;
    const inside = (at.offset >= r.start && at.offset <= r.end) || (at.line !== undefined && at.line >= r.startPos.line && at.line <= r.endPos.line);
    if (inside && (!best || r.end - r.start < best.range.end - best.range.start)) best = f;
  }
  return best;
}

export { stepsPerEpochOf } from './stepsPerEpoch';
