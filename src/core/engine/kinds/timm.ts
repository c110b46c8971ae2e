/**
 * timm.scheduler, from its engine file's tables (src/core/engine/timm/schedulers.ts), with each
 * parameter's role and generator rule as timm's own signatures name them
 * (timm/scheduler/{cosine_lr,tanh_lr,step_lr,multistep_lr,poly_lr,plateau_lr,scheduler_factory}.py).
 * Lengths are in the unit `t_in_epochs` says (epochs by default), as the run length timm is drawn in.
 */
import { TIMM_METRIC_KINDS, TIMM_SIGNATURES, timmBuilders } from '../timm/schedulers';
import { fromTables, type ParamOptions } from './params';
import { choice, intList, natFloat, natInt, posFloat, posInt } from './roles';
import type { FamilyDescriptor } from './types';

/** By parameter name, for every timm kind that has it. */
const DECLS: Readonly<Record<string, ParamOptions>> = {
  t_initial: { role: 'runLength', rule: posInt },
  lr_min: { role: 'minLr', rule: natFloat },
  cycle_mul: { role: 'multiplier', rule: posFloat },
  cycle_decay: { role: 'decay', rule: natFloat },
  cycle_limit: { rule: posInt },
  warmup_t: { role: 'warmup', rule: natInt },
  warmup_lr_init: { role: 'warmupLr', rule: natFloat },
  k_decay: { rule: posFloat },
  lb: { rule: { type: 'float' } },
  ub: { rule: { type: 'float' } },
  decay_rate: { role: 'decay', rule: posFloat },
  power: { role: 'power', rule: posFloat },
  patience_t: { rule: natInt },
  threshold: { rule: natFloat },
  cooldown_t: { rule: natInt },
  mode: { rule: choice('min', 'max') },
  // create_scheduler_v2 (scheduler_factory.py)
  sched: { rule: choice('cosine', 'tanh', 'step', 'multistep', 'plateau', 'poly') },
  num_epochs: { role: 'runLength', rule: posInt },
  decay_epochs: { role: 'period', rule: posInt },
  decay_milestones: { rule: intList },
  cooldown_epochs: { rule: natInt },
  patience_epochs: { rule: natInt },
  min_lr: { role: 'minLr', rule: natFloat },
  warmup_lr: { role: 'warmupLr', rule: natFloat },
  warmup_epochs: { role: 'warmup', rule: natInt },
  plateau_mode: { rule: choice('min', 'max') },
  updates_per_epoch: { role: 'stepsPerEpoch', rule: natInt },
};

export const TIMM: FamilyDescriptor<'timm'> = {
  library: 'timm',
  label: 'timm',
  modules: /^timm\.scheduler(\.(scheduler_factory|cosine_lr|tanh_lr|step_lr|multistep_lr|poly_lr|plateau_lr))?$/,
  kindPrefix: 'timm.',
  importFrom: () => 'timm.scheduler',
  protocol: 'timm',
  triggers: ['LRScheduler', 'create_scheduler'],
  kinds: fromTables(
    TIMM_SIGNATURES,
    timmBuilders,
    (kind) => ({
      ...(TIMM_METRIC_KINDS.has(kind) ? { metricDriven: true } : {}),
      ...(kind === 'timm.create_scheduler_v2'
        ? { metricDriven: (args: Readonly<Record<string, unknown>>) => args.sched === 'plateau', notGenerated: 'create_scheduler_v2 builds one of the classes the generator writes directly' }
        : {}),
    }),
    // StepLRScheduler's decay_t is one period; MultiStepLRScheduler's a list of epochs.
    (kind, name) => (name === 'decay_t' ? (kind === 'timm.MultiStepLRScheduler' ? { rule: intList } : { role: 'period', rule: posInt }) : DECLS[name]),
  ),
};
