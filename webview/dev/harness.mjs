#!/usr/bin/env node
// Dev harness for the chart page outside VS Code: serves dist/webview.js + media/chart.css with the
// same strict CSP the panel uses, fakes acquireVsCodeApi, posts `state` messages built by the real
// analysis from a Python file, and measures/screenshots in headless chromium (playwright-core).
// Usage: npm run build && npx tsc -p tsconfig.test.json && node webview/dev/harness.mjs [file.py]
// Prints JSON lines: render timings, CSP violations, page errors, messages the page posted.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const { analyze } = require(path.join(ROOT, 'out/src/core/model/analyze.js'));
const { findingsToModels } = require(path.join(ROOT, 'out/src/features/chart/protocol/models.js'));
const { chromium } = require('playwright-core');

const pyFile = process.argv[2] || path.join(ROOT, 'test/fixtures/workspace/train.py');
const shots = path.join(ROOT, 'screenshots');
fs.mkdirSync(shots, { recursive: true });

const NONCE = 'harnessNonce123';
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/') {
    const origin = `http://127.0.0.1:${server.address().port}`;
    const csp = `default-src 'none'; img-src ${origin} data:; style-src ${origin}; script-src 'nonce-${NONCE}'; font-src ${origin};`;
    const html = fs.readFileSync(path.join(ROOT, 'webview/dev/page.html'), 'utf8').replaceAll('${csp}', csp).replaceAll('${nonce}', NONCE);
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    return;
  }
  const file = url.pathname === '/webview.js' ? 'dist/webview.js' : url.pathname === '/chart.css' ? 'media/chart.css' : url.pathname === '/theme.css' ? 'webview/dev/theme-dark.css' : null;
  if (!file) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/css' }).end(fs.readFileSync(path.join(ROOT, file)));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const plain = (models) =>
  JSON.parse(JSON.stringify(models, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v)));

function stateFor(models, extra = {}) {
  return { type: 'state', uri: 'file:///harness/train.py', version: 1, fileName: 'train.py', models: plain(models), overrides: {}, focus: { schedulerId: null }, settings: { logScale: false }, ...extra };
}

const browser = await chromium.launch({ executablePath: process.env.LRLENS_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
const errors = [];
page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
await page.goto(base);
await page.waitForFunction(() => document.body.dataset.drawn === '1', null, { timeout: 10_000 }).catch((e) => { console.log(JSON.stringify({ startup: 'not drawn', errors })); throw e; });

async function send(state) {
  return page.evaluate(async (s) => {
    window.__posted.length = 0;
    const t0 = performance.now();
    window.postMessage(s, '*');
    await new Promise((r) => setTimeout(r, 0));
    const wall = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 300));
    const rendered = window.__posted.filter((m) => m.type === 'rendered').map((m) => m.ms);
    return { wallMs: Math.round(wall * 10) / 10, rendered, computeMs: document.body.dataset.computeMs, drawMs: document.body.dataset.drawMs, drawn: document.body.dataset.drawn };
  }, state);
}

const src = fs.readFileSync(pyFile, 'utf8');
const analysis = analyze(src, {});
const models = findingsToModels(analysis.schedulers);
console.log(JSON.stringify({ file: path.relative(ROOT, pyFile), schedulers: models.map((m) => `${m.kind}#${m.id} steps=${m.steps} spec=${m.spec ? 'json' : 'callable'}`) }));
console.log(JSON.stringify({ scenario: 'file', ...(await send(stateFor(models))) }));
await page.screenshot({ path: path.join(shots, 'harness-01-file.png') });

// 10^6 steps: the page recomputes with the bundled engine, then decimates and draws.
const big = { kind: 'CosineAnnealingWarmRestarts', args: { T_0: 50_000, T_mult: 1, eta_min: 0 } };
const bigModel = { ...models[0], id: 99, name: 'big', kind: big.kind, spec: big, params: big.args, arguments: [], steps: 1_000_000, parent: null, children: [], curve: undefined, optimizer: { type: 'SGD', paramGroups: [{ lr: 0.1 }, { lr: 0.01 }] } };
for (let i = 0; i < 3; i++) console.log(JSON.stringify({ scenario: '1e6 steps x 2 groups', ...(await send(stateFor([bigModel], { uri: `file:///harness/big${i}.py` }))) }));
await page.screenshot({ path: path.join(shots, 'harness-02-1e6.png') });
// Zoom into a region by dragging on the canvas.
const box = await page.locator('#lr-chart').boundingBox();
await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
await page.mouse.down();
await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
await page.mouse.up();
await page.waitForTimeout(50);
console.log(JSON.stringify({ scenario: 'zoomed', rendered: await page.evaluate(() => window.__posted.filter((m) => m.type === 'rendered').pop()), resetEnabled: await page.locator('#btn-reset').isEnabled() }));
await page.screenshot({ path: path.join(shots, 'harness-03-zoom.png') });
// Tooltip
await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.4);
await page.waitForTimeout(50);
await page.screenshot({ path: path.join(shots, 'harness-04-tooltip.png') });

// Edit a field: recompute live.
await send(stateFor(models));
const field = page.locator('input[data-param="gamma"]').first();
if (await field.count()) {
  await page.locator('details.sched').first().evaluate((d) => (d.open = true));
  await field.fill('0.5');
  await page.waitForTimeout(200);
  console.log(JSON.stringify({ scenario: 'edit gamma', apply: await page.locator('#btn-apply').innerText() }));
  await page.locator('#btn-apply').click();
  console.log(JSON.stringify({ scenario: 'apply posted', posted: await page.evaluate(() => window.__posted.filter((m) => m.type === 'applyToCode')) }));
}
// Theme switch: body class change recolours.
await page.evaluate(() => { document.documentElement.style.setProperty('--vscode-charts-blue', '#ff00ff'); document.body.className = 'vscode-light'; });
await page.waitForTimeout(100);
await page.screenshot({ path: path.join(shots, 'harness-05-theme.png') });
console.log(JSON.stringify({ csp: await page.evaluate(() => window.__csp), errors }));
await browser.close();
server.close();
