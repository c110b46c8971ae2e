// The CLI's launcher (src/cli/bin.ts, dist/cli.js): it starts the analysis worker before the rest of
// the command line loads, and the guard takes that worker over (src/cli/guard.ts) when it has the
// guard's heap cap, or terminates it; and the CSV writer the main thread compiled and warmed while
// the worker analyzed is the one the worker then writes its blocks with (src/cli/formats/csvWasm.ts:
// rowsShare / adoptRows), with the same bytes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AnalysisGuard } from '../../../src/cli/guard';
import { CLI_HEAP_MB, prestartsWorker, startAnalysisWorker } from '../../../src/cli/startWorker';
import { csvPlan, writeCsvRowsJs } from '../../../src/cli/formats/csv';
import { compileRows, type RowsShare } from '../../../src/cli/formats/csvWasm';
import type { FileReply } from '../../../src/cli/analysisJob';
import type { SchedulerFinding } from '../../../src/core/model/types';
import type { FindingCurve } from '../../../src/core/model/curves';
import { Memory } from './memorySink';
import { buildCli, cli, ROOT, STACK } from './bundle';

const SOURCE = 'import torch\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3)\nfor epoch in range(9):\n    scheduler.step()\n';

describe('cli: the launcher starts the analysis worker first', function () {
  this.timeout(120_000);
  let workerScript: string;
  before(() => {
    buildCli();
    workerScript = path.join(ROOT, 'dist/cliWorker.js');
  });

  it('starts it for the analyzing commands only, and not when --max-memory will set another cap', () => {
    const yes = [['analyze', 'a.py'], ['diagnostics', 'a.py', '--format', 'sarif'], ['compare', 'a.py', '--log', 'x.json'], ['analyze', 'a.py', '--timeout', '5']];
    const no = [[], ['--version'], ['help'], ['analyze', '--help'], ['diagnostics', 'a.py', '-h'], ['analyze', 'a.py', '-V'], ['analyze', 'a.py', '--max-memory', '64'], ['lint', 'a.py']];
    for (const argv of yes) assert.equal(prestartsWorker(argv), true, argv.join(' '));
    for (const argv of no) assert.equal(prestartsWorker(argv), false, argv.join(' '));
  });

  it('the guard runs its jobs in the launcher\'s worker when the cap is the same', async () => {
    const early = startAnalysisWorker(workerScript, CLI_HEAP_MB);
    early.unref();
    let exited = false;
    early.on('exit', () => (exited = true));
    const guard = new AnalysisGuard(workerScript, { heapMb: CLI_HEAP_MB, deadlineS: 60 }, { worker: early, heapMb: CLI_HEAP_MB });
    const r = await guard.run({ kind: 'file', path: 'a.py', source: SOURCE, inputs: {}, curves: true });
    assert.ok(r.ok && r.reply.ok, JSON.stringify(r));
    const reply = r.reply as Extract<FileReply, { ok: true }>;
    assert.deepEqual(reply.result.schedulers.map((f) => f.kind), ['StepLR']);
    // No second worker, and the first one is still the guard's until it closes.
    assert.equal(guard.started, 1);
    assert.equal(exited, false);
    await new Promise<void>((done) => {
      early.once('exit', () => done());
      guard.close();
    });
    assert.equal(exited, true);
  });

  it('a launcher\'s worker with another cap is terminated unused, and the guard starts its own', async () => {
    const early = startAnalysisWorker(workerScript, CLI_HEAP_MB);
    early.unref();
    const gone = new Promise<number>((done) => early.once('exit', done));
    const guard = new AnalysisGuard(workerScript, { heapMb: 64, deadlineS: 60 }, { worker: early, heapMb: CLI_HEAP_MB });
    const r = await guard.run({ kind: 'file', path: 'a.py', source: SOURCE, inputs: {}, curves: false });
    assert.ok(r.ok && r.reply.ok, JSON.stringify(r));
    assert.equal(guard.started, 1);
    await gone;
    guard.close();
  });

  it('a guard closed before its first job terminates the launcher\'s worker', async () => {
    const early = startAnalysisWorker(workerScript, CLI_HEAP_MB);
    const gone = new Promise<number>((done) => early.once('exit', done));
    new AnalysisGuard(workerScript, { heapMb: CLI_HEAP_MB, deadlineS: 60 }, { worker: early, heapMb: CLI_HEAP_MB }).close();
    await gone;
  });

  it('--help, --version and a usage error end at once with the worker the launcher did not start, or terminated', () => {
    for (const [args, code, pattern] of [
      [['--version'], 0, /^lr-lens \d+\.\d+\.\d+\n$/],
      [['analyze', '--help'], 0, /^Usage:|lr-lens analyze/],
      [['analyze'], 2, /./],
      [['analyze', 'x.py', '--every', 'none'], 2, /./],
    ] as const) {
      const t0 = performance.now();
      const r = cli([...args]);
      const ms = performance.now() - t0;
      assert.equal(r.code, code, `${args.join(' ')}: ${r.err}`);
      assert.match(code === 0 ? r.out : r.err, pattern);
      assert.doesNotMatch(r.err, STACK);
      // Well within the worker's own start limit (30 s): nothing waits for it.
      assert.ok(ms < 20_000, `${args.join(' ')}: ${ms.toFixed(0)} ms`);
    }
  });
});

