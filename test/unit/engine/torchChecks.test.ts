// The torch schedulers' constructor checks and argument reading (src/core/engine/torch, and the
// descriptors that read the arguments, src/core/engine/kinds/torch.ts), pinned by value beside
// torchPinned.test.ts (issue 20): each refusal as [type, text, argument], the accepted value on the
// other side of each bound, and the short curves that show each argument was read (and its default).
import * as assert from 'node:assert/strict';
import { simulate, type ArgValue, type OptimizerSpec, type ScheduleSpec } from '../../../src/core/engine';

const SGD: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1 }] };
const MOMENTUM: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9 }] };
const TWO: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9 }, { lr: 0.2, momentum: 0.9 }] };

const round = (xs: ArrayLike<number>) => Array.from(xs, (x) => Number(x.toPrecision(10)));

function run(kind: string, args: Record<string, ArgValue>, optimizer = SGD, steps = 4) {
  return simulate({ kind, args }, optimizer, { steps });
}

/** A refusal as [type, message, argument, step]. */
function refusal(kind: string, args: Record<string, ArgValue>, optimizer = SGD) {
  const e = run(kind, args, optimizer).error;
  return e ? [e.type, e.message, e.argument, e.atStep] : 'accepted';
}

const step = (n: number): ScheduleSpec => ({ kind: 'StepLR', args: { step_size: n } });

