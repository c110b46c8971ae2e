// LR Lens in a Korean VS Code (code-server --locale ko; run-integration-tests.mjs --locale ko, which
// runs only this suite). Without a Korean language pack the workbench itself stays English, but the
// extension host's language is 'ko', so vscode.l10n.t reads l10n/bundle.l10n.ko.json and the
// manifest is read through package.nls.ko.json. Expected texts are built from the bundle and the
// pure analysis, so each check is exact.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { analyze } from '../../src/core/model/analyze';
import { lint } from '../../src/core/lint';
import { escapeMd } from '../../src/core/present/hoverMarkdown';
import { format } from '../../src/core/l10n/translate';
import type { PanelTestState } from '../../src/features/chart/host/chartPanel';
import { ALL_PAGE_TEMPLATES } from '../../src/features/chart/protocol/pageStrings';
import { api, EXTENSION_ID, ROOT, waitFor } from './helpers';

const WS = path.join(ROOT, 'test', 'fixtures', 'workspace');
const DIAGNOSTICS = path.join(ROOT, 'test', 'fixtures', 'scripts', 'diagnostics');
const KO = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
const NLS_KO = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.ko.json'), 'utf8')) as Record<string, string>;
const ko = (template: string, ...args: (string | number)[]) => format(KO[template], args);
const HANGUL = /[\uac00-\ud7a3]/;

async function open(file: string): Promise<vscode.TextEditor> {
  await api();
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(doc, { preview: false });
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  return waitFor(async () => {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 1000)) ?? [];
    const titles = lenses.map((l) => l.command?.title ?? '');
    return titles.length > 0 && titles.every((t) => t) ? titles : undefined;
  }, 15_000, 'code lenses');
}

