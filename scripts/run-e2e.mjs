#!/usr/bin/env node
// Browser end-to-end check of LR Lens in a REAL VS Code workbench: code-server (installed by
// `npm run setup:vscode`) + headless Debian chromium via playwright-core. Offline. Builds nothing:
// run `npm run build` first (dist/extension.js is loaded as extensionDevelopmentPath).
//
// Checks, in order (each passes, fails or is skipped):
//   1. workbench   - the workbench renders and the Explorer lists train.py (test/fixtures/workspace)
//   2. editor      - train.py opens in an editor (Quick Open, falling back to the Explorer)
//   3. chart       - the first code lens whose text matches --lens is clicked; the first webview that
//                    appears must contain a <canvas> with drawn (non-background) pixels.
//                    No matching code lens within --lens-timeout => "skipped: no code lens"
//                    (a failure with --require-lens).
// Screenshots go to screenshots/ (git-ignored): e2e-01-workbench.png, e2e-02-editor.png,
// e2e-03-codelens.png, e2e-04-webview.png, e2e-05-canvas.png, e2e-99-failure.png.
//
// Last line printed, for wrappers:   e2e: N passed, M failed, K skipped (...)
// Exit code: 0 nothing failed (skips allowed), 1 a check failed, 2 infrastructure problem/timeout.
//
// Options: --lens <regex>         code lens text to click (default: →|\bLR\b|learning[ -]?rate|chart, case-insensitive)
//          --lens-timeout <ms>    how long to wait for that code lens (default 20000)
//          --require-lens         a missing code lens fails instead of skipping
//          --shots <dir>          screenshot folder (default screenshots/)
//          --extension <dir>      extension to load instead of this repository (harness self-test)
// Env:     LRLENS_E2E_LENS, LRLENS_E2E_REQUIRE_LENS=1, LRLENS_TEST_TIMEOUT_MS (global, default 300000),
//          plus those of scripts/lib/vscode-web.mjs (LRLENS_VERBOSE=1, LRLENS_KEEP_SCRATCH=1, ...).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, WORKSPACE, codeServerVersion, makeLogger, missingPrerequisites, runGuarded } from './lib/vscode-web.mjs';
import { codeLenses, openInEditor, waitForWorkbench } from './lib/workbench-ui.mjs';

const { values: opt } = parseArgs({
  options: {
    // LR Lens's summary lens reads like `5e-5 → 0 · warm-up 100 · 1,000 steps`.
    lens: { type: 'string', default: process.env.LRLENS_E2E_LENS || '→|\\bLR\\b|learning[ -]?rate|chart' },
    'lens-timeout': { type: 'string', default: '20000' },
    'require-lens': { type: 'boolean', default: process.env.LRLENS_E2E_REQUIRE_LENS === '1' },
    shots: { type: 'string', default: path.join(ROOT, 'screenshots') },
    extension: { type: 'string', default: ROOT },
  },
});
const lensRe = new RegExp(opt.lens, 'i');
const lensTimeout = Number(opt['lens-timeout']);
const shots = path.resolve(opt.shots);
const extensionPath = path.resolve(opt.extension);
const timeoutMs = Number(process.env.LRLENS_TEST_TIMEOUT_MS || 300_000);
const log = makeLogger('e2e');

const checks = []; // { name, status: 'passed'|'failed'|'skipped', detail }
function record(name, status, detail = '') {
  checks.push({ name, status, detail });
  const mark = { passed: '✔', failed: '✘', skipped: '-' }[status];
  log(`${mark} ${name}: ${status}${detail ? ` - ${detail}` : ''}`);
}
function summaryLine(note) {
  const n = (s) => checks.filter((c) => c.status === s).length;
  return `e2e: ${n('passed')} passed, ${n('failed')} failed, ${n('skipped')} skipped (${note})`;
}

