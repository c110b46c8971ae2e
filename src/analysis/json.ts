/**
 * AnalysisResult + curves → the CLI's JSON (field names as in the issue), and the text summary.
 */
import { curveFor, curveRows, sparkline, type CurveOptions, type FindingCurve } from './curves';
import type { AnalysisResult, SchedulerFinding } from './types';

/** A scheduler's JSON without its curve. */
export interface JsonSchedulerHead {
  name: string | null;
  kind: string;
  library: string;
  line: number;
  /** For a construction inside a user's factory function: the line it is written on (`line` is the call). */
  definedAtLine?: number;
  params: Record<string, unknown>;
  baseLrs: number[];
  unit: string;
  steps: number;
  error?: { atStep: number; type: string; message: string };
  assumptions: { name: string; value: number | string; reason: string }[];
  diagnostics: { severity: string; line: number | null; message: string }[];
  [extra: string]: unknown;
}

export interface JsonScheduler extends JsonSchedulerHead {
  lr: number[][];
  momentum?: number[][];
}

export interface JsonReport {
  file: string;
  schedulers: JsonScheduler[];
  diagnostics: { severity: string; line: number | null; message: string }[];
}

export function schedulerJson(f: SchedulerFinding, opts: CurveOptions): JsonScheduler {
  const fc = curveFor(f, opts);
  const out: JsonScheduler = { ...schedulerFields(f, fc), lr: curveRows(fc.curve) };
  if (fc.curve.momentum) out.momentum = curveRows(fc.curve, fc.curve.momentum);
  return out;
}

/** Every field of a scheduler's JSON but the curve itself (`lr`, `momentum`), which the CLI streams. */
export function schedulerFields(f: SchedulerFinding, fc: FindingCurve): JsonSchedulerHead {
  const { steps, curve, assumptions: extra } = fc;
  const out: JsonSchedulerHead = {
    name: f.name,
    kind: f.kind,
    library: f.library,
    line: f.line,
    ...(f.definedAt ? { definedAtLine: f.definedAt.startPos.line + 1 } : {}),
    params: f.params,
    baseLrs: f.baseLrs,
    unit: f.unit,
    steps,
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
    })),
  };
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
    lines.push(`#${s.id} ${s.name ?? '(unnamed)'} = ${s.kind}  [${s.library}]  line ${s.line}${s.definedAtLine ? ` (built at line ${s.definedAtLine})` : ''}${s.active ? '' : '  (branch not taken)'}${where}`);
    const params = Object.entries(s.params)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', ');
    lines.push(`  params:   ${params || '(defaults)'}`);
    lines.push(`  base lrs: ${s.baseLrs.map(fmt).join(', ')}`);
    lines.push(`  unit:     ${s.unit}, ${s.steps} steps (${String(s.naturalStepsSource)})`);
    const first = s.lr.map((r) => r[0]);
    if (first.length) {
      // A loop, not Math.max(...first): a spread of a long run overflows the stack.
      let peak = -Infinity;
      for (const v of first) if (v > peak) peak = v;
      lines.push(`  lr:       first ${fmt(first[0])}, peak ${fmt(peak)}, final ${fmt(first[first.length - 1])}`);
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
