import * as assert from 'node:assert/strict';
import { powerOf } from '../../../src/core/engine/pyMath';

describe('powerOf: x ** y with power 1 and 2 written out', () => {
  it('is bit-identical to x ** y for y = 1, 2 and others, on 10^6 seeded values and the edge values', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const xs = [0, -0, 1, -1, 0.5, 1e-300, 1e300, -1e300, Infinity, -Infinity, NaN, Number.MIN_VALUE, 1 - 2 ** -53];
    for (let i = 0; i < 1_000_000; i++) xs.push((rnd() - 0.25) * (i % 3 === 0 ? 1e3 : 1));
    for (const y of [1, 2, 0.5, 3, 1.5]) {
      for (const x of xs) if (!Object.is(powerOf(x, y), x ** y)) assert.fail(`${x} ** ${y}: ${powerOf(x, y)} vs ${x ** y}`);
    }
  });
});
