import * as assert from 'node:assert/strict';
import { curveRows, simulate, timmCallLabel } from '../../../src/core/engine';
import { compareRows, loadFamilyOracle, specOf, type OracleCase } from '../helpers/oracle';

/** Options of a case: timm's train.py protocol and per-epoch metrics, else `steps` steps. */
export function optionsOf(c: OracleCase): Parameters<typeof simulate>[2] {
  return c.protocol
    ? { steps: c.steps, protocol: { epochs: c.protocol.epochs, updatesPerEpoch: c.protocol.updates_per_epoch }, ...(c.metrics ? { metrics: c.metrics } : {}) }
    : { steps: c.steps, ...(c.metrics ? { metrics: c.metrics } : {}) };
}

/**
 * Where the engine records no momentum (DeepSpeed's OneCycle leaves an SGD optimizer's momentum, and
 * any optimizer's with cycle_momentum=False, alone), the oracle's momentum rows must all be the
 * optimizer's own momentum or beta1.
 */
export function assertUntouchedMomentum(c: OracleCase, rows: number[][]): void {
  const own = c.optimizer.momentum ?? 0.9;
  for (const row of rows) for (const m of row) assert.equal(m, own, `momentum ${m} != the optimizer's ${own}`);
}

describe('engine reproduces timm, diffusers and DeepSpeed (oracle, 1e-12)', () => {
  const cases = loadFamilyOracle();

  it('has all 74 cases (33 timm, 20 diffusers, 21 DeepSpeed)', () => {
    assert.equal(cases.length, 74);
    assert.equal(cases.filter(({ c }) => c.library === 'timm').length, 33);
    assert.equal(cases.filter(({ c }) => c.library === 'diffusers').length, 20);
    assert.equal(cases.filter(({ c }) => c.library === 'deepspeed').length, 21);
  });

  for (const { c } of cases) {
    it(c.id, () => {
      const { spec, optimizer } = specOf(c);
      const curve = simulate(spec, optimizer, optionsOf(c));
      if (c.error) {
        assert.ok(curve.error, `expected ${c.error.type} at step ${c.error.at_step}`);
        assert.equal(curve.error.atStep, c.error.at_step);
        assert.equal(curve.error.type, c.error.type);
        assert.equal(curve.error.message, c.error.message);
      } else {
        assert.equal(curve.error, undefined, curve.error?.message);
      }
      const mismatch = compareRows(curveRows(curve), c.lr);
      assert.equal(mismatch, null, mismatch ?? '');
      if (c.calls && curve.protocol) {
        const labels = Array.from({ length: curve.rows }, (_, k) => timmCallLabel(curve.protocol!, k));
        assert.deepEqual(labels, c.calls);
      }
      if (c.momentum) {
        if (curve.momentum) {
          const mm = compareRows(curveRows(curve, 'momentum'), c.momentum);
          assert.equal(mm, null, mm ?? '');
        } else {
          assertUntouchedMomentum(c, c.momentum);
        }
      }
    });
  }
});
