/**
 * What a parameter is, for the values the code leaves unknown: each role's assumed value (scaled
 * by the run length the analysis assumes) and the reason shown with it. And the generator's rule
 * presets the descriptors use. Pure.
 */
import type { ParamRule } from './types';

export type ParamRole =
  | 'runLength'
  | 'warmup'
  | 'period'
  | 'cycle'
  | 'epochs'
  | 'stepsPerEpoch'
  | 'decay'
  | 'stepDecay'
  | 'peakLr'
  | 'lr'
  | 'baseLr'
  | 'minLr'
  | 'warmupLr'
  | 'minRatio'
  | 'warmupFactor'
  | 'endFactor'
  | 'multiplier'
  | 'power'
  | 'fraction';

export interface RunDefaults {
  runLength: number;
}

const tenth = (d: RunDefaults) => Math.max(1, Math.round(d.runLength / 10));

/** The value assumed for an unknown argument of each role, and why (the reasons are translated: ASSUMPTION_REASONS). */
export const ROLE_ASSUMPTIONS: Readonly<Record<ParamRole, (d: RunDefaults) => { value: number; reason: string }>> = {
  runLength: (d) => ({ value: d.runLength, reason: 'run length unknown' }),
  // As for num_warmup_steps: a tenth of the run (0 would divide by zero in `step / warmup_steps`).
  warmup: (d) => ({ value: Math.round(d.runLength / 10), reason: 'warm-up length unknown' }),
  period: (d) => ({ value: Math.max(1, Math.round(d.runLength / 3)), reason: 'period unknown' }),
  cycle: (d) => ({ value: tenth(d), reason: 'cycle length unknown' }),
  epochs: () => ({ value: 10, reason: 'number of epochs unknown' }),
  stepsPerEpoch: (d) => ({ value: tenth(d), reason: 'batches per epoch unknown' }),
  decay: () => ({ value: 0.1, reason: 'decay factor unknown' }),
  stepDecay: () => ({ value: 0.95, reason: 'decay factor unknown' }),
  peakLr: () => ({ value: 0.01, reason: 'peak lr unknown' }),
  lr: () => ({ value: 0.001, reason: 'learning rate unknown' }),
  baseLr: () => ({ value: 0.001, reason: 'base lr unknown' }),
  minLr: () => ({ value: 0, reason: 'minimum lr unknown' }),
  // timm's warmup_lr_init and DeepSpeed's warmup_min_lr default to 0.
  warmupLr: () => ({ value: 0, reason: 'warm-up start lr unknown' }),
  // A floor as a fraction of the lr (DeepSpeed's cos_min_ratio), as guessDefault's min_lr_ratio.
  minRatio: () => ({ value: 0.01, reason: 'final lr fraction unknown' }),
  // torch's defaults (LinearLR, ConstantLR).
  warmupFactor: () => ({ value: 1 / 3, reason: 'warm-up factor unknown' }),
  endFactor: () => ({ value: 1, reason: 'end factor unknown' }),
  multiplier: () => ({ value: 1, reason: 'period multiplier unknown' }),
  power: () => ({ value: 1, reason: 'power unknown' }),
  fraction: () => ({ value: 0.3, reason: 'warm-up fraction unknown' }),
};

/** Names that are one thing whatever they are passed to (a dict key such as a config's `lr`). */
export const NAMED_ROLES: Readonly<Record<string, ParamRole>> = { lr: 'lr' };

export const posInt: ParamRule = { type: 'int', min: 1 };
export const natInt: ParamRule = { type: 'int', min: 0 };
export const posFloat: ParamRule = { type: 'float', min: 0, minExclusive: true };
export const natFloat: ParamRule = { type: 'float', min: 0 };
export const unitRange = (minExclusive: boolean, maxExclusive: boolean): ParamRule => ({ type: 'float', min: 0, max: 1, minExclusive, maxExclusive });
export const choice = (...choices: string[]): ParamRule => ({ type: 'choice', choices });
export const intList: ParamRule = { type: 'intList', min: 1 };
