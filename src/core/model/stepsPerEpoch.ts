/** Optimizer steps per epoch of a finding (the chart's epoch axis, the CLI's CSV epoch column). Pure, and light: no engine. */
import type { SchedulerFinding } from './types';

/** Optimizer steps per epoch, when the step() call's loops (or the run length) say it. */
export function stepsPerEpochOf(f: SchedulerFinding): number | null {
  for (const call of f.stepCalls ?? []) {
    const batch = call.loops.find((l) => l.kind === 'batch' && typeof l.count === 'number' && l.count > 0);
    if (batch?.count) return batch.count;
  }
  // An epoch loop holding a batch loop whose length is an assumption (len(loader)).
  const a = f.assumptions.find((x) => /^len\(/.test(x.name) && typeof x.value === 'number' && x.value > 0);
  if (a && typeof a.value === 'number' && f.unit === 'step') return a.value;
  return null;
}
