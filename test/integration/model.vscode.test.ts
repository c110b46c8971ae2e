// One model per document in a real VS Code (issue 15): an assumption edited in the chart (the page's
// `recompute` message, handed to the panel as the page posts it) reaches the code lens, the hover,
// the inline preview, the diagnostics and the chart's next state; the assumptions lens keeps it.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { lint } from '../../src/core/lint/index';
import { DEFAULT_INPUTS, DocumentModel } from '../../src/core/model/documentModel';
import { inlinePreviewText, lensTitle } from '../../src/core/present/summary';
import { ROOT, api, hoversAt, lenses, waitFor } from './helpers';

interface PanelState {
  ready: boolean;
  uri: string | null;
  statesPosted: number;
  rendered: { datasets: number } | null;
  overrides?: Record<string, number | string>;
}
interface Stats {
  previews: { uri: string; version: number; texts: string[] }[];
}

const FILE = path.join(ROOT, 'test', 'fixtures', 'workspace', 'assumed_warmup.py');
const NAME = 'len(train_loader)';

const panel = async () => (await vscode.commands.executeCommand<PanelState>('lrLens.test.chartPanelState'))!;
const receive = (m: unknown) => vscode.commands.executeCommand<boolean>('lrLens.test.chartPanelReceive', m);

describe('one model per document: an assumption edited in the chart reaches every surface', function () {
  this.timeout(120_000);

  it('lens, hover, inline preview, diagnostics and the chart follow len(train_loader)=100, and the assumptions lens keeps it', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(FILE));
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
    await api();
    const uri = doc.uri.toString();
    const text = doc.getText();
    // What every surface must show: the same model, from the same text and inputs.
    const before = DocumentModel.of(text, DEFAULT_INPUTS);
    const after = DocumentModel.of(text, { ...DEFAULT_INPUTS, overrides: { [NAME]: 100 } });
    const [f0] = before.schedulers;
    const [f1] = after.schedulers;
    const titleBefore = lensTitle(f0, before.curve(f0));
    const titleAfter = lensTitle(f1, after.curve(f1));
    assert.notStrictEqual(titleBefore, titleAfter);
    const summary = async () => (await lenses(doc.uri)).find((l) => l.command!.command === 'lrLens.showChart')?.command?.title;
    const assumptionLens = async () => (await lenses(doc.uri)).find((l) => l.command!.command === 'lrLens.editAssumptions');
    await waitFor(async () => (await summary()) === titleBefore, 20_000, `the lens ${titleBefore}`);

    // The assumptions lens opens the chart on this document.
    const lens = (await assumptionLens())!;
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    const opened = await waitFor(async () => {
      const s = await panel();
      return s.ready && s.uri === uri && s.rendered && s.rendered.datasets > 0 ? s : undefined;
    }, 30_000, 'the chart on assumed_warmup.py');

    try {
      // The page's message when len(train_loader) is set to 100 in its assumption field.
      assert.strictEqual(await receive({ type: 'recompute', uri, version: doc.version, assumptions: { [NAME]: 100 }, overrides: [] }), true);
      const state = await waitFor(async () => {
        const s = await panel();
        return s.statesPosted > opened.statesPosted && s.overrides?.[NAME] === 100 ? s : undefined;
      }, 15_000, 'the chart state with the override');
      assert.deepStrictEqual(state.overrides, { [NAME]: 100 });

      // Code lens: the new run length (300 steps), and the assumption's value in the second lens.
      await waitFor(async () => (await summary()) === titleAfter, 15_000, `the lens ${titleAfter}`);
      const tooltip = (await assumptionLens())?.command?.tooltip ?? '';
      assert.match(tooltip, /len\(train_loader\) = 100/);
      // Hover: the same run.
      const { markdown } = await hoversAt(doc.uri, new vscode.Position(f1.range.startPos.line, f1.range.startPos.character + 2));
      assert.match(markdown, /\b300 steps\b/);
      assert.doesNotMatch(markdown, /\b3,000 steps\b/);
      // Inline preview: the text drawn for the new curve (in the editor, which earlier suites may have
      // left in the chart's column: shown in the first one).
      await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
      const preview = inlinePreviewText(f1, after.curve(f1));
      await waitFor(async () => {
        const st = (await vscode.commands.executeCommand<Stats>('lrLens.internal.stats'))!;
        const last = st.previews.filter((p) => p.uri === uri).pop();
        return last && last.texts.includes(preview) ? true : undefined;
      }, 15_000, `the inline preview ${preview}`);
      // Diagnostics: the warm-up (500) no longer fits the 300-step run.
      const expected = lint(after.analysis, text).diagnostics.map((d) => d.message);
      assert.ok(expected.some((m) => /warm-up is 500 steps but training is 300 steps/.test(m)), JSON.stringify(expected));
      await waitFor(() => {
        const got = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'LR Lens').map((d) => d.message);
        return JSON.stringify(got.sort()) === JSON.stringify([...expected].sort()) ? true : undefined;
      }, 15_000, `the diagnostics ${JSON.stringify(expected)}`);

      // Clicking the assumptions lens again shows the chart with the override kept.
      const again = (await assumptionLens())!;
      const posted = (await panel()).statesPosted;
      await vscode.commands.executeCommand(again.command!.command, ...(again.command!.arguments ?? []));
      const reopened = await waitFor(async () => {
        const s = await panel();
        return s.statesPosted > posted ? s : undefined;
      }, 15_000, 'the chart to post its state again');
      assert.deepStrictEqual(reopened.overrides, { [NAME]: 100 });
      assert.strictEqual(await summary(), titleAfter);
    } finally {
      // Revert in the page: the host drops the override, and the lens is back.
      await receive({ type: 'recompute', uri, version: doc.version, assumptions: {}, overrides: [] });
      await waitFor(async () => (await summary()) === titleBefore, 15_000, `the lens back to ${titleBefore}`);
    }
  });
});
