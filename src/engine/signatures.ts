import { nameTable } from './dict';
import type { ArgValue } from './spec';
import type { FamilyLibrary } from './families';
import { DEEPSPEED_SIGNATURES } from './deepspeed/lrSchedules';
import { DIFFUSERS_SIGNATURES } from './diffusers/optimization';
import { TIMM_METRIC_KINDS, TIMM_SIGNATURES } from './timm/schedulers';

/**
 * Parameter lists of every scheduler the engine knows, in the library's positional order, with
 * their defaults. The analysis uses them to name positional arguments; the chart panel and the
 * generator use them to show every argument with its default.
 * `optimizer` is listed where the library takes it positionally, but never appears in a
 * ScheduleSpec's args (it is the OptimizerSpec).
 */
export interface ParameterInfo {
  name: string;
  /** Absent when the argument is required. `null` is Python's None. */
  default?: ArgValue;
}

export type Library = 'torch' | 'transformers' | FamilyLibrary;

export interface Signature {
  library: Library;
  params: ParameterInfo[];
  /** Accepts `**kwargs` passed through to another scheduler (get_reduce_on_plateau_schedule, …). */
  varKeywords?: boolean;
}

const req = (name: string): ParameterInfo => ({ name });
const opt = (name: string, def: ArgValue): ParameterInfo => ({ name, default: def });
const OPTIMIZER = req('optimizer');
const LAST_EPOCH = opt('last_epoch', -1);

const torch = (...params: ParameterInfo[]): Signature => ({ library: 'torch', params });
const hf = (...params: ParameterInfo[]): Signature => ({ library: 'transformers', params });

