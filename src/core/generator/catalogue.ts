/**
 * Every schedule the generator offers: the engine kind it writes, its group, a one-line
 * description, the parameters it asks for (by the library's own names, see SIGNATURES) with
 * defaults taken from the open file (its lr and run length), and how the answers become a call tree
 * (`GenCall`). The same tree is turned into Python (./emit.ts) and into the engine's ScheduleSpec
 * (./spec.ts), so the preview is the curve the written code produces. Pure.
 */
import { SIGNATURES, type Library } from '../engine/signatures';
import { ALL_KINDS } from '../engine/kinds';
import type { ParamValue } from './params';

/** A Python callable the generator writes out (a `def` or a `lambda`), with its JavaScript twin in ./spec.ts. */
export type GenCallable =
  | { callable: 'warmupLinearDecay'; warmup: number; total: number }
  | { callable: 'constantFactor'; factor: number };

export type GenValue = number | string | boolean | null | number[] | GenCall | GenCall[] | GenCallable;

/** One scheduler call: kind (class or function name) and keyword arguments, without the optimizer. */
export interface GenCall {
  kind: string;
  args: Record<string, GenValue>;
}

export type Group = 'warmup' | 'decay' | 'step' | 'cyclic' | 'plateau' | 'custom';

export const GROUP_LABELS: Readonly<Record<Group, string>> = {
  warmup: 'warm-up + decay',
  decay: 'smooth decay',
  step: 'step decays',
  cyclic: 'cyclic',
  plateau: 'plateau (metric-driven)',
  custom: 'custom',
};

/** What the open file says: the optimizer's lr and the run length the analysis found. */
export interface GenContext {
  lr: number;
  steps: number;
  /** Optimizer steps per epoch, when the loops say (the batch loop inside the epoch loop): timm's lengths are in epochs. */
  stepsPerEpoch?: number;
  /**
   * "Change Scheduler": the resolved arguments of the call being replaced, by name. A parameter
   * the new schedule shares defaults to its value (and is written as the code wrote it).
   */
  existing?: Readonly<Record<string, ParamValue>>;
}

export interface AskedParam {
  /** The library's parameter name (or `warmup_steps` for the warm-up of SequentialLR). */
  name: string;
  /** `before`: the values answered for the parameters asked before this one (the warm-up, for a decay's length). */
  default(ctx: GenContext, before?: Readonly<Record<string, unknown>>): ParamValue;
  /** Shown under the input box. */
  prompt: string;
}

export interface CatalogueEntry {
  /** Stable id used by the command's scripted arguments and the tests. */
  id: string;
  library: Library;
  group: Group;
  /** The kind of the top-level call (what the analysis reports). */
  kind: string;
  title: string;
  description: string;
  params: AskedParam[];
  build(values: Readonly<Record<string, ParamValue>>, ctx: GenContext): GenCall;
}

/** 4 significant digits: defaults read like a person wrote them. */
const sig = (x: number) => Number(x.toPrecision(4));
const int = (x: number) => Math.max(1, Math.round(x));
const warmupOf = (ctx: GenContext) => int(ctx.steps / 10);
const num = (v: ParamValue) => v as number;

const p = (name: string, def: (ctx: GenContext, before?: Readonly<Record<string, unknown>>) => ParamValue, prompt: string): AskedParam => ({ name, default: def, prompt });

/** The signature's default for `name` of `kind` (so catalogue defaults are not restated). */
function sigDefault(kind: string, name: string): ParamValue {
  const d = SIGNATURES[kind]?.params.find((x) => x.name === name)?.default;
  if (typeof d === 'number' || typeof d === 'string') return d;
  throw new Error(`${kind}.${name} has no number or string default`);
}
const dflt = (kind: string, name: string, prompt: string) => p(name, () => sigDefault(kind, name), prompt);

/** A call of `kind` with the asked values as keyword arguments by the same names. */
function direct(kind: string, fixed: Record<string, GenValue> = {}) {
  return (values: Readonly<Record<string, ParamValue>>): GenCall => ({ kind, args: { ...values, ...fixed } });
}

const P = {
  warmup: p('warmup_steps', warmupOf, 'Warm-up length in scheduler steps (LinearLR total_iters and the SequentialLR milestone)'),
  startFactor: p('start_factor', () => 0.01, 'lr multiplier at the first step of the warm-up, in (0, 1]'),
  hfWarmup: p('num_warmup_steps', warmupOf, 'Warm-up length in scheduler steps'),
  hfTotal: p('num_training_steps', (c) => c.steps, 'Total number of training steps the schedule spans'),
};

/** timm counts epochs: the run's epochs (its optimizer steps over the steps per epoch), else each step an epoch. */
const epochsOf = (ctx: GenContext) => (ctx.stepsPerEpoch ? int(ctx.steps / ctx.stepsPerEpoch) : ctx.steps);

const T = {
  epochs: (name: string, prompt: string) => p(name, epochsOf, prompt),
  lrMin: p('lr_min', (c) => sig(c.lr / 100), 'Final learning rate'),
  warmup: p('warmup_t', (c) => int(epochsOf(c) / 10), 'Warm-up length in epochs (0: none)'),
  warmupLrInit: p('warmup_lr_init', (c) => sig(c.lr / 100), 'Learning rate at the start of the warm-up'),
};

