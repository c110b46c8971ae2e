/**
 * How a scheduler is stepped: from the `.step()` calls the interpreter recorded (with the loops
 * around each call), the x-axis unit and the run length the loops show.
 */
import type { ScheduleSpec } from '../engine/spec';
import { Args } from '../engine/args';
import { naturalLength } from '../engine/kinds';
import { createSchedulerV2Plan } from '../engine/timm/schedulers';
import type { FindingRec, StepCallRec } from './hosts';
import type { StepUnit } from '../model/types';
import { Assumed, isNumber, toFloat, type Value } from '../python/values';

/** The loops a step call runs in: its callers' (`for epoch …: train_one_epoch(…)`) and its own, outermost first. */
export function allLoops(call: StepCallRec): StepCallRec['loops'] {
  return call.callerLoops.length ? [...call.callerLoops, ...call.loops] : call.loops;
}

export function unitOf(call: StepCallRec): StepUnit {
  const loops = allLoops(call);
  if (loops.some((l) => l.kind === 'batch')) return 'step';
  // An epoch loop around the call: per epoch when it is the innermost loop, else per iteration of
  // the loop inside it (`for epoch in range(E): for i in range(N): … scheduler.step()`).
  let epoch = -1;
  loops.forEach((l, i) => (l.kind === 'epoch' ? (epoch = i) : undefined));
  if (epoch >= 0) return epoch === loops.length - 1 ? 'epoch' : 'step';
  if (loops.length >= 2) return 'step';
  return 'unknown';
}

function countOf(v: Value | null, deps: Set<string>): number | null {
  if (v === null) return null;
  if (v instanceof Assumed) {
    v.deps.forEach((d) => deps.add(d));
    v = v.value;
  }
  return isNumber(v) ? toFloat(v) : null;
}

/**
 * Unit and run length for a finding, from its step calls (else its parent's, else the schedule).
 * `accumulatePeriod`: the gradient_accumulation_steps of an `accelerator.accumulate(...)` guarding a
 * call (the model's accelerate state knows it).
 */
export function stepping(
  rec: FindingRec,
  all: FindingRec[],
  accumulatePeriod?: (c: StepCallRec) => Value | null,
): { unit: StepUnit; steps: number | null; source: string; deps: Set<string> } {
  const deps = new Set<string>();
  let calls = rec.stepCalls.filter((c) => c.active);
  if (!calls.length) calls = rec.stepCalls;
  if (!calls.length && rec.parent !== null) {
    const p = all[rec.parent];
    if (p) return stepping(p, all, accumulatePeriod);
  }
  if (rec.unitHint && !calls.length) return { unit: rec.unitHint, steps: null, source: 'schedule', deps };
  if (!calls.length) return { unit: rec.unitHint ?? 'unknown', steps: null, source: 'schedule', deps };
  const c = calls[0];
  const unit = rec.unitHint ?? unitOf(c);
  let steps: number | null = null;
  const parts: string[] = [];
  let loops = allLoops(c);
  // `while step < max_steps:` advanced in an inner loop: its count already covers the loops inside it.
  const t = loops.findIndex((l) => l.total);
  if (t >= 0) loops = loops.slice(0, t + 1);
  for (const l of loops) {
    const n = countOf(l.count, deps);
    // A `while` whose condition stayed unknown: the loops do not say how often the call runs.
    if (n === null && l.whileLoop) return { unit, steps: null, source: 'schedule', deps };
    if (n === null) continue;
    steps = (steps ?? 1) * n;
    parts.push(`${l.iterable.length > 40 ? l.iterable.slice(0, 37) + '...' : l.iterable} (${n})`);
  }
  // `if epoch > swa_start: swa_scheduler.step()` (or its else) runs in some of the innermost loop's iterations.
  const windowed = c.guards.length ? c.guards[c.guards.length - 1] : undefined;
  if (steps !== null && windowed?.kind === 'window' && windowed.count !== undefined && t < 0 && loops.length) {
    // The loop whose variable the condition compares (the call's own loops: callerLoops come first in `loops`).
    const own = c.loops[windowed.depth ?? c.loops.length - 1];
    const inner = own ? countOf(own.count, deps) : null;
    if (inner !== null && inner > 0) {
      steps = (steps / inner) * windowed.count;
      parts.push(`where ${windowed.text} (${windowed.count})`);
    }
  }
  // `if (i + 1) % N == 0: scheduler.step()`, or `with accelerator.accumulate(model):` around it
  // (the prepared scheduler steps only when the gradients are synced), runs once every N
  // iterations of the innermost loop.
  const period = guardPeriod(c, deps, accumulatePeriod);
  if (steps !== null && period !== null && period.every > 1 && t < 0 && loops.length) {
    const inner = countOf(loops[loops.length - 1].count, deps) ?? 1;
    const per = period.roundsUp ? Math.ceil(inner / period.every) : Math.floor(inner / period.every);
    steps = (steps / inner) * per;
    parts.push(`every ${period.every}`);
  }
  // A DeepSpeed engine steps the scheduler once every N of its step() calls, counted over the run.
  const engineEvery = c.engine ? countOf(c.engine.every, deps) : null;
  if (steps !== null && engineEvery !== null && engineEvery > 1 && t < 0) {
    steps = Math.floor(Math.round(steps) / engineEvery);
    parts.push(`every ${engineEvery} (gradient_accumulation_steps)`);
  }
  return { unit, steps: steps === null ? null : Math.round(steps), source: parts.length ? 'loops: ' + parts.join(' × ') : 'schedule', deps };
}

