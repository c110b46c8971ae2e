/**
 * `analyze --format csv`: `step,epoch,lr` (`lr_0,lr_1,…` with several param groups), one row per
 * scheduler step, written straight into a byte buffer (no string per row). `step` counts
 * scheduler steps; `epoch` is the step itself for a schedule stepped per epoch, the epoch a step
 * falls in when the loops say how many steps an epoch has, else empty. With several schedulers
 * (and no --scheduler), a first column `scheduler` names each row's.
 *
 * The rows are numbered across the schedulers (`csvPlan`), so two threads can each write ranges
 * of them (`writeRows`; ./csvBlocks.ts): a long curve's text is most of the command's time. The
 * rows are written by WebAssembly (./csvWasm.ts) when its module is beside the bundle, else here.
 */
import type { FindingCurve } from '../../core/model/curves';
import type { SchedulerFinding } from '../../core/model/types';
import { stepsPerEpochOf } from '../../core/model/stepsPerEpoch';
import { MAX_DOUBLE_BYTES, writeDoubleAt, writeInt } from '../doubleText';
import { keptRows, type Thinning } from '../thin';
import { schedulerLabel } from './schedulers';

/** Where rows are written: a buffer with room made by flush() (the output, or the worker's chunks). */
export interface ByteSink {
  readonly buf: Uint8Array;
  pos: number;
  /** Makes the whole buffer free again (writes or keeps what it holds). */
  flush(): void;
}

export interface CsvRun {
  finding: SchedulerFinding;
  fc: FindingCurve;
}

interface PlannedRun {
  run: CsvRun;
  /** The kept rows (thinning), or null for all. */
  kept: Int32Array | null;
  rows: number;
  label: Uint8Array;
  perEpoch: number | null | undefined;
}

export interface CsvPlan {
  header: string;
  runs: PlannedRun[];
  /** The CSV's rows over all the schedulers. */
  total: number;
  groups: number;
  /** The most bytes one row can take. */
  rowMax: number;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvPlan(runs: CsvRun[], thinning: Thinning): CsvPlan {
  const many = runs.length > 1;
  const groups = runs.reduce((m, r) => Math.max(m, r.fc.curve.groups), 1);
  const lrCols = groups === 1 ? ['lr'] : Array.from({ length: groups }, (_, j) => `lr_${j}`);
  const encoder = new TextEncoder();
  const planned = runs.map((run): PlannedRun => {
    const kept = keptRows(run.fc.curve, thinning);
    return {
      run,
      kept,
      rows: kept ? kept.length : run.fc.curve.rows,
      label: encoder.encode(many ? csvField(schedulerLabel(run.finding)) + ',' : ''),
      perEpoch: run.finding.unit === 'epoch' ? 1 : stepsPerEpochOf(run.finding),
    };
  });
  return {
    header: [...(many ? ['scheduler'] : []), 'step', 'epoch', ...lrCols].join(',') + '\n',
    runs: planned,
    total: planned.reduce((n, p) => n + p.rows, 0),
    groups,
    rowMax: planned.reduce((m, p) => Math.max(m, rowBytes(p.label.length, groups)), rowBytes(0, groups)),
  };
}

/** Room for one row: the label, step and epoch (≤ 17 digits each) with their commas, every group's value and comma, the newline. */
export function rowBytes(label: number, groups: number): number {
  return label + 2 * 17 + 3 + groups * (MAX_DOUBLE_BYTES + 1);
}

/** Rows [from, to) of the plan (numbered across its schedulers), appended to the sink, in JavaScript (./csvWasm.ts's writeRows takes WebAssembly when it can). */
export function writeCsvRowsJs(out: ByteSink, plan: CsvPlan, from: number, to: number): void {
  const groups = plan.groups;
  let first = 0;
  for (const p of plan.runs) {
    const lo = Math.max(from - first, 0);
    const hi = Math.min(to - first, p.rows);
    first += p.rows;
    if (lo >= hi) continue;
    const c = p.run.fc.curve;
    const g = c.groups;
    const { kept, label, perEpoch } = p;
    const lr = c.lr;
    // Room for a whole row is made once per row.
    const rowMax = rowBytes(label.length, groups);
    let buf = out.buf;
    let pos = out.pos;
    for (let i = lo; i < hi; i++) {
      if (pos + rowMax > buf.length) {
        out.pos = pos;
        out.flush();
        buf = out.buf;
        pos = out.pos;
      }
      const k = kept ? kept[i] : i;
      for (let b = 0; b < label.length; b++) buf[pos++] = label[b];
      pos = writeInt(buf, pos, k);
      buf[pos++] = 44;
      if (perEpoch) pos = writeInt(buf, pos, perEpoch === 1 ? k : Math.floor(k / perEpoch));
      for (let j = 0; j < g; j++) {
        buf[pos++] = 44;
        pos = writeDoubleAt(buf, pos, lr, k * g + j);
      }
      for (let j = g; j < groups; j++) buf[pos++] = 44;
      buf[pos++] = 10;
    }
    out.pos = pos;
  }
}
