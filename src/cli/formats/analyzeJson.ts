/**
 * `analyze --format json`: the report of src/core/model/json.ts, written as a stream: the fields of
 * each scheduler are one small JSON.stringify, its `lr` and `momentum` rows are written number by
 * number into the output buffer, so a 10^6-step curve never becomes one giant string.
 */
import { basename } from 'node:path';
import { schedulerFields } from '../../core/model/jsonFields';
import type { Curve } from '../../core/engine/spec';
import { diagnosticJson, placeOf } from '../load';
import type { Output } from '../output';
import { keptRows, type Thinning } from '../thin';
import type { FileRun } from './curveRun';

function rows(out: Output, curve: Curve, data: Float64Array, kept: Int32Array | null): void {
  const g = curve.groups;
  const n = kept ? kept.length : curve.rows;
  out.byte(91);
  for (let i = 0; i < n; i++) {
    const k = kept ? kept[i] : i;
    if (i > 0) out.byte(44);
    out.byte(91);
    for (let j = 0; j < g; j++) {
      if (j > 0) out.byte(44);
      out.doubleAt(data, k * g + j, 'null');
    }
    out.byte(93);
  }
  out.byte(93);
}

export function writeFileJson(out: Output, run: FileRun, thinning: Thinning): void {
  const { file } = run;
  out.text(`{"file":${JSON.stringify(basename(file.path))},"path":${JSON.stringify(file.path)},${file.notebook ? '"notebook":true,' : ''}"schedulers":[`);
  run.schedulers.forEach((s, i) => {
    const head: Record<string, unknown> = { ...schedulerFields(s.finding, s.fc) };
    if (s.place.cell !== undefined) head.cell = s.place.cell;
    head.line = s.place.line;
    // The same diagnostics as the `diagnostics` command; the analysis' own notes beside them.
    head.notes = head.diagnostics;
    head.diagnostics = s.diagnostics.map((d) => diagnosticJson(file, d));
    const kept = keptRows(s.fc.curve, thinning);
    if (kept) head.rowSteps = Array.from(kept);
    const text = JSON.stringify(head);
    if (i > 0) out.byte(44);
    out.text(text.slice(0, -1));
    out.ascii(',"lr":');
    rows(out, s.fc.curve, s.fc.curve.lr, kept);
    if (s.fc.curve.momentum) {
      out.ascii(',"momentum":');
      rows(out, s.fc.curve, s.fc.curve.momentum, kept);
    }
    out.byte(125);
  });
  const global = [
    ...file.result.diagnostics.map((d) => {
      const p = d.range ? placeOf(file, d.range.startPos) : null;
      return { severity: d.severity, ...(p?.cell !== undefined ? { cell: p.cell } : {}), line: p ? p.line : null, message: d.message };
    }),
    ...run.loose.map((d) => diagnosticJson(file, d)),
  ];
  out.text(`],"diagnostics":${JSON.stringify(global)}}`);
}
