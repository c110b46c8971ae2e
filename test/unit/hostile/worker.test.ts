// The analysis worker (dist/analysisWorker.js, the bundle the extension starts) driven by the
// extension's own client (src/worker/client.ts) in worker_threads: curves come back equal to the
// in-process ones; a worker over its memory cap or past the deadline is stopped with that reason,
// replaced, and the next request is answered.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { analyze } from '../../../src/core/model/analyze';
import { DEFAULT_INPUTS, DocumentModel } from '../../../src/core/model/documentModel';
import { AnalysisWorkerClient, type WorkerLike } from '../../../src/worker/client';

const ROOT = path.resolve(__dirname, '../../../..');
const BUNDLE = path.join(ROOT, 'dist/analysisWorker.js');
/** No wall-clock backstop (a cold worker on a loaded machine): results from the operation budgets alone. */
const NO_CLOCK = { timeLimitMs: 600_000 };
const NO_CLOCK_INPUTS = { ...DEFAULT_INPUTS, ...NO_CLOCK };
const script = (name: string) => readFileSync(path.join(ROOT, name), 'utf8');

function spawner(limits: () => ResourceLimits): () => WorkerLike {
  return () => {
    const w = new Worker(BUNDLE, { resourceLimits: limits() });
    return {
      post: (m) => w.postMessage(m),
      listen(onReply, onFailure) {
        w.on('message', onReply);
        w.on('error', (e: Error & { code?: string }) => onFailure(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { kind: 'memory', detail: 'cap' } : { kind: 'crash', detail: e.message }));
        w.on('exit', (code) => onFailure({ kind: 'crash', detail: `exit code ${code}` }));
      },
      terminate: () => void w.terminate(),
    };
  };
}

describe('analysis worker (dist/analysisWorker.js in worker_threads, src/worker/client.ts)', function () {
  this.timeout(60_000);
  before(function () {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build`);
  });

  it('analyzes and simulates: the curves equal the in-process ones, bit for bit', async () => {
    const client = new AnalysisWorkerClient(spawner(() => ({ maxOldGenerationSizeMb: 256 })), () => {});
    try {
      const text = script('test/fixtures/scripts/hf_no_trainer.py');
      const r = await client.run('a', text, NO_CLOCK_INPUTS);
      if (!r.ok) throw new Error(JSON.stringify(r));
      const curves = r.curves;
      const local = analyze(text, NO_CLOCK);
      const model = DocumentModel.of(text, NO_CLOCK_INPUTS);
      assert.equal(curves.length, local.schedulers.length);
      assert.ok(curves.length > 0);
      for (const f of local.schedulers) {
        const c = curves.find((x) => x.id === f.id);
        assert.ok(c && c.kind === f.kind && c.steps === f.naturalSteps);
        assert.deepEqual(Array.from(c.curve.lr), Array.from(model.curve(model.finding(f.id)!).lr));
      }
    } finally {
      client.dispose();
    }
  });

  it('a worker over its memory cap is stopped with that reason; the next request gets a new worker', async () => {
    let starts = 0;
    // The first worker gets a heap too small for any analysis; its replacement a normal one.
    const client = new AnalysisWorkerClient(spawner(() => (starts++ === 0 ? { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 } : { maxOldGenerationSizeMb: 256 })), () => {});
    try {
      const text = script('test/fixtures/scripts/hf_no_trainer.py');
      const first = await client.run('a', text.repeat(20), DEFAULT_INPUTS);
      assert.equal(first.ok, false);
      assert.ok(!first.ok && (first.reason.kind === 'memory' || first.reason.kind === 'crash'), JSON.stringify(first));
      const second = await client.run('a', text, NO_CLOCK_INPUTS);
      assert.ok(second.ok, JSON.stringify(second));
      assert.equal(client.started, 2);
    } finally {
      client.dispose();
    }
  });

  it('a request past the deadline is stopped ("took longer than"), the worker replaced, the next one answered', async () => {
    const client = new AnalysisWorkerClient(spawner(() => ({ maxOldGenerationSizeMb: 256 })), () => {}, 300);
    try {
      const slow = script('test/fixtures/hostile/costly_lr_function.py');
      const first = await client.run('a', slow, DEFAULT_INPUTS);
      assert.deepEqual(first, { ok: false, reason: { kind: 'deadline', detail: '0.3' } });
      client.deadlineMs = 60_000;
      const second = await client.run('b', 'import torch\ns = torch.optim.lr_scheduler.StepLR(opt, step_size=3)\n', NO_CLOCK_INPUTS);
      assert.ok(second.ok && second.curves.length === 1, JSON.stringify(second));
      assert.equal(client.started, 2);
    } finally {
      client.dispose();
    }
  });
});
