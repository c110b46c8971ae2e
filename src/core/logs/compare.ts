/**
 * Predicted vs logged: where a run's logged lr leaves the curve LR Lens computed, and the likely
 * reason. Pure and deterministic (work bounded by the number of logged points × a fixed set of
 * candidate explanations, plus one scan of the curve for a restart).
 *
 * Convention: the curve's row k is the lr after k scheduler steps, and a value logged at step s is
 * compared with row s — what every log in test/fixtures/logs shows (the Trainer, Lightning's
 * LearningRateMonitor). A schedule stepped per epoch is compared at row ⌊s ÷ steps per epoch⌋.
 */
import { ownMessage, type OwnText } from '../l10n/translate';
import { formatLrDigits } from '../present/summary';
import type { LogSeries, RunInfo } from './types';

/** float32 has a 24-bit significand: values rounded to it differ by at most 2^-24 relative. */
export const FLOAT32_TOLERANCE = 2 ** -23;

/** A relative difference above this puts a warning on the scheduler's line. */
export const LARGE_DIFFERENCE = 0.01;

export type ReasonKind = 'none' | 'one-step-late' | 'scaled' | 'skipped-steps' | 'restart' | 'stretched' | 'past-end' | 'unexplained';

export interface Reason {
  kind: ReasonKind;
  /** English, with its template for translation. */
  text: OwnText;
  /** For skipped steps: where the lag grew, as (logged step, lag). */
  lags?: { step: number; lag: number }[];
  /** For a restart: the step the schedule started again at. */
  restartAt?: number;
  /** For a stretched schedule: scheduler steps per logged step; for a scaled one: logged ÷ planned. */
  factor?: number;
}

export interface Divergence {
  /** Logged points compared (within the predicted curve). */
  compared: number;
  /** The first logged point that differs beyond float32 precision, or null. */
  first: { step: number; row: number; logged: number; predicted: number; relDiff: number } | null;
  /** Largest relative difference over the compared points (float32 rounding included), and where. */
  maxRelDiff: number;
  maxAt: number | null;
  /** Logged points after the curve's last row. */
  pastEnd: number;
  reason: Reason;
  /** The x of every logged point in the curve's rows (for drawing), and whether it matched. */
  rows: number[];
  matches: boolean[];
}

export interface CompareInput {
  /** The curve: `rows` rows of `groups` values (row k = lr after k scheduler steps). */
  lr: ArrayLike<number>;
  rows: number;
  groups: number;
  /** Which param group the series is. */
  group: number;
  /** Logged steps per curve row: 1 for a schedule stepped per optimizer step, steps per epoch for one stepped per epoch. */
  stepsPerRow: number;
  series: LogSeries;
  run?: RunInfo;
}

/** Param group of a series by its tag: Lightning's `/pg2` is 1-based, `group_1` 0-based. */
export function groupOfTag(tag: string): number {
  const pg = /\/pg(\d+)$/i.exec(tag);
  if (pg) return Math.max(0, Number(pg[1]) - 1);
  const g = /group_?(\d+)$/i.exec(tag);
  return g ? Number(g[1]) : 0;
}

function relDiff(a: number, b: number): number {
  if (a === b) return 0;
  const d = Math.abs(a - b);
  const m = Math.max(Math.abs(a), Math.abs(b));
  return m === 0 ? 0 : d / m;
}

/** Logged and planned values with 7 significant digits: enough to tell float32 apart. */
const fmt = (x: number) => formatLrDigits(x, 7);

