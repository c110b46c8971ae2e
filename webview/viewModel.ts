/**
 * The chart page's view model: curves + schedule models → chart datasets (min-max decimated to
 * the pixels on screen, keeping each bucket's extremes), x in steps or epochs, momentum on a second
 * axis, markers (warm-up end, milestones, restarts) and CSV. Pure: no DOM, no chart.js, so it is
 * unit-tested in plain Node (test/unit/webview/).
 */
import { SCHEDULER_TYPE_FUNCTIONS } from '../src/engine/signatures';
import type { CurveData, JsonSpec, JsonValue, ScheduleModel } from '../src/protocol/messages';
import { english, localize, msg, type Translate } from '../src/l10n/translate';
import { formatLrDigits } from '../src/summary';

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

export type MarkerKind = 'warmup' | 'milestone' | 'restart';

export interface Marker {
  /** In the scheduler's own steps. */
  step: number;
  kind: MarkerKind;
  label: string;
}

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

const num = (v: JsonValue | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const nums = (v: JsonValue | undefined): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)) : [];

const MAX_MARKERS = 200;

/** get_scheduler(name, …) as the function it calls, with its kwargs merged. */
function resolveGetScheduler(spec: JsonSpec): JsonSpec {
  if (spec.kind !== 'get_scheduler') return spec;
  const name = spec.args.name;
  const fn = typeof name === 'string' ? SCHEDULER_TYPE_FUNCTIONS[name] : undefined;
  const extra = spec.args.scheduler_specific_kwargs;
  const args: Record<string, JsonValue> = { ...spec.args };
  if (extra && typeof extra === 'object' && !Array.isArray(extra)) Object.assign(args, extra);
  return { kind: fn ?? spec.kind, args };
}

function periodic(start: number, period: number, limit: number, kind: MarkerKind, label: string, out: Marker[]): void {
  if (!(period > 0)) return;
  for (let s = start; s <= limit && out.length < MAX_MARKERS; s += period) out.push({ step: s, kind, label });
}

