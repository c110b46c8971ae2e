import type { SimOptimizer } from '../optimizer';
import type { LrCallable } from '../spec';
import { LRScheduler } from './lrScheduler';

/**
 * `LambdaLR`: lr = base_lr × lr_lambda(epoch), one lambda per group. Every transformers schedule
 * except plateau and greedy is a LambdaLR too.
 */
export class LambdaLR extends LRScheduler {
  constructor(
    optimizer: SimOptimizer,
    private readonly lambdas: LrCallable[],
    lastEpoch: number,
  ) {
    super(optimizer);
    this.init(lastEpoch);
  }

  protected computeLr(out: number[]): void {
    const base = this.baseLrs;
    const lambdas = this.lambdas;
    const epoch = this.lastEpoch;
    for (let i = 0; i < out.length; i++) out[i] = base[i] * lambdas[i](epoch);
  }

  override fastRun(steps: number, lr: Float64Array): boolean {
    const g = this.groups.length;
    const e0 = this.lastEpoch;
    for (let i = 0; i < g; i++) {
      const base = this.baseLrs[i];
      const fn = this.lambdas[i];
      if (fn.fill) fn.fill(base, e0, steps, lr, g, i);
      else for (let k = 1; k <= steps; k++) lr[k * g + i] = base * fn(e0 + k);
    }
    this.finishFastRun(steps, lr);
    return true;
  }
}

/** `MultiplicativeLR`: lr ← lr × lr_lambda(epoch) every step; keeps the lr in initial mode. */
export class MultiplicativeLR extends LRScheduler {
  constructor(
    optimizer: SimOptimizer,
    private readonly lambdas: LrCallable[],
    lastEpoch: number,
  ) {
    super(optimizer);
    this.init(lastEpoch);
  }

  protected computeLr(out: number[]): void {
    const groups = this.groups;
    if (this.isInitial) {
      this.keepCurrentLr(out);
      return;
    }
    const epoch = this.lastEpoch;
    for (let i = 0; i < out.length; i++) out[i] = groups[i].lr * this.lambdas[i](epoch);
  }

  override fastRun(steps: number, lr: Float64Array): boolean {
    const g = this.groups.length;
    const e0 = this.lastEpoch;
    for (let i = 0; i < g; i++) {
      const fn = this.lambdas[i];
      let v = this.groups[i].lr;
      for (let k = 1; k <= steps; k++) lr[k * g + i] = v = v * fn(e0 + k);
    }
    this.finishFastRun(steps, lr);
    return true;
  }
}
