// Fuzz: 10,000 seeded mutants of the fixture scripts and examples (truncations, line/token edits,
// random characters, hostile numbers, deep nesting, endless loops and recursion in lr functions).
// For every mutant: analyze() returns (never throws), within 100 ms, within its operation budget;
// every finding's curve is computed without a throw, and its values are finite or the curve
// reports the error. A failure prints the seed: LRLENS_FUZZ_SEED=<seed> LRLENS_FUZZ_N=1 replays it.
import * as assert from 'node:assert/strict';
import { Analyzer } from '../../../src/analysis/analyze';
import { curveFor } from '../../../src/analysis/curves';
import { ANALYSIS_OPS, CALLABLE_OPS, callableOps } from '../../../src/analysis/program';
import type { AnalysisResult, SchedulerFinding } from '../../../src/analysis/types';
import type { ArgValue } from '../../../src/engine/spec';
import { fuzzCorpus, mutate, Rng } from './mutate';

const N = Number(process.env.LRLENS_FUZZ_N ?? 10_000);
const FIRST_SEED = Number(process.env.LRLENS_FUZZ_SEED ?? 1);
const LIMIT_MS = 100;
/** Steps simulated per finding (the natural run can be 10^6 steps of an interpreted lambda). */
const CURVE_STEPS = 300;

/** Every LrCallable in a spec's arguments (lr_lambda, scale_fn, nested schedulers' ones). */
function callables(v: ArgValue | Record<string, ArgValue>, out: Array<(x: number) => number> = []): Array<(x: number) => number> {
  if (typeof v === 'function') out.push(v);
  else if (Array.isArray(v)) for (const x of v) callables(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) callables(x as ArgValue, out);
  return out;
}

function analyzeTimed(src: string): { r: AnalysisResult; ms: number } {
  const t0 = performance.now();
  const r = new Analyzer().analyze(src);
  return { r, ms: performance.now() - t0 };
}

/**
 * The fastest of three more runs, in wall time or in this process's CPU time (what the extension's
 * own timings also record): the limit must not fail because other processes took the CPU.
 */
function bestOfThree(src: string, first: number): number {
  let best = first;
  for (let k = 0; k < 3 && best >= LIMIT_MS; k++) {
    const c0 = process.cpuUsage();
    const { ms } = analyzeTimed(src);
    const c = process.cpuUsage(c0);
    best = Math.min(best, ms, (c.user + c.system) / 1000);
  }
  return best;
}

/** Checks one finding's curve and lr functions; returns whether its curve has inf or nan values. */
function checkFinding(f: SchedulerFinding, where: string): boolean {
  const fc = curveFor(f, { steps: Math.min(f.naturalSteps, CURVE_STEPS) });
  const { curve } = fc;
  assert.ok(curve.rows >= 0 && curve.lr.length >= curve.rows * curve.groups, `${where}: curve shape`);
  // Finite, or reported: PyTorch itself computes inf/nan from an infinite lr or a lambda returning
  // nan, and so does the engine; FindingCurve.nonFinite says where, and the hover shows it.
  let first = -1;
  for (let i = 0; i < curve.rows * curve.groups && first < 0; i++) {
    assert.equal(typeof curve.lr[i], 'number', `${where}: lr[${i}]`);
    if (!Number.isFinite(curve.lr[i])) first = i;
  }
  if (first >= 0) {
    assert.ok(fc.nonFinite, `${where}: lr[${first}] = ${curve.lr[first]} and nothing reports it`);
    assert.equal(fc.nonFinite.atStep * curve.groups + fc.nonFinite.group, first, `${where}: nonFinite points at the first inf/nan`);
  } else assert.equal(fc.nonFinite, undefined, `${where}: nonFinite on a finite curve`);
  for (const fn of callables(f.spec.args)) {
    for (const x of [0, 1, 7]) {
      try {
        fn(x);
      } catch {
        // A Python exception (or an exhausted budget) is how the engine learns the function fails.
      }
      const used = callableOps(fn);
      assert.ok(used !== undefined && used <= CALLABLE_OPS, `${where}: lr function used ${used} operations (budget ${CALLABLE_OPS})`);
    }
  }
  return first >= 0;
}

describe('fuzz: analysis of mutated scripts', function () {
  this.timeout(240_000);

  it(`${N.toLocaleString('en-US')} mutants: no throw, ≤ ${LIMIT_MS} ms, within the operation budget, curves finite or reported`, () => {
    const corpus = fuzzCorpus();
    assert.ok(corpus.length >= 10, 'the fixture scripts and examples are there');
    const times: number[] = [];
    const counts: Record<string, number> = {};
    let findings = 0;
    let nonFinite = 0;
    let maxOps = 0;
    const failures: string[] = [];
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const seed = FIRST_SEED + i;
      const r = new Rng(seed);
      const base = corpus[r.int(corpus.length)];
      const m = mutate(base.text, r);
      const where = `seed ${seed} (${base.file}: ${m.applied.join(' + ')}; replay: LRLENS_FUZZ_SEED=${seed} LRLENS_FUZZ_N=1)`;
      for (const a of m.applied) counts[a] = (counts[a] ?? 0) + 1;
      try {
        let res: { r: AnalysisResult; ms: number };
        try {
          res = analyzeTimed(m.text);
        } catch (err) {
          assert.fail(`${where}: analyze threw ${(err as Error)?.stack ?? err}`);
        }
        const ms = res.ms < LIMIT_MS ? res.ms : bestOfThree(m.text, res.ms);
        times.push(ms);
        assert.ok(ms < LIMIT_MS, `${where}: analysis took ${ms.toFixed(1)} ms`);
        assert.ok(res.r.stats.ops <= ANALYSIS_OPS, `${where}: ${res.r.stats.ops} operations (budget ${ANALYSIS_OPS})`);
        maxOps = Math.max(maxOps, res.r.stats.ops);
        const internal = res.r.diagnostics.filter((d) => /^(Analysis failed|Internal analysis error)/.test(d.message));
        assert.equal(internal.length, 0, `${where}: ${internal.map((d) => d.message).join('; ')}`);
        for (const f of res.r.schedulers) {
          findings++;
          try {
            if (checkFinding(f, `${where}, finding ${f.kind} line ${f.line}`)) nonFinite++;
          } catch (err) {
            if (err instanceof assert.AssertionError) throw err;
            assert.fail(`${where}, finding ${f.kind} line ${f.line}: curve threw ${(err as Error)?.stack ?? err}`);
          }
        }
      } catch (err) {
        failures.push((err as Error).message.split('\n')[0]);
      }
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
    console.log(
      `      ${N} mutants (seeds ${FIRST_SEED}..${FIRST_SEED + N - 1}) in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `analysis ms p50 ${q(0.5)} p99 ${q(0.99)} max ${q(1)}; ${findings} findings simulated (${nonFinite} with inf/nan lr, reported); most operations ${maxOps}\n` +
        `      mutations: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${N} mutants failed`);
  });
});
