import * as assert from 'node:assert/strict';
import { simulate, type OptimizerSpec, type ScheduleSpec } from '../../../src/core/engine';

/**
 * 10^6 steps of the chainable (recursive) forms stay within 1e-9 of the closed form, so a
 * million-step curve drawn by LR Lens is not a drifted approximation.
 */
const STEPS = 1_000_000;
const SGD: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1 }] };

function maxRelativeDrift(spec: ScheduleSpec, closedForm: (k: number) => number, floor = 0): { drift: number; at: number } {
  const curve = simulate(spec, SGD, { steps: STEPS });
  assert.equal(curve.error, undefined, curve.error?.message);
  assert.equal(curve.rows, STEPS + 1);
  let drift = 0;
  let at = 0;
  for (let k = 0; k <= STEPS; k++) {
    const expected = closedForm(k);
    const d = Math.abs(curve.lr[k] - expected) / Math.max(Math.abs(expected), floor);
    if (d > drift) {
      drift = d;
      at = k;
    }
  }
  return { drift, at };
}

describe('10^6-step curves do not drift from the closed form (≤ 1e-9)', function () {
  this.timeout(60_000);

  it('ExponentialLR', () => {
    const gamma = 0.999995;
    const { drift, at } = maxRelativeDrift({ kind: 'ExponentialLR', args: { gamma } }, (k) => 0.1 * gamma ** k);
    assert.ok(drift <= 1e-9, `drift ${drift} at step ${at}`);
  });

  it('CosineAnnealingLR over its whole period', () => {
    const eta = 1e-5;
    const { drift, at } = maxRelativeDrift(
      { kind: 'CosineAnnealingLR', args: { T_max: STEPS, eta_min: eta } },
      (k) => eta + ((0.1 - eta) * (1 + Math.cos((Math.PI * k) / STEPS))) / 2,
    );
    assert.ok(drift <= 1e-9, `drift ${drift} at step ${at}`);
  });

  it('CosineAnnealingLR past T_max (the lr climbs back, recursively)', () => {
    const eta = 1e-4;
    const tMax = 1000;
    const { drift, at } = maxRelativeDrift(
      { kind: 'CosineAnnealingLR', args: { T_max: tMax, eta_min: eta } },
      (k) => eta + ((0.1 - eta) * (1 + Math.cos((Math.PI * k) / tMax))) / 2,
    );
    assert.ok(drift <= 1e-9, `drift ${drift} at step ${at}`);
  });

  it('StepLR', () => {
    const { drift, at } = maxRelativeDrift(
      { kind: 'StepLR', args: { step_size: 2000, gamma: 0.99 } },
      (k) => 0.1 * 0.99 ** Math.floor(k / 2000),
    );
    assert.ok(drift <= 1e-9, `drift ${drift} at step ${at}`);
  });

  it('LinearLR warm-up over 10^6 steps', () => {
    const { drift, at } = maxRelativeDrift(
      { kind: 'LinearLR', args: { start_factor: 0.001, end_factor: 1.0, total_iters: STEPS } },
      (k) => 0.1 * (0.001 + ((1.0 - 0.001) * Math.min(STEPS, k)) / STEPS),
    );
    assert.ok(drift <= 1e-9, `drift ${drift} at step ${at}`);
  });

  it('PolynomialLR (power 2), relative to the base lr near zero', () => {
    const { drift, at } = maxRelativeDrift(
      { kind: 'PolynomialLR', args: { total_iters: STEPS, power: 2.0 } },
      (k) => 0.1 * (1 - Math.min(STEPS, k) / STEPS) ** 2,
      1e-3,
    );
    assert.ok(drift <= 1e-9, `drift ${drift} at step ${at}`);
  });

  it('OneCycleLR follows its phase formula at every step', () => {
    const total = STEPS;
    const maxLr = 0.1;
    const initial = maxLr / 25;
    const min = initial / 1e4;
    const up = 0.3 * total - 1;
    const anneal = (s: number, e: number, p: number) => e + ((s - e) / 2) * (Math.cos(Math.PI * p) + 1);
    const { drift, at } = maxRelativeDrift(
      { kind: 'OneCycleLR', args: { max_lr: maxLr, total_steps: total, cycle_momentum: false } },
      (k) => (k <= up ? anneal(initial, maxLr, k / up) : anneal(maxLr, min, (k - up) / (total - 1 - up))),
    );
    assert.ok(drift <= 1e-12, `drift ${drift} at step ${at}`);
  });

  it('transformers linear warm-up/decay (a LambdaLR: exact at every step)', () => {
    const warm = 10_000;
    const { drift, at } = maxRelativeDrift(
      { kind: 'get_linear_schedule_with_warmup', args: { num_warmup_steps: warm, num_training_steps: STEPS } },
      (k) => 0.1 * (k < warm ? k / warm : Math.max(0, (STEPS - k) / (STEPS - warm))),
      1e-3,
    );
    assert.ok(drift <= 1e-12, `drift ${drift} at step ${at}`);
  });
});
