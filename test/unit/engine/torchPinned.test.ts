// The constructor checks of the torch schedulers (src/core/engine/torch), pinned by value: each
// refusal's type, text and argument, and both sides of each boundary (issue 20). The texts are
// PyTorch 2.x's lr_scheduler.py / swa_utils.py (pytorch/pytorch main); where PyTorch 1.13 (the
// python3-torch on this machine) says otherwise, the note says so. The short curves beside the
// boundaries were checked against torch 1.13 (from last_epoch -1 they are the same in 2.x).
import * as assert from 'node:assert/strict';
import { simulate, type ArgValue, type OptimizerSpec, type ScheduleSpec } from '../../../src/core/engine';

const SGD: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1 }] };
const SGD_MOMENTUM: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9 }] };

function run(kind: string, args: Record<string, ArgValue>, optimizer = SGD, floats?: string[]) {
  const spec: ScheduleSpec = floats ? { kind, args, floats } : { kind, args };
  return simulate(spec, optimizer, { steps: 3 });
}

/** The construction-time refusal as [type, message, argument] (it must be at step 0). */
function refused(kind: string, args: Record<string, ArgValue>, optimizer = SGD, floats?: string[]) {
  const e = run(kind, args, optimizer, floats).error;
  assert.ok(e, `${kind} ${JSON.stringify(args)}: expected a refusal`);
  assert.equal(e.atStep, 0, `${kind}: refused at construction`);
  return [e.type, e.message, e.argument];
}

/** Constructs and runs 3 steps without an error. */
function accepted(kind: string, args: Record<string, ArgValue>, optimizer = SGD, floats?: string[]) {
  const c = run(kind, args, optimizer, floats);
  assert.equal(c.error, undefined, `${kind} ${JSON.stringify(args)}: ${c.error?.message}`);
  assert.equal(c.rows, 4);
  return c;
}

describe('torch constructors: ConstantLR and LinearLR factors', () => {
  it('ConstantLR factor in [0, 1]; outside is the ValueError (same text in 1.13)', () => {
    const out = ['ValueError', 'Constant multiplicative factor expected to be between 0 and 1.', 'factor'];
    assert.deepEqual(refused('ConstantLR', { factor: 1.5 }), out);
    assert.deepEqual(refused('ConstantLR', { factor: -0.1 }), out);
    assert.deepEqual(Array.from(accepted('ConstantLR', { factor: 1, total_iters: 2 }).lr), [0.1, 0.1, 0.1, 0.1]);
    // factor 0: lr 0, and the undo at total_iters divides by it (ZeroDivisionError at that step, as Python).
    const zero = run('ConstantLR', { factor: 0, total_iters: 2 });
    assert.deepEqual([zero.error?.atStep, zero.error?.type, zero.error?.argument], [2, 'ZeroDivisionError', 'factor']);
    assert.deepEqual(Array.from(zero.lr.subarray(0, 2)), [0, 0]);
  });

  it('LinearLR start_factor in (0, 1] with 2.x\'s text (1.13 accepted 0 and said "between 0 and 1")', () => {
    const start = ['ValueError', 'Starting multiplicative factor expected to be greater than 0 and less or equal to 1.', 'start_factor'];
    assert.deepEqual(refused('LinearLR', { start_factor: 0 }), start);
    assert.deepEqual(refused('LinearLR', { start_factor: 1.1 }), start);
    assert.deepEqual(refused('LinearLR', { start_factor: -0.5 }), start);
    assert.deepEqual(Array.from(accepted('LinearLR', { start_factor: 1, total_iters: 2 }).lr), [0.1, 0.1, 0.1, 0.1]);
  });

  it('LinearLR end_factor in [0, 1]', () => {
    const end = ['ValueError', 'Ending multiplicative factor expected to be between 0 and 1.', 'end_factor'];
    assert.deepEqual(refused('LinearLR', { end_factor: 1.1 }), end);
    assert.deepEqual(refused('LinearLR', { end_factor: -0.1 }), end);
    // end_factor 0 and 1 are fine: start 0.5 → 0 over 2 steps, and → 1 over 2 steps.
    assert.deepEqual(Array.from(accepted('LinearLR', { start_factor: 0.5, end_factor: 0, total_iters: 2 }).lr), [0.05, 0.025, 0, 0]);
    assert.deepEqual(Array.from(accepted('LinearLR', { start_factor: 0.5, end_factor: 1, total_iters: 2 }).lr), [0.05, 0.07500000000000001, 0.1, 0.1]);
  });
});

