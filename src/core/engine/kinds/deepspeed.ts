/**
 * deepspeed.runtime.lr_schedules, from its engine file's tables (src/core/engine/deepspeed/lrSchedules.ts),
 * with each parameter's role and generator rule as lr_schedules.py's classes name them.
 */
import { DEEPSPEED_BUILDERS, DEEPSPEED_SIGNATURES } from '../deepspeed/lrSchedules';
import { fromTables, type ParamOptions } from './params';
import { choice, natFloat, natInt, posFloat, posInt, unitRange } from './roles';
import type { FamilyDescriptor, KindDescriptor, LengthContext } from './types';

const totalNumSteps = (c: LengthContext, fallback: number) => c.num('total_num_steps') ?? fallback;

const LENGTHS: Record<string, KindDescriptor['naturalLength']> = {
  'deepspeed.WarmupDecayLR': totalNumSteps,
  'deepspeed.WarmupCosineLR': totalNumSteps,
  'deepspeed.WarmupLR': (c, fallback) => Math.max(fallback, Math.ceil((c.num('warmup_num_steps') ?? 1000) * 1.25)),
  'deepspeed.OneCycle': (c) => {
    const first = c.num('cycle_first_step_size') ?? 2000;
    const second = c.num('cycle_second_step_size') ?? first;
    return Math.ceil((first + second) * 1.25);
  },
  'deepspeed.LRRangeTest': (c, fallback) => Math.max(fallback, (c.num('lr_range_test_step_size') ?? 2000) * 5),
};

const DECLS: Readonly<Record<string, ParamOptions>> = {
  total_num_steps: { role: 'runLength', rule: posInt },
  warmup_min_lr: { role: 'warmupLr', rule: natFloat },
  warmup_max_lr: { role: 'peakLr', rule: posFloat },
  warmup_num_steps: { role: 'warmup', rule: natInt },
  warmup_type: { rule: choice('log', 'linear') },
  warmup_min_ratio: { role: 'warmupFactor', rule: unitRange(false, false) },
  cos_min_ratio: { role: 'minRatio', rule: unitRange(false, false) },
  cycle_min_lr: { role: 'baseLr', rule: natFloat },
  cycle_max_lr: { role: 'peakLr', rule: posFloat },
  decay_lr_rate: { role: 'decay', rule: natFloat },
  cycle_first_step_size: { role: 'cycle', rule: posInt },
  cycle_second_step_size: { role: 'cycle', rule: posInt },
  cycle_first_stair_count: { rule: natInt },
  cycle_second_stair_count: { rule: natInt },
  decay_step_size: { role: 'period', rule: natInt },
  cycle_min_mom: { rule: natFloat },
  cycle_max_mom: { rule: natFloat },
  decay_mom_rate: { rule: natFloat },
  lr_range_test_min_lr: { role: 'baseLr', rule: posFloat },
  lr_range_test_step_size: { role: 'period', rule: posInt },
  lr_range_test_step_rate: { rule: posFloat },
};

export const DEEPSPEED: FamilyDescriptor<'deepspeed'> = {
  library: 'deepspeed',
  label: 'DeepSpeed',
  modules: /^deepspeed\.runtime\.lr_schedules$/,
  kindPrefix: 'deepspeed.',
  importFrom: () => 'deepspeed.runtime.lr_schedules',
  protocol: 'step',
  triggers: ['WarmupLR', 'WarmupDecayLR', 'WarmupCosineLR', 'OneCycle', 'LRRangeTest'],
  kinds: fromTables(
    DEEPSPEED_SIGNATURES,
    () => DEEPSPEED_BUILDERS,
    (kind) => ({
      ...(LENGTHS[kind] ? { naturalLength: LENGTHS[kind] } : {}),
      ...(kind === 'deepspeed.LRRangeTest' ? { notGenerated: 'LRRangeTest is a tuning run, not a training schedule' } : {}),
    }),
    (_kind, name) => DECLS[name],
  ),
};
