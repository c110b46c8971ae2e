/**
 * CSV logs: Lightning's CSVLogger `metrics.csv` (one row per logging call, a row fills only the
 * columns logged then; `lr-<Optimizer>[/pgN]` from LearningRateMonitor) and a Weights & Biases
 * history export (`_step` plus the logged keys; a chart export names columns `<run> - <key>` with
 * `__MIN`/`__MAX` companions). The step is the logger's: Lightning's `step`, the Trainer's
 * `train/global_step` before W&B's own `_step` (which counts log calls, not optimizer steps).
 */
import { ownMessage, type OwnText } from '../l10n/translate';
import { CsvError, parseCsv } from './csv';
import { epochFacts } from './runInfo';
import { isBookkeeping, isEpochTag, isLrTag, lrTagRank } from './tags';
import { emptyRun, LogReadError, type LogFormat, type LogPoint, type TrainingLog } from './types';

const STEP_COLUMNS = ['train/global_step', 'trainer/global_step', 'global_step', 'step', 'Step', '_step'];

/** The key a W&B chart export column stands for: `run-1 - train/loss` → `train/loss`. */
function keyOf(column: string): string {
  const m = /^.+? - (.+)$/.exec(column);
  return (m ? m[1] : column).trim();
}

function cell(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (t === '' || /^(nan|none|null)$/i.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : NaN;
}

export function readCsvLog(text: string, format: Extract<LogFormat, 'lightning-csv' | 'wandb-csv'>): TrainingLog {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    throw new LogReadError(ownMessage('The CSV file is cut off: {0}.', e instanceof CsvError ? e.message : String(e)));
  }
  rows = rows.filter((r) => !(r.length === 1 && r[0].trim() === ''));
  if (!rows.length) throw new LogReadError(ownMessage('The CSV file is empty.'));
  const header = rows[0].map((h) => h.trim());
  const keys = header.map(keyOf);
  const stepCol = STEP_COLUMNS.map((s) => keys.indexOf(s)).find((i) => i >= 0);
  if (stepCol === undefined) throw new LogReadError(ownMessage('The CSV file has no step column (looked for {0}).', STEP_COLUMNS.join(', ')));
  const epochCol = keys.findIndex(isEpochTag);
  const lrCols = keys.map((k, i) => ({ k, i })).filter(({ k, i }) => i !== stepCol && isLrTag(k) && !/__(MIN|MAX)$/.test(header[i]));
  const notes: OwnText[] = [];
  const lr = new Map<number, LogPoint[]>(lrCols.map(({ i }) => [i, []]));
  const metrics: Record<string, LogPoint[]> = {};
  const epochs: { step: number; epoch: number }[] = [];
  let bad = 0;
  let short = 0;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length < header.length) short++;
    const step = cell(row[stepCol]);
    if (step === undefined || Number.isNaN(step)) continue;
    const epoch = epochCol >= 0 ? cell(row[epochCol]) : undefined;
    const ep = epoch !== undefined && !Number.isNaN(epoch) ? epoch : undefined;
    if (ep !== undefined) epochs.push({ step, epoch: ep });
    for (let c = 0; c < header.length; c++) {
      if (c === stepCol || c === epochCol) continue;
      const v = cell(row[c]);
      if (v === undefined) continue;
      if (Number.isNaN(v)) {
        if (lr.has(c)) bad++;
        continue;
      }
      const list = lr.get(c);
      if (list) list.push({ step, value: v, ...(ep !== undefined ? { epoch: ep } : {}) });
      else if (!isBookkeeping(keys[c]) && !/__(MIN|MAX)$/.test(header[c])) (metrics[keys[c]] ??= []).push({ step, value: v });
    }
  }
  if (bad) notes.push(ownMessage('{0} learning-rate cells are not numbers and were skipped.', bad));
  if (short) notes.push(ownMessage('{0} rows have fewer cells than the header (a truncated file?).', short));
  const series = lrCols
    .map(({ k, i }) => ({ tag: k, points: lr.get(i)!, float32: false }))
    .filter((s) => s.points.length > 0)
    .sort((a, b) => lrTagRank(a.tag) - lrTagRank(b.tag));
  const run = emptyRun();
  Object.assign(run, epochFacts(epochs));
  let last: number | undefined;
  for (let r = 1; r < rows.length; r++) {
    const s = cell(rows[r][stepCol]);
    if (s !== undefined && !Number.isNaN(s)) last = last === undefined ? s : Math.max(last, s);
  }
  if (last !== undefined) run.globalStep = last;
  return { format, lr: series, metrics, run, notes };
}
