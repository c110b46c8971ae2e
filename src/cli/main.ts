// Command line over the pure layers (see USAGE in ./args.ts, and the README's "Command line"):
//   lr-lens analyze PATH... [--steps N] [--metrics …] [--format text|json|csv] [--every N | --points N]
//   lr-lens diagnostics PATH... [--format text|json|sarif|github] [--fail-on LEVEL]
//   lr-lens compare FILE --log PATH [--json]   (./compare.ts: predicted vs a run's own log)
// Output goes through a 64 KiB buffer written synchronously (./output.ts); no failure prints a
// stack trace: usage errors exit 2, unreadable paths 1, an internal failure 3 with one line.
// The launcher (./bin.ts, dist/cli.js) starts the analysis worker, then loads this (dist/cliMain.js).
// Every analysis runs in a worker with a heap cap and a deadline (./guard.ts): a file that exhausts
// either is reported as stopped (exit 3) and the others still run; this thread reads and formats
// (a long CSV with the worker: each formats and writes half of its rows, in turn).
import { join } from 'node:path';
import type { Severity } from '../core/lint/index';
import { parseArgs, USAGE, type CliOptions, type FailOn } from './args';
import { writeFileJson } from './formats/analyzeJson';
import { writeFileText } from './formats/analyzeText';
import { runFile, type SchedulerRun } from './formats/curveRun';
import { csvPlan } from './formats/csv';
import { prepareRows, rowsShare, writeRows } from './formats/csvWasm';
import { BLOCK_ROWS, csvBlocks, writeSharedCsv } from './formats/csvBlocks';
import { pickSchedulers, schedulerLabel } from './formats/schedulers';
import { diagnosticsJson, sarifLog, writeDiagnosticsText, writeGithub } from './formats/diagnostics';
import { AnalysisGuard, CLI_DEADLINE_S, CLI_HEAP_MB, stoppedText } from './guard';
import type { Prestarted } from './startWorker';
import type { CompareReply } from './analysisJob';
import { load, type Loaded } from './load';
import { errorLine, Output, ReaderGone } from './output';
import { VERSION } from './version';
import type { Thinning } from './thin';
import { expandPaths } from './walk';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
const THRESHOLD: Record<FailOn, number> = { info: 0, warning: 1, error: 2, never: 3 };

class UsageError extends Error {}

function counts(files: Loaded[]): { error: number; warning: number; info: number } {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of files) for (const d of f.diagnostics) c[d.severity]++;
  return c;
}

function summaryLine(files: Loaded[], failed: number, stopped: number, schedulers?: number): string {
  const c = counts(files);
  const n = files.length + failed + stopped;
  const parts = [`${n} file${n === 1 ? '' : 's'}`];
  if (schedulers !== undefined) parts.push(`${schedulers} scheduler${schedulers === 1 ? '' : 's'}`);
  parts.push(`${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info`);
  if (failed) parts.push(`${failed} could not be read`);
  if (stopped) parts.push(`${stopped} stopped`);
  return parts.join('; ');
}

