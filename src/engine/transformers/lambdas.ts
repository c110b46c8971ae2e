import { pyDiv, pyMod, pySqrt } from '../pyMath';
import type { LrCallable } from '../spec';

/**
 * The lr_lambda functions of transformers' `optimization.py`, with the same float operations in
 * the same order, so LambdaLR reproduces them bit for bit.
 * https://github.com/huggingface/transformers/blob/main/src/transformers/optimization.py
 */

const warmupRamp = (step: number, warmup: number) => step / Math.max(1, warmup);

export const constantLambda: LrCallable = () => 1;

export function constantWithWarmupLambda(warmup: number): LrCallable {
  return (step) => (step < warmup ? step / Math.max(1.0, warmup) : 1.0);
}

export function linearWithWarmupLambda(warmup: number, training: number): LrCallable {
  return (step) =>
    step < warmup ? warmupRamp(step, warmup) : Math.max(0.0, (training - step) / Math.max(1, training - warmup));
}

/** Also `get_cosine_schedule_with_warmup` (min_lr_rate = 0): transformers redefines this lambda with min_lr_rate. */
export function cosineWithWarmupLambda(warmup: number, training: number, numCycles: number, minLrRate = 0.0): LrCallable {
  return (step) => {
    if (step < warmup) return warmupRamp(step, warmup);
    const progress = (step - warmup) / Math.max(1, training - warmup);
    let factor = 0.5 * (1.0 + Math.cos(Math.PI * numCycles * 2.0 * progress));
    factor = factor * (1 - minLrRate) + minLrRate;
    return Math.max(0, factor);
  };
}

export function cosineWithHardRestartsLambda(warmup: number, training: number, numCycles: number): LrCallable {
  return (step) => {
    if (step < warmup) return warmupRamp(step, warmup);
    const progress = (step - warmup) / Math.max(1, training - warmup);
    if (progress >= 1.0) return 0.0;
    return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * pyMod(numCycles * progress, 1.0))));
  };
}

export function polynomialDecayLambda(
  warmup: number,
  training: number,
  lrEnd: number,
  power: number,
  lrInit: number,
): LrCallable {
  return (step) => {
    if (step < warmup) return warmupRamp(step, warmup);
    if (step > training) return pyDiv(lrEnd, lrInit, 'lr');
    const lrRange = lrInit - lrEnd;
    const decaySteps = training - warmup;
    const pctRemaining = 1 - pyDiv(step - warmup, decaySteps, 'num_training_steps');
    const decay = lrRange * pctRemaining ** power + lrEnd;
    return pyDiv(decay, lrInit, 'lr');
  };
}

export function inverseSqrtLambda(warmup: number, timescale: number): LrCallable {
  return (step) => {
    if (step < warmup) return warmupRamp(step, warmup);
    const shift = timescale - warmup;
    return pyDiv(1.0, pySqrt(pyDiv(step + shift, timescale, 'timescale')), 'timescale');
  };
}

export function cosineWarmupWithMinLrLambda(
  warmup: number,
  training: number,
  numCycles: number,
  minLrRate: number,
  warmupLrRate: number | null,
): LrCallable {
  return (step) => {
    if (step < warmup) {
      if (warmupLrRate === null) return (step + 1) / Math.max(1, warmup);
      return warmupLrRate + ((1.0 - warmupLrRate) * step) / Math.max(1, warmup - 1);
    }
    const progress = (step - warmup + 1) / Math.max(1, training - warmup);
    let factor = 0.5 * (1.0 + Math.cos(Math.PI * numCycles * 2.0 * progress));
    factor = factor * (1 - minLrRate) + minLrRate;
    return Math.max(0, factor);
  };
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
  return (step) => {
    if (step < warmup) {
      const progress = step / Math.max(1, warmup);
      let factor =
        warmupType === 'linear'
          ? progress
          : warmupType === 'cosine'
            ? 0.5 * (1.0 - Math.cos(Math.PI * progress))
            : 1.0 - pySqrt(1.0 - progress);
      factor = factor * (1.0 - minLrRatio) + minLrRatio;
      return Math.max(0.0, factor);
    }
    if (step < warmup + stable) return 1.0;
    if (step < warmup + stable + decay) {
      const progress = (step - warmup - stable) / Math.max(1, decay);
      let factor =
        decayType === 'linear'
          ? 1.0 - progress
          : decayType === 'cosine'
            ? 0.5 * (1.0 + Math.cos(Math.PI * numCycles * 2.0 * progress))
            : 1.0 - pySqrt(progress);
      factor = factor * (1.0 - minLrRatio) + minLrRatio;
      return Math.max(0.0, factor);
    }
    return minLrRatio;
  };
}