const DS = {
  warmupSteps: p('warmup_num_steps', warmupOf, 'Warm-up length in scheduler steps'),
  minLr: dflt('deepspeed.WarmupLR', 'warmup_min_lr', 'Learning rate at the start of the warm-up'),
  maxLr: p('warmup_max_lr', (c) => c.lr, 'Learning rate at the end of the warm-up (the peak)'),
  warmupType: p('warmup_type', () => 'linear', "'linear' or 'log' (DeepSpeed's default)"),
};

/** Warm-up (LinearLR from start_factor to 1) followed by `decay`, with SequentialLR. */
function withWarmup(decay: (v: Readonly<Record<string, ParamValue>>, rest: number) => GenCall) {
  return (v: Readonly<Record<string, ParamValue>>, ctx: GenContext): GenCall => {
    const w = num(v.warmup_steps);
    return {
      kind: 'SequentialLR',
      args: {
        schedulers: [
          { kind: 'LinearLR', args: { start_factor: v.start_factor, end_factor: 1.0, total_iters: w } },
          decay(v, Math.max(1, ctx.steps - w)),
        ],
        milestones: [w],
      },
    };
  };
}

/** The run after the warm-up: the warm-up answered (else its default) taken off the run, so warm-up + decay = the run. */
const rest = (ctx: GenContext, before?: Readonly<Record<string, unknown>>) => {
  const w = before?.warmup_steps;
  return Math.max(1, ctx.steps - (typeof w === 'number' && Number.isFinite(w) ? w : warmupOf(ctx)));
};

