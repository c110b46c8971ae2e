/**
 * The run's own training log, in the VS Code layer: finds it where the script writes
 * (src/core/logs/locate.ts) or takes the file the user picked with "LR Lens: Compare with a Training
 * Log…" (remembered per script in workspaceState), reads it with the pure readers, fills the
 * assumptions it answers and compares (src/core/logs/session.ts), for the chart panel; and puts a
 * diagnostic on the scheduler's line when the run left the plan by more than 1%.
 * Files are read with vscode.workspace.fs, so it also works in the web extension host.
 */
import * as vscode from 'vscode';
import type { AnalyzeOptions } from '../core/model/types';
import { localize } from '../core/l10n/translate';
import { hostT } from './l10nHost';
import { LARGE_DIFFERENCE } from '../core/logs/compare';
import { logPatterns, pickBest } from '../core/logs/locate';
import { readTrainingLog } from '../core/logs/read';
import { compareWithLog, overlayOf, type LogSession } from '../core/logs/session';
import type { ReadResult } from '../core/logs/types';
import type { LogState } from '../features/chart/protocol/messages';
import { COMMANDS } from '../core/present/commandIds';

export const COMPARE_LOG_COMMAND = COMMANDS.compareWithLog;
const STATE_KEY = 'lrLens.trainingLogs';
/** Files found per pattern, at most. */
const FIND_LIMIT = 50;

/** What the chart gets for a document: the log's state and, when compared, the analysis with the log's fills. */
export interface LogForChart {
  log: LogState;
  session?: LogSession;
}

type Remembered = Record<string, string | null>;

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

