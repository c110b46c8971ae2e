/**
 * Running the engine on a finding: how many steps, which metric series for metric-driven schedules
 * (the user's, else a synthetic plateauing loss recorded as an assumption), and never a throw.
 */
import { unicodeSparkline } from '../sparkline';
import { simulate } from '../engine/index';
import { timmBatchCurve } from '../engine/timm/schedulers';
import type { Curve, ScheduleSpec } from '../engine/spec';
import { ownMessage } from '../l10n/translate';
import { withSimulationOps } from './program';
import type { Assumption, SchedulerFinding } from './types';

export interface CurveOptions {
  steps?: number;
  metrics?: ArrayLike<number>;
  /** The simulation budget, operations (setting lrLens.simulation.budget); DEFAULT_SIMULATION_BUDGET when absent. */
  budget?: number;
  /**
   * timm: the lr each optimizer step trains with (row k after k steps, as torch curves), for the
   * editor's lens, hover and preview; without it one row per call (the CLI's JSON, the oracle's).
   */
  perBatch?: boolean;
}

/**
 * One budget for a whole simulation, in operations: steps × param groups × schedulers in the tree
 * (a 5,000-scheduler ChainedScheduler costs 5,000 a step) plus every operation of the lr functions
 * it calls. Deterministic (work, not time); an lr-function operation costs about 0.1 µs, so the default is a few seconds of work at most.
 */
export const DEFAULT_SIMULATION_BUDGET = 50_000_000;
/** Most lr values one curve holds (steps + 1) × param groups: 160 MB of doubles. Not a setting: memory. */
export const MAX_CURVE_VALUES = 20_000_000;

/** How many schedulers a spec tree holds (SequentialLR, ChainedScheduler: their children too). */
export function schedulerCount(spec: ScheduleSpec, depth = 0): number {
  let n = 1;
  if (depth > 50) return n;
  for (const v of Object.values(spec.args)) {
    const items = Array.isArray(v) ? v : [v];
    for (const x of items) if (x && typeof x === 'object' && !Array.isArray(x) && typeof (x as ScheduleSpec).kind === 'string' && 'args' in x) n += schedulerCount(x as ScheduleSpec, depth + 1);
  }
  return n;
}

export interface FindingCurve {
  steps: number;
  curve: Curve;
  /** The metric series used, for metric-driven schedules. */
  metrics?: number[];
  /** Assumptions made while computing the curve (the synthetic metric). */
  assumptions: Assumption[];
  /** The first lr that is inf or nan (what PyTorch computes from such values), when the curve has one. */
  nonFinite?: NonFinite;
}

export interface NonFinite {
  /** Row (steps taken) and param group of the first value that is not finite. */
  atStep: number;
  group: number;
  value: number;
}

/** The first inf or nan lr of a curve, or undefined when every value is finite. */
export function firstNonFinite(c: Curve): NonFinite | undefined {
  const n = c.rows * c.groups;
  for (let i = 0; i < n; i++) {
    const v = c.lr[i];
    if (!Number.isFinite(v)) return { atStep: Math.floor(i / c.groups), group: i % c.groups, value: v };
  }
  return undefined;
}

/** A loss that falls, then flattens: enough to show a plateau schedule react. */
export function syntheticMetrics(steps: number, mode: 'min' | 'max'): number[] {
  const out: number[] = [];
  const knee = Math.max(3, Math.round(steps / 4));
  for (let k = 0; k < steps; k++) {
    const v = k < knee ? 1 - (0.8 * k) / knee : 0.2;
    out.push(mode === 'max' ? 1 - v : v);
  }
  return out;
}

/** timm's protocol for a curve: the finding's, with as many epochs as `steps` calls need when given. */
export function timmProtocolFor(f: SchedulerFinding, steps?: number): { epochs: number; updatesPerEpoch: number; epochCalls: boolean } | undefined {
  const t = f.timm;
  if (!t) return undefined;
  const per = t.updatesPerEpoch + (t.epochCalls ? 1 : 0);
  const epochs = steps === undefined || per === 0 ? t.epochs : Math.ceil(Math.max(0, steps) / per);
  return { epochs, updatesPerEpoch: t.updatesPerEpoch, epochCalls: t.epochCalls };
}

