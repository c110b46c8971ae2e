/**
 * The CSV's rows by WebAssembly: ../wasm/csvRows.ts (AssemblyScript), built by scripts/build.mjs to
 * dist/csvRows.wasm beside the bundles, is the same row writer as ./csv.ts's writeCsvRowsJs — the
 * same bytes, checked against it in the tests — without the interpreter, the deoptimizations and
 * the heap numbers a cold JavaScript loop pays over a 10^6-row curve (in the CLI, where each thread
 * formats half a million rows once, that was most of the command's time).
 *
 * Each thread compiles the module once (a few KiB) and works in its own memory: for each chunk of
 * rows it copies their values and step numbers in, has the module write the text, and copies the
 * text out to the sink. A row the module does not take (a value outside [1e-270, 1e270], a power of
 * ten it has not been given, a digit too near its rounding interval's edge) is written by
 * writeCsvRowsJs, which computes that power, and the module is given the tables again.
 * Without the module (not built: the tests' out/ folder; or another layout than this file expects)
 * writeRows is writeCsvRowsJs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { doubleTables } from '../doubleText';
import { rowBytes, writeCsvRowsJs, type ByteSink, type CsvPlan } from './csv';

// Node's WebAssembly API, as far as this file uses it (the ES2022 library without DOM does not declare it).
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => RowsModule;
  Instance: new (module: RowsModule, imports: object) => { exports: unknown };
};
/** The compiled module (compileRows). */
export interface RowsModule {
  readonly compiledRows?: never;
}

/** The module's exports (../wasm/csvRows.ts). */
interface RowsExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  base(): number;
  written(): number;
  TABLE_BYTES: { readonly value: number };
  rows(tables: number, from: number, count: number, g: number, groups: number, perEpoch: number, steps: number, values: number, label: number, labelLength: number, out: number): number;
}

/** The tables' layout the module reads (../wasm/csvRows.ts): DEC, POW_HI, POW_LO, POW10, TWO_POW (f64), DIGITS2 (u8). */
const F64_TABLES = [661, 800, 800, 23, 2048];
const TABLE_BYTES = F64_TABLES.reduce((n, c) => n + 8 * c, 0) + 200;
/** Rows per call, and the memory one chunk may take beyond the tables. */
const CHUNK_ROWS = 2_048;
const CHUNK_BYTES = 8 << 20;
const PAGE = 65_536;
/** The module writes its 17 digits past the row's room before laying them out. */
const SPARE = 64;

export class WasmRows {
  private readonly x: RowsExports;
  private readonly tablesAt: number;
  /** Rows the module left to JavaScript so far. */
  fallbacks = 0;

  constructor(module: RowsModule) {
    this.x = new WebAssembly.Instance(module, {}).exports as unknown as RowsExports;
    if (this.x.TABLE_BYTES.value !== TABLE_BYTES) throw new Error(`csvRows.wasm: tables of ${this.x.TABLE_BYTES.value} bytes, not ${TABLE_BYTES}`);
    this.tablesAt = this.x.base();
    this.giveTables();
  }

  /** Copies writeDoubleAt's tables (with every 10^s it has computed so far) into the module's memory. */
  private giveTables(): void {
    this.room(this.tablesAt + TABLE_BYTES);
    const t = doubleTables();
    const f64 = new Float64Array(this.x.memory.buffer, this.tablesAt, TABLE_BYTES >> 3);
    let at = 0;
    for (const a of [t.dec, t.powHi, t.powLo, t.pow10, t.twoPow]) {
      f64.set(a, at);
      at += a.length;
    }
    new Uint8Array(this.x.memory.buffer).set(t.digits2, this.tablesAt + at * 8);
  }

  /** Grows the memory to at least `bytes`. */
  private room(bytes: number): void {
    const have = this.x.memory.buffer.byteLength;
    if (bytes > have) this.x.memory.grow(Math.ceil((bytes - have) / PAGE));
  }

