import * as assert from 'node:assert/strict';
import { simulate, type Curve, type OptimizerSpec, type ScheduleSpec } from '../../../src/core/engine';
import { simulateInChunks, simulateStepByStep } from '../../../src/core/engine/simulate';
import { loadOracle, specOf } from '../helpers/oracle';

/**
 * The tight loops used for stand-alone schedulers must give bit-identical curves to stepping
 * `scheduler.step()` one call at a time (the path the oracle also checks through composites).
 * simulate() calls them 4,096 steps at a time; the same runs in calls of 1, 3 and 7 steps put chunk
 * boundaries everywhere a short run has them, so every loop is checked resuming mid-run.
 */
function assertIdentical(spec: ScheduleSpec, optimizer: OptimizerSpec, steps: number, label: string): void {
  const slow = simulateStepByStep(spec, optimizer, { steps });
  assertSameCurve(simulate(spec, optimizer, { steps }), slow, label);
  for (const chunk of [1, 3, 7]) assertSameCurve(simulateInChunks(spec, optimizer, { steps }, chunk), slow, `${label} (in ${chunk}-step calls)`);
}

function assertSameCurve(fast: Curve, slow: Curve, label: string): void {
  assert.deepEqual(fast.error, slow.error, `${label}: errors differ`);
  assert.equal(fast.rows, slow.rows, `${label}: rows differ`);
  for (let i = 0; i < slow.lr.length; i++) {
    if (!Object.is(fast.lr[i], slow.lr[i])) assert.fail(`${label}: lr[${i}] ${fast.lr[i]} !== ${slow.lr[i]}`);
  }
  assert.equal(Boolean(fast.momentum), Boolean(slow.momentum), `${label}: momentum presence`);
  if (slow.momentum && fast.momentum) {
    for (let i = 0; i < slow.momentum.length; i++) {
      if (!Object.is(fast.momentum[i], slow.momentum[i])) assert.fail(`${label}: momentum[${i}] differs`);
    }
  }
}

describe('fast loops are bit-identical to step-by-step simulation', () => {
  it('on every oracle case without metrics', () => {
    let checked = 0;
    for (const { c } of loadOracle()) {
      if (c.metrics) continue;
      const { spec, optimizer } = specOf(c);
      assertIdentical(spec, optimizer, c.steps, c.id);
      checked++;
    }
    assert.ok(checked > 100);
  });

  it('on a sweep of parameters, group counts and run lengths', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    const makers: Array<() => ScheduleSpec> = [
      () => ({ kind: 'StepLR', args: { step_size: int(1, 50), gamma: rnd() } }),
      () => ({ kind: 'MultiStepLR', args: { milestones: [int(0, 30), int(0, 60), int(0, 90)], gamma: rnd() } }),
      () => ({ kind: 'ConstantLR', args: { factor: 0.05 + rnd() * 0.95, total_iters: int(0, 40) } }),
      () => ({ kind: 'LinearLR', args: { start_factor: 0.01 + rnd() * 0.99, end_factor: rnd(), total_iters: int(1, 80) } }),
      () => ({ kind: 'ExponentialLR', args: { gamma: 0.9 + rnd() * 0.1 } }),
      () => ({ kind: 'PolynomialLR', args: { total_iters: int(1, 80), power: rnd() * 3 } }),
      () => ({ kind: 'CosineAnnealingLR', args: { T_max: int(1, 60), eta_min: rnd() * 1e-3 } }),
      () => ({ kind: 'CosineAnnealingWarmRestarts', args: { T_0: int(1, 20), T_mult: int(1, 3), eta_min: rnd() * 1e-3 } }),
      () => ({ kind: 'CyclicLR', args: { base_lr: 0.001, max_lr: 0.1, step_size_up: int(1, 20), step_size_down: int(1, 20), mode: ['triangular', 'triangular2', 'exp_range'][int(0, 2)], gamma: 0.99 } }),
      () => ({ kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: int(10, 200), pct_start: 0.1 + rnd() * 0.8, three_phase: rnd() < 0.5, anneal_strategy: rnd() < 0.5 ? 'cos' : 'linear' } }),
      () => ({ kind: 'get_cosine_schedule_with_warmup', args: { num_warmup_steps: int(0, 30), num_training_steps: int(31, 200) } }),
      () => ({ kind: 'get_cosine_with_hard_restarts_schedule_with_warmup', args: { num_warmup_steps: int(0, 30), num_training_steps: int(31, 200), num_cycles: int(1, 5) } }),
      () => ({ kind: 'get_cosine_with_min_lr_schedule_with_warmup', args: { num_warmup_steps: int(0, 30), num_training_steps: int(31, 200), min_lr_rate: rnd() * 0.5 } }),
      () => ({ kind: 'get_inverse_sqrt_schedule', args: { num_warmup_steps: int(0, 30), timescale: rnd() < 0.2 ? null : int(1, 40) } }),
      () => ({ kind: 'get_polynomial_decay_schedule_with_warmup', args: { num_warmup_steps: int(0, 30), num_training_steps: int(31, 200), power: rnd() * 3, lr_end: 1e-7 } }),
      () => ({ kind: 'get_linear_schedule_with_warmup', args: { num_warmup_steps: int(0, 30), num_training_steps: int(0, 200) } }),
      () => ({ kind: 'get_constant_schedule_with_warmup', args: { num_warmup_steps: int(0, 60) } }),
      () => ({
        kind: 'get_wsd_schedule',
        args: {
          num_warmup_steps: int(0, 30),
          num_stable_steps: int(0, 60),
          num_decay_steps: int(0, 80),
          warmup_type: ['linear', 'cosine', '1-sqrt'][int(0, 2)],
          decay_type: ['linear', 'cosine', '1-sqrt'][int(0, 2)],
          min_lr_ratio: rnd() < 0.5 ? 0 : rnd() * 0.5,
          num_cycles: rnd() < 0.5 ? 0.5 : rnd() * 2,
        },
      }),
    ];
    for (let n = 0; n < 600; n++) {
      const spec = makers[n % makers.length]();
      const groups = int(1, 3);
      const optimizer: OptimizerSpec = {
        type: 'SGD',
        paramGroups: Array.from({ length: groups }, () => ({ lr: 0.01 + rnd(), momentum: 0.9 })),
      };
      assertIdentical(spec, optimizer, int(0, 300), `${spec.kind} #${n}`);
    }
  });
});

