/**
 * The cosine every cosine schedule uses: PyTorch's and transformers' `math.cos(x)`, for |x| ≤ 3.25
 * (all of [0, π], where the schedules' arguments lie), computed here in plain arithmetic instead of
 * with `Math.cos`.
 *
 * Why not `Math.cos`:
 * - it differs between JavaScript engines: Node 20's V8 uses fdlibm, newer V8 (Chromium, the
 *   webview) a glibc-derived one, so the host and the chart could disagree in the last bit;
 * - it is a call into C, which in a schedule's loop costs more than the rest of the step.
 *
 * How: x = j/512 + t with |t| ≤ 1/1024, and cos(x) = cos(j/512)·cos(t) − sin(j/512)·sin(t), with
 * cos(j/512) held as a double-double, so the result is one rounding of a value with an error near
 * 2^-62. `1 + cos(x)` and `1 - cos(x)`, the quantities the schedules use, then equal the ones from
 * CPython's `math.cos` (glibc, what PyTorch runs) for all but ≈ 0.05 % of schedule arguments, where
 * Node 20's `Math.cos` differs for ≈ 1.5 % (test/unit/engine/cos.test.ts measures both).
 * Outside [-3.25, 3.25] it is `Math.cos(x)`, and like Python's it raises ValueError for ±inf.
 */

import { valueError } from './errors';

const PER_UNIT = 512;
const LAST = 1665; // 1665/512 > 3.25: the last index `cosOf` can reach is round(3.25·512) = 1664
/** The largest |x| the table covers; beyond it `cos` is `Math.cos`. */
const LIMIT = 3.25;
export const COS_TABLE_LIMIT = LIMIT;

/** The table, for loops that hand it to `cosOf` / `cosInRange`. */
export function cosTable(): Float64Array {
  return TABLE;
}

/** cos(x) for any x; see the module comment. */
export function cos(x: number): number {
  return cosOf(cosTable(), x);
}

/** `cos(x)` with the table fetched once (`cosTable()`), for loops. */
export function cosOf(tab: Float64Array, x: number): number {
  const a = Math.abs(x);
  return a <= LIMIT ? cosInRange(tab, a) : cosBeyondTable(x);
}

/** `Math.cos`, except that Python's `math.cos` raises for ±inf (NaN gives NaN in both). */
function cosBeyondTable(x: number): number {
  if (x === Infinity || x === -Infinity) throw valueError('math domain error');
  return Math.cos(x);
}

/**
 * `cos(a)` for 0 ≤ a ≤ COS_TABLE_LIMIT only, which the caller has checked for all its arguments
 * at once. In a loop this is about 2 ns a step faster than `cosOf`: no call into C on any path.
 */
export function cosInRange(tab: Float64Array, a: number): number {
  const j = (a * PER_UNIT + 0.5) | 0; // round(512·a), ≤ 1664
  const t = a - j * (1 / PER_UNIT); // exact (Sterbenz), |t| ≤ 1/1024
  const z = t * t;
  const cosTm1 = z * (-0.5 + z * (1 / 24)); // cos(t) − 1; the next term is below 2^-69
  const sinT = t + t * z * (-1 / 6 + z * (1 / 120)); // sin(t); the next term is below 2^-79
  const i = 3 * j;
  const c = tab[i];
  return c + (tab[i + 1] + (c * cosTm1 - tab[i + 2] * sinT));
}

// Double-double arithmetic for building the table: (hi, lo) pairs with |lo| ≤ ulp(hi)/2.
let rh = 0;
let rl = 0;
const SPLIT = 134217729; // 2^27 + 1

/** The rounding error of the product a·b = p (Dekker). */
function productError(a: number, b: number, p: number): number {
  let s = SPLIT * a;
  const ah = s - (s - a);
  const al = a - ah;
  s = SPLIT * b;
  const bh = s - (s - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** (ah, al)·(bh, bl) into (rh, rl). */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  const p = ah * bh;
  const e = productError(ah, bh, p) + (ah * bl + al * bh);
  rh = p + e;
  rl = e - (rh - p);
}

/** (ah, al) + (bh, bl) into (rh, rl). */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const v = s - ah;
  const e = ah - (s - v) + (bh - v) + (al + bl);
  rh = s + e;
  rl = e - (rh - s);
}

/** (ah, al) / k for a small integer k, into (rh, rl). */
function ddDivSmall(ah: number, al: number, k: number): void {
  const q = ah / k;
  const r = (ah - q * k - productError(q, k, q * k) + al) / k;
  rh = q + r;
  rl = r - (rh - q);
}

function buildTable(): Float64Array {
  // cos and sin of h = 1/512 by their Taylor series in double-double.
  const h = 1 / PER_UNIT;
  let ch = 1;
  let cl = 0;
  let sh = 0;
  let sl = 0;
  let th = 1; // h^k / k!
  let tl = 0;
  for (let k = 1; k <= 16; k++) {
    ddMul(th, tl, h, 0);
    ddDivSmall(rh, rl, k);
    th = rh;
    tl = rl;
    const sign = k % 4 < 2 ? 1 : -1; // + for k ≡ 0, 1 (mod 4): sin h = h − h³/3! …, cos h = 1 − h²/2! + h⁴/4! …
    if (k % 2 === 1) {
      ddAdd(sh, sl, sign * th, sign * tl);
      sh = rh;
      sl = rl;
    } else {
      ddAdd(ch, cl, sign * th, sign * tl);
      ch = rh;
      cl = rl;
    }
  }
  const out = new Float64Array(3 * (LAST + 1));
  // (c, s) = (cos jh, sin jh), rotated by h each step; the error grows by ~2^-105 per step.
  let c = 1;
  let cLo = 0;
  let s = 0;
  let sLo = 0;
  for (let j = 0; j <= LAST; j++) {
    out[3 * j] = c;
    out[3 * j + 1] = cLo;
    out[3 * j + 2] = s;
    ddMul(c, cLo, ch, cl);
    const ach = rh;
    const acl = rl;
    ddMul(s, sLo, sh, sl);
    ddAdd(ach, acl, -rh, -rl);
    const nc = rh;
    const ncl = rl;
    ddMul(s, sLo, ch, cl);
    const bch = rh;
    const bcl = rl;
    ddMul(c, cLo, sh, sl);
    ddAdd(bch, bcl, rh, rl);
    s = rh;
    sLo = rl;
    c = nc;
    cLo = ncl;
  }
  return out;
}

/**
 * For j = 0..LAST: cos(j/512) high and low parts, and sin(j/512), three numbers per j. Built when
 * the module loads (about 3 ms): built inside the first long simulation instead, V8 kept that
 * loop about 5 ns a step slower for the rest of the session.
 */
const TABLE = buildTable();