describe('torch constructors: SWALR', () => {
  it("anneal_strategy is 'cos' or 'linear' (torch's own typo 'must by')", () => {
    assert.deepEqual(refused('SWALR', { swa_lr: 0.05, anneal_strategy: 'exp' }), [
      'ValueError',
      "anneal_strategy must by one of 'cos' or 'linear', instead got exp",
      'anneal_strategy',
    ]);
    // linear: 0.1 → 0.05 over 2 epochs, half way each step.
    assert.deepEqual(Array.from(accepted('SWALR', { swa_lr: 0.05, anneal_epochs: 2, anneal_strategy: 'linear' }).lr), [0.1, 0.07500000000000001, 0.05, 0.05]);
  });

  it('anneal_epochs an int ≥ 0: -1, 2.5 and 2.0 refused, 0 fine (same in 1.13)', () => {
    const msg = (got: string) => ['ValueError', `anneal_epochs must be equal or greater than 0, got ${got}`, 'anneal_epochs'];
    assert.deepEqual(refused('SWALR', { swa_lr: 0.05, anneal_epochs: -1 }), msg('-1'));
    assert.deepEqual(refused('SWALR', { swa_lr: 0.05, anneal_epochs: 2.5 }), msg('2.5'));
    assert.deepEqual(refused('SWALR', { swa_lr: 0.05, anneal_epochs: 2 }, SGD, ['anneal_epochs']), msg('2.0'));
    // anneal_epochs 0: at swa_lr from the first step.
    assert.deepEqual(Array.from(accepted('SWALR', { swa_lr: 0.05, anneal_epochs: 0 }).lr), [0.05, 0.05, 0.05, 0.05]);
  });
});

describe('torch constructors: CosineAnnealingWarmRestarts', () => {
  it('T_0 a positive int, T_mult an int ≥ 1, both sides of each bound (same text in 1.13)', () => {
    assert.deepEqual(refused('CosineAnnealingWarmRestarts', { T_0: 0 }), ['ValueError', 'Expected positive integer T_0, but got 0', 'T_0']);
    assert.deepEqual(refused('CosineAnnealingWarmRestarts', { T_0: -2 }), ['ValueError', 'Expected positive integer T_0, but got -2', 'T_0']);
    assert.deepEqual(Array.from(accepted('CosineAnnealingWarmRestarts', { T_0: 1 }).lr), [0.1, 0.1, 0.1, 0.1]);
    assert.deepEqual(refused('CosineAnnealingWarmRestarts', { T_0: 2, T_mult: 0 }), ['ValueError', 'Expected integer T_mult >= 1, but got 0', 'T_mult']);
    assert.deepEqual(refused('CosineAnnealingWarmRestarts', { T_0: 2, T_mult: 1.5 }), ['ValueError', 'Expected integer T_mult >= 1, but got 1.5', 'T_mult']);
    assert.deepEqual(Array.from(accepted('CosineAnnealingWarmRestarts', { T_0: 2, T_mult: 1 }).lr), [0.1, 0.05, 0.1, 0.05]);
  });
});