export class TrainingLogs implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('lrLens.trainingLog');
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires with the script's uri when its log choice changed, with undefined when a log file changed or appeared. */
  readonly onDidChange = this.changed.event;
  /** A run in progress rewrites its trainer_state.json / metrics.csv and appends to its event file. */
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/{trainer_state.json,metrics.csv,events.out.tfevents.*,*.csv}');
  private watchTimer: ReturnType<typeof setTimeout> | undefined;
  /** What find() found, by script and patterns; cleared when a log file changes or appears. */
  private readonly foundCache = new Map<string, { uri: vscode.Uri; from: string }[]>();
  private readonly files = new Map<string, { mtime: number; size: number; result: ReadResult }>();
  private readonly sessions = new Map<string, { key: string; value: LogForChart }>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: (m: string) => void = () => undefined,
  ) {
    const touched = () => {
      this.foundCache.clear();
      if (this.watchTimer) clearTimeout(this.watchTimer);
      this.watchTimer = setTimeout(() => this.changed.fire(undefined), 500);
    };
    this.watcher.onDidChange(touched);
    this.watcher.onDidCreate(touched);
    this.watcher.onDidDelete(touched);
  }

  private remembered(): Remembered {
    const r = this.context.workspaceState.get<Remembered>(STATE_KEY);
    return r && typeof r === 'object' ? r : {};
  }

  /** null: compare with no log; undefined: forget the choice (the log found where the script writes is used). */
  private async remember(script: vscode.Uri, logUri: vscode.Uri | null | undefined): Promise<void> {
    const all = { ...this.remembered() };
    if (logUri === undefined) delete all[script.toString()];
    else all[script.toString()] = logUri ? logUri.toString() : null;
    await this.context.workspaceState.update(STATE_KEY, all);
    this.sessions.delete(script.toString());
    this.changed.fire(script);
  }

  /** Logs where the script writes, best first (paths under the script's folder). */
  async find(script: vscode.Uri, source: string): Promise<{ uri: vscode.Uri; from: string }[]> {
    if (script.scheme === 'untitled') return [];
    const folder = vscode.Uri.joinPath(script, '..');
    const patterns = logPatterns(source);
    const cacheKey = JSON.stringify([script.toString(), patterns]);
    const cached = this.foundCache.get(cacheKey);
    if (cached) return cached;
    const out: { uri: vscode.Uri; from: string }[] = [];
    for (const p of patterns) {
      let found: vscode.Uri[];
      try {
        found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, p.glob), null, FIND_LIMIT);
      } catch {
        continue;
      }
      const byPath = new Map(found.map((u) => [u.path, u]));
      for (const path of pickBest([...byPath.keys()])) {
        const u = byPath.get(path)!;
        if (!out.some((x) => x.uri.toString() === u.toString())) out.push({ uri: u, from: p.from });
      }
    }
    if (this.foundCache.size > 100) this.foundCache.clear();
    this.foundCache.set(cacheKey, out);
    return out;
  }

  /** The log compared with a script: the user's choice, else the best one found; null when the user said none. */
  async logOf(script: vscode.Uri, source: string): Promise<{ uri: vscode.Uri; origin: LogState['origin'] } | null> {
    const r = this.remembered();
    const key = script.toString();
    if (Object.prototype.hasOwnProperty.call(r, key)) {
      const v = r[key];
      if (v === null) return null;
      try {
        return { uri: vscode.Uri.parse(v, true), origin: 'picked' };
      } catch {
        return null;
      }
    }
    const found = await this.find(script, source);
    return found.length ? { uri: found[0].uri, origin: 'found' } : null;
  }

  private async read(uri: vscode.Uri): Promise<{ result: ReadResult; mtime: number }> {
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch (e) {
      return { result: { ok: false, error: { message: vscode.l10n.t('The log file cannot be opened: {0}', e instanceof Error ? e.message : String(e)) } }, mtime: -1 };
    }
    const key = uri.toString();
    const c = this.files.get(key);
    if (c && c.mtime === stat.mtime && c.size === stat.size) return { result: c.result, mtime: stat.mtime };
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (e) {
      return { result: { ok: false, error: { message: vscode.l10n.t('The log file cannot be opened: {0}', e instanceof Error ? e.message : String(e)) } }, mtime: -1 };
    }
    const result = readTrainingLog(uri.path, bytes);
    this.files.set(key, { mtime: stat.mtime, size: stat.size, result });
    return { result, mtime: stat.mtime };
  }

  private label(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, false);
  }

  /**
   * The log for a document as the chart shows it, compared with the analysis of `text` (with the
   * page's assumption overrides). Undefined when no log is chosen or found.
   */
  async forChart(doc: vscode.TextDocument, text: string, options: AnalyzeOptions): Promise<LogForChart | undefined> {
    const chosen = await this.logOf(doc.uri, text);
    if (!chosen) {
      this.diagnostics.delete(doc.uri);
      return undefined;
    }
    const { result, mtime } = await this.read(chosen.uri);
    const base: LogState = { label: baseName(chosen.uri), path: this.label(chosen.uri), origin: chosen.origin, notes: [] };
    if (!result.ok) {
      this.diagnostics.delete(doc.uri);
      return { log: { ...base, error: localize(result.error, hostT) } };
    }
    const key = JSON.stringify([chosen.uri.toString(), mtime, doc.version, text.length, options]);
    const cached = this.sessions.get(doc.uri.toString());
    if (cached && cached.key === key) return cached.value;
    const log = result.log;
    let session: LogSession;
    try {
      session = compareWithLog(text, log, options);
    } catch (e) {
      this.log(`log comparison failed: ${e instanceof Error ? e.stack : String(e)}`);
      return { log: { ...base, error: vscode.l10n.t('The log could not be compared: {0}', e instanceof Error ? e.message : String(e)) } };
    }
    const state: LogState = { ...base, notes: log.notes.map((n) => localize(n, hostT)) };
    const overlay = overlayOf(session, log);
    if (!overlay) state.error = vscode.l10n.t('No learning-rate scheduler in this file to compare the log with.');
    else state.overlay = overlay;
    this.setDiagnostic(doc, session, base.label);
    const value: LogForChart = { log: state, session };
    this.sessions.set(doc.uri.toString(), { key, value });
    return value;
  }

  private setDiagnostic(doc: vscode.TextDocument, s: LogSession, label: string): void {
    const c = s.comparison;
    const f = c ? s.analysis.schedulers.find((x) => x.id === c.schedulerId) : undefined;
    const d = c?.divergence;
    if (!c || !f || !d || d.first === null) {
      this.diagnostics.delete(doc.uri);
      return;
    }
    const r = f.range;
    const range = new vscode.Range(r.startPos.line, r.startPos.character, r.startPos.line, doc.lineAt(Math.min(r.startPos.line, doc.lineCount - 1)).range.end.character);
    const pct = `${(d.maxRelDiff * 100).toPrecision(3)}%`;
    const diag = new vscode.Diagnostic(
      range,
      vscode.l10n.t('The training log {0} leaves this schedule at step {1} (up to {2} apart). {3}', label, d.first.step, pct, localize(d.reason.text, hostT)),
      d.maxRelDiff > LARGE_DIFFERENCE ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information,
    );
    diag.source = 'LR Lens';
    diag.code = 'training-log';
    this.diagnostics.set(doc.uri, [diag]);
  }

  /**
   * "LR Lens: Compare with a Training Log…": the logs found, any file, or stop comparing. With a
   * second argument (keybindings, other extensions, tests) no question is asked: a log uri to
   * compare with, `null` for none, `"found"` to go back to the log found where the script writes.
   */
  async pick(scriptArg?: unknown, logArg?: unknown): Promise<void> {
    const toUri = (u: unknown) => (u instanceof vscode.Uri ? u : typeof u === 'string' && u.length > 0 ? vscode.Uri.parse(u, true) : undefined);
    const script = toUri(scriptArg) ?? vscode.window.activeTextEditor?.document.uri;
    if (!script) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open the training script first: the log is compared with its schedule.'));
      return;
    }
    if (logArg !== undefined) {
      await this.remember(script, logArg === null ? null : logArg === 'found' ? undefined : toUri(logArg) ?? undefined);
      await vscode.commands.executeCommand(COMMANDS.showChart, script);
      return;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === script.toString());
    const found = doc ? await this.find(script, doc.getText()) : [];
    type Item = vscode.QuickPickItem & { action: 'file' | 'none' | 'use'; uri?: vscode.Uri };
    const items: Item[] = [
      ...found.map((f): Item => ({ label: `$(graph-line) ${this.label(f.uri)}`, description: vscode.l10n.t('where the script writes ({0})', f.from), action: 'use', uri: f.uri })),
      { label: `$(folder-opened) ${vscode.l10n.t('Choose a file…')}`, description: vscode.l10n.t('trainer_state.json, events.out.tfevents.*, metrics.csv or a W&B CSV export'), action: 'file' },
      { label: `$(close) ${vscode.l10n.t('Do not compare this script with a log')}`, action: 'none' },
    ];
    const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Compare {0} with a training log', baseName(script)), placeHolder: vscode.l10n.t('The run’s own log is drawn over the predicted curve') });
    if (!choice) return;
    if (choice.action === 'none') return this.remember(script, null);
    let target = choice.uri;
    if (choice.action === 'file') {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        defaultUri: vscode.Uri.joinPath(script, '..'),
        openLabel: vscode.l10n.t('Compare'),
        title: vscode.l10n.t('Training log to compare with {0}', baseName(script)),
      });
      target = picked?.[0];
    }
    if (!target) return;
    await this.remember(script, target);
    await vscode.commands.executeCommand(COMMANDS.showChart, script);
  }

  /** For the tests: forget every choice. */
  async forget(): Promise<void> {
    await this.context.workspaceState.update(STATE_KEY, undefined);
    this.sessions.clear();
  }

  dispose(): void {
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.watcher.dispose();
    this.diagnostics.dispose();
    this.changed.dispose();
  }
}

/** Registers the command and returns the service the chart panel uses. */
export function registerTrainingLogs(context: vscode.ExtensionContext, log: (m: string) => void): TrainingLogs {
  const logs = new TrainingLogs(context, log);
  context.subscriptions.push(logs, vscode.commands.registerCommand(COMPARE_LOG_COMMAND, (uri?: unknown, logUri?: unknown) => logs.pick(uri, logUri)));
  return logs;
}

