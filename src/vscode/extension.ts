import * as vscode from 'vscode';
import { Analyzer } from '../core/model/analyze';
import type { AnalysisResult } from '../core/model/types';
import { AnalysisCache } from './documents';
import { registerChartPanel } from '../features/chart/host/chartPanel';
import { LrCodeLensProvider } from './codeLens';
import { registerInternalCommands, registerToggleCommands } from './commands';
import { ScheduleDiagnostics } from './diagnostics';
import { registerGenerator } from './generatorCommands';
import { LrHoverProvider } from './hover';
import { InlinePreview } from './inlinePreview';
import { registerOpenSample } from './openSample';
import { ScheduleQuickFixes } from './quickFixes';
import { registerSetAssumption } from './setAssumption';
import { registerTrainingLogs } from './trainingLog';
import { affects, readSettings, RULE_SETTINGS } from './settings';
import { AnalysisWorkerClient } from '../worker/client';
import { workerSpawner } from './workerSpawnNode';

/** Python files and notebook cells (scheme vscode-notebook-cell), in any scheme: nothing is executed. */
export const PYTHON: vscode.DocumentSelector = { language: 'python' };

/** What activate() returns (the extension's exports), for tests and other extensions. */
export interface LrLensApi {
  getAnalysis(doc: vscode.TextDocument): AnalysisResult | undefined;
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

  // Untrusted text is analyzed and simulated in a worker first (memory cap, deadline): a file that
  // crashes or outruns it gets "analysis stopped" and never runs here (src/vscode/documents.ts ready()).
  const spawn = workerSpawner(context.extensionUri);
  const worker = spawn ? new AnalysisWorkerClient(spawn, log) : undefined;
  if (!worker) log('no analysis worker on this platform: analyses run in the extension host');
  const isolation = worker ? { client: worker } : undefined;
  // One model per document (src/core/model/documentModel.ts), read by every surface below.
  const cache = new AnalysisCache(() => new Analyzer(), getSettings, log, isolation);
  if (worker) context.subscriptions.push({ dispose: () => worker.dispose() });
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
      if (affects(e, ['defaultRunLength', 'defaultDatasetSize', 'simulationBudget'])) cache.invalidateAll();
      if (affects(e, ['codeLensEnabled'])) lenses.refresh();
      if (affects(e, ['inlinePreviewEnabled', 'logScale'])) preview.refreshAll();
      if (affects(e, ['diagnosticsEnabled', ...Object.values(RULE_SETTINGS)])) diagnostics.refreshAll();
    }),
    ...registerToggleCommands(),
    registerSetAssumption(cache, log),
    registerOpenSample(context.extensionUri),
  );
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(...registerInternalCommands(cache, preview, getSettings, () => activationMs, worker));
  }

  // "Compare with a Training Log…" and the run's log found where the script writes (src/vscode/trainingLog.ts).
  const trainingLogs = registerTrainingLogs(context, log);
  // The chart panel registers lrLens.showChart, lrLens.editAssumptions and the lrLens.chart serializer.
  const chart = registerChartPanel(context, {
    model: (doc) => cache.get(doc)?.model,
    inputs: (doc) => cache.inputs(doc),
    setOverrides: (doc, overrides) => cache.setOverrides(doc, overrides),
    vetted: (doc) => cache.ready(doc),
    logScale: () => settings.logScale,
    sourceOf: (doc) => cache.sourceOf(doc),
    log,
    trainingLog: (doc, text, options) => trainingLogs.forChart(doc, text, options),
    pickTrainingLog: (uri) => trainingLogs.pick(uri),
  });
  context.subscriptions.push(trainingLogs.onDidChange((uri) => chart.refresh(uri)));
  // lrLens.generateScheduler and lrLens.changeScheduler, previewing in the chart panel.
  registerGenerator(context, { analysisOf: async (doc) => (await cache.ready(doc))?.analysis, defaultRunLength: () => settings.defaultRunLength, chart, log });
  activationMs = performance.now() - activateStart;
  log(`LR Lens activated in ${activationMs.toFixed(1)} ms`);
  return { getAnalysis };
}

export function deactivate(): void {}
