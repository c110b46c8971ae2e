import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENGINE_BENCH_CASES } from './engineCases';
import { runEngineBench } from './engineBench';
import { timeTorch } from './torchBaseline';

/** `npm run bench`: one table, also written to bench/results.json. */
const ROOT = path.join(__dirname, '../..');
const TORCH_STEPS = Number(process.env.LRLENS_TORCH_STEPS ?? 20_000);
const ENGINE_BUDGET_NS = 10;

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

async function main(): Promise<void> {
  console.log(`LR Lens bench on ${machine()}\n`);
  const engine = runEngineBench();
  const torch = process.env.LRLENS_BENCH_NO_TORCH ? { nsPerStep: {}, unavailable: 'skipped (LRLENS_BENCH_NO_TORCH)' } : timeTorch(ENGINE_BENCH_CASES, TORCH_STEPS);
  const torchCol = torch.unavailable ? `torch: ${torch.unavailable}` : `torch ${'version' in torch ? torch.version : ''} ns/step`;

  console.log('Engine: 10^6 steps per kind (median of 5), ns/step; closed-form kinds budget ≤ 10 ns/step');
  console.log(`${pad('kind', 36)}${pad('ns/step', 10, true)}  ${pad('budget', 8)}  ${pad(torchCol, 28)}  speed-up`);
  let overBudget = 0;
  const rows = engine.map((r) => {
    const t = torch.nsPerStep[r.name];
    const ok = !r.closedForm || r.nsPerStep <= ENGINE_BUDGET_NS;
    if (!ok) overBudget++;
    console.log(
      `${pad(r.name, 36)}${pad(r.nsPerStep.toFixed(1), 10, true)}  ${pad(r.closedForm ? (ok ? '≤10 ok' : '≤10 OVER') : '—', 8)}  ${pad(t === undefined ? 'n/a' : t.toFixed(0), 28)}  ${t === undefined ? 'n/a' : `${(t / r.nsPerStep).toFixed(0)}×`}`,
    );
    return { ...r, budgetNs: r.closedForm ? ENGINE_BUDGET_NS : undefined, torchNsPerStep: t ?? null };
  });
  if (torch.unavailable) console.log(`\n(no ratio against real torch: ${torch.unavailable})`);
  else console.log(`\n(real torch timed over ${TORCH_STEPS.toLocaleString('en-US')} scheduler.step() calls per kind with ${torch.python})`);
  console.log(`closed-form kinds over budget: ${overBudget}`);

  const bundles = ['dist/extension.js', 'dist/webview.js', 'dist/cli.js'].map((f) => ({
    file: f,
    bytes: fs.existsSync(path.join(ROOT, f)) ? fs.statSync(path.join(ROOT, f)).size : null,
  }));
  console.log('\nBundles:');
  for (const b of bundles) console.log(`${pad(b.file, 24)}${pad(b.bytes === null ? 'missing' : `${(b.bytes / 1024).toFixed(1)} KiB`, 12, true)}`);

  const results = { date: new Date().toISOString(), machine: machine(), engine: rows, torch: { ...torch, steps: TORCH_STEPS }, bundles };
  if (process.argv.includes('--readme')) updateReadme(results);
  const file = path.join(ROOT, 'bench/results.json');
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

interface Results {
  date: string;
  machine: string;
  engine: Array<{ name: string; nsPerStep: number; budgetNs?: number; torchNsPerStep: number | null }>;
  torch: { version?: string; unavailable?: string; steps: number };
  bundles: Array<{ file: string; bytes: number | null }>;
}

/** `npm run bench -- --readme`: rewrites the README's speed section from this run's numbers. */
function updateReadme(r: Results): void {
  const lines = [
    `Measured by \`npm run bench\` on ${r.date.slice(0, 10)}, ${r.machine}.`,
    '',
    `| engine, 10^6 steps | ns/step | budget | real torch ${r.torch.version ?? ''} ns/step | LR Lens speed-up |`,
    '| --- | ---: | --- | ---: | ---: |',
    ...r.engine.map(
      (e) =>
        `| ${e.name} | ${e.nsPerStep.toFixed(1)} | ${e.budgetNs ? (e.nsPerStep <= e.budgetNs ? '≤ 10 ✓' : '≤ 10 ✗') : ''} | ${e.torchNsPerStep === null ? 'n/a' : e.torchNsPerStep.toFixed(0)} | ${e.torchNsPerStep === null ? '' : `${(e.torchNsPerStep / e.nsPerStep).toFixed(0)}×`} |`,
    ),
    '',
    r.torch.unavailable ? `No torch baseline in this run: ${r.torch.unavailable}.` : `Real torch timed over ${r.torch.steps.toLocaleString('en-US')} \`scheduler.step()\` calls per kind in the same run.`,
    '',
    '| bundle | size |',
    '| --- | ---: |',
    ...r.bundles.map((b) => `| \`${b.file}\` | ${b.bytes === null ? 'missing' : `${(b.bytes / 1024).toFixed(1)} KiB`} |`),
  ];
  const file = path.join(ROOT, 'README.md');
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${lines.join('\n')}\n<!-- bench:end -->`);
  fs.writeFileSync(file, next);
  console.log('updated README.md');
}

void main();
