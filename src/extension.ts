import * as vscode from 'vscode';
import { Analyzer } from './analysis/analyze';
import { curveFor } from './analysis/curves';
import type { AnalysisResult } from './analysis/types';
import { AnalysisCache } from './analysisCache';
import { LrCodeLensProvider } from './codeLens';
import { registerInternalCommands, registerToggleCommands } from './commands';
import { LrHoverProvider } from './hover';
import { EDIT_ASSUMPTIONS, SHOW_CHART } from './hoverMarkdown';
import { InlinePreview } from './inlinePreview';
import { affects, readSettings } from './settings';

/** Python files and notebook cells (scheme vscode-notebook-cell), in any scheme: nothing is executed. */
export const PYTHON: vscode.DocumentSelector = { language: 'python' };

/** What activate() returns (the extension's exports), for tests and other extensions. */
export interface LrLensApi {
  getAnalysis(doc: vscode.TextDocument): AnalysisResult | undefined;
  /** The real chart panel is registered (not the placeholder). */
  hasChartPanel: boolean;
}

/** Activated on Python files; wires the providers and commands of LR Lens. */
export function activate(context: vscode.ExtensionContext): LrLensApi {
  const output = vscode.window.createOutputChannel('LR Lens');
  const log = (m: string) => output.appendLine(`[${new Date().toISOString()}] ${m}`);
  context.subscriptions.push(output);

  let settings = readSettings();
  const getSettings = () => settings;

  const cache = new AnalysisCache(() => new Analyzer(), (f) => curveFor(f), getSettings, log);
  const lenses = new LrCodeLensProvider(cache, getSettings, log);
  const preview = new InlinePreview(cache, getSettings, log);
  const getAnalysis = (doc: vscode.TextDocument) => {
    try {
      return cache.get(doc)?.analysis;
    } catch (e) {
      log(`getAnalysis failed: ${e instanceof Error ? e.stack : String(e)}`);
      return undefined;
    }
  };

  context.subscriptions.push(
    cache,
    lenses,
    preview,
    vscode.languages.registerCodeLensProvider(PYTHON, lenses),
    vscode.languages.registerHoverProvider(PYTHON, new LrHoverProvider(cache, getSettings, log)),
    cache.onDidChange(() => lenses.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affects(e)) return;
      settings = readSettings();
      if (affects(e, ['defaultRunLength', 'defaultDatasetSize'])) cache.invalidateAll();
      if (affects(e, ['codeLensEnabled'])) lenses.refresh();
      if (affects(e, ['inlinePreviewEnabled'])) preview.refreshAll();
    }),
    ...registerToggleCommands(),
  );
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(...registerInternalCommands(cache, preview, getSettings));
  }

  const hasChartPanel = registerPanel(context, getAnalysis, getSettings, log);
  log('LR Lens activated');
  return { getAnalysis, hasChartPanel };
}

/**
 * The chart panel (src/chartPanel.ts, another part of LR Lens) registers lrLens.showChart and
 * lrLens.editAssumptions. Until it lands, placeholders say it is coming.
 */
function registerPanel(
  context: vscode.ExtensionContext,
  _getAnalysis: (doc: vscode.TextDocument) => AnalysisResult | undefined,
  _settings: () => ReturnType<typeof readSettings>,
  _log: (m: string) => void,
): boolean {
  const soon = () => void vscode.window.showInformationMessage('LR Lens: the chart panel is not built yet.');
  context.subscriptions.push(vscode.commands.registerCommand(SHOW_CHART, soon), vscode.commands.registerCommand(EDIT_ASSUMPTIONS, soon));
  return false;
}

export function deactivate(): void {}
