/** timm.scheduler, from its engine file's tables (src/core/engine/timm/schedulers.ts). */
import { TIMM_METRIC_KINDS, TIMM_SIGNATURES, timmBuilders } from '../timm/schedulers';
import { fromTables } from './params';
import type { FamilyDescriptor } from './types';

export const TIMM: FamilyDescriptor<'timm'> = {
  library: 'timm',
  label: 'timm',
  modules: /^timm\.scheduler(\.(scheduler_factory|cosine_lr|tanh_lr|step_lr|multistep_lr|poly_lr|plateau_lr))?$/,
  kindPrefix: 'timm.',
  protocol: 'timm',
  triggers: ['LRScheduler', 'create_scheduler'],
  kinds: fromTables(TIMM_SIGNATURES, timmBuilders, (kind) => ({
    ...(TIMM_METRIC_KINDS.has(kind) ? { metricDriven: true } : {}),
    ...(kind === 'timm.create_scheduler_v2' ? { metricDriven: (args: Readonly<Record<string, unknown>>) => args.sched === 'plateau' } : {}),
    notGenerated: 'timm schedules are not generated yet',
  })),
};
