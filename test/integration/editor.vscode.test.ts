// LR Lens's editor layer in a real VS Code extension host: code lenses, hovers, inline previews,
// settings, commands, an edit + undo, and typing latency on a 5,000-line script.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { planApplyToCode } from '../../src/features/chart/protocol/applyEdits';
import type { SchedulerFinding } from '../../src/core/model/types';
import type { Curve } from '../../src/core/engine/spec';
import { lensTitle } from '../../src/core/present/summary';
import { bigScript } from './bigScript';
import { ROOT, api as extensionApi, type Api as ExtensionApi, cliJson, hoversAt, lenses, setSetting, sleep, waitFor } from './helpers';

const EXAMPLES = ['tutorial_warmup_linear.py', 'hf_no_trainer.py', 'trainer_args.py', 'torchvision_ref.py', 'onecycle.py'];

type Api = ExtensionApi;
interface Stats {
  now: number;
  analyses: { uri: string; version: number; lines: number; ms: number; cpuMs: number; at: number; trigger: string }[];
  simulations: { uri: string; findingId: number; steps: number; ms: number }[];
  previews: { uri: string; version: number; at: number; count: number; texts: string[] }[];
}

const api = () => extensionApi<Api>();

async function open(file: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await api();
  return editor;
}

const fixture = (name: string) => path.join(ROOT, 'test', 'fixtures', 'workspace', name);
const example = (name: string) => path.join(ROOT, 'examples', name);

async function stats(reset = false): Promise<Stats> {
  return (await vscode.commands.executeCommand<Stats>('lrLens.internal.stats', reset)) as Stats;
}

/** The CLI's JSON for a file (`node dist/cli.js analyze FILE --json`). */
function cli(file: string): { schedulers: (Record<string, unknown> & { id: number; kind: string; unit: SchedulerFinding['unit']; steps: number; lr: number[][]; error?: Curve['error'] })[] } {
  return cliJson(['analyze', file, '--json']);
}

function cliCurve(s: { lr: number[][]; error?: Curve['error'] }): Curve {
  const groups = s.lr[0]?.length ?? 1;
  return { groups, rows: s.lr.length, lr: Float64Array.from(s.lr.flat()), ...(s.error ? { error: s.error } : {}) };
}

