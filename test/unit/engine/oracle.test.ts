import * as assert from 'node:assert/strict';
import { curveRows, simulate } from '../../../src/core/engine';
import { compareRows, expectedErrorMessage, expectedLr, expectedMomentum, loadOracle, specOf } from '../helpers/oracle';

describe('engine reproduces the real libraries (oracle, 1e-12)', () => {
  const cases = loadOracle();

  it('has all 121 oracle cases', () => {
    assert.equal(cases.length, 121);
  });

  for (const { c } of cases) {
    const title = c.differs_in_2x ? `${c.id} (PyTorch 2.x numbers: lr_2x)` : c.id;
    it(title, () => {
      const { spec, optimizer } = specOf(c);
      const curve = simulate(spec, optimizer, { steps: c.steps, metrics: c.metrics });
      if (c.error) {
        assert.ok(curve.error, 'expected an error');
        assert.equal(curve.error.atStep, c.error.at_step);
        assert.equal(curve.error.type, c.error.type);
        assert.equal(curve.error.message, expectedErrorMessage(c));
      } else {
        assert.equal(curve.error, undefined, curve.error?.message);
      }
      const mismatch = compareRows(curveRows(curve), expectedLr(c));
      assert.equal(mismatch, null, mismatch ?? '');
      const m = expectedMomentum(c);
      if (m) {
        assert.ok(curve.momentum, 'expected momentum rows');
        const mm = compareRows(curveRows(curve, 'momentum'), m);
        assert.equal(mm, null, mm ?? '');
      } else {
        assert.equal(curve.momentum, undefined);
      }
    });
  }
});
