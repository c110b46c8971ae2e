import { Args } from './args';
import { ownMessage } from '../l10n/translate';
import { valueError } from './errors';
import type { SimOptimizer } from './optimizer';
import { pyRepr } from './pyMath';
import { SCHEDULER_TYPE_FUNCTIONS } from './signatures';
import type { ScheduleSpec } from './spec';
import { ChainedScheduler, ParamwiseScheduler, SequentialLR } from './torch/composites';
import { CosineAnnealingLR } from './torch/cosineAnnealingLR';
import { CosineAnnealingWarmRestarts } from './torch/cosineAnnealingWarmRestarts';
import { CyclicLR } from './torch/cyclicLR';
import { LambdaLR, MultiplicativeLR } from './torch/lambdaLR';
import type { Steppable } from './torch/lrScheduler';
import { OneCycleLR } from './torch/oneCycleLR';
import { PolynomialLR } from './torch/polynomialLR';
import { ReduceLROnPlateau } from './torch/reduceLROnPlateau';
import { ExponentialLR, MultiStepLR, StepLR } from './torch/stepDecay';
import { ConstantLR, LinearLR } from './torch/warmupFactors';
import { GreedyLR } from './transformers/greedyLR';
import * as hf from './transformers/lambdas';
import { nameTable } from './dict';
import { DEEPSPEED_BUILDERS } from './deepspeed/lrSchedules';
import { diffusersBuilders } from './diffusers/optimization';
import { timmBuilders } from './timm/schedulers';
import type { ArgValue } from './spec';
import { bareKind } from './families';

type Builder = (opt: SimOptimizer, a: Args) => Steppable;

const lastEpoch = (a: Args) => a.integer('last_epoch');
const lambda = (opt: SimOptimizer, fn: ReturnType<typeof hf.linearWithWarmupLambda>, a: Args) =>
  new LambdaLR(opt, new Array(opt.groups.length).fill(fn), lastEpoch(a));

const children = (opt: SimOptimizer, a: Args) => a.scheduleList('schedulers').map((s) => construct(s, opt));

function positive(a: Args, name: string, integer = false): number {
  const v = integer ? a.integer(name) : a.number(name);
  if (v <= 0) throw valueError(ownMessage('{0} must be positive, got {1}', name, pyRepr(v)), name);
  return v;
}

const plateau = (opt: SimOptimizer, a: Args) =>
  new ReduceLROnPlateau(opt, {
    mode: a.string('mode'),
    factor: a.number('factor'),
    patience: a.number('patience'),
    threshold: a.number('threshold'),
    thresholdMode: a.string('threshold_mode'),
    cooldown: a.number('cooldown'),
    minLrs: minLrList(a, 'min_lr', opt.groups.length, 'min_lrs'),
    eps: a.number('eps'),
  });

function minLrList(a: Args, name: string, groups: number, plural: string): number[] {
  const v = a.raw(name);
  if (Array.isArray(v) && v.length !== groups) throw valueError(`expected ${groups} ${plural}, got ${v.length}`, name);
  return a.perGroupNumbers(name, groups);
}

const greedy = (opt: SimOptimizer, a: Args) =>
  new GreedyLR(opt, {
    mode: a.string('mode'),
    factor: a.number('factor'),
    patience: a.number('patience'),
    threshold: a.number('threshold'),
    thresholdMode: a.string('threshold_mode'),
    cooldown: a.number('cooldown'),
    warmup: a.number('warmup'),
    minLrs: minLrList(a, 'min_lr', opt.groups.length, 'min_lrs'),
    maxLrs: minLrList(a, 'max_lr', opt.groups.length, 'max_lrs'),
    eps: a.number('eps'),
    smooth: a.bool('smooth'),
    windowSize: positive(a, 'window_size', true),
    resetStart: a.number('reset_start'),
  });