/** The mode of a metric-driven schedule: its `mode` argument, else the library's default. */
function metricMode(f: SchedulerFinding): 'min' | 'max' {
  const args = f.spec.args;
  const ssk = args.scheduler_specific_kwargs as Record<string, unknown> | undefined;
  const given = args.mode ?? args.plateau_mode ?? ssk?.mode;
  if (given !== undefined) return given === 'max' ? 'max' : 'min';
  return f.library === 'timm' ? 'max' : 'min';
}

export function curveFor(f: SchedulerFinding, opts: CurveOptions = {}): FindingCurve {
  const protocol = timmProtocolFor(f, opts.steps);
  const steps = protocol ? protocol.epochs * (protocol.updatesPerEpoch + (protocol.epochCalls ? 1 : 0)) : Math.max(0, Math.floor(opts.steps ?? f.naturalSteps));
  // timm's metric is one value per epoch.
  const metricCount = protocol ? protocol.epochs : steps;
  const assumptions: Assumption[] = [];
  let metrics: number[] | undefined;
  if (f.metricDriven) {
    if (opts.metrics && opts.metrics.length) {
      metrics = Array.from(opts.metrics);
      // Repeat the last value when the series is shorter than the run.
      while (metrics.length < metricCount) metrics.push(metrics[metrics.length - 1]);
    } else {
      const mode = metricMode(f);
      metrics = syntheticMetrics(metricCount, mode);
      assumptions.push({
        name: 'metrics',
        value: mode === 'max' ? 'synthetic rising-then-flat metric' : 'synthetic falling-then-flat loss',
        reason: 'no metric series given (--metrics); the schedule reacts to the metric passed to step()',
      });
    }
  }
  let curve: Curve;
  const groups = Math.max(1, f.optimizer.paramGroups.length);
  const budget = opts.budget ?? DEFAULT_SIMULATION_BUDGET;
  const cost = steps * groups * schedulerCount(f.spec);
  const refuse = (m: ReturnType<typeof ownMessage>): Curve => ({ groups, rows: 0, lr: new Float64Array(0), error: { atStep: 0, type: 'BudgetError', ...m } });
  const n = (x: number) => x.toLocaleString('en-US');
  if ((steps + 1) * groups > MAX_CURVE_VALUES) {
    curve = refuse(ownMessage('{0} steps × {1} param groups is more lr values than LR Lens keeps ({2}); simulate fewer steps', n(steps), n(groups), n(MAX_CURVE_VALUES)));
  } else if (cost > budget) {
    curve = refuse(
      ownMessage(
        '{0} steps × {1} param groups × {2} schedulers is {3} operations, more than the simulation budget of {4}; raise the setting lrLens.simulation.budget to simulate it',
        n(steps),
        n(groups),
        n(schedulerCount(f.spec)),
        n(cost),
        n(budget),
      ),
    );
  } else
    try {
      curve = withSimulationOps(budget - cost, budget, () => simulate(f.spec, f.optimizer, { steps, ...(metrics ? { metrics } : {}), ...(protocol ? { protocol } : {}) }));
    } catch (err) {
    const e = err as Error;
    curve = {
      groups: f.optimizer.paramGroups.length,
      rows: 0,
      lr: new Float64Array(0),
      error: { atStep: 0, type: e?.name || 'Error', message: e?.message ?? String(err) },
    };
  }
  if (opts.perBatch && curve.protocol) curve = timmBatchCurve(curve);
  const nonFinite = firstNonFinite(curve);
  return { steps, curve, ...(metrics ? { metrics } : {}), assumptions, ...(nonFinite ? { nonFinite } : {}) };
}

/** Rows of a curve as arrays (row k = lr of each group after k steps). */
export function curveRows(c: Curve, data: Float64Array = c.lr): number[][] {
  const rows: number[][] = [];
  for (let k = 0; k < c.rows; k++) {
    const row: number[] = [];
    for (let g = 0; g < c.groups; g++) row.push(data[k * c.groups + g]);
    rows.push(row);
  }
  return rows;
}

/** A unicode sparkline of the first group's lr: the same drawing as the editor's inline preview. */
export function sparkline(values: number[], width = 60): string {
  return unicodeSparkline(values, width);
}
