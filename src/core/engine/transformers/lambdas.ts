import { COS_TABLE_LIMIT, cos, cosInRange, cosOf, cosTable } from '../cos';
import { powerOf, pyDiv, pyMax, pyMod, pySqrt } from '../pyMath';
import type { FillLoop, LrCallable } from '../spec';

/**
 * The lr_lambda functions of transformers' `optimization.py`, with the same float operations in
 * the same order, so LambdaLR reproduces them bit for bit.
 * https://github.com/huggingface/transformers/blob/main/src/transformers/optimization.py
 */

const warmupRamp = (step: number, warmup: number) => step / pyMax(1, warmup);

/**
 * The lambda plus `fill`, which writes `out[k * stride + offset] = base * factor(first + k)` for
 * k = 1..steps in one loop. Each schedule passes its own loop, so the call inside only ever sees
 * that schedule's function. V8 does not always inline that call: the cosine schedules, where it
 * matters most, write their decay branch out in the loop. test/unit/engine/fastPath.test.ts keeps
 * every fill bit-identical to calling the lambda step by step.
 *
 * The fills' warm-up loops (`base * f(first + k)` while first + k < warmup) look alike but stay
 * written out in each fill: moved into one shared helper, that call saw every schedule's f, and hf
 * cosine measured 6.2–9.6 ns/step over 8 processes instead of 6.1–6.3.
 */
function batched(factor: LrCallable, fill: FillLoop): LrCallable {
  return Object.assign(factor, { fill });
}

export const constantLambda: LrCallable = () => 1;

export function constantWithWarmupLambda(warmup: number): LrCallable {
  const f = (step: number) => (step < warmup ? step / pyMax(1.0, warmup) : 1.0);
  return batched(f, (base, first, steps, out, stride, offset) => {
    let k = 1;
    for (; k <= steps && first + k < warmup; k++) out[k * stride + offset] = base * f(first + k);
    k = flatLoop(base, first, k, steps, out, stride, offset, Infinity, 1.0);
    for (; k <= steps; k++) out[k * stride + offset] = base * f(first + k);
  });
}

export function linearWithWarmupLambda(warmup: number, training: number): LrCallable {
  const span = pyMax(1, training - warmup);
  const f = (step: number) => (step < warmup ? warmupRamp(step, warmup) : pyMax(0.0, (training - step) / span));
  return batched(f, (base, first, steps, out, stride, offset) => {
    let k = 1;
    for (; k <= steps && first + k < warmup; k++) out[k * stride + offset] = base * f(first + k);
    linearDecayLoop(base, first, k, steps, out, stride, offset, training, span);
  });
}

/** The linear decay past the warm-up, max(0, (training - step) / span), for k = from..steps. */
function linearDecayLoop(base: number, first: number, from: number, steps: number, out: Float64Array, stride: number, offset: number, training: number, span: number): void {
  const b = base * 1, e0 = first * 1, tr = training * 1, sp = span * 1;
  for (let k = from; k <= steps; k++) out[k * stride + offset] = b * pyMax(0.0, (tr - (e0 + k)) / sp);
}

/** Also `get_cosine_schedule_with_warmup` (min_lr_rate = 0): transformers redefines this lambda with min_lr_rate. */
export function cosineWithWarmupLambda(warmup: number, training: number, numCycles: number, minLrRate = 0.0): LrCallable {
  const span = pyMax(1, training - warmup);
  const turns = Math.PI * numCycles * 2.0;
  const keep = 1 - minLrRate;
  const f = (step: number) => {
    if (step < warmup) return warmupRamp(step, warmup);
    const progress = (step - warmup) / span;
    let factor = 0.5 * (1.0 + cos(turns * progress));
    factor = factor * keep + minLrRate;
    return pyMax(0, factor);
  };
  return batched(f, (base, first, steps, out, stride, offset) => {
    let k = 1;
    for (; k <= steps && first + k < warmup; k++) out[k * stride + offset] = base * f(first + k);
    if (minLrRate === 0.0) cosineDecayLoop(base, first, k, steps, out, stride, offset, warmup, span, turns);
    else cosineMinLrDecayLoop(base, first, k, steps, out, stride, offset, warmup, span, turns, keep, minLrRate);
  });
}

/**
 * Whether turns · progress lies within the cos table for k = from..steps, progress being
 * (first + k - warmup) / span: it only grows with k (span ≥ 1, first + from ≥ warmup), so the ends
 * decide. NaN anywhere gives false.
 */
