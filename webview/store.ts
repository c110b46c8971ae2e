/**
 * The chart page's state: one object, changed only by `dispatch(action)`; the views
 * (webview/views/) render from it and dispatch actions back. The reducer (`reduce`) is pure; the
 * store adds the one computation the state carries, the page's live recompute (webview/live.ts,
 * then the training log's changes, webview/logOverlay.ts), run on the actions that need new curves.
 * Values the views need but the state does not hold (which edits differ from the code, the log
 * scale, the overrides to send the host) are selectors below.
 * Pure: no DOM, no chart.js, no timers; unit-tested in plain Node (test/unit/webview/store.test.ts).
 */
import { SIGNATURES } from '../src/core/engine/signatures';
import type {
  ArgumentEdit,
  EditValue,
  FocusTarget,
  JsonValue,
  PanelSettings,
  PreviewData,
  ScheduleModel,
  ScheduleOverride,
  StateMessage,
} from '../src/features/chart/protocol/messages';
import { LiveRecompute, type RecomputePlan } from './live';
import { applyLog } from './logOverlay';
import { epochAxisAvailable, planAxes, toCsv, type Entry, type XMode } from './viewModel';

/** What survives a reload (vscode.setState) and comes back through the panel serializer. */
export interface PageState {
  uri: string | null;
  schedulerId: number | null;
  hidden: number[];
  /** The user's choice of y axis; null: the setting, else automatic (see `logScale`). */
  logScale: boolean | null;
  xMode: XMode;
  zoom: { min: number; max: number } | null;
  /** Changed arguments per scheduler id (only those that differ from the code). */
  edits: Record<number, Record<string, EditValue>>;
  /** Changed run lengths per scheduler id. */
  steps: Record<number, number>;
  /** Assumption overrides by name. */
  assumptions: Record<string, number | string>;
  /** Top-level scheduler ids whose form the user opened (kept when the forms are rebuilt). */
  open: number[];
}

/** The editor's colours and font, read from the `--vscode-*` variables (webview/main.ts). */
export interface Theme {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  font: string;
  fontSize: number;
  palette: string[];
}

export interface Banner {
  kind: 'error' | 'info';
  message: string;
  /** Counts banners, so the same message shown twice restarts its timer. */
  seq: number;
}

/** The last live recompute: how it went and how long it took (the page's data-* attributes). */
export interface ComputeStats {
  plan: RecomputePlan;
  ms: number;
  analysisMs: number;
  /** Recomputes so far. */
  count: number;
  /** The last lr of each drawn curve by scheduler id (before the log's metric is applied). */
  lastLr: Record<number, number | null>;
}

export interface State {
  page: PageState;
  /** The host's last `state` message (null until it answers `ready`). */
  host: StateMessage | null;
  /** The models shown: the host's, or those of the page's own analysis after an assumption edit. */
  models: ScheduleModel[];
  /** One per drawn top-level model, with its curve (recomputed in the page or sent by the host). */
  entries: Entry[];
  /** The generator's schedule being chosen, drawn dashed over the curves (not saved: the host re-sends it). */
  preview: PreviewData | null;
  /** The scheduler under the cursor (drawn thicker, its form opened). */
  focusedId: number | null;
  theme: Theme;
  banner: Banner | null;
  compute: ComputeStats | null;
  /** `state` messages received. */
  states: number;
  /**
   * Bumped when the legend and the forms must be rebuilt (a new state, an assumption edit, a
   * revert, a theme change); not for argument or run-length edits, so the field being typed in
   * keeps its focus.
   */
  layout: number;
  /** Bumped when the host must recompute (`ask-host`: it sent no text for the page to analyze). */
  hostRequests: number;
}

