/**
 * A scheduler's JSON fields but its curve (src/core/model/json.ts; the CLI streams the curve). Light
 * on purpose: the CLI's main thread formats with it and never loads the analysis (src/cli/guard.ts).
 */
import type { FindingCurve } from './curves';
import { timmCallLabel } from '../engine/timm/callLabel';
import type { SchedulerFinding } from './types';

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
  assumptions: { name: string; value: number | string; reason: string; source?: string }[];
  diagnostics: { severity: string; line: number | null; message: string }[];
  [extra: string]: unknown;
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
    assumptions: [...f.assumptions, ...extra].map((a) => ({ name: a.name, value: a.value, reason: a.reason, ...(a.source ? { source: a.source } : {}) })),
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
  if (curve.error) out.error = { atStep: curve.error.atStep, type: curve.error.type, message: curve.error.message };
  if (f.trainer) out.trainer = f.trainer;
  return out;
}
