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
//   4. live          - in the chart page, StepLR's step_size and gamma fields are edited: the page
//                    recomputes by itself (its data-recomputes counter moves, the last lr is the
//                    exact new value, the canvas changes) without posting `recompute` to the host
//                    or receiving a new state.
//   5. apply         - "Apply to code" in the page writes both values into train.py; one Ctrl+Z in
//                    the editor restores both (one undoable edit).
//   6. refuse        - a computed argument (num_training_steps=num_training_steps) edited in the page:
//                    "Apply to code" is refused, the page shows why, the document is unchanged.
//   7. assumption    - assumed.py (a LambdaLR whose run length is epochs × an assumed len(train_loader))
//                    is opened; the chart follows it; len(train_loader) is set to 10 in the page: the
//                    page reruns the bundled analysis and the lambda itself (run length 30, last lr
//                    exact), then hands the assumption to the host in one `recompute` message: the
//                    document's model takes it, and the editor's code lens reads 30 steps.
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
import { checkReport } from './lib/report.mjs';
import { ROOT, WORKSPACE, codeServerVersion, makeLogger, missingPrerequisites, runGuarded } from './lib/vscode-web.mjs';
import { codeLenses, openInEditor, screenshotter, waitForWorkbench } from './lib/workbench-ui.mjs';