describe('LR Lens in Korean (l10n)', () => {
  it('the display language is Korean', () => {
    assert.strictEqual(vscode.env.language, 'ko');
  });

  it('code lenses: the curve line and the assumptions lens are in Korean', async () => {
    const editor = await open(path.join(WS, 'train.py'));
    const titles = await lensTitles(editor.document.uri);
    // StepLR over 100 epochs: 0.1 → 1e-4 · 100 에폭; the HF schedule: … · 워밍업 500 · 10,000 스텝.
    assert.ok(titles.includes(`0.1 → 1e-4 · ${ko('{0} epochs', '100')}`), titles.join(' | '));
    assert.ok(titles.includes(`0 → 5e-5 → 5.263e-9 · ${ko('warm-up {0}', '500')} · ${ko('{0} steps', '10,000')}`), titles.join(' | '));
    const assumed = await open(path.join(WS, 'assumed.py'));
    const t2 = await lensTitles(assumed.document.uri);
    assert.ok(t2.includes(ko('{0} assumption', 1)), t2.join(' | '));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the hover is in Korean', async () => {
    const editor = await open(path.join(WS, 'train.py'));
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('hf_scheduler = get_linear_schedule_with_warmup('));
    const hovers = await waitFor(async () => {
      const h = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, 20))) ?? [];
      return h.length ? h : undefined;
    }, 15_000, 'hover');
    const md = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    for (const row of [`**${KO['peak lr']}** 5e-5 (${ko('step {0}', '500')})`, `**${KO['warm-up end']}** ${ko('step {0}', '500')}`, `**${KO['run length']}** ${ko('{0} steps', '10,000')} — ${KO['loops: {0}'].replace('{0}', '')}`]) {
      assert.ok(md.includes(row), `hover has ${row}:\n${md}`);
    }
    assert.ok(md.includes(`[${KO['Open chart']}](command:lrLens.showChart?`), md);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a diagnostic in the Problems panel is the Korean template filled with the rule\'s numbers', async () => {
    const file = path.join(DIAGNOSTICS, 'warmup-too-long.py');
    const text = fs.readFileSync(file, 'utf8');
    const expected = lint(analyze(text), text).diagnostics.map((d) => format(KO[d.messageTemplate], d.args));
    assert.ok(expected.length > 0 && expected.every((m) => HANGUL.test(m)), expected.join('\n'));
    const editor = await open(file);
    const got = await waitFor(() => {
      const ds = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'LR Lens');
      return ds.length ? ds.map((d) => d.message) : undefined;
    }, 15_000, 'diagnostics');
    assert.deepStrictEqual(got.sort(), expected.sort());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("an analysis' own message is in Korean in the hover and on the chart page, whose toolbar and string table are Korean", async function () {
    this.timeout(60_000);
    // StepLR(…, verbose=True): the analysis notes that `verbose` is deprecated (its own wording, an ownMessage).
    const file = path.join(DIAGNOSTICS, 'verbose-removed.py');
    const finding = analyze(fs.readFileSync(file, 'utf8')).schedulers[0];
    const verbose = finding.diagnostics.find((d) => d.template === '`verbose` is deprecated in PyTorch 2.x and does not change the schedule');
    assert.ok(verbose, JSON.stringify(finding.diagnostics));
    const korean = ko(verbose.template!, ...verbose.args!);
    assert.ok(HANGUL.test(korean), korean);

    const editor = await open(file);
    const position = new vscode.Position(finding.line - 1, editor.document.lineAt(finding.line - 1).text.indexOf('StepLR') + 2);
    const md = await waitFor(async () => {
      const h = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position)) ?? [];
      const text = h.flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return text.includes('LR Lens') ? text : undefined;
    }, 15_000, 'hover');
    assert.ok(md.includes(escapeMd(korean)), `hover has "${korean}":\n${md}`);
    assert.ok(!md.includes('is deprecated in PyTorch'), 'not the English message');

    await vscode.commands.executeCommand('lrLens.showChart', editor.document.uri.toString(), finding.id);
    let last: unknown;
    const state = await waitFor(async () => {
      const st = await vscode.commands.executeCommand<PanelTestState>('lrLens.test.chartPanelState');
      last = st;
      return st?.ready && st.rendered?.text && st.rendered.datasets > 0 ? st : undefined;
    }, 30_000, 'the chart page to render').catch((e: Error) => {
      throw new Error(`${e.message}; panel state: ${JSON.stringify(last)}`);
    });
    const text = state.rendered!.text!;
    console.log(`      page: lang ${text.lang}, ${text.strings} strings, texts ${JSON.stringify(text.texts)}`);
    assert.strictEqual(text.lang, 'ko', 'the document language');
    assert.strictEqual(text.strings, ALL_PAGE_TEMPLATES.length, 'the page kept every template of the host table');
    const [log, axis, ...rest] = text.texts;
    assert.ok([KO['Linear y'], KO['Log y'], KO['Log y (auto)']].includes(log), `log button: ${log}`);
    assert.ok([KO['x: steps'], KO['x: epochs']].includes(axis), `x button: ${axis}`);
    assert.ok(HANGUL.test(log) && HANGUL.test(axis));
    assert.ok(rest.includes(korean), `the page shows "${korean}": ${JSON.stringify(rest)}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the contributed commands and settings are read through package.nls.ko.json', () => {
    const pj = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    // VS Code keeps the English title beside a translated one (the command palette searches both).
    const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const titles = Object.fromEntries((pj.contributes.commands as { command: string; title: string | { value: string; original: string } }[]).map((c) => [c.command, c.title]));
    for (const id of ['showChart', 'editAssumptions', 'generateScheduler', 'changeScheduler']) {
      assert.deepStrictEqual(titles[`lrLens.${id}`], { value: NLS_KO[`command.${id}.title`], original: nls[`command.${id}.title`] }, id);
    }
    assert.strictEqual(pj.contributes.configuration.properties['lrLens.codeLens.enabled'].markdownDescription, NLS_KO['config.codeLens.enabled.markdownDescription']);
    assert.strictEqual(pj.description, NLS_KO.description);
  });
});
