// AssemblyScript (compiled to dist/csvRows.wasm by scripts/build.mjs; not TypeScript: tsconfig leaves it out).
//
// The CSV's rows as WebAssembly: the same bytes as ../formats/csv.ts's writeCsvRows and
// ../doubleText.ts's writeDoubleAt (a port of that algorithm, line by line), without what costs
// JavaScript most on a long curve: a cold start in the interpreter, deoptimizations when a branch
// is first taken, a heap number per double. Memory (laid out by ../formats/csvWasm.ts from
// base()): the tables the JavaScript fills (10^k nearest doubles, 10^s as double-doubles, 10^0…10^22,
// half-ulps by exponent, two-digit pairs), then the rows' values, their step numbers, the label, and
// the output. A value the port does not take (outside [1e-270, 1e270], a 10^s not filled yet, a
// candidate too near its interval's edge) stops the call at its row: the JavaScript writes that row
// (filling the table) and calls again from the next.

const DEC_BIAS: i32 = 330;
const POW_BIAS: i32 = 400;
const DEC: usize = 0; // f64 × 661
const POW_HI: usize = DEC + 661 * 8; // f64 × 800 (NaN: not filled)
const POW_LO: usize = POW_HI + 800 * 8;
const POW10: usize = POW_LO + 800 * 8; // f64 × 23
const TWO_POW: usize = POW10 + 23 * 8; // f64 × 2048
const DIGITS2: usize = TWO_POW + 2048 * 8; // u8 × 200
/** Bytes of the tables (../formats/csvWasm.ts fills them at base()). */
export const TABLE_BYTES: i32 = <i32>(DIGITS2 + 200);

const SPLIT: f64 = 134217729.0;
const EPS: f64 = 1e-9;

let tables: usize = 0;
let pos: usize = 0;

/** Where the tables start (after this module's own static data). */
export function base(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/** The output position after the last call of rows(). */
export function written(): usize {
  return pos;
}

@inline function dec(k: i32): f64 {
  return load<f64>(tables + DEC + (<usize>(k + DEC_BIAS) << 3));
}

function putDigits(at: usize, n: i32, count: i32): void {
  let i = at + <usize>count;
  while (count >= 2) {
    const q = n / 100;
    const r = n - q * 100;
    n = q;
    i -= 2;
    store<u16>(i, load<u16>(tables + DIGITS2 + (<usize>r << 1)));
    count -= 2;
  }
  if (count == 1) store<u8>(i - 1, <u8>(48 + (n % 10)));
}

/** writeInt of ../doubleText.ts for 0 ≤ n < 2^31: the digit count by comparisons, then two digits at a time. */
function writeInt(n: i32): void {
  const len: i32 = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
  putDigits(pos, n, len);
  pos += <usize>len;
}

/** Copies n bytes (a loop: V8's memory.copy is a call, slower than a loop for these few bytes). */
@inline function copy(to: usize, from: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) store<u8>(to + i, load<u8>(from + i));
}

function ascii3(a: u8, b: u8, c: u8): void {
  store<u8>(pos, a);
  store<u8>(pos + 1, b);
  store<u8>(pos + 2, c);
  pos += 3;
}

