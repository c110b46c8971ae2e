/** Facts about the run derived from its logged epochs (shared by the readers). */
import type { LogPoint, RunInfo } from './types';

/**
 * Steps per epoch from (step, epoch) pairs: with integer epochs (Lightning), the difference of the
 * last steps of consecutive whole epochs; with fractional progress (the Trainer's `epoch`), step ÷
 * epoch at the last point. Also the steps where the epoch falls back (a restarted run).
 */
export function epochFacts(points: readonly { step: number; epoch: number }[]): Pick<RunInfo, 'stepsPerEpoch' | 'epochsLogged' | 'epochRestarts'> {
  const restarts: number[] = [];
  let prev = -Infinity;
  for (const p of points) {
    if (p.epoch < prev - 1e-9) restarts.push(p.step);
    prev = p.epoch;
  }
  if (!points.length) return { epochRestarts: restarts };
  const integral = points.every((p) => Number.isInteger(p.epoch));
  // After the last restart only: the epochs before it were counted by another run.
  const since = restarts.length ? points.filter((p) => p.step >= restarts[restarts.length - 1]) : points;
  let spe: number | undefined;
  const lastEpoch = Math.max(...points.map((p) => p.epoch));
  if (integral) {
    const lastStep = new Map<number, number>();
    for (const p of since) lastStep.set(p.epoch, Math.max(lastStep.get(p.epoch) ?? -Infinity, p.step));
    const diffs: number[] = [];
    const epochs = [...lastStep.keys()].sort((a, b) => a - b);
    // The last epoch may be partial (early stop): use whole epochs only.
    for (let i = 0; i + 1 < epochs.length - 1; i++) {
      if (epochs[i + 1] === epochs[i] + 1) diffs.push(lastStep.get(epochs[i + 1])! - lastStep.get(epochs[i])!);
    }
    if (diffs.length) {
      diffs.sort((a, b) => a - b);
      spe = diffs[Math.floor(diffs.length / 2)];
    } else if (epochs.length >= 1 && epochs[0] === 0 && epochs.length >= 2) {
      spe = lastStep.get(0)! + 1;
    }
    return { ...(spe && spe > 0 ? { stepsPerEpoch: spe } : {}), epochsLogged: lastEpoch + 1, epochRestarts: restarts };
  }
  const last = [...since].reverse().find((p) => p.epoch > 0);
  if (last && !restarts.length) spe = Math.round(last.step / last.epoch);
  return { ...(spe && spe > 0 ? { stepsPerEpoch: spe } : {}), epochsLogged: Math.ceil(lastEpoch - 1e-9), epochRestarts: restarts };
}

export function lastStepOf(series: readonly (readonly LogPoint[])[]): number | undefined {
  let m: number | undefined;
  for (const s of series) for (const p of s) if (m === undefined || p.step > m) m = p.step;
  return m;
}
