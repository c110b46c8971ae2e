/**
 * `analyze --format csv`: `step,epoch,lr` (`lr_0,lr_1,…` with several param groups), one row per
 * scheduler step, written straight into the output buffer (no string per row). `step` counts
 * scheduler steps; `epoch` is the step itself for a schedule stepped per epoch, the epoch a step
 * falls in when the loops say how many steps an epoch has, else empty. With several schedulers
 * (and no --scheduler), a first column `scheduler` names each row's.
 */
import { stepsPerEpochOf } from '../../panel/models';
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
    for (let i = 0; i < n; i++) {
      const k = kept ? kept[i] : i;
      if (label) out.text(label);
      out.int(k);
      out.byte(44);
      if (perEpoch) out.int(perEpoch === 1 ? k : Math.floor(k / perEpoch));
      for (let j = 0; j < g; j++) {
        out.byte(44);
        out.double(lr[k * g + j]);
      }
      for (let j = g; j < groups; j++) out.byte(44);
      out.byte(10);
    }
  }
}
