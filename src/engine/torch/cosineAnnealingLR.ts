import type { SimOptimizer } from '../optimizer';
import { pyMod } from '../pyMath';
import { LRScheduler } from './lrScheduler';

/**
 * `CosineAnnealingLR` in PyTorch's recursive form: each step multiplies the distance to eta_min by
 * a ratio of cosines; one step past each T_max it adds the rising half-step instead. Past T_max
 * the lr therefore climbs back up, exactly as PyTorch does.
 */
export class CosineAnnealingLR extends LRScheduler {
  constructor(
    optimizer: SimOptimizer,
    private readonly tMax: number,
    private readonly etaMin: number,
    lastEpoch: number,
  ) {
    super(optimizer);
    this.init(lastEpoch);
  }

  protected computeLr(out: number[]): void {
    const groups = this.groups;
    const epoch = this.lastEpoch;
    const tMax = this.tMax;
    const etaMin = this.etaMin;
    if (this.isInitial) {
      this.keepCurrentLr(out);
    } else if (this.stepCount === 1 && epoch > 0) {
      for (let i = 0; i < out.length; i++) {
        out[i] = etaMin + ((this.baseLrs[i] - etaMin) * (1 + Math.cos((epoch * Math.PI) / tMax))) / 2;
      }
    } else if (pyMod(epoch - 1 - tMax, 2 * tMax, 'T_max') === 0) {
      const rise = 1 - Math.cos(Math.PI / tMax);
      for (let i = 0; i < out.length; i++) out[i] = groups[i].lr + ((this.baseLrs[i] - etaMin) * rise) / 2;
    } else {
      const ratio = (1 + Math.cos((Math.PI * epoch) / tMax)) / (1 + Math.cos((Math.PI * (epoch - 1)) / tMax));
      for (let i = 0; i < out.length; i++) out[i] = ratio * (groups[i].lr - etaMin) + etaMin;
    }
  }

  override fastRun(steps: number, lr: Float64Array): boolean {
    if (this.stepCount < 1 || this.tMax === 0) return false;
    const g = this.groups.length;
    const e0 = this.lastEpoch;
    const tMax = this.tMax;
    const etaMin = this.etaMin;
    const rise = 1 - Math.cos(Math.PI / tMax);
    const base = this.baseLrs;
    const twoT = 2 * tMax; // ≠ 0: divisibility below is sign-independent, as with Python's %
    for (let i = 0; i < g; i++) lr[i] = this.groups[i].lr;
    // cos(π(e-1)/T) is the previous step's cos(πe/T): same argument, same value.
    let cosPrev = Math.cos((Math.PI * e0) / tMax);
    // With an integer T_max the rising steps are T_max+1, 3·T_max+1, …: track the phase instead of
    // a float modulo per step.
    const integral = Number.isInteger(tMax);
    // phase = (epoch - 1 - T_max) mod 2·T_max for the next epoch, advanced by one per step.
    let phase = integral ? (((e0 - tMax) % twoT) + twoT) % twoT : 0;
    for (let k = 1; k <= steps; k++) {
      const epoch = e0 + k;
      const cos = Math.cos((Math.PI * epoch) / tMax);
      const row = k * g;
      const prev = row - g;
      let rising: boolean;
      if (integral) {
        rising = phase === 0;
        phase = phase + 1 === twoT ? 0 : phase + 1;
      } else {
        rising = (epoch - 1 - tMax) % twoT === 0;
      }
      if (rising) {
        for (let i = 0; i < g; i++) lr[row + i] = lr[prev + i] + ((base[i] - etaMin) * rise) / 2;
      } else {
        const ratio = (1 + cos) / (1 + cosPrev);
        for (let i = 0; i < g; i++) lr[row + i] = ratio * (lr[prev + i] - etaMin) + etaMin;
      }
      cosPrev = cos;
    }
    this.finishFastRun(steps, lr);
    return true;
  }

  protected override closedFormLr(out: number[]): boolean {
    const c = 1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax);
    for (let i = 0; i < out.length; i++) out[i] = this.etaMin + ((this.baseLrs[i] - this.etaMin) * c) / 2;
    return true;
  }
}
