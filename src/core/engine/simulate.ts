import { groupThousands } from '../l10n/numbers';
import { construct } from './build';
import { ownMessage } from '../l10n/translate';
import { LibraryError } from './errors';
import { SimOptimizer } from './optimizer';
import { SequentialLR } from './torch/composites';
import { LRScheduler } from './torch/lrScheduler';
import { TimmScheduler, callsPerEpoch, type TimmProtocol } from './timm/schedulers';
import { MAX_STEPS, type Curve, type OptimizerSpec, type ScheduleError, type ScheduleSpec, type SimulateOptions } from './spec';

/**
 * Runs `scheduler = <spec>(optimizer, …)` followed by `steps` × `optimizer.step(); scheduler.step()`
 * and records every param group's lr (and momentum, when a scheduler cycles it) after construction
 * and after each step. Never throws: bad arguments, library errors and exceptions raised by
 * evaluated Python callables come back in `curve.error` with the step where they happen.
 */
function isTimmKind(spec: ScheduleSpec): boolean {
  return typeof spec?.kind === 'string' && spec.kind.startsWith('timm.');
}

function protocolCalls(options: SimulateOptions): number {
  const p = protocolOf(options);
  const n = p.epochs * callsPerEpoch(p);
  return Number.isFinite(n) ? n : -1;
}

export function simulate(spec: ScheduleSpec, optimizerSpec: OptimizerSpec, options: SimulateOptions): Curve {
  return run(spec, optimizerSpec, options, FAST_CHUNK);
}

/** The same simulation stepping one `scheduler.step()` at a time, never the fast loops (for tests). */
export function simulateStepByStep(spec: ScheduleSpec, optimizerSpec: OptimizerSpec, options: SimulateOptions): Curve {
  return run(spec, optimizerSpec, options, 0);
}

/** The same simulation with the fast loops called `chunk` steps at a time (for tests of chunk boundaries). */
export function simulateInChunks(spec: ScheduleSpec, optimizerSpec: OptimizerSpec, options: SimulateOptions, chunk: number): Curve {
  return run(spec, optimizerSpec, options, Math.max(1, Math.floor(chunk)));
}

/**
 * The fast loops run this many steps per call. V8 then optimizes each loop as a function that is
 * called often; one call of 10^6 steps is only entered mid-loop (on-stack replacement), and in some
 * processes that code stayed at 10–11 instead of 6–7 ns a step for the rest of the process.
 */
const FAST_CHUNK = 4096;

