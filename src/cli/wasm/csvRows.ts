// AssemblyScript (compiled to dist/csvRows.wasm by scripts/build.mjs, with SIMD; not TypeScript:
// tsconfig leaves it out).
//
// The CSV's rows as WebAssembly: the same bytes as ../formats/csv.ts's writeCsvRowsJs, each value
// exactly String(v), without what costs JavaScript most on a long curve: a cold start in the
// interpreter, deoptimizations when a branch is first taken, a heap number per double.
//
// A value's digits come from Dragonbox (Junekey Jeon, "Dragonbox: A New Floating-Point
// Binary-to-Decimal Conversion Algorithm", 2020; the reference implementation is
// github.com/jk-jeon/dragonbox): the shortest decimal in the value's rounding interval (both ends
// in when the significand is even, as V8 takes them), the nearest to the value among those, the
// even one on a tie — what Number.prototype.toString picks. It is exact integer arithmetic: the
// value's interval scaled by 10^k, k chosen from the binary exponent, as one 64 × 128-bit product
// with 10^k rounded up to 128 bits (the cache, which the proof shows is precise enough), then one
// division by 1000 and, rarely, a second product for a fraction's parity. WebAssembly has no
// 64 × 64 → 128-bit multiply: mulHigh builds one from four 32 × 32-bit ones. (A division by a
// constant, as by 1000 here, V8 compiles to a native multiply-high.) The digits are then written
// 16 at a time, with SIMD (digits16).
//
// The compiler (V8's, from this module's WebAssembly) keeps few values in registers around a call
// or in a long loop, and spills the rest to memory: the work is in small loops of their own
// (decimals, texts, rows), the rare cases out of them (careful), and where a branch would be a coin
// toss, a select. (Measured over a 10^6-step OneCycleLR: about 26 ns a row, all of the writer,
// where the port of ../doubleText.ts's double-double method before it took about 73.)
//
// Memory (laid out by ../formats/csvWasm.ts from base()): the cache (10^k for k in [K_MIN, K_MAX],
// which the JavaScript computes with BigInt), then the rows' values, their step numbers, the
// label, and the output. A value outside [1e-270, 1e270] (the range that cache is for) stops the
// call at its row: the JavaScript writes that row and calls again from the next.

/** The cache's decimal exponents: every k a double in [1e-270, 1e270] needs. */
export const K_MIN: i32 = -253;
export const K_MAX: i32 = 288;

/** The bits of 1e-270 and 1e270: a positive double is in [1e-270, 1e270] when its bits are between. */
const LOWEST: u64 = 0x07e0e7c9eebc444a;
const HIGHEST: u64 = 0x77fe494034e79e5c;

/** 10^0 … 10^17. */
const POW10: usize = memory.data<u64>([
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000, 100000000000, 1000000000000,
  10000000000000, 100000000000000, 1000000000000000, 10000000000000000, 100000000000000000,
]);

/** Eight ASCII zeros: added to digits8's bytes 0…9. */
const ZEROS: u64 = 0x3030303030303030;

/**
 * rows() takes its rows a block at a time, in three passes: each value's decimal (decimals(): into
 * DIGITS and POINTS), each value's text (texts(): into a slot, its length in LENGTHS), then the
 * rows, the texts copied in. A slot is 48 bytes: a text is at most 25, but text() stores whole
 * words past it, up to its 35th byte.
 */
const BLOCK_VALUES: i32 = 256;
const SLOT_BYTES: usize = 48;
const DIGITS: usize = memory.data(8 * BLOCK_VALUES, 8);
const POINTS: usize = memory.data(4 * BLOCK_VALUES, 4);
const SLOTS: usize = memory.data(<i32>SLOT_BYTES * BLOCK_VALUES, 16);
const LENGTHS: usize = memory.data(BLOCK_VALUES);
/** The values decimals() leaves to careful() (one more entry: decimals() stores the next one unlisted). */
const LIST: usize = memory.data(4 * (BLOCK_VALUES + 1), 4);
/** POINTS of a value decimals() leaves to text() (0, NaN, ±Infinity, outside [1e-270, 1e270]). */
const SPECIAL: i32 = 1000;

let tables: usize = 0;
/** Where rows() stopped writing. (The writers pass the position along as a local: a global is a memory access, and each row would wait on its chain of them.) */
let pos: usize = 0;

