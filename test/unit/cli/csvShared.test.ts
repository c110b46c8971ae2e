// A long CSV formatted by two threads (src/cli/formats/csvBlocks.ts) is the text one thread writes:
// with a real worker_threads worker filling its blocks, with no worker at all (the main thread takes
// the blocks over), and end to end through the CLI; and the analysis worker's code cache is used
// only when it was made for the bundle beside it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DocumentModel } from '../../../src/core/model/documentModel';
import { csvPlan, writeCsvRowsJs, type CsvPlan } from '../../../src/cli/formats/csv';
import { BLOCK, BLOCK_ROWS, CONTROL, csvBlocks, fillCsvBlocks, writeSharedCsv } from '../../../src/cli/formats/csvBlocks';
import { Output, ReaderGone } from '../../../src/cli/output';
import { callRows } from '../../../src/cli/formats/schedulers';
import { runJob, type FileReply } from '../../../src/cli/analysisJob';
import { oneCycleScript } from '../../../bench/cliBench';
import { Memory } from './memorySink';
import { buildCli, cli, ROOT } from './bundle';

const TWO_SCHEDULERS = (steps: number) => `import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, StepLR
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
opt2 = torch.optim.SGD([{"params": model.weight}, {"params": model.bias, "lr": 0.01}], lr=0.1)
cosine = CosineAnnealingLR(opt, T_max=${steps})
step = StepLR(opt2, step_size=${Math.floor(steps / 7)}, gamma=0.5)
for epoch in range(${steps}):
    opt.step()
    opt2.step()
    cosine.step()
    step.step()
`;

function planOf(source: string, thinning = {}): CsvPlan {
  const model = DocumentModel.of(source);
  return csvPlan(
    model.schedulers.map((finding) => ({ finding, fc: callRows(model.curveOf(finding)) })),
    thinning,
  );
}

function oneThread(plan: CsvPlan): string {
  const m = new Memory();
  writeCsvRowsJs(m, plan, 0, plan.total);
  return m.text();
}

function tmpFile(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-csv2-')), name);
  fs.writeFileSync(file, text);
  return file;
}

