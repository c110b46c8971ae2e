import { simulate } from '../src/engine';
import { ENGINE_BENCH_CASES, ENGINE_BENCH_STEPS, type EngineBenchCase } from './engineCases';

export interface EngineBenchRow {
  name: string;
  closedForm: boolean;
  nsPerStep: number;
}

const METRICS = Float64Array.from({ length: ENGINE_BENCH_STEPS }, (_, k) => 1 / (1 + (k % 97)));

function timeOnce(c: EngineBenchCase): number {
  const t0 = process.hrtime.bigint();
  const curve = simulate(c.spec, c.optimizer, { steps: ENGINE_BENCH_STEPS, metrics: c.metric ? METRICS : undefined });
  const ns = Number(process.hrtime.bigint() - t0);
  if (curve.error) throw new Error(`${c.name}: ${curve.error.message}`);
  return ns / ENGINE_BENCH_STEPS;
}

/** Median of 5 runs of 10^6 steps, after one warm-up run, for every kind. */
export function runEngineBench(): EngineBenchRow[] {
  return ENGINE_BENCH_CASES.map((c) => {
    timeOnce(c);
    const runs = Array.from({ length: 5 }, () => timeOnce(c)).sort((a, b) => a - b);
    return { name: c.name, closedForm: c.closedForm, nsPerStep: runs[2] };
  });
}
