#!/usr/bin/env node
// Draws LR Lens's committed artwork: the marketplace icon (media/icon.png, 128×128, rendered from an
// SVG by Debian's chromium through playwright-core) and the walkthrough's illustrations
// (media/walkthrough/*.svg, which follow the VS Code theme through --vscode-* colours).
// The curves are the sample's real schedule (media/walkthrough/sample_train.py: linear warm-up for
// 300 steps to 5e-5, then linear decay to 0 at step 3,000), drawn with the engine's own formula.
// Run: node scripts/make-media.mjs   (then commit the files it writes)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CHROMIUM, ROOT } from './lib/vscode-web.mjs';

const out = (...p) => path.join(ROOT, 'media', ...p);
const r = (v) => Math.round(v * 10) / 10;

/** get_linear_schedule_with_warmup's multiplier (transformers' lr_lambda). */
const linearWarmup = (warmup, total) => (s) => (s < warmup ? s / Math.max(1, warmup) : Math.max(0, (total - s) / Math.max(1, total - warmup)));
/** Warm-up, then cosine decay to 0 (get_cosine_schedule_with_warmup). */
const cosineWarmup = (warmup, total) => (s) =>
  s < warmup ? s / Math.max(1, warmup) : Math.max(0, 0.5 * (1 + Math.cos(Math.PI * ((s - warmup) / Math.max(1, total - warmup)))));

/** Polyline points of f over [0, steps] in the box (x, y, w, h); f in [0, 1]. */
function points(f, steps, { x, y, w, h }, n = 120) {
  const pts = [];
  for (let i = 0; i <= n; i++) {
    const s = (i / n) * steps;
    pts.push(`${r(x + (i / n) * w)},${r(y + h - f(s) * h)}`);
  }
  return pts.join(' ');
}

const sample = linearWarmup(300, 3000);
const FG = 'var(--vscode-editor-foreground, #d4d4d4)';
const BG = 'var(--vscode-editor-background, #1e1e1e)';
const MUTED = 'var(--vscode-editorCodeLens-foreground, #999999)';
const LINK = 'var(--vscode-textLink-foreground, #3794ff)';
const CURVE = 'var(--vscode-charts-blue, #3794ff)';
const BORDER = 'var(--vscode-editorWidget-border, #454545)';
const HOVER_BG = 'var(--vscode-editorHoverWidget-background, #252526)';
const KW = 'var(--vscode-charts-purple, #c586c0)';
const FN = 'var(--vscode-charts-yellow, #dcdcaa)';
const NUM = 'var(--vscode-charts-green, #b5cea8)';
const MONO = `font-family="Menlo, Consolas, 'DejaVu Sans Mono', monospace"`;

const svg = (w, h, body) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">\n` +
  `<rect x="0.5" y="0.5" width="${w - 1}" height="${h - 1}" rx="6" fill="${BG}" stroke="${BORDER}"/>\n${body}\n</svg>\n`;

/** One line of code: [text, colour] spans at (x, y). */
const code = (x, y, spans, size = 13) => {
  const t = spans.map(([text, fill]) => `<tspan fill="${fill ?? FG}">${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</tspan>`).join('');
  return `<text x="${x}" y="${y}" ${MONO} font-size="${size}" xml:space="preserve">${t}</text>`;
};

const SCRIPT = [
  [['num_epochs', FG], [' = '], ['3', NUM]],
  [['learning_rate', FG], [' = '], ['5e-5', NUM]],
  [],
  [['optimizer = torch.optim.'], ['AdamW', FN], ['(model.parameters(), lr=learning_rate)']],
  [['num_training_steps = num_epochs * '], ['len', FN], ['(train_dataloader)']],
  ['LENS'],
  [['lr_scheduler = '], ['get_linear_schedule_with_warmup', FN], ['(']],
  [['    optimizer,']],
  [['    num_warmup_steps='], ['int', FN], ['('], ['0.1', NUM], [' * num_training_steps),']],
  [['    num_training_steps=num_training_steps,']],
  [[')']],
  [],
  [['for', KW], [' epoch '], ['in', KW], [' '], ['range', FN], ['(num_epochs):']],
  [['    '], ['for', KW], [' batch '], ['in', KW], [' train_dataloader:']],
];

