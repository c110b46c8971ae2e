import * as assert from 'node:assert/strict';
import { MAX_STEPS, simulate, type ArgValue, type OptimizerSpec } from '../../../src/core/engine';

/** Arguments the library refuses come back as a clear error naming the argument — never a throw. */
const SGD: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1 }] };

function errorOf(kind: string, args: Record<string, ArgValue>, steps = 10, optimizer = SGD) {
  const curve = simulate({ kind, args }, optimizer, { steps });
  assert.ok(curve.error, `${kind}: expected an error`);
  return curve.error;
}

describe('engine refuses bad input with a clear message', () => {
  it('StepLR step_size = 0: ZeroDivisionError at the first step, as PyTorch', () => {
    const e = errorOf('StepLR', { step_size: 0 });
    assert.equal(e.atStep, 1);
    assert.equal(e.type, 'ZeroDivisionError');
    assert.equal(e.argument, 'step_size');
    assert.match(e.message, /step_size is 0/);
  });

  it('StepLR step_size < 0 is refused at construction', () => {
    const e = errorOf('StepLR', { step_size: -3 });
    assert.equal(e.atStep, 0);
    assert.equal(e.argument, 'step_size');
  });

  it('CosineAnnealingLR T_max = 0 raises at step 1 naming T_max', () => {
    const e = errorOf('CosineAnnealingLR', { T_max: 0 });
    assert.equal(e.atStep, 1);
    assert.equal(e.type, 'ZeroDivisionError');
    assert.equal(e.argument, 'T_max');
  });

  it('an integral value written as a Python float is refused where PyTorch checks isinstance(x, int)', () => {
    const refused = (kind: string, args: Record<string, ArgValue>, floats: string[]) =>
      simulate({ kind, args, floats }, SGD, { steps: 10 }).error;
    assert.equal(refused('CosineAnnealingWarmRestarts', { T_0: 10 }, ['T_0'])?.message, 'Expected positive integer T_0, but got 10.0');
    assert.equal(refused('CosineAnnealingWarmRestarts', { T_0: 10, T_mult: 2 }, ['T_mult'])?.message, 'Expected integer T_mult >= 1, but got 2.0');
    assert.equal(refused('OneCycleLR', { max_lr: 0.1, total_steps: 100 }, ['total_steps'])?.argument, 'total_steps');
    assert.equal(
      refused('OneCycleLR', { max_lr: 0.1, epochs: 2, steps_per_epoch: 50 }, ['steps_per_epoch'])?.message,
      'Expected positive integer steps_per_epoch, but got 50.0',
    );
    // Floats are fine where PyTorch does not check: CosineAnnealingLR's T_max, StepLR's gamma.
    assert.equal(refused('CosineAnnealingLR', { T_max: 10 }, ['T_max']), undefined);
    assert.equal(refused('CosineAnnealingWarmRestarts', { T_0: 10, eta_min: 0 }, ['eta_min']), undefined);
  });

  it('CosineAnnealingWarmRestarts with a non-integer T_0', () => {
    const e = errorOf('CosineAnnealingWarmRestarts', { T_0: 2.5 });
    assert.equal(e.atStep, 0);
    assert.equal(e.message, 'Expected positive integer T_0, but got 2.5');
  });

  it('SequentialLR with a milestones count that does not match', () => {
    const e = errorOf('SequentialLR', {
      schedulers: [
        { kind: 'LinearLR', args: {} },
        { kind: 'ExponentialLR', args: { gamma: 0.9 } },
      ],
      milestones: [5, 10],
    });
    assert.equal(e.argument, 'milestones');
    assert.match(e.message, /number of schedulers 2 and the number of milestones to be equal to 2/);
  });

  it('SequentialLR containing ReduceLROnPlateau', () => {
    const e = errorOf('SequentialLR', {
      schedulers: [{ kind: 'LinearLR', args: {} }, { kind: 'ReduceLROnPlateau', args: {} }],
      milestones: [5],
    });
    assert.match(e.message, /does not support `ReduceLROnPlateau`/);
  });

  it('ConstantLR factor out of range', () => {
    assert.equal(errorOf('ConstantLR', { factor: 1.5 }).argument, 'factor');
  });

  it('ReduceLROnPlateau factor ≥ 1', () => {
    assert.equal(errorOf('ReduceLROnPlateau', { factor: 1.0 }).message, 'Factor should be < 1.0.');
  });

  it('transformers polynomial with lr_end ≥ lr', () => {
    const e = errorOf('get_polynomial_decay_schedule_with_warmup', { num_warmup_steps: 1, num_training_steps: 10, lr_end: 0.5 });
    assert.equal(e.message, 'lr_end (0.5) must be smaller than initial lr (0.1)');
    assert.equal(e.argument, 'lr_end');
  });

  it('cosine_with_min_lr without min_lr or min_lr_rate', () => {
    const e = errorOf('get_scheduler', { name: 'cosine_with_min_lr', num_warmup_steps: 1, num_training_steps: 10 });
    assert.match(e.message, /One of min_lr or min_lr_rate should be set/);
  });

  it('NaN arguments are named', () => {
    const e = errorOf('ExponentialLR', { gamma: NaN });
    assert.equal(e.argument, 'gamma');
    assert.match(e.message, /NaN/);
  });

  it('unknown and missing arguments are TypeErrors like Python', () => {
    assert.equal(errorOf('StepLR', { step_size: 3, verbose: true }).message, "StepLR.__init__() got an unexpected keyword argument 'verbose'");
    assert.equal(errorOf('StepLR', {}).message, "StepLR.__init__() missing 1 required positional argument: 'step_size'");
  });

  it('negative, fractional and NaN step counts', () => {
    for (const steps of [-1, 2.5, NaN]) {
      const curve = simulate({ kind: 'StepLR', args: { step_size: 3 } }, SGD, { steps });
      assert.equal(curve.error?.argument, 'steps');
      assert.equal(curve.rows, 0);
    }
  });

  it('a step count above the cap is refused without allocating', () => {
    const curve = simulate({ kind: 'StepLR', args: { step_size: 3 } }, SGD, { steps: MAX_STEPS + 1 });
    assert.equal(curve.error?.argument, 'steps');
    assert.equal(curve.lr.length, 0);
  });

  it('OneCycleLR stepped past total_steps reports the step and the 2.x message', () => {
    const curve = simulate({ kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 20 } }, SGD, { steps: 25 });
    assert.equal(curve.error?.atStep, 21);
    assert.equal(curve.error?.message, 'Tried to step 21 times. The specified number of total steps is 20');
    assert.equal(curve.rows, 21);
  });

  it('a throwing lr_lambda becomes an error at that step', () => {
    const boom = (e: number) => {
      if (e === 4) throw Object.assign(new Error('division by zero'), { pyType: 'ZeroDivisionError' });
      return 1;
    };
    const curve = simulate({ kind: 'LambdaLR', args: { lr_lambda: boom } }, SGD, { steps: 10 });
    assert.deepEqual(curve.error, { atStep: 4, type: 'ZeroDivisionError', message: 'division by zero' });
    assert.equal(curve.rows, 4);
  });

  it('resuming without initial_lr is a KeyError', () => {
    const e = errorOf('StepLR', { step_size: 3, last_epoch: 5 });
    assert.equal(e.type, 'KeyError');
    assert.match(e.message, /initial_lr/);
  });

  it('metric-driven schedules without metrics say so', () => {
    const e = errorOf('ReduceLROnPlateau', {});
    assert.equal(e.argument, 'metrics');
  });

  it('cycle_momentum on an optimizer without momentum', () => {
    const e = errorOf('CyclicLR', { base_lr: 0.01, max_lr: 0.1 }, 10, { type: 'Adagrad', paramGroups: [{ lr: 0.1 }] });
    assert.match(e.message, /optimizer must support momentum or beta1/);
  });

  it('unknown scheduler kinds and unknown get_scheduler names', () => {
    assert.match(errorOf('NotAScheduler', {}).message, /does not know the scheduler 'NotAScheduler'/);
    assert.match(errorOf('get_scheduler', { name: 'cosine_typo' }).message, /is not a valid SchedulerType/);
  });
});

