/**
 * Running the engine on a finding: how many steps, which metric series for metric-driven schedules
 * (the user's, else a synthetic plateauing loss recorded as an assumption), and never a throw.
 */
import { groupThousands } from '../l10n/numbers';
import { unicodeSparkline } from '../present/sparkline';
import { simulate } from '../engine/index';
import { timmBatchCurve } from '../engine/timm/schedulers';
import { familyOfKind } from '../engine/families';
import type { Curve, OptimizerSpec, ScheduleSpec, SimulateOptions } from '../engine/spec';

import { ownMessage } from '../l10n/translate';
import { simulationOpsCheckpoint, withSimulationOps } from './program';
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
  /** Where the engine stores the curve (SimulateOptions.allocate). */
  allocate?: (size: number) => Float64Array;
  /** The lr only, without a cycled momentum (SimulateOptions.lrOnly). */
  lrOnly?: boolean;
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
  /** timm with `perBatch`: the engine's one row per call (the oracle's and the CLI JSON's form), before it was folded into `curve`. */
  calls?: Curve;
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

/**
 * The mode of a metric-driven schedule: its `mode` argument (transformers' `scheduler_specific_kwargs`
 * too), else the library's default (timm's plateau maximizes; torch and transformers minimize).
 */
export function metricMode(spec: ScheduleSpec): 'min' | 'max' {
  const args = spec.args;
  const ssk = args.scheduler_specific_kwargs as Record<string, unknown> | undefined;
  const given = args.mode ?? args.plateau_mode ?? ssk?.mode;
  if (given !== undefined) return given === 'max' ? 'max' : 'min';
  return familyOfKind(spec.kind)?.library === 'timm' ? 'max' : 'min';
}

/** The assumption every curve of a metric-driven schedule rests on when no metric series is given. */
export function syntheticMetricAssumption(mode: 'min' | 'max'): Assumption {
  return {
    name: 'metrics',
    value: mode === 'max' ? 'synthetic rising-then-flat metric' : 'synthetic falling-then-flat loss',
    reason: 'no metric series given (--metrics); the schedule reacts to the metric passed to step()',
  };
}

/**
 * The metric series a metric-driven schedule is simulated with, `count` values (one per step() call
 * that takes a metric): the given series (its last value repeated to fill the run), else the one
 * synthetic policy of every surface (lens, hover, chart, generator preview, CLI), recorded as an
 * assumption. Undefined for schedules that take no metric.
 */
export function metricSeries(spec: ScheduleSpec, metricDriven: boolean, count: number, given?: ArrayLike<number>): { metrics: number[]; assumption?: Assumption } | undefined {
  if (!metricDriven) return undefined;
  if (given && given.length) {
    const metrics = Array.from(given);
    while (metrics.length < count) metrics.push(metrics[metrics.length - 1]);
    return { metrics };
  }
  const mode = metricMode(spec);
  return { metrics: syntheticMetrics(count, mode), assumption: syntheticMetricAssumption(mode) };
}

export function curveFor(f: SchedulerFinding, opts: CurveOptions = {}): FindingCurve {
  const protocol = timmProtocolFor(f, opts.steps);
  const steps = protocol ? protocol.epochs * (protocol.updatesPerEpoch + (protocol.epochCalls ? 1 : 0)) : Math.max(0, Math.floor(opts.steps ?? f.naturalSteps));
  // timm's metric is one value per epoch.
  const metricCount = protocol ? protocol.epochs : steps;
  const assumptions: Assumption[] = [];
  const series = metricSeries(f.spec, f.metricDriven, metricCount, opts.metrics);
  const metrics = series?.metrics;
  if (series?.assumption) assumptions.push(series.assumption);
  let curve = guardedSimulate(f.spec, f.optimizer, steps, opts.budget, { ...(metrics ? { metrics } : {}), ...(protocol ? { protocol } : {}), ...(opts.allocate ? { allocate: opts.allocate } : {}), ...(opts.lrOnly ? { lrOnly: true } : {}) });
  // timm: the per-call rows stay available (the CLI's JSON and the oracle have one row per call).
  let calls: Curve | undefined;
  if (opts.perBatch && curve.protocol) {
    calls = curve;
    curve = timmBatchCurve(curve);
  }
  const nonFinite = firstNonFinite(curve);
  return { steps, curve, ...(calls ? { calls } : {}), ...(metrics ? { metrics } : {}), assumptions, ...(nonFinite ? { nonFinite } : {}) };
}

