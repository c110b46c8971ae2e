// Predicted vs logged in a real VS Code: a script whose run's log sits where the script writes it
// (test/fixtures/workspace/run-*/, copies of real public logs) opens in the chart with the logged
// points drawn over the predicted curve, the first divergence marked and explained by the page, a
// diagnostic on the scheduler line when they differ, and the command contributed.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, waitFor } from './helpers';

interface PanelState {
  ready: boolean;
  uri: string | null;
  rendered: {
    at: number;
    datasets: number;
    points: number;
    text?: { texts: string[] };
    overlay?: { points: number; firstStep: number | null; reason: string; maxRelDiff: number };
  } | null;
  log?: { label: string; error?: string; overlay: boolean } | null;
}

const WS = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

async function panelState(): Promise<PanelState> {
  return vscode.commands.executeCommand<PanelState>('lrLens.test.chartPanelState');
}

async function openChart(rel: string, points: number): Promise<{ doc: vscode.TextDocument; state: PanelState }> {
  const expectPoints = (st: PanelState) => st.rendered?.overlay?.points === points;
  await api();
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(WS(), rel)));
  await vscode.window.showTextDocument(doc, { preview: false });
  const t0 = Date.now();
  await vscode.commands.executeCommand('lrLens.showChart', doc.uri.toString());
  const state = await waitFor(
    async () => {
      const st = await vscode.commands.executeCommand<PanelState>('lrLens.test.chartPanelState');
      // A draw of this document after the command (not the previous document's last report).
      return st && st.ready && st.uri === doc.uri.toString() && st.rendered?.overlay && st.rendered.at >= t0 && st.log?.label !== undefined && expectPoints(st) ? st : undefined;
    },
    60_000,
    `the chart of ${rel} with the training log drawn`,
  );
  return { doc, state };
}

describe('training log overlay (predicted vs logged)', function () {
  this.timeout(120_000);

  it('"Compare with a Training Log…" is contributed and registered', async () => {
    await api();
    const cmds = (await vscode.commands.getCommands(true)).filter((c) => c === 'lrLens.compareWithLog');
    assert.strictEqual(cmds.length, 1);
  });

  it('whisper-large-v2 (fp16): the checkpoint trainer_state.json is found, drawn, and its first divergence marked at step 25', async () => {
    const { doc, state } = await openChart('run-whisper/train_whisper.py', 200);
    console.log(`      rendered: ${JSON.stringify(state.rendered?.overlay)}, log ${JSON.stringify(state.log)}`);
    assert.deepStrictEqual(state.log, { label: 'trainer_state.json', overlay: true });
    const o = state.rendered!.overlay!;
    assert.strictEqual(o.points, 200);
    assert.strictEqual(o.firstStep, 25);
    assert.strictEqual(o.reason, 'skipped-steps');
    assert.ok(state.rendered!.datasets >= 2, 'the curve and the logged points');
    const summary = state.rendered!.text!.texts.find((t) => /Training log|학습 로그/.test(t));
    assert.ok(summary, JSON.stringify(state.rendered!.text));
    assert.match(summary!, /25/);
    // The scheduler's line carries the divergence (a warning: the last step differs by 100%).
    const diag = await waitFor(() => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'training-log'), 20_000, 'the training-log diagnostic');
    const line = doc.getText().split('\n').findIndex((l) => /Seq2SeqTrainingArguments\(/.test(l));
    assert.strictEqual(diag.range.start.line, line);
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diag.message, /25/);
  });

  it('t5 + its TensorBoard file under output_dir/runs: the log fills the dataset size and matches at float32 precision', async () => {
    const { doc, state } = await openChart('run-t5/train_t5.py', 430);
    console.log(`      rendered: ${JSON.stringify(state.rendered?.overlay)}`);
    const o = state.rendered!.overlay!;
    assert.strictEqual(o.points, 430);
    assert.strictEqual(o.firstStep, null);
    assert.strictEqual(o.reason, 'none');
    assert.ok(o.maxRelDiff > 0 && o.maxRelDiff < 2 ** -23, String(o.maxRelDiff));
    assert.strictEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'training-log').length, 0);
  });

  it('a log picked for a script is remembered (workspaceState) and drawn; none, then back to the one found', async () => {
    const { doc } = await openChart('run-whisper/train_whisper.py', 200);
    const tb = vscode.Uri.file(path.join(WS(), 'run-t5/t5-summarization-demo/runs/Mar24_22-23-40_DESKTOP-41L2EO3/events.out.tfevents.1742826235.DESKTOP-41L2EO3.107869.0'));
    const t0 = Date.now();
    await vscode.commands.executeCommand('lrLens.compareWithLog', doc.uri, tb);
    const picked = await waitFor(async () => {
      const st = await panelState();
      return st.rendered && st.rendered.at >= t0 && st.rendered.overlay?.points === 430 && st.log?.label.startsWith('events.out.tfevents') ? st : undefined;
    }, 60_000, 'the picked TensorBoard log drawn for the whisper script');
    assert.notStrictEqual(picked.rendered!.overlay!.firstStep, null, "another run's log leaves this plan");
    const t1 = Date.now();
    await vscode.commands.executeCommand('lrLens.compareWithLog', doc.uri, null);
    await waitFor(async () => {
      const st = await panelState();
      return st.rendered && st.rendered.at >= t1 && st.log === null && !st.rendered.overlay ? st : undefined;
    }, 60_000, 'no log drawn after "do not compare"');
    assert.strictEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'training-log').length, 0);
    const t2 = Date.now();
    await vscode.commands.executeCommand('lrLens.compareWithLog', doc.uri, 'found');
    await waitFor(async () => {
      const st = await panelState();
      return st.rendered && st.rendered.at >= t2 && st.rendered.overlay?.points === 200 ? st : undefined;
    }, 60_000, 'the found trainer_state.json drawn again');
  });
});
