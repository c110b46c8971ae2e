#!/usr/bin/env node
// The packaged extension as a user gets it: `vsce package` builds the .vsix (production bundles, via
// the vscode:prepublish script), its contents are checked against the .vscodeignore allow-list, and
// it is installed into a scratch extensions folder of the real VS Code (code-server
// --install-extension, NO extensionDevelopmentPath). Then headless chromium opens
// test/fixtures/workspace, opens train.py and LR Lens's code lens and hover must appear. Offline.
//
// Checks (each passes or fails): package, contents, install, lens, hover.
// Screenshots go to screenshots/ (git-ignored): vsix-lens.png, vsix-hover.png (the README's
// docs/lens.png and docs/hover.png are copies of them), vsix-99-failure.png.
//
// Last line printed, for wrappers:   vsix: N passed, M failed (...)
// Exit code: 0 all passed, 1 a check failed, 2 infrastructure problem or timeout.
// Env: LRLENS_VSIX_MAX_KIB (size budget, default 1024), LRLENS_TEST_TIMEOUT_MS (default 300000),
//      plus those of scripts/lib/vscode-web.mjs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { checkReport } from './lib/report.mjs';
import { ROOT, WORKSPACE, codeServerVersion, makeLogger, missingPrerequisites, runGuarded } from './lib/vscode-web.mjs';
import { codeLenses, openInEditor, screenshotter, waitForWorkbench } from './lib/workbench-ui.mjs';

const require = createRequire(path.join(ROOT, 'package.json'));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const maxKiB = Number(process.env.LRLENS_VSIX_MAX_KIB || 1024);
const timeoutMs = Number(process.env.LRLENS_TEST_TIMEOUT_MS || 300_000);
const shots = path.join(ROOT, 'screenshots');
const log = makeLogger('vsix');

// The hf scheduler of train.py, as the Node integration suite expects it.
const LENS = /warm-up 500 · 10,000 steps/;
const HOVER = /peak lr/;

const report = checkReport('vsix', log);
const { record } = report;

/** What the .vsix must ship (under extension/), and the only shapes of file it may ship. */
function expectedContents() {
  const required = ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'dist/extension.js', 'dist/web/extension.js', 'dist/analysisWorker.js', 'dist/web/analysisWorker.js', 'dist/webview.js', pkg.icon, 'media/chart.css', 'media/walkthrough/sample_train.py'];
  for (const w of pkg.contributes.walkthroughs ?? []) {
    for (const step of w.steps) for (const m of Object.values(step.media ?? {})) if (typeof m === 'string' && /\.(svg|png|md)$/.test(m)) required.push(m);
  }
  const allowed = [/^dist\/extension\.js$/, /^dist\/web\/extension\.js$/, /^dist\/analysisWorker\.js$/, /^dist\/web\/analysisWorker\.js$/, /^dist\/webview\.js$/, /^media\//, /^package(\.nls(\.[\w-]+)?)?\.json$/, /^l10n\//, /^snippets\//, /^(readme|changelog)\.md$/, /^LICENSE\.txt$/];
  return { required: [...new Set(required)], allowed };
}