/**
 * The engine run of every surface, never a throw: refused (a BudgetError curve) past MAX_CURVE_VALUES
 * or the simulation budget (steps × groups × schedulers, then every lr-function operation).
 */
function guardedSimulate(spec: ScheduleSpec, optimizer: OptimizerSpec, steps: number, budget = DEFAULT_SIMULATION_BUDGET, sim: Omit<SimulateOptions, 'steps'> = {}): Curve {
  const groups = Math.max(1, optimizer.paramGroups.length);
  const cost = steps * groups * schedulerCount(spec);
  const refuse = (m: ReturnType<typeof ownMessage>): Curve => ({ groups, rows: 0, lr: new Float64Array(0), error: { atStep: 0, type: 'BudgetError', ...m } });
  const n = (x: number) => groupThousands(x);
  if ((steps + 1) * groups > MAX_CURVE_VALUES) {
    return refuse(ownMessage('{0} steps × {1} param groups is more lr values than LR Lens keeps ({2}); simulate fewer steps', n(steps), n(groups), n(MAX_CURVE_VALUES)));
  }
  if (cost > budget) {
    return refuse(
      ownMessage(
        '{0} steps × {1} param groups × {2} schedulers is {3} operations, more than the simulation budget of {4}; raise the setting lrLens.simulation.budget to simulate it',
        n(steps),
        n(groups),
        n(schedulerCount(spec)),
        n(cost),
        n(budget),
      ),
    );
  }
  try {
    return withSimulationOps(budget - cost, budget, () => simulate(spec, optimizer, { steps, ...sim, checkpoint: simulationOpsCheckpoint }));
  } catch (err) {
    const e = err as Error;
    return { groups: optimizer.paramGroups.length, rows: 0, lr: new Float64Array(0), error: { atStep: 0, type: e?.name || 'Error', message: e?.message ?? String(err) } };
  }
}

/** How a timm schedule is stepped in the code (SchedulerFinding.timm): per epoch, `updatesPerEpoch` step_update calls and a step(epoch). */
export interface TimmStepping {
  updatesPerEpoch: number;
  epochCalls: boolean;
}

/**
 * A schedule run over `steps` optimizer steps as the editor draws it — the chart page's live
 * recompute and the generator preview use it with edited specs; curveFor is the same run of a
 * finding. Metric-driven kinds get metricSeries's policy; a timm schedule (`timm` given) runs
 * train.py's loop over enough epochs for `steps` batches and comes back as the lr each batch trains
 * with (row k: after k optimizer steps, as torch).
 */
export function simulateSchedule(spec: ScheduleSpec, optimizer: OptimizerSpec, steps: number, metricDriven: boolean, timm?: TimmStepping, budget?: number): Curve {
  if (timm) {
    const U = timm.updatesPerEpoch;
    const epochs = U > 0 ? Math.ceil(steps / U) : steps;
    const protocol = { epochs, updatesPerEpoch: U, epochCalls: timm.epochCalls };
    const series = metricSeries(spec, metricDriven, epochs);
    const c = guardedSimulate(spec, optimizer, epochs * (U + (timm.epochCalls ? 1 : 0)), budget, { protocol, ...(series ? { metrics: series.metrics } : {}) });
    return timmBatchCurve(c, steps);
  }
  const series = metricSeries(spec, metricDriven, steps);
  return guardedSimulate(spec, optimizer, steps, budget, series ? { metrics: series.metrics } : {});
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
