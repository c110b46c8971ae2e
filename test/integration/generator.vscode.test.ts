// "Generate Scheduler…" and "Change Scheduler…" in a real VS Code: scripted answers and the real
// quick pick driven by VS Code's own commands; the document text, the analysis of the result, the
// chart preview, and that ONE undo restores the original.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, sleep, waitFor } from './helpers';

interface GeneratorState {
  step: string | null;
  last: { ok: boolean; message: string; code?: string } | null;
}

const SCRIPT = [
  'import torch',
  'from torch import nn',
  '',
  'model = nn.Linear(4, 2)',
  'optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)',
  '',
  'for epoch in range(3):',
  '    for step in range(100):',
  '        optimizer.step()',
  '',
].join('\n');

// Files on disk with fresh names: an untitled name is reused once closed, and the extension host
// may still hold the closed document under it.
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-gen-'));
let counter = 0;
const opened: vscode.TextDocument[] = [];

async function openScript(content: string, line: number, character = 0): Promise<vscode.TextEditor> {
  const file = path.join(DIR, `train_${++counter}.py`);
  fs.writeFileSync(file, content);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  opened.push(doc);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await api();
  editor.selection = new vscode.Selection(line, character, line, character);
  return editor;
}

async function state(): Promise<GeneratorState> {
  return (await vscode.commands.executeCommand<GeneratorState>('lrLens.test.generatorState')) as GeneratorState;
}

async function undoOnce(doc: vscode.TextDocument, original: string): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('undo');
  await waitFor(() => (doc.getText() === original ? true : undefined), 5000, 'one undo to restore the original text');
}

