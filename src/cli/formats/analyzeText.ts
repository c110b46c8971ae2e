/** `analyze` in a terminal: per scheduler its arguments, a summary of the curve and a sparkline. */
import { groupSeries, unicodeSparkline } from '../../core/present/sparkline';
import { curveStats, endDiffers, formatLr } from '../../core/present/summary';
import { assumptionReason } from '../../core/present/assumptionText';
import type { Output } from '../output';
import { placeText } from '../load';
import { placeOf } from '../load';
import type { FileRun } from './curveRun';

export function writeFileText(out: Output, run: FileRun): void {
  const { file } = run;
  const lines: string[] = [];
  const n = run.schedulers.length;
  lines.push(`${file.path}: ${n} scheduler${n === 1 ? '' : 's'}${file.notebook ? ` in ${file.notebook.cells.length} Python code cell${file.notebook.cells.length === 1 ? '' : 's'}` : ''}`);
  for (const s of run.schedulers) {
    const f = s.finding;
    const c = s.fc.curve;
    lines.push('');
    const where = f.parent !== null ? `  (inside #${f.parent})` : '';
    lines.push(`#${f.id} ${f.name ?? '(unnamed)'} = ${f.kind}  [${f.library}]  ${placeText(s.place)}${f.active ? '' : '  (branch not taken)'}${where}`);
    const params = Object.entries(f.params)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', ');
    lines.push(`  params:   ${params || '(defaults)'}`);
    lines.push(`  base lrs: ${f.baseLrs.map(formatLr).join(', ')}`);
    // timm is stepped twice (step_update per batch, step(epoch) per epoch): its rows are calls.
    const t = f.timm as { epochs: number; updatesPerEpoch: number; epochCalls: boolean } | undefined;
    if (t) lines.push(`  calls:    ${s.fc.steps} (${t.epochs} epochs × ${t.updatesPerEpoch} step_update${t.epochCalls ? ' + step(epoch)' : ''}; ${String(f.naturalStepsSource)})`);
    else lines.push(`  unit:     ${f.unit}, ${s.fc.steps} steps (${String(f.naturalStepsSource)})`);
    if (c.rows > 0) {
      const first = groupSeries(c, 0);
      // The editor's numbers (src/core/present/summary.ts: a loop, never a spread over the curve): the first lr,
      // the peak, the lr the last step trains with, and the end of the schedule where it differs.
      const st = curveStats(c, f.kind);
      const end = endDiffers(st) ? `, end of schedule ${formatLr(st.final)}` : '';
      lines.push(`  lr:       first ${formatLr(st.initial)}, peak ${formatLr(st.peak)}, last ${formatLr(st.last)}${end}`);
      lines.push(`            ${unicodeSparkline(first, 60)}`);
    }
    if (c.error) lines.push(`  error:    at step ${c.error.atStep}: ${c.error.type}: ${c.error.message}`);
    for (const a of [...f.assumptions, ...s.fc.assumptions]) lines.push(`  assumed:  ${a.name} = ${a.value} (${assumptionReason(a)})`);
    for (const d of f.diagnostics) lines.push(`  ${d.severity}: ${d.range ? placeText(placeOf(file, d.range.startPos)) : placeText(s.place)}: ${d.message}`);
    for (const d of s.diagnostics) lines.push(`  ${d.severity}: ${placeText(placeOf(file, d.range.startPos))}: ${d.message} [${d.rule}]`);
  }
  const global = [
    ...file.result.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.severity}: ${d.range ? placeText(placeOf(file, d.range.startPos)) : 'line ?'}: ${d.message}`),
    ...run.loose.map((d) => `${d.severity}: ${placeText(placeOf(file, d.range.startPos))}: ${d.message} [${d.rule}]`),
  ];
  if (global.length) lines.push('', ...global);
  out.text(lines.join('\n') + '\n');
}
