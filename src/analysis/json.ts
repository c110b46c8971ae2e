/**
 * AnalysisResult + curves → the CLI's JSON (field names as in the issue), and the text summary.
 */
import { curveFor, curveRows, sparkline, type CurveOptions } from './curves';
import { timmCallLabel } from '../engine/timm/schedulers';
import type { AnalysisResult, SchedulerFinding } from './types';

export interface JsonScheduler {
  name: string | null;
  kind: string;
  library: string;
  line: number;
  params: Record<string, unknown>;
  baseLrs: number[];
  unit: string;
  steps: number;
  lr: number[][];
  momentum?: number[][];
  error?: { atStep: number; type: string; message: string };
  assumptions: { name: string; value: number | string; reason: string }[];
  diagnostics: { severity: string; line: number | null; message: string }[];
  [extra: string]: unknown;
}

export interface JsonReport {
  file: string;
  schedulers: JsonScheduler[];
  diagnostics: { severity: string; line: number | null; message: string }[];
}

export function schedulerJson(f: SchedulerFinding, opts: CurveOptions): JsonScheduler {
  const { steps, curve, assumptions: extra } = curveFor(f, opts);
  const out: JsonScheduler = {
    name: f.name,
    kind: f.kind,
    library: f.library,
    line: f.line,
    params: f.params,
    baseLrs: f.baseLrs,
    unit: f.unit,
    steps,
    lr: curveRows(curve),
    assumptions: [...f.assumptions, ...extra].map((a) => ({ name: a.name, value: a.value, reason: a.reason })),
    diagnostics: f.diagnostics.map((d) => ({ severity: d.severity, line: d.range ? d.range.startPos.line + 1 : f.line, message: d.message })),
    id: f.id,
    active: f.active,
    parent: f.parent,
    children: f.children,
    naturalSteps: f.naturalSteps,
    naturalStepsSource: f.naturalStepsSource,
    stepCalls: f.stepCalls.map((s) => ({
      line: s.range.startPos.line + 1,
      unit: s.unit,
      afterOptimizerStep: s.afterOptimizerStep,
      metric: s.metric,
      loops: s.loops,
      ...(s.method ? { method: s.method } : {}),
    })),
  };
  if (curve.protocol) {
    // timm: one row per call of train.py's loop, labelled as the oracle labels them.
    out.timm = { ...f.timm, epochs: curve.protocol.epochs };
    out.calls = Array.from({ length: curve.rows }, (_, k) => timmCallLabel(curve.protocol!, k));
  }
  if (curve.momentum) out.momentum = curveRows(curve, curve.momentum);
  if (curve.error) out.error = { atStep: curve.error.atStep, type: curve.error.type, message: curve.error.message };
  if (f.trainer) out.trainer = f.trainer;
  return out;
}

export function reportJson(file: string, result: AnalysisResult, opts: CurveOptions): JsonReport {
  return {
    file,
    schedulers: result.schedulers.map((f) => schedulerJson(f, opts)),
    diagnostics: result.diagnostics.map((d) => ({
      severity: d.severity,
      line: d.range ? d.range.startPos.line + 1 : null,
      message: d.message,
    })),
  };
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e5 ? x.toExponential(3) : String(Number(x.toPrecision(6)));
}

export function reportText(report: JsonReport): string {
  const lines: string[] = [];
  lines.push(`${report.file}: ${report.schedulers.length} scheduler${report.schedulers.length === 1 ? '' : 's'}`);
  for (const s of report.schedulers) {
    lines.push('');
    const where = s.parent !== null ? `  (inside #${s.parent})` : '';
    lines.push(`#${s.id} ${s.name ?? '(unnamed)'} = ${s.kind}  [${s.library}]  line ${s.line}${s.active ? '' : '  (branch not taken)'}${where}`);
    const params = Object.entries(s.params)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', ');
    lines.push(`  params:   ${params || '(defaults)'}`);
    lines.push(`  base lrs: ${s.baseLrs.map(fmt).join(', ')}`);
    const t = s.timm as { epochs: number; updatesPerEpoch: number; epochCalls: boolean } | undefined;
    if (t) lines.push(`  calls:    ${s.steps} (${t.epochs} epochs × ${t.updatesPerEpoch} step_update${t.epochCalls ? ' + step(epoch)' : ''}; ${String(s.naturalStepsSource)})`);
    else lines.push(`  unit:     ${s.unit}, ${s.steps} steps (${String(s.naturalStepsSource)})`);
    const first = s.lr.map((r) => r[0]);
    if (first.length) {
      lines.push(`  lr:       first ${fmt(first[0])}, peak ${fmt(first.reduce((a, b) => (b > a ? b : a), -Infinity))}, final ${fmt(first[first.length - 1])}`);
      lines.push(`            ${sparkline(first)}`);
    }
    if (s.error) lines.push(`  error:    at step ${s.error.atStep}: ${s.error.type}: ${s.error.message}`);
    for (const a of s.assumptions) lines.push(`  assumed:  ${a.name} = ${a.value} (${a.reason})`);
    for (const d of s.diagnostics) lines.push(`  ${d.severity}: line ${d.line}: ${d.message}`);
  }
  const global = report.diagnostics.filter((d) => d.severity !== 'info');
  if (global.length) {
    lines.push('');
    for (const d of global) lines.push(`${d.severity}: line ${d.line ?? '?'}: ${d.message}`);
  }
  return lines.join('\n') + '\n';
}
