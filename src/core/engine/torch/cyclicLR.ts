import { valueError } from '../errors';
import type { SimOptimizer } from '../optimizer';
import { pyDiv } from '../pyMath';
import type { LrCallable } from '../spec';
import { LRScheduler } from './lrScheduler';

export interface CyclicOptions {
  baseLrs: number[];
  maxLrs: number[];
  stepSizeUp: number;
  stepSizeDown: number | null;
  mode: string;
  gamma: number;
  scaleFn: LrCallable | null;
  scaleMode: string;
  cycleMomentum: boolean;
  baseMomentums: number[];
  maxMomentums: number[];
  lastEpoch: number;
}

/**
 * `CyclicLR` (CLR): triangular / triangular2 / exp_range or a custom scale_fn on cycles or
 * iterations; cycles momentum (or Adam's beta1) inversely. Its constructor overwrites the groups'
 * lr with base_lr and their momentum with max_momentum.
 */
export class CyclicLR extends LRScheduler {
  private readonly maxLrs: number[];
  private readonly totalSize: number;
  private readonly stepRatio: number;
  private readonly scaleFn: LrCallable;
  private readonly scaleMode: string;
  private readonly cycleMomentum: boolean;
  private readonly baseMomentums: number[] = [];
  private readonly maxMomentums: number[] = [];

  constructor(optimizer: SimOptimizer, o: CyclicOptions) {
    super(optimizer);
    if (o.lastEpoch === -1) this.groups.forEach((g, i) => (g.lr = o.baseLrs[i]));
    this.maxLrs = o.maxLrs;
    const up = o.stepSizeUp;
    const down = o.stepSizeDown ?? up;
    this.totalSize = up + down;
    if (this.totalSize <= 0 || up < 0 || down < 0) {
      throw valueError(`step_size_up and step_size_down must be positive, got ${up} and ${down}`, 'step_size_up');
    }
    this.stepRatio = up / this.totalSize;
    const modes = ['triangular', 'triangular2', 'exp_range'];
    if (!modes.includes(o.mode) && o.scaleFn === null) throw valueError('mode is invalid and scale_fn is None', 'mode');
    if (o.scaleFn !== null) {
      this.scaleFn = o.scaleFn;
      this.scaleMode = o.scaleMode;
    } else if (o.mode === 'triangular') {
      this.scaleFn = () => 1.0;
      this.scaleMode = 'cycle';
    } else if (o.mode === 'triangular2') {
      this.scaleFn = (x) => 1 / 2.0 ** (x - 1);
      this.scaleMode = 'cycle';
    } else {
      const gamma = o.gamma;
      this.scaleFn = (x) => gamma ** x;
      this.scaleMode = 'iterations';
    }
    this.cycleMomentum = o.cycleMomentum;
    if (o.cycleMomentum) {
      if (!optimizer.hasMomentum && !optimizer.usesBetas) {
        throw valueError('optimizer must support momentum or beta1 with `cycle_momentum` option enabled', 'cycle_momentum');
      }
      this.baseMomentums = o.baseMomentums;
      this.maxMomentums = o.maxMomentums;
      optimizer.momentumCycled = true;
      if (o.lastEpoch === -1) {
        this.groups.forEach((g, i) => {
          g.momentum = o.maxMomentums[i];
          g.maxMomentum = o.maxMomentums[i];
          g.baseMomentum = o.baseMomentums[i];
        });
      }
    }
    this.init(o.lastEpoch);
    this.baseLrs = o.baseLrs;
  }

