// The chart page of LR Lens. Runs in the webview (browser, strict CSP, no network). Wires the host's
// messages to the store (webview/store.ts: one state, dispatch → the views re-render) and the views
// (webview/views/: toolbar, legend, forms, chart) back to the host. The page recomputes curves
// itself as fields are edited (webview/live.ts); pure logic lives in store.ts, live.ts,
// viewModel.ts and logOverlay.ts (unit-tested in plain Node).
import { assertNever, type HostToWebview, type WebviewToHost } from '../src/features/chart/protocol/messages';
import { t } from './strings';
import { DEFAULT_THEME, exportCsv, hostRecomputeMessage, initialState, pageStateFrom, Store, type Action, type State, type Theme } from './store';
import { chartView } from './views/chart';
import type { View, ViewContext } from './views/dom';
import { formsView } from './views/forms';
import { legendView } from './views/legend';
import { toolbarView } from './views/toolbar';

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

/** The editor's colours and font from VS Code's `--vscode-*` variables. */
function readTheme(): Theme {
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  const d = DEFAULT_THEME;
  const fg = v('--vscode-editor-foreground', d.fg);
  return {
    fg,
    muted: v('--vscode-descriptionForeground', fg),
    grid: v('--vscode-editorWidget-border', v('--vscode-panel-border', d.grid)),
    bg: v('--vscode-editor-background', d.bg),
    font: v('--vscode-font-family', d.font),
    fontSize: parseFloat(v('--vscode-font-size', String(d.fontSize))) || d.fontSize,
    palette: ['blue', 'orange', 'green', 'purple', 'red', 'yellow'].map((c, i) => v(`--vscode-charts-${c}`, d.palette[i])),
  };
}

const store = new Store(initialState(pageStateFrom(vscode.getState()), readTheme()));
const ctx: ViewContext = { get: () => store.get(), dispatch: (a) => store.dispatch(a), post };
const chart = chartView(ctx);
// The chart goes last: its `rendered` report reads the toolbar's and the forms' words.
const views: View[] = [toolbarView(ctx, { png: () => chart.png(), csv: (s) => exportCsv(s, store.live) }), legendView(ctx), formsView(ctx), chart];

// ---- effects: saved state, probes for the tests, timers, the host round trip ----

let localTimer: number | undefined;
let hostTimer: number | undefined;

function effects(s: State, prev: State, a: Action): void {
  if (s.page !== prev.page) vscode.setState(s.page);
  const ds = document.body.dataset;
  if (s.states !== prev.states) ds.states = String(s.states);
  if (s.compute && s.compute !== prev.compute) {
    ds.computeMs = s.compute.ms.toFixed(1);
    ds.analysisMs = s.compute.analysisMs.toFixed(1);
    ds.plan = s.compute.plan;
    ds.recomputes = String(s.compute.count);
    ds.lastLr = JSON.stringify(s.compute.lastLr);
  }
  if (a.type === 'hostState' || (a.type === 'banner' && a.kind === 'error')) document.body.classList.remove('busy');
  // Argument and run-length edits recompute once typing pauses.
  if (a.type === 'editArgument' || a.type === 'editSteps') {
    window.clearTimeout(localTimer);
    localTimer = window.setTimeout(() => store.dispatch({ type: 'recompute' }), 60);
  }
  // Only when the host sent no text to analyze (a file over LIMITS.sourceText): it re-analyzes.
  if (s.hostRequests !== prev.hostRequests) {
    window.clearTimeout(hostTimer);
    hostTimer = window.setTimeout(() => {
      const m = hostRecomputeMessage(store.get());
      if (!m) return;
      document.body.classList.add('busy');
      post(m);
    }, 200);
  }
}

store.subscribe((s, prev, a) => {
  effects(s, prev, a);
  for (const v of views) v.render(s, prev, a);
});

// ---- host messages ----

function toAction(msg: HostToWebview): Action {
  switch (msg.type) {
    case 'state':
      return { type: 'hostState', state: msg };
    case 'focus':
      return { type: 'focus', focus: msg.focus };
    case 'error':
      return { type: 'banner', kind: 'error', message: msg.message };
    case 'info':
      return { type: 'banner', kind: 'info', message: msg.message };
    case 'settings':
      return { type: 'settings', settings: msg.settings };
    case 'preview':
      return { type: 'preview', preview: msg.preview };
    default:
      return assertNever(msg);
  }
}

window.addEventListener('message', (ev: MessageEvent) => {
  const msg = ev.data as HostToWebview;
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
  try {
    store.dispatch(toAction(msg));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    store.dispatch({ type: 'banner', kind: 'error', message: t('The chart failed: {0}', message) });
    post({ type: 'log', level: 'error', message: `page: ${message}`.slice(0, 8000) });
  }
});

// Theme changes: VS Code swaps body classes (vscode-light / vscode-dark / vscode-high-contrast).
// (The page's own `busy` class changes no colour: then nothing is redrawn.)
new MutationObserver(() => {
  const theme = readTheme();
  if (JSON.stringify(theme) !== JSON.stringify(store.get().theme)) store.dispatch({ type: 'theme', theme });
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// Draw empty axes right away (the host answers `ready` with the state).
for (const v of views) v.render(store.get(), null, null);
post({ type: 'ready' });
