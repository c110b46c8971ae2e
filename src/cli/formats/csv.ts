/**
 * `analyze --format csv`: `step,epoch,lr` (`lr_0,lr_1,…` with several param groups), one row per
 * scheduler step, written straight into the output buffer (no string per row). `step` counts
 * scheduler steps; `epoch` is the step itself for a schedule stepped per epoch, the epoch a step
 * falls in when the loops say how many steps an epoch has, else empty. With several schedulers
 * (and no --scheduler), a first column `scheduler` names each row's.
 */
import { stepsPerEpochOf } from '../../core/model/stepsPerEpoch';
import { MAX_DOUBLE_BYTES, writeDoubleAt, writeInt } from '../doubleText';
import type { Output } from '../output';
import { keptRows, type Thinning } from '../thin';
import { schedulerLabel, type SchedulerRun } from './curveRun';

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeCsv(out: Output, runs: SchedulerRun[], thinning: Thinning): void {
  const many = runs.length > 1;
  const groups = runs.reduce((m, r) => Math.max(m, r.fc.curve.groups), 1);
  const lrCols = groups === 1 ? ['lr'] : Array.from({ length: groups }, (_, j) => `lr_${j}`);
  out.text([...(many ? ['scheduler'] : []), 'step', 'epoch', ...lrCols].join(',') + '\n');
  for (const r of runs) {
    const c = r.fc.curve;
    const g = c.groups;
    const label = many ? csvField(schedulerLabel(r.finding)) + ',' : '';
    const perEpoch = r.finding.unit === 'epoch' ? 1 : stepsPerEpochOf(r.finding);
    const kept = keptRows(c, thinning);
    const n = kept ? kept.length : c.rows;
    const lr = c.lr;
    // Rows go straight into the output buffer: room for a whole row is made once per row.
    const labelBytes = new TextEncoder().encode(label);
    const rowMax = labelBytes.length + 2 * 17 + 3 + groups * (MAX_DOUBLE_BYTES + 1);
    const buf = out.buf;
    let pos = out.pos;
    for (let i = 0; i < n; i++) {
      if (pos + rowMax > buf.length) {
        out.pos = pos;
        out.flush();
        pos = out.pos;
      }
      const k = kept ? kept[i] : i;
      for (let b = 0; b < labelBytes.length; b++) buf[pos++] = labelBytes[b];
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
