import { valueError } from '../errors';
import type { SimOptimizer } from '../optimizer';
import { pyDiv, pyMin } from '../pyMath';
import { LRScheduler } from './lrScheduler';

/** `ConstantLR`: multiply by `factor` until `total_iters`, then undo it with `1 / factor`. */
export class ConstantLR extends LRScheduler {
  constructor(
    optimizer: SimOptimizer,
    private readonly factor: number,
    private readonly totalIters: number,
    lastEpoch: number,
  ) {
    super(optimizer);
    if (factor > 1.0 || factor < 0) {
      throw valueError('Constant multiplicative factor expected to be between 0 and 1.', 'factor');
    }
    this.init(lastEpoch);
  }

  protected computeLr(out: number[]): void {
    const groups = this.groups;
    if (this.lastEpoch === 0) {
      for (let i = 0; i < out.length; i++) out[i] = groups[i].lr * this.factor;
    } else if (this.lastEpoch !== this.totalIters) {
      this.keepCurrentLr(out);
    } else {
      const undo = pyDiv(1.0, this.factor, 'factor');
      for (let i = 0; i < out.length; i++) out[i] = groups[i].lr * undo;
    }
  }

  override fastRun(steps: number, lr: Float64Array): boolean {
    const g = this.groups.length;
    const e0 = this.lastEpoch;
    for (let i = 0; i < g; i++) {
      let v = this.groups[i].lr;
      for (let k = 1; k <= steps; k++) {
        const epoch = e0 + k;
        if (epoch === 0) v = v * this.factor;
        else if (epoch === this.totalIters) v = v * pyDiv(1.0, this.factor, 'factor');
        lr[k * g + i] = v;
      }
    }
    this.finishFastRun(steps, lr);
    return true;
  }

  protected override closedFormLr(out: number[]): boolean {
    const f = this.factor + (this.lastEpoch >= this.totalIters ? 1 : 0) * (1 - this.factor);
    for (let i = 0; i < out.length; i++) out[i] = this.baseLrs[i] * f;
    return true;
  }
}

/** `LinearLR`: the factor moves linearly from start_factor to end_factor over total_iters (chainable ratio). */
export class LinearLR extends LRScheduler {
  constructor(
    optimizer: SimOptimizer,
    private readonly startFactor: number,
    private readonly endFactor: number,
    private readonly totalIters: number,
    lastEpoch: number,
  ) {
    super(optimizer);
    if (startFactor > 1.0 || startFactor <= 0) {
      throw valueError(
        'Starting multiplicative factor expected to be greater than 0 and less or equal to 1.',
        'start_factor',
      );
    }
    if (endFactor > 1.0 || endFactor < 0) {
      throw valueError('Ending multiplicative factor expected to be between 0 and 1.', 'end_factor');
    }
    this.init(lastEpoch);
  }

  protected computeLr(out: number[]): void {
    const groups = this.groups;
    const epoch = this.lastEpoch;
    if (epoch === 0) {
      for (let i = 0; i < out.length; i++) out[i] = groups[i].lr * this.startFactor;
      return;
    }
    if (this.isInitial || epoch > this.totalIters) {
      this.keepCurrentLr(out);
      return;
    }
    const delta = this.endFactor - this.startFactor;
    const ratio = 1.0 + pyDiv(delta, this.totalIters * this.startFactor + (epoch - 1) * delta, 'total_iters');
    for (let i = 0; i < out.length; i++) out[i] = groups[i].lr * ratio;
  }

  override fastRun(steps: number, lr: Float64Array): boolean {
    const g = this.groups.length;
    const e0 = this.lastEpoch;
    const delta = this.endFactor - this.startFactor;
    for (let i = 0; i < g; i++) linearFactorLoop(this.groups[i].lr, e0, steps, lr, g, i, this.startFactor, this.totalIters, delta);
    this.finishFastRun(steps, lr);
    return true;
  }

  protected override closedFormLr(out: number[]): boolean {
    const f =
      this.startFactor +
      pyDiv((this.endFactor - this.startFactor) * pyMin(this.totalIters, this.lastEpoch), this.totalIters, 'total_iters');
    for (let i = 0; i < out.length; i++) out[i] = this.baseLrs[i] * f;
    return true;
  }
}

/**
 * LinearLR's chainable step for one group, rows 1..steps: × start_factor at epoch 0, then
 * × (1 + delta / (total_iters · start_factor + (epoch - 1) · delta)) up to total_iters. A top-level
 * function with its numbers turned into float locals (`x * 1`, exact): V8 then compiles this loop
 * on its own, the same way in every process.
 */
function linearFactorLoop(lr0: number, e0: number, steps: number, lr: Float64Array, g: number, i: number, startFactor: number, totalIters: number, delta: number): void {
  let v = lr0 * 1;
  const first = e0 * 1, sf = startFactor * 1, t = totalIters * 1, d = delta * 1;
  const ts = t * sf;
  for (let k = 1; k <= steps; k++) {
    const epoch = first + k;
    if (epoch === 0) v = v * sf;
    else if (epoch <= t) v = v * (1.0 + pyDiv(d, ts + (epoch - 1) * d, 'total_iters'));
    lr[k * g + i] = v;
  }
}
