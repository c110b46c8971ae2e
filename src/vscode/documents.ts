import * as vscode from 'vscode';
import { cellView, concatCells, type CellSlice } from '../core/model/cells';
import type { AnalysisResult, AnalyzeOptions, Assumption, SchedulerFinding } from '../core/model/types';
import type { Curve } from '../core/engine/spec';
import { cpuStopwatch } from './hostRuntime';
import { analyzeOptionsOf, DocumentModel, sameOverrides, type ModelInputs, type Overrides } from '../core/model/documentModel';
import type { LrLensSettings } from './settings';
import type { AnalysisWorkerClient, StopReason, VetResult } from '../worker/client';
import type { VetCurve } from '../worker/protocol';

/** An incremental analyzer (src/core/model/analyze.ts's `Analyzer`): one per document, it reuses unchanged blocks. */
export interface DocumentAnalyzer {
  analyze(source: string, options?: AnalyzeOptions): AnalysisResult;
}

export interface CacheEntry {
  uri: string;
  version: number;
  /** For notebook cells: the text analyzed (all the notebook's code cells), to detect changes elsewhere. */
  source?: string;
  analysis: AnalysisResult;
  /** The document model (src/core/model/documentModel.ts): `analysis` and its curves, read by every surface. */
  model: DocumentModel;
  /**
   * For notebook cells: the analysis of all of `source` (before the cell view; the same object for
   * every cell of one notebook version), where the cell is in `source`, and the first line of each cell.
   */
  notebook?: { full: AnalysisResult; slice: CellSlice; cellLines: number[] };
  /** The analyzer threw (logged); `analysis` is empty. */
  failed?: string;
  /** The analysis worker stopped on this text (crash, memory cap, deadline): nothing of it ran in the extension host; `analysis` is empty. */
  stopped?: StopReason;
}

/**
 * Where analyses of untrusted text run first (src/worker/client.ts): the worker analyzes and
 * simulates; only a text it finished is analyzed in the extension host, with the worker's curves.
 */
export interface Isolation {
  client: AnalysisWorkerClient;
}

export interface AnalysisTiming {
  uri: string;
  version: number;
  lines: number;
  /** Wall time of the analyze() call, ms. */
  ms: number;
  /** CPU time of the extension host process during it, ms (unaffected by other processes on a busy machine). */
  cpuMs?: number;
  /** performance.now() when it finished. */
  at: number;
  /** Why it ran: a debounced edit, a provider asking for a stale document, a settings change. */
  trigger: 'edit' | 'demand' | 'settings';
}

export interface SimulationTiming {
  uri: string;
  findingId: number;
  steps: number;
  ms: number;
}

/** Delay between the last edit and the re-analysis. */
export const DEBOUNCE_MS = 40;
/**
 * Wall-clock guard of one analysis: work budgets decide every result; past this the analysis says it
 * was too slow rather than return a partial answer that would depend on the machine's load.
 */
export const ANALYSIS_TIME_LIMIT_MS = 5_000;
const KEEP_TIMINGS = 500;

/** The one "is this a Python document" check of every surface (the analysis reads only those). */
export function isPythonDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.languageId === 'python';
}

const EMPTY: AnalysisResult = {
  schedulers: [],
  assumptions: [],
  diagnostics: [],
  timeMs: 0,
  stats: { blocks: 0, parsedBlocks: 0, reusedBlocks: 0, ops: 0 },
};

/**
 * Per-document analysis and curves, computed with the user's settings. A document is re-analyzed
 * DEBOUNCE_MS after its last change (then `onDidChange` fires), or at once when a provider asks
 * for a stale version. Notebook cells are analyzed together with the notebook's other code cells
 * (once per change of any of them, shared by all its cells), with the findings of the cell itself
 * mapped back to the cell's coordinates.
 */
