/**
 * A double as its shortest round-trip decimal, the text `String(v)` gives, written as ASCII bytes
 * straight into a buffer: the CSV of a 10^6-step curve prints 10^6 of them, and V8's own
 * conversion (String, toPrecision) costs 150–300 ns each, more than the whole engine run.
 *
 * Method: v × 10^(16−k) (k = v's decimal exponent) computed as an exact-enough double-double (the
 * power of ten kept as hi + lo, the product by Dekker's two-product) gives X ∈ [10^16, 10^17) with
 * an absolute error below 1e-14; the rounding interval of v scaled the same way is X ± half an ulp.
 * The shortest decimal is the nearest multiple of the largest 10^j lying inside that interval
 * (17 − j significant digits; the nearer of two), the choice `Number.prototype.toString` makes.
 * Anything outside the comfortable range (subnormals, |v| > 1e270, a candidate within 1e-9 of the
 * interval's edge, where the edge's own inclusion decides, or two within 1e-9 of a tie) takes
 * `String(v)` instead, so the text is always exact. Pure; checked against String(v) in the tests.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

const POW10: number[] = [];
for (let i = 0, x = 1; i <= 22; i++, x *= 10) POW10.push(x);
/** 10^0 … 10^9 as int32 (an int32 % is an integer division; a double % is an fmod call). */
const POW10I = new Int32Array(10);
for (let i = 0; i <= 9; i++) POW10I[i] = 10 ** i;

/** 10^k (the double nearest) by k + DEC_BIAS, for k in [−330, 330]. */
const DEC_BIAS = 330;
const DEC = new Float64Array(2 * DEC_BIAS + 1);
for (let k = -DEC_BIAS; k <= DEC_BIAS; k++) DEC[k + DEC_BIAS] = Number(`1e${k}`);

/** 10^s as a double-double (hi + lo) by s + POW_BIAS, computed once per exponent (NaN: not yet). */
const POW_BIAS = 400;
const powHi = new Float64Array(800).fill(NaN);
const powLo = new Float64Array(800).fill(NaN);

function pow10(s: number): void {
  let hi: number;
  let lo: number;
  if (s >= 0) {
    const exact = 10n ** BigInt(s);
    hi = Number(exact);
    lo = Number(exact - BigInt(hi));
  } else {
    hi = Number(`1e${s}`);
    // hi = M·2^E exactly; 10^s − hi = (2^−E − M·10^−s)·2^E / 10^−s.
    f64[0] = hi;
    const expBits = (u32[HI_WORD] >>> 20) & 0x7ff;
    const E = expBits - 1075;
    const M = BigInt(Math.round(hi * 2 ** -E)); // exact: hi·2^−E is the 53-bit integer
    const d = 10n ** BigInt(-s);
    const num = (1n << BigInt(-E)) - M * d;
    const K = 64;
    const q = (num << BigInt(K)) / d;
    lo = Number(q) * 2 ** -K * 2 ** E;
  }
  powHi[s + POW_BIAS] = hi;
  powLo[s + POW_BIAS] = lo;
}

const DIGITS2 = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGITS2[2 * i] = 48 + Math.floor(i / 10);
  DIGITS2[2 * i + 1] = 48 + (i % 10);
}

const digits = new Uint8Array(17);

/** Writes `digitCount` digits of n (zero-padded) into `digits` at `at`. */
function putDigits(n: number, at: number, digitCount: number): void {
  let i = at + digitCount;
  n = n | 0; // < 10^9: int32 arithmetic (a double % is an fmod call)
  while (digitCount >= 2) {
    const nq = (n / 100) | 0;
    const r = n - nq * 100;
    n = nq;
    digits[--i] = DIGITS2[2 * r + 1];
    digits[--i] = DIGITS2[2 * r];
    digitCount -= 2;
  }
  if (digitCount === 1) digits[--i] = 48 + (n % 10);
}

/** putDigits into another buffer. */
function putDigitsInto(out: Uint8Array, at: number, n: number, digitCount: number): void {
  let i = at + digitCount;
  n = n | 0;
  while (digitCount >= 2) {
    const nq = (n / 100) | 0;
    const r = n - nq * 100;
    n = nq;
    out[--i] = DIGITS2[2 * r + 1];
    out[--i] = DIGITS2[2 * r];
    digitCount -= 2;
  }
  if (digitCount === 1) out[--i] = 48 + (n % 10);
}

