/** deepspeed.runtime.lr_schedules, from its engine file's tables (src/core/engine/deepspeed/lrSchedules.ts). */
import { DEEPSPEED_BUILDERS, DEEPSPEED_SIGNATURES } from '../deepspeed/lrSchedules';
import { fromTables } from './params';
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

export const DEEPSPEED: FamilyDescriptor<'deepspeed'> = {
  library: 'deepspeed',
  label: 'DeepSpeed',
  modules: /^deepspeed\.runtime\.lr_schedules$/,
  kindPrefix: 'deepspeed.',
  protocol: 'step',
  triggers: ['WarmupLR', 'WarmupDecayLR', 'WarmupCosineLR', 'OneCycle', 'LRRangeTest'],
  kinds: fromTables(DEEPSPEED_SIGNATURES, () => DEEPSPEED_BUILDERS, (kind) => ({
    ...(LENGTHS[kind] ? { naturalLength: LENGTHS[kind] } : {}),
    notGenerated: 'deepspeed schedules are not generated yet',
  })),
};
