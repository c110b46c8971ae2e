/**
 * The chart: chart.js line chart of the entries' curves (bottom x in steps or epochs, a top x for
 * curves in the other unit, momentum on a right y), the schedulers' markers, the generator's
 * preview (dashed), the training log's points and divergence line with its summary, drag-to-zoom
 * and double-click to reset. Draws when one of its inputs in the state changed, then reports what
 * it drew to the host (`rendered`: datasets, points, ms and the page's words).
 */
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
import { LIMITS, type RenderedText } from '../../src/features/chart/protocol/messages';
import { formatCount, formatLr } from '../../src/core/present/summary';
import { divergencePlugin, overlaySummary, overlayView, renderedOverlay, type OverlayView } from '../logOverlay';
import { t, tableSize } from '../strings';
import { colorOf, logScale, type State } from '../store';
import {
  buildSeries,
  decimateMinMax,
  paneTickLabel,
  placeMarkers,
  planAxes,
  pointCount,
  tooltipAt,
  xFactor,
  type AxisPlan,
  type PlacedMarker,
} from '../viewModel';
import { byId, el, type View, type ViewContext } from './dom';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip);

type LineChart = Chart<'line', { x: number; y: number }[]>;

function withAlpha(color: string, alpha: number): string {
  const m = color.match(/^#([0-9a-f]{6})$/i);
  if (m) {
    const n = parseInt(m[1], 16);
    return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  return color;
}

/** What the chart is drawn from: a draw happens when one of these changed (by identity). */
const inputs = (s: State) => [s.entries, s.page.hidden, s.page.xMode, s.page.zoom, s.page.logScale, s.host, s.preview, s.focusedId, s.theme];

/** Scale of the exported PNG over the chart's CSS size. */
export const PNG_SCALE = 2;

/**
 * The chart as a PNG at PNG_SCALE× its size on screen: the file's name as a title above, the
 * chart (its axes titled with their units: step or epoch, learning rate, momentum) re-rendered at
 * that pixel ratio, and a legend of the drawn curves below, on the theme's background.
 */
function exportPng(chart: LineChart, s: State): string | null {
  const th = s.theme;
  const k = PNG_SCALE;
  const prevRatio = chart.options.devicePixelRatio;
  chart.options.devicePixelRatio = k;
  chart.resize();
  // A full update at the new ratio (the resize alone leaves the lines where the old layout had them).
  chart.update('none');
  try {
    const src = chart.canvas;
    const w = src.width;
    const pad = 10 * k;
    const font = (px: number, bold = false) => `${bold ? '600 ' : ''}${px * k}px ${th.font}`;
    const measure = document.createElement('canvas').getContext('2d');
    if (!measure) return null;
    // Legend rows: a line sample and the label, wrapped to the width.
    const items = chart.data.datasets.map((d) => ({ label: String(d.label ?? ''), color: String(d.borderColor ?? th.fg), dash: (d.borderDash as number[] | undefined) ?? [], points: (d as { showLine?: boolean }).showLine === false }));
    measure.font = font(th.fontSize);
    const rowH = Math.round(th.fontSize * 1.6 * k);
    const sample = 22 * k;
    const rows: { x: number; item: (typeof items)[number] }[][] = [[]];
    let x = pad;
    for (const it of items) {
      const wItem = sample + 6 * k + measure.measureText(it.label).width + 16 * k;
      if (x + wItem > w - pad && rows[rows.length - 1].length) {
        rows.push([]);
        x = pad;
      }
      rows[rows.length - 1].push({ x, item: it });
      x += wItem;
    }
    const titleH = Math.round(th.fontSize * 2.2 * k);
    const legendH = items.length ? rows.length * rowH + pad : 0;
    const out = document.createElement('canvas');
    out.width = w;
    out.height = titleH + src.height + legendH;
    const g = out.getContext('2d');
    if (!g) return null;
    g.fillStyle = th.bg;
    g.fillRect(0, 0, out.width, out.height);
    g.fillStyle = th.fg;
    g.textBaseline = 'middle';
    g.font = font(th.fontSize * 1.25, true);
    g.fillText(t('{0} — learning-rate schedules', s.host?.fileName ?? 'LR Lens'), pad, titleH / 2);
    g.drawImage(src, 0, titleH);
    g.font = font(th.fontSize);
    rows.forEach((row, r) => {
      const y = titleH + src.height + r * rowH + rowH / 2;
      for (const { x: x0, item } of row) {
        g.strokeStyle = item.color;
        g.fillStyle = item.color;
        g.lineWidth = 2 * k;
        g.setLineDash(item.dash.map((d) => d * k));
        if (item.points) {
          g.beginPath();
          g.arc(x0 + sample / 2, y, 3 * k, 0, 2 * Math.PI);
          g.fill();
        } else {
          g.beginPath();
          g.moveTo(x0, y);
          g.lineTo(x0 + sample, y);
          g.stroke();
        }
        g.setLineDash([]);
        g.fillStyle = th.fg;
        g.fillText(item.label, x0 + sample + 6 * k, y);
      }
    });
    document.body.dataset.pngSize = `${out.width}x${out.height}`;
    return out.toDataURL('image/png');
  } finally {
    chart.options.devicePixelRatio = prevRatio;
    chart.resize();
    chart.update('none');
  }
}

export interface ChartView extends View {
  /** The chart as a PNG data URL on the theme's background, or null before it is drawn. */
  png(): string | null;
}

export function chartView(ctx: ViewContext): ChartView {
  const canvas = byId<HTMLCanvasElement>('lr-chart');
  const zoomBox = byId<HTMLDivElement>('zoom-box');
  const logSummaryEl = el('div', 'log-summary');
  logSummaryEl.id = 'log-summary';
  logSummaryEl.hidden = true;
  byId<HTMLDivElement>('note').after(logSummaryEl);

  let chart: LineChart | null = null;
  let placed: PlacedMarker[] = [];
  let logView: OverlayView | null = null;
  /** Which curves go on the bottom and the top x axis (planAxes), from the last draw. */
  let axes: AxisPlan = { primary: 'step', secondary: null, axisOf: new Map() };
  /** The recompute whose time was last reported (its time counts once, in the next draw). */
  let reportedCompute = 0;
  const theme = () => ctx.get().theme;

  const markerPlugin: Plugin<'line'> = {
    id: 'lrLensMarkers',
    afterDatasetsDraw(c) {
      const area = c.chartArea;
      if (!c.scales.x || !area) return;
      const th = theme();
      const g = c.ctx;
      const scaleOf = (m: PlacedMarker) => c.scales[m.xAxis] ?? c.scales.x;
      // A marker spans its own pane (the second pane's y axis is y3).
      const paneOf = (m: PlacedMarker) => (m.xAxis === 'x2' && c.scales.y3 ? c.scales.y3 : c.scales.y) ?? { top: area.top, bottom: area.bottom };
      const visible = placed
        .filter((m) => m.x >= scaleOf(m).min && m.x <= scaleOf(m).max)
        .map((m) => ({ ...m, px: Math.round(scaleOf(m).getPixelForValue(m.x)) + 0.5, top: paneOf(m).top, bottom: paneOf(m).bottom }))
        .sort((a, b) => a.px - b.px);
      g.save();
      g.font = `${Math.max(9, th.fontSize - 2)}px ${th.font}`;
      g.textBaseline = 'top';
      let labelEnd = -Infinity;
      for (const m of visible) {
        const px = m.px;
        g.strokeStyle = colorOf(th, m.colorIndex);
        g.globalAlpha = m.kind === 'milestone' ? 0.5 : 0.75;
        g.setLineDash(m.kind === 'restart' ? [2, 3] : m.kind === 'warmup' ? [6, 3] : [4, 4]);
        g.lineWidth = 1;
        g.beginPath();
        g.moveTo(px, m.top);
        g.lineTo(px, m.bottom);
        g.stroke();
        // A label only where it fits without overlapping the previous one.
        const w = g.measureText(m.label).width;
        if (px + 3 > labelEnd + 6 && px + 3 + w < area.right) {
          g.globalAlpha = 0.9;
          g.fillStyle = th.muted;
          g.fillText(m.label, px + 3, m.top + 2);
          labelEnd = px + 3 + w;
        }
      }
      g.restore();
    },
  };

  const logPlugin = divergencePlugin(() => ({
    view: logView,
    color: theme().palette[4],
    muted: theme().muted,
    font: `${Math.max(9, theme().fontSize - 2)}px ${theme().font}`,
    label: logView?.divergence.first ? t('log leaves the plan at step {0}', logView.divergence.first.step) : '',
  }));

  function xTitle(axis: 'x' | 'x2' = 'x'): string {
    const unit = axis === 'x' ? axes.primary : axes.secondary ?? axes.primary;
    return unit === 'epoch' ? t('epoch') : t('step');
  }

  let drawTimer: number | undefined;
  function scheduleDraw(): void {
    window.clearTimeout(drawTimer);
    drawTimer = window.setTimeout(() => draw(ctx.get()), 30);
  }

  function createChart(): LineChart {
    const tooltipOf = (x: number, xAxisID: string | undefined) => {
      const s = ctx.get();
      return tooltipAt(s.entries, x, xAxisID === 'x2' ? 'x2' : 'x', { xMode: s.page.xMode, hidden: new Set(s.page.hidden), t });
    };
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
          // Schedules whose unit cannot be converted to the bottom axis (epochs, steps per epoch
          // unknown): their own pane above (x2 on top, y3 stacked over y), never a second unit on one plot.
          x2: { type: 'linear', position: 'top', display: false, title: { display: true, text: t('epoch') }, ticks: { includeBounds: false }, grid: { drawOnChartArea: false } },
          y: {
            type: 'linear',
            position: 'left',
            title: { display: true, text: t('learning rate') },
            ticks: {
              callback(value, index, ticks) {
                return paneTickLabel(Number(value), index, ticks.length, { log: this.type === 'logarithmic', stacked: !!(this.options as { stack?: string }).stack, pane: 'main' });
              },
            },
          },
          // Listed after y: chart.js stacks the later axis above.
          y3: {
            type: 'linear',
            position: 'left',
            display: false,
            title: { display: true, text: t('learning rate') },
            ticks: {
              callback(value, index, ticks) {
                return paneTickLabel(Number(value), index, ticks.length, { log: this.type === 'logarithmic', stacked: !!(this.options as { stack?: string }).stack, pane: 'second' });
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
                const at = tooltipOf(items[0].parsed.x ?? 0, items[0].dataset.xAxisID);
                const parts: string[] = [];
                if (at.step !== null) parts.push(t('step {0}', formatCount(at.step)));
                if (at.epoch !== null) parts.push(t('epoch {0}', Number.isInteger(at.epoch) ? formatCount(at.epoch) : at.epoch.toFixed(2)));
                return parts.join(' · ');
              },
              label: (item) => {
                const at = tooltipOf(item.parsed.x ?? 0, item.dataset.xAxisID);
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

  function applyTheme(c: LineChart, s: State): void {
    const th = s.theme;
    Chart.defaults.color = th.fg;
    Chart.defaults.font.family = th.font;
    Chart.defaults.font.size = th.fontSize;
    for (const id of ['x', 'x2', 'y', 'y2', 'y3'] as const) {
      const sc = c.options.scales?.[id];
      if (!sc) continue;
      sc.ticks = { ...(sc.ticks ?? {}), color: th.fg };
      sc.grid = { ...(sc.grid ?? {}), color: th.grid };
      sc.border = { ...(sc.border ?? {}), color: th.grid };
      if (sc.title) (sc.title as { color?: string }).color = th.muted;
    }
    const tt = c.options.plugins?.tooltip;
    if (tt) {
      tt.backgroundColor = th.bg;
      tt.titleColor = th.fg;
      tt.bodyColor = th.fg;
      tt.borderColor = th.grid;
      tt.borderWidth = 1;
    }
  }

  function renderLogSummary(s: State): void {
    const log = s.host?.log;
    logSummaryEl.hidden = !log;
    if (!log) return;
    logSummaryEl.textContent = [overlaySummary(log, logView, t), ...log.notes].join(' ');
    logSummaryEl.classList.toggle('differs', !!logView?.divergence.first);
  }

  /** The words on the page now: the toolbar, the schedulers' diagnostics and errors (see RenderedText). */
  function renderedText(): RenderedText {
    const shown = [byId('btn-log'), byId('btn-x'), ...document.querySelectorAll<HTMLElement>('#log-summary:not([hidden]), #forms .diag, #forms .error:not([hidden])')];
    const texts = shown.map((e) => (e.textContent ?? '').slice(0, LIMITS.shortString)).slice(0, LIMITS.renderedTexts);
    return { lang: document.documentElement.lang, strings: tableSize, texts };
  }

  function draw(s: State): void {
    const t0 = performance.now();
    if (!chart) chart = createChart();
    applyTheme(chart, s);
    const { entries, page, preview, host } = s;
    const th = s.theme;
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
    const log = logScale(s);
    const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = series.map((sr) => {
      const color = colorOf(th, sr.colorIndex);
      const focused = s.focusedId === null || s.focusedId === sr.modelId;
      return {
        label: sr.label,
        data: log ? sr.points.map((p) => (p.y > 0 ? p : { x: p.x, y: NaN })) : sr.points,
        // The second pane's lr has its own y axis (y3), stacked above the main one.
        yAxisID: sr.xAxis === 'x2' && sr.axis === 'y' ? 'y3' : sr.axis,
        xAxisID: sr.xAxis,
        borderColor: color,
        backgroundColor: color,
        borderDash: sr.dash,
        borderWidth: s.focusedId === sr.modelId ? 2.5 : 1.5,
        ...(focused ? {} : { borderColor: withAlpha(color, 0.45) }),
        pointRadius: 0,
        // Row k is the lr step k + 1 trains with, held until the next row: stairs, not ramps.
        // chart.js's 'before' holds the previous point's value up to the next point ('after' jumps
        // at the previous point, drawing every change one row early).
        stepped: 'before',
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
        borderColor: th.fg,
        backgroundColor: th.fg,
        borderDash: [6, 4],
        borderWidth: 2,
        pointRadius: 0,
        stepped: 'before',
        fill: false,
      });
    }
    logView = overlayView(entries, host?.log?.overlay, page.xMode, axes.axisOf, pixels);
    let logEnd = 0;
    if (logView && !hidden.has(logView.modelId) && host?.log) {
      const lv = logView;
      const color = colorOf(th, lv.colorIndex);
      const red = th.palette[4];
      for (const p of lv.points) if (lv.xAxis === 'x') logEnd = Math.max(logEnd, p.x);
      datasets.push({
        label: t('logged: {0}', host.log.label),
        data: lv.points.map((p) => ({ x: p.x, y: log && !(p.y > 0) ? NaN : p.y })),
        xAxisID: lv.xAxis,
        yAxisID: lv.xAxis === 'x2' ? 'y3' : 'y',
        showLine: false,
        borderColor: color,
        backgroundColor: color,
        pointBackgroundColor: lv.points.map((p) => (p.differs ? red : color)),
        pointBorderColor: lv.points.map((p) => (p.differs ? red : color)),
        pointRadius: lv.points.map((p) => (p.differs ? 3.5 : 2.5)),
        fill: false,
      });
    }
    renderLogSummary(s);
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
    sc.y3!.type = log ? 'logarithmic' : 'linear';
    sc.y3!.display = axes.secondary !== null;
    // Stacked only when there is a second pane (a hidden stacked axis still takes its share).
    const stack = axes.secondary !== null ? 'panes' : undefined;
    // The bottom axis's grid lines stay in its own pane.
    sc.x!.grid = { ...(sc.x!.grid ?? {}), drawOnChartArea: axes.secondary === null };
    for (const [id, weight] of [['y', 2], ['y3', 1]] as const) {
      const o = sc[id] as { stack?: string; stackWeight?: number };
      if (stack) Object.assign(o, { stack, stackWeight: weight });
      else {
        delete o.stack;
        delete o.stackWeight;
      }
    }
    sc.y2!.display = series.some((sr) => sr.axis === 'y2');
    chart.update('none');
    const ms = performance.now() - t0;
    // A recompute's time counts in the first draw after it.
    const computeMs = s.compute && s.compute.count !== reportedCompute ? s.compute.ms : 0;
    reportedCompute = s.compute?.count ?? 0;
    const points = pointCount(series);
    const ds = document.body.dataset;
    ds.drawn = '1';
    ds.points = String(points);
    ds.renderMs = (ms + computeMs).toFixed(1);
    ds.drawMs = ms.toFixed(1);
    ds.preview = preview ? preview.label : '';
    // The x unit of each pane (the e2e reads them): one unit per pane, a second pane only for
    // schedules whose steps per epoch are unknown.
    ds.xUnit = axes.primary;
    ds.xUnit2 = axes.secondary ?? '';
    ds.xMax = String(x1.max ?? '');
    // Where the main pane's plot is on the canvas (CSS px) and its ranges, for pixel checks.
    const a = chart.chartArea;
    ds.plot = JSON.stringify({ left: a.left, right: a.right, top: chart.scales.y.top, bottom: chart.scales.y.bottom, xmin: chart.scales.x.min, xmax: chart.scales.x.max, ymin: chart.scales.y.min, ymax: chart.scales.y.max, ylog: log });
    ds.drawnIds = [...new Set(series.map((sr) => sr.modelId))].join(',');
    const overlay = renderedOverlay(logView);
    ctx.post({ type: 'rendered', datasets: datasets.length, points, ms: Math.round((ms + computeMs) * 10) / 10, text: renderedText(), ...(overlay ? { overlay } : {}) });
  }

  // ---- zoom: drag an x range, double-click to reset ----
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
    ctx.dispatch({ type: 'zoom', range: { min: v1, max: v2 } });
  });
  canvas.addEventListener('dblclick', () => ctx.dispatch({ type: 'zoom', range: null }));

  return {
    render(s, prev) {
      const now = inputs(s);
      const before = prev ? inputs(prev) : null;
      if (!before || now.some((v, i) => v !== before[i])) draw(s);
    },
    png() {
      if (!chart) return null;
      return exportPng(chart, ctx.get());
    },
  };
}
