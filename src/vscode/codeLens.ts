import * as vscode from 'vscode';
import type { AnalysisCache } from './documents';
import { EDIT_ASSUMPTIONS, SHOW_CHART } from '../core/present/hoverMarkdown';
import { localize } from '../core/l10n/translate';
import { hostT } from './l10nHost';
import { assumptionsTooltip } from '../core/present/assumptionText';
import type { LrLensSettings } from './settings';
import { assumptionsTitle, lensTitle } from '../core/present/summary';
import type { StopReason } from '../worker/client';

type LensKind = 'summary' | 'assumptions' | 'child' | 'stopped';

/** A lens that knows its scheduler; the title is filled in resolveCodeLens. */
export class SchedulerLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: string,
    readonly version: number,
    readonly findingId: number,
    readonly lensKind: LensKind,
  ) {
    super(range);
  }
}

/**
 * Lenses above every scheduler construction: the curve in one line (→ lrLens.showChart) and, when
 * the analysis assumed values, `N assumptions` (→ lrLens.editAssumptions). Schedulers nested in a
 * SequentialLR/ChainedScheduler get `part of SequentialLR` opening their parent's chart.
 */
export class LrCodeLensProvider implements vscode.CodeLensProvider<SchedulerLens> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly cache: AnalysisCache,
    private readonly settings: () => LrLensSettings,
    private readonly log: (m: string) => void,
  ) {}

  /** Ask VS Code to re-query lenses (after a re-analysis or a settings change). */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<SchedulerLens[]> {
    try {
      if (!this.settings().codeLensEnabled) return [];
      const entry = await this.cache.ready(doc);
      if (!entry) return [];
      const uri = doc.uri.toString();
      if (entry.stopped) {
        // Nothing of this text ran in the extension host: one lens saying why, at the top.
        const lens = new SchedulerLens(new vscode.Range(0, 0, 0, 0), uri, entry.version, -1, 'stopped');
        lens.command = { title: stoppedTitle(entry.stopped), tooltip: vscode.l10n.t('See the LR Lens output channel for details.'), command: '' };
        return [lens];
      }
      const lenses: SchedulerLens[] = [];
      for (const f of entry.analysis.schedulers) {
        const line = Math.min(f.range.startPos.line, doc.lineCount - 1);
        const range = new vscode.Range(line, 0, line, 0);
        if (f.parent !== null) {
          lenses.push(new SchedulerLens(range, uri, entry.version, f.id, 'child'));
          continue;
        }
        lenses.push(new SchedulerLens(range, uri, entry.version, f.id, 'summary'));
        if (f.assumptions.length > 0 || f.metricDriven) lenses.push(new SchedulerLens(range, uri, entry.version, f.id, 'assumptions'));
      }
      return lenses;
    } catch (e) {
      this.log(`provideCodeLenses failed: ${e instanceof Error ? e.stack : String(e)}`);
      return [];
    }
  }

  resolveCodeLens(lens: SchedulerLens): SchedulerLens {
    try {
      lens.command = this.commandFor(lens);
    } catch (e) {
      this.log(`resolveCodeLens failed: ${e instanceof Error ? e.stack : String(e)}`);
      lens.command = { title: vscode.l10n.t('LR Lens: open chart'), command: SHOW_CHART, arguments: [lens.uri, lens.findingId] };
    }
    return lens;
  }

  private commandFor(lens: SchedulerLens): vscode.Command {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === lens.uri);
    const entry = doc ? this.cache.get(doc) : undefined;
    const finding = entry?.analysis.schedulers.find((f) => f.id === lens.findingId);
    const args = [lens.uri, lens.findingId];
    if (!entry || !finding) return { title: vscode.l10n.t('LR Lens: open chart'), command: SHOW_CHART, arguments: args };
    switch (lens.lensKind) {
      case 'assumptions': {
        const shown = { ...finding, assumptions: this.cache.assumptionsOf(entry, finding) };
        return {
          title: assumptionsTitle(shown, hostT) ?? vscode.l10n.t('assumptions'),
          tooltip: assumptionsTooltip(shown.assumptions, hostT),
          command: EDIT_ASSUMPTIONS,
          arguments: args,
        };
      }
      case 'child': {
        const parent = entry.analysis.schedulers.find((p) => p.id === finding.parent);
        return {
          title: parent ? vscode.l10n.t('part of {0} (line {1})', parent.kind, parent.line) : vscode.l10n.t('part of a composite scheduler'),
          tooltip: vscode.l10n.t('Open the chart of the composite scheduler'),
          command: SHOW_CHART,
          arguments: [lens.uri, parent ? parent.id : finding.id],
        };
      }
      default: {
        const curve = this.cache.curve(entry, finding);
        const title = finding.active ? lensTitle(finding, curve, hostT) : vscode.l10n.t('(not reached) {0}', lensTitle(finding, curve, hostT));
        return {
          title,
          tooltip: curve.error ? `${curve.error.type}: ${localize(curve.error, hostT)}` : vscode.l10n.t('Open the learning-rate chart of {0}', finding.kind),
          command: SHOW_CHART,
          arguments: args,
        };
      }
    }
  }
}

/** `LR Lens: analysis stopped: <reason>`, in the display language. */
export function stoppedTitle(r: StopReason): string {
  switch (r.kind) {
    case 'memory':
      return vscode.l10n.t('LR Lens: analysis stopped: it needed more than {0} MB of memory', r.detail);
    case 'deadline':
      return vscode.l10n.t('LR Lens: analysis stopped: it took longer than {0} s', r.detail);
    default:
      return vscode.l10n.t('LR Lens: analysis stopped: the analysis worker failed ({0})', r.detail);
  }
}

