// The CLI's guard (issue 14, src/cli/guard.ts): each file is analyzed in a worker with a heap cap
// and a deadline. A file that really exhausts the cap or overruns the deadline ends as one line
// ("analysis stopped: …") and exit code 3 in bounded time, never a V8 fatal error or a stack
// trace, and the other files of the same command are still analyzed by a new worker.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCli, cli, ROOT, STACK } from './bundle';

const HEAD = 'import torch\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n';
/** Wall-clock bound of one command, worker start and replacement included (a loaded 2-core machine). */
const TIME_LIMIT_MS = 40_000;

describe('cli: the analysis runs in a worker with a heap cap and a deadline', function () {
  this.timeout(120_000);
  let dir: string;
  let huge: string;
  let small: string;
  let long: string;
  before(() => {
    buildCli();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-guard-'));
    // 21 MB of ordinary statements: every one is within the analysis' charges, but the parse tree and
    // the values of 600,000 lines need more than the default 384 MB heap of the worker.
    huge = path.join(dir, 'huge.py');
    const lines = [HEAD];
    for (let i = 0; i < 600_000; i++) lines.push(`x${i} = [${i}, ${i + 1}, "${i}"]\n`);
    lines.push('scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3)\n');
    fs.writeFileSync(huge, lines.join(''));
    small = path.join(dir, 'small.py');
    fs.writeFileSync(small, `${HEAD}scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3)\nfor epoch in range(9):\n    scheduler.step()\n`);
    long = path.join(dir, 'long.py');
    // A Python lr function called 2·10^6 times by the interpreter: about 5 s of analysis on a 2-core
    // cloud machine, 2.4 s for half of it — ten times the 0.5 s limit below on a machine 3× faster,
    // while the small file needs a few tens of ms even in a fresh worker on a busy one.
    fs.writeFileSync(
      long,
      `${HEAD}def lr_lambda(step):\n    return 0.5 ** (step // 1000) * (1.0 + 0.1 * (step % 7))\nscheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)\nfor step in range(2000000):\n    optimizer.step()\n    scheduler.step()\n`,
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function timed(args: string[]) {
    const t0 = performance.now();
    const r = cli(args, { timeout: TIME_LIMIT_MS + 20_000 });
    return { ...r, ms: performance.now() - t0 };
  }

  it('a file that exhausts the default heap cap: one line, exit 3, and the next file is still analyzed', () => {
    const r = timed(['analyze', huge, small, '--json']);
    assert.equal(r.signal, null, `killed by ${r.signal}`);
    assert.equal(r.code, 3, r.err);
    assert.ok(r.ms < TIME_LIMIT_MS, `${r.ms.toFixed(0)} ms`);
    assert.equal(r.err, `lr-lens: ${huge}: analysis stopped: it needed more than 384 MB of memory (--max-memory MB raises the limit)\n`);
    assert.doesNotMatch(r.err, STACK);
    const report = JSON.parse(r.out);
    assert.deepEqual(
      report.files.map((f: { path: string }) => f.path),
      [small],
    );
    assert.deepEqual(report.summary.stopped, [huge]);
    assert.deepEqual(report.summary.unreadable, []);
    const s = report.files[0].schedulers[0];
    assert.equal(s.kind, 'StepLR');
    assert.equal(s.lr.length, 10);
    assert.ok(Math.abs(s.lr[9][0] - 0.1 * 0.1 ** 3) < 1e-15, String(s.lr[9][0]));
  });

  it('--max-memory sets the cap; with room the same file is analyzed', () => {
    const low = timed(['diagnostics', huge, '--max-memory', '64']);
    assert.equal(low.code, 3, low.err);
    assert.equal(low.err, `lr-lens: ${huge}: analysis stopped: it needed more than 64 MB of memory (--max-memory MB raises the limit)\n`);
    const high = timed(['diagnostics', huge, '--max-memory', '1024', '--json']);
    assert.equal(high.code, 0, high.err);
    assert.deepEqual(JSON.parse(high.out).diagnostics, []);
  });

  it('a 9x10^6-call timm run under a 64 MB cap: analyzed, no V8 fatal error (a grown JS array aborted the whole process)', () => {
    const timm = path.join(dir, 'timm_long.py');
    fs.writeFileSync(
      timm,
      `import torch
from timm.scheduler import CosineLRScheduler
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = CosineLRScheduler(optimizer, t_initial=100, t_in_epochs=False)
for epoch in range(100):
    for i in range(90000):
        optimizer.step()
        scheduler.step_update(epoch * 90000 + i)
    scheduler.step(epoch + 1)
`,
    );
    const r = timed(['analyze', timm, '--max-memory', '64']);
    assert.equal(r.signal, null, `killed by ${r.signal}`);
    assert.doesNotMatch(r.err, STACK);
    assert.doesNotMatch(r.err, /FATAL|Last few GCs/);
    assert.equal(r.code, 0, r.err.slice(0, 500));
    assert.match(r.out, /calls: +9000100 \(100 epochs × 90000 step_update \+ step\(epoch\)/);
  });

  it('a file that overruns --timeout: one line, exit 3, and the next file is still analyzed', () => {
    const r = timed(['analyze', long, small, '--timeout', '0.5']);
    assert.equal(r.code, 3, r.err);
    assert.equal(r.err, `lr-lens: ${long}: analysis stopped: it took longer than 0.5 s (--timeout SECONDS raises the limit)\n`);
    assert.match(r.out, /small\.py: 1 scheduler/);
    assert.match(r.out, /2 files; 1 scheduler; .*; 1 stopped\n$/);
    assert.doesNotMatch(r.out, /long\.py/);
  });

  it('the stopped file is a SARIF tool notification', () => {
    const r = timed(['diagnostics', long, '--format', 'sarif', '--timeout', '0.001']);
    assert.equal(r.code, 3, r.err);
    const run = JSON.parse(r.out).runs[0];
    assert.equal(run.invocations[0].executionSuccessful, false);
    assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, /analysis stopped: it took longer than 0\.001 s/);
  });

  it('--max-memory and --timeout take sensible values only', () => {
    for (const [flag, v, msg] of [
      ['--max-memory', '8', /--max-memory needs an integer of at least 32, got '8'/],
      ['--max-memory', 'lots', /--max-memory needs an integer/],
      ['--timeout', '0', /--timeout needs a number of seconds above 0, got '0'/],
      ['--timeout', '-1', /--timeout needs a number of seconds above 0/],
    ] as const) {
      const r = cli(['analyze', small, flag, v]);
      assert.equal(r.code, 2, `${flag} ${v}`);
      assert.match(r.err, msg);
    }
  });

  it('the analysis lives in the worker bundle, not in the main thread', () => {
    // The launcher (dist/cli.js) and the rest of the main thread's command line (dist/cliMain.js).
    const main = ['dist/cli.js', 'dist/cliMain.js'].map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
    const worker = fs.readFileSync(path.join(ROOT, 'dist/cliAnalysis.js'), 'utf8');
    // The Python grammar (lezer) and the analyzer's interpreter: the worker's only.
    for (const marker of ['maximum recursion depth exceeded', 'exceeded its 10,000-operation budget']) {
      assert.ok(worker.includes(marker), `the worker bundle has '${marker}'`);
      assert.ok(!main.includes(marker), `the main bundle has '${marker}'`);
    }
  });
});