describe('torch constructors: OneCycleLR', () => {
  const oc = (args: Record<string, ArgValue>, floats?: string[]) => refused('OneCycleLR', { max_lr: 0.1, ...args }, SGD_MOMENTUM, floats);

  it('total_steps a positive int: 0 and -1 refused, 1 fine (same text in 1.13)', () => {
    assert.deepEqual(oc({ total_steps: 0 }), ['ValueError', 'Expected positive integer total_steps, but got 0', 'total_steps']);
    assert.deepEqual(oc({ total_steps: -1 }), ['ValueError', 'Expected positive integer total_steps, but got -1', 'total_steps']);
    assert.deepEqual(oc({ total_steps: 2.5 }), ['ValueError', 'Expected positive integer total_steps, but got 2.5', 'total_steps']);
    assert.deepEqual(oc({ total_steps: 2 }, ['total_steps']), ['ValueError', 'Expected positive integer total_steps, but got 2.0', 'total_steps']);
    const one = run('OneCycleLR', { max_lr: 0.1, total_steps: 1 }, SGD_MOMENTUM);
    assert.equal(one.error?.atStep, 2, 'total_steps 1 constructs and raises only past its one step');
  });

  it('without total_steps: epochs and steps_per_epoch positive ints, else the "You must define" refusal', () => {
    assert.deepEqual(oc({}), ['ValueError', 'You must define either total_steps OR (epochs AND steps_per_epoch)', 'total_steps']);
    assert.deepEqual(oc({ epochs: 2 }), ['ValueError', 'You must define either total_steps OR (epochs AND steps_per_epoch)', 'total_steps']);
    assert.deepEqual(oc({ epochs: 0, steps_per_epoch: 3 }), ['ValueError', 'Expected positive integer epochs, but got 0', 'epochs']);
    assert.deepEqual(oc({ epochs: 1.5, steps_per_epoch: 3 }), ['ValueError', 'Expected positive integer epochs, but got 1.5', 'epochs']);
    assert.deepEqual(oc({ epochs: 2, steps_per_epoch: 3 }, ['epochs']), ['ValueError', 'Expected positive integer epochs, but got 2.0', 'epochs']);
    assert.deepEqual(oc({ epochs: 2, steps_per_epoch: 0 }), ['ValueError', 'Expected positive integer steps_per_epoch, but got 0', 'steps_per_epoch']);
    assert.deepEqual(oc({ epochs: 2, steps_per_epoch: 2.5 }), ['ValueError', 'Expected positive integer steps_per_epoch, but got 2.5', 'steps_per_epoch']);
    // epochs × steps_per_epoch is the length: 1 × 2 steps, then the step past it raises.
    const c = run('OneCycleLR', { max_lr: 0.1, epochs: 1, steps_per_epoch: 2 }, SGD_MOMENTUM);
    assert.deepEqual([c.error?.atStep, c.error?.message], [3, 'Tried to step 3 times. The specified number of total steps is 2']);
  });

  it('pct_start within [0, 1] and anneal_strategy cos or linear (2.x: "must be one of")', () => {
    assert.deepEqual(oc({ total_steps: 10, pct_start: 1.1 }), ['ValueError', 'Expected float between 0 and 1 pct_start, but got 1.1', 'pct_start']);
    assert.deepEqual(oc({ total_steps: 10, pct_start: -0.1 }), ['ValueError', 'Expected float between 0 and 1 pct_start, but got -0.1', 'pct_start']);
    assert.deepEqual(oc({ total_steps: 10, anneal_strategy: 'exp' }), [
      'ValueError',
      "anneal_strategy must be one of 'cos' or 'linear', instead got exp",
      'anneal_strategy',
    ]);
    assert.equal(run('OneCycleLR', { max_lr: 0.1, total_steps: 10, pct_start: 0.5, anneal_strategy: 'linear' }, SGD_MOMENTUM).error, undefined);
  });

  it('cycle_momentum needs momentum or beta1 (2.x text; 1.13 said "momentum" only and refused Adam)', () => {
    const adagrad: OptimizerSpec = { type: 'Adagrad', paramGroups: [{ lr: 0.1 }] };
    assert.deepEqual(refused('OneCycleLR', { max_lr: 0.1, total_steps: 10 }, adagrad), [
      'ValueError',
      'optimizer must support momentum or beta1 with `cycle_momentum` option enabled',
      'cycle_momentum',
    ]);
    assert.equal(run('OneCycleLR', { max_lr: 0.1, total_steps: 10, cycle_momentum: false }, adagrad).error, undefined);
    assert.equal(run('OneCycleLR', { max_lr: 0.1, total_steps: 10 }, { type: 'Adam', paramGroups: [{ lr: 0.1, betas: [0.9, 0.999] }] }).error, undefined);
  });
});

