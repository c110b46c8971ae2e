// The CSV's WebAssembly row writer (src/cli/wasm/csvRows.ts via src/cli/formats/csvWasm.ts) writes
// the bytes of the JavaScript one (writeCsvRowsJs, itself checked against String(v)), value by value:
// every layout Number.prototype.toString has (plain, "0.000…", exponents both ways), zeros, NaN and
// infinities, powers of two and of ten, neighbours of both, random doubles over the whole range, and
// rows with a label, several groups (padded), kept rows and each epoch column; and it leaves to
// JavaScript only the rows it must (a power of ten not yet computed, the extremes), not the rest.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { csvPlan, writeCsvRowsJs, type CsvPlan } from '../../../src/cli/formats/csv';
import { compileRows, WasmRows, type RowsModule } from '../../../src/cli/formats/csvWasm';
import type { SchedulerFinding } from '../../../src/core/model/types';
import type { FindingCurve } from '../../../src/core/model/curves';
import { Memory } from './memorySink';
import { buildCli, ROOT } from './bundle';

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
});