export const SIGNATURES: Readonly<Record<string, Signature>> = nameTable({
  LambdaLR: torch(OPTIMIZER, req('lr_lambda'), LAST_EPOCH),
  MultiplicativeLR: torch(OPTIMIZER, req('lr_lambda'), LAST_EPOCH),
  StepLR: torch(OPTIMIZER, req('step_size'), opt('gamma', 0.1), LAST_EPOCH),
  MultiStepLR: torch(OPTIMIZER, req('milestones'), opt('gamma', 0.1), LAST_EPOCH),
  ConstantLR: torch(OPTIMIZER, opt('factor', 1.0 / 3), opt('total_iters', 5), LAST_EPOCH),
  LinearLR: torch(OPTIMIZER, opt('start_factor', 1.0 / 3), opt('end_factor', 1.0), opt('total_iters', 5), LAST_EPOCH),
  ExponentialLR: torch(OPTIMIZER, req('gamma'), LAST_EPOCH),
  SequentialLR: torch(OPTIMIZER, req('schedulers'), req('milestones'), LAST_EPOCH),
  PolynomialLR: torch(OPTIMIZER, opt('total_iters', 5), opt('power', 1.0), LAST_EPOCH),
  CosineAnnealingLR: torch(OPTIMIZER, req('T_max'), opt('eta_min', 0.0), LAST_EPOCH),
  ChainedScheduler: torch(req('schedulers'), opt('optimizer', null)),
  ParamwiseScheduler: torch(req('schedulers')),
  ReduceLROnPlateau: torch(
    OPTIMIZER,
    opt('mode', 'min'),
    opt('factor', 0.1),
    opt('patience', 10),
    opt('threshold', 1e-4),
    opt('threshold_mode', 'rel'),
    opt('cooldown', 0),
    opt('min_lr', 0),
    opt('eps', 1e-8),
  ),
  CyclicLR: torch(
    OPTIMIZER,
    req('base_lr'),
    req('max_lr'),
    opt('step_size_up', 2000),
    opt('step_size_down', null),
    opt('mode', 'triangular'),
    opt('gamma', 1.0),
    opt('scale_fn', null),
    opt('scale_mode', 'cycle'),
    opt('cycle_momentum', true),
    opt('base_momentum', 0.8),
    opt('max_momentum', 0.9),
    LAST_EPOCH,
  ),
  CosineAnnealingWarmRestarts: torch(OPTIMIZER, req('T_0'), opt('T_mult', 1), opt('eta_min', 0.0), LAST_EPOCH),
  OneCycleLR: torch(
    OPTIMIZER,
    req('max_lr'),
    opt('total_steps', null),
    opt('epochs', null),
    opt('steps_per_epoch', null),
    opt('pct_start', 0.3),
    opt('anneal_strategy', 'cos'),
    opt('cycle_momentum', true),
    opt('base_momentum', 0.85),
    opt('max_momentum', 0.95),
    opt('div_factor', 25.0),
    opt('final_div_factor', 1e4),
    opt('three_phase', false),
    LAST_EPOCH,
  ),

  get_constant_schedule: hf(OPTIMIZER, LAST_EPOCH),
  get_constant_schedule_with_warmup: hf(OPTIMIZER, req('num_warmup_steps'), LAST_EPOCH),
  get_linear_schedule_with_warmup: hf(OPTIMIZER, req('num_warmup_steps'), req('num_training_steps'), LAST_EPOCH),
  get_cosine_schedule_with_warmup: hf(
    OPTIMIZER,
    req('num_warmup_steps'),
    req('num_training_steps'),
    opt('num_cycles', 0.5),
    LAST_EPOCH,
  ),
  get_cosine_with_hard_restarts_schedule_with_warmup: hf(
    OPTIMIZER,
    req('num_warmup_steps'),
    req('num_training_steps'),
    opt('num_cycles', 1),
    LAST_EPOCH,
  ),
  get_polynomial_decay_schedule_with_warmup: hf(
    OPTIMIZER,
    req('num_warmup_steps'),
    req('num_training_steps'),
    opt('lr_end', 1e-7),
    opt('power', 1.0),
    LAST_EPOCH,
  ),
  get_inverse_sqrt_schedule: hf(OPTIMIZER, req('num_warmup_steps'), opt('timescale', null), LAST_EPOCH),
  get_cosine_with_min_lr_schedule_with_warmup: hf(
    OPTIMIZER,
    req('num_warmup_steps'),
    req('num_training_steps'),
    opt('num_cycles', 0.5),
    LAST_EPOCH,
    opt('min_lr', null),
    opt('min_lr_rate', null),
  ),
  get_cosine_with_min_lr_schedule_with_warmup_lr_rate: hf(
    OPTIMIZER,
    req('num_warmup_steps'),
    req('num_training_steps'),
    opt('num_cycles', 0.5),
    LAST_EPOCH,
    opt('min_lr', null),
    opt('min_lr_rate', null),
    opt('warmup_lr_rate', null),
  ),
  get_wsd_schedule: hf(
    OPTIMIZER,
    req('num_warmup_steps'),
    req('num_decay_steps'),
    opt('num_training_steps', null),
    opt('num_stable_steps', null),
    opt('warmup_type', 'linear'),
    opt('decay_type', 'cosine'),
    opt('min_lr_ratio', 0),
    opt('num_cycles', 0.5),
    LAST_EPOCH,
  ),
  get_reduce_on_plateau_schedule: { library: 'transformers', params: [OPTIMIZER], varKeywords: true },
  get_greedy_schedule: { library: 'transformers', params: [OPTIMIZER], varKeywords: true },
  GreedyLR: hf(
    OPTIMIZER,
    opt('mode', 'min'),
    opt('factor', 0.95),
    opt('patience', 10),
    opt('threshold', 1e-6),
    opt('threshold_mode', 'abs'),
    opt('cooldown', 0),
    opt('warmup', 0),
    opt('min_lr', 1e-3),
    opt('max_lr', 1.0),
    opt('eps', 1e-8),
    opt('verbose', false),
    opt('smooth', false),
    opt('window_size', 50),
    opt('reset_start', 500),
  ),
  get_scheduler: hf(
    req('name'),
    OPTIMIZER,
    opt('num_warmup_steps', null),
    opt('num_training_steps', null),
    opt('scheduler_specific_kwargs', null),
  ),
  ...DIFFUSERS_SIGNATURES,
  ...TIMM_SIGNATURES,
  ...DEEPSPEED_SIGNATURES,
});

/** `get_scheduler` names (transformers' SchedulerType) and the function each one calls. */
export const SCHEDULER_TYPE_FUNCTIONS: Readonly<Record<string, string>> = nameTable({
  linear: 'get_linear_schedule_with_warmup',
  cosine: 'get_cosine_schedule_with_warmup',
  cosine_with_restarts: 'get_cosine_with_hard_restarts_schedule_with_warmup',
  polynomial: 'get_polynomial_decay_schedule_with_warmup',
  constant: 'get_constant_schedule',
  constant_with_warmup: 'get_constant_schedule_with_warmup',
  inverse_sqrt: 'get_inverse_sqrt_schedule',
  reduce_lr_on_plateau: 'get_reduce_on_plateau_schedule',
  cosine_with_min_lr: 'get_cosine_with_min_lr_schedule_with_warmup',
  cosine_warmup_with_min_lr: 'get_cosine_with_min_lr_schedule_with_warmup_lr_rate',
  warmup_stable_decay: 'get_wsd_schedule',
  greedy: 'get_greedy_schedule',
});

/** Kinds whose step() takes a metric. */
export const METRIC_DRIVEN_KINDS: ReadonlySet<string> = new Set([
  'ReduceLROnPlateau',
  'GreedyLR',
  'get_reduce_on_plateau_schedule',
  'get_greedy_schedule',
  ...TIMM_METRIC_KINDS,
]);

export function isKnownKind(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(SIGNATURES, kind);
}
