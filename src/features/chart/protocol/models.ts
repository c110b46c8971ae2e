/**
 * Findings → serializable schedule models, and the spec edits both sides apply. Pure (engine and
 * analysis types only), shared by the host (src/features/chart/host/chartPanel.ts) and the page (webview/main.ts), so a
 * curve recomputed in the page is the one the host would compute.
 */
import type { SchedulerFinding } from '../../../core/model/types';
import { stepsPerEpochOf } from '../../../core/model/stepsPerEpoch';

export { stepsPerEpochOf };
import { simulateSchedule } from '../../../core/model/curves';
import type { ArgValue, Curve, OptimizerSpec, ScheduleSpec } from '../../../core/engine/spec';

export { simulateSchedule, type TimmStepping } from '../../../core/model/curves';
import type { CurveData, EditValue, JsonSpec, JsonValue, ScheduleModel } from './messages';

/** True when a spec (or a nested one) holds a function: it cannot be posted to the page. */
export function hasCallable(v: ArgValue | ScheduleSpec | undefined): boolean {
  if (typeof v === 'function') return true;
  if (Array.isArray(v)) return v.some((x) => hasCallable(x));
  if (v !== null && typeof v === 'object') return Object.values(v as Record<string, ArgValue>).some((x) => hasCallable(x));
  return false;
}

function toJson(v: unknown, depth = 0): JsonValue {
  if (depth > 50) return null;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'function') return '<callable>';
  if (Array.isArray(v)) return v.map((x) => toJson(x, depth + 1));
  if (typeof v === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toJson(x, depth + 1);
    return out;
  }
  return String(v);
}

/** The spec as JSON, or null when it holds a callable. */
export function toJsonSpec(spec: ScheduleSpec): JsonSpec | null {
  if (hasCallable(spec)) return null;
  return toJson(spec) as unknown as JsonSpec;
}

function plainOptimizer(o: OptimizerSpec): OptimizerSpec {
  return toJson(o) as unknown as OptimizerSpec;
}

/** A curve in postable form (typed arrays are transferred by VS Code as is). */
export function toCurveData(c: Curve): CurveData {
  return {
    groups: c.groups,
    rows: c.rows,
    lr: c.lr,
    ...(c.momentum ? { momentum: c.momentum } : {}),
    ...(c.error ? { error: { ...c.error } } : {}),
  };
}

export interface ModelOptions {
  /** Simulate callable specs here (the host) and attach the curve. Default true. */
  simulateCallables?: boolean;
  /** Run length per scheduler id, overriding naturalSteps. */
  steps?: ReadonlyMap<number, number>;
  /** Param overrides per scheduler id (applied before simulating callable specs). */
  params?: ReadonlyMap<number, Record<string, EditValue>>;
  /** Upper bound on simulated steps. */
  maxSteps?: number;
  /** The document model's curve of a finding (src/core/model/documentModel.ts): a callable spec without edits is drawn from it, not simulated again. */
  curveOf?: (f: SchedulerFinding) => Curve;
}

type LoopOf = NonNullable<SchedulerFinding['stepCalls']>[number]['loops'][number];
const sameLoop = (a: LoopOf, b: LoopOf) => a.kind === b.kind && a.variable === b.variable && a.iterable === b.iterable && a.count === b.count;

/**
 * Optimizer steps per epoch of a schedule stepped once per epoch, from the file's loop structure:
 * another scheduler stepped per batch inside the same epoch loop (`for epoch in range(E): for batch
 * in train_loader: … sched_b.step()` then `sched_a.step()` after the inner loop) counts the batches
 * of that loop — divided by its accumulation when its step runs every N-th batch. Null when no
 * such loop is known (or the loops disagree).
 */
export function epochStepsFromSiblings(f: SchedulerFinding, findings: readonly SchedulerFinding[]): number | null {
  if (f.unit !== 'epoch') return null;
  const found = new Set<number>();
  for (const call of f.stepCalls ?? []) {
    if (call.unit !== 'epoch' || call.loops.length === 0) continue;
    const outer = call.loops;
    for (const g of findings) {
      if (g === f) continue;
      for (const other of g.stepCalls ?? []) {
        if (other.unit !== 'step' || other.loops.length !== outer.length + 1) continue;
        if (!outer.every((l, i) => sameLoop(l, other.loops[i]))) continue;
        const inner = other.loops[outer.length];
        if (inner.kind !== 'batch' || typeof inner.count !== 'number' || !(inner.count > 0)) continue;
        const every = other.accumulation ? other.accumulation.every : 1;
        if (!every || !(every > 0)) continue;
        found.add(Math.floor(inner.count / every));
      }
    }
  }
  return found.size === 1 ? [...found][0] || null : null;
}

