// The CSV/JSON number writer: String(v)'s text (the shortest round-trip decimal), much faster;
// exactly String(v), the ties at an interval's edge too (the WebAssembly writer's are checked
// against it and against String(v) in csvWasm.test.ts).
import * as assert from 'node:assert/strict';
import { doubleText } from '../../../src/cli/doubleText';
import { xorshift as rng } from '../helpers/rng';


describe('cli: double → text', () => {
  it('is exact and, but for ties at the rounding boundary, the text String() gives', () => {
    const next = rng(12345);
    const f = new Float64Array(1);
    const u = new Uint32Array(f.buffer);
    const values: number[] = [0, -0, 1, -1, 0.1, 0.2, 0.30000000000000004, 1 / 3, 2 / 3, 1e-7, 1.5e-7, 1e21, 1e-6, 5e-4, 4e-7, 9.999999999999999e-5, 2 ** 53, 2 ** 53 + 2, 1e16, 1e17, 123456789012345680000, 5e-324, 1.7976931348623157e308, NaN, Infinity, -Infinity];
    for (let e = -1074; e <= 1023; e++) values.push(2 ** e);
    for (let i = 0; i < 200_000; i++) {
      u[0] = next();
      u[1] = next() % 0x7ff00000;
      values.push(f[0]);
    }
    // lr-like values: a cosine and decades of powers.
    for (let i = 0; i < 100_000; i++) values.push(0.05 * (1 + Math.cos((i / 1e5) * 3)) + 1e-6, (next() / 2 ** 32) * 10 ** ((next() % 30) - 20));
    let same = 0;
    for (const v of values) {
      const t = doubleText(v);
      const s = String(v);
      if (t === s) {
        same++;
        continue;
      }
      assert.ok(Object.is(Number(t), v) || (Number.isNaN(v) && t === 'NaN'), `${s} written as ${t}`);
      assert.ok(t.length <= s.length + 1, `${s} written as ${t}`);
    }
    assert.ok(same / values.length > 0.998, `${values.length - same} of ${values.length} differ from String()`);
    assert.equal(doubleText(0.1), '0.1');
    assert.equal(doubleText(4e-7), '4e-7');
    assert.equal(doubleText(1e21), '1e+21');
    assert.equal(doubleText(123.456), '123.456');
    assert.equal(doubleText(-0.0040000000000000036), '-0.0040000000000000036');
  });

  it('is exactly String(v): random bits, lrs, powers of two and their neighbours, integers whose interval ends on a tie', () => {
    const next = rng(987);
    const f = new Float64Array(1);
    const u = new Uint32Array(f.buffer);
    const values: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      u[0] = next();
      u[1] = next();
      if (Number.isFinite(f[0])) values.push(f[0]);
    }
    for (let i = 0; i < 100_000; i++) values.push((1 + next() / 2 ** 32) * 5 * 10 ** ((next() % 14) - 13));
    for (let e = -1074; e <= 1023; e++) values.push(2 ** e, 2 ** e * (1 + 2 ** -52), 2 ** e * (1 - 2 ** -53));
    // 2^53 … 2^57: the old writer left out an end exactly half an ulp away (40675958964859380 was 40675958964859376).
    for (let i = 0; i < 100_000; i++) values.push(2 ** (53 + (i % 4)) + Math.floor((next() / 2 ** 32) * 2 ** (53 + (i % 4))));
    values.push(40675958964859380, 29169312877901450, 9007199254740993 * 4);
    const wrong = values.filter((v) => doubleText(v) !== String(v));
    assert.deepEqual(wrong.slice(0, 10).map((v) => `${doubleText(v)} for ${String(v)}`), []);
  });
});