describe('the cosine loops, inside and outside the cos table (|x| ≤ 3.25), are bit-identical to stepping', () => {
  const one: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9 }] };
  const resumed: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.05, initial_lr: 0.1, momentum: 0.9 }] };
  const cases: Array<[string, ScheduleSpec, number, OptimizerSpec?]> = [
    ['CosineAnnealingLR within T_max', { kind: 'CosineAnnealingLR', args: { T_max: 1000, eta_min: 1e-5 } }, 1000],
    ['CosineAnnealingLR to 3·T_max (arguments past 3.25)', { kind: 'CosineAnnealingLR', args: { T_max: 100, eta_min: 1e-5 } }, 300],
    ['CosineAnnealingLR with a negative T_max', { kind: 'CosineAnnealingLR', args: { T_max: -50 } }, 120],
    ['CosineAnnealingWarmRestarts T_mult 2', { kind: 'CosineAnnealingWarmRestarts', args: { T_0: 7, T_mult: 2, eta_min: 0.001 } }, 500],
    ['CosineAnnealingWarmRestarts resumed', { kind: 'CosineAnnealingWarmRestarts', args: { T_0: 10, last_epoch: 25 } }, 100, resumed],
    ['CosineAnnealingLR resumed', { kind: 'CosineAnnealingLR', args: { T_max: 400, last_epoch: 30 } }, 300, resumed],
    ['OneCycleLR, long phases', { kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 3000 } }, 3000],
    ['OneCycleLR, a last phase shorter than 29 steps (π·pct > 3.25 at the end)', { kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 40 } }, 40],
    ['OneCycleLR three-phase, short', { kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 12, three_phase: true } }, 12],
    ['cosine, half a cycle', { kind: 'get_cosine_schedule_with_warmup', args: { num_warmup_steps: 50, num_training_steps: 2000 } }, 2100],
    ['cosine, 2 cycles (past the table)', { kind: 'get_cosine_schedule_with_warmup', args: { num_warmup_steps: 5, num_training_steps: 300, num_cycles: 2 } }, 300],
    ['cosine, a negative num_cycles', { kind: 'get_cosine_schedule_with_warmup', args: { num_warmup_steps: 5, num_training_steps: 300, num_cycles: -0.5 } }, 300],
    ['cosine with min lr', { kind: 'get_cosine_with_min_lr_schedule_with_warmup', args: { num_warmup_steps: 10, num_training_steps: 500, min_lr_rate: 0.1 } }, 600],
    ['hard restarts', { kind: 'get_cosine_with_hard_restarts_schedule_with_warmup', args: { num_warmup_steps: 10, num_training_steps: 500, num_cycles: 3 } }, 600],
    ['wsd, 1-sqrt decay to min_lr_ratio', { kind: 'get_wsd_schedule', args: { num_warmup_steps: 10, num_stable_steps: 20, num_decay_steps: 30, decay_type: '1-sqrt', min_lr_ratio: 0.1 } }, 100],
    ['wsd, cosine decay of 3 cycles (past the table)', { kind: 'get_wsd_schedule', args: { num_warmup_steps: 10, num_stable_steps: 20, num_decay_steps: 30, num_cycles: 3 } }, 100],
    ['wsd, a negative stable phase', { kind: 'get_wsd_schedule', args: { num_warmup_steps: 10, num_stable_steps: -5, num_decay_steps: 30, decay_type: 'linear' } }, 60],
    ['LinearLR resumed mid-ramp', { kind: 'LinearLR', args: { start_factor: 0.1, total_iters: 50, last_epoch: 20 } }, 80, resumed],
    ['hard restarts, negative num_cycles', { kind: 'get_cosine_with_hard_restarts_schedule_with_warmup', args: { num_warmup_steps: 0, num_training_steps: 200, num_cycles: -1.5 } }, 200],
  ];
  for (const [label, spec, steps, optimizer = one] of cases) {
    it(label, () => {
      const curve = simulate(spec, optimizer, { steps });
      assert.equal(curve.error, undefined, curve.error?.message);
      assert.equal(curve.rows, steps + 1);
      assertIdentical(spec, optimizer, steps, label);
    });
  }
});

