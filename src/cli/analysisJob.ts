/**
 * What the command line's analysis worker does (src/cli/workerMain.ts, started by ./guard.ts): one
 * file's document model (the editor's, from the same text and inputs; ./files.ts reads the config
 * files it names), its lint diagnostics and, for `analyze`, every scheduler's curve; or a whole
 * `compare` command; and, for a long CSV, half of its text (./formats/csvBlocks.ts). The main thread
 * only reads files and formats what comes back, so a file whose analysis exhausts the worker's heap
 * or deadline stops that file, never the process.
 */
import { lint, type LintDiagnostic } from '../core/lint/index';
import type { FindingCurve } from '../core/model/curves';
import type { AnalysisResult } from '../core/model/types';
import type { ArgValue, Curve } from '../core/engine/spec';
import { DEFAULT_INPUTS, type ModelInputs } from '../core/model/documentModel';
import { compareCommand } from './compare';
import type { CsvPlan } from './formats/csv';
import { fillCsvBlocks, type CsvBlocks } from './formats/csvBlocks';
import { adoptRows, type RowsShare } from './formats/csvWasm';
import { modelWithFiles } from './files';

/** One file to analyze: its text (a notebook: the code cells joined) and the model's inputs. */
export interface FileJob {
  id: number;
  kind: 'file';
  /** The path the config files it reads are found beside ('stdin.py' for standard input). */
  path: string;
  source: string;
  /** The model's inputs besides the editor's defaults (DEFAULT_INPUTS): the command line's. */
  inputs: Partial<ModelInputs>;
  /** A notebook's first line of each code cell (lint's cellLines). */
  cellLines?: number[];
  /** Whether to simulate every scheduler's curve (`analyze`), or only analyze and lint (`diagnostics`). */
  curves: boolean;
  /**
   * Store the curves in shared memory (`analyze --format csv`): posted without a copy, and this
   * worker can still read them for the `csvRows` job that follows. The lr only: the CSV prints no momentum.
   */
  sharedCurves?: boolean;
}

/**
 * The worker's blocks of a CSV (./formats/csvBlocks.ts), formatted and written to the output in
 * turn with the main thread's. The plan is the main thread's: its curves are the shared ones of the
 * file job before, so posting it copies only the findings and the kept rows.
 */
export interface CsvRowsJob {
  id: number;
  kind: 'csvRows';
  plan: CsvPlan;
  blocks: CsvBlocks;
  /** The output's file descriptor (the process's stdout): the worker writes its blocks to it at their turn. */
  fd: number;
  /** The main thread's row writer, taken rather than compiled again. */
  rows?: RowsShare;
}

/** `lr-lens compare ARGS`: run whole in the worker (it analyzes and simulates too). */
export interface CompareJob {
  id: number;
  kind: 'compare';
  args: string[];
}

export type Job = FileJob | CompareJob | CsvRowsJob;
/** A job before the guard numbers it. */
export type JobInput = Omit<FileJob, 'id'> | Omit<CompareJob, 'id'> | Omit<CsvRowsJob, 'id'>;

export type FileReply = { id: number; ok: true; result: AnalysisResult; diagnostics: LintDiagnostic[]; curves: [number, FindingCurve][] } | { id: number; ok: false; error: string };
export interface CompareReply {
  id: number;
  ok: true;
  code: number;
  out: string;
  err: string;
}
/** The worker's blocks are written (or the main thread took them over). */
export interface CsvRowsReply {
  id: number;
  ok: true;
  rows: number;
}
export type JobReply = FileReply | CompareReply | CsvRowsReply | { id: number; ok: false; error: string };

function csvRows(job: CsvRowsJob): { reply: JobReply; transfer: ArrayBuffer[] } {
  if (job.rows) adoptRows(job.rows);
  fillCsvBlocks(job.plan, job.blocks, job.fd);
  return { reply: { id: job.id, ok: true, rows: job.plan.total }, transfer: [] };
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * An argument value without its callables (an `lr_lambda` turned into a function): structured
 * clone cannot carry functions, and the main thread only formats (the worker linted and simulated).
 */
function withoutCallables(v: ArgValue): ArgValue {
  if (typeof v === 'function') return null;
  if (Array.isArray(v)) return v.map(withoutCallables);
  if (v && typeof v === 'object') {
    const out: Record<string, ArgValue> = {};
    for (const [k, x] of Object.entries(v)) out[k] = withoutCallables(x as ArgValue);
    return out as ArgValue;
  }
  return v;
}

/** The analysis as the main thread receives it: the schedulers' specs without callables. */
function postable(result: AnalysisResult): AnalysisResult {
  return { ...result, schedulers: result.schedulers.map((f) => ({ ...f, spec: withoutCallables(f.spec as unknown as ArgValue) as unknown as typeof f.spec })) };
}

/**
 * Curves in shared memory, for a CSV both threads write: posting them then copies nothing, where a
 * copy of a 10^6-step curve would be 8 MB more on each side. A curve built outside the engine's
 * storage (timm's per-batch fold) is copied in.
 */
const sharedStorage = (size: number) => new Float64Array(new SharedArrayBuffer(size * Float64Array.BYTES_PER_ELEMENT));

function shared(c: Curve): Curve {
  const share = (a: Float64Array) => {
    if (a.buffer instanceof SharedArrayBuffer) return a;
    const s = sharedStorage(a.length);
    s.set(a);
    return s;
  };
  return { ...c, lr: share(c.lr), ...(c.momentum ? { momentum: share(c.momentum) } : {}) };
}

function sharedCurves(fc: FindingCurve): FindingCurve {
  return { ...fc, curve: shared(fc.curve), ...(fc.calls ? { calls: shared(fc.calls) } : {}) };
}

/** The curves' typed arrays, moved to the main thread rather than copied. */
function buffersOf(curves: [number, FindingCurve][]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const [, fc] of curves)
    for (const c of [fc.curve, fc.calls])
      for (const a of [c?.lr, c?.momentum]) if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  return [...out];
}

export function runJob(job: Job): { reply: JobReply; transfer: ArrayBuffer[] } {
  try {
    if (job.kind === 'csvRows') return csvRows(job);
    if (job.kind === 'compare') {
      let out = '';
      let err = '';
      const code = compareCommand(
        job.args,
        (s) => (out += s),
        (s) => (err += s),
      );
      return { reply: { id: job.id, ok: true, code, out, err }, transfer: [] };
    }
    const model = modelWithFiles(job.source, job.path, { ...DEFAULT_INPUTS, ...job.inputs, ...(job.sharedCurves ? { allocate: sharedStorage, lrOnly: true } : {}) });
    const result = model.analysis;
    // The lint rules read the model's curves (the lens's) over a finding's own run.
    const { diagnostics } = lint(result, job.source, job.cellLines ? { cellLines: job.cellLines } : { curveOf: (f) => model.curveOf(f) });
    const curves: [number, FindingCurve][] = job.curves ? result.schedulers.map((f) => [f.id, job.sharedCurves ? sharedCurves(model.curveOf(f)) : model.curveOf(f)]) : [];
    // Shared curves are not ArrayBuffers: buffersOf leaves them out, and they are posted without a copy.
    return { reply: { id: job.id, ok: true, result: postable(result), diagnostics, curves }, transfer: buffersOf(curves) };
  } catch (e) {
    return { reply: { id: job.id, ok: false, error: describe(e) }, transfer: [] };
  }
}
