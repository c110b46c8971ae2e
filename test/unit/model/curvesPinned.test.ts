// curves.ts's decisions pinned by value (issue 20: StrykerJS over src/core/model/curves.ts left them
// unpinned): how many schedulers a tree holds, the first value that is not finite, the synthetic
// metric and its assumption, the metric series, timm's protocol and per-batch rows, the budget's
// refusals at both sides of each limit, and the one path where the engine itself throws.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import {
  DEFAULT_SIMULATION_BUDGET,
  MAX_CURVE_VALUES,
  curveFor,
  curveRows,
  firstNonFinite,
  metricMode,
  metricSeries,
  schedulerCount,
  simulateSchedule,
  sparkline,
  syntheticMetricAssumption,
  syntheticMetrics,
  timmProtocolFor,
} from '../../../src/core/model/curves';
import type { Curve, OptimizerSpec, ScheduleSpec, SimulateOptions } from '../../../src/core/engine/spec';
import { simulate, simulateInChunks, simulateStepByStep } from '../../../src/core/engine/simulate';
import { simulationOpsCheckpoint, withSimulationOps } from '../../../src/core/python/callables';
import type { SchedulerFinding } from '../../../src/core/model/types';

const SGD: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1 }] };
const TWO: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1 }, { lr: 0.01 }] };
const step = (step_size: number, gamma = 0.5): ScheduleSpec => ({ kind: 'StepLR', args: { step_size, gamma } });

/** The one finding of a script. */
function findingOf(source: string): SchedulerFinding {
  const r = analyze(source);
  assert.equal(r.schedulers.length, 1, JSON.stringify(r.schedulers.map((f) => f.kind)));
  return r.schedulers[0];
}

const curveOf = (groups: number, lr: number[]): Curve => ({ groups, rows: lr.length / groups, lr: Float64Array.from(lr) });