describe('the fast loops leave the steps where the library raises to step-by-step', () => {
  const one: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1 }] };
  const resumed: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.05, initial_lr: 0.1 }] };
  const raisesAt20 = (e: number) => {
    if (e === 20) throw Object.assign(new Error('float division by zero'), { pyType: 'ZeroDivisionError' });
    return 0.97;
  };
  const cases: Array<[string, ScheduleSpec, string, OptimizerSpec?]> = [
    ['inverse_sqrt, a negative timescale: (step + shift) / timescale reaches -0', { kind: 'get_inverse_sqrt_schedule', args: { num_warmup_steps: 5, timescale: -10 } }, 'ZeroDivisionError'],
    ['MultiplicativeLR, an lr_lambda that raises at epoch 20', { kind: 'MultiplicativeLR', args: { lr_lambda: raisesAt20 } }, 'ZeroDivisionError'],
    ['LambdaLR, an lr_lambda that raises at epoch 20', { kind: 'LambdaLR', args: { lr_lambda: raisesAt20 } }, 'ZeroDivisionError'],
    ['inverse_sqrt, timescale 0', { kind: 'get_inverse_sqrt_schedule', args: { num_warmup_steps: 5, timescale: 0 } }, 'ZeroDivisionError'],
    ['inverse_sqrt, a negative timescale resumed past the zero: math domain error', { kind: 'get_inverse_sqrt_schedule', args: { num_warmup_steps: 5, timescale: -10, last_epoch: 30 } }, 'ValueError', resumed],
  ];
  for (const [label, spec, type, optimizer = one] of cases) {
    it(label, () => {
      assert.equal(simulate(spec, optimizer, { steps: 40 }).error?.type, type);
      for (const chunk of [4096, 1, 3]) {
        const fast = simulateInChunks(spec, optimizer, { steps: 40 }, chunk);
        const slow = simulateStepByStep(spec, optimizer, { steps: 40 });
        assert.equal(slow.error?.type, type, `${label}: ${slow.error?.message}`);
        assertSameCurve(fast, slow, `${label} (in ${chunk}-step calls)`);
      }
    });
  }
});

