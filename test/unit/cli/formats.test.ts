// The CLI's curve formats against the engine run in this process: CSV and streamed JSON carry
// the exact doubles; thinning keeps the extremes; text mode and JSON of any length; a closed pipe.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';
import { keptRows } from '../../../src/cli/thin';
import { buildCli, cli, CLI, STACK } from './bundle';
import { oneCycleScript } from '../../../bench/cliBench';

const TWO_GROUPS = `import torch
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD([{"params": model.weight, "lr": 0.1}, {"params": model.bias, "lr": 0.01}], lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[0.1, 0.02], total_steps=5000)
for epoch in range(5):
    for batch in train_loader:
        opt.step()
        scheduler.step()
`;


function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-cli-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The engine's curve of the file's first scheduler, computed in this process. */
function engineCurve(source: string) {
  const f = analyze(source, { timeLimitMs: 10_000 }).schedulers[0];
  return { f, ...curveFor(f) };
}

describe('cli: curve formats', function () {
  this.timeout(180_000);
  before(() => buildCli());

  it('--format csv: step, epoch, one column per param group, every value the exact double', () => {
    const file = tmpFile('two.py', TWO_GROUPS);
    const r = cli(['analyze', file, '--format', 'csv']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines[0], 'step,epoch,lr_0,lr_1');
    const { curve } = engineCurve(TWO_GROUPS);
    assert.equal(curve.groups, 2);
    assert.equal(lines.length - 1, curve.rows);
    for (let k = 0; k < curve.rows; k++) {
      const cells = lines[k + 1].split(',');
      assert.equal(cells[0], String(k));
      // len(train_loader) is assumed 1000 batches: step k is in epoch ⌊k / 1000⌋.
      assert.equal(cells[1], String(Math.floor(k / 1000)));
      for (let g = 0; g < 2; g++) assert.equal(Number(cells[2 + g]), curve.lr[k * 2 + g], `step ${k} group ${g}: ${cells[2 + g]}`);
    }
    assert.equal(lines[1], '0,0,0.0040000000000000036,0.0007999999999999986');
  });

  it('--format json is the same report, streamed: lr and momentum rows exact', () => {
    const file = tmpFile('two.py', TWO_GROUPS);
    const r = cli(['analyze', file, '--json']);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out).schedulers[0];
    const { curve } = engineCurve(TWO_GROUPS);
    assert.equal(s.lr.length, curve.rows);
    assert.equal(s.momentum.length, curve.rows);
    for (let k = 0; k < curve.rows; k++)
      for (let g = 0; g < 2; g++) {
        assert.equal(s.lr[k][g], curve.lr[k * 2 + g]);
        assert.equal(s.momentum[k][g], (curve.momentum as Float64Array)[k * 2 + g]);
      }
    assert.equal(s.kind, 'OneCycleLR');
    assert.equal(s.steps, 5000);
  });

  it('--every / --points keep the first and last rows and every bucket\'s extremes', () => {
    const file = tmpFile('two.py', TWO_GROUPS);
    const { curve } = engineCurve(TWO_GROUPS);
    const peak = (g: number) => {
      let best = 0;
      for (let k = 0; k < curve.rows; k++) if (curve.lr[k * 2 + g] > curve.lr[best * 2 + g]) best = k;
      return best;
    };
    for (const [flag, n] of [['--points', 25], ['--every', 700], ['--points', 7]] as const) {
      const r = cli(['analyze', file, '--format', 'csv', flag, String(n)]);
      assert.equal(r.code, 0, r.err);
      const steps = r.out.trimEnd().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
      if (flag === '--points') assert.ok(steps.length <= n, `${steps.length} rows for --points ${n}`);
      assert.equal(steps[0], 0);
      assert.equal(steps[steps.length - 1], curve.rows - 1);
      assert.deepEqual([...steps].sort((a, b) => a - b), steps);
      assert.ok(steps.includes(peak(0)) && steps.includes(peak(1)), `the peak survives ${flag} ${n}`);
      if (flag === '--every') for (let k = 0; k < curve.rows; k += n) assert.ok(steps.includes(k), `bucket start ${k}`);
      // The same rows in JSON, with the steps they are.
      const j = JSON.parse(cli(['analyze', file, '--json', flag, String(n)]).out).schedulers[0];
      assert.deepEqual(j.rowSteps, steps);
      assert.deepEqual(j.lr, steps.map((k) => [curve.lr[k * 2], curve.lr[k * 2 + 1]]));
    }
    // In-process: each bucket's min and max of each group are kept.
    const kept = keptRows(curve, { every: 500 }) as Int32Array;
    for (let from = 0; from < curve.rows; from += 500)
      for (let g = 0; g < 2; g++) {
        let lo = from;
        let hi = from;
        for (let k = from; k < Math.min(curve.rows, from + 500); k++) {
          if (curve.lr[k * 2 + g] < curve.lr[lo * 2 + g]) lo = k;
          if (curve.lr[k * 2 + g] > curve.lr[hi * 2 + g]) hi = k;
        }
        assert.ok(kept.includes(lo) && kept.includes(hi), `bucket ${from} group ${g}`);
      }
  });

  it('text mode and JSON of a 300,000-step run (a spread over the curve overflowed the stack)', () => {
    const file = tmpFile('long.py', oneCycleScript(300_000));
    const t = cli(['analyze', file]);
    assert.equal(t.code, 0, t.err);
    assert.doesNotMatch(t.err, STACK);
    assert.match(t.out, /300000 steps/);
    assert.match(t.out, /lr: {7}first 4e-3, peak 0\.1, last 4e-7/);
    const j = cli(['analyze', file, '--json']);
    assert.equal(j.code, 0, j.err);
    assert.equal(JSON.parse(j.out).schedulers[0].lr.length, 300_001);
  });

  it('a reader that closes the pipe (| head) ends the CLI quietly', async () => {
    const file = tmpFile('long.py', oneCycleScript(1_000_000));
    for (const format of ['csv', 'json']) {
      const t0 = Date.now();
      const child = spawn(process.execPath, [CLI, 'analyze', file, '--format', format], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const first = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
      child.stdout.destroy();
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      assert.ok(first.length > 0);
      assert.equal(err, '', `${format}: ${err}`);
      assert.equal(code, 0, format);
      // At once, not when a deadline ends the worker still formatting (the CSV's blocks waited 60 s).
      assert.ok(Date.now() - t0 < 20_000, `${format}: ${Date.now() - t0} ms`);
    }
  });
});
