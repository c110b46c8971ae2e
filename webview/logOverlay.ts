/**
 * The chart page's training-log overlay: the logged lr drawn as points over the predicted curve of
 * the scheduler it is compared with (same x unit: the curve's rows × the model's x factor, so steps
 * or epochs), points that differ beyond float32 precision in red, the first one marked with a
 * vertical line, and a line of text saying where and why (src/core/logs/compare.ts, rerun here on the
 * page's own curve so the marker follows edits). Also the two things the log changes in the models:
 * a plateau schedule is fed the log's metric, and the compared model gets the log's steps per epoch
 * and its filled assumptions' reasons. The pure part (no DOM) is `overlayView`/`applyLog`.
 */
import type { Plugin } from 'chart.js';
import { simulate } from '../src/core/engine/simulate';
import type { ScheduleSpec } from '../src/core/engine/spec';
import { localize, type Translate } from '../src/core/l10n/translate';
import { compareLog, type Divergence } from '../src/core/logs/compare';
import type { LogOverlay, LogState, RenderedOverlay, ScheduleModel } from '../src/features/chart/protocol/messages';
import { toCurveData } from '../src/features/chart/protocol/models';
import { xFactor, type Entry, type XAxisId, type XMode } from './viewModel';

export interface OverlayView {
  modelId: number;
  colorIndex: number;
  xAxis: XAxisId;
  /** Drawn points (decimated past ~4 per pixel, keeping every differing one). */
  points: { x: number; y: number; differs: boolean }[];
  divergence: Divergence;
  /** x of the first differing point, or null. */
  firstX: number | null;
}

/**
 * The models and entries with what the log tells: steps per epoch and reasons on the compared model,
 * and for a plateau schedule its curve recomputed with the logged metric. Returns new arrays.
 */
export function applyLog(models: ScheduleModel[], entries: Entry[], overlay: LogOverlay | undefined, steps: Readonly<Record<number, number>> = {}): { models: ScheduleModel[]; entries: Entry[] } {
  if (!overlay) return { models, entries };
  const patch = (m: ScheduleModel): ScheduleModel => {
    if (m.id !== overlay.schedulerId) return m;
    const assumptions = m.assumptions.map((a) => (Object.prototype.hasOwnProperty.call(overlay.filled, a.name) ? { ...a, reason: overlay.filled[a.name] } : a));
    return { ...m, stepsPerEpoch: m.stepsPerEpoch ?? overlay.stepsPerEpoch, assumptions };
  };
  const outModels = models.map(patch);
  const byId = new Map(outModels.map((m) => [m.id, m]));
  const outEntries = entries.map((e) => {
    if (e.model.id !== overlay.schedulerId) return e;
    const model = byId.get(e.model.id) ?? e.model;
    if (overlay.metric && model.metricDriven && e.spec) {
      const n = steps[model.id] ?? model.steps;
      const metrics = overlay.metric.values.slice(0, n);
      while (metrics.length < n) metrics.push(metrics.length ? metrics[metrics.length - 1] : 1);
      try {
        return { ...e, model, curve: toCurveData(simulate(e.spec as unknown as ScheduleSpec, model.optimizer, { steps: n, metrics })) };
      } catch {
        return { ...e, model };
      }
    }
    return { ...e, model };
  });
  return { models: outModels, entries: outEntries };
}

let last: { curve: Entry['curve']; overlay: LogOverlay; divergence: Divergence } | null = null;

export function overlayView(entries: readonly Entry[], overlay: LogOverlay | undefined, xMode: XMode, axisOf: ReadonlyMap<number, XAxisId>, pixels: number): OverlayView | null {
  if (!overlay) return null;
  const e = entries.find((x) => x.model.id === overlay.schedulerId);
  if (!e) return null;
  const points = overlay.steps.map((step, i) => ({ step, value: overlay.values[i] }));
  // A redraw (zoom, resize, theme) reuses the comparison of the same curve and log.
  const divergence = last && last.curve === e.curve && last.overlay === overlay ? last.divergence : compareLog({
    lr: e.curve.lr,
    rows: e.curve.rows,
    groups: e.curve.groups,
    group: overlay.group,
    stepsPerRow: overlay.stepsPerRow,
    series: { tag: overlay.tag, points, float32: overlay.float32 },
    run: { epochRestarts: overlay.epochRestarts, ...(overlay.loggingSteps ? { loggingSteps: overlay.loggingSteps } : {}) },
  });
  last = { curve: e.curve, overlay, divergence };
  const f = xFactor(e.model, xMode);
  const xOf = (step: number) => (step / overlay.stepsPerRow) * f;
  const every = Math.max(1, Math.ceil(points.length / Math.max(50, pixels * 4)));
  const drawn: OverlayView['points'] = [];
  for (let i = 0; i < points.length; i++) {
    const differs = !divergence.matches[i];
    if (i % every === 0 || differs || i === points.length - 1) drawn.push({ x: xOf(points[i].step), y: points[i].value, differs });
  }
  return {
    modelId: e.model.id,
    colorIndex: e.colorIndex,
    xAxis: axisOf.get(e.model.id) ?? 'x',
    points: drawn,
    divergence,
    firstX: divergence.first ? xOf(divergence.first.step) : null,
  };
}

/** One line saying what the comparison found (translated). */
export function overlaySummary(log: LogState, view: OverlayView | null, t: Translate): string {
  if (log.error) return t('Training log {0}: {1}', log.path, log.error);
  if (!view) return t('Training log {0}: the scheduler it was compared with is not drawn.', log.path);
  const d = view.divergence;
  const head = d.first
    ? t('Training log {0}: {1} logged values; the first differs at step {2} (largest difference {3}).', log.path, d.compared, d.first.step, `${(d.maxRelDiff * 100).toPrecision(3)}%`)
    : t('Training log {0}: {1} logged values.', log.path, d.compared);
  return `${head} ${localize(d.reason.text, t)}`;
}

export function renderedOverlay(view: OverlayView | null): RenderedOverlay | undefined {
  if (!view) return undefined;
  const d = view.divergence;
  return { points: view.points.length, firstStep: d.first?.step ?? null, reason: d.reason.kind, maxRelDiff: d.maxRelDiff };
}

/** The vertical line at the first differing logged step, with its label. */
export function divergencePlugin(get: () => { view: OverlayView | null; color: string; muted: string; font: string; label: string }): Plugin<'line'> {
  return {
    id: 'lrLensLogDivergence',
    afterDatasetsDraw(chart) {
      const { view, color, muted, font, label } = get();
      if (!view || view.firstX === null) return;
      const scale = chart.scales[view.xAxis] ?? chart.scales.x;
      const area = chart.chartArea;
      if (!scale || !area || view.firstX < scale.min || view.firstX > scale.max) return;
      const px = Math.round(scale.getPixelForValue(view.firstX)) + 0.5;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([3, 2]);
      ctx.beginPath();
      ctx.moveTo(px, area.top);
      ctx.lineTo(px, area.bottom);
      ctx.stroke();
      ctx.font = font;
      ctx.fillStyle = muted;
      ctx.textBaseline = 'bottom';
      const w = ctx.measureText(label).width;
      ctx.fillText(label, px + 3 + w < area.right ? px + 3 : px - 3 - w, area.bottom - 2);
      ctx.restore();
    },
  };
}
