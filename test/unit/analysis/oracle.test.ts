// Every oracle case end to end from source: prelude + source → analyze() (the CLI's code path) →
// the curve of the variable `scheduler` must equal the real library's curve.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/analysis/analyze';
import { curveFor, curveRows } from '../../../src/analysis/curves';
import { expectedLr, expectedMomentum, loadOracle } from '../helpers/oracle';

function close(a: number, b: number): boolean {
  if (a === b) return true;
  const diff = Math.abs(a - b);
  if (Math.abs(b) < 1e-12) return diff <= 1e-15;
  return diff <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

function compareRows(actual: number[][], expected: number[][], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} rows, expected ${expected.length}`);
  for (let k = 0; k < expected.length; k++) {
    assert.equal(actual[k].length, expected[k].length, `${what}: row ${k} has ${actual[k].length} groups`);
    for (let g = 0; g < expected[k].length; g++) {
      assert.ok(close(actual[k][g], expected[k][g]), `${what}: row ${k} group ${g}: got ${actual[k][g]}, expected ${expected[k][g]}`);
    }
  }
}

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
      compareRows(rows, expectedLr(c), 'lr');
      const mom = expectedMomentum(c);
      if (mom) {
        assert.ok(curve.momentum, 'momentum expected');
        compareRows(curveRows(curve, curve.momentum).slice(0, mom.length), mom, 'momentum');
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
