// The CSV's WebAssembly row writer (src/cli/wasm/csvRows.ts via src/cli/formats/csvWasm.ts) writes
// the bytes of the JavaScript one (writeCsvRowsJs, itself checked against String(v)), value by value:
// every layout Number.prototype.toString has (plain, "0.000…", exponents both ways), zeros, NaN and
// infinities, powers of two and of ten, neighbours of both, random doubles over the whole range, and
// rows with a label, several groups (padded), kept rows and each epoch column; and it leaves to
// JavaScript only the rows it must (a power of ten not yet computed, the extremes), not the rest.
// And, value by value against String(v) itself, over 10^6 doubles and more: random bits over every
// exponent, random lrs in 1e-12..10, powers of two and of ten and their neighbours, the shortest
// decimal of each length 1…17, integers where the interval's ends are ties, subnormals, and the
// layout's boundaries.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { csvPlan, writeCsvRowsJs, type CsvPlan } from '../../../src/cli/formats/csv';
import { compileRows, WasmRows, type RowsModule } from '../../../src/cli/formats/csvWasm';
import type { SchedulerFinding } from '../../../src/core/model/types';
import type { FindingCurve } from '../../../src/core/model/curves';
import { Memory } from './memorySink';
import { buildCli, ROOT } from './bundle';
import { xorshift } from '../helpers/rng';

/** A plan over curves given by their values (groups per row); `unit: 'epoch'` gives the epoch column = the step. */
function planOf(curves: { lr: number[] | Float64Array; groups: number; name?: string; unit?: 'epoch' | 'step'; perBatch?: number }[], thinning = {}): CsvPlan {
  return csvPlan(
    curves.map((c, id) => {
      const lr = Float64Array.from(c.lr);
      const finding = {
        id,
        kind: 'LambdaLR',
        name: c.name ?? `s${id}`,
        unit: c.unit ?? 'step',
        stepCalls: c.perBatch ? [{ loops: [{ kind: 'batch', count: c.perBatch }] }] : [],
        assumptions: [],
      } as unknown as SchedulerFinding;
      return { finding, fc: { curve: { lr, groups: c.groups, rows: lr.length / c.groups } } as unknown as FindingCurve };
    }),
    thinning,
  );
}

function both(w: WasmRows, plan: CsvPlan, from = 0, to = plan.total): { js: string; wasm: string } {
  const a = new Memory(1 << 12);
  writeCsvRowsJs(a, plan, from, to);
  const b = new Memory(1 << 12);
  w.write(b, plan, from, to);
  return { js: a.text(), wasm: b.text() };
}

/** A deterministic stream of doubles from raw bits: every exponent, every mantissa pattern. */
function randomDoubles(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  const u32 = new Uint32Array(out.buffer);
  let x = seed >>> 0;
  const next = () => (x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0);
  for (let i = 0; i < 2 * n; i++) u32[i] = next();
  return out;
}

