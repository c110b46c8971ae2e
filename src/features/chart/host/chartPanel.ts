/**
 * The LR Lens chart panel (host side): one webview panel that shows every scheduler of a Python
 * file, follows the active editor and the scheduler under the cursor, re-analyzes with the user's
 * assumption overrides, writes changed literal arguments back with one undoable edit, exports PNG /
 * CSV, and comes back after a reload (panel serializer + the page's setState).
 *
 * Contract (used by src/vscode/extension.ts): `registerChartPanel(context, deps)` registers the commands
 * `lrLens.showChart` and `lrLens.editAssumptions` (args: `uri?: string | Uri, schedulerId?: number`),
 * the serializer for view type `lrLens.chart`, and the editor listeners. In test mode
 * (ExtensionMode.Test) it also registers `lrLens.test.chartPanelState`, returning `PanelTestState`.
 */
import * as vscode from 'vscode';
import type { CellSlice } from '../../../core/model/cells';
import type { AnalysisResult, AnalyzeOptions } from '../../../core/model/types';
import { findingAt, type DocumentModel, type ModelInputs, type Overrides } from '../../../core/model/documentModel';
import type { LogForChart } from '../../../vscode/trainingLog';
import { bytesOfBase64, nonce } from '../../../vscode/hostRuntime';
import { ANALYSIS_TIME_LIMIT_MS, isPythonDocument } from '../../../vscode/documents';
import { planApplyToCode, STALE_MESSAGE } from '../protocol/applyEdits';
import { findingsToModels } from '../protocol/models';
import {
  assertNever,
  LIMITS,
  type AnalysisInput,
  type EditValue,
  type FocusTarget,
  type HostToWebview,
  type PreviewData,
  type RenderedOverlay,
  type RenderedText,
  type StateMessage,
  type WebviewToHost,
} from '../protocol/messages';
import { ALL_PAGE_TEMPLATES, type PageStrings } from '../protocol/pageStrings';
import { explainInvalidMessage } from '../protocol/validate';
import { localize } from '../../../core/l10n/translate';
import { hostT } from '../../../vscode/l10nHost';
import { chartCommandArgs } from '../../../vscode/commandArgs';
import { COMMANDS, INTERNAL_COMMANDS } from '../../../core/present/commandIds';

export const VIEW_TYPE = 'lrLens.chart';
export const SHOW_CHART_COMMAND = COMMANDS.showChart;
export const EDIT_ASSUMPTIONS_COMMAND = COMMANDS.editAssumptions;
export const TEST_STATE_COMMAND = INTERNAL_COMMANDS.chartPanelState;
/** Test mode only: hands a message to the panel as if its page had posted it (validated like one). */
export const TEST_RECEIVE_COMMAND = INTERNAL_COMMANDS.chartPanelReceive;

export interface ChartPanelDeps {
  /**
   * The document's model (src/core/model/documentModel.ts), shared with the lens, hover, inline preview
   * and diagnostics: its analysis with the user's settings and assumption overrides, and its curves.
   */
  model(doc: vscode.TextDocument): DocumentModel | undefined;
  /** The inputs of that model (settings, overrides, config files): what the page reruns the analysis with. */
  inputs(doc: vscode.TextDocument): ModelInputs;
  /** Sets the document's assumption overrides (edited in the chart): every surface re-reads its model. */
  setOverrides(doc: vscode.TextDocument, overrides: Overrides): void;
  /** Resolves once the analysis worker has vetted the document's text (a text it stops on is never analyzed here). */
  vetted?(doc: vscode.TextDocument): Promise<unknown>;
  logScale(): boolean;
  /** The text analyzed for a document (a notebook cell: all the notebook's code cells, and where the cell is). */
  sourceOf?(doc: vscode.TextDocument): { text: string; slice?: CellSlice };
  /** Optional log sink (the extension's output channel). */
  log?(message: string): void;
  /** The run's training log for a document (src/vscode/trainingLog.ts), compared with its analysis. */
  trainingLog?(doc: vscode.TextDocument, text: string, options: AnalyzeOptions): Promise<LogForChart | undefined>;
  /** Runs "Compare with a Training Log…" for a document. */
  pickTrainingLog?(uri: vscode.Uri): Promise<void>;
}

