import * as vscode from 'vscode';
import { lintInCell } from '../core/model/cells';
import { lint, type Fix, type LintDiagnostic, type LintOptions, type LintResult } from '../core/lint/index';
import type { AnalysisResult, SchedulerFinding } from '../core/model/types';
import { isPythonDocument, type AnalysisCache, type CacheEntry } from './documents';
import { ruleSwitches, type LrLensSettings } from './settings';
import { toVsRange } from './vscodeRanges';

/** `Diagnostic.source` of everything LR Lens reports. */
export const DIAGNOSTIC_SOURCE = 'LR Lens';

/** Documents that are views of something else (diffs, SCM, output): no diagnostics there. */
const SKIPPED_SCHEMES = new Set(['git', 'gitfs', 'output', 'vscode-scm', 'conflictResolution', 'review', 'pr']);

export interface PublishedDiagnostic {
  diagnostic: vscode.Diagnostic;
  lint: LintDiagnostic;
  /** Adds `# lr-lens: ignore[rule]` to the line. */
  ignore?: Fix;
}

interface Published {
  version: number;
  items: PublishedDiagnostic[];
}

const SEVERITY: Record<LintDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * Schedule diagnostics in the Problems panel: the pure rules of src/core/lint run on
 * the shared analysis cache's result, re-published when the cache re-analyzes a document
 * (debounced edits), when one opens, and when settings change; cleared when it closes. A notebook
 * is linted once as a whole (a loop cell's step calls belong to the scheduler of an earlier cell),
 * and each cell shows the diagnostics that start in it.
 */
export class ScheduleDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('lrLens');
  private readonly published = new Map<string, Published>();
  /** The lint of a notebook's whole analysis (shared by its cells), with the rule switches it ran with. */
  private readonly notebookLints = new WeakMap<AnalysisResult, { rules: string; result: LintResult }>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly cache: AnalysisCache,
    private readonly settings: () => LrLensSettings,
    private readonly log: (message: string) => void,
  ) {
    this.disposables.push(
      this.collection,
      cache.onDidChange((doc) => this.update(doc)),
      vscode.workspace.onDidOpenTextDocument((doc) => this.update(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.clear(doc)),
    );
    // The documents already open are analyzed right after activation, not during it.
    const first = setTimeout(() => this.refreshAll(), 0);
    this.disposables.push({ dispose: () => clearTimeout(first) });
  }

  dispose(): void {
    this.published.clear();
    for (const d of this.disposables) d.dispose();
  }

  /** Re-publishes every open Python document (settings changed). */
  refreshAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.update(doc);
  }

  /** The diagnostics published for the document's current version that match `diagnostics` (from a code-action request). */
  itemsFor(doc: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]): PublishedDiagnostic[] {
    const p = this.published.get(doc.uri.toString());
    if (!p || p.version !== doc.version) return [];
    return p.items.filter((it) => diagnostics.some((d) => sameDiagnostic(d, it.diagnostic)));
  }

  async update(doc: vscode.TextDocument): Promise<void> {
    try {
      if (!isPythonDocument(doc) || doc.isClosed || SKIPPED_SCHEMES.has(doc.uri.scheme)) return;
      const s = this.settings();
      if (!s.diagnosticsEnabled) {
        this.clear(doc);
        return;
      }
      const version = doc.version;
      const entry = await this.cache.ready(doc);
      if (doc.isClosed || doc.version !== version || !this.settings().diagnosticsEnabled) return;
      if (!entry) return this.clear(doc);
      const options: LintOptions = {
        rules: ruleSwitches(s),
        onError: (rule, e) => this.log(`diagnostic rule ${rule} failed on ${doc.uri.toString()}: ${e instanceof Error ? e.stack : String(e)}`),
        // The lens's curves: the rules' numbers rest on the same model (a notebook's lint reads the whole notebook's findings).
        ...(entry.notebook ? {} : { curveOf: (f: SchedulerFinding) => entry.model.curveOf(f) }),
      };
      const result = entry.notebook ? lintInCell(this.notebookLint(entry, options), entry.source ?? '', entry.notebook.slice) : lint(entry.analysis, doc.getText(), options);
      const items = result.diagnostics.map((d, i) => ({ diagnostic: toVsDiagnostic(d), lint: d, ignore: result.ignoreFixes[i] }));
      this.published.set(doc.uri.toString(), { version: doc.version, items });
      this.collection.set(doc.uri, items.map((it) => it.diagnostic));
    } catch (e) {
      this.log(`diagnostics of ${doc.uri.toString()} failed: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }

  /** The lint of the whole notebook a cell's entry belongs to (computed once per notebook analysis and rule switches). */
  private notebookLint(entry: CacheEntry, options: LintOptions): LintResult {
    const nb = entry.notebook!;
    const rules = JSON.stringify(options.rules);
    const memo = this.notebookLints.get(nb.full);
    if (memo && memo.rules === rules) return memo.result;
    const result = lint(nb.full, entry.source ?? '', { ...options, cellLines: nb.cellLines });
    this.notebookLints.set(nb.full, { rules, result });
    return result;
  }

  clear(doc: vscode.TextDocument): void {
    this.published.delete(doc.uri.toString());
    this.collection.delete(doc.uri);
  }
}

function toVsDiagnostic(d: LintDiagnostic): vscode.Diagnostic {
  const message = vscode.l10n.t(d.messageTemplate, ...d.args);
  const diagnostic = new vscode.Diagnostic(toVsRange(d.range), message, SEVERITY[d.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.rule;
  return diagnostic;
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code !== null ? d.code.value : d.code);
  return a.source === b.source && code(a) === code(b) && a.message === b.message && a.range.isEqual(b.range);
}