/**
 * Whether a call that runs once every N iterations of a loop runs ⌈iterations / N⌉ times rather than
 * ⌊iterations / N⌋: accelerate's accumulate() also syncs at the end of each pass over the loader
 * (a partial accumulation still steps), and so do `i % N == 0` (i from 0) and
 * `… or i == len(loader) - 1`; `(i + 1) % N == 0` drops the remainder.
 */
export function periodRoundsUp(kind: string, text: string): boolean {
  return kind === 'accumulate' || /\bor\b/.test(text) || !/\+\s*1\s*\)\s*%/.test(text);
}

/**
 * N of the innermost `if … % N == 0:` or `with accelerator.accumulate(…):` guard around a step call,
 * when known (an assumed N is one of the run length's deps), and whether a pass rounds up.
 */
function guardPeriod(c: StepCallRec, deps: Set<string>, accumulatePeriod?: (c: StepCallRec) => Value | null): { every: number; roundsUp: boolean } | null {
  const g = c.guards[c.guards.length - 1];
  if (!g || (g.kind !== 'modulo' && g.kind !== 'accumulate')) return null;
  const v = countOf(g.kind === 'modulo' ? g.divisor : (accumulatePeriod?.(c) ?? null), deps);
  return v !== null && Number.isInteger(v) && v >= 1 ? { every: v, roundsUp: periodRoundsUp(g.kind, g.text) } : null;
}

/** The schedule's own length, for when the loops don't show one (the kind descriptor's rule). */
export function scheduleLength(spec: ScheduleSpec, fallback: number): number {
  return naturalLength(spec, fallback);
}

/**
 * timm's protocol from the code's calls: `step_update` in the batch loop (its innermost loop's count
 * is the updates per epoch) and `step(epoch)` in the epoch loop (the product of its loops' counts is
 * the epochs). A count the loops do not show comes from the schedule (create_scheduler_v2's
 * returned num_epochs, the class's t_initial, its updates_per_epoch).
 */
export function timmProtocol(
  rec: FindingRec,
  runLength: number,
): { epochs: number; updatesPerEpoch: number; epochCalls: boolean; source: string; deps: Set<string> } {
  const deps = new Set<string>();
  const active = rec.stepCalls.filter((c) => c.active);
  const calls = active.length ? active : rec.stepCalls;
  const upd = calls.find((c) => c.method === 'step_update');
  const ep = calls.find((c) => c.method !== 'step_update');
  const counts = (loops: StepCallRec['loops']) => loops.map((l) => countOf(l.count, deps));
  const product = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, b) => a * (b as number), 1));
  const parts: string[] = [];
  let updates: number | null = 0;
  let epochs: number | null = null;
  if (upd) {
    const all = [...upd.callerLoops, ...upd.loops];
    const cs = counts(all);
    updates = all.length ? cs[cs.length - 1] : 1;
    if (all.length) parts.push(`updates: ${all[all.length - 1].iterable} (${updates ?? '?'})`);
    if (!ep) epochs = product(cs.slice(0, -1));
  }
  if (ep) {
    const all = [...ep.callerLoops, ...ep.loops];
    epochs = all.length ? product(counts(all)) : 1;
    if (all.length) parts.push(`epochs: ${all.map((l) => l.iterable).join(' × ')} (${epochs ?? '?'})`);
  }
  const a = rec.spec.args;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
  if (updates === null) updates = num(a.updates_per_epoch) ?? 0;
  if (epochs === null || (!upd && !ep)) {
    let fromSchedule: number | null = null;
    if (rec.spec.kind === 'timm.create_scheduler_v2') {
      try {
        fromSchedule = createSchedulerV2Plan(new Args(rec.spec.kind, rec.spec.args)).numEpochs;
      } catch {
        fromSchedule = null;
      }
    } else {
      const t = num(a.t_initial);
      fromSchedule = t !== null && a.t_in_epochs !== false ? t : null;
    }
    epochs = fromSchedule ?? runLength;
    parts.push(`epochs: schedule (${epochs})`);
  }
  return {
    epochs: Math.max(0, Math.round(epochs)),
    updatesPerEpoch: Math.max(0, Math.round(updates)),
    epochCalls: ep !== undefined || !upd,
    source: parts.join(', '),
    deps,
  };
}
