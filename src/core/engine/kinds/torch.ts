/**
 * torch.optim.lr_scheduler, one descriptor per class (PyTorch 2.x semantics; the engine classes
 * are in src/core/engine/torch). Adding a torch scheduler: its descriptor here, its engine file, tests.
 */
import { msg } from '../../l10n/translate';
import type { Args } from '../args';
import type { SimOptimizer } from '../optimizer';
import { ChainedScheduler, ParamwiseScheduler, SequentialLR } from '../torch/composites';
import { CosineAnnealingLR } from '../torch/cosineAnnealingLR';
import { CosineAnnealingWarmRestarts } from '../torch/cosineAnnealingWarmRestarts';
import { CyclicLR } from '../torch/cyclicLR';
import { LambdaLR, MultiplicativeLR } from '../torch/lambdaLR';
import { OneCycleLR } from '../torch/oneCycleLR';
import { PolynomialLR } from '../torch/polynomialLR';
import { ReduceLROnPlateau } from '../torch/reduceLROnPlateau';
import { ExponentialLR, MultiStepLR, StepLR } from '../torch/stepDecay';
import { SWALR } from '../torch/swalr';
import { LRSchedulerSubclass } from '../torch/subclass';
import { ConstantLR, LinearLR } from '../torch/warmupFactors';
import type { ScheduleSpec } from '../spec';
import type { Steppable } from '../torch/lrScheduler';
import { choice, intList, natFloat, natInt, posFloat, posInt, unitRange } from './roles';
import { LAST_EPOCH, OPTIMIZER, minLrList, opt, req, type ParamOptions } from './params';
import type { FamilyDescriptor, KindDescriptor, LengthContext, ParamDecl } from './types';

export const lastEpoch = (a: Args) => a.integer('last_epoch');

/** The kind of a user's `LRScheduler` subclass (a name no library path spells: the finding shows the class's own). */
export const SUBCLASS_KIND = 'LRScheduler subclass';
/** Argument names of a subclass that say how long it runs, and how long it warms up. */
const SUBCLASS_LENGTH = /^(?:(?:max|total|num)_(?:num_)?(?:iters?|iterations|steps|epochs|updates|training_steps)|T_max|total_iters|num_training_steps|training_steps)$/;
const SUBCLASS_WARMUP = /^(?:num_|n_)?warmup(?:_(?:steps|iters|epochs|length|updates))?$/;

const children = (opt: SimOptimizer, a: Args, construct: (s: ScheduleSpec, o: SimOptimizer) => Steppable) =>
  a.scheduleList('schedulers').map((s) => construct(s, opt));

export const plateau = (opt: SimOptimizer, a: Args) =>
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

/** The parameters of ReduceLROnPlateau, which transformers' get_reduce_on_plateau_schedule forwards. */
export const PLATEAU_PARAMS: readonly ParamDecl[] = [
  OPTIMIZER,
  opt('mode', 'min', { rule: choice('min', 'max') }),
  // An unknown factor is assumed as a warm-up factor's (1/3), as every `factor` is.
  opt('factor', 0.1, { role: 'warmupFactor', rule: unitRange(true, true) }),
  opt('patience', 10, { rule: natInt }),
  opt('threshold', 1e-4, { rule: natFloat }),
  opt('threshold_mode', 'rel', { rule: choice('rel', 'abs') }),
  opt('cooldown', 0, { rule: natInt }),
  opt('min_lr', 0, { role: 'minLr', rule: natFloat }),
  opt('eps', 1e-8),
];

const totalIters = (def: number, o: ParamOptions = {}) => opt('total_iters', def, { role: 'runLength', rule: posInt, ...o });
const milestonesOf = (c: LengthContext) => c.nums('milestones');
const childSpecs = (c: LengthContext) =>
  (Array.isArray(c.args.schedulers) ? (c.args.schedulers as ScheduleSpec[]) : []).filter((s) => s && typeof s === 'object' && 'kind' in s);
const atLeastTwice = (c: LengthContext, fallback: number) => Math.max(fallback, (c.num('total_iters') ?? 5) * 2);

