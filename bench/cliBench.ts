/**
 * The CLI's long-curve budget (issue 19): the whole `lr-lens analyze` process for a 10^6-step
 * OneCycleLR in CSV mode ≤ 150 ms and ≤ 100 MiB peak RSS, beside real torch stepping the same
 * schedule end to end (a Python process: import torch, build the scheduler, 10^6 step() calls
 * reading the lr) in the same run; the torch lrs are also compared with the CSV's, value by value.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CLI_STEPS = 1_000_000;
export const CLI_BUDGET_MS = 150;
export const CLI_BUDGET_MIB = 100;

/** The long-curve script of the CLI budget (also what the CLI's memory and format tests run). */
export function oneCycleScript(steps: number): string {
  return `import torch
model = torch.nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=${steps})
for step in range(${steps}):
    optimizer.step()
    scheduler.step()
`;
}

export interface CliProcessRun {
  /** Median wall time of the whole process, ms. */
  wallMs: number;
  /** Median CPU time (user + system), ms. */
  cpuMs: number;
  /** Largest peak RSS over the runs, MiB. */
  maxRssMiB: number;
  outputBytes: number;
}

export interface CliBench {
  steps: number;
  csv: CliProcessRun;
  json: CliProcessRun;
  /** `node -e 0`: what any Node CLI costs before its first line runs. */
  nodeStartupMs: number;
  torch: { version?: string; wallMs?: number; cpuMs?: number; maxAbsDiff?: number; maxRelDiff?: number; unavailable?: string };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeProcess(args: string[], runs: number, dir: string, keepOutput?: string): CliProcessRun {
  const walls: number[] = [];
  const cpus: number[] = [];
  let rss = 0;
  let bytes = 0;
  for (let i = 0; i < runs + 1; i++) {
    const out = path.join(dir, keepOutput ?? 'out');
    const fd = fs.openSync(out, 'w');
    const usage = path.join(dir, 'usage.json');
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', fd, 'pipe'], env: { ...process.env, LRLENS_MAX_RSS_FILE: usage }, timeout: 120_000 });
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    fs.closeSync(fd);
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${String(r.stderr)}`);
    bytes = fs.statSync(out).size;
    if (i === 0) continue; // warm the file cache
    const u = JSON.parse(fs.readFileSync(usage, 'utf8')) as { maxRssKiB: number; userUs: number; systemUs: number };
    walls.push(wall);
    cpus.push((u.userUs + u.systemUs) / 1000);
    rss = Math.max(rss, u.maxRssKiB / 1024);
  }
  return { wallMs: median(walls), cpuMs: median(cpus), maxRssMiB: rss, outputBytes: bytes };
}

function findTorchPython(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', 'import torch'], { timeout: 60_000 });
    if (r.status === 0) return python;
  }
  return undefined;
}

export function runCliBench(root: string, withTorch = true): CliBench {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-clibench-'));
  const script = path.join(dir, 'onecycle.py');
  fs.writeFileSync(script, oneCycleScript(CLI_STEPS));
  const cli = path.join(root, 'dist/cli.js');
  const pre = ['-r', path.join(root, 'bench/maxRss.cjs')];
  const csv = timeProcess([...pre, cli, 'analyze', script, '--format', 'csv'], 7, dir, 'curve.csv');
  const json = timeProcess([...pre, cli, 'analyze', script, '--json'], 3, dir);
  const nodeStartupMs = timeProcess([...pre, '-e', '0'], 7, dir).wallMs;

  const torch: CliBench['torch'] = {};
  const python = withTorch ? findTorchPython() : undefined;
  if (!python) torch.unavailable = withTorch ? 'no torch (apt-get install python3-torch)' : 'skipped';
  else {
    const lrFile = path.join(dir, 'torch.f64');
    const program = [
      'import sys, time, warnings, array',
      't0 = time.perf_counter()',
      'warnings.filterwarnings("ignore")',
      'import torch',
      'model = torch.nn.Linear(4, 2)',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)',
      `scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=${CLI_STEPS})`,
      'g = optimizer.param_groups[0]',
      'lrs = array.array("d", [g["lr"]])',
      `for step in range(${CLI_STEPS - 1}):`,
      '    scheduler.step()',
      '    lrs.append(g["lr"])',
      'with open(sys.argv[1], "wb") as f: lrs.tofile(f)',
      'import resource',
      'u = resource.getrusage(resource.RUSAGE_SELF)',
      'print(torch.__version__, (u.ru_utime + u.ru_stime) * 1000)',
    ].join('\n');
    const t0 = process.hrtime.bigint();
    const r = spawnSync(python, ['-c', program, lrFile], { encoding: 'utf8', timeout: 20 * 60_000 });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) torch.unavailable = `torch run failed: ${(r.stderr || '').trim().split('\n').pop()}`;
    else {
      const [version, cpuMs] = (r.stdout.trim().split('\n').pop() as string).split(' ');
      torch.version = version;
      torch.wallMs = wallMs;
      torch.cpuMs = Number(cpuMs);
      // The CLI's CSV against torch's lrs, step by step (torch raises past total_steps: 10^6 rows).
      const buf = fs.readFileSync(lrFile);
      const t = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
      const lines = fs.readFileSync(path.join(dir, 'curve.csv'), 'utf8').split('\n');
      let abs = 0;
      let rel = 0;
      for (let k = 0; k < t.length; k++) {
        const v = Number(lines[k + 1].split(',')[2]);
        const d = Math.abs(v - t[k]);
        abs = Math.max(abs, d);
        rel = Math.max(rel, d / Math.abs(t[k]));
      }
      torch.maxAbsDiff = abs;
      torch.maxRelDiff = rel;
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { steps: CLI_STEPS, csv, json, nodeStartupMs, torch };
}

if (require.main === module) {
  const root = path.join(__dirname, '../..');
  console.log(JSON.stringify(runCliBench(root, !process.env.LRLENS_BENCH_NO_TORCH), null, 2));
}