/** String(v) at pos; false (pos unchanged) where the JavaScript must write it. */
function writeDouble(v: f64): bool {
  if (v == 0) {
    store<u8>(pos++, 48);
    return true;
  }
  if (v != v) {
    ascii3(78, 97, 78); // NaN
    return true;
  }
  const start = pos;
  let av = v;
  if (v < 0) {
    store<u8>(pos++, 45);
    av = -v;
  }
  if (av == Infinity) {
    ascii3(73, 110, 102);
    ascii3(105, 110, 105);
    ascii3(116, 121, 0);
    pos--; // "Infinity"
    return true;
  }
  if (!(av >= 1e-270 && av <= 1e270)) {
    pos = start;
    return false;
  }
  const bits = reinterpret<u64>(av);
  const expBits = <i32>((bits >> 52) & 0x7ff);
  const mantissaZero = (bits & 0xfffffffffffff) == 0;
  let k = <i32>Math.floor(<f64>(expBits - 1023) * 0.3010299956639812);
  if (av >= dec(k + 1)) k++;
  let p: f64 = 0;
  let t: f64 = 0;
  let hi: f64 = 1;
  for (let attempt = 0; ; attempt++) {
    const s = 16 - k;
    let lo: f64;
    if (s >= 0 && s <= 22) {
      hi = load<f64>(tables + POW10 + (<usize>s << 3));
      lo = 0;
    } else {
      hi = load<f64>(tables + POW_HI + (<usize>(s + POW_BIAS) << 3));
      if (hi != hi) {
        pos = start;
        return false;
      }
      lo = load<f64>(tables + POW_LO + (<usize>(s + POW_BIAS) << 3));
    }
    p = av * hi;
    let c = SPLIT * av;
    const ah = c - (c - av);
    const al = av - ah;
    c = SPLIT * hi;
    const bh = c - (c - hi);
    const bl = hi - bh;
    t = ah * bh - p + ah * bl + al * bh + al * bl + av * lo;
    if (p < 1e16 || (p == 1e16 && t < 0)) k--;
    else if (p >= 1e17) k++;
    else break;
    if (attempt == 2) {
      pos = start;
      return false;
    }
  }
  const huHigh = load<f64>(tables + TWO_POW + (<usize>expBits << 3)) * hi - EPS;
  const huLow = mantissaZero ? huHigh / 2 - EPS : huHigh;
  let af = Math.floor(p * 1e-8);
  let bf = p - af * 1e8;
  const ti = Math.floor(t);
  const f = t - ti;
  bf += ti;
  while (bf < 0) {
    af--;
    bf += 1e8;
  }
  while (bf >= 1e8) {
    af++;
    bf -= 1e8;
  }
  const a = <i32>af;
  const b = <i32>bf;
  let ca = a;
  let cb = b;
  if (f >= 0.5) cb++;
  for (let j = 1; j <= 16; j++) {
    let distL: f64;
    let distU: f64;
    let m: i32;
    let q: i32;
    if (j <= 8) {
      m = <i32>load<f64>(tables + POW10 + (<usize>j << 3));
      q = b % m;
      distL = <f64>q + f;
      distU = <f64>(m - q) - f;
    } else {
      m = <i32>load<f64>(tables + POW10 + (<usize>(j - 8) << 3));
      q = a % m;
      distL = <f64>q * 1e8 + <f64>b + f;
      distU = <f64>(m - q) * 1e8 - <f64>b - f;
    }
    const inL = distL < huLow;
    const inU = distU < huHigh;
    if (!inL && !inU) break;
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
  if (cb >= 100000000) {
    ca++;
    cb -= 100000000;
  }
  if (ca >= 1000000000) {
    ca = 100000000;
    cb = 0;
    k++;
  }
  const n = k + 1;
  // The 17 digits, then Number.prototype.toString's layout (n: the decimal point's position).
  const d = pos + 32; // scratch after the room a row has (the caller leaves 64 bytes spare)
  putDigits(d, ca, 9);
  putDigits(d + 9, cb, 8);
  let nd: i32 = 17;
  while (nd > 1 && load<u8>(d + <usize>(nd - 1)) == 48) nd--;
  if (nd <= n && n <= 21) {
    copy(pos, d, <usize>nd);
    pos += <usize>nd;
    for (let i = nd; i < n; i++) store<u8>(pos++, 48);
  } else if (0 < n && n <= 21) {
    copy(pos, d, <usize>n);
    pos += <usize>n;
    store<u8>(pos++, 46);
    copy(pos, d + <usize>n, <usize>(nd - n));
    pos += <usize>(nd - n);
  } else if (-6 < n && n <= 0) {
    store<u8>(pos++, 48);
    store<u8>(pos++, 46);
    for (let i = n; i < 0; i++) store<u8>(pos++, 48);
    copy(pos, d, <usize>nd);
    pos += <usize>nd;
  } else {
    store<u8>(pos++, load<u8>(d));
    if (nd > 1) {
      store<u8>(pos++, 46);
      copy(pos, d + 1, <usize>(nd - 1));
      pos += <usize>(nd - 1);
    }
    store<u8>(pos++, 101); // 'e'
    const e = n - 1;
    store<u8>(pos++, e < 0 ? 45 : 43);
    writeInt(e < 0 ? -e : e);
  }
  return true;
}

/**
 * Rows [from, count) of one scheduler's block, written from `out`: the label, the step (steps[i]),
 * the epoch (perEpoch 0: empty, 1: the step, else ⌊step / perEpoch⌋; > 0 when given), the g values of the row
 * (values[i·g …]) and commas up to `groups`, a newline. Returns the first row it did not write
 * (count: all); written() is where the output ends.
 */
export function rows(
  tableAt: usize,
  from: i32,
  count: i32,
  g: i32,
  groups: i32,
  perEpoch: f64,
  steps: usize,
  values: usize,
  label: usize,
  labelLength: i32,
  out: usize,
): i32 {
  tables = tableAt;
  pos = out;
  for (let i = from; i < count; i++) {
    const rowStart = pos;
    if (labelLength > 0) {
      copy(pos, label, <usize>labelLength);
      pos += <usize>labelLength;
    }
    const k = load<i32>(steps + (<usize>i << 2));
    writeInt(k);
    store<u8>(pos++, 44);
    if (perEpoch == 1) writeInt(k);
    else if (perEpoch > 0) writeInt(<i32>Math.floor(<f64>k / perEpoch));
    for (let j = 0; j < g; j++) {
      store<u8>(pos++, 44);
      if (!writeDouble(load<f64>(values + (<usize>(i * g + j) << 3)))) {
        pos = rowStart;
        return i;
      }
    }
    for (let j = g; j < groups; j++) store<u8>(pos++, 44);
    store<u8>(pos++, 10);
  }
  return count;
}