export const TORCH_KINDS: KindDescriptor[] = [
  {
    kind: 'LambdaLR',
    params: [OPTIMIZER, req('lr_lambda'), LAST_EPOCH],
    build: (opt, a) => new LambdaLR(opt, a.perGroupCallables('lr_lambda', opt.groups.length), lastEpoch(a)),
  },
  {
    kind: 'MultiplicativeLR',
    params: [OPTIMIZER, req('lr_lambda'), LAST_EPOCH],
    askedRules: { factor: posFloat },
    build: (opt, a) => new MultiplicativeLR(opt, a.perGroupCallables('lr_lambda', opt.groups.length), lastEpoch(a)),
  },
  {
    kind: 'StepLR',
    params: [OPTIMIZER, req('step_size', { role: 'period', rule: posInt }), opt('gamma', 0.1, { role: 'decay', rule: posFloat }), LAST_EPOCH],
    build: (opt, a) => new StepLR(opt, a.number('step_size'), a.number('gamma'), lastEpoch(a)),
    naturalLength: (c, fallback) => Math.max(fallback, (c.num('step_size') ?? 10) * 3),
    markers: (c) => c.periodic(c.num('step_size') ?? 0, c.num('step_size') ?? 0, 'milestone', msg('step decay')),
  },
  {
    kind: 'MultiStepLR',
    params: [OPTIMIZER, req('milestones', { rule: intList }), opt('gamma', 0.1, { role: 'decay', rule: posFloat }), LAST_EPOCH],
    build: (opt, a) => new MultiStepLR(opt, a.numberList('milestones'), a.number('gamma'), lastEpoch(a)),
    naturalLength: (c, fallback) => {
      const m = c.args.milestones;
      const ms = Array.isArray(m) ? (m as number[]).filter((x) => typeof x === 'number') : [];
      return ms.length ? Math.ceil(Math.max(...ms) * 1.25) : fallback;
    },
    markers: (c) => {
      for (const m of c.nums('milestones')) c.add(m, 'milestone', msg('milestone'));
    },
  },
  {
    kind: 'ConstantLR',
    params: [OPTIMIZER, opt('factor', 1.0 / 3, { role: 'warmupFactor', rule: unitRange(true, false) }), totalIters(5), LAST_EPOCH],
    build: (opt, a) => new ConstantLR(opt, a.number('factor'), a.number('total_iters'), lastEpoch(a)),
    naturalLength: atLeastTwice,
    markers: (c) => {
      const f = c.num('factor') ?? 1 / 3;
      c.add(c.num('total_iters') ?? 5, f < 1 ? 'warmup' : 'milestone', f < 1 ? msg('warm-up end') : msg('ConstantLR end'));
    },
  },
  {
    kind: 'LinearLR',
    params: [
      OPTIMIZER,
      opt('start_factor', 1.0 / 3, { role: 'warmupFactor', rule: unitRange(true, false) }),
      opt('end_factor', 1.0, { role: 'endFactor', rule: unitRange(false, false) }),
      totalIters(5),
      LAST_EPOCH,
    ],
    build: (opt, a) => new LinearLR(opt, a.number('start_factor'), a.number('end_factor'), a.number('total_iters'), lastEpoch(a)),
    naturalLength: atLeastTwice,
    markers: (c) => {
      const s = c.num('start_factor') ?? 1 / 3;
      const e = c.num('end_factor') ?? 1;
      c.add(c.num('total_iters') ?? 5, s < e ? 'warmup' : 'milestone', s < e ? msg('warm-up end') : msg('LinearLR end'));
    },
  },
  {
    kind: 'ExponentialLR',
    params: [OPTIMIZER, req('gamma', { role: 'stepDecay', rule: posFloat }), LAST_EPOCH],
    build: (opt, a) => new ExponentialLR(opt, a.number('gamma'), lastEpoch(a)),
  },
  {
    kind: 'SequentialLR',
    params: [OPTIMIZER, req('schedulers'), req('milestones'), LAST_EPOCH],
    // The generator's warm-up + decay entries: the warm-up's length (LinearLR total_iters and the milestone).
    askedRules: { warmup_steps: posInt },
    build: (opt, a, construct) => new SequentialLR(opt, children(opt, a, construct), a.numberList('milestones'), lastEpoch(a)),
    naturalLength: (c, fallback) => {
      const m = milestonesOf(c);
      const subs = Array.isArray(c.args.schedulers) ? (c.args.schedulers as ScheduleSpec[]) : [];
      const last = subs[subs.length - 1];
      const tail = last && typeof last === 'object' && 'kind' in last ? c.lengthOf(last) : fallback;
      return (m.length ? Math.max(...m) : 0) + tail;
    },
    markers: (c) => {
      const ms = c.nums('milestones');
      const kids = Array.isArray(c.args.schedulers) ? c.args.schedulers : [];
      for (const m of ms) c.add(m, 'milestone', msg('next scheduler'));
      kids.forEach((k, i) => {
        if (!k || typeof k !== 'object' || Array.isArray(k)) return;
        const start = i === 0 ? 0 : ms[i - 1] ?? Infinity;
        const end = ms[i] ?? Infinity;
        for (const mk of c.child(k, Math.min(end, c.limit) - start)) {
          if (start + mk.step <= end) c.add(start + mk.step, mk.kind, mk.label);
        }
      });
    },
  },
  {
    kind: 'PolynomialLR',
    params: [OPTIMIZER, totalIters(5), opt('power', 1.0, { role: 'power', rule: posFloat }), LAST_EPOCH],
    build: (opt, a) => new PolynomialLR(opt, a.number('total_iters'), a.number('power'), lastEpoch(a)),
    naturalLength: atLeastTwice,
    markers: (c) => c.add(c.num('total_iters') ?? 5, 'milestone', msg('decay end')),
  },
  {
    kind: 'CosineAnnealingLR',
    params: [OPTIMIZER, req('T_max', { role: 'runLength', rule: posInt }), opt('eta_min', 0.0, { role: 'minLr', rule: natFloat }), LAST_EPOCH],
    build: (opt, a) => new CosineAnnealingLR(opt, a.number('T_max'), a.number('eta_min'), lastEpoch(a)),
    naturalLength: (c, fallback) => c.num('T_max') ?? fallback,
  },
  {
    kind: 'ChainedScheduler',
    params: [req('schedulers'), opt('optimizer', null)],
    build: (opt, a, construct) => new ChainedScheduler(opt, children(opt, a, construct)),
    cyclic: true,
    naturalLength: (c, fallback) => Math.max(fallback, ...childSpecs(c).map((s) => c.lengthOf(s))),
    markers: (c) => {
      const kids = Array.isArray(c.args.schedulers) ? c.args.schedulers : [];
      for (const k of kids) {
        if (k && typeof k === 'object' && !Array.isArray(k)) for (const mk of c.child(k, c.limit)) c.add(mk.step, mk.kind, mk.label);
      }
    },
  },
  {
    kind: 'ParamwiseScheduler',
    params: [req('schedulers')],
    build: (opt, a, construct) => new ParamwiseScheduler(opt, children(opt, a, construct)),
    notGenerated: 'PyTorch main only (not in a release); it needs one child per param group',
  },
  {
    kind: 'ReduceLROnPlateau',
    params: PLATEAU_PARAMS,
    build: plateau,
    metricDriven: true,
  },
  {
    kind: 'CyclicLR',
    params: [
      OPTIMIZER,
      req('base_lr', { role: 'baseLr', rule: natFloat }),
      req('max_lr', { role: 'peakLr', rule: posFloat }),
      opt('step_size_up', 2000, { role: 'cycle', rule: posInt }),
      opt('step_size_down', null),
      opt('mode', 'triangular', { rule: choice('triangular', 'triangular2', 'exp_range') }),
      opt('gamma', 1.0, { role: 'decay', rule: posFloat }),
      opt('scale_fn', null),
      opt('scale_mode', 'cycle'),
      opt('cycle_momentum', true),
      opt('base_momentum', 0.8),
      opt('max_momentum', 0.9),
      LAST_EPOCH,
    ],
    build: (opt, a) => {
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
    cyclic: true,
    naturalLength: (c) => {
      const up = c.num('step_size_up') ?? 2000;
      const down = c.num('step_size_down') ?? up;
      return (up + down) * 3;
    },
    markers: (c) => {
      const up = c.num('step_size_up') ?? 2000;
      const down = c.num('step_size_down') ?? up;
      c.periodic(up + down, up + down, 'restart', msg('cycle'));
    },
  },
  {
    kind: 'CosineAnnealingWarmRestarts',
    params: [
      OPTIMIZER,
      req('T_0', { role: 'period', rule: posInt }),
      opt('T_mult', 1, { role: 'multiplier', rule: posInt }),
      opt('eta_min', 0.0, { role: 'minLr', rule: natFloat }),
      LAST_EPOCH,
    ],
    build: (opt, a) =>
      new CosineAnnealingWarmRestarts(opt, a.number('T_0'), a.number('T_mult'), a.number('eta_min'), lastEpoch(a), {
        t0: a.isFloat('T_0'),
        tMult: a.isFloat('T_mult'),
      }),
    cyclic: true,
    naturalLength: (c) => {
      const t0 = c.num('T_0') ?? 10;
      const tm = c.num('T_mult') ?? 1;
      return tm === 1 ? t0 * 3 : t0 * (1 + tm + tm * tm);
    },
    markers: (c) => {
      const t0 = c.num('T_0');
      const mult = c.num('T_mult') ?? 1;
      if (t0 !== null && t0 > 0) {
        let t = t0;
        let len = t0;
        for (let i = 0; t <= c.limit && i < 200; i++) {
          c.add(t, 'restart', msg('restart'));
          len *= mult;
          t += len;
        }
      }
    },
  },
  {
    kind: 'OneCycleLR',
    params: [
      OPTIMIZER,
      req('max_lr', { role: 'peakLr', rule: posFloat }),
      opt('total_steps', null, { role: 'runLength', rule: posInt }),
      opt('epochs', null, { role: 'epochs' }),
      opt('steps_per_epoch', null, { role: 'stepsPerEpoch' }),
      opt('pct_start', 0.3, { role: 'fraction', rule: unitRange(true, true) }),
      opt('anneal_strategy', 'cos', { rule: choice('cos', 'linear') }),
      opt('cycle_momentum', true),
      opt('base_momentum', 0.85),
      opt('max_momentum', 0.95),
      opt('div_factor', 25.0, { rule: posFloat }),
      opt('final_div_factor', 1e4, { rule: posFloat }),
      opt('three_phase', false),
      LAST_EPOCH,
    ],
    build: (opt, a) => {
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
    naturalLength: (c, fallback) => {
      const t = c.num('total_steps');
      if (t) return t;
      const e = c.num('epochs');
      const s = c.num('steps_per_epoch');
      return e && s ? e * s : fallback;
    },
    declaredLength: (c) => {
      const pos = (v: number | null) => (v !== null && v > 0 ? v : null);
      const t = pos(c.num('total_steps'));
      if (t !== null) return t;
      const e = pos(c.num('epochs'));
      const s = pos(c.num('steps_per_epoch'));
      return e !== null && s !== null ? e * s : null;
    },
    markers: (c) => {
      const total = c.num('total_steps') ?? (c.num('epochs') ?? NaN) * (c.num('steps_per_epoch') ?? NaN);
      const pct = c.num('pct_start') ?? 0.3;
      if (Number.isFinite(total)) {
        c.add(pct * total - 1, 'warmup', msg('warm-up end (peak)'));
        if (c.args.three_phase === true) c.add(2 * pct * total - 2, 'milestone', msg('annealing end'));
      }
    },
  },
  {
    kind: 'SWALR',
    modules: /^torch\.optim\.swa_utils$/,
    importFrom: 'torch.optim.swa_utils',
    params: [
      OPTIMIZER,
      req('swa_lr', { role: 'lr' }),
      opt('anneal_epochs', 10, { role: 'epochs', rule: natInt }),
      opt('anneal_strategy', 'cos', { rule: choice('cos', 'linear') }),
      LAST_EPOCH,
    ],
    build: (opt, a) =>
      new SWALR(opt, a.perGroupNumbers('swa_lr', opt.groups.length), a.number('anneal_epochs'), a.string('anneal_strategy'), a.isFloat('anneal_epochs'), lastEpoch(a)),
    // The annealing and as long again at swa_lr.
    naturalLength: (c, fallback) => Math.max(fallback, (c.num('anneal_epochs') ?? 10) * 2),
    markers: (c) => c.add(c.num('anneal_epochs') ?? 10, 'milestone', msg('annealing end')),
    notGenerated: "SWA's second scheduler, stepped from swa_start on beside the run's own; the generator writes a run's one scheduler",
  },
  {
    // A user's `class X(LRScheduler)` with its own get_lr: the analysis hands the class over as a program (src/core/frameworks/subclass.ts).
    kind: SUBCLASS_KIND,
    // `**kwargs`: the constructor's number arguments by the names of the class's __init__ (shown, edited in the chart, read below).
    params: [OPTIMIZER, req('scheduler')],
    varKeywords: true,
    build: (opt, a) => new LRSchedulerSubclass(opt, a.subclassProgram('scheduler'), a.extras()),
    // Drawn over the argument that reads as its length (`max_iters`, `total_steps`, `T_max`, …) when the loops do not say.
    naturalLength: (c, fallback) => {
      const k = Object.keys(c.args).find((n) => SUBCLASS_LENGTH.test(n) && (c.num(n) ?? 0) > 0);
      return k ? (c.num(k) as number) : fallback;
    },
    markers: (c) => {
      const k = Object.keys(c.args).find((n) => SUBCLASS_WARMUP.test(n));
      if (k) c.add(c.num(k), 'warmup', msg('warm-up end'));
    },
    notGenerated: "a scheduler class of the script's own: its get_lr is the user's code",
  },
];

export const TORCH: FamilyDescriptor<'torch'> = {
  library: 'torch',
  label: 'PyTorch',
  modules: /^torch\.optim\.lr_scheduler$/,
  kindPrefix: '',
  importFrom: () => 'torch.optim.lr_scheduler',
  protocol: 'step',
  triggers: [],
  kinds: TORCH_KINDS,
};
