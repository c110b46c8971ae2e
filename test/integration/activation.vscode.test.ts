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

  // Issue 14 item 8's 20 ms for activate() (it only registers providers, commands and the chart's
  // serializer; the analysis worker starts on the first analysis) is a budget of `npm run bench`'s
  // activation row, not a timed test here (issue 20 item 4): on this 2-core machine one run measured
  // 2.8, 8.5 and 21.5 ms. bench.vscode.bench.ts checks that the duration is recorded.

  it('registers the lrLens.showChart command', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('lrLens.showChart'), 'lrLens.showChart is registered');
  });
});