  override fastRun(steps: number, lr: Float64Array, momentum: Float64Array | undefined): boolean {
    const g = this.groups.length;
    const e0 = this.lastEpoch;
    const cycleMomentum = this.cycleMomentum && momentum !== undefined;
    if (g === 1) {
      const [baseMomentum = 0, maxMomentum = 0] = [this.baseMomentums[0], this.maxMomentums[0]]; // [] when not cycled
      const m = cycleMomentum ? momentum : undefined;
      cyclicLoop(lr, m, e0, steps, this.totalSize, this.stepRatio, this.baseLrs[0], this.maxLrs[0], baseMomentum, maxMomentum, this.scaleFn, this.scaleMode === 'cycle');
      this.finishFastRun(steps, lr, cycleMomentum ? momentum : undefined);
      return true;
    }
    for (let k = 1; k <= steps; k++) {
      const epoch = e0 + k;
      const cycle = Math.floor(1 + epoch / this.totalSize);
      const x = 1.0 + epoch / this.totalSize - cycle;
      const scaleFactor =
        x <= this.stepRatio ? pyDiv(x, this.stepRatio, 'step_size_up') : pyDiv(x - 1, this.stepRatio - 1, 'step_size_down');
      const scale = this.scaleFn(this.scaleMode === 'cycle' ? cycle : epoch);
      const row = k * g;
      for (let i = 0; i < g; i++) {
        lr[row + i] = this.baseLrs[i] + (this.maxLrs[i] - this.baseLrs[i]) * scaleFactor * scale;
        if (cycleMomentum) {
          momentum[row + i] = this.maxMomentums[i] - (this.maxMomentums[i] - this.baseMomentums[i]) * scaleFactor * scale;
        }
      }
    }
    this.finishFastRun(steps, lr, cycleMomentum ? momentum : undefined);
    return true;
  }

  protected computeLr(out: number[]): void {
    const epoch = this.lastEpoch;
    const cycle = Math.floor(1 + epoch / this.totalSize);
    const x = 1.0 + epoch / this.totalSize - cycle;
    const scaleFactor =
      x <= this.stepRatio ? pyDiv(x, this.stepRatio, 'step_size_up') : pyDiv(x - 1, this.stepRatio - 1, 'step_size_down');
    const scale = this.scaleFn(this.scaleMode === 'cycle' ? cycle : epoch);
    for (let i = 0; i < out.length; i++) {
      const baseHeight = (this.maxLrs[i] - this.baseLrs[i]) * scaleFactor;
      out[i] = this.baseLrs[i] + baseHeight * scale;
    }
    if (this.cycleMomentum) {
      for (let i = 0; i < out.length; i++) {
        const baseHeight = (this.maxMomentums[i] - this.baseMomentums[i]) * scaleFactor;
        this.groups[i].momentum = this.maxMomentums[i] - baseHeight * scale;
      }
    }
  }
}

/**
 * One group's rows 1..steps, the same operations as the general loop in fastRun. A top-level
 * function with its numbers turned into float locals (`x * 1`, exact): V8 then compiles this loop on
 * its own, the same way in every process (inside fastRun it ran at 7.6 or 10.5 ns a step).
 */
function cyclicLoop(
  lr: Float64Array,
  momentum: Float64Array | undefined,
  e0: number,
  steps: number,
  totalSize: number,
  stepRatio: number,
  baseLr: number,
  maxLr: number,
  baseMomentum: number,
  maxMomentum: number,
  scaleFn: LrCallable,
  byCycle: boolean,
): void {
  const first = e0 * 1, size = totalSize * 1, ratio = stepRatio * 1, b = baseLr * 1, m = maxLr * 1, bm = baseMomentum * 1, mm = maxMomentum * 1;
  for (let k = 1; k <= steps; k++) {
    const epoch = first + k;
    const cycle = Math.floor(1 + epoch / size);
    const x = 1.0 + epoch / size - cycle;
    const scaleFactor = x <= ratio ? pyDiv(x, ratio, 'step_size_up') : pyDiv(x - 1, ratio - 1, 'step_size_down');
    const scale = scaleFn(byCycle ? cycle : epoch);
    lr[k] = b + (m - b) * scaleFactor * scale;
    if (momentum) momentum[k] = mm - (mm - bm) * scaleFactor * scale;
  }
}