function run(spec: ScheduleSpec, optimizerSpec: OptimizerSpec, options: SimulateOptions, fastChunk: number): Curve {
  const groupCount = Math.max(1, optimizerSpec.paramGroups?.length ?? 1);
  const fail = (error: ScheduleError): Curve => ({ groups: groupCount, rows: 0, lr: new Float64Array(0), error });

  const steps = isTimmKind(spec) ? protocolCalls(options) : options.steps;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0) {
    return fail({ atStep: 0, type: 'ValueError', argument: 'steps', ...ownMessage('The number of steps must be a whole number ≥ 0, got {0}.', String(steps)) });
  }
  if (steps > MAX_STEPS) {
    return fail({
      atStep: 0,
      type: 'ValueError',
      argument: 'steps',
      ...ownMessage('{0} steps is more than LR Lens simulates (at most {1}).', groupThousands(steps), groupThousands(MAX_STEPS)),
    });
  }

  let optimizer: SimOptimizer;
  let scheduler;
  try {
    optimizer = new SimOptimizer(optimizerSpec);
    scheduler = construct(spec, optimizer);
  } catch (e) {
    return fail(toScheduleError(e, 0));
  }

  const groups = optimizer.groups;
  const g = groups.length;
  const size = (steps + 1) * g;
  const lr = storage(options.buffers?.lr, size, options.allocate);
  const momentum = optimizer.momentumCycled && !options.lrOnly ? storage(options.buffers?.momentum, size, options.allocate) : undefined;
  const metrics = options.metrics;

  const record = (row: number) => {
    const base = row * g;
    for (let i = 0; i < g; i++) lr[base + i] = groups[i].lr;
    if (momentum) for (let i = 0; i < g; i++) momentum[base + i] = groups[i].momentum;
  };
  // Construction sets the initial lr whatever follows: a run of 0 steps is that one row, metric or not.
  record(0);

  let rows = 1;
  let error: ScheduleError | undefined;
  if (scheduler instanceof TimmScheduler) {
    return runTimm(scheduler, protocolOf(options), spec.kind, metrics, lr, g);
  }
  try {
    if (scheduler.needsMetric) {
      const m = metrics ?? [];
      for (let k = 1; k <= steps; k++) {
        if (k > m.length) {
          error = missingMetric(spec.kind, k, 'step', k, m.length);
          break;
        }
        scheduler.step(m[k - 1]);
        record(k);
        rows = k + 1;
      }
    } else {
      // The fast loops where the scheduler has them (they stop short where the library would raise),
      // then one step at a time from wherever they stopped.
      let k = 1;
      if (fastChunk > 0 && scheduler instanceof SequentialLR && !momentum) {
        // Between milestones SequentialLR.step() is its active child's step(): each stretch runs that
        // child's fast loop; hand-overs, and the rest of a stretch the child declines, step one at a time.
        while (k <= steps) {
          const n = scheduler.plainStepsAhead(steps - k + 1);
          const stretchEnd = k + Math.max(n, 1);
          if (n > 0) {
            const next = runFast(scheduler.activeChild(), k, stretchEnd - 1, lr, undefined, g, fastChunk, options.checkpoint);
            scheduler.advance(next - k);
            rows = k = next;
          }
          for (; k < stretchEnd; k++) {
            scheduler.step();
            record(k);
            rows = k + 1;
          }
        }
      } else if (fastChunk > 0 && scheduler instanceof LRScheduler) {
        rows = k = runFast(scheduler, 1, steps, lr, momentum, g, fastChunk, options.checkpoint);
      }
      if (g === 1 && !momentum) {
        // The common case, kept tight: one group, no momentum.
        const group = groups[0];
        for (; k <= steps; k++) {
          scheduler.step();
          lr[k] = group.lr;
          rows = k + 1;
        }
      } else {
        for (; k <= steps; k++) {
          scheduler.step();
          record(k);
          rows = k + 1;
        }
      }
    }
  } catch (e) {
    error = toScheduleError(e, rows);
  }

  return {
    groups: g,
    rows,
    lr: rows === steps + 1 ? lr : lr.subarray(0, rows * g),
    ...(momentum ? { momentum: rows === steps + 1 ? momentum : momentum.subarray(0, rows * g) } : {}),
    ...(error ? { error } : {}),
  };
}

/**
 * The metric-driven scheduler's `step()` call `atStep` needs metric number `n` (of a step, or of an
 * epoch for timm) and the run gave `given`: none at all is the TypeError `step()` raises without
 * one; a series that ran out names the value it lacks.
 */
function missingMetric(kind: string, atStep: number, unit: 'step' | 'epoch', n: number, given: number): ScheduleError {
  const text =
    given === 0
      ? ownMessage('{0}.step() needs a metric value (e.g. the validation loss) at every step, and none was given.', kind)
      : unit === 'step'
        ? ownMessage('No metric value for step {0}: only {1} values were given.', n, given)
        : ownMessage('No metric value for epoch {0}: only {1} values were given.', n, given);
  return { atStep, type: given === 0 ? 'TypeError' : 'ValueError', argument: 'metrics', ...text };
}

/** The timm protocol of a run: the given one, else `steps` epochs of one `step(epoch)` call each. */
export function protocolOf(options: SimulateOptions): TimmProtocol {
  return options.protocol ?? { epochs: options.steps, updatesPerEpoch: 0 };
}

/**
 * timm's train.py loop: per epoch, `step_update(num_updates)` after each update, then
 * `step(epoch + 1, metric)`. One row per call; `steps` is ignored in favour of the protocol
 * (the caller sized the buffers from the protocol's call count).
 */
