import * as vscode from 'vscode';
import type { AnalysisCache, CacheEntry } from './documents';
import { hostT } from './l10nHost';
import type { LrLensSettings } from './settings';
import { inlinePreviewText } from '../core/present/summary';

export interface PreviewUpdate {
  uri: string;
  version: number;
  /** performance.now() when setDecorations was called. */
  at: number;
  count: number;
  texts: string[];
}

const KEEP = 500;

/**
 * End-of-line previews after each scheduler call (`▁▄█▇▆▅▄▃▂▁ → 0`), Error Lens style. Refreshed
 * from the cache's change event (which is already debounced), so a preview lands one analysis
 * after the debounce; old decorations stay until the new set replaces them in one call (no flicker).
 */
export class InlinePreview implements vscode.Disposable {
  private readonly type: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];
  readonly updates: PreviewUpdate[] = [];

  constructor(
    private readonly cache: AnalysisCache,
    private readonly settings: () => LrLensSettings,
    private readonly log: (m: string) => void,
  ) {
    this.type = vscode.window.createTextEditorDecorationType({
      after: {
        color: new vscode.ThemeColor('editorCodeLens.foreground'),
        margin: '0 0 0 2em',
        fontStyle: 'normal',
      },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.disposables.push(
      this.type,
      cache.onDidChange((doc) => this.updateDocument(doc)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const e of editors) this.updateEditor(e);
      }),
    );
    // The editors already visible are drawn right after activation, not during it.
    const first = setTimeout(() => this.refreshAll(), 0);
    this.disposables.push({ dispose: () => clearTimeout(first) });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Re-applies (or clears) every visible editor, e.g. after the setting changed. */
  refreshAll(): void {
    for (const e of vscode.window.visibleTextEditors) this.updateEditor(e);
  }

  private updateDocument(doc: vscode.TextDocument): void {
    for (const e of vscode.window.visibleTextEditors) if (e.document === doc) this.updateEditor(e);
  }

  private async updateEditor(editor: vscode.TextEditor): Promise<void> {
    try {
      const doc = editor.document;
      if (!this.settings().inlinePreviewEnabled) {
        editor.setDecorations(this.type, []);
        return;
      }
      const version = doc.version;
      const entry = await this.cache.ready(doc);
      if (!entry || doc.isClosed || doc.version !== version) return;
      if (!this.settings().inlinePreviewEnabled) return;
      const options = this.decorations(doc, entry);
      editor.setDecorations(this.type, options);
      this.updates.push({
        uri: doc.uri.toString(),
        version: doc.version,
        at: performance.now(),
        count: options.length,
        texts: options.map((o) => String(o.renderOptions?.after?.contentText ?? '')),
      });
      if (this.updates.length > KEEP) this.updates.shift();
    } catch (e) {
      this.log(`inline preview failed: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }

  private decorations(doc: vscode.TextDocument, entry: CacheEntry): vscode.DecorationOptions[] {
    const byLine = new Map<number, string[]>();
    for (const f of entry.analysis.schedulers) {
      if (f.parent !== null) continue; // drawn as part of its composite
      const line = Math.min(f.range.endPos.line, doc.lineCount - 1);
      const text = inlinePreviewText(f, this.cache.curve(entry, f), 16, this.settings().logScale, hostT);
      const list = byLine.get(line) ?? [];
      list.push(text);
      byLine.set(line, list);
    }
    const out: vscode.DecorationOptions[] = [];
    for (const [line, texts] of [...byLine].sort((a, b) => a[0] - b[0])) {
      out.push({
        range: doc.lineAt(line).range,
        renderOptions: { after: { contentText: texts.join('   ') } },
      });
    }
    return out;
  }
}