export function compareLog(inp: CompareInput): Divergence {
  const { lr, rows, groups, series } = inp;
  const group = Math.min(Math.max(0, inp.group), Math.max(0, groups - 1));
  const per = inp.stepsPerRow > 0 ? inp.stepsPerRow : 1;
  const tol = FLOAT32_TOLERANCE;
  let peak = 0;
  for (let k = 0; k < rows; k++) {
    const v = Math.abs(lr[k * groups + group]);
    if (Number.isFinite(v) && v > peak) peak = v;
  }
  const floor = peak * 1e-12;
  const at = (k: number) => lr[k * groups + group];
  const same = (k: number, v: number) => k >= 0 && k < rows && (Math.abs(at(k) - v) <= floor || relDiff(at(k), v) <= tol);
  const pts = series.points;
  const rowOf = (s: number) => (per === 1 ? s : Math.floor(s / per));
  const xs = pts.map((p) => rowOf(p.step));
  const inside: number[] = [];
  let pastEnd = 0;
  for (let i = 0; i < pts.length; i++) {
    if (xs[i] >= 0 && xs[i] < rows) inside.push(i);
    else pastEnd++;
  }
  const matches = pts.map((p, i) => same(xs[i], p.value));
  let first: Divergence['first'] = null;
  let maxRel = 0;
  let maxAt: number | null = null;
  for (const i of inside) {
    const r = relDiff(at(xs[i]), pts[i].value);
    if (!matches[i] && first === null) first = { step: pts[i].step, row: xs[i], logged: pts[i].value, predicted: at(xs[i]), relDiff: r };
    if (r > maxRel) {
      maxRel = r;
      maxAt = pts[i].step;
    }
  }
  const base = { compared: inside.length, first, maxRelDiff: maxRel, maxAt, pastEnd, rows: xs, matches };
  if (first === null) {
    if (pastEnd > 0) {
      const lastRow = rows - 1;
      return { ...base, reason: { kind: 'past-end', text: ownMessage('The logged lr matches the plan at all {0} compared steps, but {1} logged values come after step {2}, where the planned schedule ends: the run was longer than the code plans.', inside.length, pastEnd, lastRow * per) } };
    }
    const restarts = inp.run?.epochRestarts ?? [];
    if (restarts.length)
      return { ...base, reason: { kind: 'none', text: ownMessage('The logged lr matches the plan at all {0} logged steps (to float32 precision). The logged epoch starts again at steps {1} (a resumed run); the lr does not, so the scheduler state was restored.', inside.length, restarts.join(', ')) } };
    return { ...base, reason: { kind: 'none', text: ownMessage('The logged lr matches the plan at all {0} logged steps (to float32 precision).', inside.length) } };
  }
  return { ...base, reason: explain(inp, xs, inside, same, first, rows, per) };
}

