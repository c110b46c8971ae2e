import { simulate } from '../src/core/engine';
import { ENGINE_BENCH_CASES, ENGINE_BENCH_STEPS, type EngineBenchCase } from './engineCases';

export interface EngineBenchRow {
  name: string;
  closedForm: boolean;
  /** Computing the curve into a reused result buffer (SimulateOptions.buffers), as the chart does while editing. */
  nsPerStep: number;
  /** The same including allocating a fresh result (8 MB for 10^6 steps of one group). */
  nsPerStepWithAllocation: number;
}

const METRICS = Float64Array.from({ length: ENGINE_BENCH_STEPS }, (_, k) => 1 / (1 + (k % 97)));

const BUFFERS = { lr: new Float64Array(ENGINE_BENCH_STEPS + 1), momentum: new Float64Array(ENGINE_BENCH_STEPS + 1) };

function timeOnce(c: EngineBenchCase, reuse: boolean): number {
  const t0 = process.hrtime.bigint();
  const curve = simulate(c.spec, c.optimizer, {
    steps: ENGINE_BENCH_STEPS,
    metrics: c.metric ? METRICS : undefined,
    buffers: reuse ? BUFFERS : undefined,
  });
  const ns = Number(process.hrtime.bigint() - t0);
  if (curve.error) throw new Error(`${c.name}: ${curve.error.message}`);
  return ns / ENGINE_BENCH_STEPS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * For every kind, 3 warm-up runs of 10^6 steps (V8 takes two or three runs to settle on its fully
 * optimized loop, which is what a user editing a schedule gets from the second recompute on), then
 * the median of 7 timed runs with and 7 without reusing the result buffer. The timed runs go round
 * the kinds, one run of each per round, so they are spread over the whole benchmark: on this
 * shared 2-core VM, a stretch of slower CPU (a tenth of a second or more, 30–60 % slower) then
 * costs a kind one sample, not its whole median.
 */
export function runEngineBench(): EngineBenchRow[] {
  for (const c of ENGINE_BENCH_CASES) for (let i = 0; i < 3; i++) timeOnce(c, true);
  const reused = ENGINE_BENCH_CASES.map((): number[] => []);
  const allocated = ENGINE_BENCH_CASES.map((): number[] => []);
  for (let round = 0; round < 7; round++) {
    ENGINE_BENCH_CASES.forEach((c, i) => {
      reused[i].push(timeOnce(c, true));
      allocated[i].push(timeOnce(c, false));
    });
  }
  return ENGINE_BENCH_CASES.map((c, i) => ({
    name: c.name,
    closedForm: c.closedForm,
    nsPerStep: median(reused[i]),
    nsPerStepWithAllocation: median(allocated[i]),
  }));
}
