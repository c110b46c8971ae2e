import * as vscode from 'vscode';
import type { AnalysisCache } from './documents';
import { EDIT_ASSUMPTIONS, SHOW_CHART, hoverMarkdown } from '../core/present/hoverMarkdown';
import { hostT } from './l10nHost';
import type { LrLensSettings } from './settings';
import { toVsRange } from './vscodeRanges';

/** Hover on a scheduler call: sparkline, peak/final lr, warm-up end, arguments, assumptions, links. */
export class LrHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly cache: AnalysisCache,
    private readonly settings: () => LrLensSettings,
    private readonly log: (m: string) => void,
  ) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    try {
      const entry = await this.cache.ready(doc);
      if (!entry) return undefined;
      const finding = entry.model.findingAt({ offset: doc.offsetAt(pos) });
      if (!finding) return undefined;
      const curve = this.cache.curve(entry, finding);
      const shown = { ...finding, assumptions: this.cache.assumptionsOf(entry, finding) };
      // A notebook cell's line numbers count within the cell: say which cell.
      const cell = vscode.workspace.notebookDocuments.flatMap((nb) => nb.getCells()).find((c) => c.document === doc);
      const md = new vscode.MarkdownString(
        hoverMarkdown(doc.uri.toString(), shown, curve, { logScale: this.settings().logScale, t: hostT, ...(cell ? { cell: cell.index + 1 } : {}) }),
      );
      md.isTrusted = { enabledCommands: [SHOW_CHART, EDIT_ASSUMPTIONS] };
      md.supportHtml = false;
      return new vscode.Hover(md, toVsRange(finding.range));
    } catch (e) {
      this.log(`provideHover failed: ${e instanceof Error ? e.stack : String(e)}`);
      return undefined;
    }
  }
}
