/**
 * A log fills assumptions: the run length it records (`max_steps`, or steps per epoch × epochs) and
 * the steps per epoch its epochs show replace the guessed dataset size or run length, so the
 * predicted curve is the run's. The value is solved for, not guessed: the analysis is rerun with
 * candidate values of one unknown (an integer search; at most MAX_PROBES analyses of the file) until
 * the scheduler's run length equals the log's, and kept only when it does exactly. An unknown base lr
 * is taken from the first logged value when that explains most of the log.
 */
import { msg } from '../l10n/translate';
import type { AnalysisResult, AnalyzeOptions, SchedulerFinding } from '../model/types';
import { compareFinding, primaryFinding } from './forFinding';
import type { TrainingLog } from './types';

/** The reasons a filled assumption shows instead of "dataset size unknown". */
export const LOG_REASONS = {
  runLength: msg('from the training log: the run length it records'),
  stepsPerEpoch: msg('from the training log: the steps per epoch it shows'),
  epochs: msg('from the training log: the epochs it ran'),
  fit: msg('from the training log: the run length its learning rates fit (steps per epoch × whole epochs)'),
  lr: msg('from the training log: the learning rate it logged first'),
} as const;

/** Reasons of the unknowns a log can answer (a dataset's size, the run length, epochs). */
export const FILLABLE_REASON = /^((dataset|training set) size|run length|batches per epoch|number of epochs) unknown$/;

export interface Filled {
  /** Assumption name → value to pass as AnalyzeOptions.assumptions. */
  overrides: Record<string, number>;
  /** Assumption name → reason (one of LOG_REASONS). */
  reasons: Record<string, string>;
  /** The run length the log gave (scheduler steps), when it was used. */
  target?: number;
}

export type AnalyzeFn = (options: AnalyzeOptions) => AnalysisResult;

const MAX_X = 2 ** 31;

/**
 * Work bounds (counted, so the result never depends on the machine's speed): at most this many
 * reruns of the analysis per fill, and no fill for a file whose one analysis takes more than
 * MAX_OPS interpreter operations (a large file: the reruns would cost too much).
 */
export const MAX_PROBES = 240;
export const MAX_OPS = 60_000;

class OutOfProbes extends Error {}

/** analyzeWith, counting its calls; throws OutOfProbes past the budget. */
function budgeted(analyzeWith: AnalyzeFn): AnalyzeFn {
  let left = MAX_PROBES;
  return (o) => {
    if (left-- <= 0) throw new OutOfProbes();
    return analyzeWith(o);
  };
}

/** The run length the log says for this schedule (in its unit), and why. */
function targetOf(f: SchedulerFinding, log: TrainingLog, reasonOf: string, jump: () => number | null): { value: number; reason: string } | null {
  const r = log.run;
  if (f.unit === 'epoch') {
    const e = r.numTrainEpochs ?? r.epochsLogged;
    return e && e > 0 && Number.isInteger(e) ? { value: e, reason: LOG_REASONS.epochs } : null;
  }
  if (r.maxSteps && r.maxSteps > 0) return { value: r.maxSteps, reason: LOG_REASONS.runLength };
  if (r.stepsPerEpoch && r.numTrainEpochs && Number.isInteger(r.numTrainEpochs)) return { value: r.stepsPerEpoch * r.numTrainEpochs, reason: LOG_REASONS.runLength };
  // A Trainer state without max_steps (older transformers): the steps it did.
  if (log.format === 'hf-trainer-state' && r.globalStep && r.globalStep > 0) return { value: r.globalStep, reason: LOG_REASONS.runLength };
  if (r.stepsPerEpoch && /size|batches/.test(reasonOf)) {
    // Epochs planned by the code: the run length grows by that much per batch of the dataset.
    const e = jump();
    if (e && e > 0) return { value: r.stepsPerEpoch * e, reason: LOG_REASONS.stepsPerEpoch };
  }
  return null;
}

export function fillFromLog(analyzeWithAll: AnalyzeFn, log: TrainingLog, user: Record<string, number | string> = {}, source = ''): Filled {
  const analyzeWith = budgeted(analyzeWithAll);
  const probe = analyzeWith({ assumptions: { ...user } });
  if (probe.stats.ops > MAX_OPS) return { overrides: {}, reasons: {} };
  let out: Filled = { overrides: {}, reasons: {} };
  try {
    out = fillRunLength(analyzeWith, log, user, source);
    fillBaseLr(analyzeWith, log, user, source, out);
  } catch (e) {
    if (!(e instanceof OutOfProbes)) throw e;
  }
  // Keep only what was verified before the budget ran out.
  for (const k of Object.keys(out.overrides)) if (!(k in out.reasons)) delete out.overrides[k];
  return out;
}

const LR_REASON = /^(learning rate|base lr|peak lr) unknown$/;

/**
 * An unknown base lr from the first logged value: every schedule here scales with it, so the value
 * is the assumed one × logged ÷ predicted at the first logged step, kept only when the rerun then
 * matches that step and most of the log.
 */