const problems = missingPrerequisites({ needBuild: extensionPath === ROOT });
if (problems.length) {
  for (const p of problems) log(`missing: ${p}`);
  console.log('e2e: 0 passed, 1 failed, 0 skipped (not run: prerequisites missing)');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
for (const f of fs.readdirSync(shots)) if (/^e2e-.*\.png$/.test(f)) fs.rmSync(path.join(shots, f));

/** Pixel statistics of the first non-empty <canvas> in this frame's document, or null. */
function canvasStats() {
  const canvases = [...document.querySelectorAll('canvas')].filter((c) => c.width > 0 && c.height > 0);
  if (!canvases.length) return null;
  const c = canvases[0];
  let data;
  try {
    let ctx = null;
    try { ctx = c.getContext('2d'); } catch { /* a webgl canvas */ }
    if (!ctx) {
      const copy = document.createElement('canvas');
      copy.width = c.width;
      copy.height = c.height;
      ctx = copy.getContext('2d');
      ctx.drawImage(c, 0, 0);
    }
    data = ctx.getImageData(0, 0, c.width, c.height).data;
  } catch (e) {
    return { error: String(e), canvases: canvases.length };
  }
  // "Drawn" = pixels that differ clearly from the top-left pixel (the background, transparent or not).
  const bg = [data[0], data[1], data[2], data[3]];
  let drawn = 0;
  for (let i = 0; i < data.length; i += 4) {
    const d = Math.abs(data[i] - bg[0]) + Math.abs(data[i + 1] - bg[1]) + Math.abs(data[i + 2] - bg[2]) + Math.abs(data[i + 3] - bg[3]);
    if (d > 24) drawn++;
  }
  return { width: c.width, height: c.height, drawn, total: data.length / 4, canvases: canvases.length, id: c.id || undefined };
}

const result = await runGuarded(
  {
    name: 'e2e',
    log,
    timeoutMs,
    onAbort: (why) => {
      checks.push({ name: 'run', status: 'failed', detail: why });
      console.log(summaryLine(`aborted: ${why}`));
    },
  },
  async (session) => {
    await session.startCodeServer({ workspace: WORKSPACE });
    const page = await session.launchBrowser({ viewport: { width: 1400, height: 900 } });
    const shot = async (name) => {
      const file = path.join(shots, name);
      await page.screenshot({ path: file }).catch((e) => log(`screenshot ${name} failed: ${e.message}`));
      return path.relative(ROOT, file);
    };
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    try {
      // 1. workbench
      log(`opening workbench (extensionDevelopmentPath ${extensionPath === ROOT ? 'this repository' : extensionPath})`);
      await page.goto(session.workbenchUrl({ folder: WORKSPACE, extensionDevelopmentPath: extensionPath }));
      await waitForWorkbench(page, 'train.py');
      record('workbench', 'passed', `rendered, Explorer lists train.py; ${await shot('e2e-01-workbench.png')}`);

      // 2. editor
      const how = await openInEditor(page, 'train.py', { expectText: 'StepLR', log });
      record('editor', 'passed', `train.py open via ${how}; ${await shot('e2e-02-editor.png')}`);

      // 3. chart: code lens -> webview -> canvas
      const lenses = codeLenses(page, lensRe);
      try {
        await lenses.first().waitFor({ timeout: lensTimeout });
      } catch {
        const any = await codeLenses(page).allInnerTexts();
        const detail = `no code lens matching ${lensRe} within ${lensTimeout / 1000} s` +
          (any.length ? ` (code lenses present: ${any.map((t) => JSON.stringify(t)).join(', ')})` : '');
        record('chart', opt['require-lens'] ? 'failed' : 'skipped', detail);
        return finish();
      }
      const lensText = await lenses.first().innerText();
      const shotLens = await shot('e2e-03-codelens.png');
      await lenses.first().click();
      log(`clicked code lens ${JSON.stringify(lensText)} (${await lenses.count()} matching); ${shotLens}`);
      try {
        await page.waitForSelector('iframe.webview', { timeout: 30_000 });
      } catch {
        record('chart', 'failed', `no webview opened within 30 s after clicking ${JSON.stringify(lensText)}; ${await shot('e2e-99-failure.png')}`);
        return finish();
      }
      // The webview is an outer iframe.webview whose document hosts the page in an inner frame;
      // poll every frame until one holds a canvas with enough drawn pixels (charts may animate).
      let stats = null;
      let frameOfCanvas = null;
      const until = Date.now() + 20_000;
      while (Date.now() < until) {
        for (const f of page.frames()) {
          if (f === page.mainFrame()) continue;
          try {
            const s = await f.evaluate(canvasStats);
            if (s) { stats = s; frameOfCanvas = f; }
          } catch { /* frame detached or not ready */ }
          if (stats) break;
        }
        if (stats && stats.drawn >= Math.max(50, stats.total * 0.001)) break;
        stats = null;
        await page.waitForTimeout(250);
      }
      await page.waitForTimeout(300);
      const shotWebview = await shot('e2e-04-webview.png');
      if (!stats) {
        // one last look to report what was there
        for (const f of page.frames()) {
          if (f === page.mainFrame()) continue;
          const s = await f.evaluate(canvasStats).catch(() => null);
          if (s) { stats = s; break; }
        }
        record('chart', 'failed', stats
          ? `canvas is blank: ${JSON.stringify(stats)}; ${shotWebview}`
          : `no <canvas> in any webview frame (${page.frames().length} frames); ${shotWebview}`);
        return finish();
      }
      let canvasShot = '';
      try {
        const file = path.join(shots, 'e2e-05-canvas.png');
        await frameOfCanvas.locator('canvas').first().screenshot({ path: file, timeout: 5000 });
        canvasShot = `, ${path.relative(ROOT, file)}`;
      } catch { /* page screenshot is enough */ }
      record('chart', 'passed', `canvas ${stats.width}x${stats.height}, ${stats.drawn} drawn pixels; ${shotWebview}${canvasShot}`);
      return finish();
    } catch (err) {
      const step = ['workbench', 'editor', 'chart'].find((n) => !checks.some((c) => c.name === n));
      record(step || 'run', 'failed', `${err.message.split('\n')[0]}; ${await shot('e2e-99-failure.png')}`);
      if (session.consoleTail.length) console.log(`--- workbench console (last lines) ---\n${session.consoleTail.slice(-15).join('\n')}\n---`);
      return finish();
    }

    function finish() {
      if (pageErrors.length) log(`page errors (${pageErrors.length}): ${pageErrors.slice(0, 5).join(' | ')}`);
      const failed = checks.some((c) => c.status === 'failed');
      console.log(summaryLine(`code-server ${codeServerVersion()}, ${log.elapsed().toFixed(1)} s, screenshots in ${path.relative(ROOT, shots) || '.'}/`));
      return { exitCode: failed ? 1 : 0, keepScratch: failed };
    }
  },
);
if (result?.exitCode === 2 && !checks.some((c) => c.status === 'failed')) {
  checks.push({ name: 'run', status: 'failed', detail: 'infrastructure error' });
  console.log(summaryLine('infrastructure error: code-server or chromium did not start'));
}
process.exit(result?.exitCode ?? 2);