const { values: opt } = parseArgs({
  options: {
    // LR Lens's summary lens reads like `0 → 5e-5 → 5.556e-8 · warm-up 100 · 1,000 steps`.
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

const report = checkReport('e2e', log, { skips: true });
const { checks, record } = report;

const problems = missingPrerequisites({ needBuild: extensionPath === ROOT });
if (problems.length) {
  for (const p of problems) log(`missing: ${p}`);
  report.notRun('prerequisites missing');
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
    onAbort: report.onAbort,
  },
  async (session) => {
    await session.startCodeServer({ workspace: WORKSPACE });
    const page = await session.launchBrowser({ viewport: { width: 1400, height: 900 } });
    const shot = screenshotter(page, shots, { root: ROOT, log });
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
      await pageEdits(frameOfCanvas);
      return finish();
    } catch (err) {
      const step = ['workbench', 'editor', 'chart', 'live', 'apply', 'refuse', 'assumption'].find((n) => !checks.some((c) => c.name === n));
      record(step || 'run', 'failed', `${err.message.split('\n')[0]}; ${await shot('e2e-99-failure.png')}`);
      if (session.consoleTail.length) console.log(`--- workbench console (last lines) ---\n${session.consoleTail.slice(-15).join('\n')}\n---`);
      return finish();
    }

    /** The text of the train.py editor as rendered (all 28 lines fit; Monaco uses no-break spaces). */
    async function editorText() {
      const t = await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
      return t.replace(/\u00a0/g, ' ');
    }

    async function waitFor(what, fn, timeout = 10_000) {
      const until = Date.now() + timeout;
      let last;
      while (Date.now() < until) {
        last = await fn();
        if (last) return last;
        await page.waitForTimeout(100);
      }
      throw new Error(`timed out waiting for ${what}`);
    }

    /** Checks 4-6 inside the chart page (`frame` holds its document). */
    async function pageEdits(frame) {
      const probe = () => frame.evaluate(() => {
        const ds = document.body.dataset;
        const c = document.getElementById('lr-chart');
        let hash = 0;
        try {
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          for (let i = 0; i < d.length; i += 4) hash = (hash * 31 + d[i] + d[i + 1] * 7 + d[i + 2] * 13) >>> 0;
        } catch { hash = -1; }
        const banner = document.getElementById('banner');
        return {
          recomputes: Number(ds.recomputes || 0), states: Number(ds.states || 0), sent: JSON.parse(ds.sent || '{}'),
          lastLr: JSON.parse(ds.lastLr || '{}'), computeMs: Number(ds.computeMs), analysisMs: Number(ds.analysisMs), plan: ds.plan,
          hash, banner: banner && !banner.hidden ? { cls: banner.className, text: banner.textContent } : null,
          apply: { disabled: document.getElementById('btn-apply').disabled, text: document.getElementById('btn-apply').textContent },
        };
      });
      // Open every scheduler's form.
      await frame.evaluate(() => document.querySelectorAll('details.sched').forEach((d) => { d.open = true; }));
      const stepForm = frame.locator('details.sched', { hasText: 'StepLR' }).first();
      const hfForm = frame.locator('details.sched', { hasText: 'get_linear_schedule_with_warmup' }).first();
      const stepId = Number((await stepForm.getAttribute('id')).replace('sched-', ''));

      // 4. live recompute in the page
      const before = await probe();
      const t0 = Date.now();
      await stepForm.locator('input[data-param="step_size"]').fill('20');
      await stepForm.locator('input[data-param="gamma"]').fill('0.5');
      const expected = 0.1 * 0.5 ** 5; // StepLR(step_size=20, gamma=0.5) after 100 epochs
      const after = await waitFor('the page to recompute', async () => {
        const p = await probe();
        return p.recomputes > before.recomputes && p.lastLr[stepId] === expected && p.hash !== before.hash ? p : null;
      });
      const seen = Date.now() - t0;
      const shotLive = await shot('e2e-06-live.png');
      if ((after.sent.recompute ?? 0) !== (before.sent.recompute ?? 0) || after.states !== before.states) {
        throw new Error(`the edit went to the host: sent ${JSON.stringify(after.sent)}, states ${before.states} -> ${after.states}`);
      }
      if (after.lastLr[stepId] !== expected) throw new Error(`last lr ${after.lastLr[stepId]}, expected ${expected}`);
      record('live', 'passed', `StepLR step_size=20 gamma=0.5 recomputed in the page (${after.recomputes - before.recomputes} recompute(s), last lr ${after.lastLr[stepId]}, ` +
        `compute ${after.computeMs} ms incl. analysis ${after.analysisMs} ms, plan ${after.plan}, seen after ${seen} ms), no recompute message, no new state; ${shotLive}`);

      // 5. apply to code, one undo
      if (!/step_size=30, gamma=0\.1/.test(await editorText())) throw new Error('train.py does not read step_size=30, gamma=0.1 before applying');
      await frame.locator('#btn-apply').click();
      await waitFor('train.py to have the new values', async () => /StepLR\(optimizer, step_size=20, gamma=0\.5\)/.test(await editorText()));
      const applied = await waitFor('the page to get the new state', async () => {
        const p = await probe();
        return p.states > after.states && p.apply.disabled ? p : null;
      });
      const shotApply = await shot('e2e-07-applied.png');
      await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'StepLR' }).first().click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+Z');
      await waitFor('one undo to restore both values', async () => /StepLR\(optimizer, step_size=30, gamma=0\.1\)/.test(await editorText()));
      record('apply', 'passed', `train.py now StepLR(optimizer, step_size=20, gamma=0.5); page: ${JSON.stringify(applied.banner?.text ?? '')}; one Ctrl+Z restored step_size=30, gamma=0.1; ${shotApply}`);

      // 6. refused: a computed argument
      await waitFor('the page to follow the undo', async () => (await probe()).states > applied.states);
      // The page keeps its edits across the undo (they differ from the code again): revert them first.
      await frame.locator('#btn-revert').click();
      await waitFor('Revert to clear the edits', async () => (await probe()).apply.disabled);
      await frame.evaluate(() => document.querySelectorAll('details.sched').forEach((d) => { d.open = true; }));
      const textBefore = await editorText();
      await hfForm.locator('input[data-param="num_training_steps"]').fill('2000');
      await waitFor('Apply to code to be enabled', async () => !(await probe()).apply.disabled);
      await frame.locator('#btn-apply').click();
      const refused = await waitFor('the page to show the refusal', async () => {
        const p = await probe();
        return p.banner && /error/.test(p.banner.cls) ? p : null;
      });
      const shotRefuse = await shot('e2e-08-refused.png');
      if (!/num_training_steps/.test(refused.banner.text) || !/not a literal/.test(refused.banner.text)) throw new Error(`unexpected message ${JSON.stringify(refused.banner.text)}`);
      if ((await editorText()) !== textBefore) throw new Error('the document changed although the edit was refused');
      record('refuse', 'passed', `page shows ${JSON.stringify(refused.banner.text.replace(/×$/, ''))}; train.py unchanged; ${shotRefuse}`);

      // 7. an assumption edited in the page: the page reruns the analysis itself
      await frame.locator('#btn-revert').click();
      await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'StepLR' }).first().click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ timeout: 10_000 });
      await input.fill('assumed.py');
      await page.locator('.quick-input-list .monaco-list-row[aria-label*="assumed.py"]').first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await waitFor('the chart to follow assumed.py', async () => (await frame.locator('#title').textContent()) === 'assumed.py', 15_000);
      const form = frame.locator('details.sched', { hasText: 'LambdaLR' }).first();
      const id = Number((await form.getAttribute('id')).replace('sched-', ''));
      await frame.evaluate(() => document.querySelectorAll('details.sched').forEach((d) => { d.open = true; }));
      const b = await probe();
      if (!(b.lastLr[id] < 1e-80)) throw new Error(`assumed.py before the edit: last lr ${b.lastLr[id]} (3,000 steps expected)`);
      const field = form.locator('input[id^="a-"]').first();
      await field.fill('10');
      await field.press('Enter');
      const want = 0.1 * 0.5 ** 3; // LambdaLR 0.5 ** (step // 10) at step 3 × 10
      const a = await waitFor('the page to re-analyze', async () => {
        const p = await probe();
        return p.plan === 'reanalyze' && p.lastLr[id] === want ? p : null;
      });
      const runLength = await frame.locator(`#steps-${id}`).inputValue();
      const shotAssume = await shot('e2e-09-assumption.png');
      if (runLength !== '30') throw new Error(`run length field shows ${runLength}, expected 30`);
      // The assumption is the document's (one model for every surface): the page hands it to the host
      // once, and the editor's code lens for the same call follows — 30 steps, not 3,000.
      const lens = await waitFor('the code lens to follow the assumption', async () => {
        const texts = await page.locator('.contentWidgets .codelens-decoration a').allTextContents();
        const t = texts.map((x) => x.replace(/\u00a0/g, ' ')).find((x) => /LambdaLR|→/.test(x) && /\b30 steps\b/.test(x));
        return t ?? null;
      }, 15_000);
      const handed = await probe();
      if ((handed.sent.recompute ?? 0) !== (b.sent.recompute ?? 0) + 1) throw new Error(`expected one recompute message to the host, sent ${JSON.stringify(handed.sent)}`);
      if (handed.lastLr[id] !== want) throw new Error(`after the host's state the page shows last lr ${handed.lastLr[id]}, expected ${want}`);
      const shotLensAfter = await shot('e2e-10-assumption-lens.png');
      record('assumption', 'passed', `len(train_loader)=10 re-analyzed in the page: run length 30, last lr ${a.lastLr[id]}, ` +
        `compute ${a.computeMs} ms incl. analysis ${a.analysisMs} ms; one recompute message, and the editor's lens now reads ${JSON.stringify(lens)}; ${shotAssume}, ${shotLensAfter}`);
    }

    function finish() {
      if (pageErrors.length) log(`page errors (${pageErrors.length}): ${pageErrors.slice(0, 5).join(' | ')}`);
      return report.finish(`code-server ${codeServerVersion()}, ${log.elapsed().toFixed(1)} s, screenshots in ${path.relative(ROOT, shots) || '.'}/`);
    }
  },
);
report.exit(result);