function explain(
  inp: CompareInput,
  xs: number[],
  inside: number[],
  same: (k: number, v: number) => boolean,
  first: NonNullable<Divergence['first']>,
  rows: number,
  per: number,
): Reason {
  const pts = inp.series.points;
  const vals = inside.map((i) => pts[i].value);
  const ks = inside.map((i) => xs[i]);
  const n = ks.length;
  const at = (k: number) => inp.lr[k * inp.groups + Math.min(Math.max(0, inp.group), Math.max(0, inp.groups - 1))];
  const all = (f: (j: number) => boolean) => {
    for (let j = 0; j < n; j++) if (!f(j)) return false;
    return true;
  };
  // 1. Every value one row early: the lr used by step s (logged before the scheduler stepped).
  if (per === 1 && all((j) => same(ks[j] - 1, vals[j]) || (ks[j] === 0 && same(0, vals[j])))) {
    return { kind: 'one-step-late', text: ownMessage('Logged one step late: each value at step s is the plan after s − 1 scheduler steps, i.e. the lr used by step s (newer transformers log it before the scheduler steps). Not a schedule bug.') };
  }
  // 2. Every value the same multiple of the plan: another base lr (a config value, lr × world size).
  const j1 = ks.findIndex((k) => at(k) !== 0);
  if (j1 >= 0) {
    const ratio = vals[j1] / at(ks[j1]);
    if (Number.isFinite(ratio) && ratio > 0 && Math.abs(ratio - 1) > FLOAT32_TOLERANCE && all((j) => same(ks[j], vals[j] / ratio))) {
      return {
        kind: 'scaled',
        factor: ratio,
        text: ownMessage('Scaled: every logged value is {0} × the plan, so the run started from another base lr ({1} logged, {2} planned): a config or command-line value, or an lr scaled by the batch size or the number of processes.', fmt(ratio), fmt(vals[j1]), fmt(at(ks[j1]))),
      };
    }
  }
  // 3. Stretched or squeezed by a whole factor: accumulation or the process count.
  if (per === 1) {
    for (const f of [2, 3, 4, 5, 6, 8, 10, 12, 16, 32, 64]) {
      if (all((j) => same(ks[j] * f, vals[j]) || ks[j] * f >= rows)) {
        if (!all((j) => ks[j] * f >= rows))
          return { kind: 'stretched', factor: f, text: ownMessage('Squeezed {0}×: the value at step s is the plan at step {0}·s, so the scheduler was stepped {0} times per logged step (Accelerate steps a prepared scheduler once per process; a schedule sized in optimizer steps stepped per micro-batch does too).', f) };
      }
      if (all((j) => same(Math.floor(ks[j] / f), vals[j]))) {
        return { kind: 'stretched', factor: 1 / f, text: ownMessage('Stretched {0}×: the value at step s is the plan at step s ÷ {0}, so the scheduler was stepped once per {0} logged steps (gradient accumulation, with steps counted in micro-batches).', f) };
      }
    }
  }
  // 4. A lag that only grows: scheduler steps skipped (fp16 overflow skips optimizer and scheduler steps).
  if (per === 1) {
    let lag = 0;
    const lags: { step: number; lag: number }[] = [];
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      let l = lag;
      while (l <= lag + 64 && !same(ks[j] - l, vals[j])) l++;
      if (l > lag + 64) ok = false;
      else if (l !== lag) {
        lag = l;
        lags.push({ step: pts[inside[j]].step, lag: l });
      }
    }
    if (ok && lag > 0) {
      const where = lags.map((x) => `${x.step}: ${x.lag}`).join(', ');
      return {
        kind: 'skipped-steps',
        lags,
        text: ownMessage('Skipped scheduler steps: the run falls behind the plan by {0} steps (step: lag {1}) and stays behind. With fp16, a step whose gradients overflow skips the optimizer and the scheduler; a loop that skips batches does the same.', lag, where),
      };
    }
  }
  // 5. A restart: from some point the values follow the plan from an earlier row again.
  const j0 = ks.findIndex((k, j) => !same(k, vals[j]));
  if (j0 >= 0) {
    const v = vals[j0];
    const restartCandidates: number[] = [];
    for (let k = 0; k < ks[j0] && restartCandidates.length < 64; k++) if (same(k, v)) restartCandidates.push(ks[j0] - k);
    for (const lag of restartCandidates.sort((a, b) => b - a)) {
      let ok = true;
      for (let j = j0; j < n && ok; j++) ok = same(ks[j] - lag, vals[j]);
      if (ok) {
        const at = lag * per;
        const restarts = inp.run?.epochRestarts ?? [];
        const near = restarts.find((r) => Math.abs(r - at) <= Math.max(per, inp.run?.loggingSteps ?? 0, 100));
        return {
          kind: 'restart',
          restartAt: at,
          text: near !== undefined
            ? ownMessage('Restarted: from step {0} the lr follows the plan from its beginning again, as if the scheduler was created anew at step {1} (the logged epoch also restarts at step {2}). A run resumed from a checkpoint without the scheduler state does this.', pts[inside[j0]].step, at, near)
            : ownMessage('Restarted: from step {0} the lr follows the plan from its beginning again, as if the scheduler was created anew at step {1}. A run resumed from a checkpoint without the scheduler state does this.', pts[inside[j0]].step, at),
        };
      }
    }
  }
  return {
    kind: 'unexplained',
    text: ownMessage('The logged lr leaves the plan at step {0}: logged {1}, planned {2} ({3} apart). No simple reason (off by one, skipped steps, a restart, a stretch) explains all logged values.', first.step, fmt(first.logged), fmt(first.predicted), `${(first.relDiff * 100).toPrecision(3)}%`),
  };
}
