/** How a timm run is stepped and what its rows are called (light: the CLI's main thread labels rows with it). */

/**
 * How a timm run is stepped, as in timm's train.py: for each of `epochs` epochs, `updatesPerEpoch`
 * × (`optimizer.step()`; `step_update(num_updates)`), then `step(epoch + 1)` when `epochCalls`.
 */
export interface TimmProtocol {
  epochs: number;
  updatesPerEpoch: number;
  /** `scheduler.step(epoch)` is called at the end of each epoch (default true). */
  epochCalls?: boolean;
}

/** Calls per epoch: the updates, and the epoch call. */
export function callsPerEpoch(p: TimmProtocol): number {
  return p.updatesPerEpoch + (p.epochCalls === false ? 0 : 1);
}

/** The label of row `row` of a timm curve, as the oracle names it: "init", "update k", "epoch e". */
export function timmCallLabel(p: TimmProtocol, row: number): string {
  if (row === 0) return 'init';
  const per = callsPerEpoch(p);
  const e = Math.floor((row - 1) / per);
  const j = (row - 1) % per;
  return j < p.updatesPerEpoch ? `update ${e * p.updatesPerEpoch + j + 1}` : `epoch ${e + 1}`;
}
