import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENGINE_BENCH_CASES } from './engineCases';
import { runEngineBench } from './engineBench';
import { runAnalysisBench } from './analysisBench';
import { generateTrainingScript } from './generateScript';
import { timeTorch } from './torchBaseline';
import { spawnSync } from 'node:child_process';

/** `npm run bench`: one table, also written to bench/results.json. */
const ROOT = path.join(__dirname, '../..');
const TORCH_STEPS = Number(process.env.LRLENS_TORCH_STEPS ?? 20_000);
const ENGINE_BUDGET_NS = 10;

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** Median time of CPython's `ast.parse` on the generated 5,000-line script: a real parser to compare with. */
function timeCpythonParse(): number | null {
  const program = [
    'import ast, sys, time',
    'src = sys.stdin.read()',
    'for _ in range(3): ast.parse(src)',
    'ts = []',
    'for _ in range(15):',
    '    t0 = time.perf_counter(); ast.parse(src); ts.append((time.perf_counter() - t0) * 1000)',
    'ts.sort(); print(ts[len(ts) // 2])',
  ].join('\n');
  const r = spawnSync('python3', ['-c', program], { input: generateTrainingScript(5000), encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
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

  console.log('\nAnalysis (median of 15 runs after warm-up)');
  const analysis = await runAnalysisBench();
  const cpython = timeCpythonParse();
  for (const a of analysis) {
    const budget = a.budget === undefined ? '' : a.value <= a.budget ? `≤ ${a.budget} ok` : `≤ ${a.budget} OVER`;
    console.log(`${pad(a.name, 44)}${pad(`${a.value.toFixed(2)} ${a.unit}`, 12, true)}  ${budget}`);
  }
  console.log(
    cpython === null
      ? '(no CPython baseline: python3 not found)'
      : `baseline: CPython's own ast.parse of the same 5,000-line script: ${cpython.toFixed(2)} ms (parse only, no analysis)`,
  );

  const bundles = ['dist/extension.js', 'dist/webview.js', 'dist/cli.js'].map((f) => ({
    file: f,
    bytes: fs.existsSync(path.join(ROOT, f)) ? fs.statSync(path.join(ROOT, f)).size : null,
  }));
  console.log('\nBundles:');
  for (const b of bundles) console.log(`${pad(b.file, 24)}${pad(b.bytes === null ? 'missing' : `${(b.bytes / 1024).toFixed(1)} KiB`, 12, true)}`);

  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    engine: rows,
    torch: { ...torch, steps: TORCH_STEPS },
    analysis,
    cpythonParseMs: cpython,
    bundles,
  };
  if (process.argv.includes('--readme')) updateReadme(results);
  const file = path.join(ROOT, 'bench/results.json');
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

interface Results {
  date: string;
  machine: string;
  engine: Array<{ name: string; nsPerStep: number; budgetNs?: number; torchNsPerStep: number | null }>;
  analysis: Array<{ name: string; value: number; unit: string; budget?: number }>;
  cpythonParseMs: number | null;
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
    '| analysis | time | budget |',
    '| --- | ---: | --- |',
    ...r.analysis.map(
      (a) => `| ${a.name} | ${a.value.toFixed(2)} ${a.unit} | ${a.budget === undefined ? '' : `≤ ${a.budget} ${a.value <= a.budget ? '✓' : '✗'}`} |`,
    ),
    r.cpythonParseMs === null ? '' : `| baseline: CPython \`ast.parse\` of the same 5,000-line script (parse only) | ${r.cpythonParseMs.toFixed(2)} ms | |`,
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
