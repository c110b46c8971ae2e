import * as vscode from 'vscode';
import { Analyzer } from './analysis/analyze';
import { curveFor } from './analysis/curves';
import type { AnalysisResult } from './analysis/types';
import { AnalysisCache } from './analysisCache';
import { registerChartPanel } from './chartPanel';
import { LrCodeLensProvider } from './codeLens';
import { registerInternalCommands, registerToggleCommands } from './commands';
import { ScheduleDiagnostics } from './diagnostics';
import { registerGenerator } from './generator';
import { LrHoverProvider } from './hover';
import { InlinePreview } from './inlinePreview';
import { registerOpenSample } from './openSample';
import { ScheduleQuickFixes } from './quickFixes';
import { affects, readSettings, RULE_SETTINGS } from './settings';

/** Python files and notebook cells (scheme vscode-notebook-cell), in any scheme: nothing is executed. */
export const PYTHON: vscode.DocumentSelector = { language: 'python' };

/** What activate() returns (the extension's exports), for tests and other extensions. */
export interface LrLensApi {
  getAnalysis(doc: vscode.TextDocument): AnalysisResult | undefined;
  /** The chart panel is registered (src/chartPanel.ts). */
  hasChartPanel: boolean;
}

/** Duration of the last activate() call, ms (reported by `npm run bench` through lrLens.internal.stats). */
let activationMs: number | undefined;

/** Activated on Python files; wires the providers and commands of LR Lens. */
export function activate(context: vscode.ExtensionContext): LrLensApi {
  const activateStart = performance.now();
  const output = vscode.window.createOutputChannel('LR Lens');
  const log = (m: string) => output.appendLine(`[${new Date().toISOString()}] ${m}`);
  context.subscriptions.push(output);

  let settings = readSettings();
  const getSettings = () => settings;

  const cache = new AnalysisCache(() => new Analyzer(), (f) => curveFor(f, { perBatch: true }), getSettings, log);
  const lenses = new LrCodeLensProvider(cache, getSettings, log);
  const preview = new InlinePreview(cache, getSettings, log);
  const diagnostics = new ScheduleDiagnostics(cache, getSettings, log);
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
    diagnostics,
    vscode.languages.registerCodeActionsProvider(PYTHON, new ScheduleQuickFixes(diagnostics, log), ScheduleQuickFixes.metadata),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affects(e)) return;
      settings = readSettings();
      if (affects(e, ['defaultRunLength', 'defaultDatasetSize'])) cache.invalidateAll();
      if (affects(e, ['codeLensEnabled'])) lenses.refresh();
      if (affects(e, ['inlinePreviewEnabled', 'logScale'])) preview.refreshAll();
      if (affects(e, ['diagnosticsEnabled', ...Object.values(RULE_SETTINGS)])) diagnostics.refreshAll();
    }),
    ...registerToggleCommands(),
    registerOpenSample(context.extensionUri),
  );
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(...registerInternalCommands(cache, preview, getSettings, () => activationMs));
  }

  // The chart panel registers lrLens.showChart, lrLens.editAssumptions and the lrLens.chart serializer.
  const chart = registerChartPanel(context, {
    getAnalysis,
    settings: () => ({ logScale: settings.logScale, defaultRunLength: settings.defaultRunLength, defaultDatasetSize: settings.defaultDatasetSize }),
    sourceOf: (doc) => cache.sourceOf(doc),
    filesOf: (doc) => cache.filesOf(doc),
    log,
  });
  // lrLens.generateScheduler and lrLens.changeScheduler, previewing in the chart panel.
  registerGenerator(context, { getAnalysis, defaultRunLength: () => settings.defaultRunLength, chart, log });
  activationMs = performance.now() - activateStart;
  log(`LR Lens activated in ${activationMs.toFixed(1)} ms`);
  return { getAnalysis, hasChartPanel: true };
}

export function deactivate(): void {}
