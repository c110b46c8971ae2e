/**
 * transformers' schedules (optimization.py): the get_*_schedule functions, GreedyLR and
 * get_scheduler by name, one descriptor each (lambdas in src/core/engine/transformers).
 */
import { msg, ownMessage } from '../../l10n/translate';
import type { Args } from '../args';
import { valueError } from '../errors';
import type { SimOptimizer } from '../optimizer';
import { pyRepr } from '../pyMath';
import type { ScheduleSpec } from '../spec';
import { LambdaLR } from '../torch/lambdaLR';
import type { Steppable } from '../torch/lrScheduler';
import { GreedyLR } from '../transformers/greedyLR';
import * as hf from '../transformers/lambdas';
import { nameTable } from '../dict';
import { choice, natFloat, natInt, posFloat, posInt, unitRange } from './roles';
import { LAST_EPOCH, OPTIMIZER, fiveWarmups, minLrList, opt, req } from './params';
import { plateau } from './torch';
import type { FamilyDescriptor, KindDescriptor, ParamDecl } from './types';

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

const lastEpoch = (a: Args) => a.integer('last_epoch');
const lambda = (opt: SimOptimizer, fn: ReturnType<typeof hf.linearWithWarmupLambda>, a: Args) =>
  new LambdaLR(opt, new Array(opt.groups.length).fill(fn), lastEpoch(a));