function editor({ lens = false, top = 22, x = 16 } = {}) {
  const lines = [];
  let y = top;
  for (const l of SCRIPT) {
    if (l[0] === 'LENS') {
      if (lens) {
        lines.push(code(x, y - 2, [['5e-5 \u2192 0 \u00b7 warm-up 300 \u00b7 3,000 steps', MUTED], ['  |  ', MUTED], ['1 assumption', MUTED]], 11));
        y += 17;
      }
      continue;
    }
    lines.push(code(x, y, l));
    y += 19;
  }
  return lines.join('\n');
}

const W = 560;
const files = {
  'walkthrough/sample.svg': svg(W, 300, editor()),
  'walkthrough/lens.svg': svg(
    W,
    310,
    editor({ lens: true }) + `\n<rect x="12" y="${22 + 5 * 19 - 15}" width="360" height="19" rx="3" fill="none" stroke="${LINK}" stroke-dasharray="4 3"/>`,
  ),
  'walkthrough/hover.svg': (() => {
    const box = { x: 40, y: 70, w: 300, h: 70 };
    const rows = [
      ['peak lr', '5e-5 at step 300'],
      ['final lr', '0 after 3,000 steps'],
      ['warm-up end', 'step 300'],
      ['steps', '3,000 (1 assumption)'],
    ];
    const table = rows
      .map(([k, v], i) => `<text x="40" y="${170 + i * 20}" font-family="sans-serif" font-size="12" fill="${MUTED}">${k}</text>` +
        `<text x="150" y="${170 + i * 20}" font-family="sans-serif" font-size="12" fill="${FG}">${v}</text>`)
      .join('\n');
    return svg(
      W,
      280,
      code(16, 26, [['lr_scheduler = '], ['get_linear_schedule_with_warmup', FN], ['(']]) +
        `\n<rect x="24" y="38" width="360" height="232" rx="4" fill="${HOVER_BG}" stroke="${BORDER}"/>` +
        `\n<text x="40" y="60" font-family="sans-serif" font-size="13" font-weight="bold" fill="${FG}">LR Lens \u00b7 get_linear_schedule_with_warmup</text>` +
        `\n<polygon points="${box.x},${box.y + box.h} ${points(sample, 3000, box)} ${box.x + box.w},${box.y + box.h}" fill="${CURVE}" fill-opacity="0.18"/>` +
        `\n<polyline points="${points(sample, 3000, box)}" fill="none" stroke="${CURVE}" stroke-width="2"/>` +
        `\n${table}\n<text x="40" y="258" font-family="sans-serif" font-size="12" fill="${LINK}">Open chart</text>`,
    );
  })(),
  'walkthrough/chart.svg': (() => {
    const plot = { x: 70, y: 40, w: 450, h: 190 };
    const ticks = [0, 1000, 2000, 3000]
      .map((s) => {
        const x = r(plot.x + (s / 3000) * plot.w);
        return `<line x1="${x}" y1="${plot.y + plot.h}" x2="${x}" y2="${plot.y + plot.h + 5}" stroke="${MUTED}"/>` +
          `<text x="${x}" y="${plot.y + plot.h + 20}" text-anchor="middle" font-family="sans-serif" font-size="11" fill="${MUTED}">${s.toLocaleString('en-US')}</text>`;
      })
      .join('\n');
    const yTicks = [0, 2.5e-5, 5e-5]
      .map((v) => {
        const y = r(plot.y + plot.h - (v / 5e-5) * plot.h);
        return `<line x1="${plot.x}" y1="${y}" x2="${plot.x + plot.w}" y2="${y}" stroke="${BORDER}" stroke-dasharray="2 3"/>` +
          `<text x="${plot.x - 8}" y="${y + 4}" text-anchor="end" font-family="sans-serif" font-size="11" fill="${MUTED}">${v === 0 ? '0' : v.toExponential(1).replace('e-5', 'e-5').replace('.0', '')}</text>`;
      })
      .join('\n');
    const wx = r(plot.x + (300 / 3000) * plot.w);
    return svg(
      W,
      290,
      `<text x="16" y="24" font-family="sans-serif" font-size="13" font-weight="bold" fill="${FG}">LR Lens: sample_train.py</text>\n${yTicks}\n${ticks}` +
        `\n<line x1="${plot.x}" y1="${plot.y + plot.h}" x2="${plot.x + plot.w}" y2="${plot.y + plot.h}" stroke="${MUTED}"/>` +
        `\n<line x1="${wx}" y1="${plot.y}" x2="${wx}" y2="${plot.y + plot.h}" stroke="${MUTED}" stroke-dasharray="4 3"/>` +
        `<text x="${wx + 6}" y="${plot.y + 14}" font-family="sans-serif" font-size="11" fill="${MUTED}">warm-up end (300)</text>` +
        `\n<polyline points="${points(sample, 3000, plot, 300)}" fill="none" stroke="${CURVE}" stroke-width="2.5"/>` +
        `\n<text x="${plot.x + plot.w / 2}" y="${plot.y + plot.h + 40}" text-anchor="middle" font-family="sans-serif" font-size="11" fill="${MUTED}">step</text>`,
    );
  })(),
  'walkthrough/generator.svg': (() => {
    const mini = { x: 380, y: 60, w: 150, h: 60 };
    const cos = cosineWarmup(500, 10000);
    return svg(
      W,
      260,
      `<rect x="16" y="16" width="${W - 32}" height="30" rx="4" fill="${HOVER_BG}" stroke="${LINK}"/>` +
        `\n<text x="28" y="36" font-family="sans-serif" font-size="13" fill="${FG}">warm-up 500 steps, cosine decay, 10,000 steps</text>` +
        `\n<polyline points="${points(cos, 10000, mini)}" fill="none" stroke="${CURVE}" stroke-width="2"/>` +
        '\n' + code(16, 80, [['scheduler = '], ['get_cosine_schedule_with_warmup', FN], ['(']], 12) +
        '\n' + code(16, 98, [['    optimizer,']], 12) +
        '\n' + code(16, 116, [['    num_warmup_steps='], ['500', NUM], [',']], 12) +
        '\n' + code(16, 134, [['    num_training_steps='], ['10_000', NUM], [',']], 12) +
        '\n' + code(16, 152, [[')']], 12),
    );
  })(),
};

