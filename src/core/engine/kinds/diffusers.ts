/** diffusers.optimization, from its engine file's tables (src/core/engine/diffusers/optimization.ts). */
import { DIFFUSERS_SIGNATURES, diffusersBuilders } from '../diffusers/optimization';
import { fiveWarmups, fromTables } from './params';
import type { FamilyDescriptor } from './types';

export const DIFFUSERS: FamilyDescriptor<'diffusers'> = {
  library: 'diffusers',
  label: 'Diffusers',
  modules: /^diffusers(\.optimization)?$/,
  kindPrefix: 'diffusers.',
  protocol: 'step',
  triggers: ['get_scheduler', '_schedule'],
  kinds: fromTables(DIFFUSERS_SIGNATURES, diffusersBuilders, (kind) => ({
    ...(/warmup/.test(kind) ? { naturalLength: fiveWarmups } : {}),
    ...(/hard_restarts/.test(kind) ? { cyclic: true } : {}),
    notGenerated: 'diffusers schedules are not generated yet',
  })),
};