export type Action =
  | { type: 'hostState'; state: StateMessage }
  | { type: 'focus'; focus: FocusTarget }
  | { type: 'settings'; settings: PanelSettings }
  | { type: 'preview'; preview: PreviewData | null }
  | { type: 'banner'; kind: Banner['kind']; message: string }
  | { type: 'dismissBanner' }
  | { type: 'theme'; theme: Theme }
  | { type: 'setVisible'; schedulerId: number; visible: boolean }
  /** A scheduler's form opened or closed (by the user or a focus). */
  | { type: 'setOpen'; schedulerId: number; open: boolean }
  | { type: 'toggleLogScale' }
  | { type: 'toggleXMode' }
  | { type: 'zoom'; range: { min: number; max: number } | null }
  /** An argument typed in a form; `undefined` (or the code's value) removes the edit. */
  | { type: 'editArgument'; schedulerId: number; name: string; value: EditValue | undefined }
  | { type: 'editSteps'; schedulerId: number; steps: number }
  /** An assumption of scheduler `schedulerId` set in its form (its shown value removes the override). */
  | { type: 'editAssumption'; schedulerId: number; name: string; value: number | string }
  | { type: 'revert' }
  /** Recompute the curves with the edits so far (debounced by the page after typing). */
  | { type: 'recompute' };

export type Listener = (state: State, prev: State, action: Action) => void;

export const DEFAULT_THEME: Theme = {
  fg: '#cccccc',
  muted: '#cccccc',
  grid: 'rgba(128,128,128,0.35)',
  bg: '#1e1e1e',
  font: 'sans-serif',
  fontSize: 12,
  palette: ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'],
};

/** A saved page state (anything from vscode.getState), checked field by field. */
export function pageStateFrom(saved: unknown): PageState {
  const s = (saved && typeof saved === 'object' ? saved : undefined) as Partial<PageState> | undefined;
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
    open: Array.isArray(s?.open) ? s.open.filter((x) => typeof x === 'number') : [],
  };
}

export function initialState(page: PageState, theme: Theme = DEFAULT_THEME): State {
  return {
    page,
    host: null,
    models: [],
    entries: [],
    preview: null,
    focusedId: page.schedulerId,
    theme,
    banner: null,
    compute: null,
    states: 0,
    layout: 0,
    hostRequests: 0,
  };
}

// ---- selectors ----------------------------------------------------------------------------------

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const topLevel = (s: Pick<State, 'models'>): ScheduleModel[] => s.models.filter((m) => m.parent === null);
export const modelById = (s: Pick<State, 'models'>, id: number): ScheduleModel | undefined => s.models.find((m) => m.id === id);

/** The top-level model a (possibly nested) model is drawn in. */
export function rootOf(s: Pick<State, 'models'>, m: ScheduleModel): ScheduleModel {
  let r = m;
  for (let i = 0; i < 10 && r.parent !== null; i++) r = modelById(s, r.parent) ?? r;
  return r;
}

/** The value the code gives an argument: written, resolved, or the signature's default. */
export function originalArg(m: ScheduleModel, name: string): JsonValue | undefined {
  const src = m.spec?.args ?? m.params;
  if (Object.prototype.hasOwnProperty.call(src, name)) return src[name];
  const p = SIGNATURES[m.kind]?.params.find((x) => x.name === name);
  return p && 'default' in p ? (p.default as JsonValue) : undefined;
}

/** The argument edits that differ from the code ("Apply to code" writes these). */
export function changedEdits(s: Pick<State, 'page' | 'models'>): ArgumentEdit[] {
  const out: ArgumentEdit[] = [];
  for (const [id, params] of Object.entries(s.page.edits)) {
    const m = modelById(s, Number(id));
    if (!m) continue;
    for (const [argument, value] of Object.entries(params)) {
      if (!same(value, originalArg(m, argument))) out.push({ schedulerId: m.id, argument, value });
    }
  }
  return out;
}

/** Whether there is anything for Revert to discard. */
export function canRevert(s: Pick<State, 'page' | 'models'>): boolean {
  return changedEdits(s).length > 0 || Object.keys(s.page.steps).length > 0 || Object.keys(s.page.assumptions).length > 0;
}

export const colorOf = (theme: Theme, i: number): string => theme.palette[i % theme.palette.length];

/** autoLogScale's answers per entries array (a new recompute makes a new array) and hidden set. */
const autoLogMemo = new WeakMap<readonly Entry[], Map<string, boolean>>();

/**
 * Whether the drawn curves' peak learning rates differ by 100× or more (then a linear axis shows
 * the smaller ones as flat lines on its floor).
 */
