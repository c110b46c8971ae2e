// The chart page of LR Lens. Runs in the webview (browser, strict CSP, no network). Receives
// schedule models from the host, recomputes curves live with the bundled engine as fields are
// edited, and draws them with chart.js. Pure logic lives in viewModel.ts (unit-tested).
import {
  Chart,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import { SIGNATURES } from '../src/engine/signatures';
import {
  assertNever,
  LIMITS,
  type ArgumentEdit,
  type EditValue,
  type FocusTarget,
  type HostToWebview,
  type JsonValue,
  type PreviewData,
  type RenderedText,
  type ScheduleModel,
  type ScheduleOverride,
  type StateMessage,
  type WebviewToHost,
} from '../src/protocol/messages';
import { LiveRecompute, type RecomputePlan } from './live';
import { applyLog, divergencePlugin, overlaySummary, overlayView, renderedOverlay, type OverlayView } from './logOverlay';
import { localize } from '../src/l10n/translate';
import { formatCount, formatLr } from '../src/summary';
import { t, tableSize } from './strings';
import {
  buildSeries,
  decimateMinMax,
  describeError,
  epochAxisAvailable,
  formatTick,
  labelOf,
  logTick,
  placeMarkers,
  planAxes,
  pointCount,
  toCsv,
  tooltipAt,
  xFactor,
  type Entry,
  type AxisPlan,
  type PlacedMarker,
  type XMode,
} from './viewModel';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip);

// ---- host bridge ------------------------------------------------------------------------------

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();
/** Messages posted to the host, by type (data-sent: tests check an edit posts no `recompute`). */
const sent: Record<string, number> = {};
const post = (m: WebviewToHost) => {
  sent[m.type] = (sent[m.type] ?? 0) + 1;
  document.body.dataset.sent = JSON.stringify(sent);
  vscode.postMessage(m);
};

/** What survives a reload (vscode.setState) and comes back through the panel serializer. */
interface PageState {
  uri: string | null;
  schedulerId: number | null;
  hidden: number[];
  logScale: boolean | null;
  xMode: XMode;
  zoom: { min: number; max: number } | null;
  edits: Record<number, Record<string, EditValue>>;
  steps: Record<number, number>;
  assumptions: Record<string, number | string>;
}

function loadState(): PageState {
  const s = vscode.getState() as Partial<PageState> | undefined;
  return {
    uri: typeof s?.uri === 'string' ? s.uri : null,
    schedulerId: typeof s?.schedulerId === 'number' ? s.schedulerId : null,
    hidden: Array.isArray(s?.hidden) ? s.hidden.filter((x) => typeof x === 'number') : [],
    logScale: typeof s?.logScale === 'boolean' ? s.logScale : null,
    xMode: s?.xMode === 'epoch' ? 'epoch' : 'step',
    zoom: s?.zoom && typeof s.zoom.min === 'number' && typeof s.zoom.max === 'number' ? s.zoom : null,
    edits: s?.edits && typeof s.edits === 'object' ? s.edits : {},
    steps: s?.steps && typeof s.steps === 'object' ? s.steps : {},
    assumptions: s?.assumptions && typeof s.assumptions === 'object' ? s.assumptions : {},
  };
}

let page = loadState();
let host: StateMessage | null = null;
let entries: Entry[] = [];
/** The generator's schedule being chosen, drawn dashed over the curves (not saved: the host re-sends it). */
let preview: PreviewData | null = null;
const saveState = () => vscode.setState(page);

// ---- DOM --------------------------------------------------------------------------------------

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const canvas = $<HTMLCanvasElement>('lr-chart');
const zoomBox = $<HTMLDivElement>('zoom-box');
const legendEl = $<HTMLDivElement>('legend');
const formsEl = $<HTMLDivElement>('forms');
const bannerEl = $<HTMLDivElement>('banner');
const titleEl = $<HTMLSpanElement>('title');
const noteEl = $<HTMLDivElement>('note');
const btnLog = $<HTMLButtonElement>('btn-log');
const btnX = $<HTMLButtonElement>('btn-x');
const btnReset = $<HTMLButtonElement>('btn-reset');
const btnPng = $<HTMLButtonElement>('btn-png');
const btnCsv = $<HTMLButtonElement>('btn-csv');
const btnApply = $<HTMLButtonElement>('btn-apply');
const btnRevert = $<HTMLButtonElement>('btn-revert');

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

let bannerTimer: number | undefined;
function banner(kind: 'error' | 'info', message: string): void {
  bannerEl.textContent = '';
  bannerEl.className = `banner ${kind}`;
  bannerEl.append(el('span', '', message));
  const close = el('button', 'icon', '×');
  close.title = t('Dismiss');
  close.addEventListener('click', () => (bannerEl.hidden = true));
  bannerEl.append(close);
  bannerEl.hidden = false;
  window.clearTimeout(bannerTimer);
  if (kind === 'info') bannerTimer = window.setTimeout(() => (bannerEl.hidden = true), 6000);
}

// ---- theme ------------------------------------------------------------------------------------

interface Theme {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  font: string;
  fontSize: number;
  palette: string[];
}

