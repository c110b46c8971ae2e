/**
 * The chart page's view model: curves + schedule models → chart datasets (min-max decimated to
 * the pixels on screen, keeping each bucket's extremes), x in steps or epochs, momentum on a second
 * axis, markers (warm-up end, milestones, restarts) and CSV. Pure: no DOM, no chart.js, so it is
 * unit-tested in plain Node (test/unit/webview/).
 */
import { markersOf, type Marker } from '../src/core/engine/kinds';
import type { CurveData, JsonSpec, ScheduleModel } from '../src/features/chart/protocol/messages';
import { english, localize, type Translate } from '../src/core/l10n/translate';
import { groupThousands } from '../src/core/l10n/numbers';
import { formatLrDigits } from '../src/core/present/summary';

export type XMode = 'step' | 'epoch';

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  /** Stable key: `${modelId}:${lr|momentum}:${group}`. */
  key: string;
  modelId: number;
  group: number;
  kind: 'lr' | 'momentum';
  axis: 'y' | 'y2';
  /** The bottom x axis, or the top one (the other unit; see planAxes). */
  xAxis: XAxisId;
  label: string;
  /** Index of the scheduler among the drawn ones (picks its colour). */
  colorIndex: number;
  /** Param groups after the first and momentum lines are dashed. */
  dash: number[];
  points: Point[];
  /** Points in the visible range before decimation. */
  rawPoints: number;
}

export type { Marker, MarkerKind } from '../src/core/engine/kinds';

export interface PlacedMarker extends Marker {
  x: number;
  xAxis: XAxisId;
  modelId: number;
  colorIndex: number;
}

/** A model with the curve drawn for it (recomputed in the page, or sent by the host). */
export interface Entry {
  model: ScheduleModel;
  curve: CurveData;
  /** The spec the curve was computed from (with the page's edits), for markers. */
  spec: JsonSpec | null;
  colorIndex: number;
}

export function labelOf(m: Pick<ScheduleModel, 'name' | 'kind' | 'line'>): string {
  return m.name ? `${m.name} (${m.kind})` : `${m.kind} @${m.line}`;
}

/**
 * Each model's label where labels must tell them apart (the CSV's column heads): a label several
 * models share (one construction built by each call of a user's function: the same name and kind) gets its line.
 */
export function distinctLabels(models: readonly Pick<ScheduleModel, 'id' | 'name' | 'kind' | 'line'>[]): Map<number, string> {
  const count = new Map<string, number>();
  for (const m of models) count.set(labelOf(m), (count.get(labelOf(m)) ?? 0) + 1);
  return new Map(models.map((m) => [m.id, (count.get(labelOf(m)) ?? 0) > 1 && m.name ? `${labelOf(m)} @${m.line}` : labelOf(m)]));
}

/** Scheduler step k → x on the axis, for this model and x mode. */
export function xFactor(m: Pick<ScheduleModel, 'unit' | 'stepsPerEpoch'>, mode: XMode): number {
  const spe = m.stepsPerEpoch && m.stepsPerEpoch > 0 ? m.stepsPerEpoch : null;
  if (!spe) return 1;
  if (m.unit === 'epoch') return mode === 'step' ? spe : 1;
  return mode === 'epoch' ? 1 / spe : 1;
}

/** Whether the epoch axis means something for these models (some step-per-epoch is known). */
export function epochAxisAvailable(models: readonly Pick<ScheduleModel, 'unit' | 'stepsPerEpoch'>[]): boolean {
  return models.some((m) => !!m.stepsPerEpoch && m.stepsPerEpoch > 1);
}

export type XAxisId = 'x' | 'x2';
export type XUnit = 'step' | 'epoch';

/**
 * The unit a model's curve is drawn in for this x mode: the mode's unit when it is the model's own
 * (a schedule stepped per epoch counts epochs) or the steps per epoch convert it; else its own.
 */
export function drawnUnit(m: Pick<ScheduleModel, 'unit' | 'stepsPerEpoch'>, mode: XMode): XUnit {
  const own: XUnit = m.unit === 'epoch' ? 'epoch' : 'step';
  if (own === mode) return mode;
  return m.stepsPerEpoch && m.stepsPerEpoch > 0 ? mode : own;
}

export interface AxisPlan {
  /** Unit of the bottom axis (the x mode's, unless no drawn curve can be shown in it). */
  primary: XUnit;
  /** Unit of the top axis when some drawn curves cannot be converted to the bottom one, else null. */
  secondary: XUnit | null;
  axisOf: Map<number, XAxisId>;
}

/**
 * Which x axis each drawn model goes on. An epoch-stepped schedule whose steps per epoch are unknown
 * cannot share a step axis with step-stepped ones (100 epochs would be squeezed into the first 100
 * of 10,000 steps): it gets a top axis in epochs (and vice versa in epoch mode).
 */