export function autoLogScale(entries: readonly Entry[], hidden: readonly number[]): boolean {
  const key = hidden.join(',');
  let memo = autoLogMemo.get(entries);
  const known = memo?.get(key);
  if (known !== undefined) return known;
  const h = new Set(hidden);
  let lo = Infinity;
  let hi = 0;
  for (const e of entries) {
    if (h.has(e.model.id)) continue;
    let peak = 0;
    const lr = e.curve.lr;
    for (let i = 0; i < lr.length; i++) if (lr[i] > peak) peak = lr[i];
    if (peak > 0) {
      lo = Math.min(lo, peak);
      hi = Math.max(hi, peak);
    }
  }
  const value = hi > 0 && hi / lo >= 100;
  if (!memo) autoLogMemo.set(entries, (memo = new Map()));
  memo.set(key, value);
  return value;
}

/** Log y when the user chose it (toggle, else the lrLens.chart.logScale setting), else automatic. */
export function logScale(s: Pick<State, 'page' | 'host' | 'entries'>): boolean {
  if (s.page.logScale !== null) return s.page.logScale;
  if (s.host?.settings.logScale) return true;
  return autoLogScale(s.entries, s.page.hidden);
}

/** Whether the log scale is on only because of the peaks (the toolbar says "auto"). */
export function logScaleIsAuto(s: Pick<State, 'page' | 'host' | 'entries'>): boolean {
  return s.page.logScale === null && !s.host?.settings.logScale && logScale(s);
}

export const epochAxisOk = (s: Pick<State, 'models'>): boolean => epochAxisAvailable(topLevel(s));

/** The x unit of the chart's main pane: the x mode's, unless none of the drawn curves can be shown in it. */
export const shownXUnit = (s: Pick<State, 'models' | 'page'>): XMode => planAxes(topLevel(s), s.page.xMode, new Set(s.page.hidden)).primary;

/** Scheduler ids whose curve the page's argument or run-length edits change (not yet in the code). */
export function editedIds(s: Pick<State, 'page' | 'models'>): Set<number> {
  const ids = new Set<number>();
  for (const e of changedEdits(s)) {
    const m = modelById(s, e.schedulerId);
    if (m) ids.add(rootOf(s, m).id);
  }
  for (const id of Object.keys(s.page.steps)) ids.add(Number(id));
  return ids;
}

/**
 * The CSV export: the curves of what the code does (the document's assumptions included, the
 * page's argument and run-length edits not), then — when there are such edits — the edited curves
 * as a separate set of columns marked "(edited: not applied)". Hidden schedulers are left out.
 */
export function exportCsv(s: State, live: LiveRecompute): string {
  const hidden = new Set(s.page.hidden);
  const edited = editedIds(s);
  if (!s.host || edited.size === 0) return toCsv(s.entries, hidden);
  const r = live.compute(s.host, { edits: {}, steps: {}, assumptions: s.page.assumptions });
  const code = applyLog(r.models, r.entries, s.host.log?.overlay, {}).entries;
  return toCsv(code, hidden, s.entries.filter((e) => edited.has(e.model.id)));
}

/**
 * The page's overrides of callable specs for the host to simulate (the round trip used only when
 * the host sent no text to analyze).
 */
export function hostOverrides(s: Pick<State, 'page' | 'models'>): ScheduleOverride[] {
  const overrides: ScheduleOverride[] = [];
  for (const m of topLevel(s)) {
    if (m.spec !== null) continue;
    const o: ScheduleOverride = { schedulerId: m.id };
    if (s.page.steps[m.id] !== undefined) o.steps = s.page.steps[m.id];
    if (s.page.edits[m.id]) o.params = s.page.edits[m.id];
    if (o.steps !== undefined || o.params) overrides.push(o);
  }
  return overrides;
}

/** The `recompute` message for the host, or null before the first state. */
export function hostRecomputeMessage(s: State) {
  if (!s.host) return null;
  return { type: 'recompute' as const, uri: s.host.uri, version: s.host.version, assumptions: s.page.assumptions, overrides: hostOverrides(s) };
}

/** The `applyToCode` message for the changed edits, or null when none differ from the code. */
export function applyMessage(s: State) {
  if (!s.host) return null;
  const edits = changedEdits(s);
  if (!edits.length) return null;
  // With the page's own analysis the host plans against the same findings (same assumptions).
  const assumptions = s.host.analysisInput ? { assumptions: { ...s.page.assumptions } } : {};
  return { type: 'applyToCode' as const, uri: s.host.uri, version: s.host.version, edits, ...assumptions };
}