/** What `lrLens.test.chartPanelState` returns (integration tests only). */
export interface PanelTestState {
  open: boolean;
  visible: boolean;
  uri: string | null;
  /** The page said `ready`. */
  ready: boolean;
  /** The last `rendered` report of the page: datasets drawn, points drawn, ms (compute + draw), and its words. */
  rendered: { datasets: number; points: number; ms: number; at: number; text?: RenderedText; overlay?: RenderedOverlay } | null;
  /** How many state messages were posted. */
  statesPosted: number;
  /** Messages from the page that failed validation. */
  rejected: number;
  focus: FocusTarget;
  lastError: string | null;
  /** Label of the generator's preview drawn over the curves, if any. */
  preview?: string | null;
  /** The training log in the last state posted: its label, and why it was not drawn. */
  log?: { label: string; error?: string; overlay: boolean } | null;
  /** The assumption overrides in the last state posted (the document model's). */
  overrides?: Record<string, number | string>;
}

/** What registerChartPanel returns: the generator's live preview hook. */
export interface ChartPanelHandle {
  /** Draws `preview` dashed over the file's curves (null removes it); kept until replaced. */
  setPreview(preview: PreviewData | null): void;
  /** Re-posts the state of the shown document if it is `uri` (its training log changed), or whichever it is. */
  refresh(uri?: vscode.Uri): void;
}

/** Persisted by the page via setState; the serializer gets it back. */
interface SavedState {
  uri?: unknown;
  schedulerId?: unknown;
}

const REFRESH_DELAY_MS = 300;
const CURSOR_DELAY_MS = 120;