describe("Python's max/min where a value is NaN", () => {
  it('max(0.0, nan) is 0.0 in Python: an infinite num_training_steps gives lr 0, not NaN', () => {
    // transformers: max(0.0, float(inf - step) / float(max(1, inf - warmup))) = max(0.0, nan) = 0.0
    const curve = simulate({ kind: 'get_linear_schedule_with_warmup', args: { num_warmup_steps: 0, num_training_steps: Infinity } }, SGD, { steps: 5 });
    assert.equal(curve.error, undefined);
    assert.deepEqual(Array.from(curve.lr), [0, 0, 0, 0, 0, 0]);
  });
});

describe("Python's math.cos with an infinite argument", () => {
  it('an infinite num_cycles: lr 0 at the first decay step (cos(nan)), then ValueError: math domain error, as transformers', () => {
    // progress 0: math.cos(inf * 0) = nan and max(0, nan) = 0; progress > 0: math.cos(inf) raises.
    for (const kind of ['get_cosine_schedule_with_warmup', 'get_cosine_with_min_lr_schedule_with_warmup']) {
      const args = { num_warmup_steps: 2, num_training_steps: 10, num_cycles: Infinity, ...(kind.includes('min_lr') ? { min_lr_rate: 0.1 } : {}) };
      const curve = simulate({ kind, args }, SGD, { steps: 5 });
      assert.deepEqual(Array.from(curve.lr), [0, 0.05, 0], kind);
      assert.deepEqual(curve.error && [curve.error.atStep, curve.error.type, curve.error.message], [3, 'ValueError', 'math domain error'], kind);
    }
  });

  it('hard restarts with an infinite num_cycles take inf % 1.0 = nan first, so the lr is 0 without an error', () => {
    const curve = simulate(
      { kind: 'get_cosine_with_hard_restarts_schedule_with_warmup', args: { num_warmup_steps: 2, num_training_steps: 10, num_cycles: Infinity } },
      SGD,
      { steps: 5 },
    );
    assert.equal(curve.error, undefined);
    assert.deepEqual(Array.from(curve.lr), [0, 0.05, 0, 0, 0, 0]);
  });
});
