/**
 * The CSV's rows by WebAssembly: ../wasm/csvRows.ts (AssemblyScript), built by scripts/build.mjs to
 * dist/csvRows.wasm beside the bundles, is the same row writer as ./csv.ts's writeCsvRowsJs — the
 * same bytes, String(v) for every value, checked against both in the tests — without the
 * interpreter, the deoptimizations and the heap numbers a cold JavaScript loop pays over a
 * 10^6-row curve (in the CLI, where each thread formats half a million rows once, that was most of
 * the command's time).
 *
 * Each thread compiles the module once (a few KiB), gives it the powers of ten its digit algorithm
 * multiplies by (computed here once, with BigInt), and works in its own memory: for each chunk of
 * rows it copies their values and step numbers in, has the module write the text, and copies the
 * text out to the sink. A row the module does not take (a value outside [1e-270, 1e270]) is
 * written by writeCsvRowsJs. Without the module (not built: the tests' out/ folder; or another
 * layout than this file expects) writeRows is writeCsvRowsJs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  K_MIN: { readonly value: number };
  K_MAX: { readonly value: number };
  rows(tables: number, from: number, count: number, g: number, groups: number, perEpoch: number, steps: number, values: number, label: number, labelLength: number, out: number): number;
}

const MASK_64 = (1n << 64n) - 1n;

/**
 * The module's cache: for k in [kMin, kMax], 10^k rounded up to 128 bits, ⌈10^k · 2^(127 − ⌊log2 10^k⌋)⌉
 * (in [2^127, 2^128); exact for 0 ≤ k ≤ 38), as its high and its low 64-bit word.
 */
function powersOfTen(kMin: number, kMax: number): BigUint64Array {
  const out = new BigUint64Array(2 * (kMax - kMin + 1));
  for (let k = kMin; k <= kMax; k++) {
    const p = 10n ** BigInt(Math.abs(k));
    const bits = p.toString(2).length;
    let m: bigint;
    if (k >= 0) {
      // ⌊log2 10^k⌋ = bits − 1.
      const shift = 128 - bits;
      m = shift >= 0 ? p << BigInt(shift) : ceilDiv(p, 1n << BigInt(-shift));
    } else {
      // 10^k = 1 / p, and p is no power of two: ⌊log2 10^k⌋ = −bits.
      m = ceilDiv(1n << BigInt(127 + bits), p);
    }
    out[2 * (k - kMin)] = m >> 64n;
    out[2 * (k - kMin) + 1] = m & MASK_64;
  }
  return out;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** powersOfTen for the range the module asks (the same for every instance: computed once per thread). */
let cache: { kMin: number; kMax: number; words: BigUint64Array } | undefined;

/** Rows per call, and the memory one chunk may take beyond the tables. */
const CHUNK_ROWS = 2_048;
const CHUNK_BYTES = 8 << 20;
const PAGE = 65_536;
/** The module stores whole words past the bytes it keeps (a value as 32 bytes, an integer as 8): room past a row's. */
const SPARE = 64;

export class WasmRows {
  private readonly x: RowsExports;
  private readonly tablesAt: number;
  private readonly tableBytes: number;
  /** Rows the module left to JavaScript so far. */
  fallbacks = 0;

  constructor(module: RowsModule) {
    this.x = new WebAssembly.Instance(module, {}).exports as unknown as RowsExports;
    const kMin = this.x.K_MIN.value;
    const kMax = this.x.K_MAX.value;
    if (!(cache && cache.kMin === kMin && cache.kMax === kMax)) cache = { kMin, kMax, words: powersOfTen(kMin, kMax) };
    this.tablesAt = this.x.base();
    this.tableBytes = cache.words.byteLength;
    this.room(this.tablesAt + this.tableBytes);
    new BigUint64Array(this.x.memory.buffer, this.tablesAt, cache.words.length).set(cache.words);
  }

  /**
   * Runs the writer over a few chunks of made-up rows, so that V8 has compiled the module's code
   * and this file's loops before the first real rows: the main thread does it while the worker
   * analyzes (./csvBlocks.ts), where it costs no time.
   */
  warm(): void {
    const rows = 2 * CHUNK_ROWS;
    const lr = new Float64Array(rows);
    for (let i = 0; i < rows; i++) lr[i] = Math.cos(i) / (i + 3);
    const plan = {
      header: '',
      runs: [{ run: { fc: { curve: { lr, groups: 1 } } }, kept: null, rows, label: new Uint8Array(0), perEpoch: 1 }],
      total: rows,
      groups: 1,
      rowMax: rowBytes(0, 1),
    } as unknown as CsvPlan;
    const sink: ByteSink = { buf: new Uint8Array(1 << 16), pos: 0, flush: () => (sink.pos = 0) };
    this.write(sink, plan, 0, rows);
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
      const valuesAt = (this.tablesAt + this.tableBytes + 7) & ~7;
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
          // A row the module left: JavaScript writes it.
          writeCsvRowsJs(out, plan, start + i + done, start + i + done + 1);
          this.fallbacks++;
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
/** The module loaded, for rowsShare(). */
let loadedModule: RowsModule | undefined;

/**
 * What one thread's writer gives another's (the CSV's worker, ./csvBlocks.ts): the compiled module
 * (posted, it is not compiled again) and the powers of ten (not computed again).
 */
export interface RowsShare {
  module: RowsModule;
  kMin: number;
  kMax: number;
  words: BigUint64Array;
}

/** This thread's writer as a RowsShare, or undefined when it writes by JavaScript. */
export function rowsShare(): RowsShare | undefined {
  return wasmRows() && loadedModule && cache ? { module: loadedModule, ...cache } : undefined;
}

/**
 * Takes another thread's writer (rowsShare) as this thread's, unless this one has its own (one
 * that could not load its file takes it). Powers of ten for another range than the module asks
 * for are computed again; a module that does not instantiate leaves the thread as it was.
 */
export function adoptRows(share: RowsShare): void {
  if (loaded || process.env.LRLENS_CSV_WASM === '0') return;
  const before = loaded;
  try {
    cache = { kMin: share.kMin, kMax: share.kMax, words: share.words };
    loaded = new WasmRows(share.module);
    loadedModule = share.module;
  } catch {
    loaded = before;
  }
}

/** This thread's writer, loaded and warmed (WasmRows.warm) now rather than at its first rows. */
export function prepareRows(): void {
  wasmRows()?.warm();
}

/** This thread's row writer from WASM_FILE, or null (no such file, or it does not fit: writeRows takes JavaScript). */
export function wasmRows(): WasmRows | null {
  if (loaded === undefined) {
    loaded = null;
    if (process.env.LRLENS_CSV_WASM !== '0') {
      try {
        const module = compileRows(readFileSync(WASM_FILE));
        loaded = new WasmRows(module);
        loadedModule = module;
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