function runTimm(
  scheduler: TimmScheduler,
  p: TimmProtocol,
  kind: string,
  metrics: ArrayLike<number> | undefined,
  lr: Float64Array,
  g: number,
): Curve {
  const calls = p.epochs * callsPerEpoch(p);
  const groups = scheduler.optimizer.groups;
  let rows = 1; // row 0 is recorded
  let error: ScheduleError | undefined;
  const put = () => {
    const base = rows * g;
    for (let i = 0; i < g; i++) lr[base + i] = groups[i].lr;
    rows++;
  };
  try {
    let updates = 0;
    for (let e = 0; e < p.epochs; e++) {
      for (let u = 0; u < p.updatesPerEpoch; u++) {
        updates++;
        scheduler.stepUpdate(updates);
        put();
      }
      if (p.epochCalls !== false) {
        let metric: number | undefined;
        if (scheduler.needsMetric) {
          if (!metrics || e >= metrics.length) {
            error = missingMetric(kind, rows, 'epoch', e + 1, metrics?.length ?? 0);
            break;
          }
          metric = metrics[e];
        }
        scheduler.stepEpoch(e + 1, metric);
        put();
      }
    }
  } catch (err) {
    error = toScheduleError(err, rows);
  }
  return { groups: g, rows, lr: rows === calls + 1 ? lr : lr.subarray(0, rows * g), protocol: p, ...(error ? { error } : {}) };
}

/** The first `size` values of a caller's buffer when it is long enough, else a new array (the caller's `allocate`). */
function storage(buffer: Float64Array | undefined, size: number, allocate?: (size: number) => Float64Array): Float64Array {
  return buffer && buffer.length >= size ? buffer.subarray(0, size) : allocate ? allocate(size) : new Float64Array(size);
}

/**
 * Steps `from..to` through the scheduler's fast loop, `chunk` steps per call, each call writing its
 * rows after the row before it. Returns the next step to take: `to + 1`, or the first step of the
 * call that declined (the class has no loop, or the library raises within it), from where the
 * caller steps one at a time.
 */
function runFast(
  scheduler: LRScheduler,
  from: number,
  to: number,
  lr: Float64Array,
  momentum: Float64Array | undefined,
  g: number,
  chunk: number,
  checkpoint: SimulateOptions['checkpoint'],
): number {
  let k = from;
  while (k <= to) {
    const n = Math.min(chunk, to - k + 1);
    const start = (k - 1) * g;
    if (!tryFastRun(scheduler, n, lr.subarray(start), momentum?.subarray(start), checkpoint)) break;
    k += n;
  }
  return k;
}

/**
 * A fast run either completes or leaves the scheduler untouched, so the caller can step instead;
 * what the lr functions spent of the shared budget in a run that gave up is given back, so the
 * steps that redo it are charged once (the same curve and refusal as stepping one at a time).
 */
function tryFastRun(scheduler: LRScheduler, steps: number, lr: Float64Array, momentum: Float64Array | undefined, checkpoint: SimulateOptions['checkpoint']): boolean {
  const restore = checkpoint?.();
  try {
    if (scheduler.fastRun(steps, lr, momentum)) return true;
  } catch {
    // stepped one at a time below, where the error gets its step
  }
  restore?.();
  return false;
}

function toScheduleError(e: unknown, atStep: number): ScheduleError {
  if (e instanceof LibraryError) {
    return {
      atStep,
      type: e.pyType,
      message: e.message,
      ...(e.argument ? { argument: e.argument } : {}),
      ...(e.template !== undefined ? { template: e.template, args: e.args ?? [] } : {}),
    };
  }
  const err = e as { pyType?: unknown; message?: unknown } | null;
  // A RangeError is a stack overflow (Python's RecursionError) only when it says so; V8's size limits are MemoryErrors.
  const type =
    typeof err?.pyType === 'string' ? err.pyType : e instanceof RangeError ? (/call stack/i.test(e.message) ? 'RecursionError' : 'MemoryError') : 'Error';
  const message = typeof err?.message === 'string' ? err.message : String(e);
  return { atStep, type, message };
}

/** Row k of a curve as an array of per-group values. */
export function curveRow(curve: Curve, k: number, series: 'lr' | 'momentum' = 'lr'): number[] {
  const data = series === 'lr' ? curve.lr : curve.momentum;
  if (!data) return [];
  return Array.from(data.subarray(k * curve.groups, (k + 1) * curve.groups));
}

/** The whole curve as rows × groups, the shape the CLI's JSON and the oracle use. */
export function curveRows(curve: Curve, series: 'lr' | 'momentum' = 'lr'): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < curve.rows; k++) out.push(curveRow(curve, k, series));
  return out;
}
