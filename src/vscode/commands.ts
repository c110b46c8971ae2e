import * as vscode from 'vscode';
import type { AnalysisCache } from './documents';
import type { InlinePreview } from './inlinePreview';
import type { AnalysisWorkerClient } from '../worker/client';
import { KEYS, SECTION, type LrLensSettings } from './settings';
import { COMMANDS, INTERNAL_COMMANDS } from '../core/present/commandIds';

export const TOGGLE_INLINE_PREVIEW = COMMANDS.toggleInlinePreview;
export const TOGGLE_CODE_LENS = COMMANDS.toggleCodeLens;
/** Registered only in ExtensionMode.Test: timings for the integration tests. */
export const INTERNAL_STATS = INTERNAL_COMMANDS.stats;
/** Registered only in ExtensionMode.Test: sets the analysis worker's deadline (ms), returns the previous one. */
export const INTERNAL_WORKER_DEADLINE = INTERNAL_COMMANDS.workerDeadline;

/** Flips a boolean setting where it is set (workspace folder, workspace, else user settings). */
async function toggle(key: string): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const i = c.inspect<boolean>(key);
  const current = c.get<boolean>(key, true);
  const target =
    i?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : i?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await c.update(key, !current, target);
}

export function registerToggleCommands(): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(TOGGLE_INLINE_PREVIEW, () => toggle(KEYS.inlinePreviewEnabled)),
    vscode.commands.registerCommand(TOGGLE_CODE_LENS, () => toggle(KEYS.codeLensEnabled)),
  ];
}

export interface Stats {
  now: number;
  analyses: AnalysisCache['timings'];
  simulations: AnalysisCache['simulations'];
  previews: InlinePreview['updates'];
  settings: LrLensSettings;
  /** How long activate() took, ms. */
  activationMs?: number;
}

export function registerInternalCommands(
  cache: AnalysisCache,
  preview: InlinePreview,
  settings: () => LrLensSettings,
  activationMs: () => number | undefined = () => undefined,
  worker?: AnalysisWorkerClient,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(INTERNAL_WORKER_DEADLINE, (ms?: unknown): { previous: number; started: number; answered: number } | undefined => {
      if (!worker) return undefined;
      const previous = worker.deadlineMs;
      if (typeof ms === 'number' && ms > 0) worker.deadlineMs = ms;
      return { previous, started: worker.started, answered: worker.answered };
    }),
    vscode.commands.registerCommand(INTERNAL_STATS, (reset?: boolean): Stats => {
      const s: Stats = {
        now: performance.now(),
        analyses: [...cache.timings],
        simulations: [...cache.simulations],
        previews: [...preview.updates],
        settings: settings(),
        activationMs: activationMs(),
      };
      if (reset) {
        cache.timings.length = 0;
        cache.simulations.length = 0;
        preview.updates.length = 0;
      }
      return s;
    }),
  ];
}