describe('generator in VS Code', function () {
  this.timeout(60_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    for (const doc of opened.splice(0)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('scripted: inserts warm-up + cosine with its import at the cursor; the analysis finds it; one undo restores', async () => {
    const editor = await openScript(SCRIPT, 5);
    const doc = editor.document;
    const original = doc.getText();
    const result = await vscode.commands.executeCommand<GeneratorState['last']>('lrLens.generateScheduler', {
      entry: 'torch.warmupCosine',
      params: { warmup_steps: 10, T_max: 90 },
    });
    assert.ok(result?.ok, result?.message);
    const text = doc.getText();
    assert.match(text, /^from torch\.optim\.lr_scheduler import SequentialLR, LinearLR, CosineAnnealingLR$/m);
    // The blank line the cursor was on becomes the statement.
    assert.match(text, /\)\nscheduler = SequentialLR\(\n {4}optimizer,\n {4}schedulers=\[\n {8}LinearLR\(optimizer, start_factor=0\.01, end_factor=1\.0, total_iters=10\),\n {8}CosineAnnealingLR\(optimizer, T_max=90, eta_min=0\.0\),\n {4}\],\n {4}milestones=\[10\],\n\)\nfor epoch/);
    const a = await waitFor(() => api().then((x) => x.getAnalysis(doc)), 5000, 'analysis');
    const f = a.schedulers.find((s) => s.parent === null);
    assert.strictEqual(f?.kind, 'SequentialLR');
    assert.strictEqual(f?.optimizer.defaultLr, 0.05);
    // Nothing stepped it: scheduler.step() is written after optimizer.step(), once per batch (the same undo step).
    assert.ok(text.includes('\n        optimizer.step()\n        scheduler.step()\n'), text);
    assert.match(result!.message, /added `scheduler\.step\(\)` after line \d+, once per batch/);
    assert.strictEqual(f?.stepCalls.length, 1);
    assert.strictEqual(f?.naturalSteps, 300);
    await undoOnce(doc, original);
  });

  it("scripted: a timm entry is imported from timm.scheduler, sized in the loop's epochs and stepped twice, as timm's train.py steps it", async () => {
    const editor = await openScript(SCRIPT, 5);
    const doc = editor.document;
    const original = doc.getText();
    const result = await vscode.commands.executeCommand<GeneratorState['last']>('lrLens.generateScheduler', { entry: 'timm.cosine' });
    assert.ok(result?.ok, result?.message);
    const text = doc.getText();
    assert.match(text, /^from timm\.scheduler import CosineLRScheduler$/m);
    // 3 epochs of 100 steps: t_initial counts epochs.
    assert.match(text, /\n {4}t_initial=3,\n/);
    assert.ok(text.includes('\nnum_updates = 0\nfor epoch in range(3):\n'), text);
    assert.ok(text.includes('\n        optimizer.step()\n        num_updates += 1\n        scheduler.step_update(num_updates=num_updates)\n    scheduler.step(epoch + 1)\n'), text);
    assert.match(result!.message, /added `scheduler\.step_update\(num_updates=num_updates\)` after line \d+, once per batch, and `scheduler\.step\(epoch \+ 1\)` after line \d+, once per epoch/);
    const a = await waitFor(() => api().then((x) => x.getAnalysis(doc)), 5000, 'analysis');
    const f = a.schedulers.find((s) => s.parent === null);
    assert.strictEqual(f?.kind, 'CosineLRScheduler');
    assert.deepStrictEqual(f?.timm && [f.timm.epochs, f.timm.updatesPerEpoch, f.timm.epochCalls], [3, 100, true]);
    await undoOnce(doc, original);
  });

  it('scripted: a second scheduler on the same optimizer is refused when asked to (second: cancel), the document untouched', async () => {
    const content = SCRIPT.replace('\nfor epoch', '\nsched = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)\n\nfor epoch');
    const editor = await openScript(content, 5);
    const original = editor.document.getText();
    const result = await vscode.commands.executeCommand<GeneratorState['last']>('lrLens.generateScheduler', { entry: 'torch.cosine', second: 'cancel' });
    assert.strictEqual(result?.ok, false);
    assert.match(result!.message, /^optimizer already has a scheduler: StepLR on line 7\./);
    assert.strictEqual(editor.document.getText(), original);
  });

  it('scripted: Change Scheduler… keeps the expressions of the parameters the new schedule shares (T_max=EPOCHS, eta_min=1e-4)', async () => {
    const content = SCRIPT.replace('\nfor epoch', '\nEPOCHS = 3\nsched = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS, eta_min=1e-4)\n\nfor epoch');
    const editor = await openScript(content, 7, 20);
    const doc = editor.document;
    const original = doc.getText();
    const result = await vscode.commands.executeCommand<GeneratorState['last']>('lrLens.changeScheduler', { entry: 'torch.warmupCosine', params: { warmup_steps: 1 } });
    assert.ok(result?.ok, result?.message);
    assert.ok(doc.getText().includes('CosineAnnealingLR(optimizer, T_max=EPOCHS, eta_min=1e-4)'), doc.getText());
    await undoOnce(doc, original);
  });

  it('scripted: Change Scheduler… replaces the call under the cursor, keeping its variable and optimizer', async () => {
    const content = SCRIPT.replace('\nfor epoch', '\nsched = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)\n\nfor epoch');
    const editor = await openScript(content, 6, 20);
    const doc = editor.document;
    const original = doc.getText();
    const result = await vscode.commands.executeCommand<GeneratorState['last']>('lrLens.changeScheduler', { entry: 'torch.cosine', params: { T_max: 300 } });
    assert.ok(result?.ok, result?.message);
    assert.ok(doc.getText().includes('\nsched = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=300, eta_min=0.0)\n'), doc.getText());
    assert.ok(!doc.getText().includes('StepLR'));
    await undoOnce(doc, original);
  });

  it('scripted: an invalid value is refused with a message and the document is untouched', async () => {
    const editor = await openScript(SCRIPT, 5);
    const original = editor.document.getText();
    const result = await vscode.commands.executeCommand<GeneratorState['last']>('lrLens.generateScheduler', { entry: 'torch.cosine', params: { T_max: -3 } });
    assert.strictEqual(result?.ok, false);
    assert.strictEqual(result?.message, 'T_max must be a positive integer, got -3');
    assert.strictEqual(editor.document.getText(), original);
  });

  it('the real quick pick: library, schedule, parameters accepted with defaults from the file; preview in the chart; one undo', async () => {
    // The loop already calls scheduler.step(): its 3 × 100 steps are the run length.
    const editor = await openScript(SCRIPT + '        scheduler.step()\n', 5);
    const doc = editor.document;
    const original = doc.getText();
    const run = vscode.commands.executeCommand('lrLens.generateScheduler');
    const accept = async (step: string) => {
      await waitFor(async () => ((await state()).step === step ? true : undefined), 15000, `the ${step} step`);
      await sleep(150);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    };
    await accept('library'); // PyTorch (the file has no transformers)
    await waitFor(async () => ((await state()).step === 'schedule' ? true : undefined), 15000, 'the schedule step');
    // The first schedule is previewed in the chart panel while the list is open.
    const panel = await waitFor(
      async () => {
        const s = await vscode.commands.executeCommand<{ preview?: string | null; ready: boolean }>('lrLens.test.chartPanelState');
        return s?.preview ? s : undefined;
      },
      15000,
      'the chart preview',
    );
    assert.match(String(panel.preview), /Warm-up \+ cosine/);
    // The page draws it: the file has no scheduler yet, so the preview is the one dataset.
    await waitFor(
      async () => {
        const s = await vscode.commands.executeCommand<{ rendered: { datasets: number } | null }>('lrLens.test.chartPanelState');
        return s?.rendered?.datasets === 1 ? true : undefined;
      },
      15000,
      'the page to draw the preview',
    );
    await accept('schedule'); // Warm-up + cosine, the first item
    // The back button returns to the schedule list.
    await waitFor(async () => ((await state()).step === 'warmup_steps' ? true : undefined), 15000, 'the first parameter');
    await vscode.commands.executeCommand('workbench.action.quickInputBack');
    await accept('schedule');
    for (const p of ['warmup_steps', 'start_factor', 'T_max', 'eta_min']) await accept(p);
    const result = (await run) as GeneratorState['last'];
    assert.ok(result?.ok, result?.message);
    // Defaults from the file: 300 steps, so a warm-up of 30 and a cosine of 270.
    assert.match(doc.getText(), /LinearLR\(optimizer, start_factor=0\.01, end_factor=1\.0, total_iters=30\),\n {8}CosineAnnealingLR\(optimizer, T_max=270, eta_min=0\.0\),/);
    const a = await waitFor(() => api().then((x) => x.getAnalysis(doc)), 5000, 'analysis');
    const f = a.schedulers.find((s) => s.parent === null);
    assert.strictEqual(f?.naturalSteps, 300);
    assert.strictEqual(f?.stepCalls.length, 1, 'the loop steps the generated scheduler');
    const after = await vscode.commands.executeCommand<{ preview?: string | null }>('lrLens.test.chartPanelState');
    assert.strictEqual(after?.preview ?? null, null, 'the preview is removed once the code is written');
    await undoOnce(doc, original);
  });
});
