// Runs inside a real VS Code extension host (code-server or desktop VS Code) with the workspace
// test/fixtures/workspace open and this repository loaded as the extension under development.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './helpers';

async function openTrainPy(): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open (test/fixtures/workspace)');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'train.py'));
  return vscode.window.showTextDocument(doc);
}

describe('LR Lens activation', () => {
  it('opens train.py from the workspace as Python', async () => {
    const editor = await openTrainPy();
    assert.strictEqual(editor.document.languageId, 'python');
    assert.match(editor.document.getText(), /StepLR/);
    assert.match(editor.document.getText(), /get_linear_schedule_with_warmup/);
  });

  it(`activates ${EXTENSION_ID} on a Python file`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded (extensionDevelopmentPath)`);
    await openTrainPy();
    // onLanguage:python activates it; we do not call ext.activate() ourselves.
    await waitFor(() => ext.isActive, 15_000, `${EXTENSION_ID} to activate`);
    assert.ok(ext.isActive);
  });

  // Issue 14 item 8: activate() only registers (providers, commands, the chart's serializer); the
  // analysis worker starts on the first analysis. Its own duration, as it records it.
  it('activate() takes at most 20 ms', async () => {
    const s = await vscode.commands.executeCommand<{ activationMs?: number }>('lrLens.internal.stats');
    assert.ok(s && typeof s.activationMs === 'number' && s.activationMs > 0, JSON.stringify(s?.activationMs));
    console.log(`activate() took ${s.activationMs.toFixed(1)} ms`);
    assert.ok(s.activationMs <= 20, `activate() took ${s.activationMs.toFixed(1)} ms`);
  });

  it('registers the lrLens.showChart command', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('lrLens.showChart'), 'lrLens.showChart is registered');
  });
});
