/**
 * Pure text for the editor surfaces: numbers as ML people write them (`5e-5`, `0.1`, `1,000`),
 * curve statistics, the code-lens line (`0 → 5e-5 → 5.556e-8 · warm-up 100 · 1,000 steps`) and the compact
 * end-of-line preview. No vscode.
 */
import { groupThousands } from '../l10n/numbers';
import type { Curve } from '../engine/spec';
import { isCyclicKind } from '../engine/kinds';
import type { SchedulerFinding } from '../model/types';
import { english, localize, type Translate } from '../l10n/translate';
import { groupSeries, unicodeSparkline } from './sparkline';

/** A learning rate, short: 0 → `0`, 5e-5 → `5e-5`, 0.00025 → `2.5e-4`, 0.1 → `0.1`, 0.05 → `0.05`. */
export function formatLr(v: number): string {
  return formatLrDigits(v, 4);
}

/** formatLr with at most `significant` digits (3 on the chart's ticks). */
export function formatLrDigits(v: number, significant: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 0.01 && a < 1e5) {
    const s = Number(v.toPrecision(significant)).toString();
    if (!s.includes('e')) return s;
  }
  const [mant, exp] = v.toExponential(significant - 1).split('e');
  const m = Number(mant).toString();
  return `${m}e${Number(exp)}`;
}

/** A step or epoch count with thousands separators: 1000 → `1,000`. */
export function formatCount(n: number): string {
  return groupThousands(n);
}


export interface CurveStats {
  /** Steps simulated (rows - 1). */
  steps: number;
  /** The lr the first step trains with (row 0). */
  initial: number;
  /** The lr the last step trains with (row steps - 1; row 0 when nothing is stepped). */
  last: number;
  /** The lr after the last `scheduler.step()` (row steps): the end of the schedule, which no step trains with. */
  final: number;
  peak: number;
  peakStep: number;
  min: number;
  /** Step at which a monotone rise from the start reaches the peak, before the last step (undefined: no warm-up). */
  warmupEnd?: number;
  /** A monotone rise from the start that is still rising when the run ends: the warm-up is never finished. */
  warmupUnfinished?: boolean;
}

/** Statistics of one param group of a curve. */
export function curveStats(curve: Curve, kind = '', group = 0): CurveStats {
  const v = groupSeries(curve, group);
  const n = v.length;
  if (n === 0) return { steps: 0, initial: NaN, last: NaN, final: NaN, peak: NaN, peakStep: 0, min: NaN };
  // Peak and minimum over the rows some step trains with (0 … steps - 1): the row after the last
  // step() is the end of the schedule, reported on its own.
  const used = n >= 2 ? n - 1 : n;
  let peak = -Infinity;
  let peakStep = 0;
  let min = Infinity;
  for (let k = 0; k < used; k++) {
    if (v[k] > peak) {
      peak = v[k];
      peakStep = k;
    }
    if (v[k] < min) min = v[k];
  }
  const stats: CurveStats = { steps: n - 1, initial: v[0], last: v[used - 1], final: v[n - 1], peak, peakStep, min };
  if (peakStep > 0 && v[0] < peak && !isCyclicKind(kind)) {
    let monotone = true;
    for (let k = 1; k <= peakStep && monotone; k++) if (v[k] < v[k - 1]) monotone = false;
    if (monotone && peakStep < used - 1) stats.warmupEnd = peakStep;
    else if (monotone) stats.warmupUnfinished = true;
  }
  return stats;
}

/** The warm-up length the code declares (`num_warmup_steps`), when it is a plain number. */
export function declaredWarmup(finding: Pick<SchedulerFinding, 'params'>): number | undefined {
  const w = (finding.params as Record<string, unknown> | undefined)?.num_warmup_steps;
  return typeof w === 'number' && Number.isFinite(w) && w > 0 ? w : undefined;
}

/** `warm-up 500` (`warm-up 5 epochs` for an epoch schedule), or `warm-up 500, not reached` when the run ends first. */
function warmupText(finding: Pick<SchedulerFinding, 'unit' | 'params'>, s: CurveStats, t: Translate): string | undefined {
  if (s.warmupEnd === undefined && !s.warmupUnfinished) return undefined;
  const w = declaredWarmup(finding) ?? s.warmupEnd ?? s.steps;
  const c = formatCount(w);
  if (s.warmupUnfinished) return finding.unit === 'epoch' ? t('warm-up {0} epochs, not reached', c) : t('warm-up {0}, not reached', c);
  return finding.unit === 'epoch' ? t('warm-up {0} epochs', c) : t('warm-up {0}', c);
}