describe('cli: the CSV rows by WebAssembly', function () {
  this.timeout(120_000);
  let module: RowsModule;
  before(() => {
    buildCli();
    module = compileRows(fs.readFileSync(path.join(ROOT, 'dist/csvRows.wasm')));
  });

  it('writes the JavaScript writer\'s bytes for every layout and special value', () => {
    const special = [0, -0, NaN, Infinity, -Infinity, 1, -1, 0.1, 0.5, 0.25, 1e-6, 1e-7, 9.999999999999999e-7, 1e21, 1e20, 123456789012345680000, 1.5e-10, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e-270, 1e270, 1.0000000000000002, 0.30000000000000004, 0.0040000000000000036, 4e-7, 3.999999999999e-7, 100, 1e15, 1e16, 1e17, 123.456, -0.000123];
    const pow = [];
    for (let e = -60; e <= 60; e++) {
      pow.push(2 ** e, 10 ** e, Number(`1e${e}`), 2 ** e * (1 + 2 ** -52), 2 ** e * (1 - 2 ** -53), Number(`1e${e}`) * (1 + 2 ** -52));
    }
    const w = new WasmRows(module);
    const plan = planOf([{ lr: [...special, ...pow], groups: 1 }]);
    const { js, wasm } = both(w, plan);
    assert.equal(wasm, js);
    assert.match(js, /^0,,0\n1,,0\n2,,NaN\n3,,Infinity\n4,,-Infinity\n/);
    assert.ok(js.includes(',1e+21\n') && js.includes(',1e-7\n') && js.includes(',5e-324\n') && js.includes(',0.000001\n'));
  });

  it('writes the same bytes for 200,000 doubles from random bits, and leaves JavaScript one row per power of ten it first meets', () => {
    const w = new WasmRows(module);
    const values = randomDoubles(200_000, 0x5eed).map((v) => (Number.isFinite(v) ? v : 0.5));
    const plan = planOf([{ lr: values, groups: 1 }]);
    const { js, wasm } = both(w, plan);
    assert.equal(wasm, js);
    // Random bits span every exponent: the module needs each 10^s outside 10^0…10^22 once (≈ 600), and takes the extremes to JavaScript.
    const outside = values.filter((v) => v !== 0 && !(Math.abs(v) >= 1e-270 && Math.abs(v) <= 1e270)).length;
    assert.ok(w.fallbacks >= outside && w.fallbacks <= outside + 700, `${w.fallbacks} rows by JavaScript, ${outside} outside the module's range`);
  });

  it('a schedule\'s values (one exponent range) take no JavaScript after the first row of each exponent', () => {
    const w = new WasmRows(module);
    const n = 100_000;
    const lr = Float64Array.from({ length: n }, (_, i) => 1e-7 + 0.1 * (1 - Math.cos((Math.PI * i) / n)) / 2);
    const plan = planOf([{ lr, groups: 1, perBatch: 1000 }]);
    const { js, wasm } = both(w, plan);
    assert.equal(wasm, js);
    assert.ok(w.fallbacks <= 3, `${w.fallbacks} rows by JavaScript`);
    assert.equal(js.split('\n')[2500], `2500,2,${lr[2500]}`);
  });

  it('labels, several groups padded to the widest, kept rows, each epoch column, any range of rows', () => {
    const w = new WasmRows(module);
    const n = 5000;
    const a = Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 0.01 : 0.1) * 0.5 ** Math.floor(i / 1400));
    const b = Float64Array.from({ length: 3 * n }, (_, i) => 3e-5 * (1 + (i % 3)) * (1 - i / (3 * n)));
    const c = Float64Array.from({ length: n }, (_, i) => i / 7);
    const curves = [
      { lr: a, groups: 2, name: 'step, "decay"', unit: 'epoch' as const },
      { lr: b, groups: 3, name: 'warm', perBatch: 2.5 },
      { lr: c, groups: 1, name: 'lin', perBatch: 1000 },
    ];
    for (const thinning of [{}, { every: 7 }, { points: 101 }]) {
      const plan = planOf(curves, thinning);
      for (const [from, to] of [[0, plan.total], [1, 2], [n - 3, n + 4], [Math.floor(plan.total / 3), plan.total - 1]]) {
        const { js, wasm } = both(w, plan, from, Math.min(to, plan.total));
        assert.equal(wasm, js, `${JSON.stringify(thinning)} rows ${from}..${to}`);
      }
    }
    const whole = both(w, planOf(curves)).js.split('\n');
    assert.equal(whole[0], '"step, ""decay""",0,0,0.1,0.01,');
    assert.equal(whole[n], `warm,0,0,${b[0]},${b[1]},${b[2]}`);
    assert.equal(whole[n + 5], `warm,5,2,${b[15]},${b[16]},${b[17]}`); // epoch ⌊5 / 2.5⌋
    assert.equal(whole[2 * n + 1001], 'lin,1001,1,143,,');
  });

  it('the longest texts, in every position of a block of values, spill into no other (-12345.678901234567, -1.2345678901234567e-100)', () => {
    for (const v of [-12345.678901234567, -1.2345678901234567e-100, -0.0000012345678901234567, -1234567890123456.7]) {
      const values = Float64Array.from({ length: 1500 }, (_, i) => v * (1 + (i % 7) * 2 ** -40));
      const w = new WasmRows(module);
      const out = new Memory(1 << 12);
      const plan = planOf([{ lr: values, groups: 1 }]);
      w.write(out, plan, 0, plan.total);
      assert.equal(out.text(), Array.from(values, (x, i) => `${i},,${String(x)}\n`).join(''));
      assert.equal(w.fallbacks, 0);
    }
  });

  it('more param groups than a block of values holds (256): every row by JavaScript, the same bytes', () => {
    for (const groups of [256, 257]) {
      const w = new WasmRows(module);
      const lr = Float64Array.from({ length: groups * 40 }, (_, i) => Math.sin(i) * 1e-3);
      const plan = planOf([{ lr, groups, unit: 'epoch' }]);
      // (A sink with room for a row of 257 values: the JavaScript writer makes room a row at a time.)
      const js = new Memory(1 << 16);
      writeCsvRowsJs(js, plan, 0, plan.total);
      const wasm = new Memory(1 << 16);
      w.write(wasm, plan, 0, plan.total);
      assert.equal(wasm.text(), js.text());
      assert.equal(js.text().split('\n')[1].split(',').length, 2 + groups);
      assert.equal(w.fallbacks, groups > 256 ? 40 : 0);
    }
  });

  it('writes exactly String(v), value by value, for over 10^6 doubles of every kind', () => {
    const values = differentialDoubles();
    assert.ok(values.length >= 1_000_000, `${values.length} values`);
    const w = new WasmRows(module);
    const out = new Memory(1 << 16);
    const plan = planOf([{ lr: values, groups: 1 }]);
    w.write(out, plan, 0, plan.total);
    const lines = out.text().split('\n');
    assert.equal(lines.length, values.length + 1);
    let wrong = 0;
    const shown: string[] = [];
    for (let i = 0; i < values.length; i++) {
      const expected = `${i},,${String(values[i])}`;
      if (lines[i] !== expected) {
        wrong++;
        if (shown.length < 10) shown.push(`${lines[i]} (String: ${expected})`);
      }
    }
    assert.equal(wrong, 0, shown.join('\n'));
    // The module wrote every value in [1e-270, 1e270] (the rest, subnormals among them, are the JavaScript's).
    const outside = values.filter((v) => v !== 0 && Number.isFinite(v) && !(Math.abs(v) >= 1e-270 && Math.abs(v) <= 1e270)).length;
    assert.equal(w.fallbacks, outside);
    assert.ok(outside < values.length / 3, `${outside} of ${values.length} outside the module's range`);
    // Each length of the shortest decimal, 1…17 digits, is there many times over.
    const lengths = new Array<number>(18).fill(0);
    for (const v of values) if (v !== 0 && Number.isFinite(v)) lengths[significantDigits(String(v))]++;
    for (let n = 1; n <= 17; n++) assert.ok(lengths[n] >= 1000, `${lengths[n]} values of ${n} digits`);
  });
});

