import { valueError } from './errors';

/**
 * Whether a metric value improves on the best so far, as ReduceLROnPlateau's `_is_better` and
 * transformers' GreedyLR `is_better` decide it (same comparisons, same float operations).
 */
export function isImprovement(mode: string, thresholdMode: string, threshold: number, a: number, best: number): boolean {
  if (mode === 'min') return thresholdMode === 'rel' ? a < best * (1.0 - threshold) : a < best - threshold;
  return thresholdMode === 'rel' ? a > best * (threshold + 1.0) : a > best + threshold;
}

/** The argument checks both schedulers make before anything else. */
export function checkPlateauArgs(factor: number, mode: string, thresholdMode: string): void {
  if (factor >= 1.0) throw valueError('Factor should be < 1.0.', 'factor');
  if (mode !== 'min' && mode !== 'max') throw valueError(`mode ${mode} is unknown!`, 'mode');
  if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
    throw valueError(`threshold mode ${thresholdMode} is unknown!`, 'threshold_mode');
  }
}