export const CATALOGUE: readonly CatalogueEntry[] = [
  // ---- PyTorch: warm-up + decay
  {
    id: 'torch.warmupCosine',
    library: 'torch',
    group: 'warmup',
    kind: 'SequentialLR',
    title: 'Warm-up + cosine',
    description: 'Linear warm-up, then cosine annealing to eta_min (SequentialLR of LinearLR and CosineAnnealingLR)',
    params: [P.warmup, P.startFactor, p('T_max', rest, 'Length of the cosine decay in steps'), dflt('CosineAnnealingLR', 'eta_min', 'Final learning rate')],
    build: withWarmup((v) => ({ kind: 'CosineAnnealingLR', args: { T_max: v.T_max, eta_min: v.eta_min } })),
  },
  {
    id: 'torch.warmupLinear',
    library: 'torch',
    group: 'warmup',
    kind: 'SequentialLR',
    title: 'Warm-up + linear decay',
    description: 'Linear warm-up, then linear decay to end_factor × lr (SequentialLR of two LinearLR)',
    params: [P.warmup, P.startFactor, p('total_iters', rest, 'Length of the linear decay in steps'), p('end_factor', () => 0.0, 'Final lr multiplier, in [0, 1]')],
    build: withWarmup((v) => ({ kind: 'LinearLR', args: { start_factor: 1.0, end_factor: v.end_factor, total_iters: v.total_iters } })),
  },
  {
    id: 'torch.warmupPolynomial',
    library: 'torch',
    group: 'warmup',
    kind: 'SequentialLR',
    title: 'Warm-up + polynomial decay',
    description: 'Linear warm-up, then (1 − t/T)^power decay to 0 (SequentialLR of LinearLR and PolynomialLR)',
    params: [P.warmup, P.startFactor, p('total_iters', rest, 'Length of the decay in steps'), p('power', () => 2.0, 'Exponent of the decay')],
    build: withWarmup((v) => ({ kind: 'PolynomialLR', args: { total_iters: v.total_iters, power: v.power } })),
  },
  {
    id: 'torch.warmupExponential',
    library: 'torch',
    group: 'warmup',
    kind: 'SequentialLR',
    title: 'Warm-up + exponential decay',
    description: 'Linear warm-up, then lr × gamma every step (SequentialLR of LinearLR and ExponentialLR)',
    params: [P.warmup, P.startFactor, p('gamma', (c, b) => sig(Math.pow(0.01, 1 / rest(c, b))), 'Decay per step (the default reaches lr/100 at the end)')],
    build: withWarmup((v) => ({ kind: 'ExponentialLR', args: { gamma: v.gamma } })),
  },
  {
    id: 'torch.warmupStep',
    library: 'torch',
    group: 'warmup',
    kind: 'SequentialLR',
    title: 'Warm-up + step decay',
    description: 'Linear warm-up, then lr × gamma every step_size steps (SequentialLR of LinearLR and StepLR)',
    params: [P.warmup, P.startFactor, p('step_size', (c, b) => int(rest(c, b) / 3), 'Steps between decays'), dflt('StepLR', 'gamma', 'Multiplier at each decay')],
    build: withWarmup((v) => ({ kind: 'StepLR', args: { step_size: v.step_size, gamma: v.gamma } })),
  },
  {
    id: 'torch.linearWarmup',
    library: 'torch',
    group: 'warmup',
    kind: 'LinearLR',
    title: 'Linear warm-up, then constant',
    description: 'lr grows linearly from start_factor × lr to lr over total_iters steps, then stays (LinearLR)',
    params: [P.startFactor, p('total_iters', warmupOf, 'Warm-up length in steps')],
    build: direct('LinearLR'),
  },
  {
    id: 'torch.lambdaWarmupLinear',
    library: 'torch',
    group: 'warmup',
    kind: 'LambdaLR',
    title: 'Warm-up + linear decay (LambdaLR)',
    description: 'A def lr_lambda(step): linear warm-up, then linear decay to 0 — the tutorial shape',
    params: [P.hfWarmup, P.hfTotal],
    build: (v) => ({
      kind: 'LambdaLR',
      args: { lr_lambda: { callable: 'warmupLinearDecay', warmup: num(v.num_warmup_steps), total: num(v.num_training_steps) } },
    }),
  },
  // ---- PyTorch: smooth decays
  {
    id: 'torch.cosine',
    library: 'torch',
    group: 'decay',
    kind: 'CosineAnnealingLR',
    title: 'Cosine annealing',
    description: 'Half a cosine from lr down to eta_min over T_max steps (CosineAnnealingLR)',
    params: [p('T_max', (c) => c.steps, 'Steps from lr to eta_min'), dflt('CosineAnnealingLR', 'eta_min', 'Final learning rate')],
    build: direct('CosineAnnealingLR'),
  },
  {
    id: 'torch.linearDecay',
    library: 'torch',
    group: 'decay',
    kind: 'LinearLR',
    title: 'Linear decay',
    description: 'lr × start_factor falling linearly to lr × end_factor over total_iters steps (LinearLR)',
    params: [p('start_factor', () => 1.0, 'Multiplier at the start, in (0, 1]'), p('end_factor', () => 0.0, 'Multiplier at the end, in [0, 1]'), p('total_iters', (c) => c.steps, 'Length of the decay in steps')],
    build: direct('LinearLR'),
  },
  {
    id: 'torch.polynomial',
    library: 'torch',
    group: 'decay',
    kind: 'PolynomialLR',
    title: 'Polynomial decay',
    description: 'lr × (1 − t/total_iters)^power down to 0 (PolynomialLR)',
    params: [p('total_iters', (c) => c.steps, 'Length of the decay in steps'), p('power', () => 2.0, 'Exponent of the decay')],
    build: direct('PolynomialLR'),
  },
  {
    id: 'torch.constant',
    library: 'torch',
    group: 'decay',
    kind: 'ConstantLR',
    title: 'Constant factor, then full lr',
    description: 'lr × factor for total_iters steps, then lr (ConstantLR)',
    params: [p('factor', () => 0.5, 'Multiplier during the first total_iters steps, in (0, 1]'), p('total_iters', warmupOf, 'Steps at the reduced lr')],
    build: direct('ConstantLR'),
  },
  // ---- PyTorch: step decays
  {
    id: 'torch.step',
    library: 'torch',
    group: 'step',
    kind: 'StepLR',
    title: 'Step decay',
    description: 'lr × gamma every step_size steps (StepLR)',
    params: [p('step_size', (c) => int(c.steps / 3), 'Steps between decays'), dflt('StepLR', 'gamma', 'Multiplier at each decay')],
    build: direct('StepLR'),
  },
  {
    id: 'torch.multiStep',
    library: 'torch',
    group: 'step',
    kind: 'MultiStepLR',
    title: 'Multi-step decay',
    description: 'lr × gamma at each milestone (MultiStepLR)',
    params: [
      p('milestones', (c) => [...new Set([int(c.steps / 2), int((c.steps * 3) / 4)])], 'Steps where the lr drops, increasing (e.g. 30, 60, 90)'),
      dflt('MultiStepLR', 'gamma', 'Multiplier at each milestone'),
    ],
    build: direct('MultiStepLR'),
  },
  {
    id: 'torch.exponential',
    library: 'torch',
    group: 'step',
    kind: 'ExponentialLR',
    title: 'Exponential decay',
    description: 'lr × gamma after every step (ExponentialLR)',
    params: [p('gamma', (c) => sig(Math.pow(0.01, 1 / c.steps)), 'Decay per step (the default reaches lr/100 at the end)')],
    build: direct('ExponentialLR'),
  },
  {
    id: 'torch.multiplicative',
    library: 'torch',
    group: 'step',
    kind: 'MultiplicativeLR',
    title: 'Multiplicative decay',
    description: 'lr × factor after every step, through lr_lambda=lambda epoch: factor (MultiplicativeLR)',
    params: [p('factor', (c) => sig(Math.pow(0.01, 1 / c.steps)), 'Multiplier applied at every step')],
    build: (v) => ({ kind: 'MultiplicativeLR', args: { lr_lambda: { callable: 'constantFactor', factor: num(v.factor) } } }),
  },
  // ---- PyTorch: cyclic
  {
    id: 'torch.oneCycle',
    library: 'torch',
    group: 'cyclic',
    kind: 'OneCycleLR',
    title: 'One cycle',
    description: 'Up from max_lr/div_factor to max_lr, then annealed far below (OneCycleLR; it sets the lr itself)',
    params: [
      p('max_lr', (c) => c.lr, 'Peak learning rate'),
      p('total_steps', (c) => c.steps, 'Total steps of the cycle (stepping past it raises)'),
      dflt('OneCycleLR', 'pct_start', 'Fraction of the cycle spent increasing the lr, in (0, 1)'),
      dflt('OneCycleLR', 'anneal_strategy', "Shape: 'cos' or 'linear'"),
    ],
    build: direct('OneCycleLR'),
  },
  {
    id: 'torch.cyclic',
    library: 'torch',
    group: 'cyclic',
    kind: 'CyclicLR',
    title: 'Cyclic (triangular)',
    description: 'Between base_lr and max_lr, up step_size_up steps and down again (CyclicLR; it sets the lr itself)',
    params: [
      p('base_lr', (c) => sig(c.lr / 10), 'Lowest learning rate of the cycle'),
      p('max_lr', (c) => c.lr, 'Highest learning rate of the cycle'),
      p('step_size_up', (c) => int(c.steps / 8), 'Steps from base_lr up to max_lr'),
      dflt('CyclicLR', 'mode', "'triangular', 'triangular2' (halves each cycle) or 'exp_range'"),
    ],
    build: direct('CyclicLR'),
  },
  {
    id: 'torch.warmRestarts',
    library: 'torch',
    group: 'cyclic',
    kind: 'CosineAnnealingWarmRestarts',
    title: 'Cosine with warm restarts',
    description: 'Cosine decays that restart at lr, each T_mult times longer (CosineAnnealingWarmRestarts)',
    params: [p('T_0', (c) => int(c.steps / 4), 'Length of the first cycle in steps'), dflt('CosineAnnealingWarmRestarts', 'T_mult', 'Growth of each cycle (integer ≥ 1)'), dflt('CosineAnnealingWarmRestarts', 'eta_min', 'Lowest learning rate')],
    build: direct('CosineAnnealingWarmRestarts'),
  },
  // ---- PyTorch: plateau
  {
    id: 'torch.plateau',
    library: 'torch',
    group: 'plateau',
    kind: 'ReduceLROnPlateau',
    title: 'Reduce on plateau',
    description: 'lr × factor when the metric passed to step() stops improving for patience steps (ReduceLROnPlateau)',
    params: [dflt('ReduceLROnPlateau', 'mode', "'min' for a loss, 'max' for an accuracy"), dflt('ReduceLROnPlateau', 'factor', 'Multiplier at each reduction, in (0, 1)'), dflt('ReduceLROnPlateau', 'patience', 'Steps without improvement before reducing')],
    build: direct('ReduceLROnPlateau'),
  },
  // ---- PyTorch: custom
  {
    id: 'torch.chained',
    library: 'torch',
    group: 'custom',
    kind: 'ChainedScheduler',
    title: 'Constant warm-up × exponential decay',
    description: 'Both at once: lr × factor for total_iters steps, times gamma every step (ChainedScheduler of ConstantLR and ExponentialLR)',
    params: [p('factor', () => 0.1, 'Multiplier during the warm-up, in (0, 1]'), p('total_iters', warmupOf, 'Warm-up length in steps'), p('gamma', (c) => sig(Math.pow(0.01, 1 / c.steps)), 'Decay per step')],
    build: (v) => ({
      kind: 'ChainedScheduler',
      args: {
        schedulers: [
          { kind: 'ConstantLR', args: { factor: v.factor, total_iters: v.total_iters } },
          { kind: 'ExponentialLR', args: { gamma: v.gamma } },
        ] as GenCall[],
      },
    }),
  },

  // ---- transformers: warm-up + decay
  {
    id: 'hf.linear',
    library: 'transformers',
    group: 'warmup',
    kind: 'get_linear_schedule_with_warmup',
    title: 'Warm-up + linear decay',
    description: 'Linear warm-up to lr, then linear decay to 0 at num_training_steps',
    params: [P.hfWarmup, P.hfTotal],
    build: direct('get_linear_schedule_with_warmup'),
  },
  {
    id: 'hf.cosine',
    library: 'transformers',
    group: 'warmup',
    kind: 'get_cosine_schedule_with_warmup',
    title: 'Warm-up + cosine',
    description: 'Linear warm-up to lr, then cosine decay to 0 (num_cycles = 0.5 is half a cosine)',
    params: [P.hfWarmup, P.hfTotal, dflt('get_cosine_schedule_with_warmup', 'num_cycles', 'Number of cosine waves (0.5 decays once to 0)')],
    build: direct('get_cosine_schedule_with_warmup'),
  },
  {
    id: 'hf.cosineMinLr',
    library: 'transformers',
    group: 'warmup',
    kind: 'get_cosine_with_min_lr_schedule_with_warmup',
    title: 'Warm-up + cosine to a floor',
    description: 'Linear warm-up, then cosine decay to min_lr_rate × lr',
    params: [P.hfWarmup, P.hfTotal, p('min_lr_rate', () => 0.1, 'Floor as a fraction of lr, in [0, 1]')],
    build: direct('get_cosine_with_min_lr_schedule_with_warmup'),
  },
  {
    id: 'hf.cosineWarmupMinLr',
    library: 'transformers',
    group: 'warmup',
    kind: 'get_cosine_with_min_lr_schedule_with_warmup_lr_rate',
    title: 'Warm-up + cosine to a floor (lr-rate warm-up)',
    description: 'Like the cosine with a floor, warming up from a fraction of lr (transformers ≥ 4.50)',
    params: [P.hfWarmup, P.hfTotal, p('min_lr_rate', () => 0.1, 'Floor as a fraction of lr, in [0, 1]')],
    build: direct('get_cosine_with_min_lr_schedule_with_warmup_lr_rate'),
  },
  {
    id: 'hf.polynomial',
    library: 'transformers',
    group: 'warmup',
    kind: 'get_polynomial_decay_schedule_with_warmup',
    title: 'Warm-up + polynomial decay',
    description: 'Linear warm-up, then polynomial decay from lr to lr_end',
    params: [P.hfWarmup, P.hfTotal, dflt('get_polynomial_decay_schedule_with_warmup', 'lr_end', 'Final learning rate (below lr)'), dflt('get_polynomial_decay_schedule_with_warmup', 'power', 'Exponent of the decay')],
    build: direct('get_polynomial_decay_schedule_with_warmup'),
  },
  {
    id: 'hf.wsd',
    library: 'transformers',
    group: 'warmup',
    kind: 'get_wsd_schedule',
    title: 'Warm-up, stable, decay',
    description: 'Warm-up, a constant stretch, then a decay over num_decay_steps to min_lr_ratio × lr',
    params: [
      P.hfWarmup,
      p('num_decay_steps', (c) => int(c.steps / 5), 'Length of the final decay in steps'),
      P.hfTotal,
      dflt('get_wsd_schedule', 'decay_type', "'cosine', 'linear' or '1-sqrt'"),
      dflt('get_wsd_schedule', 'min_lr_ratio', 'Final lr as a fraction of lr, in [0, 1]'),
    ],
    build: direct('get_wsd_schedule'),
  },
  {
    id: 'hf.constantWarmup',
    library: 'transformers',
    group: 'warmup',
    kind: 'get_constant_schedule_with_warmup',
    title: 'Warm-up, then constant',
    description: 'Linear warm-up to lr, then constant',
    params: [P.hfWarmup],
    build: direct('get_constant_schedule_with_warmup'),
  },
  {
    id: 'hf.inverseSqrt',
    library: 'transformers',
    group: 'warmup',
    kind: 'get_inverse_sqrt_schedule',
    title: 'Warm-up + inverse square root',
    description: 'Linear warm-up, then lr / sqrt((step + shift) / timescale)',
    params: [P.hfWarmup],
    build: direct('get_inverse_sqrt_schedule'),
  },
  {
    id: 'hf.getScheduler',
    library: 'transformers',
    group: 'warmup',
    kind: 'get_scheduler',
    title: 'get_scheduler by name',
    description: "transformers' generic entry point: get_scheduler('linear' | 'cosine' | …, optimizer, …)",
    params: [p('name', () => 'linear', "'linear', 'cosine', 'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup' or 'inverse_sqrt'"), P.hfWarmup, P.hfTotal],
    build: direct('get_scheduler'),
  },
  {
    id: 'hf.constant',
    library: 'transformers',
    group: 'decay',
    kind: 'get_constant_schedule',
    title: 'Constant',
    description: 'The lr as set on the optimizer, unchanged',
    params: [],
    build: direct('get_constant_schedule'),
  },
  {
    id: 'hf.hardRestarts',
    library: 'transformers',
    group: 'cyclic',
    kind: 'get_cosine_with_hard_restarts_schedule_with_warmup',
    title: 'Warm-up + cosine with hard restarts',
    description: 'Linear warm-up, then num_cycles cosine decays, each restarting at lr',
    params: [P.hfWarmup, P.hfTotal, p('num_cycles', () => 3, 'Number of restarts')],
    build: direct('get_cosine_with_hard_restarts_schedule_with_warmup'),
  },
  {
    id: 'hf.plateau',
    library: 'transformers',
    group: 'plateau',
    kind: 'get_reduce_on_plateau_schedule',
    title: 'Reduce on plateau',
    description: 'ReduceLROnPlateau through transformers: lr × factor after patience steps without improvement',
    params: [dflt('ReduceLROnPlateau', 'mode', "'min' for a loss, 'max' for an accuracy"), dflt('ReduceLROnPlateau', 'factor', 'Multiplier at each reduction, in (0, 1)'), dflt('ReduceLROnPlateau', 'patience', 'Steps without improvement before reducing')],
    build: direct('get_reduce_on_plateau_schedule'),
  },
  {
    id: 'hf.greedy',
    library: 'transformers',
    group: 'plateau',
    kind: 'get_greedy_schedule',
    title: 'Greedy',
    description: 'GreedyLR: lr ÷ factor while the metric improves, × factor when it stalls, within [min_lr, max_lr]',
    params: [dflt('GreedyLR', 'factor', 'Multiplier, in (0, 1)'), dflt('GreedyLR', 'patience', 'Steps before reacting'), p('min_lr', (c) => sig(c.lr / 100), 'Lowest learning rate'), p('max_lr', (c) => sig(c.lr * 10), 'Highest learning rate')],
    build: direct('get_greedy_schedule'),
  },
  {
    id: 'hf.greedyClass',
    library: 'transformers',
    group: 'plateau',
    kind: 'GreedyLR',
    title: 'Greedy (GreedyLR class)',
    description: 'The GreedyLR class itself, constructed directly',
    params: [dflt('GreedyLR', 'factor', 'Multiplier, in (0, 1)'), dflt('GreedyLR', 'patience', 'Steps before reacting'), p('min_lr', (c) => sig(c.lr / 100), 'Lowest learning rate'), p('max_lr', (c) => sig(c.lr * 10), 'Highest learning rate')],
    build: direct('GreedyLR'),
  },

  // ---- timm: lengths in epochs (t_in_epochs=True), stepped as train.py steps it
  {
    id: 'timm.cosine',
    library: 'timm',
    group: 'warmup',
    kind: 'timm.CosineLRScheduler',
    title: 'Cosine with warm-up (timm)',
    description: 'Linear warm-up from warmup_lr_init over warmup_t epochs, then cosine to lr_min over t_initial epochs, with optional restarts (CosineLRScheduler)',
    params: [
      T.epochs('t_initial', 'Length of the first cosine cycle in epochs'),
      T.lrMin,
      T.warmup,
      T.warmupLrInit,
      dflt('timm.CosineLRScheduler', 'cycle_limit', 'Number of cycles (1: no restart; after the last the lr stays at lr_min)'),
      dflt('timm.CosineLRScheduler', 'cycle_mul', 'Growth of each cycle (1.0: all cycles t_initial epochs)'),
      dflt('timm.CosineLRScheduler', 'cycle_decay', 'Peak lr multiplier at each restart'),
    ],
    build: direct('timm.CosineLRScheduler'),
  },
  {
    id: 'timm.tanh',
    library: 'timm',
    group: 'decay',
    kind: 'timm.TanhLRScheduler',
    title: 'Tanh decay (timm)',
    description: 'Hyperbolic-tangent decay from lr to lr_min over t_initial epochs, after a warm-up (TanhLRScheduler)',
    params: [T.epochs('t_initial', 'Length of the decay in epochs'), T.lrMin, T.warmup, T.warmupLrInit],
    build: direct('timm.TanhLRScheduler'),
  },
  {
    id: 'timm.poly',
    library: 'timm',
    group: 'decay',
    kind: 'timm.PolyLRScheduler',
    title: 'Polynomial decay (timm)',
    description: 'lr_min + (lr − lr_min) × (1 − t/t_initial)^power over t_initial epochs, after a warm-up (PolyLRScheduler)',
    params: [T.epochs('t_initial', 'Length of the decay in epochs'), dflt('timm.PolyLRScheduler', 'power', 'Exponent of the decay'), T.lrMin, T.warmup, T.warmupLrInit],
    build: direct('timm.PolyLRScheduler'),
  },
  {
    id: 'timm.step',
    library: 'timm',
    group: 'step',
    kind: 'timm.StepLRScheduler',
    title: 'Step decay (timm)',
    description: 'lr × decay_rate every decay_t epochs, after a warm-up (StepLRScheduler)',
    params: [p('decay_t', (c) => int(epochsOf(c) / 3), 'Epochs between decays'), p('decay_rate', () => 0.1, 'Multiplier at each decay'), T.warmup, T.warmupLrInit],
    build: direct('timm.StepLRScheduler'),
  },
  {
    id: 'timm.multiStep',
    library: 'timm',
    group: 'step',
    kind: 'timm.MultiStepLRScheduler',
    title: 'Multi-step decay (timm)',
    description: 'lr × decay_rate at each epoch of decay_t — one epoch before it, as timm counts (MultiStepLRScheduler)',
    params: [
      p('decay_t', (c) => [...new Set([int(epochsOf(c) / 2), int((epochsOf(c) * 3) / 4)])], 'Epochs where the lr drops, increasing (e.g. 30, 60, 90)'),
      p('decay_rate', () => 0.1, 'Multiplier at each decay'),
      T.warmup,
      T.warmupLrInit,
    ],
    build: direct('timm.MultiStepLRScheduler'),
  },
  {
    id: 'timm.plateau',
    library: 'timm',
    group: 'plateau',
    kind: 'timm.PlateauLRScheduler',
    title: 'Reduce on plateau (timm)',
    description: 'lr × decay_rate when the metric passed to step(epoch, metric) stops improving for patience_t epochs (PlateauLRScheduler)',
    params: [
      dflt('timm.PlateauLRScheduler', 'mode', "'max' for an accuracy (timm's default), 'min' for a loss"),
      dflt('timm.PlateauLRScheduler', 'decay_rate', 'Multiplier at each reduction'),
      p('patience_t', (c) => Math.min(10, int(epochsOf(c) / 5)), 'Epochs without improvement before reducing'),
    ],
    build: direct('timm.PlateauLRScheduler'),
  },

  // ---- diffusers: diffusers.optimization, as its example scripts call it
  {
    id: 'diffusers.getScheduler',
    library: 'diffusers',
    group: 'warmup',
    kind: 'diffusers.get_scheduler',
    title: 'get_scheduler by name (diffusers)',
    description: "diffusers' entry point, as every example train_*.py calls it: get_scheduler('cosine' | 'linear' | …, optimizer, num_warmup_steps, num_training_steps)",
    params: [p('name', () => 'cosine', "'linear', 'cosine', 'cosine_with_restarts', 'polynomial', 'constant' or 'constant_with_warmup'"), P.hfWarmup, P.hfTotal],
    build: direct('diffusers.get_scheduler'),
  },
  {
    id: 'diffusers.piecewise',
    library: 'diffusers',
    group: 'step',
    kind: 'diffusers.get_scheduler',
    title: 'Piecewise constant (diffusers)',
    description: "get_scheduler('piecewise_constant', step_rules='1:s1,m2:s2,…,last'): lr × m until step s, then the next multiplier",
    params: [p('step_rules', (c) => `1:${int(c.steps / 2)},0.1:${int((c.steps * 3) / 4)},0.01`, "Multiplier:step pairs and the final multiplier, e.g. '1:500,0.1:750,0.01'")],
    build: direct('diffusers.get_scheduler', { name: 'piecewise_constant' }),
  },
  {
    id: 'diffusers.cosine',
    library: 'diffusers',
    group: 'warmup',
    kind: 'diffusers.get_cosine_schedule_with_warmup',
    title: 'Warm-up + cosine (diffusers)',
    description: 'Linear warm-up to lr, then cosine decay to 0 (get_cosine_schedule_with_warmup)',
    params: [P.hfWarmup, P.hfTotal, dflt('diffusers.get_cosine_schedule_with_warmup', 'num_cycles', 'Number of cosine waves (0.5 decays once to 0)')],
    build: direct('diffusers.get_cosine_schedule_with_warmup'),
  },
  {
    id: 'diffusers.linear',
    library: 'diffusers',
    group: 'warmup',
    kind: 'diffusers.get_linear_schedule_with_warmup',
    title: 'Warm-up + linear decay (diffusers)',
    description: 'Linear warm-up to f_max × lr, then linear decay to f_min × lr (get_linear_schedule_with_warmup)',
    params: [P.hfWarmup, P.hfTotal, dflt('diffusers.get_linear_schedule_with_warmup', 'f_min', 'Final lr as a fraction of lr, in [0, 1]')],
    build: direct('diffusers.get_linear_schedule_with_warmup'),
  },
  {
    id: 'diffusers.polynomial',
    library: 'diffusers',
    group: 'warmup',
    kind: 'diffusers.get_polynomial_decay_schedule_with_warmup',
    title: 'Warm-up + polynomial decay (diffusers)',
    description: 'Linear warm-up, then polynomial decay from lr to lr_end (get_polynomial_decay_schedule_with_warmup)',
    params: [P.hfWarmup, P.hfTotal, dflt('diffusers.get_polynomial_decay_schedule_with_warmup', 'lr_end', 'Final learning rate (below lr)'), dflt('diffusers.get_polynomial_decay_schedule_with_warmup', 'power', 'Exponent of the decay')],
    build: direct('diffusers.get_polynomial_decay_schedule_with_warmup'),
  },
  {
    id: 'diffusers.constantWarmup',
    library: 'diffusers',
    group: 'warmup',
    kind: 'diffusers.get_constant_schedule_with_warmup',
    title: 'Warm-up, then constant (diffusers)',
    description: 'Linear warm-up to lr, then constant (get_constant_schedule_with_warmup)',
    params: [P.hfWarmup],
    build: direct('diffusers.get_constant_schedule_with_warmup'),
  },
  {
    id: 'diffusers.constant',
    library: 'diffusers',
    group: 'decay',
    kind: 'diffusers.get_constant_schedule',
    title: 'Constant (diffusers)',
    description: 'The lr as set on the optimizer, unchanged (get_constant_schedule)',
    params: [],
    build: direct('diffusers.get_constant_schedule'),
  },
  {
    id: 'diffusers.piecewiseFunction',
    library: 'diffusers',
    group: 'step',
    kind: 'diffusers.get_piecewise_constant_schedule',
    title: 'Piecewise constant, as a function (diffusers)',
    description: "The piecewise-constant schedule called directly: get_piecewise_constant_schedule(optimizer, step_rules='1:s1,m2:s2,…,last')",
    params: [p('step_rules', (c) => `1:${int(c.steps / 2)},0.1:${int((c.steps * 3) / 4)},0.01`, "Multiplier:step pairs and the final multiplier, e.g. '1:500,0.1:750,0.01'")],
    build: direct('diffusers.get_piecewise_constant_schedule'),
  },
  {
    id: 'diffusers.hardRestarts',
    library: 'diffusers',
    group: 'cyclic',
    kind: 'diffusers.get_cosine_with_hard_restarts_schedule_with_warmup',
    title: 'Warm-up + cosine with hard restarts (diffusers)',
    description: 'Linear warm-up, then num_cycles cosine decays, each restarting at lr (get_cosine_with_hard_restarts_schedule_with_warmup)',
    params: [P.hfWarmup, P.hfTotal, p('num_cycles', () => 3, 'Number of restarts')],
    build: direct('diffusers.get_cosine_with_hard_restarts_schedule_with_warmup'),
  },

  // ---- DeepSpeed: deepspeed.runtime.lr_schedules classes (the ds_config "scheduler" block builds the same)
  {
    id: 'deepspeed.warmupDecay',
    library: 'deepspeed',
    group: 'warmup',
    kind: 'deepspeed.WarmupDecayLR',
    title: 'Warm-up + linear decay (DeepSpeed)',
    description: 'From warmup_min_lr up to warmup_max_lr over warmup_num_steps (log or linear), then linearly to 0 at total_num_steps (WarmupDecayLR; it sets the lr itself)',
    params: [p('total_num_steps', (c) => c.steps, 'Total number of training steps'), DS.warmupSteps, DS.minLr, DS.maxLr, DS.warmupType],
    build: direct('deepspeed.WarmupDecayLR'),
  },
  {
    id: 'deepspeed.warmupCosine',
    library: 'deepspeed',
    group: 'warmup',
    kind: 'deepspeed.WarmupCosineLR',
    title: 'Warm-up + cosine (DeepSpeed)',
    description: "From warmup_min_ratio × lr up to lr over warmup_num_steps, then cosine to cos_min_ratio × lr at total_num_steps (WarmupCosineLR)",
    params: [
      p('total_num_steps', (c) => c.steps, 'Total number of training steps'),
      DS.warmupSteps,
      dflt('deepspeed.WarmupCosineLR', 'warmup_min_ratio', 'Start of the warm-up as a fraction of lr, in [0, 1]'),
      dflt('deepspeed.WarmupCosineLR', 'cos_min_ratio', 'Floor as a fraction of lr, in [0, 1]'),
      DS.warmupType,
    ],
    build: direct('deepspeed.WarmupCosineLR'),
  },
  {
    id: 'deepspeed.warmup',
    library: 'deepspeed',
    group: 'warmup',
    kind: 'deepspeed.WarmupLR',
    title: 'Warm-up, then constant (DeepSpeed)',
    description: 'From warmup_min_lr up to warmup_max_lr over warmup_num_steps (log or linear), then constant (WarmupLR; it sets the lr itself)',
    params: [DS.warmupSteps, DS.minLr, DS.maxLr, DS.warmupType],
    build: direct('deepspeed.WarmupLR'),
  },
  {
    id: 'deepspeed.oneCycle',
    library: 'deepspeed',
    group: 'cyclic',
    kind: 'deepspeed.OneCycle',
    title: 'One cycle (DeepSpeed)',
    description: 'Up from cycle_min_lr to cycle_max_lr over cycle_first_step_size steps, down again, then decaying (OneCycle; it sets the lr and cycles momentum)',
    params: [
      p('cycle_min_lr', (c) => sig(c.lr / 10), 'Lowest learning rate of the cycle'),
      p('cycle_max_lr', (c) => c.lr, 'Highest learning rate of the cycle'),
      p('cycle_first_step_size', (c) => int(c.steps * 0.45), 'Steps from cycle_min_lr up to cycle_max_lr (the way down takes as long)'),
      p('decay_step_size', (c) => int(c.steps / 20), 'Steps between decays after the cycle (0: no decay)'),
      p('decay_lr_rate', () => 0.1, 'Decay rate after the cycle: lr = cycle_min_lr / (1 + rate × decays)'),
    ],
    build: direct('deepspeed.OneCycle'),
  },
];

