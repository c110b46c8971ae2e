import * as assert from 'node:assert/strict';
import { groupThousands } from '../../../src/core/l10n/numbers';

describe('groupThousands (counts in messages, without ICU)', () => {
  it('matches en-US grouping of whole numbers, rounding as Math.round', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [7, '7'],
      [999, '999'],
      [1000, '1,000'],
      [12345, '12,345'],
      [1_000_000, '1,000,000'],
      [-4321, '-4,321'],
      [2.5, '3'],
      [999.6, '1,000'],
      [Number.MAX_SAFE_INTEGER, '9,007,199,254,740,991'],
    ];
    for (const [n, text] of cases) assert.equal(groupThousands(n), text, String(n));
  });
  it('agrees with toLocaleString("en-US") over a sweep of magnitudes', () => {
    for (let e = 0; e < 16; e++)
      for (const m of [1, 3, 7, 9.99]) {
        const n = Math.round(m * 10 ** e);
        assert.equal(groupThousands(n), n.toLocaleString('en-US'), String(n));
      }
  });
  it('leaves non-finite values and exponent forms as String gives them', () => {
    assert.equal(groupThousands(Infinity), 'Infinity');
    assert.equal(groupThousands(NaN), 'NaN');
    assert.equal(groupThousands(1e25), '1e+25');
  });
});