/** `min_lr` or `min_lr_rate` → min_lr_rate, with transformers' own errors. */
function minLrRate(opt: SimOptimizer, a: Args): number {
  const minLr = a.optionalNumber('min_lr');
  const rate = a.optionalNumber('min_lr_rate');
  if (minLr !== null && rate !== null) throw valueError('Only one of min_lr or min_lr_rate should be set', 'min_lr');
  if (minLr !== null) return minLr / opt.defaultLr;
  if (rate === null) {
    throw valueError('One of min_lr or min_lr_rate should be set through the `lr_scheduler_kwargs`', 'min_lr');
  }
  return rate;
}

const WSD_SHAPES = ['linear', 'cosine', '1-sqrt'];

const BUILDERS: Record<string, Builder> = nameTable({
  LambdaLR: (opt, a) => new LambdaLR(opt, a.perGroupCallables('lr_lambda', opt.groups.length), lastEpoch(a)),
  MultiplicativeLR: (opt, a) =>
    new MultiplicativeLR(opt, a.perGroupCallables('lr_lambda', opt.groups.length), lastEpoch(a)),
  StepLR: (opt, a) => new StepLR(opt, a.number('step_size'), a.number('gamma'), lastEpoch(a)),
  MultiStepLR: (opt, a) => new MultiStepLR(opt, a.numberList('milestones'), a.number('gamma'), lastEpoch(a)),
  ConstantLR: (opt, a) => new ConstantLR(opt, a.number('factor'), a.number('total_iters'), lastEpoch(a)),
  LinearLR: (opt, a) =>
    new LinearLR(opt, a.number('start_factor'), a.number('end_factor'), a.number('total_iters'), lastEpoch(a)),
  ExponentialLR: (opt, a) => new ExponentialLR(opt, a.number('gamma'), lastEpoch(a)),
  PolynomialLR: (opt, a) => new PolynomialLR(opt, a.number('total_iters'), a.number('power'), lastEpoch(a)),
  CosineAnnealingLR: (opt, a) => new CosineAnnealingLR(opt, a.number('T_max'), a.number('eta_min'), lastEpoch(a)),
  CosineAnnealingWarmRestarts: (opt, a) =>
    new CosineAnnealingWarmRestarts(opt, a.number('T_0'), a.number('T_mult'), a.number('eta_min'), lastEpoch(a), {
      t0: a.isFloat('T_0'),
      tMult: a.isFloat('T_mult'),
    }),
  CyclicLR: (opt, a) => {
    const n = opt.groups.length;
    const cycleMomentum = a.bool('cycle_momentum');
    return new CyclicLR(opt, {
      baseLrs: a.perGroupNumbers('base_lr', n),
      maxLrs: a.perGroupNumbers('max_lr', n),
      stepSizeUp: a.number('step_size_up'),
      stepSizeDown: a.optionalNumber('step_size_down'),
      mode: a.string('mode'),
      gamma: a.number('gamma'),
      scaleFn: a.optionalCallable('scale_fn'),
      scaleMode: a.string('scale_mode'),
      cycleMomentum,
      baseMomentums: cycleMomentum ? a.perGroupNumbers('base_momentum', n) : [],
      maxMomentums: cycleMomentum ? a.perGroupNumbers('max_momentum', n) : [],
      lastEpoch: lastEpoch(a),
    });
  },
  OneCycleLR: (opt, a) => {
    const n = opt.groups.length;
    const cycleMomentum = a.bool('cycle_momentum');
    return new OneCycleLR(opt, {
      maxLrs: a.perGroupNumbers('max_lr', n),
      totalSteps: a.optionalNumber('total_steps'),
      floats: new Set(['total_steps', 'epochs', 'steps_per_epoch'].filter((n) => a.isFloat(n))),
      epochs: a.optionalNumber('epochs'),
      stepsPerEpoch: a.optionalNumber('steps_per_epoch'),
      pctStart: a.number('pct_start'),
      annealStrategy: a.string('anneal_strategy'),
      cycleMomentum,
      baseMomentums: cycleMomentum ? a.perGroupNumbers('base_momentum', n) : [],
      maxMomentums: cycleMomentum ? a.perGroupNumbers('max_momentum', n) : [],
      divFactor: a.number('div_factor'),
      finalDivFactor: a.number('final_div_factor'),
      threePhase: a.bool('three_phase'),
      lastEpoch: lastEpoch(a),
    });
  },
  SequentialLR: (opt, a) => new SequentialLR(opt, children(opt, a), a.numberList('milestones'), lastEpoch(a)),
  ChainedScheduler: (opt, a) => new ChainedScheduler(opt, children(opt, a)),
  ParamwiseScheduler: (opt, a) => new ParamwiseScheduler(opt, children(opt, a)),
  ReduceLROnPlateau: plateau,

  get_constant_schedule: (opt, a) => lambda(opt, hf.constantLambda, a),
  get_constant_schedule_with_warmup: (opt, a) => lambda(opt, hf.constantWithWarmupLambda(a.number('num_warmup_steps')), a),
  get_linear_schedule_with_warmup: (opt, a) =>
    lambda(opt, hf.linearWithWarmupLambda(a.number('num_warmup_steps'), a.number('num_training_steps')), a),
  get_cosine_schedule_with_warmup: (opt, a) =>
    lambda(
      opt,
      hf.cosineWithWarmupLambda(a.number('num_warmup_steps'), a.number('num_training_steps'), a.number('num_cycles')),
      a,
    ),
  get_cosine_with_hard_restarts_schedule_with_warmup: (opt, a) =>
    lambda(
      opt,
      hf.cosineWithHardRestartsLambda(a.number('num_warmup_steps'), a.number('num_training_steps'), a.number('num_cycles')),
      a,
    ),
  get_polynomial_decay_schedule_with_warmup: (opt, a) => {
    const lrInit = opt.defaultLr;
    const lrEnd = a.number('lr_end');
    if (!(lrInit > lrEnd)) {
      throw valueError(`lr_end (${pyRepr(lrEnd)}) must be smaller than initial lr (${pyRepr(lrInit)})`, 'lr_end');
    }
    const fn = hf.polynomialDecayLambda(
      a.number('num_warmup_steps'),
      a.number('num_training_steps'),
      lrEnd,
      a.number('power'),
      lrInit,
    );
    return lambda(opt, fn, a);
  },
  get_inverse_sqrt_schedule: (opt, a) => {
    const warmup = a.number('num_warmup_steps');
    const timescale = a.optionalNumber('timescale') ?? (warmup || 10_000);
    return lambda(opt, hf.inverseSqrtLambda(warmup, timescale), a);
  },
  get_cosine_with_min_lr_schedule_with_warmup: (opt, a) => {
    const rate = minLrRate(opt, a);
    const fn = hf.cosineWithWarmupLambda(
      a.number('num_warmup_steps'),
      a.number('num_training_steps'),
      a.number('num_cycles'),
      rate,
    );
    return lambda(opt, fn, a);
  },
  get_cosine_with_min_lr_schedule_with_warmup_lr_rate: (opt, a) => {
    const rate = minLrRate(opt, a);
    const fn = hf.cosineWarmupWithMinLrLambda(
      a.number('num_warmup_steps'),
      a.number('num_training_steps'),
      a.number('num_cycles'),
      rate,
      a.optionalNumber('warmup_lr_rate'),
    );
    return lambda(opt, fn, a);
  },
  get_wsd_schedule: (opt, a) => {
    const training = a.optionalNumber('num_training_steps');
    let stable = a.optionalNumber('num_stable_steps');
    if (training === null && stable === null) {
      throw valueError('Either num_training_steps or num_stable_steps must be specified.', 'num_training_steps');
    }
    const warmupType = a.string('warmup_type');
    const decayType = a.string('decay_type');
    if (!WSD_SHAPES.includes(warmupType)) {
      throw valueError(`Unknown warmup type: ${warmupType}, expected 'linear', 'cosine' or '1-sqrt'`, 'warmup_type');
    }
    if (!WSD_SHAPES.includes(decayType)) {
      throw valueError(`Unknown decay type: ${decayType}, expected 'linear', 'cosine' or '1-sqrt'`, 'decay_type');
    }
    const warmup = a.number('num_warmup_steps');
    const decay = a.number('num_decay_steps');
    if (stable === null) stable = (training as number) - warmup - decay;
    const fn = hf.wsdLambda(
      warmup,
      stable,
      decay,
      warmupType as hf.WsdShape,
      decayType as hf.WsdShape,
      a.number('min_lr_ratio'),
      a.number('num_cycles'),
    );
    return lambda(opt, fn, a);
  },
  get_reduce_on_plateau_schedule: (opt, a) => plateau(opt, a),
  get_greedy_schedule: (opt, a) => greedy(opt, a),
  GreedyLR: greedy,
  get_scheduler: (opt, a) => getScheduler(opt, a),
  ...diffusersBuilders((kind, args, opt) => constructArgs(kind, args, opt)),
  ...timmBuilders((kind, args, opt) => constructArgs(kind, args, opt)),
  ...DEEPSPEED_BUILDERS,
});