describe('LR Lens editor layer', function () {
  this.timeout(60_000);

  before(async () => {
    await api();
  });

  afterEach(async () => {
    await setSetting('codeLens.enabled', undefined);
    await setSetting('inlinePreview.enabled', undefined);
  });

  it('code lenses on train.py show the curve in one line and open the chart', async () => {
    const editor = await open(fixture('train.py'));
    const ls = await lenses(editor.document.uri);
    const titles = ls.map((l) => l.command!.title);
    console.log(`      lenses: ${JSON.stringify(titles)}`);
    assert.deepStrictEqual(titles, ['0.1 → 1e-4 · 100 epochs', '0 → 5e-5 → 5.263e-9 · warm-up 500 · 10,000 steps']);
    for (const l of ls) assert.strictEqual(l.command!.command, 'lrLens.showChart');
    assert.deepStrictEqual(ls[0].command!.arguments, [editor.document.uri.toString(), 0]);
    assert.deepStrictEqual(ls[1].command!.arguments, [editor.document.uri.toString(), 1]);
    assert.strictEqual(ls[0].range.start.line, 10); // scheduler = StepLR(...) is line 11
    assert.strictEqual(ls[1].range.start.line, 19);
  });

  it('a ds_config JSON beside the script is read, drawn, and re-read when it changes on disk', async () => {
    const editor = await open(fixture('deepspeed_train.py'));
    const title = async () => (await lenses(editor.document.uri)).map((l) => l.command!.title)[0];
    await waitFor(async () => ((await title()) === '0 → 3e-4 → 0 · warm-up 201 · 4,000 steps' ? true : undefined), 15000, 'the WarmupDecayLR lens from ds_config.json');
    const config = vscode.Uri.file(fixture('ds_config.json'));
    const original = await vscode.workspace.fs.readFile(config);
    try {
      const edited = new TextDecoder().decode(original).replace('"warmup_max_lr": 0.0003', '"warmup_max_lr": 0.0006');
      await vscode.workspace.fs.writeFile(config, new TextEncoder().encode(edited));
      await waitFor(async () => ((await title()) === '0 → 6e-4 → 0 · warm-up 201 · 4,000 steps' ? true : undefined), 15000, 'the lens after ds_config.json changed');
    } finally {
      await vscode.workspace.fs.writeFile(config, original);
    }
  });

  it('a Hydra app: conf/config.yaml and the config group its defaults list names are read, drawn, and re-read when the group file changes', async () => {
    const editor = await open(fixture('hydra/train.py'));
    const title = async () => (await lenses(editor.document.uri)).map((l) => l.command!.title)[0];
    await waitFor(async () => ((await title()) === '0.1 → 1.986e-4 · 50 epochs' ? true : undefined), 20000, 'the CosineAnnealingLR lens from conf/scheduler/cosine.yaml');
    const group = vscode.Uri.file(fixture('hydra/conf/scheduler/cosine.yaml'));
    const original = await vscode.workspace.fs.readFile(group);
    try {
      const edited = new TextDecoder().decode(original).replace('T_max: ${trainer.max_epochs}', 'T_max: 20');
      await vscode.workspace.fs.writeFile(group, new TextEncoder().encode(edited));
      await waitFor(async () => ((await title()) === '0.1 → 0.05786 · 50 epochs' ? true : undefined), 20000, 'the lens after cosine.yaml changed (T_max 20)');
    } finally {
      await vscode.workspace.fs.writeFile(group, original);
    }
  });

  it('lens titles on every example match the CLI (node dist/cli.js analyze FILE --json)', async () => {
    for (const name of EXAMPLES) {
      const editor = await open(example(name));
      const a = (await api()).getAnalysis(editor.document);
      assert.ok(a, `analysis of ${name}`);
      const ls = await lenses(editor.document.uri);
      const summaries = ls.filter((l) => l.command!.command === 'lrLens.showChart' && !/^part of /.test(l.command!.title));
      const report = cli(example(name));
      let compared = 0;
      for (const s of report.schedulers) {
        const f: SchedulerFinding | undefined = a.schedulers.find((x) => x.id === s.id);
        assert.ok(f, `${name}: finding #${s.id} ${s.kind} also in the extension`);
        if (f.parent !== null) continue;
        const lens = summaries.find((l) => l.command!.arguments?.[1] === s.id);
        assert.ok(lens, `${name}: a lens for #${s.id} ${s.kind}`);
        assert.strictEqual(lens.range.start.line, f.range.startPos.line);
        // One default run length (the setting's default is the analyzer's): every run length agrees.
        assert.strictEqual(s.steps, f.naturalSteps, `${name} #${s.id} ${s.kind}: run length`);
        const expected: string = (f.active ? '' : '(not reached) ') + lensTitle(f, cliCurve(s));
        assert.strictEqual(lens.command!.title, expected, `${name} #${s.id} ${s.kind}`);
        compared++;
      }
      console.log(`      ${name}: ${summaries.length} lens(es), ${compared} compared with the CLI: ${JSON.stringify(summaries.map((l) => l.command!.title))}`);
      assert.ok(compared > 0, `${name}: at least one lens compared`);
    }
  });

  it('an `N assumptions` lens opens the assumptions', async () => {
    // onecycle.py's train_set is not in the file: len(train_loader) is assumed.
    const editor = await open(example('onecycle.py'));
    const ls = await lenses(editor.document.uri);
    const assumption = ls.filter((l) => l.command!.command === 'lrLens.editAssumptions');
    assert.strictEqual(assumption.length, 1, JSON.stringify(ls.map((l) => l.command!.title)));
    assert.strictEqual(assumption[0].command!.title, '1 assumption');
    assert.match(assumption[0].command!.tooltip ?? '', /len\(train_loader\) = 1000/);
    const summary = ls.find((l) => l.command!.command === 'lrLens.showChart' && l.range.isEqual(assumption[0].range));
    assert.ok(summary, 'the summary lens sits on the same line');
    assert.strictEqual(summary.command!.title, '4e-3 → 0.1 → 4e-7 · warm-up 4,999 · 20,000 steps');
  });

  it("the tutorial's dataset size is read from the code: 3,200 samples / 32 = 100 batches, 1,000 steps, no assumption lens", async () => {
    const editor = await open(example('tutorial_warmup_linear.py'));
    const ls = await lenses(editor.document.uri);
    assert.deepStrictEqual(ls.filter((l) => l.command!.command === 'lrLens.editAssumptions').map((l) => l.command!.title), []);
    const titles = ls.filter((l) => l.command!.command === 'lrLens.showChart').map((l) => l.command!.title);
    assert.ok(titles.includes('0 → 5e-5 → 5.556e-8 · warm-up 100 · 1,000 steps'), JSON.stringify(titles));
    assert.ok(titles.includes('0.1 → 0.0125 · 10 epochs'), JSON.stringify(titles));
  });

  it('hover on a scheduler call: SVG sparkline, peak, last lr and end of schedule, warm-up, arguments, Open chart link', async () => {
    const editor = await open(fixture('train.py'));
    const line = editor.document.lineAt(19).text; // hf_scheduler = get_linear_schedule_with_warmup(
    const pos = new vscode.Position(19, line.indexOf('get_linear') + 3);
    const md = (await hoversAt(editor.document.uri, pos)).markdown;
    assert.match(md, /!\[learning-rate curve\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/);
    const b64 = /data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(md)![1];
    assert.match(Buffer.from(b64, 'base64').toString('utf8'), /^<svg [^>]*>.*<polyline/);
    // The headline first (issue 18 item 10): start, peak and last lr, run length, warm-up end, end of schedule.
    assert.match(md, /\*\*start lr\*\* 0 · \*\*peak lr\*\* 5e-5 \(step 500\) · \*\*last lr\*\* 5\.263e-9 \(step 9,999\)/);
    assert.match(md, /\*\*run length\*\* 10,000 steps — .* · \*\*warm-up end\*\* step 500/);
    assert.match(md, /\*\*end of schedule\*\* 0 after 10,000 steps/);
    assert.match(md, /`num_training_steps` = `10000` \(`num_training_steps`\)/);
    assert.doesNotMatch(md, /\|---/, 'no tables');
    assert.match(md, /\[Open chart\]\(command:lrLens\.showChart\?/);
    const args = JSON.parse(decodeURIComponent(/command:lrLens\.showChart\?([^ )]+)/.exec(md)![1]));
    assert.deepStrictEqual(args, [editor.document.uri.toString(), 1]);
    // Not on a scheduler: no LR Lens hover.
    const none = (await hoversAt(editor.document.uri, new vscode.Position(6, 2))).hovers;
    assert.ok(!none.flatMap((h) => h.contents).some((c) => typeof c !== 'string' && 'value' in c && /LR Lens/.test(c.value)));
  });

  it('inline previews: a sparkline and the lr the last step trains with, at the end of each scheduler line', async () => {
    const editor = await open(fixture('train.py'));
    const uri = editor.document.uri.toString();
    const update = await waitFor(async () => (await stats()).previews.filter((p) => p.uri === uri && p.version === editor.document.version).pop(), 5000, 'a preview of train.py');
    console.log(`      previews: ${JSON.stringify(update.texts)}`);
    assert.strictEqual(update.count, 2);
    assert.match(update.texts[0], /^[▁▂▃▄▅▆▇█]{16} → 1e-4$/);
    assert.match(update.texts[1], /^[▁▂▃▄▅▆▇█]{16} → 5\.263e-9$/);
  });

  it('settings turn the code lens and the inline preview off and on', async () => {
    const editor = await open(fixture('train.py'));
    const uri = editor.document.uri.toString();
    await setSetting('codeLens.enabled', false);
    await waitFor(async () => ((await lenses(editor.document.uri)).length === 0 ? true : undefined), 5000, 'no lenses');
    await setSetting('codeLens.enabled', true);
    await waitFor(async () => ((await lenses(editor.document.uri)).length === 2 ? true : undefined), 5000, 'lenses back');

    await stats(true);
    await vscode.commands.executeCommand('lrLens.toggleInlinePreview');
    assert.strictEqual(vscode.workspace.getConfiguration('lrLens').get('inlinePreview.enabled'), false);
    await sleep(200);
    assert.ok(!(await stats()).previews.some((p) => p.uri === uri && p.count > 0), 'no previews drawn while off');
    await vscode.commands.executeCommand('lrLens.toggleInlinePreview');
    await waitFor(async () => (await stats()).previews.find((p) => p.uri === uri && p.count === 2), 5000, 'previews back');
  });

  it('lrLens.showChart opens the chart panel (webview lrLens.chart) on a scheduler', async function () {
    const editor = await open(fixture('train.py'));
    await vscode.commands.executeCommand('lrLens.showChart', editor.document.uri.toString(), 1);
    const tab = await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('lrLens.chart')),
      15_000,
      'a webview tab of view type lrLens.chart',
    );
    assert.ok(tab);
    // The page drew the curve (the panel's test-mode state command).
    let last: unknown;
    const state = await waitFor(async () => {
      const st = await vscode.commands.executeCommand<{ ready: boolean; rendered: { datasets: number; points: number } | null; focus: { schedulerId: number | null } }>('lrLens.test.chartPanelState');
      last = st;
      return st && st.ready && st.rendered && st.rendered.datasets > 0 ? st : undefined;
    }, 20_000, 'the chart page to render').catch((e: Error) => {
      throw new Error(`${e.message}; panel state: ${JSON.stringify(last)}`);
    });
    console.log(`      chart rendered: ${JSON.stringify(state.rendered)}, focus ${JSON.stringify(state.focus)}`);
    assert.strictEqual(state.focus.schedulerId, 1);
  });

  it('the `N assumptions` lens command opens the panel on the assumptions', async function () {
    const editor = await open(example('onecycle.py'));
    const lens = (await lenses(editor.document.uri)).find((l) => l.command!.command === 'lrLens.editAssumptions');
    assert.ok(lens);
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    const state = await waitFor(async () => {
      // (The panel clears a section focus once it has posted it, so the scheduler focus is what stays.)
      const st = await vscode.commands.executeCommand<{ uri: string | null; visible: boolean; focus: { schedulerId: number | null; section?: string } }>('lrLens.test.chartPanelState');
      return st && st.visible && st.uri === editor.document.uri.toString() && st.focus.schedulerId === lens.command!.arguments![1] ? st : undefined;
    }, 15_000, 'the panel to show the assumptions');
    assert.strictEqual(state.focus.schedulerId, lens.command!.arguments![1]);
  });

  it('an edit from the panel (apply to code) changes the lens, and undo restores the text', async () => {
    const editor = await open(fixture('train.py'));
    const doc = editor.document;
    const before = doc.getText();
    try {
    const a = (await api()).getAnalysis(doc)!;
    const plan = planApplyToCode(a, doc.getText(), doc.version, doc.version, [{ schedulerId: 0, argument: 'step_size', value: 20 }]);
    assert.ok(plan.ok, JSON.stringify(plan));
    const edit = new vscode.WorkspaceEdit();
    for (const r of plan.replacements) edit.replace(doc.uri, new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)), r.newText);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match(doc.getText(), /StepLR\(optimizer, step_size=20, gamma=0\.1\)/);
    await waitFor(async () => ((await lenses(doc.uri))[0]?.command?.title === '0.1 → 1e-5 · 100 epochs' ? true : undefined), 5000, 'the StepLR lens to follow the edit (epochs 81-100 train at 1e-5)');

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => (doc.getText() === before ? true : undefined), 5000, 'undo to restore the text');
    assert.strictEqual(doc.isDirty, false);
    await waitFor(async () => ((await lenses(doc.uri))[0]?.command?.title === '0.1 → 1e-4 · 100 epochs' ? true : undefined), 5000, 'the lens to follow the undo');
    } finally {
      // Never leave the fixture edited (or saved edited) for the next run.
      if (doc.getText() !== before) {
        const fix = new vscode.WorkspaceEdit();
        fix.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), before);
        await vscode.workspace.applyEdit(fix);
        await doc.save();
      }
    }
  });

  it('typing in a 5,000-line script: every edit\'s previews follow it (latency: npm run bench)', async function () {
    this.timeout(120_000);
    const content = bigScript(5000);
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const uri = doc.uri.toString();
    assert.strictEqual(doc.lineCount, 5000);
    await waitFor(async () => (await stats()).previews.find((p) => p.uri === uri && p.count > 0), 10_000, 'first preview');
    await sleep(300);
    await stats(true);

    // Type into the StepLR's step_size (a digit at a time) and into a comment in the middle.
    const target = findLine(doc, 'step_size=');
    const col = doc.lineAt(target).text.indexOf('step_size=') + 'step_size='.length;
    const latencies: number[] = [];
    const fromEvent: number[] = [];
    let lastEvent = 0;
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc) lastEvent = performance.now();
    });
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      let lastKey = 0;
      const keys = '1234';
      for (let i = 0; i < keys.length; i++) {
        lastKey = performance.now();
        await editor.edit((b) => b.insert(new vscode.Position(target, col), keys[i]), { undoStopBefore: false, undoStopAfter: false });
        await sleep(30); // ~33 keys/s, faster than the debounce
      }
      const version = doc.version;
      const p = await waitFor(async () => (await stats()).previews.find((u) => u.uri === uri && u.version === version), 5000, `preview of version ${version}`);
      latencies.push(p.at - lastKey);
      fromEvent.push(p.at - lastEvent);
      assert.strictEqual(p.count, 3, `3 previews after typing, got ${JSON.stringify(p.texts)}`);
      // Delete what was typed, then check the preview follows that too.
      lastKey = performance.now();
      await editor.edit((b) => b.delete(new vscode.Range(target, col, target, col + keys.length)), { undoStopBefore: false, undoStopAfter: false });
      const v2 = doc.version;
      const p2 = await waitFor(async () => (await stats()).previews.find((u) => u.uri === uri && u.version === v2), 5000, `preview of version ${v2}`);
      latencies.push(p2.at - lastKey);
      fromEvent.push(p2.at - lastEvent);
      assert.strictEqual(p2.count, 3, `3 previews after deleting, got ${JSON.stringify(p2.texts)}`);
    }
    sub.dispose();
    console.log(`      preview latency after the change event (measured by npm run bench): ${fromEvent.map((x) => x.toFixed(0)).join(' ')} ms; after edit(): ${latencies.map((x) => x.toFixed(0)).join(' ')} ms`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

function findLine(doc: vscode.TextDocument, needle: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  throw new Error(`no line with ${needle}`);
}