function inCosTable(from: number, steps: number, first: number, warmup: number, span: number, turns: number): boolean {
  return turns >= 0 && span > 0 && first + from - warmup >= 0 && turns * ((first + steps - warmup) / span) <= COS_TABLE_LIMIT;
}

/**
 * The decay branches of the cosine lambdas for k = from..steps, written out. Each is a top-level
 * function of its own, so V8 optimizes one loop per shape, shared by every schedule of that shape.
 * The schedule's numbers arrive as arguments and are multiplied by 1 (exact, -0 and NaN included)
 * into locals before the loop: V8 then holds them as floats, where it would otherwise re-check each
 * integer-valued argument on every step.
 */
function cosineDecayLoop(base: number, first: number, from: number, steps: number, out: Float64Array, stride: number, offset: number, warmup: number, span: number, turns: number): void {
  const tab = cosTable();
  const b = base * 1, e0 = first * 1, w = warmup * 1, sp = span * 1, tu = turns * 1;
  // (factor * 1 + 0 with min_lr_rate = 0 differs from factor only for -0; max(0, ·) makes both 0.)
  if (inCosTable(from, steps, e0, w, sp, tu)) {
    for (let k = from; k <= steps; k++) {
      const factor = 0.5 * (1.0 + cosInRange(tab, tu * ((e0 + k - w) / sp)));
      out[k * stride + offset] = b * pyMax(0, factor);
    }
    return;
  }
  for (let k = from; k <= steps; k++) {
    const factor = 0.5 * (1.0 + cosOf(tab, tu * ((e0 + k - w) / sp)));
    out[k * stride + offset] = b * pyMax(0, factor);
  }
}

function cosineMinLrDecayLoop(
  base: number,
  first: number,
  from: number,
  steps: number,
  out: Float64Array,
  stride: number,
  offset: number,
  warmup: number,
  span: number,
  turns: number,
  keep: number,
  minLrRate: number,
): void {
  const tab = cosTable();
  const b = base * 1, e0 = first * 1, w = warmup * 1, sp = span * 1, tu = turns * 1, kp = keep * 1, mn = minLrRate * 1;
  if (inCosTable(from, steps, e0, w, sp, tu)) {
    for (let k = from; k <= steps; k++) {
      const factor = 0.5 * (1.0 + cosInRange(tab, tu * ((e0 + k - w) / sp))) * kp + mn;
      out[k * stride + offset] = b * pyMax(0, factor);
    }
    return;
  }
  for (let k = from; k <= steps; k++) {
    const factor = 0.5 * (1.0 + cosOf(tab, tu * ((e0 + k - w) / sp))) * kp + mn;
    out[k * stride + offset] = b * pyMax(0, factor);
  }
}

/** Hard restarts while progress < 1 with a finite num_cycles; returns the first k it left to `f`. */
function hardRestartsDecayLoop(base: number, first: number, from: number, steps: number, out: Float64Array, stride: number, offset: number, warmup: number, span: number, numCycles: number): number {
  if (!Number.isFinite(numCycles)) return from;
  const tab = cosTable();
  const b = base * 1, e0 = first * 1, w = warmup * 1, sp = span * 1, nc = numCycles * 1;
  let k = from;
  for (; k <= steps; k++) {
    const progress = (e0 + k - w) / sp; // ≥ 0: past the warm-up
    if (!(progress < 1.0)) break; // 0.0 from here on (or NaN): f returns it
    // Finite, as |cycles| ≤ |num_cycles|: Python's `cycles % 1.0` is cycles - floor(cycles) (see f).
    const cycles = nc * progress;
    // cycles - floor(cycles) is in [0, 1]: π times it is within the cos table.
    out[k * stride + offset] = b * pyMax(0.0, 0.5 * (1.0 + cosInRange(tab, Math.PI * (cycles - Math.floor(cycles)))));
  }
  return k;
}

export function cosineWithHardRestartsLambda(warmup: number, training: number, numCycles: number): LrCallable {
  const span = pyMax(1, training - warmup);
  const f = (step: number) => {
    if (step < warmup) return warmupRamp(step, warmup);
    const progress = (step - warmup) / span;
    if (progress >= 1.0) return 0.0;
    // Python's `x % 1.0`. fmod is exact, so for finite x both this and x - floor(x) are one
    // rounding of the same real number: the same float, without V8's slow float modulo.
    const cycles = numCycles * progress;
    return pyMax(0.0, 0.5 * (1.0 + cos(Math.PI * (Number.isFinite(cycles) ? cycles - Math.floor(cycles) : pyMod(cycles, 1.0)))));
  };
  return batched(f, (base, first, steps, out, stride, offset) => {
    let k = 1;
    for (; k <= steps && first + k < warmup; k++) out[k * stride + offset] = base * f(first + k);
    // Past the warm-up: f's cosine branch written out, then f for the zeros after the last cycle.
    for (k = hardRestartsDecayLoop(base, first, k, steps, out, stride, offset, warmup, span, numCycles); k <= steps; k++) {
      out[k * stride + offset] = base * f(first + k);
    }
  });
}