describe('SequentialLR runs its children\'s fast loops between milestones, bit-identical to stepping', () => {
  const one: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9 }] };
  const two: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1 }, { lr: 0.02 }] };
  const seq = (schedulers: ScheduleSpec[], milestones: number[]): ScheduleSpec => ({ kind: 'SequentialLR', args: { schedulers, milestones } });
  const warm: ScheduleSpec = { kind: 'LinearLR', args: { start_factor: 0.01, total_iters: 10 } };
  const cosine: ScheduleSpec = { kind: 'CosineAnnealingLR', args: { T_max: 90, eta_min: 1e-5 } };
  const overrun: ScheduleSpec = { kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 20, cycle_momentum: false } };
  const cases: Array<[string, ScheduleSpec, number, OptimizerSpec?]> = [
    ['warm-up then cosine (the common shape)', seq([warm, cosine], [10]), 100],
    ['warm-up then cosine, two groups', seq([warm, cosine], [10]), 100, two],
    ['ending exactly at the milestone, and before it', seq([warm, cosine], [10]), 10],
    ['a run shorter than the first stretch', seq([warm, cosine], [10]), 4],
    ['three children, the cosine run past T_max', seq([warm, { kind: 'ConstantLR', args: { factor: 0.5, total_iters: 5 } }, cosine], [10, 30]), 300],
    ['a milestone at 0', seq([warm, cosine], [0]), 50],
    ['repeated milestones', seq([warm, { kind: 'ExponentialLR', args: { gamma: 0.9 } }, cosine], [5, 5]), 40],
    ['milestones out of order (every step on its own)', seq([warm, { kind: 'ExponentialLR', args: { gamma: 0.9 } }, cosine], [20, 10]), 40],
    ['a child without a fast loop (a JS lambda)', seq([warm, { kind: 'LambdaLR', args: { lr_lambda: (e: number) => 1 / (1 + e) } }], [10]), 60],
    ['a nested SequentialLR', seq([warm, seq([{ kind: 'StepLR', args: { step_size: 7, gamma: 0.5 } }, cosine], [15])], [10]), 120],
    ['a transformers-style LambdaLR child with its own loop', seq([warm, { kind: 'get_cosine_schedule_with_warmup', args: { num_warmup_steps: 0, num_training_steps: 90 } }], [10]), 100],
    ['a child refused at construction (PolynomialLR total_iters=0)', seq([warm, { kind: 'PolynomialLR', args: { total_iters: 0 } }], [10]), 30],
    ['a child that raises partway (OneCycleLR stepped past total_steps)', seq([warm, overrun], [10]), 40],
    ['OneCycleLR inside (momentum cycled: every step on its own)', seq([warm, { kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 100 } }], [10]), 90],
  ];
  for (const [label, spec, steps, optimizer = one] of cases) it(label, () => assertIdentical(spec, optimizer, steps, label));

  it('reports a child\'s error at the same step as stepping does', () => {
    const spec = seq([warm, overrun], [10]);
    const fast = simulate(spec, one, { steps: 40 });
    assert.ok(fast.error, 'an error');
    assert.equal(fast.error.atStep, simulateStepByStep(spec, one, { steps: 40 }).error?.atStep);
    assert.ok(fast.error.atStep > 10, `at step ${fast.error.atStep}`);
    assert.match(fast.error.message, /Tried to step/);
  });
});

