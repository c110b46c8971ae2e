/**
 * A training log against one scheduler the analysis found: which logged series, at which rows of
 * the curve, with the log's own metric for a plateau schedule, and the comparison.
 */
import { curveFor } from '../model/curves';
import type { SchedulerFinding } from '../model/types';
import type { Curve } from '../engine/spec';
import { compareLog, groupOfTag, type Divergence } from './compare';
import type { LogPoint, LogSeries, TrainingLog } from './types';

export interface FindingComparison {
  schedulerId: number;
  series: LogSeries;
  group: number;
  /** Logged steps per curve row (1, or the log's steps per epoch for an epoch-stepped schedule). */
  stepsPerRow: number;
  curve: Curve;
  divergence: Divergence;
  /** For a metric-driven schedule: the logged metric fed to it, one value per scheduler step. */
  metric?: { name: string; values: number[] };
}

/** The metric a plateau schedule reacts to, by the name the code monitors, else a validation loss. */
export function pickMetric(log: TrainingLog, hint?: string | null): string | null {
  const names = Object.keys(log.metrics);
  if (hint) {
    const h = hint.replace(/^["']|["']$/g, '');
    const exact = names.find((n) => n === h) ?? names.find((n) => n.endsWith(`/${h}`) || n.replace(/\//g, '_') === h);
    if (exact) return exact;
  }
  return names.find((n) => /^(val|valid|validation|eval)[/_]?loss$/i.test(n)) ?? names.find((n) => /(val|eval).*loss/i.test(n)) ?? null;
}

/** The name the source monitors: Lightning's `"monitor": "val_loss"`, or `scheduler.step(val_loss)`. */
export function monitoredName(source: string, f: SchedulerFinding): string | null {
  const m = /["']monitor["']\s*:\s*["']([^"']+)["']|monitor\s*=\s*["']([^"']+)["']/.exec(source);
  if (m) return m[1] ?? m[2];
  const call = f.stepCalls.find((c) => c.metric);
  return call?.metric?.replace(/\.item\(\)$/, '').split(/[.[\]'"]+/).filter(Boolean).pop() ?? null;
}

/** One metric value per scheduler step: the last logged in each row's span of logged steps. */
function metricPerRow(points: readonly LogPoint[], stepsPerRow: number, rows: number): number[] {
  const byRow = new Map<number, number>();
  for (const p of points) byRow.set(Math.floor(p.step / stepsPerRow), p.value);
  const out: number[] = [];
  let last = points.length ? points[0].value : 1;
  for (let k = 0; k < rows; k++) {
    const v = byRow.get(k);
    if (v !== undefined) last = v;
    out.push(last);
  }
  return out;
}

export function stepsPerRowOf(f: SchedulerFinding, log: TrainingLog, series: LogSeries): number {
  if (f.unit !== 'epoch') return 1;
  if (log.run.stepsPerEpoch && log.run.stepsPerEpoch > 0) return log.run.stepsPerEpoch;
  const est = series.points.filter((p) => p.epoch && p.epoch >= 1).map((p) => Math.round(p.step / Math.floor(p.epoch!)));
  return est.length ? est[Math.floor(est.length / 2)] : 1;
}

export function compareFinding(f: SchedulerFinding, log: TrainingLog, source = '', seriesIndex = 0): FindingComparison | null {
  const series = log.lr[Math.min(seriesIndex, log.lr.length - 1)];
  if (!series || !series.points.length) return null;
  const stepsPerRow = stepsPerRowOf(f, log, series);
  const steps = f.naturalSteps;
  let metric: FindingComparison['metric'];
  if (f.metricDriven) {
    const name = pickMetric(log, monitoredName(source, f));
    if (name) metric = { name, values: metricPerRow(log.metrics[name], stepsPerRow, steps) };
  }
  const { curve } = curveFor(f, { steps, ...(metric ? { metrics: metric.values } : {}) });
  const group = groupOfTag(series.tag);
  const divergence = compareLog({ lr: curve.lr, rows: curve.rows, groups: curve.groups, group, stepsPerRow, series, run: log.run });
  return { schedulerId: f.id, series, group, stepsPerRow, curve, divergence, ...(metric ? { metric } : {}) };
}

/** The scheduler a log is compared with: the first active top-level one that is not inside a composite. */
export function primaryFinding(findings: readonly SchedulerFinding[]): SchedulerFinding | undefined {
  return findings.find((f) => f.parent === null && f.active) ?? findings.find((f) => f.parent === null);
}