export function polynomialDecayLambda(
  warmup: number,
  training: number,
  lrEnd: number,
  power: number,
  lrInit: number,
): LrCallable {
  const lrRange = lrInit - lrEnd;
  const decaySteps = training - warmup;
  const f = (step: number) => {
    if (step < warmup) return warmupRamp(step, warmup);
    if (step > training) return pyDiv(lrEnd, lrInit, 'lr');
    const pctRemaining = 1 - pyDiv(step - warmup, decaySteps, 'num_training_steps');
    const decay = lrRange * powerOf(pctRemaining, power) + lrEnd;
    return pyDiv(decay, lrInit, 'lr');
  };
  return batched(f, (base, first, steps, out, stride, offset) => {
    let k = 1;
    for (; k <= steps && first + k < warmup; k++) out[k * stride + offset] = base * f(first + k);
    // The decay branch written out when its divisions cannot raise; f raises where Python would.
    if (decaySteps !== 0 && lrInit !== 0) {
      k = polynomialDecayLoop(base, first, k, Math.min(steps, training - first), out, stride, offset, warmup, decaySteps, lrRange, power, lrEnd, lrInit);
    }
    for (; k <= steps; k++) out[k * stride + offset] = base * f(first + k);
  });
}

/** The polynomial decay for k = from..last (as the cosine loops above); returns last + 1. */
function polynomialDecayLoop(
  base: number,
  first: number,
  from: number,
  last: number,
  out: Float64Array,
  stride: number,
  offset: number,
  warmup: number,
  decaySteps: number,
  lrRange: number,
  power: number,
  lrEnd: number,
  lrInit: number,
): number {
  const b = base * 1, e0 = first * 1, w = warmup * 1, span = decaySteps * 1, range = lrRange * 1, pw = power * 1, end = lrEnd * 1, init = lrInit * 1;
  let k = from;
  for (; k <= last; k++) {
    const pctRemaining = 1 - (e0 + k - w) / span;
    out[k * stride + offset] = b * ((range * powerOf(pctRemaining, pw) + end) / init);
  }
  return k;
}

export function inverseSqrtLambda(warmup: number, timescale: number): LrCallable {
  const shift = timescale - warmup;
  const f = (step: number) => {
    if (step < warmup) return warmupRamp(step, warmup);
    return pyDiv(1.0, pySqrt(pyDiv(step + shift, timescale, 'timescale')), 'timescale');
  };
  return batched(f, (base, first, steps, out, stride, offset) => {
    let k = 1;
    for (; k <= steps && first + k < warmup; k++) out[k * stride + offset] = base * f(first + k);
    k = inverseSqrtDecayLoop(base, first, k, steps, out, stride, offset, shift, timescale);
    for (; k <= steps; k++) out[k * stride + offset] = base * f(first + k); // where f raises
  });
}

/**
 * inverse_sqrt past the warm-up, 1 / sqrt((step + shift) / timescale), while that quotient is
 * positive or NaN (where f neither raises nor differs); returns the first k it left to f.
 */
function inverseSqrtDecayLoop(base: number, first: number, from: number, steps: number, out: Float64Array, stride: number, offset: number, shift: number, timescale: number): number {
  if (timescale === 0) return from; // ZeroDivisionError: f raises it
  const b = base * 1, e0 = first * 1, sh = shift * 1, ts = timescale * 1;
  let k = from;
  for (; k <= steps; k++) {
    const x = (e0 + k + sh) / ts;
    if (x <= 0) break; // math domain error, or 1 / 0: f raises it
    out[k * stride + offset] = b * (1.0 / Math.sqrt(x));
  }
  return k;
}

