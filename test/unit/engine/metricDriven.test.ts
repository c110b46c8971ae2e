import * as assert from 'node:assert/strict';
import { simulate, type OptimizerSpec, type ScheduleSpec, type SimulateOptions } from '../../../src/core/engine';
import { isMetricDriven } from '../../../src/core/engine/kinds';

/**
 * Metric-driven schedules (torch's ReduceLROnPlateau, transformers' GreedyLR and
 * `get_scheduler('reduce_lr_on_plateau' | 'greedy')`, timm's plateau): construction sets the initial
 * lr whatever the metrics are, so a run of 0 steps is that one row; a run that steps without any
 * metric is that row and the error at the first step, as the library raises at its first step().
 */
const SGD: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1 }, { lr: 0.02 }] };

type Case = { name: string; spec: ScheduleSpec; options: (n: number, metrics?: number[]) => SimulateOptions; initial: number[] };

const torchLike = (n: number, metrics?: number[]): SimulateOptions => ({ steps: n, ...(metrics ? { metrics } : {}) });
const timmEpochs = (n: number, metrics?: number[]): SimulateOptions => ({
  steps: n,
  protocol: { epochs: n, updatesPerEpoch: 0 },
  ...(metrics ? { metrics } : {}),
});

const CASES: Case[] = [
  { name: 'ReduceLROnPlateau', spec: { kind: 'ReduceLROnPlateau', args: { patience: 0 } }, options: torchLike, initial: [0.1, 0.02] },
  { name: 'GreedyLR', spec: { kind: 'GreedyLR', args: { patience: 1 } }, options: torchLike, initial: [0.1, 0.02] },
  {
    name: "get_scheduler('reduce_lr_on_plateau')",
    spec: { kind: 'get_scheduler', args: { name: 'reduce_lr_on_plateau' } },
    options: torchLike,
    initial: [0.1, 0.02],
  },
  { name: 'timm PlateauLRScheduler', spec: { kind: 'timm.PlateauLRScheduler', args: { patience_t: 0 } }, options: timmEpochs, initial: [0.1, 0.02] },
];

describe('metric-driven schedules: the constructed lr is row 0, metric or not', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      it('is metric-driven', () => assert.equal(isMetricDriven(c.spec), true));

      for (const metrics of [undefined, [], [1.0]]) {
        it(`0 steps with ${metrics === undefined ? 'no metrics' : `${metrics.length} metric(s)`}: one row, the initial lrs, no error`, () => {
          const curve = simulate(c.spec, SGD, c.options(0, metrics));
          assert.equal(curve.error, undefined);
          assert.equal(curve.rows, 1);
          assert.deepEqual(Array.from(curve.lr), c.initial);
        });
      }

      for (const metrics of [undefined, []]) {
        it(`3 steps with ${metrics === undefined ? 'no metrics' : 'an empty series'}: row 0 and a TypeError at step 1`, () => {
          const curve = simulate(c.spec, SGD, c.options(3, metrics));
          assert.equal(curve.rows, 1);
          assert.deepEqual(Array.from(curve.lr), c.initial);
          assert.equal(curve.error?.atStep, 1);
          assert.equal(curve.error?.type, 'TypeError');
          assert.equal(curve.error?.argument, 'metrics');
          assert.equal(
            curve.error?.message,
            `${c.spec.kind}.step() needs a metric value (e.g. the validation loss) at every step, and none was given.`,
          );
        });
      }

      it('3 steps with 2 metrics: rows 0–2 and a ValueError naming the missing one', () => {
        const curve = simulate(c.spec, SGD, c.options(3, [1, 1]));
        assert.equal(curve.rows, 3);
        assert.equal(curve.error?.atStep, 3);
        assert.equal(curve.error?.type, 'ValueError');
        assert.match(curve.error?.message ?? '', /^No metric value for (step|epoch) 3: only 2 values were given\.$/);
      });
    });
  }

  it('timm: the per-update rows before the first epoch call are recorded, then the missing metric at that call', () => {
    // step_update() of the plateau scheduler ignores updates; its first step(epoch, metric) needs the metric.
    const curve = simulate({ kind: 'timm.PlateauLRScheduler', args: {} }, { type: 'SGD', paramGroups: [{ lr: 0.1 }] }, {
      steps: 0,
      protocol: { epochs: 2, updatesPerEpoch: 3 },
    });
    assert.equal(curve.rows, 4);
    assert.deepEqual(Array.from(curve.lr), [0.1, 0.1, 0.1, 0.1]);
    assert.equal(curve.error?.atStep, 4);
    assert.equal(curve.error?.type, 'TypeError');
    assert.match(curve.error?.message ?? '', /^timm\.PlateauLRScheduler\.step\(\) needs a metric value/);
  });

  it('a schedule that is not metric-driven ignores an empty series', () => {
    const curve = simulate({ kind: 'StepLR', args: { step_size: 1, gamma: 0.5 } }, { type: 'SGD', paramGroups: [{ lr: 0.1 }] }, { steps: 2, metrics: [] });
    assert.equal(curve.error, undefined);
    assert.deepEqual(Array.from(curve.lr), [0.1, 0.05, 0.025]);
  });
});