/** Where the tables start (after this module's own static data). */
export function base(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/** The output position after the last call of rows(). */
export function written(): usize {
  return pos;
}

/**
 * The 8 decimal digits of n < 10^8 as bytes 0…9 of a u64, the first digit in the lowest byte (the
 * order a little-endian store writes): n split in two halves of 4 digits, each in its 32-bit lane,
 * then each lane in two of 2 digits (16-bit lanes), then in single digits (bytes), every lane
 * divided at once by a multiply and a shift (exact for these ranges: x·10486 >> 20 = ⌊x / 100⌋
 * for x < 10^4, x·103 >> 10 = ⌊x / 10⌋ for x < 100), the products too small to spill into the
 * next lane.
 */
@inline function digits8(n: u32): u64 {
  const high = n / 10000;
  let x: u64 = <u64>high | (<u64>(n - high * 10000) << 32);
  const hundreds = ((x * 10486) >> 20) & 0x0000007f0000007f;
  x = hundreds | ((x - hundreds * 100) << 16);
  const tens = ((x * 103) >> 10) & 0x000f000f000f000f;
  return tens | ((x - tens * 10) << 8);
}

/**
 * digits16's constants, each in every lane (loaded: a constant v128 costs V8 three instructions
 * to make, in every iteration of a loop): 109951163, 10000, 5243, 100 (i32); 103, 10 (i16); '0' (i8).
 */
const LANES: usize = memory.data<u32>(
  [
    109951163, 109951163, 109951163, 109951163, 10000, 10000, 10000, 10000, 5243, 5243, 5243, 5243, 100, 100, 100, 100,
    0x00670067, 0x00670067, 0x00670067, 0x00670067, 0x000a000a, 0x000a000a, 0x000a000a, 0x000a000a,
    0x30303030, 0x30303030, 0x30303030, 0x30303030,
  ],
  16,
);

/**
 * The 16 decimal digits of n < 10^16 as the bytes 0…9 of a v128, the first in the lowest: digits8's
 * lanes, twice as wide. n in two halves of 8 digits (a, b), each in four of 4 (⌊x / 10^4⌋ =
 * x · 109951163 >> 40, exact for x < 10^8, the products 64-bit), in i32 lanes; then as in digits8
 * (⌊x / 100⌋ = x · 5243 >> 19 for x < 10^4, in 32-bit lanes; ⌊x / 10⌋ = x · 103 >> 10, in 16-bit ones).
 */
@inline function digits16(n: u64): v128 {
  const a = <u32>(n / 100000000);
  const x = i32x4.replace_lane(i32x4.splat(a), 1, <u32>(n - <u64>a * 100000000));
  const q = i64x2.shr_u(i64x2.extmul_low_i32x4_u(x, v128.load(LANES)), 40); // [a / 10^4, b / 10^4] as i64
  const quarters = i32x4.shuffle(q, q, 0, 2, 0, 2);
  const rests = i32x4.sub(x, i32x4.mul(quarters, v128.load(LANES, 16)));
  let y = i32x4.shuffle(quarters, rests, 0, 4, 1, 5);
  const hundreds = i32x4.shr_u(i32x4.mul(y, v128.load(LANES, 32)), 19);
  y = v128.or(hundreds, i32x4.shl(i32x4.sub(y, i32x4.mul(hundreds, v128.load(LANES, 48))), 16));
  const tens = i16x8.shr_u(i16x8.mul(y, v128.load(LANES, 64)), 10);
  return v128.or(tens, i16x8.shl(i16x8.sub(y, i16x8.mul(tens, v128.load(LANES, 80))), 8));
}

/** How many leading zeros digits8's digits have, 0…7 (bit 56 keeps the last digit of 0). */
@inline function leadingZeros(d: u64): usize {
  return <usize>(ctz(d | (<u64>1 << 56)) >> 3);
}

/** writeInt of ../doubleText.ts for 0 ≤ n < 2^31 at p, returning the end (a store of 8 bytes past it: the caller leaves room). */
@inline function writeInt(p: usize, n: u32): usize {
  if (n >= 100000000) {
    const high = n / 100000000; // 1…21
    if (high >= 10) store<u8>(p++, <u8>(48 + high / 10));
    store<u8>(p++, <u8>(48 + high % 10));
    store<u64>(p, digits8(n - high * 100000000) + ZEROS);
    return p + 8;
  }
  const d = digits8(n);
  const zeros = leadingZeros(d);
  store<u64>(p, (d + ZEROS) >> (zeros << 3));
  return p + 8 - zeros;
}

/** Copies n bytes (a loop: V8's memory.copy is a call, slower than a loop for these few bytes). */
@inline function copy(to: usize, from: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) store<u8>(to + i, load<u8>(from + i));
}

