// One fuzz case (a seeded mutant of a corpus script): analyze, then simulate every finding over
// its natural run. Run in child processes (analysisChild.ts) so that a V8 fatal error in one case
// is reported with its seed instead of ending the runner.
import * as assert from 'node:assert/strict';
import { Analyzer } from '../../../src/core/model/analyze';
import { curveFor, schedulerCount } from '../../../src/core/model/curves';
import { ANALYSIS_OPS, CALLABLE_OPS, callableOps } from '../../../src/core/model/program';
import type { AnalysisResult, SchedulerFinding } from '../../../src/core/model/types';
import { isSubclassProgram, type ArgValue } from '../../../src/core/engine/spec';
import { fuzzCorpus, mutate, Rng } from './mutate';

/**
 * The wall time a mutant's analysis may take: 100 ms, plus 2 µs per interpreter operation it
 * counted (12× the slowest operation measured, ~160 ns). So the bound holds on a slow machine for
 * a mutant that spends its budget (a long rebind chain: 222,114 operations, 81 ms warm and 356 ms
 * cold on a 2-core cloud machine), and still fails work the budget does not count.
 */
export const LIMIT_MS = 100;
export const MS_PER_OP = 0.002;
export const limitFor = (ops: number) => LIMIT_MS + ops * MS_PER_OP;
/** Operations the lr functions of one finding's simulation may use in the fuzz (lrLens.simulation.budget is 50,000,000). */
export const FUZZ_LR_FUNCTION_OPS = 50_000;
/** The simulation budget of a finding without lr functions in the fuzz: steps × groups × schedulers. */
export const FUZZ_RUN_BUDGET = 5_000_000;

export interface CaseResult {
  seed: number;
  applied: string[];
  failure?: string;
  ms: number;
  ops: number;
  findings: number;
  nonFinite: number;
}

/** Every LrCallable in a spec's arguments (lr_lambda, scale_fn, nested schedulers' ones). */
function callables(v: ArgValue | Record<string, ArgValue>, out: Array<(x: number) => number> = []): Array<(x: number) => number> {
  // A scheduler subclass's methods are budgeted per call by the engine's own calls (the curve checks them), not called here as f(x).
  if (isSubclassProgram(v)) return out;
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
function bestOfThree(src: string, first: number, limit: number): number {
  let best = first;
  for (let k = 0; k < 3 && best >= limit; k++) {
    const c0 = process.cpuUsage();
    const { ms } = analyzeTimed(src);
    const c = process.cpuUsage(c0);
    best = Math.min(best, ms, (c.user + c.system) / 1000);
  }
  return best;
}

/** Checks one finding's curve and lr functions; returns whether its curve has inf or nan values. */
function checkFinding(f: SchedulerFinding, where: string): boolean {
  // The natural run (issue 14), under a smaller simulation budget than the default (10,000
  // mutants): without lr functions FUZZ_RUN_BUDGET; with them, the run's own cost passes and the
  // lr functions get FUZZ_LR_FUNCTION_OPS (the interpreter is ~30 µs a call). Longer runs stop at
  // the budget with its message.
  const fns = callables(f.spec.args);
  const program = Object.values(f.spec.args).some((v) => isSubclassProgram(v));
  const cost = f.naturalSteps * Math.max(1, f.optimizer.paramGroups.length) * schedulerCount(f.spec);
  const fc = curveFor(f, { budget: fns.length || program ? cost + FUZZ_LR_FUNCTION_OPS : FUZZ_RUN_BUDGET });
  if (fc.curve.error?.type === 'BudgetError') assert.match(fc.curve.error.message, /lrLens\.simulation\.budget|simulate fewer steps/, `${where}: the budget message names the setting`);
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


const corpus = fuzzCorpus();

export function corpusSize(): number {
  return corpus.length;
}

export function runCase(seed: number): CaseResult {
  const r = new Rng(seed);
  const base = corpus[r.int(corpus.length)];
  const m = mutate(base.text, r);
  const where = `seed ${seed} (${base.file}: ${m.applied.join(' + ')}; replay: LRLENS_FUZZ_SEED=${seed} LRLENS_FUZZ_N=1)`;
  const out: CaseResult = { seed, applied: m.applied, ms: 0, ops: 0, findings: 0, nonFinite: 0 };
  try {
    let res: { r: AnalysisResult; ms: number };
    try {
      res = analyzeTimed(m.text);
    } catch (err) {
      assert.fail(`${where}: analyze threw ${(err as Error)?.stack ?? err}`);
    }
    out.ops = res.r.stats.ops;
    assert.ok(res.r.stats.ops <= ANALYSIS_OPS, `${where}: ${res.r.stats.ops} operations (budget ${ANALYSIS_OPS})`);
    const limit = limitFor(res.r.stats.ops);
    const ms = res.ms < limit ? res.ms : bestOfThree(m.text, res.ms, limit);
    out.ms = ms;
    assert.ok(ms < limit, `${where}: analysis took ${ms.toFixed(1)} ms for ${res.r.stats.ops} operations (limit ${limit.toFixed(1)} ms)`);
    const internal = res.r.diagnostics.filter((d) => /^(Analysis failed|Internal analysis error)/.test(d.message));
    assert.equal(internal.length, 0, `${where}: ${internal.map((d) => d.message).join('; ')}`);
    for (const f of res.r.schedulers) {
      out.findings++;
      try {
        if (checkFinding(f, `${where}, finding ${f.kind} line ${f.line}`)) out.nonFinite++;
      } catch (err) {
        if (err instanceof assert.AssertionError) throw err;
        assert.fail(`${where}, finding ${f.kind} line ${f.line}: curve threw ${(err as Error)?.stack ?? err}`);
      }
    }
  } catch (err) {
    out.failure = (err as Error).message.split('\n')[0];
  }
  return out;
}