function toUri(u: unknown): vscode.Uri | undefined {
  if (u instanceof vscode.Uri) return u;
  if (typeof u === 'string' && u.length > 0) {
    try {
      return vscode.Uri.parse(u, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The page's templates in the display language, as JSON safe inside a <script> element. */
function pageStringsJson(): string {
  const table: PageStrings = {};
  for (const template of ALL_PAGE_TEMPLATES) table[template] = vscode.l10n.t(template);
  return JSON.stringify(table).replace(/</g, '\\u003c');
}

function baseName(uri: vscode.Uri): string {
  const p = uri.path;
  return p.slice(p.lastIndexOf('/') + 1) || uri.toString();
}

class ChartPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  uri: vscode.Uri | undefined;
  focus: FocusTarget = { schedulerId: null };
  ready = false;
  rendered: PanelTestState['rendered'] = null;
  statesPosted = 0;
  rejected = 0;
  lastError: string | null = null;
  /** Host-side overrides of callable schedules (the page cannot simulate those). */
  private callableSteps = new Map<number, number>();
  /** An undo or redo changed the document: the next state tells the page to drop its edits. */
  private resetPending = false;
  private callableParams = new Map<number, Record<string, EditValue>>();
  private lastAnalysis: { version: number; analysis: AnalysisResult } | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private preview: PreviewData | null = null;
  private lastLog: PanelTestState['log'] = null;
  private lastOverrides: Record<string, number | string> = {};

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly deps: ChartPanelDeps,
    private readonly onDispose: () => void,
  ) {
    const webview = panel.webview;
    webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    };
    panel.iconPath = undefined;
    webview.html = this.html(webview);
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => {
        // With retainContextWhenHidden off, the page reloads when shown again and says `ready`.
        if (!e.webviewPanel.visible) this.ready = false;
      }),
    );
  }

  private log(m: string): void {
    this.deps.log?.(`chart: ${m}`);
  }

  private html(webview: vscode.Webview): string {
    const n = nonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.js'));
    const css = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', 'chart.css'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${n}'`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    const t = vscode.l10n.t;
    const attr = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    return `<!DOCTYPE html>
<html lang="${attr(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>LR Lens</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="${attr(t('Chart'))}">
  <span id="title">LR Lens</span>
  <button id="btn-log" aria-pressed="false" title="${attr(t('Logarithmic or linear learning-rate axis'))}">${attr(t('Linear y'))}</button>
  <button id="btn-x" title="${attr(t('Switch the x axis between optimizer steps and epochs'))}">${attr(t('x: steps'))}</button>
  <button id="btn-reset" title="${attr(t('Reset zoom (or double-click the chart); drag across the chart to zoom'))}" disabled>${attr(t('Reset zoom'))}</button>
  <button id="btn-png" title="${attr(t('Save the chart as PNG'))}">PNG</button>
  <button id="btn-csv" title="${attr(t('Save the curves as CSV'))}">CSV</button>
  <button id="btn-revert" title="${attr(t('Discard the edits made here'))}" disabled>${attr(t('Revert'))}</button>
  <button id="btn-apply" class="primary" title="${attr(t('Write the changed literal arguments into the code (one undoable edit)'))}" disabled>${attr(t('Apply to code'))}</button>
</div>
<div id="banner" class="banner" role="alert" hidden></div>
<div id="note" hidden></div>
<div id="chart-wrap"><canvas id="lr-chart" role="img" aria-label="${attr(t('Learning-rate curves'))}"></canvas><div id="zoom-box" hidden></div></div>
<div id="legend" aria-label="${attr(t('Schedulers'))}"></div>
<div id="forms"></div>
<script type="application/json" id="lr-lens-strings">${pageStringsJson()}</script>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
  }

  private post(m: HostToWebview): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(m).then(undefined, (e: unknown) => this.log(`postMessage failed: ${String(e)}`));
  }

  private error(message: string): void {
    this.lastError = message;
    this.post({ type: 'error', message });
  }

  /** Shows `uri` (or keeps the current document), focusing a scheduler / section. */
  async show(uri: vscode.Uri | undefined, focus: FocusTarget | undefined, reveal: boolean): Promise<void> {
    if (uri && (!this.uri || uri.toString() !== this.uri.toString())) this.switchTo(uri);
    if (focus) this.focus = focus;
    if (reveal) this.panel.reveal(undefined, true);
    if (this.ready) await this.pushState();
  }

  switchTo(uri: vscode.Uri): void {
    if (this.uri?.toString() === uri.toString()) return;
    this.uri = uri;
    this.callableSteps.clear();
    this.callableParams.clear();
    this.lastAnalysis = undefined;
    this.focus = { schedulerId: null };
    this.panel.title = `LR: ${baseName(uri)}`;
  }

  private async document(): Promise<vscode.TextDocument | undefined> {
    if (!this.uri) return undefined;
    const key = this.uri.toString();
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (open) return open;
    try {
      return await vscode.workspace.openTextDocument(this.uri);
    } catch (e) {
      this.log(`cannot open ${key}: ${String(e)}`);
      return undefined;
    }
  }

  private sourceOf(doc: vscode.TextDocument): { text: string; slice?: CellSlice } {
    return this.deps.sourceOf?.(doc) ?? { text: doc.getText() };
  }

  private analysisOptions(doc: vscode.TextDocument): AnalysisInput['options'] {
    const i = this.deps.inputs(doc);
    return { defaultRunLength: i.defaultRunLength, defaultDatasetSize: i.defaultDatasetSize, timeLimitMs: i.timeLimitMs ?? ANALYSIS_TIME_LIMIT_MS, ...(i.files ? { files: { ...i.files } } : {}) };
  }

  /** What the page needs to rerun this document's analysis itself (undefined past LIMITS.sourceText). */
  private analysisInputOf(doc: vscode.TextDocument): AnalysisInput | undefined {
    const src = this.sourceOf(doc);
    if (src.text.length > LIMITS.sourceText) return undefined;
    return { text: src.text, options: this.analysisOptions(doc), ...(src.slice ? { cell: src.slice } : {}) };
  }

  /**
   * The document's model, with `assumptions` set as its overrides first when given (the page's,
   * sent with "Apply to code" or a recompute): the one every surface reads.
   */
  private async modelOf(doc: vscode.TextDocument, assumptions?: Overrides): Promise<DocumentModel | undefined> {
    if (assumptions) this.deps.setOverrides(doc, assumptions);
    // The worker sees untrusted text first: a file it stops on (crash, memory, deadline) comes back
    // empty, and nothing of it is analyzed or simulated in the extension host.
    if (this.deps.vetted) await this.deps.vetted(doc);
    const model = this.deps.model(doc);
    if (model) this.lastAnalysis = { version: doc.version, analysis: model.analysis };
    return model;
  }

  /** The analysis the chart was drawn from, when it is of this version, else the model's. */
  private async drawnAnalysis(doc: vscode.TextDocument): Promise<AnalysisResult | undefined> {
    if (this.lastAnalysis?.version === doc.version) return this.lastAnalysis.analysis;
    return (await this.modelOf(doc))?.analysis;
  }

  async pushState(): Promise<void> {
    const doc = await this.document();
    const model = doc ? await this.modelOf(doc) : undefined;
    const settings = { logScale: this.deps.logScale() };
    if (!doc || !this.uri || !model) {
      const state: StateMessage = {
        type: 'state',
        uri: this.uri?.toString() ?? 'untitled:none',
        version: 0,
        fileName: this.uri ? baseName(this.uri) : 'LR Lens',
        models: [],
        overrides: {},
        focus: { schedulerId: null },
        settings,
        note: vscode.l10n.t('Open a Python training script to see its learning-rate schedules.'),
      };
      this.post(state);
      this.statesPosted++;
      return;
    }
    const src = this.sourceOf(doc);
    const overrides = model.inputs.overrides;
    const logged = src.slice ? undefined : await this.deps.trainingLog?.(doc, src.text, { ...this.analysisOptions(doc), assumptions: { ...overrides } });
    // With a log, its session's analysis (the log's fills applied; the page reruns its analysis with
    // them too, from state.overrides), else the document's model, whose curves every surface shows.
    const analysis = logged?.session ? logged.session.analysis : model.analysis;
    if (logged?.session) this.lastAnalysis = { version: doc.version, analysis };
    const models = findingsToModels(analysis.schedulers, {
      steps: this.callableSteps,
      params: this.callableParams,
      ...(logged?.session ? {} : { curveOf: (f) => model.curve(f) }),
    });
    const overlay = logged?.log.overlay;
    const compared = overlay ? models.find((m) => m.id === overlay.schedulerId) : undefined;
    if (compared && compared.stepsPerEpoch === null && overlay?.stepsPerEpoch) compared.stepsPerEpoch = overlay.stepsPerEpoch;
    this.lastLog = logged ? { label: logged.log.label, ...(logged.log.error ? { error: logged.log.error } : {}), overlay: !!overlay } : null;
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => localize(d, hostT));
    let note: string | undefined;
    if (!models.length) {
      note = errors.length
        ? vscode.l10n.t('No schedulers found. {0}', errors[0])
        : vscode.l10n.t('No PyTorch or Hugging Face learning-rate scheduler found in this file.');
    }
    if (this.focus.schedulerId !== null && !models.some((m) => m.id === this.focus.schedulerId)) this.focus = { schedulerId: null };
    const state: StateMessage = {
      type: 'state',
      uri: doc.uri.toString(),
      version: doc.version,
      fileName: baseName(doc.uri),
      models,
      overrides: { ...(logged?.session?.filled.overrides ?? {}), ...overrides },
      focus: this.focus,
      settings,
      ...(note ? { note } : {}),
      ...(logged ? { log: logged.log } : {}),
    };
    const input = this.analysisInputOf(doc);
    if (input) state.analysisInput = input;
    if (this.resetPending) {
      state.resetEdits = true;
      this.resetPending = false;
    }
    this.lastOverrides = state.overrides;
    this.post(state);
    this.statesPosted++;
    // A section focus is one-shot.
    if (this.focus.section) this.focus = { schedulerId: this.focus.schedulerId };
  }

  /** Undo or redo in the editor: the chart goes back to the document's state (the page's edits are dropped). */
  undoneOrRedone(): void {
    this.resetPending = true;
    this.callableSteps.clear();
    this.callableParams.clear();
    this.scheduleRefresh();
  }

  /** Debounced refresh after the document or settings changed. */
  scheduleRefresh(delay = REFRESH_DELAY_MS): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.ready) void this.pushState().catch((e: unknown) => this.log(`refresh failed: ${String(e)}`));
    }, delay);
  }

  /** Focus the scheduler under the cursor (innermost call containing it). */
  cursorMoved(doc: vscode.TextDocument, position: vscode.Position): void {
    const a = this.lastAnalysis?.version === doc.version ? this.lastAnalysis.analysis : this.deps.model(doc)?.analysis;
    if (!a) return;
    const best = findingAt(a.schedulers, { offset: doc.offsetAt(position), line: position.line });
    if (!best || best.id === this.focus.schedulerId) return;
    this.focus = { schedulerId: best.id };
    if (this.ready) this.post({ type: 'focus', focus: this.focus });
  }

  settingsChanged(): void {
    if (this.ready) this.post({ type: 'settings', settings: { logScale: this.deps.logScale() } });
  }

  /** A message from the page: validated, then handled (never throws; a failure is shown in the page). */
  async receive(raw: unknown): Promise<void> {
    const { message, reason } = explainInvalidMessage(raw);
    if (!message) {
      this.rejected++;
      this.log(`rejected a message from the page: ${reason}`);
      return;
    }
    try {
      await this.handle(message);
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      this.log(`handling ${message.type} failed: ${e instanceof Error ? e.stack : text}`);
      this.error(vscode.l10n.t('LR Lens: {0}', text));
    }
  }

  private sameUri(uri: string): boolean {
    return !!this.uri && this.uri.toString() === uri;
  }

  private async handle(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (!this.uri) {
          const ed = vscode.window.activeTextEditor;
          if (isPythonDocument(ed?.document)) this.switchTo(ed.document.uri);
        }
        await this.pushState();
        if (this.preview) this.post({ type: 'preview', preview: this.preview });
        return;
      case 'applyToCode':
        await this.applyToCode(m);
        return;
      case 'recompute': {
        if (!this.sameUri(m.uri)) {
          this.error(vscode.l10n.t('The chart shows another file now; edit the assumptions again.'));
          return;
        }
        const doc = await this.document();
        if (!doc) return;
        // The page's assumptions become the document's overrides: lens, hover, inline preview and
        // diagnostics follow (pushState reads the same model).
        this.deps.setOverrides(doc, m.assumptions);
        this.callableSteps = new Map();
        this.callableParams = new Map();
        for (const o of m.overrides) {
          if (o.steps !== undefined) this.callableSteps.set(o.schedulerId, o.steps);
          if (o.params) this.callableParams.set(o.schedulerId, { ...o.params });
        }
        await this.pushState();
        return;
      }
      case 'exportCsv':
        await this.save(m.fileName, vscode.l10n.t('CSV'), ['csv'], new TextEncoder().encode(m.csv));
        return;
      case 'savePng': {
        const b64 = m.dataUrl.slice(m.dataUrl.indexOf(',') + 1);
        await this.save(m.fileName, vscode.l10n.t('PNG image'), ['png'], bytesOfBase64(b64));
        return;
      }
      case 'reveal':
        await this.reveal(m.uri, m.schedulerId, m.argument);
        return;
      case 'rendered':
        this.rendered = { datasets: m.datasets, points: m.points, ms: m.ms, at: Date.now(), ...(m.text ? { text: m.text } : {}), ...(m.overlay ? { overlay: m.overlay } : {}) };
        return;
      case 'compareLog':
        if (this.uri) await this.deps.pickTrainingLog?.(this.uri);
        return;
      case 'log':
        this.log(`page ${m.level}: ${m.message}`);
        return;
      default:
        assertNever(m);
    }
  }

  private async applyToCode(m: Extract<WebviewToHost, { type: 'applyToCode' }>): Promise<void> {
    if (!this.sameUri(m.uri)) {
      this.error(vscode.l10n.t('The chart shows another file now; nothing was changed.'));
      return;
    }
    const doc = await this.document();
    if (!doc) {
      this.error(vscode.l10n.t('The document is not open any more; nothing was changed.'));
      return;
    }
    if (doc.version !== m.version) {
      await this.pushState();
      this.error(hostT(STALE_MESSAGE));
      return;
    }
    // The analysis the page's edits refer to: with the page's own assumptions when it recomputed
    // itself, else the one the chart was drawn from (same version), else a fresh one of this text.
    const analysis = m.assumptions ? (await this.modelOf(doc, m.assumptions))?.analysis : await this.drawnAnalysis(doc);
    if (!analysis) {
      this.error(vscode.l10n.t('The document is not open any more; nothing was changed.'));
      return;
    }
    const plan = planApplyToCode(analysis, doc.getText(), doc.version, m.version, m.edits, hostT);
    if (!plan.ok) {
      if (plan.stale) await this.pushState();
      this.error(plan.message);
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const r of plan.replacements) {
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)), r.newText);
    }
    const versionBefore = doc.version;
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) {
      this.error(vscode.l10n.t('VS Code refused the edit (is the file read-only?). Nothing was changed.'));
      return;
    }
    this.log(`applied ${plan.replacements.length} argument change(s) to ${doc.uri.toString()} (v${versionBefore} → v${doc.version})`);
    this.post({ type: 'info', message: vscode.l10n.t('Applied to {0}: {1}. Undo with Ctrl+Z in the editor.', baseName(doc.uri), plan.summary) });
    await this.pushState();
  }

  private async save(fileName: string, label: string, extensions: string[], data: Uint8Array): Promise<void> {
    const folder = this.uri && this.uri.scheme !== 'untitled' ? vscode.Uri.joinPath(this.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName) } : {}),
      filters: { [label]: extensions },
      saveLabel: vscode.l10n.t('Save {0}', label),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, data);
    this.post({ type: 'info', message: vscode.l10n.t('Saved {0}.', baseName(target)) });
  }

  private async reveal(uri: string, schedulerId: number, argument?: string): Promise<void> {
    if (!this.sameUri(uri)) return;
    const doc = await this.document();
    if (!doc) return;
    const a = await this.drawnAnalysis(doc);
    const f = a?.schedulers.find((x) => x.id === schedulerId);
    if (!f) return;
    const r = (argument && f.arguments.find((x) => x.name === argument)?.range) || f.range;
    const range = new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection: range, preserveFocus: false });
  }

  setPreview(preview: PreviewData | null): void {
    if (!preview && !this.preview) return;
    this.preview = preview;
    if (this.ready) this.post({ type: 'preview', preview });
  }

  testState(): PanelTestState {
    return {
      open: !this.disposed,
      visible: !this.disposed && this.panel.visible,
      uri: this.uri?.toString() ?? null,
      ready: this.ready,
      rendered: this.rendered,
      statesPosted: this.statesPosted,
      rejected: this.rejected,
      focus: { ...this.focus },
      lastError: this.lastError,
      preview: this.preview?.label ?? null,
      log: this.lastLog,
      overrides: { ...this.lastOverrides },
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.onDispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/**
 * The cell a chart command means when a notebook has the focus and no cell editor does: the
 * selected cell when it is Python code, else the first code cell whose model has a scheduler, else
 * the first Python code cell.
 */
async function notebookCellFor(editor: vscode.NotebookEditor, deps: ChartPanelDeps): Promise<vscode.TextDocument | undefined> {
  const cells = editor.notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && isPythonDocument(c.document));
  const selected = editor.notebook.cellAt(editor.selection.start);
  if (selected && cells.includes(selected)) return selected.document;
  for (const c of cells) {
    if (deps.vetted) await deps.vetted(c.document);
    if (deps.model(c.document)?.schedulers.length) return c.document;
  }
  return cells[0]?.document;
}

/** Registers the chart panel's commands, serializer and editor listeners. */
export function registerChartPanel(context: vscode.ExtensionContext, deps: ChartPanelDeps): ChartPanelHandle {
  let current: ChartPanel | undefined;
  let preview: PreviewData | null = null;
  let lastRendered: PanelTestState['rendered'] = null;
  const log = (m: string) => deps.log?.(`chart: ${m}`);

  const adopt = (panel: vscode.WebviewPanel): ChartPanel => {
    const p = new ChartPanel(panel, context, deps, () => {
      if (current === p) {
        lastRendered = p.rendered;
        current = undefined;
      }
    });
    current = p;
    if (preview) p.setPreview(preview);
    return p;
  };

  const openChecked = async (uriArg: unknown, idArg: unknown, section?: FocusTarget['section']) => {
    const checked = chartCommandArgs(uriArg, idArg);
    if ('refused' in checked) {
      log(`refused to open the chart: ${checked.refused}`);
      return;
    }
    return open(checked.uri, checked.schedulerId, section);
  };

  const open = async (uriArg: unknown, idArg: unknown, section?: FocusTarget['section']) => {
    try {
      let uri = toUri(uriArg);
      let editor = vscode.window.activeTextEditor;
      let schedulerId = typeof idArg === 'number' && Number.isInteger(idArg) ? idArg : null;
      // In a notebook, the cell the user selected: the active text editor may be another cell's, left
      // from before, or none when the notebook itself has the focus.
      const notebook = vscode.window.activeNotebookEditor;
      if (!uri && notebook && (!editor || (editor.document.uri.scheme === 'vscode-notebook-cell' && editor.document.uri.path === notebook.notebook.uri.path))) {
        const cell = await notebookCellFor(notebook, deps);
        if (cell && cell !== editor?.document) {
          uri = cell.uri;
          editor = undefined;
        }
      }
      if (!uri && isPythonDocument(editor?.document)) {
        uri = editor.document.uri;
        if (schedulerId === null) {
          // The worker vets the text first: a file it stops on is not analyzed here to find the call under the cursor.
          if (deps.vetted) await deps.vetted(editor.document);
          const model = deps.model(editor.document);
          schedulerId = model?.findingAt({ offset: editor.document.offsetAt(editor.selection.active) })?.id ?? null;
        }
      }
      if (!current) {
        const column = editor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
        const panel = vscode.window.createWebviewPanel(
          VIEW_TYPE,
          'LR Lens',
          { viewColumn: column, preserveFocus: true },
          {
            enableScripts: true,
            retainContextWhenHidden: false,
            localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')],
          },
        );
        adopt(panel);
      }
      const focus: FocusTarget = { schedulerId, ...(section ? { section } : {}) };
      await current!.show(uri, focus, true);
    } catch (e) {
      log(`open failed: ${e instanceof Error ? e.stack : String(e)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('LR Lens: could not open the chart: {0}', e instanceof Error ? e.message : String(e)));
    }
  };

  let cursorTimer: ReturnType<typeof setTimeout> | undefined;
  let editorTimer: ReturnType<typeof setTimeout> | undefined;

  context.subscriptions.push(
    // Hover links and lenses carry these arguments in text: checked before anything is opened (src/vscode/commandArgs.ts).
    vscode.commands.registerCommand(SHOW_CHART_COMMAND, (uri?: unknown, schedulerId?: unknown) => openChecked(uri, schedulerId)),
    vscode.commands.registerCommand(EDIT_ASSUMPTIONS_COMMAND, (uri?: unknown, schedulerId?: unknown) => openChecked(uri, schedulerId, 'assumptions')),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        try {
          current?.dispose();
          const p = adopt(panel);
          const s = (state ?? {}) as SavedState;
          const uri = toUri(s.uri);
          if (uri) {
            p.switchTo(uri);
            if (typeof s.schedulerId === 'number') p.focus = { schedulerId: s.schedulerId };
          }
          // The page posts `ready` once loaded; the state follows.
        } catch (e) {
          log(`restore failed: ${String(e)}`);
        }
      },
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (!current || !isPythonDocument(editor?.document)) return;
      if (editorTimer) clearTimeout(editorTimer);
      editorTimer = setTimeout(() => {
        const doc = editor!.document;
        if (!current || current.uri?.toString() === doc.uri.toString()) return;
        // Follow the editor once the worker has vetted its text (see pushState).
        void Promise.resolve(deps.vetted?.(doc)).then(
          () => {
            if (!current || doc.isClosed || vscode.window.activeTextEditor?.document !== doc) return;
            current.switchTo(doc.uri);
            current.cursorMoved(doc, editor!.selection.active);
            current.scheduleRefresh(0);
          },
          (e: unknown) => log(`chart follow failed: ${String(e)}`),
        );
      }, 100);
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (!current || e.textEditor.document.uri.toString() !== current.uri?.toString()) return;
      if (cursorTimer) clearTimeout(cursorTimer);
      cursorTimer = setTimeout(() => {
        try {
          current?.cursorMoved(e.textEditor.document, e.textEditor.selection.active);
        } catch (err) {
          log(`cursor follow failed: ${String(err)}`);
        }
      }, CURSOR_DELAY_MS);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!current?.uri || !e.contentChanges.length) return;
      const shown = current.uri;
      // A notebook cell is analyzed with the notebook's other code cells: an edit in any of them counts.
      const sameNotebook = shown.scheme === 'vscode-notebook-cell' && e.document.uri.scheme === shown.scheme && e.document.uri.path === shown.path;
      if (e.document.uri.toString() !== shown.toString() && !sameNotebook) return;
      if (e.reason === vscode.TextDocumentChangeReason.Undo || e.reason === vscode.TextDocumentChangeReason.Redo) current.undoneOrRedone();
      else current.scheduleRefresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!current || !e.affectsConfiguration('lrLens')) return;
      if (e.affectsConfiguration('lrLens.chart.logScale')) current.settingsChanged();
      else current.scheduleRefresh();
    }),
    { dispose: () => current?.dispose() },
  );

  if (context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(
      vscode.commands.registerCommand(TEST_RECEIVE_COMMAND, async (m: unknown): Promise<boolean> => {
        if (!current) return false;
        await current.receive(m);
        return true;
      }),
      vscode.commands.registerCommand(TEST_STATE_COMMAND, (): PanelTestState => {
        if (current) return current.testState();
        return {
          open: false,
          visible: false,
          uri: null,
          ready: false,
          rendered: lastRendered,
          statesPosted: 0,
          rejected: 0,
          focus: { schedulerId: null },
          lastError: null,
        };
      }),
    );
  }
  return {
    setPreview(p: PreviewData | null) {
      preview = p;
      current?.setPreview(p);
    },
    refresh(uri?: vscode.Uri) {
      if (current && (!uri || current.uri?.toString() === uri.toString())) current.scheduleRefresh(0);
    },
  };
}
