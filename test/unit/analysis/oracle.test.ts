// Every oracle case end to end from source: prelude + source → analyze() (the CLI's code path) →
// the curve of the variable `scheduler` must equal the real library's curve.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor, curveRows } from '../../../src/core/model/curves';
import { compareRows, expectedLr, expectedMomentum, loadOracle } from '../helpers/oracle';

describe('analysis: oracle cases end to end from source', () => {
  for (const { prelude, c } of loadOracle()) {
    it(c.id, () => {
      const source = prelude + '\n' + c.source;
      const result = analyze(source);
      const f = result.schedulers.find((s) => s.aliases.includes('scheduler'));
      assert.ok(f, `no scheduler assigned to 'scheduler' (found ${result.schedulers.map((s) => s.kind + ':' + s.name).join(', ')})`);
      assert.equal(f.kind, c.scheduler);
      assert.deepEqual(f.assumptions.map((a) => a.name), [], 'no assumptions are needed for these cases');
      const { curve } = curveFor(f, { steps: c.steps, metrics: c.metrics });
      const rows = curveRows(curve);
      const lrMismatch = compareRows(rows, expectedLr(c));
      assert.equal(lrMismatch, null, `lr: ${lrMismatch}`);
      const mom = expectedMomentum(c);
      if (mom) {
        assert.ok(curve.momentum, 'momentum expected');
        const momMismatch = compareRows(curveRows(curve, curve.momentum).slice(0, mom.length), mom);
        assert.equal(momMismatch, null, `momentum: ${momMismatch}`);
      }
      if (c.error) {
        assert.ok(curve.error, `expected ${c.error.type} at step ${c.error.at_step}`);
        assert.equal(curve.error.atStep, c.error.at_step);
        assert.equal(curve.error.type, c.error.type);
      } else {
        assert.equal(curve.error, undefined, curve.error && `unexpected error: ${curve.error.message}`);
      }
    });
  }
});
