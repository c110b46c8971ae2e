/**
 * How a scheduler is stepped: from the `.step()` calls the interpreter recorded (with the loops
 * around each call), the x-axis unit and the run length the loops show.
 */
import type { ScheduleSpec } from '../engine/spec';
import type { FindingRec, StepCallRec } from './hosts';
import type { StepUnit } from './types';
import { Assumed, isNumber, toFloat, type Value } from './values';

/** The loops a step call runs in: its callers' (`for epoch …: train_one_epoch(…)`) and its own, outermost first. */
export function allLoops(call: StepCallRec): StepCallRec['loops'] {
  return call.callerLoops.length ? [...call.callerLoops, ...call.loops] : call.loops;
}

export function unitOf(call: StepCallRec): StepUnit {
  const loops = allLoops(call);
  if (loops.some((l) => l.kind === 'batch')) return 'step';
  if (loops.some((l) => l.kind === 'epoch')) return 'epoch';
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

/** Unit and run length for a finding, from its step calls (else its parent's, else the schedule). */
export function stepping(rec: FindingRec, all: FindingRec[]): { unit: StepUnit; steps: number | null; source: string; deps: Set<string> } {
  const deps = new Set<string>();
  let calls = rec.stepCalls.filter((c) => c.active);
  if (!calls.length) calls = rec.stepCalls;
  if (!calls.length && rec.parent !== null) {
    const p = all[rec.parent];
    if (p) return stepping(p, all);
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
    if (n === null) continue;
    steps = (steps ?? 1) * n;
    parts.push(`${l.iterable.length > 40 ? l.iterable.slice(0, 37) + '...' : l.iterable} (${n})`);
  }
  // `if (i + 1) % N == 0: scheduler.step()` runs once every N iterations of the innermost loop.
  const every = moduloPeriod(c);
  if (steps !== null && every !== null && every > 1 && t < 0 && loops.length) {
    const inner = countOf(loops[loops.length - 1].count, deps) ?? 1;
    const g = c.guards[c.guards.length - 1];
    const ceil = /\bor\b/.test(g.text) || !/\+\s*1\s*\)\s*%/.test(g.text);
    const per = ceil ? Math.ceil(inner / every) : Math.floor(inner / every);
    steps = (steps / inner) * per;
    parts.push(`every ${every}`);
  }
  return { unit, steps: steps === null ? null : Math.round(steps), source: parts.length ? 'loops: ' + parts.join(' × ') : 'schedule', deps };
}

/** N of the innermost `if … % N == 0:` guard around a step call, when known. */
function moduloPeriod(c: StepCallRec): number | null {
  const g = c.guards[c.guards.length - 1];
  if (!g || g.kind !== 'modulo') return null;
  let n = g.divisor;
  if (n instanceof Assumed) n = n.value;
  if (n === null || !isNumber(n)) return null;
  const v = toFloat(n);
  return Number.isInteger(v) && v >= 1 ? v : null;
}

/** The schedule's own length, for when the loops don't show one. */
export function scheduleLength(spec: ScheduleSpec, fallback: number): number {
  const a = spec.args;
  const n = (k: string): number | null => (typeof a[k] === 'number' && Number.isFinite(a[k] as number) ? (a[k] as number) : null);
  switch (spec.kind) {
    case 'OneCycleLR': {
      const t = n('total_steps');
      if (t) return t;
      const e = n('epochs');
      const s = n('steps_per_epoch');
      return e && s ? e * s : fallback;
    }
    case 'CosineAnnealingLR':
      return n('T_max') ?? fallback;
    case 'StepLR':
      return Math.max(fallback, (n('step_size') ?? 10) * 3);
    case 'MultiStepLR': {
      const m = Array.isArray(a.milestones) ? (a.milestones as number[]).filter((x) => typeof x === 'number') : [];
      return m.length ? Math.ceil(Math.max(...m) * 1.25) : fallback;
    }
    case 'CosineAnnealingWarmRestarts': {
      const t0 = n('T_0') ?? 10;
      const tm = n('T_mult') ?? 1;
      return tm === 1 ? t0 * 3 : t0 * (1 + tm + tm * tm);
    }
    case 'CyclicLR': {
      const up = n('step_size_up') ?? 2000;
      const down = n('step_size_down') ?? up;
      return (up + down) * 3;
    }
    case 'LinearLR':
    case 'ConstantLR':
    case 'PolynomialLR':
      return Math.max(fallback, (n('total_iters') ?? 5) * 2);
    case 'SequentialLR': {
      const m = Array.isArray(a.milestones) ? (a.milestones as number[]).filter((x) => typeof x === 'number') : [];
      const subs = Array.isArray(a.schedulers) ? (a.schedulers as ScheduleSpec[]) : [];
      const last = subs[subs.length - 1];
      const tail = last && typeof last === 'object' && 'kind' in last ? scheduleLength(last, fallback) : fallback;
      return (m.length ? Math.max(...m) : 0) + tail;
    }
    case 'ChainedScheduler': {
      const subs = Array.isArray(a.schedulers) ? (a.schedulers as ScheduleSpec[]) : [];
      return Math.max(fallback, ...subs.filter((s) => s && typeof s === 'object' && 'kind' in s).map((s) => scheduleLength(s, fallback)));
    }
    case 'get_scheduler':
    default: {
      const t = n('num_training_steps');
      if (t) return t;
      if (spec.kind === 'get_wsd_schedule') {
        const w = n('num_warmup_steps') ?? 0;
        const s = n('num_stable_steps') ?? 0;
        const d = n('num_decay_steps') ?? 0;
        return w + s + d || fallback;
      }
      if (spec.kind === 'get_scheduler' || /warmup/.test(spec.kind)) {
        const w = n('num_warmup_steps');
        if (w) return Math.max(fallback, w * 5);
      }
      return fallback;
    }
  }
}
