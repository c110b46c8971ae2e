/** One path of the command line read and analyzed: a Python file or a notebook's code cells. */
import { readFileSync } from 'node:fs';
import type { FindingCurve } from '../core/model/curves';
import type { LintDiagnostic } from '../core/lint/index';
import type { AnalysisResult, Position, SchedulerFinding } from '../core/model/types';
import type { ModelInputs } from '../core/model/documentModel';
import type { FileReply } from './analysisJob';
import { stoppedText, type AnalysisGuard } from './guard';
import { placeIn, readNotebook, type Notebook } from './notebook';
import { why } from './walk';

/** A position for people (line, column; for notebooks also the cell) and for tools (the file's own line). */
export interface Place {
  /** 1-based; for a notebook, in the cell. */
  line: number;
  column: number;
  /** 1-based cell number (notebooks only). */
  cell?: number;
  /** 1-based line and column in the file as stored (the .ipynb JSON for a notebook). */
  fileLine: number;
  fileColumn: number;
}

export interface Loaded {
  /** The path as given on the command line (or found under a folder given). */
  path: string;
  /** The text analyzed (a notebook: its Python code cells joined). */
  source: string;
  notebook?: Notebook;
  /** The document model's analysis (the editor's, from the same text and inputs), built in the analysis worker. */
  result: AnalysisResult;
  /** That model's curve of each scheduler by id (`analyze` only; the worker simulated them). */
  curves: ReadonlyMap<number, FindingCurve>;
  diagnostics: LintDiagnostic[];
}

/** Wall-clock backstop of one file's analysis (the editor's is 250 ms). */
export const CLI_TIME_LIMIT_MS = 10_000;

/** Not loaded: unreadable (exit 1), or its analysis stopped or failed in the worker (`stopped`, exit 3). */
export type LoadResult = { ok: true; file: Loaded } | { ok: false; path: string; message: string; stopped?: boolean };

/**
 * Reads one path and has `guard`'s worker analyze it into its document model (with the curves when
 * `curves`). `inputs`: the model's inputs (defaults: the editor's default settings; the CLI's
 * --assume, --steps and --metrics on top). `sharedCurves`: the curves in shared memory, for a `csvRows` job.
 */
export async function load(path: string, guard: AnalysisGuard, curves: boolean, inputs: Partial<ModelInputs> = {}, sharedCurves = false): Promise<LoadResult> {
  let raw: string;
  try {
    // `-`: a Python script on standard input (`git show HEAD:train.py | lr-lens diagnostics -`).
    raw = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    return { ok: false, path, message: `cannot read '${path}': ${why(err)}` };
  }
  let source = raw;
  let notebook: Notebook | undefined;
  if (/\.ipynb$/i.test(path)) {
    const nb = readNotebook(raw);
    if ('error' in nb) return { ok: false, path, message: `cannot read '${path}': ${nb.error}` };
    notebook = nb;
    source = nb.text;
  }
  // The operation budget bounds the work (deterministically); the wall-clock backstop is set far
  // out so a busy CI machine gives the same result as an idle one.
  // Config files the script reads (a ds_config JSON) are read beside it or under the working directory.
  const r = await guard.run({
    kind: 'file',
    path: path === '-' ? 'stdin.py' : path,
    source,
    inputs: { timeLimitMs: CLI_TIME_LIMIT_MS, ...inputs },
    ...(notebook ? { cellLines: notebook.cellLines } : {}),
    curves,
    ...(sharedCurves ? { sharedCurves } : {}),
  });
  if (!r.ok) return { ok: false, path, stopped: true, message: r.reason.kind === 'start' ? `internal error: ${stoppedText(r.reason)}` : `${path}: analysis stopped: ${stoppedText(r.reason)}` };
  const reply = r.reply as FileReply;
  if (!reply.ok) return { ok: false, path, stopped: true, message: `${path}: internal error: ${reply.error} (please report it with the file that caused it)` };
  return { ok: true, file: { path, source, ...(notebook ? { notebook } : {}), result: reply.result, curves: new Map(reply.curves), diagnostics: reply.diagnostics } };
}

export function placeOf(file: Loaded, pos: Position): Place {
  if (file.notebook) {
    const p = placeIn(file.notebook, pos.line, pos.character);
    if (p) return { line: p.cellLine, column: p.cellColumn, cell: p.cell, fileLine: p.fileLine, fileColumn: p.fileColumn };
  }
  return { line: pos.line + 1, column: pos.character + 1, fileLine: pos.line + 1, fileColumn: pos.character + 1 };
}

/** "line 3" or "cell 2, line 3". */
export function placeText(p: Place): string {
  return p.cell !== undefined ? `cell ${p.cell}, line ${p.line}` : `line ${p.line}`;
}

/** The scheduler a diagnostic belongs to: the call or one of its step() calls holds its range. */
export function ownerOf(file: Loaded, d: LintDiagnostic): SchedulerFinding | undefined {
  const within = (r: { start: number; end: number }) => r.start <= d.range.start && d.range.end <= r.end;
  // The innermost call first (a child of SequentialLR lies inside its parent's call).
  const owners = file.result.schedulers.filter((s) => within(s.range) || s.stepCalls.some((c) => within(c.range)));
  owners.sort((a, b) => a.range.end - a.range.start - (b.range.end - b.range.start));
  return owners[0];
}

/** A diagnostic as JSON (the `diagnostics` command's fields, with the cell for notebooks). */
export function diagnosticJson(file: Loaded, d: LintDiagnostic): Record<string, unknown> {
  const p = placeOf(file, d.range.startPos);
  return {
    rule: d.rule,
    severity: d.severity,
    ...(p.cell !== undefined ? { cell: p.cell } : {}),
    line: p.line,
    column: p.column,
    message: d.message,
    messageTemplate: d.messageTemplate,
    args: d.args,
    // Offsets into the analyzed text: for a notebook that is the joined cells, not the file.
    ...(file.notebook ? {} : { range: d.range, ...(d.fix ? { fix: d.fix } : {}) }),
  };
}