describe('torch constructors: refusals and the value beside each bound', () => {
  // [kind, args, optimizer, refusal or 'accepted']
  const V = 'ValueError';
  const cases: [string, Record<string, ArgValue>, OptimizerSpec, unknown][] = [
    ['StepLR', { step_size: -3 }, SGD, [V, 'step_size must be a positive number of epochs, got -3', 'step_size', 0]],
    ['StepLR', { step_size: -0.5 }, SGD, [V, 'step_size must be a positive number of epochs, got -0.5', 'step_size', 0]],
    ['StepLR', { step_size: 0.5 }, SGD, 'accepted'],
    // CyclicLR: up + down > 0 and neither negative (down = up when None).
    ['CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: 0, step_size_down: 0 }, MOMENTUM, [V, 'step_size_up and step_size_down must be positive, got 0 and 0', 'step_size_up', 0]],
    ['CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: -2 }, MOMENTUM, [V, 'step_size_up and step_size_down must be positive, got -2 and -2', 'step_size_up', 0]],
    ['CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: -1, step_size_down: 5 }, MOMENTUM, [V, 'step_size_up and step_size_down must be positive, got -1 and 5', 'step_size_up', 0]],
    ['CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: 5, step_size_down: -1 }, MOMENTUM, [V, 'step_size_up and step_size_down must be positive, got 5 and -1', 'step_size_up', 0]],
    ['CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: 1, step_size_down: 0 }, MOMENTUM, 'accepted'],
    // up 0 passes the check, and the first step divides by its step ratio 0 (as PyTorch's x / step_ratio).
    ['CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: 0, step_size_down: 4 }, MOMENTUM, ['ZeroDivisionError', 'float division by zero (step_size_up)', 'step_size_up', 0]],
    ['CyclicLR', { base_lr: 0.01, max_lr: 0.1, mode: 'triangular2' }, MOMENTUM, 'accepted'],
    ['CyclicLR', { base_lr: 0.01, max_lr: 0.1, mode: 'exp_range' }, MOMENTUM, 'accepted'],
    ['CyclicLR', { base_lr: 0.01, max_lr: 0.1, cycle_momentum: false }, { type: 'Adagrad', paramGroups: [{ lr: 0.1 }] }, 'accepted'],
    ['CyclicLR', { base_lr: 0.01, max_lr: 0.1 }, { type: 'Adam', paramGroups: [{ lr: 0.1, betas: [0.9, 0.999] }] }, 'accepted'],
    // OneCycleLR: pct_start's bounds are inclusive.
    ['OneCycleLR', { max_lr: 0.1, total_steps: 10, pct_start: 0 }, MOMENTUM, 'accepted'],
    ['OneCycleLR', { max_lr: 0.1, total_steps: 10, pct_start: 1 }, MOMENTUM, 'accepted'],
    ['OneCycleLR', { max_lr: 0.1, epochs: 2, steps_per_epoch: 2 }, MOMENTUM, 'accepted'],
    ['OneCycleLR', { max_lr: 0.1, steps_per_epoch: 3 }, MOMENTUM, [V, 'You must define either total_steps OR (epochs AND steps_per_epoch)', 'total_steps', 0]],
    // The composites: every child a torch LRScheduler that is not ReduceLROnPlateau.
    ['ParamwiseScheduler', { schedulers: [] }, SGD, [V, 'ParamwiseScheduler expects at least one scheduler to be chained, but got no scheduler.', 'schedulers', 0]],
    [
      'SequentialLR',
      { schedulers: [step(2), { kind: 'deepspeed.WarmupLR', args: {} }], milestones: [2] },
      SGD,
      [V, 'SequentialLR does not support `ReduceLROnPlateau` scheduler as it requires additional kwargs to be specified when calling `step`, but got one at index 1 in the given schedulers sequence.', 'schedulers', 0],
    ],
    [
      'ChainedScheduler',
      { schedulers: [{ kind: 'ReduceLROnPlateau', args: {} }] },
      SGD,
      [V, 'ChainedScheduler does not support `ReduceLROnPlateau` scheduler as it requires additional kwargs to be specified when calling `step`, but got one at index 0 in the given schedulers sequence.', 'schedulers', 0],
    ],
    ['ChainedScheduler', { schedulers: [step(2)] }, SGD, 'accepted'],
    ['SequentialLR', { schedulers: [step(2)], milestones: [] }, SGD, 'accepted'],
    ['ParamwiseScheduler', { schedulers: [step(2)] }, SGD, 'accepted'],
  ];
  for (const [kind, args, optimizer, expected] of cases) {
    it(`${kind} ${JSON.stringify(args)}`, () => assert.deepEqual(refusal(kind, args, optimizer), expected));
  }
});

describe('torch constructors: each argument read, and its default', () => {
  /** lr (and momentum when cycled) of the first group, 10 significant digits. */
  const curve = (kind: string, args: Record<string, ArgValue>, optimizer = SGD, steps = 4) => {
    const c = run(kind, args, optimizer, steps);
    assert.equal(c.error, undefined, c.error?.message);
    return c.momentum ? [round(c.lr), round(c.momentum)] : [round(c.lr)];
  };
  // [kind, args, optimizer, steps, lr rows (and momentum rows)]
  const cases: [string, Record<string, ArgValue>, OptimizerSpec, number, number[][]][] = [
    ['StepLR', { step_size: 2 }, SGD, 4, [[0.1, 0.1, 0.01, 0.01, 0.001]]],
    ['StepLR', { step_size: 2, gamma: 0.5 }, SGD, 4, [[0.1, 0.1, 0.05, 0.05, 0.025]]],
    ['MultiStepLR', { milestones: [1, 3, 3] }, SGD, 4, [[0.1, 0.01, 0.01, 0.0001, 0.0001]]],
    ['MultiStepLR', { milestones: [2], gamma: 0.5 }, SGD, 3, [[0.1, 0.1, 0.05, 0.05]]],
    ['ExponentialLR', { gamma: 0.5 }, SGD, 3, [[0.1, 0.05, 0.025, 0.0125]]],
    // CyclicLR: triangular from base_lr (the group's lr overwritten), up 2 and down 2 (step_size_down None: up).
    ['CyclicLR', { base_lr: 0.02, max_lr: 0.1, step_size_up: 2, cycle_momentum: false }, SGD, 4, [[0.02, 0.06, 0.1, 0.06, 0.02]]],
    ['CyclicLR', { base_lr: 0.02, max_lr: 0.1, step_size_up: 1, step_size_down: 3, cycle_momentum: false }, SGD, 4, [[0.02, 0.1, 0.07333333333, 0.04666666667, 0.02]]],
    // triangular ignores gamma; triangular2 halves each cycle; exp_range scales by gamma ** iterations.
    ['CyclicLR', { base_lr: 0, max_lr: 0.1, step_size_up: 1, gamma: 0.5, cycle_momentum: false }, SGD, 4, [[0, 0.1, 0, 0.1, 0]]],
    ['CyclicLR', { base_lr: 0, max_lr: 0.1, step_size_up: 1, mode: 'triangular2', cycle_momentum: false }, SGD, 4, [[0, 0.1, 0, 0.05, 0]]],
    ['CyclicLR', { base_lr: 0, max_lr: 0.1, step_size_up: 1, mode: 'exp_range', gamma: 0.5, cycle_momentum: false }, SGD, 4, [[0, 0.05, 0, 0.0125, 0]]],
    // A scale_fn by cycle (the default scale_mode) or by iterations.
    ['CyclicLR', { base_lr: 0, max_lr: 0.1, step_size_up: 1, scale_fn: (x: number) => x, cycle_momentum: false }, SGD, 4, [[0, 0.1, 0, 0.2, 0]]],
    ['CyclicLR', { base_lr: 0, max_lr: 0.1, step_size_up: 1, scale_fn: (x: number) => x, scale_mode: 'iterations', cycle_momentum: false }, SGD, 4, [[0, 0.1, 0, 0.3, 0]]],
    // Momentum from max_momentum (0.9) down to base_momentum (0.8) as the lr rises.
    ['CyclicLR', { base_lr: 0, max_lr: 0.1, step_size_up: 2 }, MOMENTUM, 3, [[0, 0.05, 0.1, 0.05], [0.9, 0.85, 0.8, 0.85]]],
    ['CyclicLR', { base_lr: 0, max_lr: 0.1, step_size_up: 1, base_momentum: 0.5, max_momentum: 0.7 }, MOMENTUM, 2, [[0, 0.1, 0], [0.7, 0.5, 0.7]]],
    // OneCycleLR: the peak at step pct_start·total − 1, from max_lr / div_factor (25) to initial / final_div_factor
    // (1e4) at the last step, half way between at the middle step (cos or linear alike); momentum 0.95 → 0.85 → 0.95.
    ['OneCycleLR', { max_lr: 0.1, total_steps: 4, pct_start: 0.5 }, MOMENTUM, 3, [[0.004, 0.1, 0.0500002, 4e-7], [0.95, 0.85, 0.9, 0.95]]],
    ['OneCycleLR', { max_lr: 1, total_steps: 4, pct_start: 0.5, div_factor: 10, final_div_factor: 2, anneal_strategy: 'linear', base_momentum: 0.5, max_momentum: 0.7 }, MOMENTUM, 3, [[0.1, 1, 0.525, 0.05], [0.7, 0.5, 0.6, 0.7]]],
    // Three phases: up to step 1, back to initial at step 2, then down to the minimum at step 4.
    ['OneCycleLR', { max_lr: 1, total_steps: 5, pct_start: 0.4, div_factor: 10, final_div_factor: 2, anneal_strategy: 'linear', three_phase: true, cycle_momentum: false }, SGD, 4, [[0.1, 1, 0.1, 0.075, 0.05]]],
    ['OneCycleLR', { max_lr: 1, epochs: 2, steps_per_epoch: 2, pct_start: 0.5, anneal_strategy: 'linear', cycle_momentum: false }, SGD, 3, [[0.04, 1, 0.500002, 0.000004]]],
    // CosineAnnealingWarmRestarts: T_0 2 then 4 (T_mult 2), to eta_min.
    ['CosineAnnealingWarmRestarts', { T_0: 2, T_mult: 2, eta_min: 0.02 }, SGD, 6, [[0.1, 0.06, 0.1, 0.08828427125, 0.06, 0.03171572875, 0.1]]],
    // The composites: SequentialLR hands over at the milestone; ChainedScheduler multiplies.
    ['SequentialLR', { schedulers: [{ kind: 'ConstantLR', args: { factor: 0.5, total_iters: 10 } }, step(1)], milestones: [2] }, SGD, 4, [[0.05, 0.05, 0.1, 0.01, 0.001]]],
    ['ChainedScheduler', { schedulers: [{ kind: 'ConstantLR', args: { factor: 0.5, total_iters: 2 } }, step(1)] }, SGD, 3, [[0.05, 0.005, 0.001, 0.0001]]],
    // At the hand-over MultiStepLR takes its closed form, base · γ^bisect_right(sorted milestones, 0): [2, 0] → γ¹;
    // then its milestone 2 is reached at epoch 2 (step 3).
    ['SequentialLR', { schedulers: [{ kind: 'ConstantLR', args: { factor: 0.5, total_iters: 10 } }, { kind: 'MultiStepLR', args: { milestones: [2, 0] } }], milestones: [1] }, SGD, 3, [[0.05, 0.01, 0.01, 0.001]]],
  ];
  for (const [kind, args, optimizer, steps, rows] of cases) {
    it(`${kind} ${JSON.stringify(args)}`, () => assert.deepEqual(curve(kind, args, optimizer, steps), rows));
  }

  it("SequentialLR undoes a nested composite's children as a plain child's (recursive_undo): the same curve", () => {
    const plain = curve('SequentialLR', { schedulers: [step(2), step(1)], milestones: [3] });
    const nested = (kind: string, args: Record<string, ArgValue>) => curve('SequentialLR', { schedulers: [{ kind, args }, step(1)], milestones: [3] });
    assert.deepEqual(nested('ChainedScheduler', { schedulers: [step(2)] }), plain);
    assert.deepEqual(nested('SequentialLR', { schedulers: [step(2)], milestones: [] }), plain);
    assert.deepEqual(plain, [[0.1, 0.1, 0.01, 0.1, 0.01]]);
  });

  it('per group: CyclicLR and OneCycleLR read a list per param group', () => {
    const c = run('CyclicLR', { base_lr: [0, 0.1], max_lr: [0.1, 0.3], step_size_up: 1, base_momentum: [0.5, 0.6], max_momentum: [0.7, 0.8] }, TWO, 2);
    assert.deepEqual([round(c.lr), round(c.momentum!)], [
      [0, 0.1, 0.1, 0.3, 0, 0.1],
      [0.7, 0.8, 0.5, 0.6, 0.7, 0.8],
    ]);
    const o = run('OneCycleLR', { max_lr: [1, 2], total_steps: 4, pct_start: 0.5, div_factor: 10, final_div_factor: 2, base_momentum: [0.5, 0.6], max_momentum: [0.7, 0.8] }, TWO, 2);
    assert.deepEqual([round(o.lr), round(o.momentum!)], [
      [0.1, 0.2, 1, 2, 0.525, 1.05],
      [0.7, 0.8, 0.5, 0.6, 0.6, 0.7],
    ]);
  });
});

describe('torch constructors: OneCycleLR resumed (last_epoch ≥ 0)', () => {
  it("on groups OneCycleLR did not set up is PyTorch's KeyError for the first key it reads (checked with torch 1.13: KeyError: 'max_lr')", () => {
    const resumed: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9, initial_lr: 0.1 }] };
    assert.deepEqual(refusal('OneCycleLR', { max_lr: 1, total_steps: 100, last_epoch: 10 }, resumed), ['KeyError', "'max_lr'", 'last_epoch', 0]);
    assert.deepEqual(refusal('OneCycleLR', { max_lr: 1, total_steps: 100, last_epoch: 10 }, MOMENTUM), [
      'KeyError',
      "param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer",
      'last_epoch',
      0,
    ]);
    assert.equal(refusal('OneCycleLR', { max_lr: 1, total_steps: 100 }, resumed), 'accepted');
  });
});