export function planAxes(models: readonly Pick<ScheduleModel, 'id' | 'unit' | 'stepsPerEpoch'>[], mode: XMode, hidden: ReadonlySet<number> = new Set()): AxisPlan {
  const shown = models.filter((m) => !hidden.has(m.id));
  const units = new Set(shown.map((m) => drawnUnit(m, mode)));
  const other = (u: XUnit): XUnit => (u === 'step' ? 'epoch' : 'step');
  const primary: XUnit = units.size === 0 || units.has(mode) ? mode : other(mode);
  const secondary = units.has(other(primary)) ? other(primary) : null;
  const axisOf = new Map<number, XAxisId>(models.map((m) => [m.id, drawnUnit(m, mode) === primary ? 'x' : 'x2']));
  return { primary, secondary, axisOf };
}

/**
 * Min-max decimation of one strided series over rows [i0, i1] into at most `buckets` buckets: each
 * bucket contributes its first point, its minimum, its maximum and its last point (in row order,
 * deduplicated), so every extreme survives and the line stays continuous. Small ranges are returned
 * whole. Non-finite values are kept (chart.js leaves a gap).
 */
export function decimateMinMax(
  data: ArrayLike<number>,
  stride: number,
  offset: number,
  i0: number,
  i1: number,
  buckets: number,
  factor = 1,
): Point[] {
  const out: Point[] = [];
  if (i1 < i0) return out;
  const n = i1 - i0 + 1;
  if (buckets < 1 || n <= buckets * 4) {
    for (let i = i0; i <= i1; i++) out.push({ x: i * factor, y: data[i * stride + offset] });
    return out;
  }
  const per = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const s = i0 + Math.floor(b * per);
    const e = b === buckets - 1 ? i1 : i0 + Math.floor((b + 1) * per) - 1;
    if (e < s) continue;
    let minI = s;
    let maxI = s;
    let minV = data[s * stride + offset];
    let maxV = minV;
    for (let i = s + 1; i <= e; i++) {
      const v = data[i * stride + offset];
      if (v < minV) {
        minV = v;
        minI = i;
      } else if (v > maxV) {
        maxV = v;
        maxI = i;
      }
    }
    const a = minI < maxI ? minI : maxI;
    const c = minI < maxI ? maxI : minI;
    out.push({ x: s * factor, y: data[s * stride + offset] });
    if (a !== s) out.push({ x: a * factor, y: data[a * stride + offset] });
    if (c !== a && c !== s) out.push({ x: c * factor, y: data[c * stride + offset] });
    if (e !== c && e !== s) out.push({ x: e * factor, y: data[e * stride + offset] });
  }
  return out;
}

export interface SeriesOptions {
  xMode: XMode;
  /** Model ids not drawn. */
  hidden: ReadonlySet<number>;
  /** Visible x range (axis units); undefined = everything. */
  range?: { min: number; max: number };
  /** Visible range of the top axis, when there is one (defaults to everything). */
  range2?: { min: number; max: number };
  /** Chart width in pixels; decimation keeps ~2 buckets per pixel. */
  pixels: number;
  /** Translation of labels (the host's table in the page); English by default. */
  t?: Translate;
}

/** A dataset's legend label: `sched group 1 momentum`. */
function seriesLabel(label: string, group: number | null, kind: 'lr' | 'momentum', t: Translate): string {
  const l = group === null ? label : t('{0} group {1}', label, group);
  return kind === 'momentum' ? t('{0} momentum', l) : l;
}

/** One dataset per drawn model per param group (plus momentum per group on y2). */
export function buildSeries(entries: readonly Entry[], opts: SeriesOptions): Series[] {
  const out: Series[] = [];
  const buckets = Math.max(1, Math.round(opts.pixels * 2));
  const plan = planAxes(entries.map((e) => e.model), opts.xMode, opts.hidden);
  for (const e of entries) {
    if (opts.hidden.has(e.model.id)) continue;
    const { curve } = e;
    const f = xFactor(e.model, opts.xMode);
    const xAxis = plan.axisOf.get(e.model.id) ?? 'x';
    const range = xAxis === 'x' ? opts.range : opts.range2;
    const rows = curve.rows;
    if (rows === 0) continue;
    let i0 = 0;
    let i1 = rows - 1;
    if (range) {
      // One row of margin each side so the line reaches the plot edges.
      i0 = Math.max(0, Math.floor(range.min / f) - 1);
      i1 = Math.min(rows - 1, Math.ceil(range.max / f) + 1);
      if (i1 < i0) continue;
    }
    const label = labelOf(e.model);
    const groups = curve.groups;
    const tr = opts.t ?? english;
    for (const kind of ['lr', 'momentum'] as const) {
      const data = kind === 'lr' ? curve.lr : curve.momentum;
      if (!data) continue;
      for (let g = 0; g < groups; g++) {
        const dash = kind === 'momentum' ? [2, 3] : g === 0 ? [] : [6, 3 + g];
        out.push({
          key: `${e.model.id}:${kind}:${g}`,
          modelId: e.model.id,
          group: g,
          kind,
          axis: kind === 'lr' ? 'y' : 'y2',
          xAxis,
          label: seriesLabel(label, groups > 1 ? g : null, kind, tr),
          colorIndex: e.colorIndex,
          dash,
          points: decimateMinMax(data, groups, g, i0, i1, buckets, f),
          rawPoints: i1 - i0 + 1,
        });
      }
    }
  }
  return out;
}

