/**
 * diffusers.optimization, from its engine file's tables (src/core/engine/diffusers/optimization.ts),
 * with each parameter's role and generator rule as diffusers' optimization.py names them.
 */
import { DIFFUSERS_SCHEDULER_TYPES, DIFFUSERS_SIGNATURES, diffusersBuilders } from '../diffusers/optimization';
import { fiveWarmups, fromTables, type ParamOptions } from './params';
import { choice, natFloat, natInt, posFloat, posInt, unitRange } from './roles';
import type { FamilyDescriptor } from './types';

const DECLS: Readonly<Record<string, ParamOptions>> = {
  num_warmup_steps: { role: 'warmup', rule: natInt },
  num_training_steps: { role: 'runLength', rule: posInt },
  num_cycles: { rule: posFloat },
  lr_end: { rule: natFloat },
  power: { role: 'power', rule: posFloat },
  f_min: { rule: unitRange(false, false) },
  f_max: { rule: unitRange(false, false) },
  step_rules: { rule: { type: 'text' } },
  // piecewise_constant needs step_rules: the generator writes it as its own entry.
  name: { rule: choice(...Object.keys(DIFFUSERS_SCHEDULER_TYPES).filter((n) => n !== 'piecewise_constant')) },
};

export const DIFFUSERS: FamilyDescriptor<'diffusers'> = {
  library: 'diffusers',
  label: 'Diffusers',
  modules: /^diffusers(\.optimization)?$/,
  kindPrefix: 'diffusers.',
  importFrom: () => 'diffusers.optimization',
  protocol: 'step',
  triggers: ['get_scheduler', '_schedule'],
  kinds: fromTables(
    DIFFUSERS_SIGNATURES,
    diffusersBuilders,
    (kind) => ({
      ...(/warmup/.test(kind) ? { naturalLength: fiveWarmups } : {}),
      ...(/hard_restarts/.test(kind) ? { cyclic: true } : {}),
    }),
    (_kind, name) => DECLS[name],
  ),
};