/** 2^(e − 1076) by biased exponent e: half an ulp of a double of that exponent. */
const TWO_POW = new Float64Array(2048);
for (let e = 1; e < 2047; e++) TWO_POW[e] = 2 ** (e - 1076);

const SPLIT = 134217729; // 2^27 + 1
const EPS = 1e-9;

/** Writes an ASCII string at `pos`; returns the new position. */
export function writeAscii(buf: Uint8Array, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
  return pos;
}

/** Writes a non-negative safe integer; returns the new position. */
export function writeInt(buf: Uint8Array, pos: number, n: number): number {
  if (n < 10) {
    buf[pos] = 48 + n;
    return pos + 1;
  }
  let len = 2;
  while (len < 16 && n >= POW10[len]) len++;
  if (n >= 2 ** 31) {
    // Beyond int32: plain double arithmetic.
    for (let i = pos + len - 1; i >= pos; i--) {
      const r = n % 10;
      buf[i] = 48 + r;
      n = (n - r) / 10;
    }
    return pos + len;
  }
  let x = n | 0;
  for (let i = pos + len - 1; i >= pos; i--) {
    const q = (x / 10) | 0;
    buf[i] = 48 + (x - q * 10);
    x = q;
  }
  return pos + len;
}

/** The most bytes writeDouble writes (String(v) of a double is at most 25 characters). */
export const MAX_DOUBLE_BYTES = 25;

const one = new Float64Array(1);

/** Writes String(v) as ASCII at `pos` (room for MAX_DOUBLE_BYTES needed); returns the new position. */
export function writeDouble(buf: Uint8Array, pos: number, v: number): number {
  one[0] = v;
  return writeDoubleAt(buf, pos, one, 0);
}

/**
 * writeDouble of `values[index]`. The value is read here rather than passed: a double argument of
 * a call that is not inlined is boxed (a heap allocation per number, 10^6 of them for a curve).
 */