describe('runs longer than one 4,096-step call of the fast loops', () => {
  const one: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9 }] };
  const two: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9 }, { lr: 0.03, momentum: 0.8 }] };
  const specs: ScheduleSpec[] = [
    { kind: 'StepLR', args: { step_size: 1000, gamma: 0.5 } },
    { kind: 'MultiStepLR', args: { milestones: [4000, 4096, 4097, 8192, 9000], gamma: 0.5 } },
    { kind: 'ConstantLR', args: { factor: 0.5, total_iters: 4097 } },
    { kind: 'LinearLR', args: { start_factor: 0.01, total_iters: 5000 } },
    { kind: 'ExponentialLR', args: { gamma: 0.9999 } },
    { kind: 'PolynomialLR', args: { total_iters: 6000, power: 2 } },
    { kind: 'CosineAnnealingLR', args: { T_max: 3000, eta_min: 1e-5 } },
    { kind: 'CosineAnnealingWarmRestarts', args: { T_0: 1000, T_mult: 2 } },
    { kind: 'CyclicLR', args: { base_lr: 0.001, max_lr: 0.1, step_size_up: 1500, mode: 'triangular2' } },
    { kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 10000, three_phase: true } },
    { kind: 'MultiplicativeLR', args: { lr_lambda: (e: number) => (e % 1000 === 0 ? 0.5 : 0.99999) } },
    { kind: 'LambdaLR', args: { lr_lambda: (e: number) => 1 / Math.sqrt(1 + e) } },
    { kind: 'get_linear_schedule_with_warmup', args: { num_warmup_steps: 500, num_training_steps: 9000 } },
    { kind: 'get_cosine_schedule_with_warmup', args: { num_warmup_steps: 4100, num_training_steps: 10000 } },
    { kind: 'get_cosine_with_hard_restarts_schedule_with_warmup', args: { num_warmup_steps: 100, num_training_steps: 10000, num_cycles: 3 } },
    { kind: 'get_cosine_with_min_lr_schedule_with_warmup', args: { num_warmup_steps: 100, num_training_steps: 10000, min_lr: 1e-5 } },
    { kind: 'get_polynomial_decay_schedule_with_warmup', args: { num_warmup_steps: 100, num_training_steps: 9000, power: 2 } },
    { kind: 'get_inverse_sqrt_schedule', args: { num_warmup_steps: 100 } },
    { kind: 'get_wsd_schedule', args: { num_warmup_steps: 100, num_decay_steps: 3000, num_stable_steps: 5000 } },
  ];
  for (const spec of specs) {
    for (const optimizer of [one, two]) {
      const label = `${spec.kind}, ${optimizer.paramGroups?.length} group(s), 10,000 steps`;
      it(label, () => {
        const curve = simulate(spec, optimizer, { steps: 10_000 });
        assert.equal(curve.error, undefined, curve.error?.message);
        assertSameCurve(curve, simulateStepByStep(spec, optimizer, { steps: 10_000 }), label);
      });
    }
  }

  it('stops at the library\'s error in a later call (OneCycleLR stepped past total_steps = 5,000)', () => {
    const spec: ScheduleSpec = { kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 5000 } };
    const curve = simulate(spec, one, { steps: 9000 });
    assert.equal(curve.error?.atStep, 5001);
    assert.equal(curve.rows, 5001);
    assertSameCurve(curve, simulateStepByStep(spec, one, { steps: 9000 }), 'OneCycleLR past total_steps');
  });
});

describe('simulate into caller buffers', () => {
  const optimizer: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9 }, { lr: 0.05, momentum: 0.8 }] };
  const spec: ScheduleSpec = { kind: 'OneCycleLR', args: { max_lr: [0.1, 0.2], total_steps: 50 } };

  it('writes the same values into a long enough buffer and returns views of it', () => {
    const lr = new Float64Array(1000).fill(-1);
    const momentum = new Float64Array(1000).fill(-1);
    const fresh = simulate(spec, optimizer, { steps: 50 });
    const reused = simulate(spec, optimizer, { steps: 50, buffers: { lr, momentum } });
    assert.equal(reused.lr.buffer, lr.buffer);
    assert.equal(reused.momentum?.buffer, momentum.buffer);
    assert.deepEqual(Array.from(reused.lr), Array.from(fresh.lr));
    assert.deepEqual(Array.from(reused.momentum ?? []), Array.from(fresh.momentum ?? []));
    // A second run into the same buffer overwrites the first.
    const again = simulate({ kind: 'StepLR', args: { step_size: 5 } }, optimizer, { steps: 20, buffers: { lr } });
    assert.deepEqual(Array.from(again.lr), Array.from(simulate({ kind: 'StepLR', args: { step_size: 5 } }, optimizer, { steps: 20 }).lr));
  });

  it('allocates when the buffer is too short, and cuts a failing run at the error', () => {
    const short = new Float64Array(10);
    const curve = simulate(spec, optimizer, { steps: 50, buffers: { lr: short } });
    assert.notEqual(curve.lr.buffer, short.buffer);
    assert.equal(curve.lr.length, 51 * 2);
    const lr = new Float64Array(1000).fill(-1);
    const failing = simulate(spec, optimizer, { steps: 60, buffers: { lr } });
    assert.equal(failing.error?.atStep, 51);
    assert.equal(failing.rows, 51);
    assert.equal(failing.lr.length, 51 * 2);
    assert.deepEqual(Array.from(failing.lr), Array.from(simulate(spec, optimizer, { steps: 50 }).lr));
  });
});
