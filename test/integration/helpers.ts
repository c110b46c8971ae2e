// Shared by the *.vscode.test.ts suites (not a test file itself: suite/index.ts loads only
// *.vscode.test.js): the extension, waiting, the CLI and the editor's providers.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AnalysisResult } from '../../src/core/model/types';

export const EXTENSION_ID = 'lr-lens.lr-lens';
/** The repository (this file runs as out/test/integration/helpers.js). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** What the extension's activate() returns. */
export interface Api {
  getAnalysis(doc: vscode.TextDocument): AnalysisResult | undefined;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `get` every 25 ms until it gives something other than undefined or false, and returns that. */
export async function waitFor<T>(get: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** LR Lens as VS Code loaded it (extensionDevelopmentPath or installed). */
export function extension<T = Api>(): vscode.Extension<T> {
  const ext = vscode.extensions.getExtension<T>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
  return ext;
}

/** The extension's exports, activating it first if need be. */
export async function api<T = Api>(): Promise<T> {
  const ext = extension<T>();
  return ext.isActive ? ext.exports : ext.activate();
}

/**
 * `node dist/cli.js ARGS` (VS Code's own Node, as plain Node), parsed as JSON. With `exitCodeOk`,
 * a non-zero exit (the CLI's exit code 1 for error-level diagnostics) still returns its stdout.
 */
export function cliJson<T>(args: string[], { exitCodeOk = false } = {}): T {
  let out: string;
  try {
    out = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      maxBuffer: 512 * 1024 * 1024,
    });
  } catch (e) {
    if (!exitCodeOk) throw e;
    out = (e as { stdout: string }).stdout;
  }
  return JSON.parse(out) as T;
}

/** LR Lens's code lenses on `uri`, resolving up to `resolveCount` of them. */
export async function lenses(uri: vscode.Uri, resolveCount = 1000): Promise<vscode.CodeLens[]> {
  const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, resolveCount)) ?? [];
  return all.filter((l) => l.command && /^lrLens\./.test(l.command.command));
}

/** Every hover at `pos` (all providers'), and their markdown joined by newlines. */
export async function hoversAt(uri: vscode.Uri, pos: vscode.Position): Promise<{ hovers: vscode.Hover[]; markdown: string }> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  const markdown = hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
  return { hovers, markdown };
}

/** Updates an lrLens.* setting in the user settings (undefined removes it). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('lrLens').update(key, value, vscode.ConfigurationTarget.Global);
}