describe('curves.ts pinned by value', () => {
  it('schedulerCount: a tree counts its children in lists and single arguments, not other objects, up to depth 50', () => {
    assert.equal(schedulerCount(step(1)), 1);
    const seq: ScheduleSpec = { kind: 'SequentialLR', args: { schedulers: [step(1), step(2), { kind: 'ConstantLR', args: {} }], milestones: [3, 6] } };
    assert.equal(schedulerCount(seq), 4);
    // A child as a single argument (a nested spec) counts; objects without a string kind or without args do not.
    assert.equal(schedulerCount({ kind: 'X', args: { a: step(1), b: { kind: 1, args: {} } as never, c: { kind: 'Y' } as never, d: null as never, e: [1, 'x'] } }), 2);
    assert.equal(schedulerCount({ kind: 'ChainedScheduler', args: { schedulers: [seq, seq] } }), 9);
    // 60 levels deep: the count stops growing past depth 50 (the root is depth 0).
    let deep: ScheduleSpec = step(1);
    for (let i = 0; i < 60; i++) deep = { kind: 'ChainedScheduler', args: { schedulers: [deep] } };
    assert.equal(schedulerCount(deep), 52);
  });

  it('firstNonFinite: the row and group of the first inf or nan, undefined when all are finite', () => {
    assert.equal(firstNonFinite(curveOf(2, [0.1, 0.2, 0.3, 0.4])), undefined);
    assert.deepEqual(firstNonFinite(curveOf(2, [0.1, 0.2, 0.3, Infinity, NaN, 0])), { atStep: 1, group: 1, value: Infinity });
    const nan = firstNonFinite(curveOf(1, [NaN]));
    assert.equal(nan?.atStep, 0);
    assert.equal(nan?.group, 0);
    assert.ok(Number.isNaN(nan?.value));
    // Only the curve's rows count, not what its buffer holds past them.
    assert.equal(firstNonFinite({ groups: 1, rows: 2, lr: Float64Array.from([1, 2, NaN]) }), undefined);
    assert.deepEqual(firstNonFinite({ groups: 1, rows: 3, lr: Float64Array.from([1, 2, -Infinity]) }), { atStep: 2, group: 0, value: -Infinity });
  });

  it('syntheticMetrics: falls linearly to 0.2 at the knee (a quarter of the run, at least 3), then flat; max mode mirrors it', () => {
    assert.deepEqual(syntheticMetrics(0, 'min'), []);
    assert.deepEqual(syntheticMetrics(4, 'min'), [1, 1 - 0.8 / 3, 1 - 1.6 / 3, 0.2]);
    assert.deepEqual(syntheticMetrics(12, 'min'), [1, 1 - 0.8 / 3, 1 - 1.6 / 3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]);
    const long = syntheticMetrics(20, 'min');
    assert.equal(long.length, 20);
    assert.equal(long[4], 1 - 0.8 * 4 / 5);
    assert.equal(long[5], 0.2);
    assert.deepEqual(syntheticMetrics(4, 'max'), [0, 1 - (1 - 0.8 / 3), 1 - (1 - 1.6 / 3), 1 - 0.2]);
  });

  it('metricMode: mode, plateau_mode, scheduler_specific_kwargs.mode, else the library default', () => {
    assert.equal(metricMode({ kind: 'ReduceLROnPlateau', args: {} }), 'min');
    assert.equal(metricMode({ kind: 'ReduceLROnPlateau', args: { mode: 'max' } }), 'max');
    assert.equal(metricMode({ kind: 'ReduceLROnPlateau', args: { mode: 'min' } }), 'min');
    assert.equal(metricMode({ kind: 'ReduceLROnPlateau', args: { mode: 'other' } }), 'min');
    assert.equal(metricMode({ kind: 'timm.PlateauLRScheduler', args: {} }), 'max');
    assert.equal(metricMode({ kind: 'timm.PlateauLRScheduler', args: { mode: 'min' } }), 'min');
    assert.equal(metricMode({ kind: 'timm.create_scheduler_v2', args: { plateau_mode: 'min' } }), 'min');
    assert.equal(metricMode({ kind: 'get_scheduler', args: { scheduler_specific_kwargs: { mode: 'max' } } }), 'max');
    // mode before plateau_mode before the kwargs.
    assert.equal(metricMode({ kind: 'X', args: { mode: 'max', plateau_mode: 'min' } }), 'max');
    assert.equal(metricMode({ kind: 'X', args: { plateau_mode: 'max', scheduler_specific_kwargs: { mode: 'min' } } }), 'max');
  });

  it('syntheticMetricAssumption: named metrics, its value by mode and the reason', () => {
    assert.deepEqual(syntheticMetricAssumption('min'), {
      name: 'metrics',
      value: 'synthetic falling-then-flat loss',
      reason: 'no metric series given (--metrics); the schedule reacts to the metric passed to step()',
    });
    assert.equal(syntheticMetricAssumption('max').value, 'synthetic rising-then-flat metric');
  });

  it('metricSeries: none for other schedules; the given series padded with its last value; else the synthetic one and its assumption', () => {
    const plateau: ScheduleSpec = { kind: 'ReduceLROnPlateau', args: {} };
    assert.equal(metricSeries(plateau, false, 5, [1]), undefined);
    assert.deepEqual(metricSeries(plateau, true, 4, [3, 2]), { metrics: [3, 2, 2, 2] });
    // A longer series is kept whole; the caller's array is not changed.
    const given = [5, 4, 3];
    assert.deepEqual(metricSeries(plateau, true, 2, given), { metrics: [5, 4, 3] });
    assert.deepEqual(given, [5, 4, 3]);
    assert.deepEqual(metricSeries(plateau, true, 4, []), { metrics: syntheticMetrics(4, 'min'), assumption: syntheticMetricAssumption('min') });
    assert.deepEqual(metricSeries({ kind: 'ReduceLROnPlateau', args: { mode: 'max' } }, true, 3), {
      metrics: syntheticMetrics(3, 'max'),
      assumption: syntheticMetricAssumption('max'),
    });
  });

  it('timmProtocolFor: the finding\'s protocol, with enough epochs for a given number of calls', () => {
    const f = { timm: { epochs: 10, updatesPerEpoch: 4, epochCalls: true, source: 'x' } } as SchedulerFinding;
    assert.equal(timmProtocolFor({} as SchedulerFinding), undefined);
    assert.deepEqual(timmProtocolFor(f), { epochs: 10, updatesPerEpoch: 4, epochCalls: true });
    assert.deepEqual(timmProtocolFor(f, 10), { epochs: 2, updatesPerEpoch: 4, epochCalls: true });
    assert.deepEqual(timmProtocolFor(f, 11), { epochs: 3, updatesPerEpoch: 4, epochCalls: true });
    assert.deepEqual(timmProtocolFor(f, -4), { epochs: 0, updatesPerEpoch: 4, epochCalls: true });
    const updatesOnly = { timm: { epochs: 7, updatesPerEpoch: 3, epochCalls: false, source: 'x' } } as SchedulerFinding;
    assert.deepEqual(timmProtocolFor(updatesOnly, 7), { epochs: 3, updatesPerEpoch: 3, epochCalls: false });
    const epochsOnly = { timm: { epochs: 7, updatesPerEpoch: 0, epochCalls: true, source: 'x' } } as SchedulerFinding;
    assert.deepEqual(timmProtocolFor(epochsOnly, 5), { epochs: 5, updatesPerEpoch: 0, epochCalls: true });
    // A protocol of no calls per epoch keeps the finding's epochs.
    const none = { timm: { epochs: 7, updatesPerEpoch: 0, epochCalls: false, source: 'x' } } as SchedulerFinding;
    assert.deepEqual(timmProtocolFor(none, 5), { epochs: 7, updatesPerEpoch: 0, epochCalls: false });
  });

  it('curveFor: the natural run, --steps (floored, never below 0), and a finite curve has no nonFinite', () => {
    const f = findingOf('import torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)\nfor epoch in range(6):\n    opt.step()\n    sched.step()\n');
    assert.equal(f.naturalSteps, 6);
    const natural = curveFor(f);
    assert.equal(natural.steps, 6);
    assert.deepEqual(curveRows(natural.curve), [[0.1], [0.1], [0.05], [0.05], [0.025], [0.025], [0.0125]]);
    assert.deepEqual(natural.assumptions, []);
    assert.equal('metrics' in natural, false);
    assert.equal('nonFinite' in natural, false);
    assert.equal('calls' in natural, false);
    assert.equal(curveFor(f, { steps: 2.9 }).steps, 2);
    assert.equal(curveFor(f, { steps: 2.9 }).curve.rows, 3);
    assert.equal(curveFor(f, { steps: -3 }).steps, 0);
    assert.equal(curveFor(f, { steps: -3 }).curve.rows, 1);
    // allocate reaches the engine; lrOnly drops a cycled momentum.
    const sizes: number[] = [];
    curveFor(f, { allocate: (n) => (sizes.push(n), new Float64Array(n)) });
    assert.deepEqual(sizes, [7]);
  });

  it('curveFor: a cycled momentum is kept unless lrOnly', () => {
    const f = findingOf('import torch\nopt = torch.optim.SGD(params, lr=0.1, momentum=0.9)\nsched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=10)\nfor i in range(10):\n    opt.step()\n    sched.step()\n');
    assert.equal(curveFor(f).curve.momentum?.length, 11);
    assert.equal(curveFor(f, { lrOnly: true }).curve.momentum, undefined);
    assert.equal(curveFor(f, { lrOnly: true }).curve.lr.length, 11);
  });

  it('curveFor: a metric-driven finding gets the synthetic series and its assumption, or the given one', () => {
    const f = findingOf('import torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0, factor=0.5)\nfor epoch in range(5):\n    opt.step()\n    sched.step(val_loss)\n');
    assert.equal(f.metricDriven, true);
    const synthetic = curveFor(f, { steps: 5 });
    assert.deepEqual(synthetic.metrics, syntheticMetrics(5, 'min'));
    assert.deepEqual(synthetic.assumptions, [syntheticMetricAssumption('min')]);
    const given = curveFor(f, { steps: 4, metrics: [1, 1] });
    assert.deepEqual(given.metrics, [1, 1, 1, 1]);
    assert.deepEqual(given.assumptions, []);
    // patience 0: every step that does not improve halves the lr.
    assert.deepEqual(curveRows(given.curve), [[0.1], [0.1], [0.05], [0.025], [0.0125]]);
    // 0 steps: the constructed lr alone, no error (the engine records row 0 before any metric is needed).
    const zero = curveFor(f, { steps: 0 });
    assert.equal(zero.curve.error, undefined);
    assert.deepEqual(curveRows(zero.curve), [[0.1]]);
    assert.deepEqual(zero.metrics, []);
  });

  it('curveFor: nonFinite names the first inf or nan lr', () => {
    const f = findingOf('import torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda s: float("inf") if s >= 2 else 1.0)\nfor i in range(4):\n    opt.step()\n    sched.step()\n');
    assert.deepEqual(curveFor(f).nonFinite, { atStep: 2, group: 0, value: Infinity });
  });

  it('curveFor: timm one row per call, or with perBatch the lr each batch trains with, the calls kept beside it', () => {
    const f = findingOf(
      'from timm.scheduler import CosineLRScheduler\nimport torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = CosineLRScheduler(opt, t_initial=3)\nnum_updates = 0\nfor epoch in range(3):\n    for batch in range(2):\n        opt.step()\n        num_updates += 1\n        sched.step_update(num_updates)\n    sched.step(epoch + 1)\n',
    );
    assert.deepEqual(f.timm && { epochs: f.timm.epochs, updatesPerEpoch: f.timm.updatesPerEpoch, epochCalls: f.timm.epochCalls }, { epochs: 3, updatesPerEpoch: 2, epochCalls: true });
    const calls = curveFor(f);
    assert.equal(calls.steps, 9);
    assert.equal(calls.curve.rows, 10);
    assert.equal('calls' in calls, false);
    const batches = curveFor(f, { perBatch: true });
    assert.equal(batches.steps, 9);
    assert.equal(batches.calls?.rows, 10);
    assert.equal(batches.curve.rows, 7);
    assert.deepEqual(batches.calls?.protocol, { epochs: 3, updatesPerEpoch: 2, epochCalls: true });
    // 4 calls asked for: two epochs' worth of calls are run.
    assert.equal(curveFor(f, { steps: 4 }).steps, 6);
  });

  it('the budget: refused past MAX_CURVE_VALUES values and past the operation budget, each at its boundary, with its message', () => {
    // (steps + 1) × groups values: at the limit it runs, one past it is refused before any simulation.
    const atLimit = simulateSchedule({ kind: 'ConstantLR', args: { factor: 1, total_iters: 0 } }, TWO, MAX_CURVE_VALUES / 2 - 1, false, undefined, Number.MAX_SAFE_INTEGER);
    assert.equal(atLimit.error, undefined);
    assert.equal(atLimit.rows, MAX_CURVE_VALUES / 2);
    const past = simulateSchedule(step(1), TWO, MAX_CURVE_VALUES / 2, false, undefined, Number.MAX_SAFE_INTEGER);
    assert.deepEqual(
      { groups: past.groups, rows: past.rows, lr: past.lr.length, atStep: past.error?.atStep, type: past.error?.type },
      { groups: 2, rows: 0, lr: 0, atStep: 0, type: 'BudgetError' },
    );
    assert.equal(past.error?.message, '10,000,000 steps × 2 param groups is more lr values than LR Lens keeps (20,000,000); simulate fewer steps');
    // steps × groups × schedulers operations against the budget: equal runs, one more is refused.
    const seq: ScheduleSpec = { kind: 'SequentialLR', args: { schedulers: [step(1), step(2)], milestones: [5] } };
    assert.equal(simulateSchedule(seq, TWO, 10, false, undefined, 60).error, undefined);
    const over = simulateSchedule(seq, TWO, 10, false, undefined, 59);
    assert.equal(over.rows, 0);
    assert.equal(over.groups, 2);
    assert.equal(over.error?.type, 'BudgetError');
    assert.equal(over.error?.atStep, 0);
    assert.equal(
      over.error?.message,
      '10 steps × 2 param groups × 3 schedulers is 60 operations, more than the simulation budget of 59; raise the setting lrLens.simulation.budget to simulate it',
    );
    assert.equal(over.error?.template, '{0} steps × {1} param groups × {2} schedulers is {3} operations, more than the simulation budget of {4}; raise the setting lrLens.simulation.budget to simulate it');
    assert.deepEqual(over.error?.args, ['10', '2', '3', '60', '59']);
    // The default budget applies when none is given: 3,000,000 steps × 20 schedulers is past it.
    const wide: ScheduleSpec = { kind: 'ChainedScheduler', args: { schedulers: Array.from({ length: 19 }, () => step(1)) } };
    const refused = simulateSchedule(wide, SGD, 3_000_000, false);
    assert.equal(refused.error?.type, 'BudgetError');
    assert.equal(refused.error?.args?.[4], '50,000,000');
    assert.equal(DEFAULT_SIMULATION_BUDGET, 50_000_000);
    assert.equal(simulateSchedule(step(1), SGD, 10, false).error, undefined);
  });

  it("the budget left to lr functions is the budget minus the schedule's own operations, each call charged once", () => {
    // `lambda s: 0.5 ** s` costs 4 operations a call; 100 steps cost the schedule 100, and the lambda is
    // called 101 times (construction and each step): 100 + 404 = 504 operations in all.
    const f = findingOf('import torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda s: 0.5 ** s)\nfor i in range(100):\n    opt.step()\n    sched.step()\n');
    const at = (budget: number) => {
      const c = curveFor(f, { budget }).curve;
      return [c.rows, c.error?.type, c.error?.atStep];
    };
    assert.deepEqual(at(504), [101, undefined, undefined]);
    assert.deepEqual(at(503), [100, 'BudgetError', 100]);
    assert.deepEqual(at(300), [50, 'BudgetError', 50]);
    // The construction's call is the first to go; below the schedule's own 100 it is refused before running.
    assert.deepEqual(at(104), [1, 'BudgetError', 1]);
    assert.deepEqual(at(103), [0, 'BudgetError', 0]);
    assert.deepEqual(at(99), [0, 'BudgetError', 0]);
    assert.match(curveFor(f, { budget: 300 }).curve.error?.message ?? '', /^lr_lambda used up the simulation budget of 300 operations/);
  });

  it('a fast loop that gives up gives its budget back: the same curve in one chunk, in small chunks and step by step', () => {
    const spec: ScheduleSpec = findingOf('import torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda s: 0.9 ** s)\nfor i in range(50):\n    opt.step()\n    sched.step()\n').spec;
    const run = (how: (o: SimulateOptions) => Curve) => {
      const c = withSimulationOps(150, 150, () => how({ steps: 50, checkpoint: simulationOpsCheckpoint }));
      return { rows: c.rows, error: c.error, lr: Array.from(c.lr) };
    };
    const whole = run((o) => simulate(spec, SGD, o));
    assert.equal(whole.rows, 37);
    assert.equal(whole.error?.atStep, 37);
    assert.deepEqual(run((o) => simulateStepByStep(spec, SGD, o)), whole);
    assert.deepEqual(run((o) => simulateInChunks(spec, SGD, o, 7)), whole);
    // Without the checkpoint the abandoned loop's calls are charged again (what curves.ts no longer does).
    const charged = withSimulationOps(150, 150, () => simulate(spec, SGD, { steps: 50 }));
    assert.equal(charged.rows, 1);
    // Outside a simulation the checkpoint is a no-op.
    assert.doesNotThrow(() => simulationOpsCheckpoint()());
  });

  it('an exception the engine does not catch (the caller\'s allocate) is a curve error named by its type', () => {
    const f = findingOf('import torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\nfor epoch in range(6):\n    opt.step()\n    sched.step()\n');
    const c = curveFor(f, {
      allocate: () => {
        throw new RangeError('no room');
      },
    }).curve;
    assert.deepEqual({ groups: c.groups, rows: c.rows, lr: c.lr.length, error: c.error }, { groups: 1, rows: 0, lr: 0, error: { atStep: 0, type: 'RangeError', message: 'no room' } });
    // A thrown value without a name or a message: Error, and the value as text.
    const thrown = (value: unknown) =>
      curveFor(f, {
        allocate: () => {
          throw value;
        },
      }).curve.error;
    assert.deepEqual(thrown('boom'), { atStep: 0, type: 'Error', message: 'boom' });
    assert.deepEqual(thrown({ name: '' }), { atStep: 0, type: 'Error', message: '[object Object]' });
    assert.deepEqual(thrown(null), { atStep: 0, type: 'Error', message: 'null' });
    assert.deepEqual(thrown(undefined), { atStep: 0, type: 'Error', message: 'undefined' });
  });

  it('simulateSchedule: timm runs enough epochs for the batches asked and returns one row per batch', () => {
    const spec: ScheduleSpec = { kind: 'timm.StepLRScheduler', args: { decay_t: 1, decay_rate: 0.5 } };
    // 2 updates an epoch, step per update and per epoch: 5 batches need 3 epochs; the curve is cut at 5 batches.
    const c = simulateSchedule(spec, SGD, 5, false, { updatesPerEpoch: 2, epochCalls: true });
    assert.equal(c.rows, 6);
    assert.deepEqual(c.protocol, { epochs: 3, updatesPerEpoch: 2, epochCalls: true });
    // The budget counts the calls of those epochs: 3 epochs × (2 updates + 1 epoch call) = 9.
    assert.equal(simulateSchedule(spec, SGD, 5, false, { updatesPerEpoch: 2, epochCalls: true }, 9).error, undefined);
    const refused = simulateSchedule(spec, SGD, 5, false, { updatesPerEpoch: 2, epochCalls: true }, 8);
    assert.equal(refused.error?.type, 'BudgetError');
    assert.deepEqual(refused.error?.args, ['9', '1', '1', '9', '8']);
    assert.equal(simulateSchedule(spec, SGD, 5, false, { updatesPerEpoch: 2, epochCalls: false }, 6).error, undefined);
    assert.equal(simulateSchedule(spec, SGD, 5, false, { updatesPerEpoch: 2, epochCalls: false }, 5).error?.type, 'BudgetError');
    // No updates per epoch: one epoch per step.
    const perEpoch = simulateSchedule(spec, SGD, 4, false, { updatesPerEpoch: 0, epochCalls: true });
    assert.equal(perEpoch.rows, 5);
    assert.deepEqual(curveRows(perEpoch), [[0.1], [0.05], [0.025], [0.0125], [0.00625]]);
    // A timm plateau gets one synthetic metric per epoch.
    const plateau = simulateSchedule({ kind: 'timm.PlateauLRScheduler', args: { patience_t: 0, decay_rate: 0.5, mode: 'min' } }, SGD, 4, true, { updatesPerEpoch: 0, epochCalls: true });
    assert.equal(plateau.error, undefined);
    assert.equal(plateau.rows, 5);
    // torch metric-driven: the synthetic series (falling to the knee at step 3, then flat) drives it.
    const torchPlateau = simulateSchedule({ kind: 'ReduceLROnPlateau', args: { patience: 0, factor: 0.5 } }, SGD, 6, true);
    assert.deepEqual(curveRows(torchPlateau), [[0.1], [0.1], [0.1], [0.1], [0.1], [0.05], [0.025]]);
    assert.equal(simulateSchedule({ kind: 'ReduceLROnPlateau', args: {} }, SGD, 3, false).error?.argument, 'metrics');
  });

  it('curveRows: one array per row, any data of the same shape; sparkline is the inline preview\'s', () => {
    const c = curveOf(2, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(curveRows(c), [[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(curveRows(c, Float64Array.from([9, 8, 7, 6, 5, 4])), [[9, 8], [7, 6], [5, 4]]);
    assert.deepEqual(curveRows({ groups: 1, rows: 0, lr: new Float64Array(0) }), []);
    assert.equal(sparkline([0, 1]).length, 2);
    assert.equal(sparkline([0, 1, 2, 3], 2).length, 2);
  });
});