/** A family's factory handing on to one of its kinds (diffusers' get_scheduler, timm's create_scheduler_v2). */
function constructArgs(kind: string, args: Record<string, ArgValue>, opt: SimOptimizer): Steppable {
  return construct({ kind, args }, opt);
}

/** Keyword arguments forwarded by `**kwargs` to another scheduler (plateau, greedy). */
const FORWARDS_KWARGS: Record<string, string> = nameTable({
  get_reduce_on_plateau_schedule: 'ReduceLROnPlateau',
  get_greedy_schedule: 'GreedyLR',
});

/**
 * transformers' `get_scheduler`: which arguments reach which function is uneven, and this is
 * exactly it (constant gets nothing, constant_with_warmup only the warm-up, inverse_sqrt and wsd no
 * num_training_steps check, plateau and greedy only scheduler_specific_kwargs).
 */
function getScheduler(opt: SimOptimizer, a: Args): Steppable {
  const name = a.string('name');
  const fn = SCHEDULER_TYPE_FUNCTIONS[name];
  if (!fn) {
    throw valueError(
      `${name} is not a valid SchedulerType, please select one of ${Object.keys(SCHEDULER_TYPE_FUNCTIONS)
        .map((k) => `'${k}'`)
        .join(', ')}`,
      'name',
    );
  }
  if (name === 'constant') return construct({ kind: fn, args: {} }, opt);
  const kwargs = a.dict('scheduler_specific_kwargs');
  if (name === 'reduce_lr_on_plateau' || name === 'greedy') return construct({ kind: fn, args: kwargs }, opt);
  const warmup = a.raw('num_warmup_steps');
  if (warmup === null) throw valueError(`${name} requires \`num_warmup_steps\`, please provide that argument.`, 'num_warmup_steps');
  if (name === 'constant_with_warmup') return construct({ kind: fn, args: { num_warmup_steps: warmup } }, opt);
  if (name === 'inverse_sqrt') return construct({ kind: fn, args: { num_warmup_steps: warmup, ...kwargs } }, opt);
  const training = a.raw('num_training_steps');
  if (name === 'warmup_stable_decay') {
    return construct({ kind: fn, args: { num_warmup_steps: warmup, num_training_steps: training, ...kwargs } }, opt);
  }
  if (training === null) {
    throw valueError(`${name} requires \`num_training_steps\`, please provide that argument.`, 'num_training_steps');
  }
  return construct({ kind: fn, args: { num_warmup_steps: warmup, num_training_steps: training, ...kwargs } }, opt);
}

/** Constructs the scheduler `spec` describes on `optimizer`, mutating it as the library does. */
export function construct(spec: ScheduleSpec, optimizer: SimOptimizer): Steppable {
  const builder = BUILDERS[spec.kind];
  if (!builder) throw valueError(ownMessage("LR Lens does not know the scheduler '{0}'", spec.kind));
  const forwardTo = FORWARDS_KWARGS[spec.kind];
  const bare = bareKind(spec.kind);
  const callName = bare !== spec.kind ? (/^[A-Z]/.test(bare) ? `${bare}.__init__()` : `${bare}()`) : undefined;
  const args = forwardTo ? new Args(forwardTo, spec.args, `${spec.kind}()`, spec.floats) : new Args(spec.kind, spec.args, callName, spec.floats);
  return builder(optimizer, args);
}