function readTheme(): Theme {
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  const fg = v('--vscode-editor-foreground', '#cccccc');
  return {
    fg,
    muted: v('--vscode-descriptionForeground', fg),
    grid: v('--vscode-editorWidget-border', v('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
    bg: v('--vscode-editor-background', '#1e1e1e'),
    font: v('--vscode-font-family', 'sans-serif'),
    fontSize: parseFloat(v('--vscode-font-size', '12')) || 12,
    palette: [
      v('--vscode-charts-blue', '#3794ff'),
      v('--vscode-charts-orange', '#d18616'),
      v('--vscode-charts-green', '#89d185'),
      v('--vscode-charts-purple', '#b180d7'),
      v('--vscode-charts-red', '#f14c4c'),
      v('--vscode-charts-yellow', '#cca700'),
    ],
  };
}
let theme = readTheme();
const colorOf = (i: number) => theme.palette[i % theme.palette.length];

// ---- recompute --------------------------------------------------------------------------------

/** The models shown: the host's, or those of the page's own analysis after an assumption edit. */
let shown: ScheduleModel[] = [];
const models = () => shown;
const modelById = (id: number) => models().find((m) => m.id === id);
const topLevel = () => models().filter((m) => m.parent === null);

/** Only the edits that differ from the code, per scheduler. */
function originalArg(m: ScheduleModel, name: string): JsonValue | undefined {
  const src = m.spec?.args ?? m.params;
  if (Object.prototype.hasOwnProperty.call(src, name)) return src[name];
  const p = SIGNATURES[m.kind]?.params.find((x) => x.name === name);
  return p && 'default' in p ? (p.default as JsonValue) : undefined;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const live = new LiveRecompute();
let recomputes = 0;

/**
 * Recomputes every curve in the page (webview/live.ts decides how: the engine, or a rerun of the
 * bundled analysis for assumptions and Python callables). Returns the plan; `ask-host` only when the
 * host sent no text to analyze.
 */
function recomputeLocal(): RecomputePlan {
  if (!host) return 'host-models';
  const t0 = performance.now();
  const r = live.compute(host, page);
  // The training log's steps per epoch, filled reasons and logged metric (webview/logOverlay.ts).
  ({ models: shown, entries } = applyLog(r.models, r.entries, host.log?.overlay, page.steps));
  lastComputeMs = performance.now() - t0;
  recomputes++;
  const ds = document.body.dataset;
  ds.computeMs = lastComputeMs.toFixed(1);
  ds.analysisMs = r.analysisMs.toFixed(1);
  ds.plan = r.plan;
  ds.recomputes = String(recomputes);
  ds.lastLr = JSON.stringify(Object.fromEntries(r.entries.map((e) => [e.model.id, e.curve.lr[e.curve.lr.length - 1] ?? null])));
  return r.plan;
}
let lastComputeMs = 0;

let hostTimer: number | undefined;
/**
 * Round trip to the host: the page's assumptions become the document's overrides (every surface
 * follows), and, when the host sent no text for the page to analyze (a file over
 * LIMITS.sourceText), the callable specs' edits too; the host re-analyzes and sends fresh models.
 */
function requestHostRecompute(): void {
  if (!host) return;
  window.clearTimeout(hostTimer);
  hostTimer = window.setTimeout(() => {
    if (!host) return;
    const overrides: ScheduleOverride[] = [];
    for (const m of topLevel()) {
      if (m.spec !== null) continue;
      const o: ScheduleOverride = { schedulerId: m.id };
      if (page.steps[m.id] !== undefined) o.steps = page.steps[m.id];
      if (page.edits[m.id]) o.params = page.edits[m.id];
      if (o.steps !== undefined || o.params) overrides.push(o);
    }
    document.body.classList.add('busy');
    post({ type: 'recompute', uri: host.uri, version: host.version, assumptions: page.assumptions, overrides });
  }, 200);
}

let localTimer: number | undefined;
function scheduleLocal(delay = 60): void {
  window.clearTimeout(localTimer);
  localTimer = window.setTimeout(() => {
    if (recomputeLocal() === 'ask-host') requestHostRecompute();
    draw();
    renderErrors();
    updateApplyButton();
  }, delay);
}

// ---- chart ------------------------------------------------------------------------------------

let placed: PlacedMarker[] = [];

const markerPlugin: Plugin<'line'> = {
  id: 'lrLensMarkers',
  afterDatasetsDraw(chart) {
    const area = chart.chartArea;
    if (!chart.scales.x || !area) return;
    const ctx = chart.ctx;
    const scaleOf = (m: PlacedMarker) => chart.scales[m.xAxis] ?? chart.scales.x;
    const visible = placed
      .filter((m) => m.x >= scaleOf(m).min && m.x <= scaleOf(m).max)
      .map((m) => ({ ...m, px: Math.round(scaleOf(m).getPixelForValue(m.x)) + 0.5 }))
      .sort((a, b) => a.px - b.px);
    ctx.save();
    ctx.font = `${Math.max(9, theme.fontSize - 2)}px ${theme.font}`;
    ctx.textBaseline = 'top';
    let labelEnd = -Infinity;
    for (const m of visible) {
      const px = m.px;
      ctx.strokeStyle = colorOf(m.colorIndex);
      ctx.globalAlpha = m.kind === 'milestone' ? 0.5 : 0.75;
      ctx.setLineDash(m.kind === 'restart' ? [2, 3] : m.kind === 'warmup' ? [6, 3] : [4, 4]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(px, area.top);
      ctx.lineTo(px, area.bottom);
      ctx.stroke();
      // A label only where it fits without overlapping the previous one.
      const w = ctx.measureText(m.label).width;
      if (px + 3 > labelEnd + 6 && px + 3 + w < area.right) {
        ctx.globalAlpha = 0.9;
        ctx.fillStyle = theme.muted;
        ctx.fillText(m.label, px + 3, area.top + 2);
        labelEnd = px + 3 + w;
      }
    }
    ctx.restore();
  },
};

// ---- training log ----------------------------------------------------------------------------

let logView: OverlayView | null = null;
const logSummaryEl = el('div', 'log-summary');
logSummaryEl.id = 'log-summary';
logSummaryEl.hidden = true;
noteEl.after(logSummaryEl);
const btnCompare = el('button', '', t('Compare with log…'));
btnCompare.id = 'btn-compare-log';
btnCompare.title = t("Draw the run's own training log over the predicted curve (trainer_state.json, TensorBoard, Lightning or W&B CSV)");
btnCompare.addEventListener('click', () => post({ type: 'compareLog' }));
btnPng.before(btnCompare);
const logPlugin = divergencePlugin(() => ({
  view: logView,
  color: theme.palette[4],
  muted: theme.muted,
  font: `${Math.max(9, theme.fontSize - 2)}px ${theme.font}`,
  label: logView?.divergence.first ? t('log leaves the plan at step {0}', logView.divergence.first.step) : '',
}));

function renderLogSummary(): void {
  const log = host?.log;
  logSummaryEl.hidden = !log;
  if (!log) return;
  logSummaryEl.textContent = [overlaySummary(log, logView, t), ...log.notes].join(' ');
  logSummaryEl.classList.toggle('differs', !!logView?.divergence.first);
}

let chart: Chart<'line', { x: number; y: number }[]> | null = null;
let focusedId: number | null = page.schedulerId;

/** Which curves go on the bottom and the top x axis (planAxes), from the last draw. */
let axes: AxisPlan = { primary: 'step', secondary: null, axisOf: new Map() };

function xTitle(axis: 'x' | 'x2' = 'x'): string {
  const unit = axis === 'x' ? axes.primary : axes.secondary ?? axes.primary;
  return unit === 'epoch' ? t('epoch') : t('step');
}

function createChart(): Chart<'line', { x: number; y: number }[]> {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    plugins: [markerPlugin, logPlugin],
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      spanGaps: false,
      indexAxis: 'x',
      events: ['mousemove', 'mouseout', 'click', 'touchstart', 'touchmove'],
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      elements: { point: { radius: 0, hitRadius: 4, hoverRadius: 3 }, line: { borderWidth: 1.5, tension: 0 } },
      scales: {
        x: { type: 'linear', title: { display: true, text: t('step') }, ticks: { includeBounds: false } },
        // Schedules whose unit cannot be converted to the bottom axis (epochs, steps per epoch unknown).
        x2: { type: 'linear', position: 'top', display: false, title: { display: true, text: t('epoch') }, ticks: { includeBounds: false }, grid: { drawOnChartArea: false } },
        y: {
          type: 'linear',
          position: 'left',
          title: { display: true, text: t('learning rate') },
          ticks: {
            callback(value) {
              return this.type === 'logarithmic' ? logTick(Number(value)) : formatTick(Number(value));
            },
          },
        },
        y2: { type: 'linear', position: 'right', display: false, grid: { drawOnChartArea: false }, title: { display: true, text: t('momentum') } },
      },
      plugins: {
        tooltip: {
          // One tooltip entry: every visible curve's lr at that x, read from the curves (see tooltipAt).
          filter: (_item, index) => index === 0,
          callbacks: {
            title: (items) => {
              if (!items.length) return '';
              const at = tooltipAt(entries, items[0].parsed.x ?? 0, items[0].dataset.xAxisID === 'x2' ? 'x2' : 'x', { xMode: page.xMode, hidden: new Set(page.hidden), t });
              const parts: string[] = [];
              if (at.step !== null) parts.push(t('step {0}', formatCount(at.step)));
              if (at.epoch !== null) parts.push(t('epoch {0}', Number.isInteger(at.epoch) ? formatCount(at.epoch) : at.epoch.toFixed(2)));
              return parts.join(' · ');
            },
            label: (item) => {
              const at = tooltipAt(entries, item.parsed.x ?? 0, item.dataset.xAxisID === 'x2' ? 'x2' : 'x', { xMode: page.xMode, hidden: new Set(page.hidden), t });
              // The generator's preview is not among the entries: its own point.
              if (!at.rows.length) return `${item.dataset.label ?? ''}: ${formatLr(item.parsed.y ?? NaN)}`;
              return at.rows.map((r) => `${r.label}: ${r.value === null ? '—' : formatLr(r.value)}`);
            },
          },
        },
      },
      onResize: () => scheduleDraw(),
    },
  });
}

function applyTheme(c: Chart<'line', { x: number; y: number }[]>): void {
  Chart.defaults.color = theme.fg;
  Chart.defaults.font.family = theme.font;
  Chart.defaults.font.size = theme.fontSize;
  for (const id of ['x', 'x2', 'y', 'y2'] as const) {
    const s = c.options.scales?.[id];
    if (!s) continue;
    s.ticks = { ...(s.ticks ?? {}), color: theme.fg };
    s.grid = { ...(s.grid ?? {}), color: theme.grid };
    s.border = { ...(s.border ?? {}), color: theme.grid };
    if (s.title) (s.title as { color?: string }).color = theme.muted;
  }
  const tt = c.options.plugins?.tooltip;
  if (tt) {
    tt.backgroundColor = theme.bg;
    tt.titleColor = theme.fg;
    tt.bodyColor = theme.fg;
    tt.borderColor = theme.grid;
    tt.borderWidth = 1;
  }
}

let drawTimer: number | undefined;
function scheduleDraw(): void {
  window.clearTimeout(drawTimer);
  drawTimer = window.setTimeout(draw, 30);
}

/**
 * Log y when the user chose it (toggle, else the lrLens.chart.logScale setting); with neither, log
 * automatically when the drawn curves' peak learning rates differ by 100× or more (otherwise the
 * smaller ones are flat lines on the floor of a linear axis).
 */
function autoLog(): boolean {
  const hidden = new Set(page.hidden);
  let lo = Infinity;
  let hi = 0;
  for (const e of entries) {
    if (hidden.has(e.model.id)) continue;
    let peak = 0;
    const lr = e.curve.lr;
    for (let i = 0; i < lr.length; i++) if (lr[i] > peak) peak = lr[i];
    if (peak > 0) {
      lo = Math.min(lo, peak);
      hi = Math.max(hi, peak);
    }
  }
  return hi > 0 && hi / lo >= 100;
}
let autoLogCache: { entries: Entry[]; hidden: string; value: boolean } | null = null;
function logScale(): boolean {
  if (page.logScale !== null) return page.logScale;
  if (host?.settings.logScale) return true;
  const hidden = page.hidden.join(',');
  if (!autoLogCache || autoLogCache.entries !== entries || autoLogCache.hidden !== hidden) {
    autoLogCache = { entries, hidden, value: autoLog() };
  }
  return autoLogCache.value;
}

function draw(): void {
  const t0 = performance.now();
  if (!chart) {
    chart = createChart();
  }
  applyTheme(chart);
  const hidden = new Set(page.hidden);
  const pixels = Math.max(100, chart.chartArea ? chart.chartArea.width : canvas.clientWidth || 800);
  axes = planAxes(entries.map((e) => e.model), page.xMode, hidden);
  // Each x axis is fitted to its own curves; a zoom of the bottom axis zooms the top one in proportion.
  const extent = (axis: 'x' | 'x2') => {
    let max = 0;
    for (const e of entries) {
      if (hidden.has(e.model.id) || (axes.axisOf.get(e.model.id) ?? 'x') !== axis) continue;
      max = Math.max(max, (e.curve.rows - 1) * xFactor(e.model, page.xMode));
    }
    return max;
  };
  const max1 = extent('x');
  const max2 = axes.secondary ? extent('x2') : 0;
  const zoom2 = page.zoom && max1 > 0 && max2 > 0 ? { min: (page.zoom.min / max1) * max2, max: (page.zoom.max / max1) * max2 } : undefined;
  const series = buildSeries(entries, { xMode: page.xMode, hidden, pixels, t, ...(page.zoom ? { range: page.zoom } : {}), ...(zoom2 ? { range2: zoom2 } : {}) });
  const log = logScale();
  const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = series.map((s) => {
    const color = colorOf(s.colorIndex);
    const focused = focusedId === null || focusedId === s.modelId;
    return {
      label: s.label,
      data: log ? s.points.map((p) => (p.y > 0 ? p : { x: p.x, y: NaN })) : s.points,
      yAxisID: s.axis,
      xAxisID: s.xAxis,
      borderColor: color,
      backgroundColor: color,
      borderDash: s.dash,
      borderWidth: focusedId === s.modelId ? 2.5 : 1.5,
      ...(focused ? {} : { borderColor: withAlpha(color, 0.45) }),
      pointRadius: 0,
      // Row k is the lr step k + 1 trains with, held until the next row: stairs, not ramps.
      stepped: 'after',
      fill: false,
    };
  });
  let previewEnd = 0;
  if (preview && preview.curve.rows > 0) {
    const c = preview.curve;
    const pts = decimateMinMax(c.lr, c.groups, 0, 0, c.rows - 1, Math.max(1, Math.round(pixels * 2)));
    previewEnd = c.rows - 1;
    datasets.push({
      label: t('preview: {0}', preview.label),
      data: log ? pts.map((p) => (p.y > 0 ? p : { x: p.x, y: NaN })) : pts,
      yAxisID: 'y',
      borderColor: theme.fg,
      backgroundColor: theme.fg,
      borderDash: [6, 4],
      borderWidth: 2,
      pointRadius: 0,
      stepped: 'after',
      fill: false,
    });
  }
  logView = overlayView(entries, host?.log?.overlay, page.xMode, axes.axisOf, pixels);
  let logEnd = 0;
  if (logView && !hidden.has(logView.modelId) && host?.log) {
    const color = colorOf(logView.colorIndex);
    const red = theme.palette[4];
    for (const p of logView.points) if (logView.xAxis === 'x') logEnd = Math.max(logEnd, p.x);
    datasets.push({
      label: t('logged: {0}', host.log.label),
      data: logView.points.map((p) => ({ x: p.x, y: log && !(p.y > 0) ? NaN : p.y })),
      xAxisID: logView.xAxis,
      yAxisID: 'y',
      showLine: false,
      borderColor: color,
      backgroundColor: color,
      pointBackgroundColor: logView.points.map((p) => (p.differs ? red : color)),
      pointBorderColor: logView.points.map((p) => (p.differs ? red : color)),
      pointRadius: logView.points.map((p) => (p.differs ? 3.5 : 2.5)),
      fill: false,
    });
  }
  renderLogSummary();
  placed = placeMarkers(entries, { xMode: page.xMode, hidden, t });
  chart.data.datasets = datasets;
  const sc = chart.options.scales!;
  sc.x!.title = { ...(sc.x!.title as object), display: true, text: xTitle('x') } as never;
  sc.x2!.title = { ...(sc.x2!.title as object), display: true, text: t('{0} (steps per epoch unknown)', xTitle('x2')) } as never;
  sc.x2!.display = axes.secondary !== null;
  const x1 = sc.x as { min?: number; max?: number };
  const x2 = sc.x2 as { min?: number; max?: number };
  if (page.zoom) {
    x1.min = page.zoom.min;
    x1.max = page.zoom.max;
  } else {
    // Fit x to the data exactly (no nice-rounding past the last step).
    const end = Math.max(max1, previewEnd, logEnd);
    x1.min = 0;
    x1.max = end > 0 ? end : undefined;
  }
  x2.min = zoom2?.min ?? 0;
  x2.max = zoom2?.max ?? (max2 > 0 ? max2 : undefined);
  sc.y!.type = log ? 'logarithmic' : 'linear';
  sc.y2!.display = series.some((s) => s.axis === 'y2');
  chart.update('none');
  const ms = performance.now() - t0;
  const points = pointCount(series);
  document.body.dataset.drawn = '1';
  document.body.dataset.points = String(points);
  document.body.dataset.renderMs = (ms + lastComputeMs).toFixed(1);
  document.body.dataset.drawMs = ms.toFixed(1);
  const renderMs = Math.round((ms + lastComputeMs) * 10) / 10;
  lastComputeMs = 0;
  const auto = page.logScale === null && !host?.settings.logScale && log;
  btnLog.textContent = log ? (auto ? t('Log y (auto)') : t('Log y')) : t('Linear y');
  btnLog.setAttribute('aria-pressed', String(log));
  const epochOk = epochAxisAvailable(topLevel());
  btnX.disabled = !epochOk && page.xMode === 'step';
  btnX.textContent = page.xMode === 'epoch' ? t('x: epochs') : t('x: steps');
  btnX.title = epochOk ? t('Switch the x axis between optimizer steps and epochs') : t('Steps per epoch are not known for this file');
  btnReset.disabled = !page.zoom;
  const overlay = renderedOverlay(logView);
  post({ type: 'rendered', datasets: datasets.length, points, ms: renderMs, text: renderedText(), ...(overlay ? { overlay } : {}) });
}

/** The words on the page now: the toolbar, the schedulers' diagnostics and errors (see RenderedText). */
function renderedText(): RenderedText {
  const shown = [btnLog, btnX, ...document.querySelectorAll<HTMLElement>('#log-summary:not([hidden]), #forms .diag, #forms .error:not([hidden])')];
  const texts = shown.map((e) => (e.textContent ?? '').slice(0, LIMITS.shortString)).slice(0, LIMITS.renderedTexts);
  return { lang: document.documentElement.lang, strings: tableSize, texts };
}

function withAlpha(color: string, alpha: number): string {
  const m = color.match(/^#([0-9a-f]{6})$/i);
  if (m) {
    const n = parseInt(m[1], 16);
    return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  return color;
}

// ---- zoom (drag an x range) ---------------------------------------------------------------------

let dragStart: number | null = null;
canvas.addEventListener('pointerdown', (ev) => {
  if (!chart || ev.button !== 0) return;
  const a = chart.chartArea;
  if (ev.offsetX < a.left || ev.offsetX > a.right) return;
  dragStart = ev.offsetX;
  canvas.setPointerCapture(ev.pointerId);
});
canvas.addEventListener('pointermove', (ev) => {
  if (dragStart === null || !chart) return;
  const a = chart.chartArea;
  const x = Math.min(a.right, Math.max(a.left, ev.offsetX));
  const left = Math.min(dragStart, x);
  zoomBox.hidden = false;
  zoomBox.style.left = `${canvas.offsetLeft + left}px`;
  zoomBox.style.width = `${Math.abs(x - dragStart)}px`;
  zoomBox.style.top = `${canvas.offsetTop + a.top}px`;
  zoomBox.style.height = `${a.bottom - a.top}px`;
});
canvas.addEventListener('pointerup', (ev) => {
  if (dragStart === null || !chart) return;
  const a = chart.chartArea;
  const x = Math.min(a.right, Math.max(a.left, ev.offsetX));
  const start = dragStart;
  dragStart = null;
  zoomBox.hidden = true;
  if (Math.abs(x - start) < 6) return;
  const v1 = chart.scales.x.getValueForPixel(Math.min(start, x));
  const v2 = chart.scales.x.getValueForPixel(Math.max(start, x));
  if (v1 === undefined || v2 === undefined || !(v2 > v1)) return;
  page.zoom = { min: v1, max: v2 };
  saveState();
  draw();
});
canvas.addEventListener('dblclick', () => resetZoom());
function resetZoom(): void {
  page.zoom = null;
  saveState();
  draw();
}

// ---- legend, forms, errors --------------------------------------------------------------------

function renderLegend(): void {
  legendEl.textContent = '';
  const hidden = new Set(page.hidden);
  topLevel().forEach((m, i) => {
    const row = el('label', 'legend-item');
    const box = el('input');
    box.type = 'checkbox';
    box.checked = !hidden.has(m.id);
    box.addEventListener('change', () => {
      page.hidden = box.checked ? page.hidden.filter((x) => x !== m.id) : [...page.hidden, m.id];
      saveState();
      draw();
    });
    const sw = el('span', 'swatch');
    sw.style.backgroundColor = colorOf(i);
    const name = el('span', 'legend-label', labelOf(m));
    if (m.spec === null && !host?.analysisInput) name.append(el('span', 'tag', t('recomputed by the editor')));
    if (!m.active) name.append(el('span', 'tag', t('inactive branch')));
    const link = el('a', 'line-link', t('line {0}', m.line));
    link.href = '#';
    link.title = t('Show in the editor');
    link.addEventListener('click', (ev) => {
      ev.preventDefault();
      if (host) post({ type: 'reveal', uri: host.uri, schedulerId: m.id });
    });
    row.append(box, sw, name, link);
    legendEl.append(row);
  });
}

function renderErrors(): void {
  for (const e of entries) {
    const box = document.getElementById(`err-${e.model.id}`);
    if (!box) continue;
    box.textContent = e.curve.error ? describeError(e.model, e.curve.error, t) : '';
    box.hidden = !e.curve.error;
  }
}

function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => String(x)).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function parseField(raw: string, like: unknown, defaultValue: unknown): EditValue | undefined {
  const t = raw.trim();
  if (t === '' || t === 'None') return like === null || defaultValue === null ? null : undefined;
  if (Array.isArray(like) || /^\[.*\]$/.test(t)) {
    const parts = t.replace(/^[[(]|[\])]$/g, '').split(',').map((s) => s.trim()).filter(Boolean);
    const nums = parts.map((p) => Number(p.replace(/_/g, '')));
    return nums.every((n) => Number.isFinite(n)) ? nums : undefined;
  }
  if (typeof like === 'number' || typeof defaultValue === 'number' || (like === null && /^[-+.\d]/.test(t))) {
    const n = Number(t.replace(/_/g, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  if (t === 'True') return true;
  if (t === 'False') return false;
  return t.replace(/^(['"])(.*)\1$/, '$2');
}

function setEdit(m: ScheduleModel, name: string, value: EditValue | undefined): void {
  const orig = originalArg(m, name);
  const cur = { ...(page.edits[m.id] ?? {}) };
  if (value === undefined || same(value, orig)) delete cur[name];
  else cur[name] = value;
  if (Object.keys(cur).length) page.edits[m.id] = cur;
  else delete page.edits[m.id];
  saveState();
}

function rootOf(m: ScheduleModel): ScheduleModel {
  let r = m;
  for (let i = 0; i < 10 && r.parent !== null; i++) r = modelById(r.parent) ?? r;
  return r;
}

function onModelEdited(): void {
  scheduleLocal();
  updateApplyButton();
}

function paramForm(m: ScheduleModel, container: HTMLElement): void {
  const sig = SIGNATURES[m.kind];
  const argInfo = new Map(m.arguments.map((a) => [a.name, a]));
  const names = sig ? sig.params.map((p) => p.name) : Object.keys(m.params);
  const grid = el('div', 'fields');
  for (const name of names) {
    if (name === 'optimizer' || name === 'schedulers') continue;
    const p = sig?.params.find((x) => x.name === name);
    const def = p && 'default' in p ? p.default : undefined;
    const orig = m.spec ? m.spec.args[name] : m.params[name];
    const a = argInfo.get(name);
    const callable = m.spec === null && typeof m.params[name] === 'string' && /lambda|def |<callable>|\(/.test(String(m.params[name])) && a && !a.isLiteral;
    const edited = page.edits[m.id]?.[name];
    const current = edited !== undefined ? edited : orig !== undefined ? orig : def;
    const label = el('label', 'field-label', name);
    label.htmlFor = `f-${m.id}-${name}`;
    if (a?.text !== undefined && !a.isLiteral) label.title = t('Computed in the code: {0}', a.text);
    else if (a?.text === undefined) label.title = t('Not written in the code (default {0})', valueText(def));
    let input: HTMLInputElement;
    if (typeof current === 'boolean' || typeof def === 'boolean') {
      input = el('input');
      input.type = 'checkbox';
      input.checked = current === true;
      input.addEventListener('change', () => {
        setEdit(m, name, input.checked);
        markChanged();
        onModelEdited();
      });
    } else {
      input = el('input');
      input.type = 'text';
      input.spellcheck = false;
      input.value = valueText(current);
      input.placeholder = def === null ? 'None' : def === undefined ? t('required') : valueText(def);
      if (callable || (current !== null && typeof current === 'object' && !Array.isArray(current))) {
        input.readOnly = true;
        input.title = t('A Python callable or structure: edit it in the code');
      }
      input.addEventListener('input', () => {
        const v = parseField(input.value, orig ?? def, def);
        input.classList.toggle('invalid', v === undefined && input.value.trim() !== '');
        if (v === undefined) return;
        setEdit(m, name, v);
        markChanged();
        onModelEdited();
      });
    }
    input.id = `f-${m.id}-${name}`;
    input.dataset.param = name;
    const markChanged = () => {
      const changed = page.edits[m.id]?.[name] !== undefined;
      input.classList.toggle('changed', changed);
      label.classList.toggle('changed', changed);
    };
    markChanged();
    const note = el('span', 'field-note');
    if (a?.text !== undefined && !a.isLiteral) note.textContent = `= ${a.text}`;
    else if (a?.text === undefined) note.textContent = t('default');
    grid.append(label, input, note);
  }
  container.append(grid);
}

function assumptionsForm(m: ScheduleModel, container: HTMLElement): void {
  if (!m.assumptions.length) return;
  const h = el('div', 'subhead', t('Assumptions'));
  h.id = `assumptions-${m.id}`;
  container.append(h);
  const grid = el('div', 'fields');
  for (const a of m.assumptions) {
    const label = el('label', 'field-label', a.name);
    label.title = t(a.reason);
    const input = el('input');
    input.type = 'text';
    input.spellcheck = false;
    const override = page.assumptions[a.name];
    input.value = String(override ?? a.value);
    input.id = `a-${m.id}-${a.name}`;
    label.htmlFor = input.id;
    input.classList.toggle('changed', override !== undefined);
    input.addEventListener('change', () => {
      const t = input.value.trim().replace(/_/g, '');
      const n = Number(t);
      const v: number | string = t !== '' && Number.isFinite(n) ? n : input.value.trim();
      if (same(v, a.value) && !a.overridden) delete page.assumptions[a.name];
      else page.assumptions[a.name] = v;
      input.classList.toggle('changed', page.assumptions[a.name] !== undefined);
      saveState();
      // The page reruns the analysis with the new assumptions (run lengths, computed arguments
      // and the assumption list can all change), then redraws the forms from it. The host gets
      // them too: they are the document's overrides, and the lens, hover, inline preview and
      // diagnostics follow.
      recomputeLocal();
      requestHostRecompute();
      renderLegend();
      renderForms();
      draw();
      renderErrors();
      updateApplyButton();
    });
    grid.append(label, input, el('span', 'field-note', t(a.reason)));
  }
  container.append(grid);
}

function renderForms(): void {
  formsEl.textContent = '';
  const open = new Set<number>();
  if (focusedId !== null) open.add(rootOf(modelById(focusedId) ?? ({ parent: null, id: focusedId } as ScheduleModel)).id);
  topLevel().forEach((m, i) => {
    const d = el('details', 'sched');
    d.id = `sched-${m.id}`;
    d.open = open.has(m.id) || topLevel().length === 1;
    const s = el('summary');
    const sw = el('span', 'swatch');
    sw.style.backgroundColor = colorOf(i);
    s.append(sw, el('span', 'sched-title', t('{0} — line {1}', labelOf(m), m.line)));
    d.append(s);
    const body = el('div', 'sched-body');
    const run = el('div', 'fields');
    const rl = el('label', 'field-label', t('run length'));
    const ri = el('input');
    ri.type = 'number';
    ri.min = '0';
    ri.max = '10000000';
    ri.step = '1';
    ri.id = `steps-${m.id}`;
    rl.htmlFor = ri.id;
    ri.value = String(page.steps[m.id] ?? m.steps);
    ri.classList.toggle('changed', page.steps[m.id] !== undefined);
    ri.addEventListener('input', () => {
      const n = Number(ri.value);
      if (!Number.isInteger(n) || n < 0 || n > 10_000_000) return ri.classList.add('invalid');
      ri.classList.remove('invalid');
      if (n === m.steps) delete page.steps[m.id];
      else page.steps[m.id] = n;
      ri.classList.toggle('changed', page.steps[m.id] !== undefined);
      saveState();
      onModelEdited();
    });
    run.append(rl, ri, el('span', 'field-note', `${m.unit === 'epoch' ? t('epochs') : t('steps')}${m.stepsSource ? ` — ${m.stepsSource}` : ''}`));
    body.append(run);
    if (m.spec === null) body.append(el('div', 'hint', host?.analysisInput ? t('This schedule calls Python code (a lambda or function): the chart reruns it here as you edit a field.') : t('This schedule calls Python code (a lambda or function): the editor recomputes it when you change a field.')));
    if (m.metricDriven) body.append(el('div', 'hint', t('Metric-driven: drawn for a synthetic metric that improves, then flattens (an assumption; a training log gives the real one).')));
    const err = el('div', 'error');
    err.id = `err-${m.id}`;
    err.hidden = true;
    body.append(err);
    for (const dg of m.diagnostics) body.append(el('div', `diag ${dg.severity}`, localize(dg, t)));
    paramForm(m, body);
    for (const cid of m.children) {
      const c = modelById(cid);
      if (!c) continue;
      const sub = el('div', 'child');
      sub.append(el('div', 'subhead', t('{0} — line {1}', labelOf(c), c.line)));
      paramForm(c, sub);
      assumptionsForm(c, sub);
      body.append(sub);
    }
    assumptionsForm(m, body);
    d.append(body);
    formsEl.append(d);
  });
}

function changedEdits(): ArgumentEdit[] {
  const out: ArgumentEdit[] = [];
  for (const [id, params] of Object.entries(page.edits)) {
    const m = modelById(Number(id));
    if (!m) continue;
    for (const [argument, value] of Object.entries(params)) {
      if (!same(value, originalArg(m, argument))) out.push({ schedulerId: m.id, argument, value });
    }
  }
  return out;
}

function updateApplyButton(): void {
  const n = changedEdits().length;
  btnApply.disabled = n === 0;
  btnApply.textContent = n ? t('Apply to code ({0})', n) : t('Apply to code');
  btnRevert.disabled = n === 0 && !Object.keys(page.steps).length && !Object.keys(page.assumptions).length;
}

function applyFocus(f: FocusTarget): void {
  focusedId = f.schedulerId;
  page.schedulerId = f.schedulerId;
  saveState();
  if (f.schedulerId === null) return draw();
  const m = modelById(f.schedulerId);
  if (!m) return draw();
  const root = rootOf(m);
  const d = document.getElementById(`sched-${root.id}`) as HTMLDetailsElement | null;
  if (d) {
    d.open = true;
    const target =
      (f.section === 'assumptions' && document.getElementById(`assumptions-${m.id}`)) ||
      (f.section === 'assumptions' && document.getElementById(`assumptions-${root.id}`)) ||
      d;
    target.scrollIntoView({ block: 'nearest' });
    if (f.section === 'assumptions') {
      const first = d.querySelector<HTMLInputElement>(`[id^="a-${m.id}-"]`) ?? d.querySelector<HTMLInputElement>('[id^="a-"]');
      first?.focus();
    }
  }
  draw();
}

// ---- host messages ----------------------------------------------------------------------------

let states = 0;
function onState(s: StateMessage): void {
  document.body.classList.remove('busy');
  if (page.uri !== s.uri) {
    bannerEl.hidden = true; // a message about the previous file
    page = { ...page, uri: s.uri, schedulerId: null, hidden: [], zoom: null, edits: {}, steps: {}, assumptions: { ...s.overrides } };
  } else {
    // Keep the page's edits for schedulers that still exist.
    const ids = new Set(s.models.map((m) => m.id));
    for (const k of Object.keys(page.edits)) if (!ids.has(Number(k))) delete page.edits[Number(k)];
    for (const k of Object.keys(page.steps)) if (!ids.has(Number(k))) delete page.steps[Number(k)];
    page.hidden = page.hidden.filter((x) => ids.has(x));
    page.assumptions = { ...s.overrides, ...page.assumptions };
  }
  host = s;
  shown = s.models;
  states++;
  document.body.dataset.states = String(states);
  titleEl.textContent = s.fileName;
  noteEl.textContent = s.note ?? '';
  noteEl.hidden = !s.note;
  if (s.focus.schedulerId !== null) focusedId = s.focus.schedulerId;
  else if (focusedId !== null && !modelById(focusedId)) focusedId = null;
  page.schedulerId = focusedId;
  if (page.xMode === 'epoch' && !epochAxisAvailable(topLevel())) page.xMode = 'step';
  saveState();
  recomputeLocal();
  renderLegend();
  renderForms();
  draw();
  renderErrors();
  updateApplyButton();
  if (s.focus.section) applyFocus(s.focus);
}

window.addEventListener('message', (ev: MessageEvent) => {
  const msg = ev.data as HostToWebview;
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
  try {
    switch (msg.type) {
      case 'state':
        onState(msg);
        break;
      case 'focus':
        applyFocus(msg.focus);
        break;
      case 'error':
        document.body.classList.remove('busy');
        banner('error', msg.message);
        break;
      case 'info':
        banner('info', msg.message);
        break;
      case 'settings':
        if (host) host.settings = msg.settings;
        draw();
        break;
      case 'preview':
        preview = msg.preview;
        document.body.dataset.preview = preview ? preview.label : '';
        draw();
        break;
      default:
        assertNever(msg);
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    banner('error', t('The chart failed: {0}', message));
    post({ type: 'log', level: 'error', message: `page: ${message}`.slice(0, 8000) });
  }
});

// ---- toolbar ----------------------------------------------------------------------------------

btnLog.addEventListener('click', () => {
  page.logScale = !logScale();
  saveState();
  draw();
});
btnX.addEventListener('click', () => {
  page.xMode = page.xMode === 'step' ? 'epoch' : 'step';
  page.zoom = null;
  saveState();
  draw();
});
btnReset.addEventListener('click', resetZoom);
btnApply.addEventListener('click', () => {
  if (!host) return;
  const edits = changedEdits();
  // With the page's own analysis the host plans against the same findings (same assumptions).
  const assumptions = host.analysisInput ? { assumptions: { ...page.assumptions } } : {};
  if (edits.length) post({ type: 'applyToCode', uri: host.uri, version: host.version, edits, ...assumptions });
});
btnRevert.addEventListener('click', () => {
  page.edits = {};
  page.steps = {};
  page.assumptions = {};
  saveState();
  // Without the text the host had applied the page's overrides: it must drop them.
  const hostHasOverrides = !!host && Object.keys(host.overrides).length > 0;
  if (recomputeLocal() === 'ask-host' || hostHasOverrides) requestHostRecompute();
  renderLegend();
  renderForms();
  draw();
  renderErrors();
  updateApplyButton();
});
const baseName = () => (host?.fileName ?? 'lr').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'lr';
btnPng.addEventListener('click', () => {
  if (!chart) return;
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
  post({ type: 'savePng', fileName: `${baseName()}-lr.png`, dataUrl: copy.toDataURL('image/png') });
});
btnCsv.addEventListener('click', () => {
  post({ type: 'exportCsv', fileName: `${baseName()}-lr.csv`, csv: toCsv(entries, new Set(page.hidden)) });
});

// Theme changes: VS Code swaps body classes (vscode-light / vscode-dark / vscode-high-contrast).
new MutationObserver(() => {
  theme = readTheme();
  renderLegend();
  renderForms();
  draw();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// Draw empty axes right away (the host answers `ready` with the state).
draw();
post({ type: 'ready' });
