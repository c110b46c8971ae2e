import type { SimOptimizer } from '../optimizer';
import type { LrCallable } from '../spec';
import type { Steppable } from '../torch/lrScheduler';

/**
 * A hand-written schedule: the training loop writes `param_group['lr'] = …` itself (nanoGPT's
 * `get_lr(it)`, an `adjust_learning_rate(optimizer, epoch)`). No library object: `lr_at[g](t)` is
 * group g's lr at iteration t of the loop, as the user's code computes it (the analysis re-runs that
 * code, see src/core/python/replay.ts). Row t of the curve is the lr iteration t trains with.
 */
export class HandWritten implements Steppable {
  readonly needsMetric = false;
  private t = 0;

  constructor(
    readonly optimizer: SimOptimizer,
    private readonly lrAt: LrCallable[],
  ) {
    this.apply();
  }

  step(): void {
    this.t++;
    this.apply();
  }

  private apply(): void {
    const groups = this.optimizer.groups;
    for (let i = 0; i < groups.length; i++) groups[i].lr = this.lrAt[i](this.t);
  }
}
