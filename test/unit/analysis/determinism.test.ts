// The same file gives the same answer on any machine at any load: work budgets (operations,
// parser steps) decide every result, and the wall-clock guard only refuses an analysis outright.
// Here the host is made artificially slow with a clock that jumps at every reading.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import type { AnalysisResult } from '../../../src/core/model/types';
import { SCRIPTS_DIR } from './fixtures.test';

const ROOT = path.resolve(SCRIPTS_DIR, '../../..');

function fixtures(): string[] {
  const dirs = [SCRIPTS_DIR, path.join(SCRIPTS_DIR, 'issue13'), path.join(SCRIPTS_DIR, 'diagnostics'), path.join(ROOT, 'examples')];
  return dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.py')).map((f) => path.join(d, f)) : []));
}

/** Everything of a result but the time it took. */
function canonical(r: AnalysisResult): string {
  const { timeMs: _t, ...rest } = r;
  return JSON.stringify(rest, (_k, v) => (typeof v === 'function' ? `fn:${String(v).length}` : v));
}

/** Runs `f` with performance.now() advancing `jumpMs` at every call (a starved machine, seen by the analysis). */
function withJumpingClock<T>(jumpMs: number, f: () => T): { value: T; reads: number } {
  const perf = globalThis.performance as { now: () => number };
  const real = perf.now;
  let t = real.call(perf);
  let reads = 0;
  Object.defineProperty(perf, 'now', { value: () => ((reads++, (t += jumpMs))), configurable: true, writable: true });
  try {
    return { value: f(), reads };
  } finally {
    Object.defineProperty(perf, 'now', { value: real, configurable: true, writable: true });
    delete (perf as { now?: unknown }).now;
  }
}

describe('analysis: deterministic under load', () => {
  const files = fixtures();
  it(`finds the fixtures (${files.length})`, () => assert.ok(files.length >= 40, String(files.length)));

  it('every fixture gives byte-identical JSON when the clock jumps 40 ms at every reading', () => {
    // Before this test, a 40 ms jump cut a block's parse at its second clock reading (50 ms per
    // block) and the whole analysis at its seventh (250 ms): schedulers vanished.
    let reads = 0;
    for (const file of files) {
      const src = fs.readFileSync(file, 'utf8');
      const calm = canonical(analyze(src));
      const slow = withJumpingClock(40, () => analyze(src));
      reads += slow.reads;
      assert.equal(canonical(slow.value), calm, path.relative(ROOT, file));
    }
    assert.ok(reads > files.length, `the clock was read ${reads} times`);
  });

  it('the same fixture analyzed again (one process, warm caches) gives the same JSON', () => {
    for (const file of files) {
      const src = fs.readFileSync(file, 'utf8');
      assert.equal(canonical(analyze(src)), canonical(analyze(src)), path.relative(ROOT, file));
    }
  });

  it('past the wall-clock guard the analysis says it was too slow and gives no partial answer', () => {
    const src = fs.readFileSync(path.join(SCRIPTS_DIR, 'torchvision_reference.py'), 'utf8');
    const { value: r } = withJumpingClock(60_000, () => analyze(src));
    assert.deepEqual(r.schedulers, []);
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0].severity, 'error');
    assert.match(r.diagnostics[0].message, /^The analysis took longer than 5000 ms on this machine and was abandoned \(no partial result is shown\)$/);
  });
});