describe('cli: a long CSV formatted by two threads', function () {
  this.timeout(180_000);

  /** The output as the CLI has it: a file descriptor both threads write to, the header buffered first. */
  function output(): { out: Output; text: () => string } {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-csv2-out-')), 'out.csv');
    const out = new Output(fs.openSync(file, 'w'));
    out.text('header\n');
    // As the CLI does before it posts the worker's job.
    out.flush();
    return {
      out,
      text: () => {
        fs.closeSync(out.fd);
        return fs.readFileSync(file, 'utf8');
      },
    };
  }

  it('with a worker taking blocks too, each formatted and written by the thread that took it, the bytes are one thread\'s, in order', async () => {
    const plan = planOf(TWO_SCHEDULERS(100_000));
    assert.equal(plan.total, 2 * 100_001);
    assert.ok(plan.total > 10 * BLOCK_ROWS);
    const blocks = csvBlocks(plan);
    const { out, text } = output();
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const { fillCsvBlocks } = require(workerData.module);
       fillCsvBlocks(workerData.plan, workerData.blocks, workerData.fd);
       parentPort.postMessage('done');`,
      { eval: true, workerData: { module: path.join(ROOT, 'out/src/cli/formats/csvBlocks.js'), plan, blocks, fd: out.fd } },
    );
    const done = new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    writeSharedCsv(out, plan, blocks);
    assert.equal(await done, 'done');
    await worker.terminate();
    const written = text();
    assert.equal(written, 'header\n' + oneThread(plan));
    // Every block was taken by one of the two and written; the worker wrote some of its own.
    const control = new Int32Array(blocks.control);
    const count = Math.ceil(plan.total / BLOCK_ROWS);
    const states = [...control.subarray(CONTROL.STATES, CONTROL.STATES + count)];
    states.forEach((s, b) => assert.ok(s === BLOCK.WORKER_WRITES || s === BLOCK.MAIN, `block ${b}: ${s}`));
    assert.ok(states.includes(BLOCK.WORKER_WRITES), 'the worker wrote blocks of its own');
    assert.ok(states.includes(BLOCK.MAIN), 'and the main thread too');
    assert.equal(control[CONTROL.TURN], count);
    assert.equal(control[CONTROL.READER_GONE], 0);
    const lines = written.split('\n');
    assert.equal(lines[1], 'cosine,0,0,0.1,');
    assert.equal(lines[100_002], 'step,0,0,0.1,0.01');
    assert.equal(lines[100_002 + 14_285], 'step,14285,14285,0.05,0.005');
  });

  it('with no worker, the main thread claims, formats and writes every block itself, without waiting', () => {
    const plan = planOf(TWO_SCHEDULERS(40_000), { every: 2 });
    const blocks = csvBlocks(plan);
    const { out, text } = output();
    const t0 = Date.now();
    writeSharedCsv(out, plan, blocks);
    assert.ok(Date.now() - t0 < 200, `${Date.now() - t0} ms`);
    assert.equal(text(), 'header\n' + oneThread(plan));
    const control = new Int32Array(blocks.control);
    const count = Math.ceil(plan.total / BLOCK_ROWS);
    assert.ok(count >= 3, `${count} blocks`);
    // Every block was taken by the main thread; it ends with `abandoned` set, for a worker that starts late.
    assert.deepEqual([...control.subarray(CONTROL.STATES, CONTROL.STATES + count)], Array.from({ length: count }, () => BLOCK.MAIN));
    assert.ok(control[CONTROL.NEXT] >= count);
    assert.equal(control[CONTROL.TURN], count);
    assert.equal(control[CONTROL.ABANDONED], 1);
  });

  it('a block the worker took but never writes: the main thread waits once (250 ms), then writes it and the rest itself', () => {
    const plan = planOf(TWO_SCHEDULERS(100_000));
    const blocks = csvBlocks(plan);
    const control = new Int32Array(blocks.control);
    // Block 0 taken by a worker that then stopped.
    control[CONTROL.NEXT] = 1;
    control[CONTROL.STATES] = BLOCK.WORKER;
    const { out, text } = output();
    const t0 = Date.now();
    writeSharedCsv(out, plan, blocks);
    const waited = Date.now() - t0;
    assert.equal(text(), 'header\n' + oneThread(plan));
    assert.equal(control[CONTROL.ABANDONED], 1, 'abandoned');
    // Block 0 taken over, and every other block the main thread's.
    const count = Math.ceil(plan.total / BLOCK_ROWS);
    assert.deepEqual([...control.subarray(CONTROL.STATES, CONTROL.STATES + count)], Array.from({ length: count }, () => BLOCK.MAIN));
    assert.ok(waited >= 240 && waited < 10_000, `waited ${waited} ms`);
  });

  it('a worker whose turn has passed writes nothing more; a reader that went away in its write ends the main thread quietly', () => {
    const plan = planOf(TWO_SCHEDULERS(100_000));
    // Blocks 0…4 taken and 0…5 written by the main thread (a late worker's block 5 taken over): the
    // worker takes block 5, formats it, finds the turn beyond it, and stops without writing.
    const blocks = csvBlocks(plan);
    const control = new Int32Array(blocks.control);
    control[CONTROL.NEXT] = 5;
    control[CONTROL.TURN] = 6;
    const { out, text } = output();
    fillCsvBlocks(plan, blocks, out.fd);
    assert.equal(text(), 'header\n', 'the worker wrote nothing');
    assert.equal(control[CONTROL.STATES + 5], BLOCK.WORKER);
    assert.equal(control[CONTROL.STATES + 6], BLOCK.FREE, 'and took nothing after it');
    assert.equal(control[CONTROL.NEXT], 6);
    // The reader went away in the worker's write: the main thread throws ReaderGone (main() exits 0).
    const gone = csvBlocks(plan);
    const g = new Int32Array(gone.control);
    g[CONTROL.READER_GONE] = 1;
    const sink = output();
    assert.throws(() => writeSharedCsv(sink.out, plan, gone), ReaderGone);
    assert.equal(g[CONTROL.ABANDONED], 1);
    sink.text();
  });

  it('end to end: `analyze --format csv` of two schedulers over 10^5 steps, with and without thinning', () => {
    const source = TWO_SCHEDULERS(100_000);
    const file = tmpFile('two.py', source);
    for (const [args, thinning] of [
      [[], {}],
      [['--every', '3'], { every: 3 }],
      [['--scheduler', 'step'], undefined],
    ] as const) {
      const r = cli(['analyze', file, '--format', 'csv', ...args]);
      assert.equal(r.code, 0, r.err);
      const plan =
        thinning === undefined
          ? (() => {
              const model = DocumentModel.of(source);
              const f = model.schedulers.filter((s) => s.name === 'step');
              return csvPlan(
                f.map((finding) => ({ finding, fc: callRows(model.curveOf(finding)) })),
                {},
              );
            })()
          : planOf(source, thinning);
      assert.equal(r.out, plan.header + oneThread(plan), args.join(' '));
    }
  });
});

describe('cli: the curves of a CSV job', () => {
  it('are in shared memory and hold the lr only: the same lr as the JSON job\'s, no momentum (8 MB less at 10^6 steps)', () => {
    const source = oneCycleScript(20_000);
    const job = (sharedCurves: boolean) => runJob({ id: 1, kind: 'file', path: 'one.py', source, inputs: {}, curves: true, ...(sharedCurves ? { sharedCurves } : {}) }).reply as FileReply;
    const json = job(false);
    const csv = job(true);
    assert.ok(json.ok && csv.ok);
    const a = json.curves[0][1].curve;
    const b = csv.curves[0][1].curve;
    assert.equal(a.momentum?.length, 20_001);
    assert.equal(b.momentum, undefined);
    assert.ok(b.lr.buffer instanceof SharedArrayBuffer && !(a.lr.buffer instanceof SharedArrayBuffer));
    assert.deepEqual(Array.from(b.lr), Array.from(a.lr));
  });
});

describe('cli: the analysis worker\'s code cache', function () {
  this.timeout(180_000);

  /** Runs `cli.js analyze FILE --json` from `dir` (dist/ or a copy of its CLI files); the worker says whether it used the cache. */
  function runFrom(dir: string, file: string): { out: string; report: string } {
    const reportFile = path.join(os.tmpdir(), `lrlens-cache-report-${process.pid}`);
    fs.rmSync(reportFile, { force: true });
    const r = spawnSync(process.execPath, [path.join(dir, 'cli.js'), 'analyze', file, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, LRLENS_CODE_CACHE_REPORT: reportFile },
      maxBuffer: 1 << 30,
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    return { out: r.stdout, report: fs.readFileSync(reportFile, 'utf8') };
  }

  it('is made by the build for the bundle beside it, and used', () => {
    buildCli();
    const cache = fs.readFileSync(path.join(ROOT, 'dist/cliAnalysis.cache'));
    assert.ok(cache.length > 100_000, `${cache.length} bytes`);
    assert.equal(runFrom(path.join(ROOT, 'dist'), tmpFile('one.py', oneCycleScript(1000))).report, 'accepted');
  });

  it('made for another bundle, cut short or changed, it is not used, and the answer is the same', () => {
    buildCli();
    const file = tmpFile('one.py', oneCycleScript(1000));
    const expected = cli(['analyze', file, '--json']).out;
    assert.match(expected, /"kind":"OneCycleLR"/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-cache-'));
    for (const f of ['cli.js', 'cliMain.js', 'cliWorker.js', 'cliAnalysis.js', 'cliAnalysis.cache']) fs.copyFileSync(path.join(ROOT, 'dist', f), path.join(dir, f));
    const cacheFile = path.join(dir, 'cliAnalysis.cache');
    const good = fs.readFileSync(cacheFile);
    assert.equal(runFrom(dir, file).report, 'accepted');
    // The cache: the bundle's length (uint32), a copy of the bundle, then V8's data.
    const bundle = fs.readFileSync(path.join(dir, 'cliAnalysis.js'));
    assert.equal(good.readUInt32LE(0), bundle.length);
    assert.ok(good.subarray(4, 4 + bundle.length).equals(bundle));
    const another = Buffer.from(good);
    // One byte of the copy, in the middle of the bundle: a bundle of the same length that differs.
    another[4 + (bundle.length >> 1)] ^= 1;
    const longer = Buffer.from(good);
    longer.writeUInt32LE(bundle.length + 1, 0);
    const spoiled: [string, Buffer][] = [
      ["another bundle's copy, of the same length", another],
      ["another bundle's length", longer],
      ['cut short', good.subarray(0, 40)],
      ['V8 data changed', Buffer.concat([good.subarray(0, 4 + bundle.length), Buffer.alloc(good.length - 4 - bundle.length, 1)])],
    ];
    for (const [why, bytes] of spoiled) {
      fs.writeFileSync(cacheFile, bytes);
      const r = runFrom(dir, file);
      assert.equal(r.out, expected, why);
      assert.equal(r.report, 'not used', why);
    }
    fs.rmSync(cacheFile);
    assert.deepEqual(runFrom(dir, file), { out: expected, report: 'not used' });
  });
});