/**
 * Engine kinds the generator does not offer, and why (their descriptors' `notGenerated`).
 * Everything else in SIGNATURES is reachable from some catalogue entry (a unit test checks it).
 */
export const NOT_GENERATED: Readonly<Record<string, string>> = Object.fromEntries(
  ALL_KINDS.filter((d) => d.notGenerated).map((d) => [d.kind, d.notGenerated as string]),
);

export function entryById(id: string): CatalogueEntry | undefined {
  return CATALOGUE.find((e) => e.id === id);
}

/** The defaults of an entry for this file. */
export function defaultValues(entry: CatalogueEntry, ctx: GenContext): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const q of entry.params) out[q.name] = q.default(ctx, out);
  return out;
}

/**
 * The quick pick's step counter, "3/6": the total is the chosen schedule's (library, schedule, one
 * step per parameter). Before a schedule is chosen the total is not known yet: the range over the
 * library's schedules ("1/2–6"), never a total that a later step contradicts.
 */
export function stepCounter(stage: number, library: Library | undefined, entry: CatalogueEntry | undefined): string {
  if (entry) return `${stage + 1}/${2 + entry.params.length}`;
  const totals = CATALOGUE.filter((e) => !library || e.library === library).map((e) => 2 + e.params.length);
  const lo = Math.max(stage + 1, Math.min(...totals));
  const hi = Math.max(...totals);
  return lo === hi ? `${stage + 1}/${hi}` : `${stage + 1}/${lo}–${hi}`;
}

/** Every kind a call tree uses (the top call and nested schedulers), for imports and coverage. */
export function kindsIn(call: GenCall): string[] {
  const out = [call.kind];
  for (const v of Object.values(call.args)) {
    const list = Array.isArray(v) ? v : [v];
    for (const x of list) if (x !== null && typeof x === 'object' && 'kind' in x) out.push(...kindsIn(x));
  }
  return [...new Set(out)];
}