/** File names and sizes inside a zip (the .vsix), read with yauzl (a dependency of @vscode/vsce). */
function zipEntries(file) {
  const yauzl = createRequire(require.resolve('@vscode/vsce/package.json'))('yauzl');
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries = [];
      zip.on('entry', (e) => {
        entries.push({ name: e.fileName, size: e.uncompressedSize });
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const problems = missingPrerequisites({ needBuild: false });
if (problems.length) {
  for (const p of problems) log(`missing: ${p}`);
  report.notRun('prerequisites missing');
}
fs.mkdirSync(shots, { recursive: true });

const result = await runGuarded(
  {
    name: 'vsix',
    log,
    timeoutMs,
    onAbort: report.onAbort,
  },
  async (session) => {
    const finish = (extra = '') => report.finish(`code-server ${codeServerVersion()}${extra}, ${log.elapsed().toFixed(1)} s`);

    // 1. package (npm run package = vsce package --no-dependencies; vscode:prepublish builds for production)
    const vsix = path.join(session.scratch, `${pkg.name}-${pkg.version}.vsix`);
    const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: ROOT, encoding: 'utf8', env: session.childEnv(), timeout: 180_000 });
    if (r.status !== 0 || !fs.existsSync(vsix)) {
      record('package', 'failed', `vsce package exited ${r.status ?? r.signal}: ${`${r.stdout}${r.stderr}`.trim().split('\n').slice(-15).join(' | ')}`);
      return finish();
    }
    const kib = fs.statSync(vsix).size / 1024;
    record('package', kib <= maxKiB ? 'passed' : 'failed', `${path.basename(vsix)} ${kib.toFixed(1)} KiB (budget ${maxKiB} KiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // 2. contents
    const entries = (await zipEntries(vsix)).filter((e) => e.name.startsWith('extension/')).map((e) => ({ ...e, name: e.name.slice('extension/'.length) }));
    const names = entries.map((e) => e.name);
    const { required, allowed } = expectedContents();
    const missing = required.filter((f) => !names.includes(f));
    const unexpected = names.filter((f) => !allowed.some((re) => re.test(f)) || /\.map$/.test(f));
    const sizes = entries.map((e) => `${e.name} ${(e.size / 1024).toFixed(1)}`).join(', ');
    record('contents', missing.length || unexpected.length ? 'failed' : 'passed',
      `${names.length} files${missing.length ? `; missing ${missing.join(', ')}` : ''}${unexpected.length ? `; not on the allow-list: ${unexpected.join(', ')}` : ''} (KiB: ${sizes})`);

    // 3. install, as a user would
    try {
      const out = session.installExtension(vsix);
      const installed = fs.readdirSync(session.extensionsDir).filter((d) => d.startsWith(`${pkg.publisher}.${pkg.name}-`));
      const manifest = installed.length === 1 ? JSON.parse(fs.readFileSync(path.join(session.extensionsDir, installed[0], 'package.json'), 'utf8')) : undefined;
      const ok = manifest?.version === pkg.version && fs.existsSync(path.join(session.extensionsDir, installed[0], 'dist', 'extension.js'));
      record('install', ok ? 'passed' : 'failed', `${installed.join(', ') || 'nothing'} in the scratch extensions folder; ${out.split('\n').pop()}`);
      if (!ok) return finish();
    } catch (e) {
      record('install', 'failed', e.message);
      return finish();
    }

    // 4. lens: the installed extension (no extensionDevelopmentPath) shows its lenses on train.py
    await session.startCodeServer({ workspace: WORKSPACE });
    const page = await session.launchBrowser({ viewport: { width: 1280, height: 720 } });
    const shot = screenshotter(page, shots, { root: ROOT, log });
    try {
      await page.goto(session.workbenchUrl({ folder: WORKSPACE }));
      await waitForWorkbench(page, 'train.py');
      await openInEditor(page, 'train.py', { expectText: 'StepLR', log });
      const lens = codeLenses(page, LENS).first();
      await lens.waitFor({ timeout: 30_000 });
      const all = await codeLenses(page).allInnerTexts();
      record('lens', 'passed', `${JSON.stringify(await lens.innerText())} among ${JSON.stringify(all)}; ${await shot('vsix-lens.png')}`);
    } catch (e) {
      const any = await codeLenses(page).allInnerTexts().catch(() => []);
      record('lens', 'failed', `${e.message.split('\n')[0]}; lenses present: ${JSON.stringify(any)}; ${await shot('vsix-99-failure.png')}`);
      return finish();
    }

    // 5. hover on the get_linear_schedule_with_warmup call (the lowest of its two mentions; the other is the import)
    try {
      const boxes = await page.evaluate((name) => [...document.querySelectorAll('.editor-instance .view-lines span')]
        .filter((el) => el.children.length === 0 && el.textContent.includes(name))
        .map((el) => {
          // the middle of the name inside the token
          const range = document.createRange();
          const start = el.textContent.indexOf(name);
          range.setStart(el.firstChild, start);
          range.setEnd(el.firstChild, start + name.length);
          const r = range.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }), 'get_linear_schedule_with_warmup');
      const call = boxes.sort((a, b) => b.y - a.y)[0];
      if (!call) throw new Error('no get_linear_schedule_with_warmup token on screen');
      await page.mouse.move(call.x + call.width / 2, call.y + call.height / 2);
      const hover = page.locator('.monaco-hover', { hasText: HOVER }).first();
      await hover.waitFor({ state: 'visible', timeout: 15_000 });
      await page.waitForTimeout(500); // the sparkline image decodes
      const text = (await hover.innerText()).replace(/\s+/g, ' ').slice(0, 160);
      record('hover', 'passed', `${JSON.stringify(text)}…; ${await shot('vsix-hover.png')}`);
    } catch (e) {
      record('hover', 'failed', `${e.message.split('\n')[0]}; ${await shot('vsix-99-failure.png')}`);
    }
    return finish(`, ${(fs.statSync(vsix).size / 1024).toFixed(1)} KiB .vsix`);
  },
);
report.exit(result);