/** All findings of a file as models; children carry `parent`, composites their nested specs. */
export function findingsToModels(findings: readonly SchedulerFinding[], opts: ModelOptions = {}): ScheduleModel[] {
  const byId = new Map(findings.map((f) => [f.id, f]));
  return findings.map((f) => {
    // timm: the chart's x is the optimizer step (batch), or the epoch when step_update is never called.
    const timmBatches = f.timm ? (f.timm.updatesPerEpoch > 0 ? f.timm.epochs * f.timm.updatesPerEpoch : f.timm.epochs) : undefined;
    const steps = Math.max(0, Math.min(opts.maxSteps ?? 10_000_000, Math.round(opts.steps?.get(f.id) ?? timmBatches ?? f.naturalSteps ?? 0)));
    const json = toJsonSpec(f.spec);
    const model: ScheduleModel = {
      id: f.id,
      name: f.name,
      kind: f.kind,
      library: f.library,
      line: f.line,
      spec: json,
      params: (toJson(f.params) ?? {}) as Record<string, JsonValue>,
      arguments: f.arguments.map((a) => ({ name: a.name, ...(a.text !== undefined ? { text: a.text } : {}), isLiteral: a.isLiteral })),
      optimizer: plainOptimizer(f.optimizer),
      steps,
      stepsSource: f.naturalStepsSource ?? '',
      unit: f.unit,
      stepsPerEpoch: f.timm && f.timm.updatesPerEpoch > 0 ? f.timm.updatesPerEpoch : (stepsPerEpochOf(f) ?? epochStepsFromSiblings(f, findings)),
      assumptions: f.assumptions.map((a) => ({ ...a })),
      diagnostics: f.diagnostics.map((d) => ({ ...d })),
      parent: f.parent,
      children: [...f.children],
      metricDriven: f.metricDriven,
      active: f.active,
      ...(f.timm ? { timm: { updatesPerEpoch: f.timm.updatesPerEpoch, epochCalls: f.timm.epochCalls } } : {}),
    };
    if (json === null && f.parent === null && opts.simulateCallables !== false) {
      const edited = opts.steps?.has(f.id) || (opts.params && hasEditsBelow(f.id, (id) => byId.get(id)?.children ?? [], editsOf(opts.params), 0));
      if (opts.curveOf && !edited) {
        model.curve = toCurveData(opts.curveOf(f));
        return model;
      }
      const spec = specWithEdits(f.spec, f.id, (id) => byId.get(id)?.children ?? [], editsOf(opts.params));
      model.curve = toCurveData(simulateSchedule(spec, f.optimizer, steps, f.metricDriven, model.timm));
    }
    return model;
  });
}

function editsOf(m: ReadonlyMap<number, Record<string, EditValue>> | undefined): Record<number, Record<string, EditValue>> {
  const out: Record<number, Record<string, EditValue>> = {};
  if (m) for (const [k, v] of m) out[k] = v;
  return out;
}

/**
 * The spec of scheduler `rootId` with edited arguments applied, including edits of its children
 * (SequentialLR / ChainedScheduler members, matched to `args.schedulers` by position).
 * Never mutates the input.
 */
export function specWithEdits<S extends { kind: string; args: Record<string, unknown> }>(
  spec: S,
  rootId: number,
  childrenOf: (id: number) => readonly number[],
  edits: Readonly<Record<number, Readonly<Record<string, EditValue>>>>,
  depth = 0,
): S {
  const own = edits[rootId];
  const kids = childrenOf(rootId);
  const nested = spec.args.schedulers;
  const touchesKids = depth < 8 && Array.isArray(nested) && kids.length === nested.length && kids.some((k) => hasEditsBelow(k, childrenOf, edits, depth + 1));
  if (!own && !touchesKids) return spec;
  const args: Record<string, unknown> = { ...spec.args };
  if (own) for (const [k, v] of Object.entries(own)) args[k] = Array.isArray(v) ? [...v] : v;
  if (touchesKids) {
    args.schedulers = (nested as S[]).map((child, i) => specWithEdits(child, kids[i], childrenOf, edits, depth + 1));
  }
  return { ...spec, args };
}

function hasEditsBelow(
  id: number,
  childrenOf: (id: number) => readonly number[],
  edits: Readonly<Record<number, unknown>>,
  depth: number,
): boolean {
  if (depth > 8) return false;
  if (edits[id]) return true;
  return childrenOf(id).some((k) => hasEditsBelow(k, childrenOf, edits, depth + 1));
}