function positive(a: Args, name: string, integer = false): number {
  const v = integer ? a.integer(name) : a.number(name);
  if (v <= 0) throw valueError(ownMessage('{0} must be positive, got {1}', name, pyRepr(v)), name);
  return v;
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

const WARMUP = req('num_warmup_steps', { role: 'warmup', rule: natInt });
const TRAINING = req('num_training_steps', { role: 'runLength', rule: posInt });
const cycles = (def: number) => opt('num_cycles', def, { rule: posFloat });
const MIN_LR_RATE = opt('min_lr_rate', null, { rule: unitRange(false, false) });

export const GREEDY_PARAMS: readonly ParamDecl[] = [
  OPTIMIZER,
  opt('mode', 'min', { rule: choice('min', 'max') }),
  opt('factor', 0.95, { role: 'warmupFactor', rule: unitRange(true, true) }),
  opt('patience', 10, { rule: natInt }),
  opt('threshold', 1e-6, { rule: natFloat }),
  opt('threshold_mode', 'abs', { rule: choice('rel', 'abs') }),
  opt('cooldown', 0, { rule: natInt }),
  opt('warmup', 0),
  opt('min_lr', 1e-3, { role: 'minLr', rule: natFloat }),
  opt('max_lr', 1.0, { role: 'peakLr', rule: posFloat }),
  opt('eps', 1e-8),
  opt('verbose', false),
  opt('smooth', false),
  opt('window_size', 50),
  opt('reset_start', 500),
];

export const TRANSFORMERS_KINDS: KindDescriptor[] = [
  {
    kind: 'get_constant_schedule',
    params: [OPTIMIZER, LAST_EPOCH],
    importFrom: 'transformers',
    build: (opt, a) => lambda(opt, hf.constantLambda, a),
  },
  {
    kind: 'get_constant_schedule_with_warmup',
    params: [OPTIMIZER, WARMUP, LAST_EPOCH],
    importFrom: 'transformers',
    build: (opt, a) => lambda(opt, hf.constantWithWarmupLambda(a.number('num_warmup_steps')), a),
    naturalLength: fiveWarmups,
  },
  {
    kind: 'get_linear_schedule_with_warmup',
    params: [OPTIMIZER, WARMUP, TRAINING, LAST_EPOCH],
    importFrom: 'transformers',
    build: (opt, a) => lambda(opt, hf.linearWithWarmupLambda(a.number('num_warmup_steps'), a.number('num_training_steps')), a),
    naturalLength: fiveWarmups,
  },
  {
    kind: 'get_cosine_schedule_with_warmup',
    params: [OPTIMIZER, WARMUP, TRAINING, cycles(0.5), LAST_EPOCH],
    importFrom: 'transformers',
    build: (opt, a) =>
      lambda(opt, hf.cosineWithWarmupLambda(a.number('num_warmup_steps'), a.number('num_training_steps'), a.number('num_cycles')), a),
    naturalLength: fiveWarmups,
  },
  {
    kind: 'get_cosine_with_hard_restarts_schedule_with_warmup',
    params: [OPTIMIZER, WARMUP, TRAINING, cycles(1), LAST_EPOCH],
    importFrom: 'transformers',
    build: (opt, a) =>
      lambda(opt, hf.cosineWithHardRestartsLambda(a.number('num_warmup_steps'), a.number('num_training_steps'), a.number('num_cycles')), a),
    cyclic: true,
    naturalLength: fiveWarmups,
    markers: (c) => {
      const w = c.warmup ?? 0;
      const t = c.num('num_training_steps');
      const n = c.num('num_cycles') ?? 1;
      if (t !== null && n >= 1) for (let i = 1; i < n && i < 200; i++) c.add(w + (i * (t - w)) / n, 'restart', msg('restart'));
    },
  },
  {
    kind: 'get_polynomial_decay_schedule_with_warmup',
    params: [OPTIMIZER, WARMUP, TRAINING, opt('lr_end', 1e-7, { rule: natFloat }), opt('power', 1.0, { role: 'power', rule: posFloat }), LAST_EPOCH],
    importFrom: 'transformers',
    build: (opt, a) => {
      const lrInit = opt.defaultLr;
      const lrEnd = a.number('lr_end');
      if (!(lrInit > lrEnd)) {
        throw valueError(`lr_end (${pyRepr(lrEnd)}) must be smaller than initial lr (${pyRepr(lrInit)})`, 'lr_end');
      }
      const fn = hf.polynomialDecayLambda(a.number('num_warmup_steps'), a.number('num_training_steps'), lrEnd, a.number('power'), lrInit);
      return lambda(opt, fn, a);
    },
    naturalLength: fiveWarmups,
  },
  {
    kind: 'get_inverse_sqrt_schedule',
    params: [OPTIMIZER, WARMUP, opt('timescale', null, { rule: posInt }), LAST_EPOCH],
    importFrom: 'transformers',
    build: (opt, a) => {
      const warmup = a.number('num_warmup_steps');
      const timescale = a.optionalNumber('timescale') ?? (warmup || 10_000);
      return lambda(opt, hf.inverseSqrtLambda(warmup, timescale), a);
    },
  },
  {
    kind: 'get_cosine_with_min_lr_schedule_with_warmup',
    params: [OPTIMIZER, WARMUP, TRAINING, cycles(0.5), LAST_EPOCH, opt('min_lr', null, { role: 'minLr', rule: natFloat }), MIN_LR_RATE],
    build: (opt, a) => {
      const rate = minLrRate(opt, a);
      return lambda(opt, hf.cosineWithWarmupLambda(a.number('num_warmup_steps'), a.number('num_training_steps'), a.number('num_cycles'), rate), a);
    },
    naturalLength: fiveWarmups,
  },
  {
    kind: 'get_cosine_with_min_lr_schedule_with_warmup_lr_rate',
    params: [
      OPTIMIZER,
      WARMUP,
      TRAINING,
      cycles(0.5),
      LAST_EPOCH,
      opt('min_lr', null, { role: 'minLr', rule: natFloat }),
      MIN_LR_RATE,
      opt('warmup_lr_rate', null),
    ],
    build: (opt, a) => {
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
    naturalLength: fiveWarmups,
  },
  {
    kind: 'get_wsd_schedule',
    params: [
      OPTIMIZER,
      WARMUP,
      req('num_decay_steps', { role: 'period', rule: posInt }),
      opt('num_training_steps', null, { role: 'runLength', rule: posInt }),
      opt('num_stable_steps', null),
      opt('warmup_type', 'linear', { rule: choice('linear', 'cosine', '1-sqrt') }),
      opt('decay_type', 'cosine', { rule: choice('linear', 'cosine', '1-sqrt') }),
      opt('min_lr_ratio', 0, { rule: unitRange(false, false) }),
      cycles(0.5),
      LAST_EPOCH,
    ],
    importFrom: 'transformers',
    build: (opt, a) => {
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
      const fn = hf.wsdLambda(warmup, stable, decay, warmupType as hf.WsdShape, decayType as hf.WsdShape, a.number('min_lr_ratio'), a.number('num_cycles'));
      return lambda(opt, fn, a);
    },
    naturalLength: (c, fallback) => {
      const t = c.num('num_training_steps');
      if (t) return t;
      const w = c.num('num_warmup_steps') ?? 0;
      const s = c.num('num_stable_steps') ?? 0;
      const d = c.num('num_decay_steps') ?? 0;
      return w + s + d || fallback;
    },
    markers: (c) => {
      const w = c.warmup ?? 0;
      const t = c.num('num_training_steps');
      const d = c.num('num_decay_steps');
      const stable = c.num('num_stable_steps');
      c.add(stable !== null ? w + stable : t !== null && d !== null ? t - d : null, 'milestone', msg('decay start'));
    },
  },
  {
    kind: 'get_reduce_on_plateau_schedule',
    params: [OPTIMIZER],
    varKeywords: true,
    forwardsTo: 'ReduceLROnPlateau',
    build: plateau,
    metricDriven: true,
  },
  {
    kind: 'get_greedy_schedule',
    params: [OPTIMIZER],
    varKeywords: true,
    forwardsTo: 'GreedyLR',
    build: greedy,
    metricDriven: true,
  },
  { kind: 'GreedyLR', params: GREEDY_PARAMS, build: greedy, metricDriven: true },
  {
    kind: 'get_scheduler',
    params: [
      req('name', { rule: choice('linear', 'cosine', 'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup', 'inverse_sqrt') }),
      OPTIMIZER,
      opt('num_warmup_steps', null, { role: 'warmup', rule: natInt }),
      opt('num_training_steps', null, { role: 'runLength', rule: posInt }),
      opt('scheduler_specific_kwargs', null),
    ],
    importFrom: 'transformers',
    build: (opt, a, construct) => getScheduler(opt, a, construct),
    metricDriven: (args) => /^(reduce_lr_on_plateau|greedy)$/.test(String(args.name)),
    naturalLength: fiveWarmups,
    resolve: (spec) => {
      const name = spec.args.name;
      const fn = typeof name === 'string' ? SCHEDULER_TYPE_FUNCTIONS[name] : undefined;
      const extra = spec.args.scheduler_specific_kwargs;
      const args: Record<string, unknown> = { ...spec.args };
      if (extra && typeof extra === 'object' && !Array.isArray(extra)) Object.assign(args, extra);
      return { kind: fn ?? spec.kind, args };
    },
  },
];

/**
 * transformers' `get_scheduler`: which arguments reach which function is uneven, and this is
 * exactly it (constant gets nothing, constant_with_warmup only the warm-up, inverse_sqrt and wsd no
 * num_training_steps check, plateau and greedy only scheduler_specific_kwargs).
 */
function getScheduler(opt: SimOptimizer, a: Args, construct: (s: ScheduleSpec, o: SimOptimizer) => Steppable): Steppable {
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

export const TRANSFORMERS: FamilyDescriptor<'transformers'> = {
  library: 'transformers',
  label: 'Transformers',
  modules: /^transformers(\.optimization|\.trainer_pt_utils)?$/,
  kindPrefix: '',
  importFrom: () => 'transformers.optimization',
  protocol: 'step',
  triggers: [],
  kinds: TRANSFORMERS_KINDS,
};
