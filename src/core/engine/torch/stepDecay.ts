import { valueError } from '../errors';
import type { SimOptimizer } from '../optimizer';
import { bisectRight, pyMod, pyRepr } from '../pyMath';
import { LRScheduler } from './lrScheduler';

/** `StepLR`: multiply by gamma every `step_size` epochs (chainable form). */
export class StepLR extends LRScheduler {
  constructor(
    optimizer: SimOptimizer,
    private readonly stepSize: number,
    private readonly gamma: number,
    lastEpoch: number,
  ) {
    super(optimizer);
    if (stepSize < 0) throw valueError(`step_size must be a positive number of epochs, got ${pyRepr(stepSize)}`, 'step_size');
    this.init(lastEpoch);
  }

  protected computeLr(out: number[]): void {
    const groups = this.groups;
    const epoch = this.lastEpoch;
    const decay = epoch !== 0 && pyMod(epoch, this.stepSize, 'step_size') === 0;
    for (let i = 0; i < out.length; i++) out[i] = decay ? groups[i].lr * this.gamma : groups[i].lr;
  }

  override fastRun(steps: number, lr: Float64Array): boolean {
    if (this.stepSize === 0 && steps > 0) return false;
    const g = this.groups.length;
    const e0 = this.lastEpoch;
    const size = this.stepSize;
    const gamma = this.gamma;
    for (let i = 0; i < g; i++) {
      let v = this.groups[i].lr;
      for (let k = 1; k <= steps; k++) {
        const epoch = e0 + k;
        if (epoch !== 0 && epoch % size === 0) v = v * gamma; // size ≠ 0: divisibility is sign-independent
        lr[k * g + i] = v;
      }
    }
    this.finishFastRun(steps, lr);
    return true;
  }

  protected override closedFormLr(out: number[]): boolean {
    const k = Math.floor(this.lastEpoch / this.stepSize);
    for (let i = 0; i < out.length; i++) out[i] = this.baseLrs[i] * this.gamma ** k;
    return true;
  }
}

/** `MultiStepLR`: multiply by gamma^(times the epoch is listed) at each milestone. */
export class MultiStepLR extends LRScheduler {
  private readonly counts = new Map<number, number>();
  private readonly sorted: number[];

  constructor(
    optimizer: SimOptimizer,
    milestones: number[],
    private readonly gamma: number,
    lastEpoch: number,
  ) {
    super(optimizer);
    for (const m of milestones) this.counts.set(m, (this.counts.get(m) ?? 0) + 1);
    this.sorted = [...milestones].sort((a, b) => a - b);
    this.init(lastEpoch);
  }

  protected computeLr(out: number[]): void {
    const groups = this.groups;
    const count = this.counts.get(this.lastEpoch);
    for (let i = 0; i < out.length; i++) out[i] = count === undefined ? groups[i].lr : groups[i].lr * this.gamma ** count;
  }

  override fastRun(steps: number, lr: Float64Array): boolean {
    const g = this.groups.length;
    const e0 = this.lastEpoch;
    // Epochs only increase here: walk the distinct milestones in order instead of a lookup per step.
    const distinct = [...this.counts.keys()].filter((m) => m > e0 && m <= e0 + steps).sort((a, b) => a - b);
    for (let i = 0; i < g; i++) {
      let v = this.groups[i].lr;
      let next = 0;
      for (let k = 1; k <= steps; k++) {
        if (next < distinct.length && distinct[next] === e0 + k) {
          v = v * this.gamma ** (this.counts.get(distinct[next]) as number);
          next++;
        }
        lr[k * g + i] = v;
      }
    }
    this.finishFastRun(steps, lr);
    return true;
  }

  protected override closedFormLr(out: number[]): boolean {
    const k = bisectRight(this.sorted, this.lastEpoch);
    for (let i = 0; i < out.length; i++) out[i] = this.baseLrs[i] * this.gamma ** k;
    return true;
  }
}

/** `ExponentialLR`: multiply by gamma every epoch; keeps the lr in initial mode (2.x). */
export class ExponentialLR extends LRScheduler {
  constructor(
    optimizer: SimOptimizer,
    private readonly gamma: number,
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
    const gamma = this.gamma;
    for (let i = 0; i < out.length; i++) out[i] = groups[i].lr * gamma;
  }

  protected override closedFormLr(out: number[]): boolean {
    for (let i = 0; i < out.length; i++) out[i] = this.baseLrs[i] * this.gamma ** this.lastEpoch;
    return true;
  }

  override fastRun(steps: number, lr: Float64Array): boolean {
    const g = this.groups.length;
    const gamma = this.gamma;
    for (let i = 0; i < g; i++) {
      let v = this.groups[i].lr;
      for (let k = 1; k <= steps; k++) lr[k * g + i] = v = v * gamma;
    }
    this.finishFastRun(steps, lr);
    return true;
  }
}