describe('torch constructors: CyclicLR', () => {
  it('an unknown mode without scale_fn is refused; with scale_fn the mode is ignored', () => {
    assert.deepEqual(refused('CyclicLR', { base_lr: 0.01, max_lr: 0.1, mode: 'foo' }, SGD_MOMENTUM), ['ValueError', 'mode is invalid and scale_fn is None', 'mode']);
    assert.equal(run('CyclicLR', { base_lr: 0.01, max_lr: 0.1, mode: 'foo', scale_fn: () => 1 }, SGD_MOMENTUM).error, undefined);
  });

  it('cycle_momentum on an optimizer with neither momentum nor betas', () => {
    assert.deepEqual(refused('CyclicLR', { base_lr: 0.01, max_lr: 0.1 }, { type: 'Adagrad', paramGroups: [{ lr: 0.1 }] }), [
      'ValueError',
      'optimizer must support momentum or beta1 with `cycle_momentum` option enabled',
      'cycle_momentum',
    ]);
  });
});

describe('torch constructors: the composites', () => {
  const step = (n: number): ScheduleSpec => ({ kind: 'StepLR', args: { step_size: n } });

  it('SequentialLR / ChainedScheduler with no scheduler: each its own text', () => {
    assert.deepEqual(refused('SequentialLR', { schedulers: [], milestones: [] }), ['ValueError', 'SequentialLR expects at least one scheduler, but got no scheduler.', 'schedulers']);
    assert.deepEqual(refused('ChainedScheduler', { schedulers: [] }), [
      'ValueError',
      'ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.',
      'schedulers',
    ]);
  });

  it('a ReduceLROnPlateau child is refused, naming its index', () => {
    const plateau: ScheduleSpec = { kind: 'ReduceLROnPlateau', args: {} };
    assert.deepEqual(refused('ChainedScheduler', { schedulers: [step(2), plateau] }), [
      'ValueError',
      'ChainedScheduler does not support `ReduceLROnPlateau` scheduler as it requires additional kwargs to be specified when calling `step`, but got one at index 1 in the given schedulers sequence.',
      'schedulers',
    ]);
  });

  it('SequentialLR: one milestone fewer than schedulers, exactly', () => {
    const text = (s: number, m: number) =>
      `Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${s} and the number of milestones to be equal to ${m}`;
    assert.deepEqual(refused('SequentialLR', { schedulers: [step(2), step(3)], milestones: [] }), ['ValueError', text(2, 0), 'milestones']);
    assert.deepEqual(refused('SequentialLR', { schedulers: [step(2)], milestones: [1] }), ['ValueError', text(1, 1), 'milestones']);
    accepted('SequentialLR', { schedulers: [step(2), step(3)], milestones: [2] });
  });

  it('ParamwiseScheduler: one child per param group', () => {
    assert.deepEqual(refused('ParamwiseScheduler', { schedulers: [step(2), step(3)] }), [
      'ValueError',
      'Number of schedulers must match the number of parameter groups in the optimizer. Got 2 schedulers and 1 parameter groups.',
      'schedulers',
    ]);
    const two: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1 }, { lr: 0.2 }] };
    const c = accepted('ParamwiseScheduler', { schedulers: [step(1), step(2)] }, two);
    // Group 0 by StepLR(1): × 0.1 every step; group 1 by StepLR(2): × 0.1 at step 2.
    assert.deepEqual(Array.from(c.lr).map((x) => Number(x.toPrecision(12))), [0.1, 0.2, 0.01, 0.2, 0.001, 0.02, 0.0001, 0.02]);
  });
});

describe('torch constructors: resuming', () => {
  it('last_epoch ≥ 0 without initial_lr is the KeyError naming the group', () => {
    const two: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1, initial_lr: 0.1 }, { lr: 0.2 }] };
    assert.deepEqual(refused('StepLR', { step_size: 2, last_epoch: 3 }, two), [
      'KeyError',
      "param 'initial_lr' is not specified in param_groups[1] when resuming an optimizer",
      'last_epoch',
    ]);
    // last_epoch -1 sets initial_lr itself.
    accepted('StepLR', { step_size: 2, last_epoch: -1 }, { type: 'SGD', paramGroups: [{ lr: 0.1 }, { lr: 0.2 }] });
  });
});