// ---- markers --------------------------------------------------------------------------------

/** Markers of one spec over [0, steps] in its own steps: the kind descriptors' (src/core/engine/kinds). */
export function markersFor(specIn: JsonSpec | null, steps: number, offset = 0): Marker[] {
  return markersOf(specIn, steps, offset);
}

/** Markers of every drawn entry, placed on the x axis. */
export function placeMarkers(entries: readonly Entry[], opts: Pick<SeriesOptions, 'xMode' | 'hidden' | 't'>): PlacedMarker[] {
  const tr = opts.t ?? english;
  const out: PlacedMarker[] = [];
  const plan = planAxes(entries.map((e) => e.model), opts.xMode, opts.hidden);
  for (const e of entries) {
    if (opts.hidden.has(e.model.id)) continue;
    const f = xFactor(e.model, opts.xMode);
    const xAxis = plan.axisOf.get(e.model.id) ?? 'x';
    const last = Math.max(0, e.curve.rows - 1);
    for (const m of markersFor(e.spec, last)) out.push({ ...m, label: tr(m.label), x: m.step * f, xAxis, modelId: e.model.id, colorIndex: e.colorIndex });
  }
  return out;
}

// ---- CSV ------------------------------------------------------------------------------------

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Marks the CSV columns of curves whose edits are not in the code. */
export const EDITED_MARK = ' (edited: not applied)';

/**
 * CSV of the curves the code gives: `step` and `epoch`, then one column per scheduler and param
 * group (and momentum columns when a schedule cycles it). Rows are training steps: a schedule
 * stepped per epoch with known steps per epoch repeats each epoch's lr over its steps, as training
 * does. A schedule stepped per epoch whose steps per epoch are unknown cannot be placed on steps:
 * its rows come after, with `epoch` set and `step` empty. `epoch` is the step over the steps per
 * epoch when all step-placed schedules agree on one, else empty. A column is empty past its curve's
 * end. Values are exact (shortest round-trip repr). `edited`: the page's curves with edits not
 * applied to the code, as a separate set of columns after the code's, each header marked EDITED_MARK.
 */
export function toCsv(entries: readonly Entry[], hidden: ReadonlySet<number> = new Set(), edited: readonly Entry[] = []): string {
  interface Col {
    head: string;
    data: ArrayLike<number>;
    stride: number;
    g: number;
    rows: number;
    /** Steps per row on the step axis (1, or the steps per epoch), or 0: epoch rows only. */
    per: number;
  }
  const cols: Col[] = [];
  const spes = new Set<number>();
  const labels = distinctLabels(entries.map((x) => x.model));
  for (const [e, mark] of [...entries.map((x) => [x, ''] as const), ...edited.map((x) => [x, EDITED_MARK] as const)]) {
    if (hidden.has(e.model.id)) continue;
    const { curve, model } = e;
    const spe = model.stepsPerEpoch && model.stepsPerEpoch > 0 ? model.stepsPerEpoch : null;
    const per = model.unit === 'epoch' ? (spe ?? 0) : 1;
    if (spe && per > 0) spes.add(spe);
    const label = labels.get(model.id) ?? labelOf(model);
    for (const [what, data] of [['lr', curve.lr], ['momentum', curve.momentum]] as const) {
      if (!data) continue;
      for (let g = 0; g < curve.groups; g++) {
        cols.push({ head: `${label}${curve.groups > 1 ? ` group ${g}` : ''} ${what}${mark}`, data, stride: curve.groups, g, rows: curve.rows, per });
      }
    }
  }
  const spe = spes.size === 1 ? [...spes][0] : null;
  // Steps covered: a per-step curve's rows, an epoch curve's rows × steps per epoch (its last row, the
  // end of the schedule, stands at the step after the last epoch).
  const stepRows = cols.reduce((m, c) => (c.per > 0 ? Math.max(m, c.per === 1 ? c.rows : (c.rows - 1) * c.per + 1) : m), 0);
  const epochRows = cols.reduce((m, c) => (c.per === 0 ? Math.max(m, c.rows) : m), 0);
  const chunks: string[] = [['step', 'epoch', ...cols.map((c) => csvCell(c.head))].join(',')];
  const line: string[] = new Array(cols.length + 2);
  for (let k = 0; k < stepRows; k++) {
    line[0] = String(k);
    line[1] = spe ? String(k / spe) : '';
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      const row = c.per === 0 ? -1 : Math.floor(k / c.per);
      line[j + 2] = row >= 0 && row < c.rows ? String(c.data[row * c.stride + c.g]) : '';
    }
    chunks.push(line.join(','));
  }
  for (let k = 0; k < epochRows; k++) {
    line[0] = '';
    line[1] = String(k);
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      line[j + 2] = c.per === 0 && k < c.rows ? String(c.data[k * c.stride + c.g]) : '';
    }
    chunks.push(line.join(','));
  }
  return `${chunks.join('\n')}\n`;
}