  /** Rows [from, to) of the plan, appended to the sink: the bytes writeCsvRowsJs writes. */
  write(out: ByteSink, plan: CsvPlan, from: number, to: number): void {
    const groups = plan.groups;
    let first = 0;
    for (const p of plan.runs) {
      const lo = Math.max(from - first, 0);
      const hi = Math.min(to - first, p.rows);
      const start = first;
      first += p.rows;
      if (lo >= hi) continue;
      const perEpoch = p.perEpoch || 0;
      if (perEpoch !== 0 && !(perEpoch >= 1 && perEpoch < 2 ** 31)) {
        writeCsvRowsJs(out, plan, start + lo, start + hi);
        continue;
      }
      const c = p.run.fc.curve;
      const g = c.groups;
      const { kept, label } = p;
      const lr = c.lr;
      const rowMax = rowBytes(label.length, groups);
      const chunk = Math.max(1, Math.min(CHUNK_ROWS, Math.floor(CHUNK_BYTES / (g * 8 + 4 + rowMax))));
      // values (8-aligned), step numbers, label, text.
      const valuesAt = (this.tablesAt + TABLE_BYTES + 7) & ~7;
      const stepsAt = valuesAt + chunk * g * 8;
      const labelAt = stepsAt + chunk * 4;
      const textAt = labelAt + label.length;
      this.room(textAt + chunk * rowMax + SPARE);
      const buffer = this.x.memory.buffer;
      const values = new Float64Array(buffer, valuesAt, chunk * g);
      const steps = new Int32Array(buffer, stepsAt, chunk);
      const mem = new Uint8Array(buffer);
      mem.set(label, labelAt);
      for (let i = lo; i < hi; i += chunk) {
        const n = Math.min(chunk, hi - i);
        if (kept) {
          for (let r = 0; r < n; r++) {
            const k = kept[i + r];
            steps[r] = k;
            for (let j = 0; j < g; j++) values[r * g + j] = lr[k * g + j];
          }
        } else {
          for (let r = 0; r < n; r++) steps[r] = i + r;
          values.set(lr.subarray(i * g, (i + n) * g));
        }
        for (let r = 0; r < n; ) {
          const done = this.x.rows(this.tablesAt, r, n, g, groups, perEpoch, stepsAt, valuesAt, labelAt, label.length, textAt);
          put(out, mem.subarray(textAt, this.x.written()));
          if (done >= n) break;
          // A row the module left: JavaScript writes it (computing the power of ten it needs), and the module gets the tables again.
          writeCsvRowsJs(out, plan, start + i + done, start + i + done + 1);
          this.fallbacks++;
          this.giveTables();
          r = done + 1;
        }
      }
    }
  }
}

/** Appends bytes to a sink, making room as it goes. */
function put(out: ByteSink, b: Uint8Array): void {
  let at = 0;
  while (at < b.length) {
    if (out.pos >= out.buf.length) out.flush();
    const n = Math.min(b.length - at, out.buf.length - out.pos);
    out.buf.set(b.subarray(at, at + n), out.pos);
    out.pos += n;
    at += n;
  }
}

/** The module's file: beside the bundle that runs this (dist/cli.js, dist/cliAnalysis.js). */
export const WASM_FILE = join(__dirname, 'csvRows.wasm');

/** Compiles the module's bytes (throws on bytes that are not WebAssembly). */
export function compileRows(bytes: Uint8Array): RowsModule {
  return new WebAssembly.Module(bytes);
}

let loaded: WasmRows | null | undefined;

/** This thread's row writer from WASM_FILE, or null (no such file, or it does not fit: writeRows takes JavaScript). */
export function wasmRows(): WasmRows | null {
  if (loaded === undefined) {
    loaded = null;
    if (process.env.LRLENS_CSV_WASM !== '0') {
      try {
        loaded = new WasmRows(compileRows(readFileSync(WASM_FILE)));
      } catch {
        loaded = null;
      }
    }
  }
  return loaded;
}

/** Rows [from, to) of the plan into the sink: by WebAssembly when the module is there, else writeCsvRowsJs (the same bytes). */
export function writeRows(out: ByteSink, plan: CsvPlan, from: number, to: number): void {
  const w = wasmRows();
  if (w) w.write(out, plan, from, to);
  else writeCsvRowsJs(out, plan, from, to);
}
