import type { OptimizerSpec, ScheduleSpec } from '../src/core/engine';

/**
 * One representative schedule per kind, written twice: as the engine's description and as the
 * Python that builds the same scheduler with the real library, for the side-by-side timing.
 */
export interface EngineBenchCase {
  name: string;
  /** Closed-form kinds carry the ≤ 10 ns/step budget. */
  closedForm: boolean;
  spec: ScheduleSpec;
  optimizer: OptimizerSpec;
  /** Python: `optimizer` exists; assigns `scheduler`. */
  python: string;
  metric?: boolean;
}

const N = 1_000_000;
const sgd: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9 }] };
const SGD_PY = 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)';
const lin = (name: string, closedForm: boolean, kind: string, args: ScheduleSpec['args'], python: string): EngineBenchCase => ({
  name,
  closedForm,
  spec: { kind, args },
  optimizer: sgd,
  python: `${SGD_PY}\nscheduler = ${python}`,
});
const S = 'torch.optim.lr_scheduler';
const T = 'transformers';

export const ENGINE_BENCH_STEPS = N;

export const ENGINE_BENCH_CASES: EngineBenchCase[] = [
  lin('StepLR', true, 'StepLR', { step_size: 1000, gamma: 0.99 }, `${S}.StepLR(optimizer, step_size=1000, gamma=0.99)`),
  lin('MultiStepLR', true, 'MultiStepLR', { milestones: [300000, 600000, 900000] }, `${S}.MultiStepLR(optimizer, milestones=[300000, 600000, 900000])`),
  lin('ConstantLR', true, 'ConstantLR', { factor: 0.5, total_iters: 1000 }, `${S}.ConstantLR(optimizer, factor=0.5, total_iters=1000)`),
  lin('LinearLR', true, 'LinearLR', { start_factor: 0.01, total_iters: N }, `${S}.LinearLR(optimizer, start_factor=0.01, total_iters=${N})`),
  lin('ExponentialLR', true, 'ExponentialLR', { gamma: 0.999995 }, `${S}.ExponentialLR(optimizer, gamma=0.999995)`),
  lin('PolynomialLR', true, 'PolynomialLR', { total_iters: N, power: 2.0 }, `${S}.PolynomialLR(optimizer, total_iters=${N}, power=2.0)`),
  lin('CosineAnnealingLR', true, 'CosineAnnealingLR', { T_max: N, eta_min: 1e-6 }, `${S}.CosineAnnealingLR(optimizer, T_max=${N}, eta_min=1e-6)`),
  lin('CosineAnnealingWarmRestarts', true, 'CosineAnnealingWarmRestarts', { T_0: 1000, T_mult: 2 }, `${S}.CosineAnnealingWarmRestarts(optimizer, T_0=1000, T_mult=2)`),
  lin('CyclicLR', true, 'CyclicLR', { base_lr: 0.001, max_lr: 0.1, step_size_up: 2000 }, `${S}.CyclicLR(optimizer, base_lr=0.001, max_lr=0.1, step_size_up=2000)`),
  lin('OneCycleLR', true, 'OneCycleLR', { max_lr: 0.1, total_steps: N }, `${S}.OneCycleLR(optimizer, max_lr=0.1, total_steps=${N})`),
  // The tutorial's shape: a linear warm-up `if` then linear decay. The engine's own cost is budgeted;
  // with `**` the lambda's Math.pow (≈ 45 ns alone on the bench machine) is most of the time.
  lin(
    'LambdaLR (JS lambda: warm-up, decay)',
    true,
    'LambdaLR',
    { lr_lambda: (e: number) => (e < 1000 ? e / 1000 : Math.max(0.0, (N - e) / (N - 1000))) },
    `${S}.LambdaLR(optimizer, lambda e: e / 1000 if e < 1000 else max(0.0, (${N} - e) / (${N} - 1000)))`,
  ),
  lin('LambdaLR (JS lambda with **)', false, 'LambdaLR', { lr_lambda: (e: number) => 0.95 ** (e / 1000) }, `${S}.LambdaLR(optimizer, lambda e: 0.95 ** (e / 1000))`),
  lin('MultiplicativeLR (JS lambda)', false, 'MultiplicativeLR', { lr_lambda: () => 0.999995 }, `${S}.MultiplicativeLR(optimizer, lambda e: 0.999995)`),
  lin(
    'SequentialLR (LinearLR → Cosine)',
    false,
    'SequentialLR',
    { schedulers: [{ kind: 'LinearLR', args: { start_factor: 0.01, total_iters: 1000 } }, { kind: 'CosineAnnealingLR', args: { T_max: N - 1000 } }], milestones: [1000] },
    `${S}.SequentialLR(optimizer, [${S}.LinearLR(optimizer, start_factor=0.01, total_iters=1000), ${S}.CosineAnnealingLR(optimizer, T_max=${N - 1000})], milestones=[1000])`,
  ),
  lin(
    'ChainedScheduler (Constant × Exp)',
    false,
    'ChainedScheduler',
    { schedulers: [{ kind: 'ConstantLR', args: { factor: 0.5, total_iters: 1000 } }, { kind: 'ExponentialLR', args: { gamma: 0.999995 } }] },
    `${S}.ChainedScheduler([${S}.ConstantLR(optimizer, factor=0.5, total_iters=1000), ${S}.ExponentialLR(optimizer, gamma=0.999995)])`,
  ),
  { ...lin('ReduceLROnPlateau', false, 'ReduceLROnPlateau', { patience: 5 }, `${S}.ReduceLROnPlateau(optimizer, patience=5)`), metric: true },
  lin('hf linear', true, 'get_linear_schedule_with_warmup', { num_warmup_steps: 10000, num_training_steps: N }, `${T}.get_linear_schedule_with_warmup(optimizer, 10000, ${N})`),
  lin('hf cosine', true, 'get_cosine_schedule_with_warmup', { num_warmup_steps: 10000, num_training_steps: N }, `${T}.get_cosine_schedule_with_warmup(optimizer, 10000, ${N})`),
  lin('hf cosine_with_restarts', true, 'get_cosine_with_hard_restarts_schedule_with_warmup', { num_warmup_steps: 10000, num_training_steps: N, num_cycles: 3 }, `${T}.get_cosine_with_hard_restarts_schedule_with_warmup(optimizer, 10000, ${N}, num_cycles=3)`),
  lin('hf polynomial', true, 'get_polynomial_decay_schedule_with_warmup', { num_warmup_steps: 10000, num_training_steps: N, power: 2.0 }, `${T}.get_polynomial_decay_schedule_with_warmup(optimizer, 10000, ${N}, power=2.0)`),
  lin('hf inverse_sqrt', true, 'get_inverse_sqrt_schedule', { num_warmup_steps: 10000 }, `${T}.get_inverse_sqrt_schedule(optimizer, 10000)`),
  lin('hf constant_with_warmup', true, 'get_constant_schedule_with_warmup', { num_warmup_steps: 10000 }, `${T}.get_constant_schedule_with_warmup(optimizer, 10000)`),
  lin('hf cosine_with_min_lr', true, 'get_cosine_with_min_lr_schedule_with_warmup', { num_warmup_steps: 10000, num_training_steps: N, min_lr: 1e-5 }, `${T}.get_cosine_with_min_lr_schedule_with_warmup(optimizer, 10000, ${N}, min_lr=1e-5)`),
  lin('hf warmup_stable_decay', true, 'get_wsd_schedule', { num_warmup_steps: 10000, num_decay_steps: 200000, num_training_steps: N }, `${T}.get_wsd_schedule(optimizer, 10000, 200000, num_training_steps=${N})`),
];
