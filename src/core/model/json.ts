/**
 * AnalysisResult + curves → the CLI's JSON (field names as in the issue); the CLI's text is src/cli/formats/analyzeText.ts.
 */
import { curveFor, curveRows, type CurveOptions } from './curves';
import { schedulerFields, type JsonSchedulerHead } from './jsonFields';
import type { AnalysisResult, SchedulerFinding } from './types';

export { schedulerFields, type JsonSchedulerHead };

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