// ---- axis ticks and tooltip -----------------------------------------------------------------

/**
 * A y tick label as people write learning rates: `0.1`, `0.05`, `1e-3`, `2.5e-5` (at most three
 * significant digits, no trailing zeros; decimals from 0.01 up, exponents below), the same rule on
 * linear and log axes so one axis never mixes `0.001` and `5e-4`.
 */
export function formatTick(v: number): string {
  return Number.isFinite(v) ? formatLrDigits(v, 3) : '';
}

/** Log-axis tick labels: only 1× and 5× of each decade, in formatTick's form. */
export function logTick(v: number): string {
  if (!(v > 0)) return '';
  const e = Math.floor(Math.log10(v) + 1e-9);
  const mant = Math.round(v / 10 ** e);
  if (mant !== 1 && mant !== 5) return '';
  return formatTick(mant * 10 ** e);
}

/**
 * A y tick label of one pane: with two panes stacked (schedules whose steps per epoch are unknown
 * above, the rest below), the main pane's top label and the second pane's bottom label would print
 * on top of each other at the boundary, so each leaves its boundary label out.
 */
export function paneTickLabel(value: number, index: number, count: number, o: { log: boolean; stacked: boolean; pane: 'main' | 'second' }): string {
  if (o.stacked && (o.pane === 'main' ? index === count - 1 : index === 0)) return '';
  return o.log ? logTick(value) : formatTick(value);
}

export interface TooltipRow {
  label: string;
  /** The exact lr at that x (the row the step trains with), or null past the curve's end. */
  value: number | null;
  colorIndex: number;
}

/**
 * Every visible curve's lr at the x under the pointer (not only the nearest line's), read from the
 * curves themselves rather than the decimated points: `step` and `epoch` of that x where known.
 */
export function tooltipAt(entries: readonly Entry[], x: number, axis: XAxisId, opts: Pick<SeriesOptions, 'xMode' | 'hidden' | 't'>): { step: number | null; epoch: number | null; rows: TooltipRow[] } {
  const plan = planAxes(entries.map((e) => e.model), opts.xMode, opts.hidden);
  const tr = opts.t ?? english;
  const rows: TooltipRow[] = [];
  let step: number | null = null;
  let epoch: number | null = null;
  for (const e of entries) {
    if (opts.hidden.has(e.model.id) || (plan.axisOf.get(e.model.id) ?? 'x') !== axis) continue;
    const f = xFactor(e.model, opts.xMode);
    // x = row × f; the row in force at x is the last one at or before it (stairs).
    const row = Math.floor(x / f + 1e-9);
    const unit = drawnUnit(e.model, opts.xMode);
    const spe = e.model.stepsPerEpoch && e.model.stepsPerEpoch > 0 ? e.model.stepsPerEpoch : null;
    if (unit === 'step') {
      step ??= Math.round(x);
      if (spe) epoch ??= x / spe;
    } else {
      epoch ??= Math.floor(x + 1e-9);
      if (spe) step ??= Math.round(x * spe);
    }
    const c = e.curve;
    for (let g = 0; g < c.groups; g++) {
      rows.push({
        label: seriesLabel(labelOf(e.model), c.groups > 1 ? g : null, 'lr', tr),
        value: row >= 0 && row < c.rows ? c.lr[row * c.groups + g] : null,
        colorIndex: e.colorIndex,
      });
    }
  }
  return { step, epoch, rows };
}

/** "OneCycleLR raises at step 1,001: ValueError: Tried to step …" */
export function describeError(m: Pick<ScheduleModel, 'kind'>, err: NonNullable<CurveData['error']>, t: Translate = english): string {
  if (err.atStep === 0) return t('{0} raises when constructed: {1}: {2}', m.kind, err.type, localize(err, t));
  return t('{0} raises at step {1}: {2}: {3}', m.kind, groupThousands(err.atStep), err.type, localize(err, t));
}

/** Total points across series (what the chart actually draws). */
export function pointCount(series: readonly Series[]): number {
  return series.reduce((n, s) => n + s.points.length, 0);
}
