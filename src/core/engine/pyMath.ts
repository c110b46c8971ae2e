import { LibraryError } from './errors';

/**
 * Python's numeric semantics where they differ from JavaScript's, so the engine computes what
 * CPython computes: `%` takes the sign of the divisor, division by zero raises.
 */

/** Python `a % b` (int or float). Raises ZeroDivisionError like CPython. */
export function pyMod(a: number, b: number, argument?: string): number {
  if (b === 0) {
    const what = Number.isInteger(a) && Number.isInteger(b) ? 'integer modulo by zero' : 'float modulo';
    throw new LibraryError('ZeroDivisionError', argument ? `${what}: ${argument} is 0` : what, argument);
  }
  const m = a % b;
  return m !== 0 && b < 0 !== m < 0 ? m + b : m;
}

/** Python `a / b` on floats: raises instead of returning Infinity or NaN. */
export function pyDiv(a: number, b: number, argument?: string): number {
  if (b === 0) {
    throw new LibraryError('ZeroDivisionError', argument ? `float division by zero (${argument})` : 'float division by zero', argument);
  }
  return a / b;
}

/**
 * Python's `max(a, b)` and `min(a, b)`: the first argument unless the second compares greater
 * (smaller). Unlike Math.max/min they keep `a` when `b` is NaN, as CPython does.
 */
/**
 * `x ** y` for the polynomial schedules' power. With the default power 1 and the common 2 it is
 * written out (x and x·x, which Math.pow returns too), so the loops need no call into C.
 */
export function powerOf(x: number, y: number): number {
  return y === 2 ? x * x : y === 1 ? x : x ** y;
}

export function pyMax(a: number, b: number): number {
  return b > a ? b : a;
}

export function pyMin(a: number, b: number): number {
  return b < a ? b : a;
}

/** `bisect.bisect_right` on a sorted array. */
export function bisectRight(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < sorted[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A number as Python's repr would print it (`1e-07`, `0.1`, `30`), for library-identical messages. */
export function pyRepr(x: number, isFloat = false): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return isFloat ? `${x}.0` : String(x);
  const abs = Math.abs(x);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mantissa, exponent] = x.toExponential().split('e');
    const e = Number(exponent);
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(x);
}

/** `math.sqrt`: raises on negative input instead of returning NaN. */
export function pySqrt(x: number): number {
  if (x < 0) throw new LibraryError('ValueError', 'math domain error');
  return Math.sqrt(x);
}
