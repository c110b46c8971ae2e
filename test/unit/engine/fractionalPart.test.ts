import * as assert from 'node:assert/strict';
import { pyMod } from '../../../src/core/engine/pyMath';

/**
 * transformers' hard-restarts lambda computes `num_cycles * progress % 1.0`; the engine computes
 * x - floor(x) instead (V8's float modulo is slow). Both are one rounding of the same real number,
 * so they must be the same float everywhere — checked here on the values that matter and beyond.
 */
describe('x - floor(x) is Python x % 1.0, bit for bit', () => {
  it('on 10^6 seeded values: cycle positions, negatives, huge and tiny magnitudes', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values: number[] = [0, -0, 1, -1, 0.5, -0.5, 1e-300, -1e-300, 2 ** 52 + 1, -(2 ** 52) - 1, 1e17, -1e17, 0.1 * 3, 2.9999999999999996];
    for (let i = 0; i < 1_000_000; i++) {
      const kind = i % 4;
      if (kind === 0) values.push(3 * ((i >> 2) / 997)); // num_cycles × progress as the lambda forms it
      else if (kind === 1) values.push((rnd() - 0.5) * 10 ** (rnd() * 40 - 20));
      else if (kind === 2) values.push(rnd() * 1e6);
      else values.push(-rnd() * 7);
    }
    for (const x of values) {
      const fast = x - Math.floor(x);
      const py = pyMod(x, 1.0);
      if (!Object.is(fast, py) && !(fast === 0 && py === 0)) assert.fail(`x = ${x}: ${fast} vs ${py}`);
    }
  });
});