function fillBaseLr(analyzeWith: AnalyzeFn, log: TrainingLog, user: Record<string, number | string>, source: string, out: Filled): void {
  const first = () => {
    const r = analyzeWith({ assumptions: { ...user, ...out.overrides } });
    const f = primaryFinding(r.schedulers);
    const c = f ? compareFinding(f, log, source) : null;
    return { f, c };
  };
  const { f, c } = first();
  if (!f || !c || c.divergence.compared === 0) return;
  const i = c.divergence.rows.findIndex((row) => row >= 0 && row < c.curve.rows);
  if (i < 0 || c.divergence.matches[i]) return;
  const predicted = c.curve.lr[c.divergence.rows[i] * c.curve.groups + c.group];
  const logged = c.series.points[i].value;
  if (!(predicted > 0) || !(logged > 0)) return;
  for (const a of f.assumptions) {
    if (a.overridden || typeof a.value !== 'number' || !(a.value > 0) || !LR_REASON.test(a.reason) || a.name in user) continue;
    // The assumption is the base lr itself when the plan starts there: take the logged value as is.
    const x = predicted === a.value ? logged : a.value * (logged / predicted);
    out.overrides[a.name] = x;
    const again = first().c;
    // Kept when it explains the log: the first step and at least half of all logged values match
    // (a first value off for another reason, skipped steps say, would fit the first point only).
    const matched = again ? again.divergence.matches.filter(Boolean).length : 0;
    if (again && again.divergence.matches[i] && matched * 2 >= again.divergence.compared) {
      out.reasons[a.name] = LOG_REASONS.lr;
      return;
    }
    delete out.overrides[a.name];
  }
}

function fillRunLength(analyzeWith: AnalyzeFn, log: TrainingLog, user: Record<string, number | string>, source: string): Filled {
  const out: Filled = { overrides: {}, reasons: {} };
  const base = analyzeWith({ assumptions: { ...user } });
  const f0 = primaryFinding(base.schedulers);
  if (!f0) return out;
  const id = f0.id;
  const candidates = f0.assumptions.filter((a) => !a.overridden && typeof a.value === 'number' && FILLABLE_REASON.test(a.reason) && !(a.name in user));
  for (const a of candidates) {
    const g = (x: number): number => {
      const r = analyzeWith({ assumptions: { ...user, ...out.overrides, [a.name]: x } });
      return r.schedulers.find((s) => s.id === id)?.naturalSteps ?? -1;
    };
    const lo = g(1);
    const hi = g(MAX_X);
    if (!(hi > lo)) continue;
    // The first jump of the run length: how many steps one more unit of the unknown adds (epochs × 1 batch).
    const jump = () => {
      let l = 1;
      let h = MAX_X;
      while (h - l > 1) {
        const m = Math.floor((l + h) / 2);
        if (g(m) > lo) h = m;
        else l = m;
      }
      const step = g(h) - lo;
      return step > 0 ? step : null;
    };
    const solve = (target: number): number | null => {
      if (target < lo || target > hi) return null;
      if (g(target) === target) return target;
      let l = 1;
      let h = MAX_X;
      while (h - l > 1) {
        const m = Math.floor((l + h) / 2);
        if (g(m) >= target) h = m;
        else l = m;
      }
      const x = g(l) >= target ? l : h;
      return g(x) === target ? x : null;
    };
    const t = targetOf(f0, log, a.reason, jump);
    if (!t) {
      // Only the steps per epoch are known: the whole number of epochs whose run length makes the
      // predicted lr match every logged value.
      const spe = log.run.stepsPerEpoch;
      if (!spe || f0.unit === 'epoch') continue;
      for (let e = 1; e <= 100; e++) {
        const x = solve(spe * e);
        if (x === null) continue;
        const r = analyzeWith({ assumptions: { ...user, ...out.overrides, [a.name]: x } });
        const f = r.schedulers.find((s) => s.id === id);
        const c = f ? compareFinding(f, log, source) : null;
        if (c && c.divergence.compared > 0 && c.divergence.first === null) {
          out.overrides[a.name] = x;
          out.reasons[a.name] = LOG_REASONS.fit;
          out.target = spe * e;
          return out;
        }
      }
      continue;
    }
    const x = solve(t.value);
    if (x === null) continue;
    out.overrides[a.name] = x;
    out.reasons[a.name] = t.reason;
    out.target = t.value;
    break;
  }
  return out;
}

/** Puts the log's reasons on the filled assumptions of an analysis (in place). */
export function markFilled(result: AnalysisResult, reasons: Readonly<Record<string, string>>): AnalysisResult {
  const fix = (a: { name: string; reason: string }) => {
    if (Object.prototype.hasOwnProperty.call(reasons, a.name)) a.reason = reasons[a.name];
  };
  result.assumptions.forEach(fix);
  for (const f of result.schedulers) f.assumptions.forEach(fix);
  return result;
}