describe('cli: the worker writes its CSV blocks with the main thread\'s writer', function () {
  this.timeout(120_000);
  let share: RowsShare;
  before(() => {
    buildCli();
    // As rowsShare() gives it: the compiled module and the powers of ten its instance computed.
    const module = compileRows(fs.readFileSync(path.join(ROOT, 'dist/csvRows.wasm')));
    share = { module, kMin: 0, kMax: 0, words: new BigUint64Array(0) };
  });

  it('a worker that adopts the posted module writes the JavaScript writer\'s bytes, and has no file to read it from', async () => {
    const lr = new Float64Array(5000);
    for (let i = 0; i < lr.length; i++) lr[i] = 0.1 * Math.cos(i / 97) ** 2 + 1e-9 * i;
    const finding = { id: 0, kind: 'OneCycleLR', name: 'scheduler', unit: 'step', stepCalls: [], assumptions: [] } as unknown as SchedulerFinding;
    const plan = csvPlan([{ finding, fc: { curve: { lr, groups: 1, rows: lr.length } } as unknown as FindingCurve }], {});
    const js = new Memory(1 << 12);
    writeCsvRowsJs(js, plan, 0, plan.total);
    // The worker runs the tests' build of csvWasm (out/), beside which there is no csvRows.wasm: only
    // the posted module can give it WebAssembly. Its powers of ten are computed by it (kMin = kMax = 0
    // do not fit the module, so the instance computes its own) or taken as posted.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-adopt-'));
    const script = path.join(dir, 'adopt.js');
    fs.writeFileSync(
      script,
      `const { parentPort, workerData } = require('node:worker_threads');
const w = require(${JSON.stringify(path.join(ROOT, 'out/src/cli/formats/csvWasm.js'))});
const before = w.rowsShare() !== undefined;
w.adoptRows(workerData.share);
const after = w.rowsShare();
const sink = { buf: new Uint8Array(1 << 16), pos: 0, parts: [], flush() { this.parts.push(Buffer.from(this.buf.subarray(0, this.pos))); this.pos = 0; } };
w.writeRows(sink, workerData.plan, 0, workerData.plan.total);
sink.flush();
parentPort.postMessage({ before, share: after, text: Buffer.concat(sink.parts).toString('latin1') });
`,
    );
    type Reply = { before: boolean; share: RowsShare | undefined; text: string };
    const inWorker = async (given: RowsShare): Promise<Reply> => {
      const worker = new Worker(script, { workerData: { share: given, plan } });
      const m = await new Promise<Reply>((done, fail) => {
        worker.once('message', done);
        worker.once('error', fail);
      });
      await worker.terminate();
      return m;
    };
    // The first computes its powers of ten (the posted ones are for another range); its own share,
    // module and powers, is then what a second worker takes whole, as the CLI's worker takes the main thread's.
    const first = await inWorker(share);
    assert.equal(first.before, false, 'without the posted module the worker writes by JavaScript (no csvRows.wasm beside out/)');
    assert.ok(first.share && first.share.kMin < 0 && first.share.words.length === 2 * (first.share.kMax - first.share.kMin + 1), 'the powers of ten the module asks for');
    assert.equal(first.text, js.text());
    const second = await inWorker(first.share);
    assert.deepEqual(second.share?.words, first.share.words);
    assert.equal(second.text, js.text());
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