// The icon: a lens over a warm-up + cosine-decay curve, on a dark rounded square.
const ICON_SVG = (() => {
  const box = { x: 22, y: 34, w: 84, h: 58 };
  const cos = cosineWarmup(120, 1000);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2b2d42"/><stop offset="1" stop-color="#14151f"/></linearGradient></defs>
<rect x="4" y="4" width="120" height="120" rx="22" fill="url(#bg)"/>
<line x1="22" y1="96" x2="106" y2="96" stroke="#5c6078" stroke-width="2"/>
<polygon points="${box.x},${box.y + box.h} ${points(cos, 1000, box, 80)} ${box.x + box.w},${box.y + box.h}" fill="#4cc9f0" fill-opacity="0.18"/>
<polyline points="${points(cos, 1000, box, 80)}" fill="none" stroke="#4cc9f0" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>
<circle cx="74" cy="52" r="17" fill="#ffffff" fill-opacity="0.10" stroke="#f8f9fa" stroke-width="5"/>
<line x1="86" y1="64" x2="100" y2="78" stroke="#f8f9fa" stroke-width="7" stroke-linecap="round"/>
</svg>`;
})();

for (const [name, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(out(name)), { recursive: true });
  fs.writeFileSync(out(name), text);
  console.log(`wrote media/${name} (${text.length} bytes)`);
}

const { chromium } = createRequire(path.join(ROOT, 'package.json'))('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${ICON_SVG}</body></html>`);
  await page.screenshot({ path: out('icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  console.log(`wrote media/icon.png (${fs.statSync(out('icon.png')).size} bytes)`);
} finally {
  await browser.close();
}
