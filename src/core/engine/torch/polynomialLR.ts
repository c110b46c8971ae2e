import type { SimOptimizer } from '../optimizer';
import { powerOf, pyDiv, pyMin } from '../pyMath';
import { LRScheduler } from './lrScheduler';

/** `PolynomialLR`: decays to 0 over total_iters as (1 - t/T)^power, applied as a per-step ratio. */
export class PolynomialLR extends LRScheduler {
  constructor(
    optimizer: SimOptimizer,
    private readonly totalIters: number,
    private readonly power: number,
    lastEpoch: number,
  ) {
    super(optimizer);
    this.init(lastEpoch);
  }

  protected computeLr(out: number[]): void {
    const groups = this.groups;
    const epoch = this.lastEpoch;
    if (this.isInitial || epoch > this.totalIters) {
      this.keepCurrentLr(out);
      return;
    }
    const t = this.totalIters;
    const decay = powerOf(pyDiv(1.0 - pyDiv(epoch, t, 'total_iters'), 1.0 - pyDiv(epoch - 1, t, 'total_iters'), 'total_iters'), this.power);
    for (let i = 0; i < out.length; i++) out[i] = groups[i].lr * decay;
  }

  override fastRun(steps: number, lr: Float64Array): boolean {
    const g = this.groups.length;
    const e0 = this.lastEpoch;
    const t = this.totalIters;
    if (t === 0) return false; // ZeroDivisionError: the step-by-step path raises it at the right step
    const power = this.power;
    for (let i = 0; i < g; i++) {
      let v = this.groups[i].lr;
      // 1 - (epoch - 1) / t is the previous step's 1 - epoch / t: the same operands, the same float.
      let prev = 1.0 - e0 / t;
      for (let k = 1; k <= steps; k++) {
        const epoch = e0 + k;
        const remaining = 1.0 - epoch / t;
        if (epoch <= t) {
          if (prev === 0) return false; // ZeroDivisionError, as above
          v = v * powerOf(remaining / prev, power);
        }
        prev = remaining;
        lr[k * g + i] = v;
      }
    }
    this.finishFastRun(steps, lr);
    return true;
  }

  protected override closedFormLr(out: number[]): boolean {
    const f = powerOf(1.0 - pyDiv(pyMin(this.totalIters, this.lastEpoch), this.totalIters, 'total_iters'), this.power);
    for (let i = 0; i < out.length; i++) out[i] = this.baseLrs[i] * f;
    return true;
  }
}