export function writeDoubleAt(buf: Uint8Array, pos: number, values: Float64Array, index: number): number {
  const v = values[index];
  if (v === 0 || v !== v || v === Infinity || v === -Infinity) return writeAscii(buf, pos, String(v));
  let av = v;
  if (v < 0) {
    buf[pos++] = 45; // '-'
    av = -v;
  }
  if (!(av >= 1e-270 && av <= 1e270)) return writeAscii(buf, pos, String(av));
  f64[0] = av;
  const word = u32[HI_WORD];
  const expBits = (word >>> 20) & 0x7ff;
  const mantissaZero = (word & 0xfffff) === 0 && u32[1 - HI_WORD] === 0;
  // From the binary exponent (log10(2) ≈ 0.30103) k is v's decimal exponent or one less; one
  // comparison with 10^(k+1) settles it (a value next to a power of ten is settled below).
  let k = Math.floor((expBits - 1023) * 0.3010299956639812);
  if (av >= DEC[k + 1 + DEC_BIAS]) k++;
  let p = 0;
  let t = 0;
  let hi = 1;
  for (let attempt = 0; ; attempt++) {
    const s = 16 - k;
    let lo: number;
    if (s >= 0 && s <= 22) {
      hi = POW10[s];
      lo = 0;
    } else {
      if (powHi[s + POW_BIAS] !== powHi[s + POW_BIAS]) pow10(s);
      hi = powHi[s + POW_BIAS];
      lo = powLo[s + POW_BIAS];
    }
    p = av * hi;
    let c = SPLIT * av;
    const ah = c - (c - av);
    const al = av - ah;
    c = SPLIT * hi;
    const bh = c - (c - hi);
    const bl = hi - bh;
    t = ah * bh - p + ah * bl + al * bh + al * bl + av * lo;
    if (p < 1e16 || (p === 1e16 && t < 0)) k--;
    else if (p >= 1e17) k++;
    else break;
    if (attempt === 2) return writeAscii(buf, pos, String(av));
  }
  // Half the gap to each neighbouring double, scaled like X (the gap below a power of two is half).
  // (hi, the power of ten, stands for X / v: they differ by a relative 1e-16, far inside EPS.)
  const halfHigh = TWO_POW[expBits] * hi;
  const halfLow = mantissaZero ? halfHigh / 2 : halfHigh;
  // X = a·10^8 + b + f, a ∈ [10^8, 10^9), b ∈ [0, 10^8) integers, f ∈ [0, 1).
  let a = Math.floor(p * 1e-8); // off by one at most: corrected below
  let b = p - a * 1e8; // exact: a·10^8 = (a·5^8)·2^8 is a double
  const ti = Math.floor(t);
  const f = t - ti;
  b += ti;
  while (b < 0) {
    a--;
    b += 1e8;
  }
  while (b >= 1e8) {
    a++;
    b -= 1e8;
  }
  // Both below 2^31 from here: int32 arithmetic.
  a = a | 0;
  b = b | 0;
  // The nearest 17-digit integer is inside (half an ulp ≥ 0.555 when X ≥ 10^16; below a power of
  // two, half of that under X), unless X is too near its midpoint or that edge to tell.
  if (Math.abs(f - 0.5) < EPS || (f < 0.5 && f > halfLow - EPS)) return writeAscii(buf, pos, String(av));
  let ca = a;
  let cb = b;
  if (f >= 0.5) cb++;
  for (let j = 1; j <= 16; j++) {
    let distL: number;
    let distU: number;
    let m: number;
    let q: number;
    if (j <= 8) {
      m = POW10I[j];
      q = b % m;
      distL = q + f;
      distU = m - q - f;
    } else {
      m = POW10I[j - 8];
      q = a % m;
      distL = q * 1e8 + b + f;
      distU = (m - q) * 1e8 - b - f;
    }
    // The nearer of the two multiples of 10^j around X that lies inside (a power of two's
    // interval is narrower below, so the farther one can be the only one inside). One too near
    // an edge to tell, or two too near a tie: String(v).
    if (Math.abs(distL - halfLow) < EPS || Math.abs(distU - halfHigh) < EPS) return writeAscii(buf, pos, String(av));
    const inL = distL < halfLow;
    const inU = distU < halfHigh;
    if (!inL && !inU) break;
    if (inL && inU && Math.abs(distL - distU) < EPS) return writeAscii(buf, pos, String(av));
    if (inL && (!inU || distL <= distU)) {
      if (j <= 8) {
        ca = a;
        cb = b - q;
      } else {
        ca = a - q;
        cb = 0;
      }
    } else if (j <= 8) {
      ca = a;
      cb = b - q + m;
    } else {
      ca = a - q + m;
      cb = 0;
    }
  }
  if (cb >= 1e8) {
    ca++;
    cb -= 1e8;
  }
  if (ca >= 1e9) {
    ca = 1e8;
    cb = 0;
    k++;
  }
  // Number.prototype.toString's layout: n = position of the decimal point.
  const n = k + 1;
  if (-6 < n && n <= 0) {
    // 1e-6 ≤ |v| < 1 (every lr but the tiniest): "0.", zeros, then the digits straight into buf.
    buf[pos++] = 48;
    buf[pos++] = 46;
    for (let i = n; i < 0; i++) buf[pos++] = 48;
    putDigitsInto(buf, pos, ca, 9);
    putDigitsInto(buf, pos + 9, cb, 8);
    pos += 17;
    while (buf[pos - 1] === 48) pos--;
    return pos;
  }
  putDigits(ca, 0, 9);
  putDigits(cb, 9, 8);
  let nd = 17;
  while (nd > 1 && digits[nd - 1] === 48) nd--;
  if (nd <= n && n <= 21) {
    for (let i = 0; i < nd; i++) buf[pos++] = digits[i];
    for (let i = nd; i < n; i++) buf[pos++] = 48;
  } else if (0 < n && n <= 21) {
    for (let i = 0; i < n; i++) buf[pos++] = digits[i];
    buf[pos++] = 46;
    for (let i = n; i < nd; i++) buf[pos++] = digits[i];
  } else if (-6 < n && n <= 0) {
    buf[pos++] = 48;
    buf[pos++] = 46;
    for (let i = n; i < 0; i++) buf[pos++] = 48;
    for (let i = 0; i < nd; i++) buf[pos++] = digits[i];
  } else {
    buf[pos++] = digits[0];
    if (nd > 1) {
      buf[pos++] = 46;
      for (let i = 1; i < nd; i++) buf[pos++] = digits[i];
    }
    buf[pos++] = 101; // 'e'
    const e = n - 1;
    buf[pos++] = e < 0 ? 45 : 43;
    pos = writeInt(buf, pos, e < 0 ? -e : e);
  }
  return pos;
}

/** writeDouble as a string (tests, small outputs). */
export function doubleText(v: number): string {
  const buf = new Uint8Array(MAX_DOUBLE_BYTES + 1);
  const end = writeDouble(buf, 0, v);
  let s = '';
  for (let i = 0; i < end; i++) s += String.fromCharCode(buf[i]);
  return s;
}
