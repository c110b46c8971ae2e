// LR Lens in a Jupyter notebook, in a real VS Code: the built-in ipynb serializer opens the notebook
// without a kernel; a scheduler cell's lenses and hover come from the analysis of all the
// notebook's code cells (optimizer above, training loop below), in the cell's own coordinates; the
// schedule diagnostics of a loop cell come from the scheduler of a cell above it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { lensTitle } from '../../src/core/present/summary';
import { ROOT, api, cliJson, hoversAt, lenses, waitFor } from './helpers';

const NOTEBOOK = path.join(ROOT, 'test', 'fixtures', 'workspace', 'schedule.ipynb');
/** A setup cell (optimizer + scheduler) and a loop cell that steps the scheduler before the optimizer. */
const STEP_ORDER_NOTEBOOK = path.join(ROOT, 'test', 'fixtures', 'workspace', 'step-order.ipynb');
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'LR Lens');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code));

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
    assert.match(md, /\*\*peak lr\*\* 0\.01 \(step 299\)/);
    // Lines count within the cell: the hover names the cell (issue 18 item 9).
    const cellNo = vscode.workspace.notebookDocuments.flatMap((nb) => nb.getCells()).find((c) => c.document === schedulerCell)!.index + 1;
    assert.ok(md.includes(`· cell ${cellNo}, line 2`), md.split('\n')[0]);
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
    // The last lr the lens shows (`start → peak → last · …`), after a 16-cell sparkline.
    const final = /→ (\S+) ·/.exec((await lensTitles(schedulerCell.uri))[0].title)![1];
    assert.strictEqual(update.texts[0], `${update.texts[0].slice(0, 16)} → ${final}`);
    assert.match(update.texts[0], /^[▁▂▃▄▅▆▇█]{16} → /);
  });

  it('with the notebook focused, the chart follows its selected code cell (not the file shown before)', async () => {
    const train = await vscode.workspace.openTextDocument(path.join(ROOT, 'test', 'fixtures', 'workspace', 'train.py'));
    await vscode.window.showTextDocument(train);
    await vscode.commands.executeCommand('lrLens.showChart');
    const panel = () => vscode.commands.executeCommand<{ uri: string | null; visible: boolean }>('lrLens.test.chartPanelState');
    await waitFor(async () => ((await panel())?.uri === train.uri.toString() ? true : undefined), 15_000, 'the chart on train.py');
    const idx = nb.getCells().findIndex((c) => c.document === schedulerCell);
    await vscode.window.showNotebookDocument(nb, { selections: [new vscode.NotebookRange(idx, idx + 1)] });
    const st = await waitFor(async () => {
      const p = await panel();
      return p?.uri === schedulerCell.uri.toString() ? p : undefined;
    }, 15_000, 'the chart to follow the selected cell').catch(async (e: Error) => {
      throw new Error(`${e.message}; panel on ${(await panel())?.uri}, active text editor ${vscode.window.activeTextEditor?.document.uri.toString()}`);
    });
    assert.strictEqual(st.uri, schedulerCell.uri.toString());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.window.showNotebookDocument(nb);
  });

  it('with the notebook focused and no cell editor, Show Chart opens on its selected code cell', async () => {
    const panel = () => vscode.commands.executeCommand<{ uri: string | null; visible: boolean }>('lrLens.test.chartPanelState');
    const idx = nb.getCells().findIndex((c) => c.document === optimizerCell);
    await vscode.window.showNotebookDocument(nb, { selections: [new vscode.NotebookRange(idx, idx + 1)] });
    await vscode.commands.executeCommand('notebook.cell.quitEdit');
    // The notebook has the focus; the active text editor is none, or still the cell edited before
    // (the scheduler cell here): the chart must open on the selected cell all the same.
    const active = vscode.window.activeTextEditor?.document;
    await vscode.commands.executeCommand('lrLens.showChart');
    const st = await waitFor(async () => {
      const p = await panel();
      return p?.uri === optimizerCell.uri.toString() ? p : undefined;
    }, 15_000, 'the chart on the selected cell').catch(async (e: Error) => {
      throw new Error(`${e.message}; panel on ${(await panel())?.uri}, active text editor ${vscode.window.activeTextEditor?.document.uri.toString()}`);
    });
    console.log(`      active text editor: ${active ? (active === optimizerCell ? 'the selected cell' : 'another cell') : 'none'}`);
    assert.strictEqual(st.uri, optimizerCell.uri.toString());
    await vscode.window.showNotebookDocument(nb);
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

describe('LR Lens diagnostics in notebook cells', function () {
  this.timeout(60_000);
  let setupCell: vscode.TextDocument;
  let loopCell: vscode.TextDocument;

  before(async () => {
    await api();
    const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(STEP_ORDER_NOTEBOOK));
    await vscode.window.showNotebookDocument(nb);
    const code = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.strictEqual(code.length, 2);
    [setupCell, loopCell] = code.map((c) => c.document);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it("step-order on the loop cell (the scheduler is built in the cell above), at the loop cell's line; its quick fix swaps the lines in that cell", async () => {
    const stepLine = loopCell.getText().split('\n').findIndex((l) => l.trim() === 'scheduler.step()');
    assert.strictEqual(stepLine, 3);
    const d = await waitFor(() => ours(loopCell.uri).find((x) => codeOf(x) === 'step-order'), 20_000, 'step-order on the loop cell');
    console.log(`      ${d.message}`);
    assert.deepStrictEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [3, 8, 3, 24]);
    assert.strictEqual(loopCell.getText(d.range), 'scheduler.step()');
    // The optimizer.step() line is counted in the cell (line 5 of the cell), as the editor shows it.
    assert.match(d.message, /^`scheduler\.step\(\)` runs before `optimizer\.step\(\)` \(line 5\): the schedule's first lr 0\.1 is skipped/);
    assert.deepStrictEqual(ours(loopCell.uri).map(codeOf), ['step-order']);
    assert.deepStrictEqual(ours(setupCell.uri), []);

    const before = loopCell.getText();
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', loopCell.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const mine = actions.filter((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value);
    console.log(`      ${JSON.stringify(mine.map((a) => a.title))}`);
    const fix = mine.find((a) => a.title === 'Move `scheduler.step()` after `optimizer.step()`');
    assert.ok(fix?.edit, 'the step-order quick fix');
    assert.ok(mine.some((a) => a.title === 'Ignore step-order on this line'));
    // Every edit is of the loop cell.
    assert.deepStrictEqual([...new Set(fix.edit.entries().map(([uri]) => uri.toString()))], [loopCell.uri.toString()]);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    try {
      assert.strictEqual(loopCell.getText(), before.replace('        scheduler.step()\n        optimizer.step()', '        optimizer.step()\n        scheduler.step()'));
      assert.notStrictEqual(loopCell.getText(), before);
      await waitFor(() => ours(loopCell.uri).length === 0, 10_000, 'step-order to go away');
      assert.deepStrictEqual(ours(setupCell.uri), []);
    } finally {
      const back = new vscode.WorkspaceEdit();
      back.replace(loopCell.uri, new vscode.Range(0, 0, loopCell.lineCount, 0), before);
      await vscode.workspace.applyEdit(back);
    }
    // Back as it was: the diagnostic comes back on the loop cell.
    await waitFor(() => ours(loopCell.uri).some((x) => codeOf(x) === 'step-order'), 10_000, 'step-order back on the loop cell');
  });

  it('an edit in the setup cell re-lints the loop cell: `# lr-lens: ignore` above the loop line is per cell', async () => {
    await waitFor(() => ours(loopCell.uri).length === 1, 10_000, 'step-order on the loop cell');
    const before = loopCell.getText();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(loopCell.uri, new vscode.Position(3, 0), '        # lr-lens: ignore[step-order]\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await waitFor(() => ours(loopCell.uri).length === 0, 10_000, 'step-order ignored');
    } finally {
      const back = new vscode.WorkspaceEdit();
      back.replace(loopCell.uri, new vscode.Range(0, 0, loopCell.lineCount, 0), before);
      await vscode.workspace.applyEdit(back);
    }
    await waitFor(() => ours(loopCell.uri).length === 1, 10_000, 'step-order back');
    // The loop's scheduler comes from the setup cell: a change there (a ReduceLROnPlateau, stepped
    // without its metric) changes what the loop cell shows.
    const line = setupCell.getText().split('\n').findIndex((l) => l.startsWith('scheduler = '));
    const old = setupCell.lineAt(line).text;
    const change = new vscode.WorkspaceEdit();
    change.replace(setupCell.uri, setupCell.lineAt(line).range, 'scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer)');
    assert.ok(await vscode.workspace.applyEdit(change));
    try {
      const d = await waitFor(() => ours(loopCell.uri).find((x) => codeOf(x) === 'plateau-no-metric'), 10_000, 'plateau-no-metric on the loop cell');
      assert.strictEqual(d.range.start.line, 3);
      assert.ok(!ours(loopCell.uri).some((x) => codeOf(x) === 'step-order'));
    } finally {
      const back = new vscode.WorkspaceEdit();
      back.replace(setupCell.uri, setupCell.lineAt(line).range, old);
      await vscode.workspace.applyEdit(back);
    }
    await waitFor(() => ours(loopCell.uri).some((x) => codeOf(x) === 'step-order'), 10_000, 'step-order back');
  });
});

describe('the generator in a notebook with the notebook focused (no cell editor)', function () {
  this.timeout(60_000);

  it('Generate Scheduler writes into the selected code cell, after its optimizer, and the analysis finds it there', async () => {
    await api();
    // A notebook of its own (a temporary copy): an optimizer cell and a loop cell, no scheduler.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-nbgen-'));
    const file = path.join(dir, 'gen.ipynb');
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: source.split(/(?<=\n)/) });
    fs.writeFileSync(
      file,
      JSON.stringify({
        cells: [
          cell('import torch\nmodel = torch.nn.Linear(4, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nEPOCHS = 3\ntrain_loader = [0] * 40'),
          cell('for epoch in range(EPOCHS):\n    for batch in train_loader:\n        optimizer.step()'),
        ],
        metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
    try {
      await vscode.window.showNotebookDocument(nb, { selections: [new vscode.NotebookRange(0, 1)] });
      await vscode.commands.executeCommand('notebook.cell.quitEdit');
      const setup = nb.cellAt(0).document;
      const result = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('lrLens.generateScheduler', { entry: 'torch.step', params: { step_size: 2, gamma: 0.5 } });
      assert.ok(result?.ok, result?.message);
      assert.match(setup.getText(), /scheduler = StepLR\(optimizer, step_size=2, gamma=0\.5\)/);
      // The new call's lens, on its line of the cell, from the optimizer's lr (0.1).
      const line = setup.getText().split('\n').findIndex((l) => l.startsWith('scheduler = StepLR('));
      assert.ok(line > setup.getText().split('\n').findIndex((l) => l.startsWith('optimizer = ')), setup.getText());
      const titles = await waitFor(async () => {
        const t = (await lenses(setup.uri, 100)).filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');
        return t.some((x) => x.startsWith('0.1 →')) ? t : undefined;
      }, 15_000, 'a lens on the new StepLR line of the setup cell').catch(async (e: Error) => {
        throw new Error(`${e.message}; cell: ${JSON.stringify(setup.getText())}; lenses ${JSON.stringify((await lenses(setup.uri, 100)).map((l) => l.command?.title))}; loop cell lenses ${JSON.stringify((await lenses(nb.cellAt(1).document.uri, 100)).map((l) => l.command?.title))}`);
      });
      console.log(`      lenses: ${JSON.stringify(titles)}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
