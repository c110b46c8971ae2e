// `lr-lens compare FILE --log PATH [--json]`: the script's predicted lr against a run's own log —
// the first step where they differ beyond float32 precision, the largest relative difference and
// the likely reason. Kept apart from main.ts, which only dispatches here.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readTrainingLog } from '../core/logs/read';
import { compareWithLog } from '../core/logs/session';
import { formatLrDigits } from '../core/present/summary';

export const COMPARE_USAGE = 'lr-lens compare FILE --log PATH [--json]';

const fmt = (x: number) => formatLrDigits(x, 8);

function readOrFail(path: string, what: string): Buffer | string {
  try {
    return readFileSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.code === 'EACCES' ? 'permission denied' : e.message;
    return `lr-lens: cannot read ${what} '${path}': ${why}`;
  }
}

/** Runs the command; returns the exit code (0 compared, 1 a file could not be read or compared, 2 usage). */
export function compareCommand(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  let file: string | null = null;
  let logPath: string | null = null;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--log' || a.startsWith('--log=')) {
      const v = a.includes('=') ? a.slice(6) : args[++i];
      if (!v) return err(`lr-lens: --log needs a path\nusage: ${COMPARE_USAGE}\n`), 2;
      logPath = v;
    } else if (a.startsWith('-')) return err(`lr-lens: unknown option '${a}'\nusage: ${COMPARE_USAGE}\n`), 2;
    else if (file === null) file = a;
    else return err(`lr-lens: more than one file given\nusage: ${COMPARE_USAGE}\n`), 2;
  }
  if (file === null || logPath === null) return err(`lr-lens: compare needs a script and --log PATH\nusage: ${COMPARE_USAGE}\n`), 2;
  const src = readOrFail(file, 'script');
  if (typeof src === 'string') return err(src + '\n'), 1;
  const bytes = readOrFail(logPath, 'log');
  if (typeof bytes === 'string') return err(bytes + '\n'), 1;
  const read = readTrainingLog(logPath, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!read.ok) return err(`lr-lens: ${logPath}: ${read.error.message}\n`), 1;
  const log = read.log;
  const { analysis, filled, comparison } = compareWithLog(src.toString('utf8'), log);
  const f = comparison ? analysis.schedulers.find((s) => s.id === comparison.schedulerId) : undefined;
  if (!comparison || !f) return err(`lr-lens: ${file}: no learning-rate scheduler found to compare with the log\n`), 1;
  const d = comparison.divergence;
  const report = {
    file: basename(file),
    log: basename(logPath),
    format: log.format,
    series: comparison.series.tag,
    points: comparison.series.points.length,
    scheduler: { id: f.id, name: f.name, kind: f.kind, line: f.line, unit: f.unit, steps: f.naturalSteps },
    stepsPerRow: comparison.stepsPerRow,
    compared: d.compared,
    firstDifferingStep: d.first?.step ?? null,
    first: d.first,
    maxRelDiff: d.maxRelDiff,
    maxRelDiffAt: d.maxAt,
    pastEnd: d.pastEnd,
    reason: { kind: d.reason.kind, message: d.reason.text.message, ...(d.reason.lags ? { lags: d.reason.lags } : {}), ...(d.reason.restartAt !== undefined ? { restartAt: d.reason.restartAt } : {}), ...(d.reason.factor !== undefined ? { factor: d.reason.factor } : {}) },
    filled: Object.entries(filled.overrides).map(([name, value]) => ({ name, value, reason: filled.reasons[name] })),
    ...(comparison.metric ? { metric: comparison.metric.name } : {}),
    run: log.run,
    notes: log.notes.map((n) => n.message),
  };
  if (json) {
    out(JSON.stringify(report) + '\n');
    return 0;
  }
  const lines = [
    `${report.file} line ${f.line}: ${f.name ?? '(unnamed)'} = ${f.kind} (${f.naturalSteps} ${f.unit === 'epoch' ? 'epochs' : 'steps'})`,
    `log: ${report.log} (${log.format}, ${report.series}, ${report.points} values${comparison.stepsPerRow > 1 ? `, ${comparison.stepsPerRow} logged steps per scheduler step` : ''})`,
  ];
  for (const x of report.filled) lines.push(`filled: ${x.name} = ${x.value} (${x.reason})`);
  if (comparison.metric) lines.push(`metric: ${comparison.metric.name} from the log, fed to step()`);
  lines.push(`compared: ${d.compared} logged steps${d.pastEnd ? `, ${d.pastEnd} after the planned end` : ''}`);
  lines.push(d.first ? `first differing step: ${d.first.step} (logged ${fmt(d.first.logged)}, predicted ${fmt(d.first.predicted)})` : 'first differing step: none');
  lines.push(`max relative difference: ${d.maxRelDiff === 0 ? '0' : d.maxRelDiff.toExponential(3)}${d.maxAt !== null ? ` at step ${d.maxAt}` : ''}`);
  lines.push(`reason: ${d.reason.text.message}`);
  for (const n of report.notes) lines.push(`note: ${n}`);
  out(lines.join('\n') + '\n');
  return 0;
}
