import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENGINE_BENCH_CASES } from './engineCases';
import { runEngineBench } from './engineBench';
import { runAnalysisBench } from './analysisBench';
import { runHoverBench } from './hoverBench';
import { runVscodeBench, type VscodeBench } from './vscodeBench';
import { generateTrainingScript } from './generateScript';
import { timeTorch } from './torchBaseline';
import { CLI_BUDGET_MIB, CLI_BUDGET_MS, runCliBench, type CliBench } from './cliBench';
import { spawnSync } from 'node:child_process';

/** `npm run bench`: one table (printed, written to bench/results.json, and with --readme to the README). */
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

/** One row of the table. `budget` is the target when there is one; `baseline` the real library's number. */
export interface Row {
  section: string;
  name: string;
  value: string;
  budget: string;
  baseline: string;
}

const ok = (v: number, budget: number) => (v <= budget ? '✓' : '✗');

function rowsOf(r: Results): Row[] {
  const rows: Row[] = [];
  const torchName = r.torch.unavailable ? 'torch' : `torch ${r.torch.version ?? ''}`.trim();
  for (const e of r.engine) {
    rows.push({
      section: 'engine, 10^6 steps',
      name: e.name,
      // Into a reused result buffer (as the chart recomputes); in brackets with a freshly allocated result.
      value: `${e.nsPerStep.toFixed(1)} ns/step (${e.nsPerStepWithAllocation.toFixed(1)} allocating)`,
      budget: e.budgetNs ? `≤ ${e.budgetNs} ${ok(e.nsPerStep, e.budgetNs)}` : '',
      baseline: e.torchNsPerStep === null ? '' : `${torchName}: ${e.torchNsPerStep.toFixed(0)} ns/step (${(e.torchNsPerStep / e.nsPerStep).toFixed(0)}× slower)`,
    });
  }
  r.analysis.forEach((a, i) => {
    rows.push({
      section: 'analysis',
      name: a.name.replace(/^analysis: /, ''),
      value: `${a.value.toFixed(2)} ${a.unit}`,
      budget: a.budget === undefined ? '' : `≤ ${a.budget} ${ok(a.value, a.budget)}`,
      baseline: i === 0 && r.cpythonParseMs !== null ? `CPython ast.parse alone: ${r.cpythonParseMs.toFixed(2)} ms` : '',
    });
  });
  for (const h of r.hover) rows.push({ section: 'hover', name: h.name.replace(/^hover \(pure\): /, 'pure functions: '), value: `${h.value.toFixed(2)} ${h.unit}`, budget: '', baseline: '' });
  const v = r.vscode;
  const why = v.unavailable ?? '';
  const ms = (x: number | null | undefined) => (typeof x === 'number' ? `${x.toFixed(1)} ms` : 'n/a');
  const inVs = v.vscodeVersion ? ` (VS Code ${v.vscodeVersion}, code-server)` : '';
  rows.push({ section: 'hover', name: `vscode.executeHoverProvider, new version${inVs}`, value: ms(v.hoverNewVersionMs), budget: '', baseline: why });
  rows.push({ section: 'hover', name: `vscode.executeHoverProvider, same version${inVs}`, value: ms(v.hoverSameVersionMs), budget: '', baseline: why });
  rows.push({ section: 'typing', name: `5,000-line script: change event → inline preview, worst of 10 bursts${inVs}`, value: ms(v.typingPreviewMaxMs), budget: v.typingPreviewMaxMs === undefined ? '' : `< 100 ${ok(v.typingPreviewMaxMs, 99.999)}`, baseline: why });
  rows.push({ section: 'typing', name: `5,000-line script: CPU of the costliest analysis while typing${inVs}`, value: ms(v.typingAnalysisCpuMaxMs ?? undefined), budget: typeof v.typingAnalysisCpuMaxMs === 'number' ? `≤ 20 ${ok(v.typingAnalysisCpuMaxMs, 20)}` : '', baseline: why });
  rows.push({ section: 'activation', name: `activate()${inVs}`, value: ms(v.activateMs), budget: typeof v.activateMs === 'number' ? `≤ 20 ${ok(v.activateMs, 20)}` : '', baseline: why });
  rows.push({
    section: 'activation',
    name: 'open a .py file → extension active (bundle load + activate)',
    value: ms(v.openToActiveMs),
    budget: '',
    baseline: v.openToActiveMs === null ? 'another test activated it first' : why,
  });
  const c = r.cli;
  const torchEnd = c.torch.wallMs === undefined ? (c.torch.unavailable ?? '') : `torch ${c.torch.version ?? ''}: ${c.torch.wallMs.toFixed(0)} ms end to end`;
  const torchCpu = c.torch.cpuMs;
  const vsTorch = (p: CliBench['csv']) =>
    c.torch.wallMs === undefined ? torchEnd : `${torchEnd}${torchCpu === undefined ? '' : `, ${torchCpu.toFixed(0)} ms CPU`} (${(c.torch.wallMs / p.wallMs).toFixed(0)}× slower${torchCpu === undefined ? '' : `; ${(torchCpu / p.cpuMs).toFixed(0)}× in CPU time`})`;
  const proc = (p: CliBench['csv']) => `${p.wallMs.toFixed(0)} ms (${p.cpuMs.toFixed(0)} ms CPU), ${p.maxRssMiB.toFixed(0)} MiB peak`;
  rows.push({
    section: 'cli, 10^6 steps',
    name: 'OneCycleLR analyze --format csv, whole process',
    value: proc(c.csv),
    budget: `≤ ${CLI_BUDGET_MS} ms ${ok(c.csv.wallMs, CLI_BUDGET_MS)}, ≤ ${CLI_BUDGET_MIB} MiB ${ok(c.csv.maxRssMiB, CLI_BUDGET_MIB)}`,
    baseline: vsTorch(c.csv),
  });
  rows.push({ section: 'cli, 10^6 steps', name: 'OneCycleLR analyze --json, whole process (streamed)', value: proc(c.json), budget: '', baseline: vsTorch(c.json) });
  rows.push({
    section: 'cli, 10^6 steps',
    name: 'node -e 0 (Node startup, in every row above)',
    value: `${c.nodeStartupMs.toFixed(0)} ms`,
    budget: '',
    baseline: c.torch.maxRelDiff === undefined ? '' : `CSV vs torch lrs: max relative difference ${c.torch.maxRelDiff.toExponential(1)}`,
  });
  for (const b of r.bundles) rows.push({ section: 'bundle', name: b.file, value: b.bytes === null ? 'missing' : `${(b.bytes / 1024).toFixed(1)} KiB`, budget: '', baseline: '' });
  return rows;
}