/** Markers of one spec over [0, steps] in its own steps (offset for SequentialLR children). */
export function markersFor(specIn: JsonSpec | null, steps: number, offset = 0, depth = 0): Marker[] {
  if (!specIn || depth > 6) return [];
  const spec = resolveGetScheduler(specIn);
  const a = spec.args;
  const out: Marker[] = [];
  const limit = steps - offset;
  const add = (step: number | null, kind: MarkerKind, label: string) => {
    if (step !== null && step > 0 && step <= limit && out.length < MAX_MARKERS) out.push({ step, kind, label });
  };
  const warmup = num(a.num_warmup_steps);
  if (warmup !== null && warmup > 0) add(warmup, 'warmup', msg('warm-up end'));
  switch (spec.kind) {
    case 'StepLR':
      periodic(num(a.step_size) ?? 0, num(a.step_size) ?? 0, limit, 'milestone', msg('step decay'), out);
      break;
    case 'MultiStepLR':
      for (const m of nums(a.milestones)) add(m, 'milestone', msg('milestone'));
      break;
    case 'LinearLR': {
      const s = num(a.start_factor) ?? 1 / 3;
      const e = num(a.end_factor) ?? 1;
      add(num(a.total_iters) ?? 5, s < e ? 'warmup' : 'milestone', s < e ? msg('warm-up end') : msg('LinearLR end'));
      break;
    }
    case 'ConstantLR': {
      const f = num(a.factor) ?? 1 / 3;
      add(num(a.total_iters) ?? 5, f < 1 ? 'warmup' : 'milestone', f < 1 ? msg('warm-up end') : msg('ConstantLR end'));
      break;
    }
    case 'PolynomialLR':
      add(num(a.total_iters) ?? 5, 'milestone', msg('decay end'));
      break;
    case 'OneCycleLR': {
      const total = num(a.total_steps) ?? ((num(a.epochs) ?? NaN) * (num(a.steps_per_epoch) ?? NaN));
      const pct = num(a.pct_start) ?? 0.3;
      if (Number.isFinite(total)) {
        add(pct * total - 1, 'warmup', msg('warm-up end (peak)'));
        if (a.three_phase === true) add(2 * pct * total - 2, 'milestone', msg('annealing end'));
      }
      break;
    }
    case 'CosineAnnealingWarmRestarts': {
      const t0 = num(a.T_0);
      const mult = num(a.T_mult) ?? 1;
      if (t0 !== null && t0 > 0) {
        let t = t0;
        let len = t0;
        while (t <= limit && out.length < MAX_MARKERS) {
          add(t, 'restart', msg('restart'));
          len *= mult;
          t += len;
        }
      }
      break;
    }
    case 'CyclicLR': {
      const up = num(a.step_size_up) ?? 2000;
      const down = num(a.step_size_down) ?? up;
      periodic(up + down, up + down, limit, 'restart', msg('cycle'), out);
      break;
    }
    case 'get_cosine_with_hard_restarts_schedule_with_warmup': {
      const w = warmup ?? 0;
      const t = num(a.num_training_steps);
      const c = num(a.num_cycles) ?? 1;
      if (t !== null && c >= 1) for (let i = 1; i < c && out.length < MAX_MARKERS; i++) add(w + (i * (t - w)) / c, 'restart', msg('restart'));
      break;
    }
    case 'get_wsd_schedule': {
      const w = warmup ?? 0;
      const t = num(a.num_training_steps);
      const d = num(a.num_decay_steps);
      const stable = num(a.num_stable_steps);
      const decayStart = stable !== null ? w + stable : t !== null && d !== null ? t - d : null;
      add(decayStart, 'milestone', msg('decay start'));
      break;
    }
    case 'SequentialLR': {
      const ms = nums(a.milestones);
      const kids = Array.isArray(a.schedulers) ? (a.schedulers as JsonValue[]) : [];
      for (const m of ms) add(m, 'milestone', msg('next scheduler'));
      kids.forEach((k, i) => {
        if (!k || typeof k !== 'object' || Array.isArray(k)) return;
        const start = i === 0 ? 0 : ms[i - 1] ?? Infinity;
        const end = ms[i] ?? Infinity;
        for (const mk of markersFor(k as unknown as JsonSpec, Math.min(end, limit), start, depth + 1)) {
          if (start + mk.step <= end) add(start + mk.step, mk.kind, mk.label);
        }
      });
      break;
    }
    case 'ChainedScheduler': {
      const kids = Array.isArray(a.schedulers) ? (a.schedulers as JsonValue[]) : [];
      for (const k of kids) {
        if (k && typeof k === 'object' && !Array.isArray(k)) {
          for (const mk of markersFor(k as unknown as JsonSpec, limit, 0, depth + 1)) add(mk.step, mk.kind, mk.label);
        }
      }
      break;
    }
    default:
      break;
  }
  // Dedupe (same step and kind), sort.
  const seen = new Set<string>();
  return out
    .filter((m) => {
      const k = `${m.kind}:${m.step}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((x, y) => x.step - y.step);
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

/**
 * CSV of the curves the code gives: `step` and `epoch`, then one column per scheduler and param
 * group (and momentum columns when a schedule cycles it). Rows are training steps: a schedule
 * stepped per epoch with known steps per epoch repeats each epoch's lr over its steps, as training
 * does. A schedule stepped per epoch whose steps per epoch are unknown cannot be placed on steps:
 * its rows come after, with `epoch` set and `step` empty. `epoch` is the step over the steps per
 * epoch when all step-placed schedules agree on one, else empty. A column is empty past its curve's
 * end. Values are exact (shortest round-trip repr).
 */
export function toCsv(entries: readonly Entry[], hidden: ReadonlySet<number> = new Set()): string {
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
  for (const e of entries) {
    if (hidden.has(e.model.id)) continue;
    const { curve, model } = e;
    const spe = model.stepsPerEpoch && model.stepsPerEpoch > 0 ? model.stepsPerEpoch : null;
    const per = model.unit === 'epoch' ? (spe ?? 0) : 1;
    if (spe && per > 0) spes.add(spe);
    const label = labelOf(model);
    for (const [what, data] of [['lr', curve.lr], ['momentum', curve.momentum]] as const) {
      if (!data) continue;
      for (let g = 0; g < curve.groups; g++) {
        cols.push({ head: `${label}${curve.groups > 1 ? ` group ${g}` : ''} ${what}`, data, stride: curve.groups, g, rows: curve.rows, per });
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
  return t('{0} raises at step {1}: {2}: {3}', m.kind, err.atStep.toLocaleString('en-US'), err.type, localize(err, t));
}

/** Total points across series (what the chart actually draws). */
export function pointCount(series: readonly Series[]): number {
  return series.reduce((n, s) => n + s.points.length, 0);
}