export function cosineWarmupWithMinLrLambda(
  warmup: number,
  training: number,
  numCycles: number,
  minLrRate: number,
  warmupLrRate: number | null,
): LrCallable {
  const f = (step: number) => {
    if (step < warmup) {
      if (warmupLrRate === null) return (step + 1) / pyMax(1, warmup);
      return warmupLrRate + ((1.0 - warmupLrRate) * step) / pyMax(1, warmup - 1);
    }
    const progress = (step - warmup + 1) / pyMax(1, training - warmup);
    let factor = 0.5 * (1.0 + cos(Math.PI * numCycles * 2.0 * progress));
    factor = factor * (1 - minLrRate) + minLrRate;
    return pyMax(0, factor);
  };
  return batched(f, (base, first, steps, out, stride, offset) => {
    for (let k = 1; k <= steps; k++) out[k * stride + offset] = base * f(first + k);
  });
}

export type WsdShape = 'linear' | 'cosine' | '1-sqrt';

export function wsdLambda(
  warmup: number,
  stable: number,
  decay: number,
  warmupType: WsdShape,
  decayType: WsdShape,
  minLrRatio: number,
  numCycles: number,
): LrCallable {
  const f = (step: number) => {
    if (step < warmup) {
      const progress = step / pyMax(1, warmup);
      let factor =
        warmupType === 'linear'
          ? progress
          : warmupType === 'cosine'
            ? 0.5 * (1.0 - cos(Math.PI * progress))
            : 1.0 - pySqrt(1.0 - progress);
      factor = factor * (1.0 - minLrRatio) + minLrRatio;
      return pyMax(0.0, factor);
    }
    if (step < warmup + stable) return 1.0;
    if (step < warmup + stable + decay) {
      const progress = (step - warmup - stable) / pyMax(1, decay);
      let factor =
        decayType === 'linear'
          ? 1.0 - progress
          : decayType === 'cosine'
            ? 0.5 * (1.0 + cos(Math.PI * numCycles * 2.0 * progress))
            : 1.0 - pySqrt(progress);
      factor = factor * (1.0 - minLrRatio) + minLrRatio;
      return pyMax(0.0, factor);
    }
    return minLrRatio;
  };
  const shape = decayType === 'linear' ? 0 : decayType === 'cosine' ? 1 : 2;
  const turns = Math.PI * numCycles * 2.0;
  return batched(f, (base, first, steps, out, stride, offset) => {
    // f's branches in step order, each a loop of its own: warm-up, stable, decay, then min_lr_ratio.
    let k = 1;
    for (; k <= steps && first + k < warmup; k++) out[k * stride + offset] = base * f(first + k);
    k = flatLoop(base, first, k, steps, out, stride, offset, warmup + stable, 1.0);
    k = wsdDecayLoop(base, first, k, steps, out, stride, offset, warmup, stable, decay, shape, turns, minLrRatio);
    if (!(first + k < warmup + stable + decay)) k = flatLoop(base, first, k, steps, out, stride, offset, Infinity, minLrRatio);
    for (; k <= steps; k++) out[k * stride + offset] = base * f(first + k); // where f raises
  });
}

/** base · value while first + k < limit; returns the first k past it. */
function flatLoop(base: number, first: number, from: number, steps: number, out: Float64Array, stride: number, offset: number, limit: number, value: number): number {
  const b = base * 1, e0 = first * 1, lim = limit * 1, v = value * 1;
  let k = from;
  for (; k <= steps && e0 + k < lim; k++) out[k * stride + offset] = b * v;
  return k;
}

/**
 * The wsd decay while step < warmup + stable + decay, for a step that is past the stable phase,
 * shape 0 linear, 1 cosine, 2 1-sqrt, with f's operations; returns the first k it left (past the
 * decay, or a step where f raises).
 */
function wsdDecayLoop(
  base: number,
  first: number,
  from: number,
  steps: number,
  out: Float64Array,
  stride: number,
  offset: number,
  warmup: number,
  stable: number,
  decay: number,
  shape: number,
  turns: number,
  minLrRatio: number,
): number {
  const tab = cosTable();
  const b = base * 1, e0 = first * 1, w = warmup * 1, st = stable * 1, d = decay * 1, tu = turns * 1, mn = minLrRatio * 1;
  const end = w + st + d;
  const span = pyMax(1, d) * 1;
  const keep = 1.0 - mn;
  let k = from;
  for (; k <= steps && e0 + k < end; k++) {
    const progress = (e0 + k - w - st) / span;
    let factor;
    if (shape === 0) factor = 1.0 - progress;
    else if (shape === 1) factor = 0.5 * (1.0 + cosOf(tab, tu * progress));
    else if (progress < 0) break; // math domain error: f raises it
    else factor = 1.0 - Math.sqrt(progress);
    out[k * stride + offset] = b * pyMax(0.0, factor * keep + mn);
  }
  return k;
}