function selectSchedulers(runs: SchedulerRun[], wanted: string | undefined): SchedulerRun[] {
  const hit = pickSchedulers(runs, wanted);
  if (wanted !== undefined && !hit.length) throw new UsageError(`no scheduler '${wanted}' (found: ${runs.map((r) => `${schedulerLabel(r.finding)} (#${r.finding.id})`).join(', ') || 'none'})`);
  return hit;
}

/** A CSV of this many rows or more is formatted by two threads (./formats/csvBlocks.ts). */
export const CSV_SHARED_ROWS = 4 * BLOCK_ROWS;

/**
 * `analyze --format csv` of one loaded file. The worker still holds the curves in shared memory
 * (`sharedCurves`), so from CSV_SHARED_ROWS rows on it formats and writes every other block of rows
 * while this thread formats and writes the rest, in turn, in order; the text is the same as one thread's.
 */
async function writeFileCsv(out: Output, file: Loaded, o: CliOptions, thinning: Thinning, guard: AnalysisGuard): Promise<void> {
  const runs = runFile(file).schedulers;
  if (!runs.length) errorLine(`lr-lens: ${file.path}: no learning-rate scheduler found (the CSV has its header only)`);
  const plan = csvPlan(selectSchedulers(runs, o.scheduler), thinning);
  out.text(plan.header);
  if (plan.total < CSV_SHARED_ROWS) return writeRows(out, plan, 0, plan.total);
  const blocks = csvBlocks(plan);
  // The header before any row: once the job is posted, the worker may write the first block.
  out.flush();
  const rows = rowsShare();
  const worker = guard.run({ kind: 'csvRows', plan, blocks, fd: out.fd, ...(rows ? { rows } : {}) });
  writeSharedCsv(out, plan, blocks);
  await worker;
}

/** The analysis worker's entry, beside this one (scripts/build.mjs): it runs dist/cliAnalysis.js from its code cache. */
const WORKER_SCRIPT = join(__dirname, 'cliWorker.js');

function guardOf(o: Pick<CliOptions, 'maxMemoryMb' | 'timeoutS'>, prestarted: Prestarted | undefined): AnalysisGuard {
  return new AnalysisGuard(WORKER_SCRIPT, { heapMb: o.maxMemoryMb ?? CLI_HEAP_MB, deadlineS: o.timeoutS ?? CLI_DEADLINE_S }, prestarted);
}

async function run(o: CliOptions, out: Output, guard: AnalysisGuard): Promise<number> {
  guard.warm();
  const walked = expandPaths(o.paths);
  const problems: { path: string; message: string }[] = walked.problems.map((p) => ({ path: p.path, message: `cannot read '${p.path}': ${p.why}` }));
  const several = walked.files.length !== 1 || o.paths.length !== 1 || walked.files[0] !== o.paths[0];
  if (o.format === 'csv' && walked.files.length !== 1) throw new UsageError(`--format csv takes one file (got ${walked.files.length})`);
  const files: Loaded[] = [];
  /** Files whose analysis stopped (memory, deadline) or failed: exit 3. */
  const stopped: { path: string; message: string }[] = [];
  // The document model's inputs beyond the editor's defaults: what the command line changes.
  const inputs = { overrides: o.assume, ...(o.steps !== undefined ? { steps: o.steps } : {}), ...(o.metrics ? { metrics: o.metrics } : {}) };
  const csv = o.command === 'analyze' && o.format === 'csv';
  for (const path of walked.files) {
    const loading = load(path, guard, o.command === 'analyze', inputs, csv);
    // While the worker analyzes: this thread's CSV writer, compiled and warmed.
    if (csv) prepareRows();
    const r = await loading;
    if (r.ok) files.push(r.file);
    else (r.stopped ? stopped : problems).push({ path: r.path, message: r.message });
  }
  // The CSV's worker writes half of a long curve's rows; every other command is done with it.
  if (!csv) guard.close();
  for (const p of [...problems, ...stopped]) errorLine(`lr-lens: ${p.message}`);
  if (walked.files.length === 0 && problems.length === 0) errorLine(`lr-lens: no .py or .ipynb file under ${o.paths.join(', ')}`);
  const thinning = { ...(o.every !== undefined ? { every: o.every } : {}), ...(o.points !== undefined ? { points: o.points } : {}) };
  let schedulers = 0;

  if (o.command === 'analyze') {
    if (o.format === 'csv') {
      if (files.length) await writeFileCsv(out, files[0], o, thinning, guard);
      guard.close();
    } else if (o.format === 'json') {
      if (several) out.ascii('{"files":[');
      files.forEach((f, i) => {
        const r = runFile(f);
        schedulers += r.schedulers.length;
        if (i > 0) out.byte(44);
        writeFileJson(out, r, thinning);
      });
      if (several) {
        const c = counts(files);
        out.text(`],"summary":${JSON.stringify({ files: files.length, unreadable: problems.map((p) => p.path), ...(stopped.length ? { stopped: stopped.map((p) => p.path) } : {}), schedulers, ...c })}}`);
      }
      out.byte(10);
    } else {
      files.forEach((f, i) => {
        const r = runFile(f);
        schedulers += r.schedulers.length;
        if (i > 0) out.byte(10);
        writeFileText(out, r);
      });
      if (several) out.text(`\n${summaryLine(files, problems.length, stopped.length, schedulers)}\n`);
    }
  } else if (o.format === 'sarif') {
    out.text(JSON.stringify(sarifLog(files, [...problems, ...stopped]), null, 2) + '\n');
  } else if (o.format === 'json') {
    out.text(JSON.stringify(several ? { files: files.map(diagnosticsJson), summary: { files: files.length, unreadable: problems.map((p) => p.path), ...(stopped.length ? { stopped: stopped.map((p) => p.path) } : {}), ...counts(files) } } : diagnosticsJson(files[0] ?? ({ path: o.paths[0], diagnostics: [] } as unknown as Loaded))) + '\n');
  } else if (o.format === 'github') {
    for (const f of files) writeGithub(out, f);
  } else {
    for (const f of files) writeDiagnosticsText(out, f);
    if (several) out.text(`${summaryLine(files, problems.length, stopped.length)}\n`);
  }
  out.flush();
  let worst = -1;
  for (const f of files) for (const d of f.diagnostics) worst = Math.max(worst, RANK[d.severity]);
  if (stopped.length) return 3;
  if (problems.length || (walked.files.length === 0 && problems.length === 0)) return 1;
  return worst >= THRESHOLD[o.failOn] ? 1 : 0;
}

/** `compare`, run whole in the analysis worker (it analyzes and simulates the script). */
async function compare(args: string[], out: Output, prestarted: Prestarted | undefined): Promise<number> {
  const guard = guardOf({}, prestarted);
  const r = await guard.run({ kind: 'compare', args });
  guard.close();
  if (!r.ok) {
    errorLine(`lr-lens: ${args.find((a) => !a.startsWith('-')) ?? 'compare'}: analysis stopped: ${stoppedText(r.reason)}`);
    return 3;
  }
  if (!r.reply.ok) throw new Error(r.reply.error);
  const { code, out: text, err } = r.reply as CompareReply;
  if (text) out.text(text);
  out.flush();
  if (err) errorLine(err.replace(/\n$/, ''));
  return code;
}

/**
 * The command line `argv`, run; the exit code. `prestarted`: the analysis worker the launcher
 * (./bin.ts) started for it, taken by the guard or terminated.
 */
export async function main(argv: string[], prestarted?: Prestarted): Promise<number> {
  const out = new Output(1);
  let guard: AnalysisGuard | undefined;
  try {
    if (argv[0] === 'compare' && !argv.includes('--help') && !argv.includes('-h')) return await compare(argv.slice(1), out, prestarted);
    const parsed = parseArgs(argv);
    if (parsed.kind !== 'run') void prestarted?.worker.terminate();
    if (parsed.kind === 'help') {
      out.text(USAGE);
      out.flush();
      return 0;
    }
    if (parsed.kind === 'version') {
      out.text(`lr-lens ${VERSION}\n`);
      out.flush();
      return 0;
    }
    if (parsed.kind === 'usage') {
      errorLine(`lr-lens: ${parsed.message}\n${USAGE}`);
      return 2;
    }
    guard = guardOf(parsed.options, prestarted);
    return await run(parsed.options, out, guard);
  } catch (err) {
    if (guard) guard.close();
    else void prestarted?.worker.terminate();
    if (err instanceof ReaderGone) return 0;
    if (err instanceof UsageError) {
      errorLine(`lr-lens: ${err.message}`);
      return 2;
    }
    const e = err as Error;
    errorLine(`lr-lens: internal error: ${e?.name ?? 'Error'}: ${e?.message ?? String(err)} (please report it with the file that caused it)`);
    return 3;
  }
}