// ---- reducer ------------------------------------------------------------------------------------

function withoutKey<V>(o: Record<number, V>, id: number): Record<number, V> {
  const out = { ...o };
  delete out[id];
  return out;
}

/**
 * The top-level schedulers in branches the analysis found not taken (`active: false`): listed in
 * the legend but unticked, so a file that picks one of several schedulers shows the one it runs.
 * When no branch is taken (nothing known runs), all are drawn.
 */
export function untakenBranches(models: readonly ScheduleModel[]): number[] {
  const top = models.filter((m) => m.parent === null);
  if (!top.some((m) => m.active)) return [];
  return top.filter((m) => !m.active).map((m) => m.id);
}

function onHostState(s: State, msg: StateMessage): State {
  let page: PageState;
  let banner = s.banner;
  if (s.page.uri !== msg.uri) {
    banner = null; // a message about the previous file
    page = { ...s.page, uri: msg.uri, schedulerId: null, hidden: untakenBranches(msg.models), open: [], zoom: null, edits: {}, steps: {}, assumptions: { ...msg.overrides } };
  } else {
    // Keep the page's edits for schedulers that still exist.
    const ids = new Set(msg.models.map((m) => m.id));
    const keep = <V>(o: Record<number, V>) => Object.fromEntries(Object.entries(o).filter(([k]) => ids.has(Number(k)))) as Record<number, V>;
    page = { ...s.page, edits: keep(s.page.edits), steps: keep(s.page.steps), hidden: s.page.hidden.filter((x) => ids.has(x)), open: s.page.open.filter((x) => ids.has(x)), assumptions: { ...msg.overrides, ...s.page.assumptions } };
    // Undo or redo in the editor: the document's state, not the edits made here before it.
    if (msg.resetEdits) page = { ...page, edits: {}, steps: {}, assumptions: { ...msg.overrides } };
  }
  let focusedId = s.focusedId;
  if (msg.focus.schedulerId !== null) focusedId = msg.focus.schedulerId;
  else if (focusedId !== null && !msg.models.some((m) => m.id === focusedId)) focusedId = null;
  // A focus with a section (the assumptions lens) is applied as a `focus` action too.
  if (msg.focus.section) focusedId = msg.focus.schedulerId;
  page.schedulerId = focusedId;
  if (page.xMode === 'epoch' && !epochAxisAvailable(msg.models.filter((m) => m.parent === null))) page.xMode = 'step';
  return { ...s, page, banner, host: msg, models: msg.models, focusedId, states: s.states + 1, layout: s.layout + 1 };
}