export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly analyzers = new Map<string, DocumentAnalyzer>();
  /** By notebook: the last analysis of its joined code cells, reused by its other cells. */
  private readonly notebooks = new Map<string, { source: string; analysis: AnalysisResult; failed?: string }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** By analyzer key (document, or notebook): the worker's verdict on the last text it was given. */
  private readonly verdicts = new Map<string, { text: string; inputs: string; result: VetResult }>();
  private readonly inflight = new Map<string, { text: string; inputs: string; promise: Promise<VetResult> }>();
  /** By analyzer key (document, or notebook): the assumption overrides the user set (chart, assumption editor). */
  private readonly overrides = new Map<string, Overrides>();
  /**
   * By notebook: its Python code cells joined once per change (not once per cell: a 10,000-cell
   * notebook is joined once per edit), where each cell is, and the cells (by uri) in it.
   */
  private readonly nbSources = new Map<string, { text: string; slices: CellSlice[]; index: Map<string, number>; docs: vscode.TextDocument[] }>();
  /** Cell document uri → its notebook's uri (filled as notebooks are joined). */
  private readonly cellNotebooks = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.TextDocument>();
  private readonly disposables: vscode.Disposable[] = [];
  /**
   * Config files the documents' scripts read (a ds_config JSON), by document and by the path the
   * script names: their text once read (null: not readable or outside the workspace), and a
   * watcher that re-analyzes the document when the file changes.
   */
  private readonly configFiles = new Map<string, Map<string, { text: string | null; watcher?: vscode.Disposable }>>();
  readonly timings: AnalysisTiming[] = [];
  readonly simulations: SimulationTiming[] = [];
  /** Fires after a document was re-analyzed (debounced after edits, or after a settings change). */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly createAnalyzer: () => DocumentAnalyzer,
    private readonly settings: () => LrLensSettings,
    private readonly log: (message: string) => void,
    private readonly isolation?: Isolation,
  ) {
    this.disposables.push(
      this.emitter,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        if (e.document.uri.scheme === 'vscode-notebook-cell') {
          const nb = this.notebookOf(e.document);
          if (nb) this.nbSources.delete(nb.uri.toString());
        }
        for (const doc of this.affectedBy(e.document)) this.schedule(doc);
      }),
      // Cells added, removed or moved: the joined text changes.
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.contentChanges.length) this.nbSources.delete(e.notebook.uri.toString());
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const key = doc.uri.toString();
        for (const f of this.configFiles.get(key)?.values() ?? []) f.watcher?.dispose();
        this.configFiles.delete(key);
        this.entries.delete(key);
        this.analyzers.delete(key);
        this.verdicts.delete(key);
        this.overrides.delete(key);
        this.isolation?.client.forget(key);
        const t = this.timers.get(key);
        if (t) clearTimeout(t);
        this.timers.delete(key);
      }),
      vscode.workspace.onDidCloseNotebookDocument((nb) => {
        this.nbSources.delete(nb.uri.toString());
        this.analyzers.delete(nb.uri.toString());
        this.notebooks.delete(nb.uri.toString());
        this.verdicts.delete(nb.uri.toString());
        this.overrides.delete(nb.uri.toString());
        for (const f of this.configFiles.get(nb.uri.toString())?.values() ?? []) f.watcher?.dispose();
        this.configFiles.delete(nb.uri.toString());
        this.isolation?.client.forget(nb.uri.toString());
      }),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const m of this.configFiles.values()) for (const f of m.values()) f.watcher?.dispose();
    this.configFiles.clear();
    this.entries.clear();
    this.analyzers.clear();
    this.notebooks.clear();
    for (const d of this.disposables) d.dispose();
  }

  /** The up-to-date analysis of a Python document (analyzed now if stale), or undefined. */
  get(doc: vscode.TextDocument, trigger: AnalysisTiming['trigger'] = 'demand'): CacheEntry | undefined {
    if (!isPythonDocument(doc)) return undefined;
    const key = doc.uri.toString();
    const entry = this.entries.get(key);
    if (entry && entry.version === doc.version) {
      if (entry.source === undefined) return entry;
      const src = this.sourceOf(doc);
      if (src.text === entry.source) {
        // The worker stopped on this text after the entry was made here (the chart asked first): its
        // verdict wins, so no surface shows what the host computed from a text the worker refused.
        const verdict = this.verdictOf(src.notebook ?? key, src.text);
        if (!entry.stopped && verdict && !verdict.ok) return this.analyzeNow(doc, trigger);
        return entry;
      }
    }
    return this.analyzeNow(doc, trigger);
  }

  /**
   * The up-to-date analysis, its text analyzed and simulated in the worker first (Isolation): what
   * the providers use. A text the worker stopped on gives an entry with `stopped` and no findings,
   * and never runs in the extension host. Without isolation, `get`.
   */
  async ready(doc: vscode.TextDocument, trigger: AnalysisTiming['trigger'] = 'demand'): Promise<CacheEntry | undefined> {
    if (!isPythonDocument(doc)) return undefined;
    if (!this.isolation) return this.get(doc);
    for (let attempt = 0; attempt < 3; attempt++) {
      const src = this.sourceOf(doc);
      const akey = src.notebook ?? doc.uri.toString();
      await this.vet(akey, src.text);
      if (doc.isClosed) return undefined;
      // Edited while the worker ran: vet the new text (a few times at most, then the last verdict stands).
      if (this.sourceOf(doc).text === src.text) break;
    }
    return this.get(doc, trigger);
  }

  /** The worker's verdict on `text` with the document's current inputs (one request per text and inputs; a newer one of the same key replaces a queued one). */
  private vet(akey: string, text: string): Promise<VetResult> {
    const inputs = this.inputsOf(akey);
    const ikey = inputsKey(inputs);
    const known = this.verdicts.get(akey);
    if (known && known.text === text && known.inputs === ikey) return Promise.resolve(known.result);
    const running = this.inflight.get(akey);
    if (running && running.text === text && running.inputs === ikey) return running.promise;
    const iso = this.isolation as Isolation;
    const promise = iso.client.run(akey, text, inputs).then((result) => {
      if (this.inflight.get(akey)?.promise === promise) this.inflight.delete(akey);
      if (!result.ok && result.reason.kind === 'shutdown') return result;
      if (!result.ok && result.reason.kind === 'start') {
        // No worker on this platform or install: analyze here rather than show nothing.
        this.log(`${stopDetail(result.reason)}; analyzing ${akey} in the extension host`);
        const fallback: VetResult = { ok: true, curves: [], ms: 0 };
        this.verdicts.set(akey, { text, inputs: ikey, result: fallback });
        return fallback;
      }
      this.verdicts.set(akey, { text, inputs: ikey, result });
      if (!result.ok) this.log(`analysis of ${akey} stopped: ${stopDetail(result.reason)}`);
      return result;
    });
    this.inflight.set(akey, { text, inputs: ikey, promise });
    return promise;
  }

  /** The worker's verdict on exactly this text with the key's current inputs, if it gave one. */
  private verdictOf(akey: string, text: string): VetResult | undefined {
    const v = this.verdicts.get(akey);
    return v && v.text === text && v.inputs === inputsKey(this.inputsOf(akey)) ? v.result : undefined;
  }

  /**
   * The document model's inputs for an analyzer key: the user's settings, the assumption overrides
   * set for it, and the config files its script reads.
   */
  private inputsOf(akey: string): ModelInputs {
    const s = this.settings();
    return {
      defaultRunLength: s.defaultRunLength,
      defaultDatasetSize: s.defaultDatasetSize,
      simulationBudget: s.simulationBudget,
      overrides: this.overrides.get(akey) ?? {},
      // A safety net against a starved machine only: the analyzer's operation budget is what bounds
      // pathological files (deterministically); a cold analysis on a busy machine must not come back
      // truncated by the clock, which would show wrong curves.
      timeLimitMs: ANALYSIS_TIME_LIMIT_MS,
      ...this.filesOption(akey),
    };
  }

  /** The model inputs of a document (a notebook cell: its notebook's). */
  inputs(doc: vscode.TextDocument): ModelInputs {
    return this.inputsOf(this.sourceOf(doc).notebook ?? doc.uri.toString());
  }

  /** The assumption overrides set for a document (a notebook cell: for its notebook). */
  overridesOf(doc: vscode.TextDocument): Overrides {
    return this.overrides.get(this.sourceOf(doc).notebook ?? doc.uri.toString()) ?? {};
  }

  /**
   * Sets the assumption overrides of a document (the chart's assumption fields): every surface
   * re-reads its model, re-analyzed with them. Returns whether they changed.
   */
  setOverrides(doc: vscode.TextDocument, overrides: Overrides): boolean {
    const src = this.sourceOf(doc);
    const akey = src.notebook ?? doc.uri.toString();
    if (sameOverrides(this.overrides.get(akey) ?? {}, overrides)) return false;
    if (Object.keys(overrides).length) this.overrides.set(akey, { ...overrides });
    else this.overrides.delete(akey);
    if (src.notebook) {
      this.notebooks.delete(src.notebook);
      for (const d of this.affectedBy(doc)) this.entries.delete(d.uri.toString());
    } else this.entries.delete(akey);
    if (this.isolation) {
      for (const d of this.affectedBy(doc)) void this.ready(d, 'demand').then(() => this.emitter.fire(d), (e: unknown) => this.log(`re-analysis failed: ${errorText(e)}`));
    } else for (const d of this.affectedBy(doc)) this.emitter.fire(d);
    return true;
  }

  /** The cached entry without analyzing (may be stale). */
  peek(doc: vscode.TextDocument): CacheEntry | undefined {
    return this.entries.get(doc.uri.toString());
  }

  /** The curve of one finding from the entry's model, simulated on first use over the finding's natural run length. */
  curve(entry: CacheEntry, finding: SchedulerFinding): Curve {
    if (entry.model.has(finding)) return entry.model.curve(finding);
    const t0 = performance.now();
    const c = entry.model.curve(finding);
    this.simulations.push({ uri: entry.uri, findingId: finding.id, steps: finding.naturalSteps, ms: performance.now() - t0 });
    if (this.simulations.length > KEEP_TIMINGS) this.simulations.shift();
    return c;
  }

  /** The finding's assumptions plus those made while simulating it. */
  assumptionsOf(entry: CacheEntry, finding: SchedulerFinding): Assumption[] {
    this.curve(entry, finding);
    return entry.model.assumptionsOf(finding);
  }

  /** Drops every entry (settings changed) and re-analyzes the open Python documents. */
  invalidateAll(): void {
    this.entries.clear();
    this.verdicts.clear();
    this.notebooks.clear();
    for (const doc of vscode.workspace.textDocuments) {
      if (!isPythonDocument(doc)) continue;
      if (this.isolation) {
        void this.ready(doc, 'settings').then(() => this.emitter.fire(doc), (e: unknown) => this.log(`re-analysis failed: ${errorText(e)}`));
        continue;
      }
      this.analyzeNow(doc, 'settings');
      this.emitter.fire(doc);
    }
  }

  /** Re-analyzes now and notifies listeners (used by commands that change assumptions). */
  refresh(doc: vscode.TextDocument): void {
    if (!isPythonDocument(doc)) return;
    const nb = this.sourceOf(doc).notebook;
    if (nb) this.notebooks.delete(nb);
    if (this.isolation) {
      this.entries.delete(doc.uri.toString());
      void this.ready(doc).then(() => this.emitter.fire(doc), (e: unknown) => this.log(`re-analysis failed: ${errorText(e)}`));
      return;
    }
    this.analyzeNow(doc, 'demand');
    this.emitter.fire(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.set(
      key,
      setTimeout(async () => {
        this.timers.delete(key);
        if (doc.isClosed) return;
        try {
          const entry = this.entries.get(key);
          // A provider may already have analyzed this version on demand.
          const stale = !entry || entry.version !== doc.version || entry.source !== undefined;
          // Isolated: the worker sees the new text first.
          if (this.isolation) await this.ready(doc, 'edit');
          else if (stale) this.analyzeNow(doc, 'edit');
          if (!doc.isClosed) this.emitter.fire(doc);
        } catch (e) {
          this.log(`re-analysis of ${key} failed: ${errorText(e)}`);
        }
      }, DEBOUNCE_MS),
    );
  }

  /** The documents whose analysis depends on `doc`: itself, or every open cell of its notebook. */
  private affectedBy(doc: vscode.TextDocument): vscode.TextDocument[] {
    if (doc.uri.scheme !== 'vscode-notebook-cell') return isPythonDocument(doc) ? [doc] : [];
    const nb = this.notebookOf(doc);
    if (!nb) return isPythonDocument(doc) ? [doc] : [];
    return nb.getCells().map((c) => c.document).filter((d) => isPythonDocument(d) && !d.isClosed);
  }

  /** The notebook of a cell document: a map lookup once its notebook was joined, else a scan. */
  private notebookOf(doc: vscode.TextDocument): vscode.NotebookDocument | undefined {
    const known = this.cellNotebooks.get(doc.uri.toString());
    if (known) {
      const nb = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === known);
      if (nb && !nb.isClosed) return nb;
    }
    return notebookOf(doc);
  }

  /**
   * The text to analyze for a document: its own text, or for a notebook cell all the notebook's
   * Python code cells joined (src/core/model/cells.ts) and where the cell is in it.
   */
  sourceOf(doc: vscode.TextDocument): { text: string; slice?: CellSlice; slices?: CellSlice[]; notebook?: string } {
    if (doc.uri.scheme === 'vscode-notebook-cell') {
      const nb = this.notebookOf(doc);
      if (nb) {
        const key = nb.uri.toString();
        let s = this.nbSources.get(key);
        if (!s) {
          const docs = nb
            .getCells()
            .filter((c) => c.kind === vscode.NotebookCellKind.Code && isPythonDocument(c.document))
            .map((c) => c.document);
          const texts = docs.map((d) => d.getText());
          const joined = concatCells(texts, 0);
          const index = new Map(docs.map((d, i) => [d.uri.toString(), i] as [string, number]));
          for (const d of docs) this.cellNotebooks.set(d.uri.toString(), key);
          s = { text: joined.text, slices: joined.slices, index, docs };
          this.nbSources.set(key, s);
        }
        const i = s.index.get(doc.uri.toString());
        if (i !== undefined && s.docs[i] === doc) return { text: s.text, slice: s.slices[i], slices: s.slices, notebook: key };
      }
    }
    return { text: doc.getText() };
  }

  private analyzeNow(doc: vscode.TextDocument, trigger: AnalysisTiming['trigger']): CacheEntry {
    const key = doc.uri.toString();
    const src = this.sourceOf(doc);
    const inputs = this.inputsOf(src.notebook ?? key);
    const options = analyzeOptionsOf(inputs);
    const verdict = this.verdictOf(src.notebook ?? key, src.text);
    if (verdict && !verdict.ok) {
      // The worker stopped on this text: it is not run here.
      const stoppedEntry = this.entryOf(doc, src, EMPTY, inputs, undefined);
      stoppedEntry.stopped = verdict.reason;
      return stoppedEntry;
    }
    const workerCurves = verdict?.ok ? verdict.curves : undefined;
    const shared = src.notebook ? this.notebooks.get(src.notebook) : undefined;
    const entry = shared && shared.source === src.text ? this.entryOf(doc, src, shared.analysis, inputs, shared.failed, workerCurves) : undefined;
    if (entry) return entry;
    let analysis: AnalysisResult;
    let failed: string | undefined;
    const t0 = performance.now();
    const cpuMs = cpuStopwatch();
    try {
      // The cells of a notebook share one incremental analyzer: they analyze the same text.
      const analyzerKey = src.notebook ?? key;
      let analyzer = this.analyzers.get(analyzerKey);
      if (!analyzer) this.analyzers.set(analyzerKey, (analyzer = this.createAnalyzer()));
      analysis = analyzer.analyze(src.text, options);
      // An analysis that failed as a whole (the analyzer turns any throw into one diagnostic) is
      // retried once on the same incremental analyzer (its block cache survives), then from scratch.
      for (let attempt = 0; attempt < 2 && failedWhole(analysis, src.text); attempt++) {
        this.log(`analysis of ${key} failed (${analysis.diagnostics.map((d) => d.message).join('; ')}); ${attempt === 0 ? 'retrying' : 'starting over'}`);
        if (attempt === 1) this.analyzers.set(analyzerKey, (analyzer = this.createAnalyzer()));
        analysis = analyzer.analyze(src.text, options);
      }
    } catch (e) {
      failed = errorText(e);
      this.log(`analysis of ${key} failed: ${failed}`);
      analysis = EMPTY;
    }
    const t1 = performance.now();
    if (src.notebook) this.notebooks.set(src.notebook, { source: src.text, analysis, ...(failed ? { failed } : {}) });
    this.timings.push({ uri: key, version: doc.version, lines: doc.lineCount, ms: t1 - t0, ...(cpuMs ? { cpuMs: cpuMs() } : {}), at: t1, trigger });
    if (this.timings.length > KEEP_TIMINGS) this.timings.shift();
    this.readConfigFiles(doc, analysis);
    return this.entryOf(doc, src, analysis, inputs, failed, workerCurves);
  }

  /** The config files the document's script reads, as read so far (for the chart page's own analysis). */
  filesOf(doc: vscode.TextDocument): Readonly<Record<string, string>> | undefined {
    return this.inputs(doc).files;
  }

  /** The config files read so far for a document, as AnalyzeOptions.files. */
  private filesOption(key: string): { files?: Record<string, string> } {
    const m = this.configFiles.get(key);
    if (!m) return {};
    const files: Record<string, string> = {};
    for (const [p, f] of m) if (f.text !== null) files[p] = f.text;
    return Object.keys(files).length ? { files } : {};
  }

  /**
   * Reads the config files an analysis asked for that are not read yet: beside the script, inside
   * one of the workspace folders only, through the workspace file system (vscode.dev too); then
   * analyzes the document again, and again whenever one of them changes.
   */
  private readConfigFiles(doc: vscode.TextDocument, analysis: AnalysisResult): void {
    const wanted = (analysis.files ?? []).filter((f) => !f.read).map((f) => f.path);
    if (!wanted.length || doc.uri.scheme === 'untitled') return;
    const key = this.sourceOf(doc).notebook ?? doc.uri.toString();
    let known = this.configFiles.get(key);
    if (!known) this.configFiles.set(key, (known = new Map()));
    const fresh = wanted.filter((p) => !known!.has(p));
    if (!fresh.length) return;
    const dir = vscode.Uri.joinPath(doc.uri, '..');
    for (const p of fresh) known.set(p, { text: null });
    void Promise.all(
      fresh.map(async (p) => {
        if (/^([a-z]+:|\/|\\)/i.test(p)) return false; // absolute paths and URIs: not read
        const uri = vscode.Uri.joinPath(dir, p);
        const folder = vscode.workspace.getWorkspaceFolder(uri);
        if (!folder || !uri.path.startsWith(folder.uri.path)) return false;
        const entry = known!.get(p)!;
        try {
          entry.text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
        } catch {
          entry.text = null;
        }
        if (!entry.watcher) {
          const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, vscode.workspace.asRelativePath(uri, false)));
          const reread = async () => {
            try {
              entry.text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
            } catch {
              entry.text = null;
            }
            if (!doc.isClosed) this.refresh(doc);
          };
          w.onDidChange(reread);
          w.onDidCreate(reread);
          w.onDidDelete(reread);
          entry.watcher = w;
        }
        return entry.text !== null;
      }),
    ).then((read) => {
      if (read.some(Boolean) && !doc.isClosed) this.refresh(doc);
    });
  }

  /** Caches the entry of a document analyzed as `src` (a notebook cell: the cell's view of `analysis`). */
  private entryOf(
    doc: vscode.TextDocument,
    src: ReturnType<AnalysisCache['sourceOf']>,
    analysis: AnalysisResult,
    inputs: ModelInputs,
    failed: string | undefined,
    workerCurves?: VetCurve[],
  ): CacheEntry {
    const shown = src.slice ? cellView(analysis, src.slice) : analysis;
    // The worker's curves of the same text and inputs: the extension host does not simulate them again.
    const seeded: [number, { steps: number; curve: Curve; assumptions: Assumption[] }][] = [];
    if (workerCurves) {
      const byId = new Map(workerCurves.map((c) => [c.id, c]));
      for (const f of shown.schedulers) {
        const c = byId.get(f.id);
        if (c && c.kind === f.kind && c.steps === f.naturalSteps) seeded.push([f.id, { steps: c.steps, curve: c.curve, assumptions: c.assumptions }]);
      }
    }
    const entry: CacheEntry = {
      uri: doc.uri.toString(),
      version: doc.version,
      ...(src.slice ? { source: src.text } : {}),
      analysis: shown,
      model: new DocumentModel(shown, inputs, seeded),
      ...(src.slice ? { notebook: { full: analysis, slice: src.slice, cellLines: (src.slices ?? [src.slice]).map((c) => c.lineOffset) } } : {}),
      ...(failed ? { failed } : {}),
    };
    this.entries.set(entry.uri, entry);
    return entry;
  }
}

/** A stop reason in English, for the Output channel. */
export function stopDetail(r: StopReason): string {
  switch (r.kind) {
    case 'memory':
      return `it needed more than ${r.detail} MB of memory`;
    case 'deadline':
      return `it took longer than ${r.detail} s`;
    case 'start':
      return `the analysis worker could not start (${r.detail})`;
    default:
      return `the analysis worker failed (${r.detail})`;
  }
}

/** Inputs as a comparable key (what a verdict was given for). */
function inputsKey(i: ModelInputs): string {
  const files = i.files ? Object.entries(i.files).sort(([a], [b]) => (a < b ? -1 : 1)) : [];
  const overrides = Object.entries(i.overrides).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([i.defaultRunLength, i.defaultDatasetSize, i.simulationBudget, overrides, files]);
}

function failedWhole(a: AnalysisResult, source: string): boolean {
  return a.stats.blocks === 0 && source.trim() !== '' && a.diagnostics.some((d) => /^Analysis failed/.test(d.message));
}

function notebookOf(doc: vscode.TextDocument): vscode.NotebookDocument | undefined {
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === doc));
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
}
