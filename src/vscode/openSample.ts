import * as vscode from 'vscode';
import { COMMANDS } from '../core/present/commandIds';

export const OPEN_SAMPLE = COMMANDS.openSample;

/** The walkthrough's sample training script, shipped in the .vsix (see .vscodeignore). */
export const SAMPLE_PATH = ['media', 'walkthrough', 'sample_train.py'];

/**
 * `lrLens.openSample`: opens the bundled sample training script as an untitled Python document, so
 * it works without a folder and in the web (vscode.dev), where the extension's files are read
 * through `workspace.fs`.
 */
export function registerOpenSample(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_SAMPLE, async (): Promise<void> => {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...SAMPLE_PATH));
      const doc = await vscode.workspace.openTextDocument({ language: 'python', content: new TextDecoder().decode(bytes) });
      await vscode.window.showTextDocument(doc, { preview: false });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('LR Lens could not open its sample script: {0}', e instanceof Error ? e.message : String(e)));
    }
  });
}