/** The next state (pure; the store recomputes curves after the actions `needsRecompute` names). */
export function reduce(s: State, a: Action): State {
  switch (a.type) {
    case 'hostState':
      return onHostState(s, a.state);
    case 'focus':
      return { ...s, focusedId: a.focus.schedulerId, page: { ...s.page, schedulerId: a.focus.schedulerId } };
    case 'settings':
      return s.host ? { ...s, host: { ...s.host, settings: a.settings } } : s;
    case 'preview':
      return { ...s, preview: a.preview };
    case 'banner':
      return { ...s, banner: { kind: a.kind, message: a.message, seq: (s.banner?.seq ?? 0) + 1 } };
    case 'dismissBanner':
      return s.banner ? { ...s, banner: null } : s;
    case 'theme':
      return { ...s, theme: a.theme, layout: s.layout + 1 };
    case 'setVisible': {
      const hidden = s.page.hidden.filter((x) => x !== a.schedulerId);
      return { ...s, page: { ...s.page, hidden: a.visible ? hidden : [...hidden, a.schedulerId] } };
    }
    case 'setOpen': {
      if (s.page.open.includes(a.schedulerId) === a.open) return s;
      const open = a.open ? [...s.page.open, a.schedulerId] : s.page.open.filter((x) => x !== a.schedulerId);
      return { ...s, page: { ...s.page, open } };
    }
    case 'toggleLogScale':
      return { ...s, page: { ...s.page, logScale: !logScale(s) } };
    case 'toggleXMode':
      // Switches the unit shown, so the button never looks dead when every drawn curve is in epochs.
      return { ...s, page: { ...s.page, xMode: shownXUnit(s) === 'step' ? 'epoch' : 'step', zoom: null } };
    case 'zoom':
      return { ...s, page: { ...s.page, zoom: a.range } };
    case 'editArgument': {
      const m = modelById(s, a.schedulerId);
      if (!m) return s;
      const cur = { ...(s.page.edits[m.id] ?? {}) };
      if (a.value === undefined || same(a.value, originalArg(m, a.name))) delete cur[a.name];
      else cur[a.name] = a.value;
      const edits = Object.keys(cur).length ? { ...s.page.edits, [m.id]: cur } : withoutKey(s.page.edits, m.id);
      return { ...s, page: { ...s.page, edits } };
    }
    case 'editSteps': {
      const m = modelById(s, a.schedulerId);
      if (!m || !Number.isInteger(a.steps) || a.steps < 0 || a.steps > 10_000_000) return s;
      const steps = a.steps === m.steps ? withoutKey(s.page.steps, m.id) : { ...s.page.steps, [m.id]: a.steps };
      return { ...s, page: { ...s.page, steps } };
    }
    case 'editAssumption': {
      const shown = modelById(s, a.schedulerId)?.assumptions.find((x) => x.name === a.name);
      const assumptions = { ...s.page.assumptions };
      if (shown && same(a.value, shown.value) && !shown.overridden) delete assumptions[a.name];
      else assumptions[a.name] = a.value;
      return { ...s, page: { ...s.page, assumptions }, layout: s.layout + 1 };
    }
    case 'revert':
      return { ...s, page: { ...s.page, edits: {}, steps: {}, assumptions: {} }, layout: s.layout + 1 };
    case 'recompute':
      return s;
  }
}

/** The actions after which the curves are recomputed at once (argument and run-length edits wait for `recompute`). */
export function needsRecompute(a: Action): boolean {
  return a.type === 'hostState' || a.type === 'editAssumption' || a.type === 'revert' || a.type === 'recompute';
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** One state, its reducer, the live recompute and the listeners (the views and the page's effects). */
export class Store {
  private state: State;
  private readonly listeners: Listener[] = [];

  constructor(
    initial: State,
    /** The page's analysis and engine (keeps its analysis between edits). */
    readonly live: LiveRecompute = new LiveRecompute(),
  ) {
    this.state = initial;
  }

  get(): State {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  dispatch(action: Action): void {
    const prev = this.state;
    let next = reduce(prev, action);
    if (needsRecompute(action)) next = this.recompute(next, action);
    this.state = next;
    for (const l of [...this.listeners]) l(next, prev, action);
  }

  /**
   * Recomputes every curve (webview/live.ts decides how: the engine, or a rerun of the bundled
   * analysis for assumptions and Python callables), then applies the training log. Asks the host
   * (`hostRequests`) when it sent no text to analyze, when an assumption was edited (the host's
   * document model takes it), or when a revert must drop overrides the host had applied.
   */
  private recompute(s: State, action: Action): State {
    if (!s.host) return s;
    const t0 = now();
    const r = this.live.compute(s.host, s.page);
    // The training log's steps per epoch, filled reasons and logged metric (webview/logOverlay.ts).
    const { models, entries } = applyLog(r.models, r.entries, s.host.log?.overlay, s.page.steps);
    const compute: ComputeStats = {
      plan: r.plan,
      ms: now() - t0,
      analysisMs: r.analysisMs,
      count: (s.compute?.count ?? 0) + 1,
      lastLr: Object.fromEntries(r.entries.map((e) => [e.model.id, e.curve.lr[e.curve.lr.length - 1] ?? null])),
    };
    // An assumption edited here is the document's (one model for every surface): the host gets it,
    // and the lens, hover, inline preview and diagnostics follow.
    const askHost =
      action.type !== 'hostState' &&
      (r.plan === 'ask-host' || action.type === 'editAssumption' || (action.type === 'revert' && Object.keys(s.host.overrides).length > 0));
    return { ...s, models, entries, compute, hostRequests: s.hostRequests + (askHost ? 1 : 0) };
  }
}