function printTable(rows: Row[]): void {
  const head: Row = { section: 'section', name: 'measurement', value: 'value', budget: 'budget', baseline: 'real baseline (same run)' };
  const cols: Array<keyof Row> = ['section', 'name', 'value', 'budget', 'baseline'];
  const w = Object.fromEntries(cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => r[c].length))])) as Record<keyof Row, number>;
  const line = (r: Row) => cols.map((c) => (c === 'value' ? r[c].padStart(w[c]) : r[c].padEnd(w[c]))).join('  ').trimEnd();
  console.log(line(head));
  console.log(cols.map((c) => '─'.repeat(w[c])).join('  '));
  let section = '';
  for (const r of rows) {
    console.log(line({ ...r, section: r.section === section ? '' : r.section }));
    section = r.section;
  }
}

async function main(): Promise<void> {
  // Other processes share the CPU on a busy machine: the README says how busy it was.
  const loadAverage = os.loadavg()[0];
  console.log(`LR Lens bench on ${machine()}, load average ${loadAverage.toFixed(1)}\n`);
  const engine = runEngineBench();
  const torch = process.env.LRLENS_BENCH_NO_TORCH ? { nsPerStep: {}, unavailable: 'skipped (LRLENS_BENCH_NO_TORCH)' } : timeTorch(ENGINE_BENCH_CASES, TORCH_STEPS);
  const engineRows = engine.map((r) => ({ ...r, budgetNs: r.closedForm ? ENGINE_BUDGET_NS : undefined, torchNsPerStep: torch.nsPerStep[r.name] ?? null }));
  const analysis = await runAnalysisBench();
  const cpython = timeCpythonParse();
  const hover = runHoverBench();
  const vscode = runVscodeBench(ROOT);
  const cli = runCliBench(ROOT, !process.env.LRLENS_BENCH_NO_TORCH);
  const bundles = ['dist/extension.js', 'dist/webview.js', 'dist/cli.js', 'dist/cliMain.js', 'dist/cliAnalysis.js'].map((f) => ({
    file: f,
    bytes: fs.existsSync(path.join(ROOT, f)) ? fs.statSync(path.join(ROOT, f)).size : null,
  }));

  const results: Results = {
    date: new Date().toISOString(),
    loadAverage,
    machine: machine(),
    engine: engineRows,
    torch: { ...torch, steps: TORCH_STEPS },
    analysis,
    cpythonParseMs: cpython,
    hover,
    vscode,
    cli,
    bundles,
  };
  printTable(rowsOf(results));
  const overBudget = engineRows.filter((e) => e.budgetNs !== undefined && e.nsPerStep > e.budgetNs).length;
  console.log(`\nclosed-form engine kinds over the ${ENGINE_BUDGET_NS} ns/step budget: ${overBudget}`);
  console.log(torch.unavailable ? `no torch baseline: ${torch.unavailable}` : `real torch timed over ${TORCH_STEPS.toLocaleString('en-US')} scheduler.step() calls per kind with ${torch.python}`);
  if (cpython === null) console.log('no CPython baseline: python3 not found');
  if (vscode.unavailable) console.log(`no real-VS Code rows: ${vscode.unavailable}`);

  if (process.argv.includes('--readme')) updateReadme(results);
  const file = path.join(ROOT, 'bench/results.json');
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

interface Results {
  date: string;
  loadAverage: number;
  machine: string;
  engine: Array<{ name: string; nsPerStep: number; nsPerStepWithAllocation: number; budgetNs?: number; torchNsPerStep: number | null }>;
  analysis: Array<{ name: string; value: number; unit: string; budget?: number }>;
  cpythonParseMs: number | null;
  torch: { version?: string; python?: string; unavailable?: string; steps: number };
  hover: Array<{ name: string; value: number; unit: string }>;
  vscode: VscodeBench;
  cli: CliBench;
  bundles: Array<{ file: string; bytes: number | null }>;
}

/** `npm run bench -- --readme`: rewrites the README's speed section with this run's table. */
function updateReadme(r: Results): void {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `Measured by \`npm run bench\` on ${r.date.slice(0, 10)}, ${r.machine}, 1-minute load average ${r.loadAverage.toFixed(1)} when it started.`,
    '',
    '| section | measurement | value | budget | real baseline (same run) |',
    '| --- | --- | ---: | --- | --- |',
    ...rowsOf(r).map((x) => `| ${[x.section, x.name, x.value, x.budget, x.baseline].map(cell).join(' | ')} |`),
    '',
    r.torch.unavailable ? `No torch baseline in this run: ${r.torch.unavailable}.` : `Real torch timed over ${r.torch.steps.toLocaleString('en-US')} \`scheduler.step()\` calls per kind in the same run.`,
    'Engine rows: after 3 warm-up runs of each kind, 7 rounds time every kind once each (into a reused buffer, then allocating); the median of the 7 is shown. Taking the kinds in turn is how the chart recomputes several schedulers of one script, and it spreads the samples over the whole run.',
    'Hover "pure functions" rows time what the hover provider calls (re-analysis, curve, markdown) in Node; the `vscode.executeHoverProvider` rows add VS Code\'s own round trip to the extension host.',
    "CLI rows: the peak is the process's own resident high-water mark (Linux `VmHWM`), not getrusage's maxRSS, which for a spawned child starts at its parent's size.",
  ];
  const file = path.join(ROOT, 'README.md');
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${lines.join('\n')}\n<!-- bench:end -->`);
  fs.writeFileSync(file, next);
  console.log('updated README.md');
}

void main();
