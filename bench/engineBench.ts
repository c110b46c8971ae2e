import { simulate } from '../src/engine';
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

const median5 = (c: EngineBenchCase, reuse: boolean) => Array.from({ length: 5 }, () => timeOnce(c, reuse)).sort((a, b) => a - b)[2];

/**
 * Median of 5 runs of 10^6 steps for every kind, with and without reusing the result buffer, after
 * 3 warm-up runs: V8 takes two or three runs to settle on its fully optimized loop, which is what a
 * user editing a schedule gets from the second recompute on.
 */
export function runEngineBench(): EngineBenchRow[] {
  return ENGINE_BENCH_CASES.map((c) => {
    for (let i = 0; i < 3; i++) timeOnce(c, true);
    return { name: c.name, closedForm: c.closedForm, nsPerStep: median5(c, true), nsPerStepWithAllocation: median5(c, false) };
  });
}