/** The high 64 bits of a × b, from four 32 × 32-bit products. */
@inline function mulHigh(a: u64, b: u64): u64 {
  const a0 = a & 0xffffffff;
  const a1 = a >> 32;
  const b0 = b & 0xffffffff;
  const b1 = b >> 32;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const middle = ((a0 * b0) >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  return a1 * b1 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
}

// The steps of Dragonbox both decimal passes share. |v| = fc · 2^e (fc the significand with its
// hidden bit, twoFc = 2fc); its rounding interval is fc ± 1/2 ulp (below a power of two,
// powerOfTwo's). k = −minusK = 2 − ⌊log10 2^e⌋ makes the interval's width deltai (in units of
// 10^−k) in [100, 1000); beta = e + ⌊log2 10^k⌋; the cache entry for k is hi · 2^64 + lo, at
// cacheAt. z = the interval's upper end × 10^k, (2fc + 1) · 2^(e−1) · 10^k, is the high 128 bits
// of the 192-bit product u × cache, u = (2fc + 1) · 2^beta: its integer part upper(), its
// fraction (the top 64 bits of it) upperFraction(). With r = z mod 1000, the value rounded to a
// multiple of 100 is y = z − deltai/2 rounded, from distance() (exact but when divisible(): then
// y's own parity decides).

@inline function minusKOf(e: i32): i32 {
  return ((e * 1262611) >> 22) - 2;
}

@inline function cacheAt(minusK: i32): usize {
  return tables + (<usize>(-minusK - K_MIN) << 4);
}

@inline function betaOf(e: i32, minusK: i32): i32 {
  return e + ((-minusK * 1741647) >> 19);
}

@inline function upperFraction(u: u64, hi: u64, lo: u64): u64 {
  return u * hi + mulHigh(u, lo);
}

@inline function upper(u: u64, hi: u64, lo: u64): u64 {
  const t = mulHigh(u, lo);
  return mulHigh(u, hi) + (u * hi + t < t ? 1 : 0);
}

/** dist = r − deltai/2 + 50, times 656: its high 16 bits are ⌊dist / 100⌋ (dist ≤ 1000), its low ones under 656 when 100 divides dist. */
@inline function distance(r: u32, deltai: u32): u32 {
  return (r - (deltai >> 1) + 50) * 656;
}

@inline function divisible(d: u32): bool {
  return (d & 0xffff) < 656;
}

/**
 * The decimals of n values (from `at`; each with |v| in [1e-270, 1e270], else marked SPECIAL)
 * into DIGITS and POINTS: 17 digits d1…d17 (an integer in [10^16, 10^17)) and n, with
 * |v| = 0.d1…d17 · 10^n, the digits those of the shortest decimal, followed by zeros. The loop
 * takes the common case with neither a branch (whether a decimal one digit shorter than the rest
 * is inside is a coin toss) nor a call; a value it cannot settle so (a power of two, an end of the
 * interval in question, a division by 100 that is exact: about one in a hundred) it lists for
 * careful(), after it.
 */
function decimals(at: usize, n: usize): void {
  let listed: usize = 0;
  for (let j: usize = 0; j < n; j++) {
    const bits = load<u64>(at + (j << 3));
    if ((bits & 0x7fffffffffffffff) - LOWEST > HIGHEST - LOWEST) {
      store<i32>(POINTS + (j << 2), SPECIAL);
      continue;
    }
    const e = <i32>((bits >> 52) & 0x7ff) - 1075;
    const fraction = bits & 0xfffffffffffff;
    if (fraction == 0) {
      store<u32>(LIST + (listed++ << 2), <u32>j);
      continue;
    }
    const minusK = minusKOf(e);
    const hi = load<u64>(cacheAt(minusK));
    const lo = load<u64>(cacheAt(minusK), 8);
    const beta = betaOf(e, minusK);
    const deltai = <u32>(hi >> (63 - beta));
    const u = (((fraction | 0x10000000000000) << 1) | 1) << beta;
    const z = upper(u, hi, lo);
    // The multiple of 1000 just under z is inside when r is under deltai (r = 0: z itself, an end
    // that is in for an even significand; r = deltai: the lower end, to be settled); else y.
    const big = z / 1000;
    const r = <u32>(z - big * 1000);
    const inside = r < deltai;
    const d = distance(r, deltai);
    // Either as t · 10^(minusK + 2), t of 16 or 17 digits (z is in [2^52 · 100, 2^53 · 1000)).
    const t = select<u64>(big * 10, big * 10 + <u64>(d >> 16), inside);
    const long = t >= 10000000000000000;
    store<u64>(DIGITS + (j << 3), select<u64>(t, t * 10, long));
    store<i32>(POINTS + (j << 2), minusK + 18 + <i32>long);
    // Listed when r = 0 or r = deltai (their product is 0), or when y's division by 100 is exact
    // and y is the one (the sign bits of `divisible` and of `not inside`, written as differences).
    const hard = (<i32>(r * (r ^ deltai)) - 1) | (<i32>((d & 0xffff) - 656) & <i32>(deltai - 1 - r));
    store<u32>(LIST + (listed << 2), <u32>j);
    listed += <usize>(<u32>hard >> 31);
  }
  for (let c: usize = 0; c < listed; c++) {
    const j = <usize>load<u32>(LIST + (c << 2));
    careful(j, load<u64>(at + (j << 3)));
  }
}

// fractionOf's results.
let parity = false;
let integral = false;

/**
 * For x = twoF · 2^(e−1) · 10^k (the cache entry at `at`, beta as above): the parity of ⌊x⌋ and
 * whether x is an integer, from the low 128 bits of twoF × cache (x's integer part starts at bit
 * 128 − beta).
 */
@inline function fractionOf(twoF: u64, at: usize, beta: i32): void {
  const hi = load<u64>(at);
  const lo = load<u64>(at, 8);
  const low = twoF * lo;
  const high = twoF * hi + mulHigh(twoF, lo);
  parity = ((high >> (64 - beta)) & 1) != 0;
  integral = ((high << beta) | (low >> (64 - beta))) == 0;
}

/** The decimal of a value decimals() listed (into DIGITS and POINTS at j): Dragonbox with all its cases. */
function careful(j: usize, bits: u64): void {
  const e = <i32>((bits >> 52) & 0x7ff) - 1075;
  const fraction = bits & 0xfffffffffffff;
  if (fraction == 0) {
    powerOfTwo(j, e);
    return;
  }
  const twoFc = (fraction | 0x10000000000000) << 1;
  const even = (fraction & 1) == 0;
  const minusK = minusKOf(e);
  const at = cacheAt(minusK);
  const hi = load<u64>(at);
  const lo = load<u64>(at, 8);
  const beta = betaOf(e, minusK);
  const deltai = <u32>(hi >> (63 - beta));
  const u = (twoFc | 1) << beta;
  const z = upper(u, hi, lo);
  let sig = z / 1000;
  let r = <u32>(z - sig * 1000);
  let inside = r < deltai;
  if (r == deltai) {
    // The lower end, x = (2fc − 1) · 2^(e−1) · 10^k: inside when x's fraction is at most z's
    // (told by ⌊x⌋'s parity), or when x is an integer and an end that is in.
    fractionOf(twoFc - 1, at, beta);
    inside = parity || (integral && even);
  } else if (r == 0 && upperFraction(u, hi, lo) == 0 && !even) {
    // z itself, an integer and an end that is out: the multiple of 1000 under it is not inside.
    inside = false;
    sig--;
    r = 1000;
  }
  if (inside) {
    exp10ed(j, sig, minusK + 3);
    return;
  }
  const d = distance(r, deltai);
  sig = sig * 10 + <u64>(d >> 16);
  if (divisible(d)) {
    // dist a multiple of 100: the multiple of 100 nearest y is the approximation or the one under
    // it (under when ⌊y⌋'s parity is not the approximation's); y an integer is a tie between the
    // two, to the even one.
    fractionOf(twoFc, at, beta);
    if (parity != ((((r - (deltai >> 1) + 50) ^ 50) & 1) != 0)) sig--;
    else if (integral && (sig & 1) != 0) sig--;
  }
  exp10ed(j, sig, minusK + 2);
}

/**
 * careful's decimal for a power of two (2^52 · 2^e), whose interval is [fc − 1/4, fc + 1/2] ulp
 * (the double under is nearer): k = −⌊log10(3/4 · 2^e)⌋, beta = e + ⌊log2 10^k⌋, and the interval
 * scaled by 10^k, [xi, zi], read off the cache's high word alone (exact for these endpoints).
 */
function powerOfTwo(j: usize, e: i32): void {
  const minusK = (e * 1262611 - 524031) >> 22;
  const beta = betaOf(e, minusK);
  const hi = load<u64>(cacheAt(minusK));
  let xi = (hi - (hi >> 54)) >> (11 - beta);
  const zi = (hi + (hi >> 53)) >> (11 - beta);
  // The left end is an integer only for e = 2, 3; else the first integer inside is the next.
  if (e < 2 || e > 3) xi++;
  let sig = zi / 10;
  let exp10: i32;
  if (sig * 10 >= xi) {
    exp10 = minusK + 1;
  } else {
    // No multiple of 10 inside: the value itself rounded (up, then down on the one tie, at e = −77, to the even).
    sig = ((hi >> (10 - beta)) + 1) >> 1;
    if (e == -77 && (sig & 1) != 0) sig--;
    else if (sig < xi) sig++;
    exp10 = minusK;
  }
  exp10ed(j, sig, exp10);
}

/** DIGITS and POINTS at j for the decimal sig · 10^exp10 (sig of at most 17 digits). */
function exp10ed(j: usize, sig: u64, exp10: i32): void {
  // ⌊log10 2^bits⌋ is sig's digit count, or one less.
  let length = ((64 - <i32>clz(sig)) * 1233) >> 12;
  if (sig >= load<u64>(POW10 + (<usize>length << 3))) length++;
  store<u64>(DIGITS + (j << 3), sig * load<u64>(POW10 + (<usize>(17 - length) << 3)));
  store<i32>(POINTS + (j << 2), exp10 + length);
}

/** String(v) at p from its decimal at j, returning the end; 0 where the JavaScript must write it. */
@inline function text(p: usize, v: f64, j: usize): usize {
  const n = load<i32>(POINTS + (j << 2));
  if (n == SPECIAL) {
    if (v == 0) {
      store<u8>(p, 48);
      return p + 1;
    }
    if (v != v) {
      store<u32>(p, 0x4e614e); // "NaN"
      return p + 3;
    }
    if (v < 0) store<u8>(p++, 45);
    if (v == Infinity || v == -Infinity) {
      store<u64>(p, 0x7974696e69666e49); // "Infinity"
      return p + 8;
    }
    return 0;
  }
  store<u8>(p, 45);
  p += <usize>(reinterpret<u64>(v) >> 63); // the '-' kept when negative
  const sig = load<u64>(DIGITS + (j << 3));
  const first = <u32>(sig / 10000000000000000); // 1…9
  const rest = digits16(sig - <u64>first * 10000000000000000);
  const chars = i8x16.add(rest, v128.load(LANES, 96));
  // nd: the digits without the trailing zeros (the last nonzero byte of rest is byte nd − 2).
  const nd = 33 - <i32>clz<u32>(~i8x16.bitmask(i8x16.eq(rest, i8x16.splat(0))) & 0xffff);
  // Number.prototype.toString's layout (n: the decimal point's position); the 17 digits are
  // stored whole (room: a slot is 48 bytes), the end then counts those kept.
  if (<u32>(n + 5) < 6) {
    // −6 < n ≤ 0, 0.000001 ≤ |v| < 1, every lr but the tiniest: "0." and −n zeros (one store of
    // "0.000000"), the digits.
    store<u64>(p, 0x3030303030302e30);
    const at = p + <usize>(2 - n);
    store<u8>(at, <u8>(48 + first));
    v128.store(at, chars, 1);
    return at + <usize>nd;
  }
  if (<u32>(n - 1) < 21) {
    // 0 < n ≤ 21.
    store<u8>(p, <u8>(48 + first));
    v128.store(p, chars, 1);
    if (nd <= n) {
      // An integer: the digits, and zeros up to n (the trailing ones are there up to 17).
      if (n > 17) store<u32>(p, 0x30303030, 17);
      return p + <usize>n;
    }
    // The digits after the point move one on (n ≤ 16: at most 16 of them, a load before a store).
    const at = p + <usize>n;
    v128.store(at, v128.load(at), 1);
    store<u8>(at, 46);
    return p + <usize>(nd + 1);
  }
  // d1[.d2…]e±(n − 1).
  store<u8>(p, <u8>(48 + first));
  store<u8>(p, 46, 1);
  v128.store(p, chars, 2);
  p += nd > 1 ? <usize>(nd + 1) : 1;
  store<u8>(p, 101); // 'e'
  const x = n - 1;
  store<u8>(p, x < 0 ? 45 : 43, 1);
  return writeInt(p + 2, <u32>(x < 0 ? -x : x));
}

/** The texts of n values (from `at`, their decimals from decimals()) into SLOTS and LENGTHS (0: the JavaScript's). */
function texts(at: usize, n: usize): void {
  for (let j: usize = 0; j < n; j++) {
    const slot = SLOTS + j * SLOT_BYTES;
    const end = text(slot, load<f64>(at + (j << 3)), j);
    store<u8>(LENGTHS + j, <u8>(end == 0 ? 0 : end - slot));
  }
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
  let p = out;
  // (More groups than a block holds: the JavaScript writes every row.)
  const blockRows = g > 0 ? BLOCK_VALUES / g : BLOCK_VALUES;
  if (blockRows == 0) {
    pos = p;
    return from;
  }
  // The epoch column: 0 none, 1 the step, 2 ⌊step / perEpoch⌋ (an integer compare per row, not a double's).
  const epochs = perEpoch == 1 ? 1 : perEpoch > 0 ? 2 : 0;
  // The step's text (its ASCII digits in a u64, the first in the lowest byte), kept from row to
  // row: the next step is most often this one plus 1, the same text with its last digit (at bit
  // `last`) one more, unless that digit is a 9. At the start none (no step is 2^32 − 2 + 1).
  let step: u32 = 0xfffffffe;
  let stepText: u64 = 0;
  let stepLength: usize = 0;
  let last: u64 = 0;
  for (let block = from; block < count; block += blockRows) {
    const end = min(block + blockRows, count);
    const at = values + (<usize>(block * g) << 3);
    const n = <usize>((end - block) * g);
    decimals(at, n);
    texts(at, n);
    let j: usize = 0;
    for (let i = block; i < end; i++) {
      const rowStart = p;
      if (labelLength > 0) {
        copy(p, label, <usize>labelLength);
        p += <usize>labelLength;
      }
      const k = load<u32>(steps + (<usize>i << 2));
      if (k == step + 1 && <u32>((stepText >> last) & 0xff) - 48 < 9) {
        stepText += <u64>1 << last;
      } else if (k < 100000000) {
        const d = digits8(k);
        const zeros = leadingZeros(d);
        stepText = (d + ZEROS) >> (zeros << 3);
        stepLength = 8 - zeros;
        last = <u64>((stepLength - 1) << 3);
      } else {
        // (No text: its 0 byte is no digit, and the next step's is written afresh too.)
        stepText = 0;
        stepLength = 0;
        p = writeInt(p, k);
      }
      step = k;
      store<u64>(p, stepText);
      p += stepLength;
      store<u8>(p++, 44);
      if (epochs == 1) {
        store<u64>(p, stepText);
        p = stepLength != 0 ? p + stepLength : writeInt(p, k);
      } else if (epochs == 2) {
        p = writeInt(p, <u32>Math.floor(<f64>k / perEpoch));
      }
      for (let c = 0; c < g; c++, j++) {
        const length = <usize>load<u8>(LENGTHS + j);
        if (length == 0) {
          pos = rowStart;
          return i;
        }
        // The text as 32 bytes (room: the caller leaves 64 bytes spare), the position past its length.
        const slot = SLOTS + j * SLOT_BYTES;
        store<u8>(p, 44);
        v128.store(p, v128.load(slot), 1);
        v128.store(p, v128.load(slot, 16), 17);
        p += 1 + length;
      }
      for (let c = g; c < groups; c++) store<u8>(p++, 44);
      store<u8>(p++, 10);
    }
  }
  pos = p;
  return count;
}