/** `at step 100`, or `at epoch 5` for an epoch schedule. */
export function atText(finding: Pick<SchedulerFinding, 'unit'>, value: string, k: number, t: Translate = english): string {
  return finding.unit === 'epoch' ? t('{0} at epoch {1}', value, formatCount(k)) : t('{0} at step {1}', value, formatCount(k));
}

/** Whether the end of the schedule differs from the lr the last step trained with. */
export function endDiffers(s: CurveStats): boolean {
  return s.steps > 0 && !(s.final === s.last || Math.abs(s.final - s.last) <= 1e-12 * Math.max(Math.abs(s.final), Math.abs(s.last)));
}

export function unitLabel(finding: Pick<SchedulerFinding, 'unit'>, n: number, t: Translate = english): string {
  const c = formatCount(n);
  if (finding.unit === 'epoch') return n === 1 ? t('{0} epoch', c) : t('{0} epochs', c);
  return n === 1 ? t('{0} step', c) : t('{0} steps', c);
}

/**
 * The code-lens line: `0 → 5e-5 → 5.6e-8 · warm-up 100 · 1,000 steps` (start → peak → the lr the last
 * step trains with), `0.1 → 1e-3 · 100 epochs`, or `⚠ OneCycleLR raises at step 1,001`.
 */
export function lensTitle(finding: SchedulerFinding, curve: Curve, t: Translate = english): string {
  if (finding.incomplete) return t('{0}: incomplete call', finding.kind);
  if (curve.error) {
    const e = curve.error;
    if (e.atStep <= 0) return t('⚠ {0} raises {1}: {2}', finding.kind, e.type, truncate(localize(e, t), 60));
    return t('⚠ {0} raises at step {1}', finding.kind, formatCount(e.atStep));
  }
  const s = curveStats(curve, finding.kind);
  if (s.steps === 0 && curve.rows === 0) return t('{0}: no curve', finding.kind);
  // start → peak → the lr the last step trains with (not the end of the schedule, which no step uses).
  const parts: string[] = [];
  const top = Math.max(s.initial, s.last);
  const risesAbove = s.peak > top * (1 + 1e-9) && s.peak - top > 1e-300;
  if (s.warmupEnd !== undefined) {
    parts.push(`${formatLr(s.initial)} → ${formatLr(s.peak)} → ${formatLr(s.last)}`);
  } else {
    parts.push(`${formatLr(s.initial)} → ${formatLr(s.last)}`);
    if (risesAbove && !s.warmupUnfinished) parts.push(t('peak {0}', formatLr(s.peak)));
  }
  const w = warmupText(finding, s, t);
  if (w) parts.push(w);
  parts.push(unitLabel(finding, s.steps, t));
  if (curve.groups > 1) parts.push(t('{0} groups', curve.groups));
  return parts.join(' · ');
}

/** The second lens: `1 assumption`, `2 assumptions`; undefined when nothing was assumed. */
export function assumptionsTitle(finding: Pick<SchedulerFinding, 'assumptions'>, t: Translate = english): string | undefined {
  const n = finding.assumptions.length;
  if (n === 0) return undefined;
  return n === 1 ? t('{0} assumption', n) : t('{0} assumptions', n);
}

/** The end-of-line preview: `▁▄██▇▆▅▄▃▂▁ → 5e-8` (sparkline + the lr the last step trains with; log10 of the lr with `logScale`). */
export function inlinePreviewText(finding: SchedulerFinding, curve: Curve, width = 16, logScale = false, t: Translate = english): string {
  if (finding.incomplete) return t('{0}: incomplete call', finding.kind);
  if (curve.error && curve.rows <= 1) return t('⚠ {0} raises {1}', finding.kind, curve.error.type);
  let series = groupSeries(curve, 0);
  if (logScale) series = series.map((v) => (v > 0 ? Math.log10(v) : NaN));
  const spark = unicodeSparkline(series, width);
  const s = curveStats(curve, finding.kind);
  const tail = curve.error ? t('⚠ raises at step {0}', formatCount(curve.error.atStep)) : `→ ${formatLr(s.last)}`;
  return `${spark} ${tail}`;
}

export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