/** The significant digits of String(v)'s text (no sign, point, exponent or leading zeros). */
function significantDigits(text: string): number {
  const digits = text.replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '');
  return digits.replace(/0+$/, '').length;
}

/** The neighbours of v: the doubles k ulps above and below (k = 1…spread), by its bits. */
function neighbours(v: number, spread: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const out: number[] = [];
  for (let k = 1n; k <= BigInt(spread); k++) {
    for (const b of [bits - k, bits + k]) {
      if (b < 0n || b >= 1n << 64n) continue;
      view.setBigUint64(0, b);
      const w = view.getFloat64(0);
      if (Number.isFinite(w)) out.push(w);
    }
  }
  return out;
}

/** The doubles of the differential test (deterministic): over 10^6, of every kind the module meets. */
function differentialDoubles(): Float64Array {
  const out: number[] = [];
  const next = xorshift(0x2545f491);
  const view = new DataView(new ArrayBuffer(8));
  // Random bit patterns, every exponent and sign (but NaN and the infinities, which come below).
  for (let i = 0; i < 400_000; i++) {
    view.setUint32(0, next());
    view.setUint32(4, next());
    const v = view.getFloat64(0);
    if (Number.isFinite(v)) out.push(v);
  }
  // Random learning rates, 5e-13 … 10 (53 random bits each, a decade at random).
  for (let i = 0; i < 300_000; i++) out.push((1 + next() / 2 ** 32 + next() / 2 ** 64) * 5 * 10 ** ((next() % 14) - 13));
  // Powers of two (their interval is narrower below) and of ten, both signs, and their neighbours.
  for (let e = -1074; e <= 1023; e++) for (const v of [2 ** e, -(2 ** e)]) out.push(v, ...neighbours(v, 3));
  for (let e = -323; e <= 308; e++) for (const v of [Number(`1e${e}`), -Number(`1e${e}`)]) out.push(v, ...neighbours(v, 3));
  // The shortest decimal of each length: n random digits at a random exponent, read back.
  for (let n = 1; n <= 17; n++) {
    for (let i = 0; i < 8_000; i++) {
      let digits = String(1 + (next() % 9));
      for (let d = 1; d < n; d++) digits += String(next() % 10);
      out.push(Number(`${digits}e${(next() % 600) - 300}`));
    }
  }
  // Integers of 2^53 … 2^57, whose rounding interval ends on integers (ties, when both are in).
  for (let i = 0; i < 100_000; i++) out.push(2 ** (53 + (i % 4)) + Math.floor((next() / 2 ** 32) * 2 ** (53 + (i % 4))));
  // Subnormals: random, the smallest, and the largest with the smallest normal.
  for (let i = 0; i < 20_000; i++) {
    view.setUint32(0, next() & 0x000fffff);
    view.setUint32(4, next());
    out.push(view.getFloat64(0));
  }
  out.push(5e-324, -5e-324, ...neighbours(2.2250738585072014e-308, 3));
  // The layout's boundaries (0.000001 and 1e-7; 1e21), their neighbours, and the specials.
  for (const v of [1e-7, 1e-6, 1e21, 1e20, 1, 0.1, 123456789012345680000]) out.push(v, -v, ...neighbours(v, 20));
  out.push(0, -0, NaN, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE);
  // Cosine schedules, as OneCycleLR and CosineAnnealingLR write them.
  for (let i = 0; i < 100_000; i++) out.push(4e-7 + (0.1 - 4e-7) * (1 + Math.cos((Math.PI * i) / 100_000)) / 2);
  return Float64Array.from(out);
}

