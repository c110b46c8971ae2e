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
//   8. undo          - (inside check 6) after check 5's Ctrl+Z the page drops its edits: "Apply to code" is
//                    disabled again, the chart shows the document (issue 18 item 7).
//   9. x-unit        - epochs.py: the epoch-stepped StepLR is drawn in steps (50 per epoch from the batch
//                    loop around the per-batch LinearLR), one x unit and no second pane; the untaken
//                    ExponentialLR branch is listed, unticked and not drawn; the x button switches the
//                    whole chart to epochs (6) and back (issue 18 item 1).
//  10. export        - with gamma edited in the page: the CSV saved through the real save dialog holds
//                    step and epoch columns, the code's curves and the edited one marked "(edited: not
//                    applied)" with the exact values; the PNG is 2× the chart with title and legend rows.
//  11. inputs        - the workbench runs in Light+ (no input border of its own, white inputs on the
//                    page's white): the page's text fields have a visible border (issue 18 item 7).
//  12. generator     - generate.py: the palette's "LR Lens: Generate Scheduler…", torch, "Step decay" and
//                    its defaults write StepLR(step_size=20: EPOCHS × len(loader) / 3) after the optimizer
//                    and the scheduler.step() the batch loop lacked, after optimizer.step() (issue 18 item 5).
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
import { ROOT, USER_SETTINGS, WORKSPACE, codeServerVersion, makeLogger, missingPrerequisites, runGuarded } from './lib/vscode-web.mjs';
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
    // Light+ (Default Light+): the theme whose input fields have no border of their own and the
    // page's white for background (check 11 looks at the fields in it).
    await session.startCodeServer({ workspace: WORKSPACE, settings: { ...USER_SETTINGS, 'workbench.colorTheme': 'Default Light+' } });
    const page = await session.launchBrowser({ viewport: { width: 1400, height: 900 } });
    const shot = screenshotter(page, shots, { root: ROOT, log });
    const pageErrors = [];
    /** Files a check made in the workspace, removed when the run ends. */
    const cleanups = [];
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
      const step = ['workbench', 'editor', 'chart', 'live', 'apply', 'undo', 'refuse', 'assumption', 'x-unit', 'export', 'inputs', 'generator'].find((n) => !checks.some((c) => c.name === n));
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

      // 8 (here). undo: the page follows the document, its edits dropped (not "Apply to code (2)").
      // The page follows the undo: its StepLR form reads the code's step_size=30 again (with the edits
      // kept it would keep showing 20, and "Apply to code (2)").
      const fieldNow = () => stepForm.locator('input[data-param="step_size"]').inputValue().catch(() => '');
      const undone = await waitFor('the page to show the undone document', async () => {
        const p = await probe();
        return p.states > applied.states && (await fieldNow()) === '30' ? p : null;
      }).catch(async (e) => {
        const p = await probe();
        throw new Error(`after Ctrl+Z the page kept its edits: apply ${JSON.stringify(p.apply)}, step_size field ${await fieldNow()} (${e.message})`);
      });
      await page.waitForTimeout(300);
      const afterUndo = await probe();
      if (!afterUndo.apply.disabled) throw new Error(`after Ctrl+Z: apply ${JSON.stringify(afterUndo.apply)}`);
      if (afterUndo.lastLr[stepId] !== before.lastLr[stepId]) throw new Error(`after Ctrl+Z the chart shows last lr ${afterUndo.lastLr[stepId]}, not the code's ${before.lastLr[stepId]}`);
      record('undo', 'passed', `after Ctrl+Z the page shows the document: ${JSON.stringify(afterUndo.apply.text)} (disabled), step_size field 30, last lr ${afterUndo.lastLr[stepId]} (${undone.states - applied.states} new state(s))`);

      // 6. refused: a computed argument
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
      await openFile(frame, 'assumed.py');
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
      await frame.locator('#btn-revert').click();
      await chartUnits(frame, probe);
    }

    /** Quick Open a workspace file; the chart follows it. */
    async function openFile(frame, name) {
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
      await openInEditor(page, name, { log });
      await waitFor(`the chart to follow ${name}`, async () => (await frame.locator('#title').textContent()) === name, 15_000);
    }

    /** A file the page saves through the workbench's save dialog (Enter accepts the proposed path). */
    async function saveFromPage(frame, button, file) {
      fs.rmSync(file, { force: true });
      await frame.locator(button).click();
      await page.locator('.quick-input-widget input.input').waitFor({ timeout: 10_000 });
      await page.waitForTimeout(300);
      await page.keyboard.press('Enter');
      await waitFor(`${path.basename(file)} to be written`, async () => fs.existsSync(file) && fs.statSync(file).size > 0, 15_000);
      await page.waitForTimeout(200);
      const data = fs.readFileSync(file);
      fs.rmSync(file, { force: true });
      return data;
    }

    /** Checks 9-11: one x unit per chart, the exports, the fields in both themes. */
    async function chartUnits(frame, probe) {
      // 9. x unit
      await openFile(frame, 'epochs.py');
      const units = () => frame.evaluate(() => {
        const ds = document.body.dataset;
        const boxes = [...document.querySelectorAll('#legend input[data-scheduler-id]')].map((b) => ({ id: Number(b.dataset.schedulerId), checked: b.checked, label: b.closest('label')?.textContent ?? '' }));
        const bx = document.getElementById('btn-x');
        return { xUnit: ds.xUnit, xUnit2: ds.xUnit2, xMax: Number(ds.xMax), drawn: (ds.drawnIds || '').split(',').filter(Boolean).map(Number), boxes, btnX: bx.textContent, btnXDisabled: bx.disabled };
      });
      const u = await waitFor('epochs.py drawn', async () => {
        const x = await units();
        return x.boxes.length === 3 && x.drawn.length ? x : null;
      });
      const expo = u.boxes.find((b) => /ExponentialLR/.test(b.label));
      const stepBox = u.boxes.find((b) => /StepLR/.test(b.label));
      if (!expo || expo.checked || u.drawn.includes(expo.id)) throw new Error(`the untaken ExponentialLR branch: ${JSON.stringify(expo)}, drawn ${u.drawn}`);
      if (!/inactive branch/.test(expo.label)) throw new Error(`the untaken branch is not tagged: ${JSON.stringify(expo.label)}`);
      if (u.xUnit !== 'step' || u.xUnit2 !== '' || u.xMax !== 300 || !u.drawn.includes(stepBox.id) || u.btnX !== 'x: steps' || u.btnXDisabled) {
        throw new Error(`step mode: ${JSON.stringify(u)} (expected one step axis to 300 with StepLR on it)`);
      }
      // Stairs in steps: StepLR(step_size=2, gamma=0.5) trains at 0.1 through step 99 (epochs 0-1 × 50),
      // so at step 75 its line is at 0.1, not yet at 0.05.
      const stairs = await frame.evaluate(() => {
        const p = JSON.parse(document.body.dataset.plot);
        const c = document.getElementById('lr-chart');
        const k = c.width / c.clientWidth;
        const sw = document.querySelector('#legend .legend-item .swatch');
        const want = (getComputedStyle(sw).backgroundColor.match(/\d+/g) || []).slice(0, 3).map(Number);
        const g = c.getContext('2d');
        const px = (x) => p.left + ((x - p.xmin) / (p.xmax - p.xmin)) * (p.right - p.left);
        const py = (y) => p.bottom - ((y - p.ymin) / (p.ymax - p.ymin)) * (p.bottom - p.top);
        const near = (x, y) => {
          const d = g.getImageData(Math.round(px(x) * k) - 1, Math.round(py(y) * k) - 3, 3, 7).data;
          let best = Infinity;
          for (let i = 0; i < d.length; i += 4) best = Math.min(best, Math.abs(d[i] - want[0]) + Math.abs(d[i + 1] - want[1]) + Math.abs(d[i + 2] - want[2]));
          return best;
        };
        return { at01: near(75, 0.1), at005: near(75, 0.05), later005: near(150, 0.05), want, ylog: p.ylog };
      });
      if (stairs.ylog || !(stairs.at01 < 60) || !(stairs.at005 > 120) || !(stairs.later005 < 60)) throw new Error(`StepLR's stairs: ${JSON.stringify(stairs)} (colour distance at step 75: 0.1 should be the line, 0.05 not; at step 150: 0.05)`);
      const shotSteps = await shot('e2e-11-x-steps.png');
      await frame.locator('#btn-x').click();
      const e = await waitFor('the chart to switch to epochs', async () => {
        const x = await units();
        return x.xUnit === 'epoch' ? x : null;
      });
      if (e.xUnit2 !== '' || e.xMax !== 6 || e.btnX !== 'x: epochs') throw new Error(`epoch mode: ${JSON.stringify(e)} (expected one epoch axis to 6)`);
      const shotEpochs = await shot('e2e-12-x-epochs.png');
      await frame.locator('#btn-x').click();
      await waitFor('the chart to switch back to steps', async () => (await units()).xUnit === 'step');
      record('x-unit', 'passed', `epochs.py: StepLR and LinearLR on one step axis (0-${u.xMax}), no second pane, StepLR's stairs change at step 100 (not 50); ExponentialLR listed unticked ("inactive branch"), not drawn; ` +
        `x button → one epoch axis (0-${e.xMax}) and back; ${shotSteps}, ${shotEpochs}`);

      // 10. exports
      await frame.evaluate(() => document.querySelectorAll('details.sched').forEach((d) => { d.open = true; }));
      const stepForm = frame.locator('details.sched', { hasText: 'StepLR' }).first();
      const before = await probe();
      await stepForm.locator('input[data-param="gamma"]').fill('0.1');
      await waitFor('the page to recompute the edit', async () => (await probe()).recomputes > before.recomputes);
      const csv = (await saveFromPage(frame, '#btn-csv', path.join(WORKSPACE, 'epochs-lr.csv'))).toString('utf8');
      const [head, ...rows] = csv.trim().split('\n').map((l) => l.split(','));
      const wantHead = ['step', 'epoch', 'epoch_sched (StepLR) lr', 'batch_sched (LinearLR) lr', 'epoch_sched (StepLR) lr (edited: not applied)'];
      if (JSON.stringify(head) !== JSON.stringify(wantHead)) throw new Error(`CSV header ${JSON.stringify(head)}, expected ${JSON.stringify(wantHead)}`);
      // Step 100 = epoch 2: the code's StepLR(step_size=2, gamma=0.5) at 0.05, the edited gamma=0.1 at 0.01.
      const r100 = rows[100];
      if (rows.length !== 301 || r100[0] !== '100' || r100[1] !== '2' || Number(r100[2]) !== 0.1 * 0.5 || Number(r100[4]) !== 0.1 * 0.1) {
        throw new Error(`CSV rows ${rows.length}, row 100 ${JSON.stringify(r100)}`);
      }
      const png = await saveFromPage(frame, '#btn-png', path.join(WORKSPACE, 'epochs-lr.png'));
      const css = await frame.evaluate(() => { const c = document.getElementById('lr-chart'); return { w: c.clientWidth, h: c.clientHeight }; });
      const pngW = png.readUInt32BE(16);
      const pngH = png.readUInt32BE(20);
      if (png.toString('latin1', 1, 4) !== 'PNG' || Math.abs(pngW - 2 * css.w) > 2 || !(pngH > 2 * css.h + 40)) throw new Error(`PNG ${pngW}x${pngH} for a ${css.w}x${css.h} chart (expected 2× plus title and legend)`);
      fs.writeFileSync(path.join(shots, 'e2e-13-export.png'), png);
      record('export', 'passed', `CSV: ${JSON.stringify(head.join(','))}, ${rows.length} rows, step 100 = epoch 2: code ${r100[2]}, edited ${r100[4]}; ` +
        `PNG ${pngW}x${pngH} for a ${css.w}x${css.h} chart (title and legend rows); ${path.relative(ROOT, path.join(shots, 'e2e-13-export.png'))}`);

      // 11. inputs in Light+
      const fieldLook = () => frame.evaluate(() => {
        const rgba = (c) => (c.match(/[\d.]+/g) || []).map(Number);
        const input = document.querySelector('#forms input[type="text"]');
        const cs = getComputedStyle(input);
        const bg = rgba(getComputedStyle(document.body).backgroundColor);
        const border = rgba(cs.borderTopColor);
        const alpha = border.length > 3 ? border[3] : 1;
        const diff = Math.abs(border[0] - bg[0]) + Math.abs(border[1] - bg[1]) + Math.abs(border[2] - bg[2]);
        return { theme: document.body.className, border: cs.borderTopColor, width: cs.borderTopWidth, bg: getComputedStyle(document.body).backgroundColor, visible: alpha > 0.2 && diff * alpha > 40 && cs.borderTopWidth !== '0px' };
      });
      const light = await fieldLook();
      const shotLight = await shot('e2e-14-light.png');
      if (!/vscode-light/.test(light.theme) || light.bg !== 'rgb(255, 255, 255)') throw new Error(`not in Light+: ${JSON.stringify(light)}`);
      if (!light.visible) throw new Error(`a field's border is not visible in Light+: ${JSON.stringify(light)}`);
      record('inputs', 'passed', `Light+: field border ${light.border} (${light.width}) on the page's ${light.bg}; ${shotLight}`);

      // 12. generator
      const palette = page.locator('.quick-input-widget input.input');
      const runCommand = async (label) => {
        await page.keyboard.press('Control+Shift+P');
        await palette.waitFor({ timeout: 10_000 });
        await palette.fill(`>${label}`);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
      };
      await runCommand('View: Close All Editors');
      // A fresh copy of generate.py for this run (no editor buffer of an earlier run), removed afterwards.
      const genName = `generate-${process.pid}.py`;
      const genFile = path.join(WORKSPACE, genName);
      fs.copyFileSync(path.join(WORKSPACE, 'generate.py'), genFile);
      cleanups.push(() => fs.rmSync(genFile, { force: true }));
      await page.locator(`.explorer-folders-view .monaco-list-row[aria-label*="${genName}"]`).first().waitFor({ timeout: 15_000 });
      await openInEditor(page, genName, { expectText: 'optimizer = ', log });
      const genEditor = page.locator(`.monaco-editor[data-uri$="${genName}"] .view-lines`).first();
      // The cursor on the blank line after `loader = …` (line 9), then the palette's "LR Lens: Generate Scheduler…".
      await genEditor.click();
      await page.keyboard.press('Control+G');
      await page.keyboard.type('9');
      await page.keyboard.press('Enter');
      await runCommand('LR Lens: Generate Scheduler');
      // Step 1 (library): torch is preselected. Step 2 (schedule): "Step decay". Then its two parameters' defaults.
      const titled = (re) => page.locator('.quick-input-widget .quick-input-title', { hasText: re }).first().waitFor({ timeout: 20_000 });
      await titled(/Generate Scheduler \(1\//);
      await page.keyboard.press('Enter');
      await titled(/Generate Scheduler \(2\//);
      await palette.fill('Step decay');
      // The schedule titled "Step decay" itself (not a warm-up + step decay).
      const entryRow = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: /Step decay/ }).filter({ hasNotText: /warm/i }).first();
      await entryRow.waitFor({ timeout: 10_000 });
      await entryRow.click();
      const asked = [];
      for (let i = 0; i < 2; i++) {
        await titled(new RegExp(`Generate Scheduler \\(${3 + i}/`));
        asked.push(await page.locator('.quick-input-widget input.input').inputValue());
        await page.keyboard.press('Enter');
      }
      // The document as written (the rendered lines are not in order): saved and read.
      const original = fs.readFileSync(genFile, 'utf8');
      await waitFor('the generated scheduler in the editor', async () => /StepLR\(optimizer/.test(await genEditor.innerText()), 20_000);
      const shotGen = await shot('e2e-15-generator.png');
      await runCommand('File: Save');
      const text = await waitFor('generate.py saved', async () => {
        const t = fs.readFileSync(genFile, 'utf8');
        return t !== original ? t : null;
      });
      const lines = text.split('\n');
      // The run length from the file: EPOCHS × len(loader) = 60 steps, a decay every 20; the step() after optimizer.step().
      if (!/scheduler = StepLR\(optimizer, step_size=20, gamma=0\.1\)/.test(text)) throw new Error(`generated: ${JSON.stringify(text)} (answers ${JSON.stringify(asked)})`);
      const opt = lines.findIndex((l) => /^\s+optimizer\.step\(\)/.test(l));
      if (opt < 0 || !/^\s+scheduler\.step\(\)\s*$/.test(lines[opt + 1] ?? '')) throw new Error(`no scheduler.step() after optimizer.step(): ${JSON.stringify(lines.slice(Math.max(0, opt - 2), opt + 3))}`);
      if (lines.findIndex((l) => /^scheduler = StepLR/.test(l)) < lines.findIndex((l) => /^optimizer = /.test(l))) throw new Error('the scheduler was written above its optimizer');
      record('generator', 'passed', `palette → torch → Step decay → defaults ${JSON.stringify(asked)}: StepLR(optimizer, step_size=20, gamma=0.1) after the optimizer, scheduler.step() written after optimizer.step() in the batch loop; ${shotGen}`);
    }

    function finish() {
      for (const c of cleanups.splice(0)) c();
      if (pageErrors.length) log(`page errors (${pageErrors.length}): ${pageErrors.slice(0, 5).join(' | ')}`);
      return report.finish(`code-server ${codeServerVersion()}, ${log.elapsed().toFixed(1)} s, screenshots in ${path.relative(ROOT, shots) || '.'}/`);
    }
  },
);
report.exit(result);
