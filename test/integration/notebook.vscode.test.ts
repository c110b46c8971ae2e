// LR Lens in a Jupyter notebook, in a real VS Code: the built-in ipynb serializer opens the notebook
// without a kernel; a scheduler cell's lenses and hover come from the analysis of all the
// notebook's code cells (optimizer above, training loop below), in the cell's own coordinates.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { lensTitle } from '../../src/summary';
import { ROOT, api, cliJson, hoversAt, lenses, waitFor } from './helpers';

const NOTEBOOK = path.join(ROOT, 'test', 'fixtures', 'workspace', 'schedule.ipynb');

async function lensTitles(uri: vscode.Uri): Promise<{ line: number; title: string; command: string; args: unknown[] }[]> {
  return (await lenses(uri, 100))
    .map((l) => ({ line: l.range.start.line, title: l.command!.title, command: l.command!.command, args: l.command!.arguments ?? [] }));
}

/** The CLI's curve of the first scheduler of a Python text (written to a temporary file). */
function cliOf(text: string): { steps: number; unit: string; lr: number[][] } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-nb-')), 'notebook.py');
  fs.writeFileSync(file, text);
  try {
    return cliJson<{ schedulers: ReturnType<typeof cliOf>[] }>(['analyze', file, '--json']).schedulers[0];
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

describe('LR Lens in notebook cells', function () {
  this.timeout(60_000);
  let nb: vscode.NotebookDocument;
  let optimizerCell: vscode.TextDocument;
  let schedulerCell: vscode.TextDocument;

  before(async () => {
    await api();
    // No Jupyter extension and no kernel: VS Code's built-in ipynb serializer (jupyter-notebook).
    nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(NOTEBOOK));
    await vscode.window.showNotebookDocument(nb);
    assert.strictEqual(nb.notebookType, 'jupyter-notebook');
    const code = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.strictEqual(code.length, 3);
    [optimizerCell, schedulerCell] = code.map((c) => c.document);
    assert.strictEqual(schedulerCell.uri.scheme, 'vscode-notebook-cell');
    assert.strictEqual(schedulerCell.languageId, 'python');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it("code lenses on the scheduler cell: the optimizer of the cell above, the loop of the cell below", async () => {
    const lenses = await waitFor(async () => {
      const l = await lensTitles(schedulerCell.uri);
      return l.length ? l : undefined;
    }, 20_000, 'lenses on the scheduler cell');
    console.log(`      lenses: ${JSON.stringify(lenses.map((l) => l.title))}`);
    const a = (await api()).getAnalysis(schedulerCell);
    assert.ok(a);
    assert.strictEqual(a.schedulers.length, 1);
    const f = a.schedulers[0];
    assert.strictEqual(f.kind, 'OneCycleLR');
    assert.deepStrictEqual(f.baseLrs, [0.1]);
    assert.strictEqual(f.unit, 'step');
    assert.strictEqual(f.naturalSteps, 1000);
    // In the cell's coordinates: line 2 of the cell (1-based), the call's text.
    assert.strictEqual(f.line, 2);
    assert.strictEqual(schedulerCell.getText(new vscode.Range(f.range.startPos.line, f.range.startPos.character, f.range.endPos.line, f.range.endPos.character)),
      'OneCycleLR(optimizer, max_lr=0.01, total_steps=epochs * len(train_loader))');
    // The same curve as the CLI on the notebook's code cells joined.
    const joined = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code).map((c) => c.document.getText()).join('\n');
    const s = cliOf(joined);
    assert.strictEqual(s.steps, 1000);
    const expected = lensTitle(f, { groups: 1, rows: s.lr.length, lr: Float64Array.from(s.lr.flat()) });
    assert.deepStrictEqual(lenses, [{ line: 1, title: expected, command: 'lrLens.showChart', args: [schedulerCell.uri.toString(), f.id] }]);
    assert.match(expected, /warm-up 299 · 1,000 steps/); // OneCycleLR peaks at pct_start × total_steps − 1
    // The other cells have no scheduler, so no lens.
    assert.deepStrictEqual(await lensTitles(optimizerCell.uri), []);
  });

  it('hover on the scheduler call in the cell', async () => {
    const line = schedulerCell.lineAt(1).text;
    const pos = new vscode.Position(1, line.indexOf('OneCycleLR') + 4);
    const { hovers, markdown: md } = await hoversAt(schedulerCell.uri, pos);
    assert.match(md, /!\[learning-rate curve\]\(data:image\/svg\+xml;base64,/);
    assert.match(md, /\| peak lr \| 0\.01 at step 299 \|/);
    assert.match(md, /after 1,000 steps/);
    const args = JSON.parse(decodeURIComponent(/command:lrLens\.showChart\?([^ )]+)/.exec(md)![1]));
    assert.deepStrictEqual(args, [schedulerCell.uri.toString(), 0]);
    const range = hovers.find((h) => h.range)?.range;
    assert.ok(range && range.start.line === 1 && range.start.character === line.indexOf('OneCycleLR'));
  });

  it('inline preview at the end of the scheduler line in the cell editor', async () => {
    const uri = schedulerCell.uri.toString();
    const update = await waitFor(async () => {
      const st = (await vscode.commands.executeCommand<{ previews: { uri: string; count: number; texts: string[] }[] }>('lrLens.internal.stats', false))!;
      return st.previews.filter((p) => p.uri === uri && p.count > 0).pop();
    }, 10_000, 'a preview in the scheduler cell');
    console.log(`      preview: ${JSON.stringify(update.texts)}`);
    assert.strictEqual(update.count, 1);
    // The final lr the lens shows (`peak → final · …`), after a 16-cell sparkline.
    const final = /→ (\S+) ·/.exec((await lensTitles(schedulerCell.uri))[0].title)![1];
    assert.strictEqual(update.texts[0], `${update.texts[0].slice(0, 16)} → ${final}`);
    assert.match(update.texts[0], /^[▁▂▃▄▅▆▇█]{16} → /);
  });

  it('an edit in another cell re-analyzes the scheduler cell', async () => {
    const line = optimizerCell.getText().split('\n').findIndex((l) => l.startsWith('epochs = '));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(optimizerCell.uri, new vscode.Range(line, 0, line, 'epochs = 4'.length), 'epochs = 2');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const lenses = await waitFor(async () => {
        const l = await lensTitles(schedulerCell.uri);
        return l.length && /500 steps/.test(l[0].title) ? l : undefined;
      }, 10_000, 'the scheduler cell lens to show 500 steps');
      assert.match(lenses[0].title, /warm-up 149 · 500 steps/);
      assert.strictEqual((await api()).getAnalysis(schedulerCell)?.schedulers[0].naturalSteps, 500);
    } finally {
      const back = new vscode.WorkspaceEdit();
      back.replace(optimizerCell.uri, new vscode.Range(line, 0, line, 'epochs = 2'.length), 'epochs = 4');
      await vscode.workspace.applyEdit(back);
    }
  });
});
