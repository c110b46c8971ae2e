import type { SimOptimizer } from '../optimizer';
import { COS_TABLE_LIMIT, cos, cosInRange, cosOf, cosTable } from '../cos';
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
        out[i] = etaMin + ((this.baseLrs[i] - etaMin) * (1 + cos((epoch * Math.PI) / tMax))) / 2;
      }
    } else if (pyMod(epoch - 1 - tMax, 2 * tMax, 'T_max') === 0) {
      const rise = 1 - cos(Math.PI / tMax);
      for (let i = 0; i < out.length; i++) out[i] = groups[i].lr + ((this.baseLrs[i] - etaMin) * rise) / 2;
    } else {
      const ratio = (1 + cos((Math.PI * epoch) / tMax)) / (1 + cos((Math.PI * (epoch - 1)) / tMax));
      for (let i = 0; i < out.length; i++) out[i] = ratio * (groups[i].lr - etaMin) + etaMin;
    }
  }

  override fastRun(steps: number, lr: Float64Array): boolean {
    if (this.stepCount < 1 || this.tMax === 0 || !Number.isInteger(this.tMax)) return false;
    const g = this.groups.length;
    const e0 = this.lastEpoch;
    const tMax = this.tMax;
    const etaMin = this.etaMin;
    const rise = 1 - cos(Math.PI / tMax);
    const base = this.baseLrs;
    for (let i = 0; i < g; i++) lr[i] = this.groups[i].lr;
    // The rising steps, where (epoch - 1 - T_max) % (2·T_max) == 0, are T_max + 1 + 2·T_max·m: the
    // loop runs from one to the next without testing each step.
    const period = Math.abs(2 * tMax);
    let rising = e0 + 1 + ((((tMax - e0) % period) + period) % period);
    const tab = cosTable();
    // 1 + cos(π(e-1)/T) is the previous step's 1 + cos(πe/T): same argument, same value.
    let onePlusPrev = 1 + cos((Math.PI * e0) / tMax);
    // Every argument π·e/T of the run within the cos table: the one-group loop below skips the check.
    const inTable = tMax > 0 && e0 >= 0 && (Math.PI * (e0 + steps)) / tMax <= COS_TABLE_LIMIT;
    let k = 1;
    while (k <= steps) {
      const end = Math.min(steps, rising - e0 - 1);
      if (g === 1 && inTable) {
        onePlusPrev = decayLoop(lr, k, end, e0, tMax, etaMin, onePlusPrev, tab);
        k = Math.max(k, end + 1);
      } else {
        // Several groups, or arguments past the table (a run longer than T_max): the same operations.
        for (; k <= end; k++) {
          const onePlus = 1 + cosOf(tab, (Math.PI * (e0 + k)) / tMax);
          const ratio = onePlus / onePlusPrev;
          for (let i = 0, row = k * g; i < g; i++) lr[row + i] = ratio * (lr[row - g + i] - etaMin) + etaMin;
          onePlusPrev = onePlus;
        }
      }
      if (k > steps) break;
      // The rising step: lr + (base_lr - eta_min)·(1 - cos(π/T)) / 2.
      for (let i = 0, row = k * g; i < g; i++) lr[row + i] = lr[row - g + i] + ((base[i] - etaMin) * rise) / 2;
      onePlusPrev = 1 + cos((Math.PI * (e0 + k)) / tMax);
      k++;
      rising += period;
    }
    this.finishFastRun(steps, lr);
    return true;
  }

  protected override closedFormLr(out: number[]): boolean {
    const c = 1 + cos((Math.PI * this.lastEpoch) / this.tMax);
    for (let i = 0; i < out.length; i++) out[i] = this.etaMin + ((this.baseLrs[i] - this.etaMin) * c) / 2;
    return true;
  }
}

/**
 * One group's steps k..end between rising steps, every argument within the cos table: each step
 * multiplies lr − eta_min by (1 + cos(π·e/T)) / (1 + cos(π·(e − 1)/T)). Returns the last 1 + cos.
 * A top-level function with its numbers turned into float locals (`x * 1`, exact): V8 then
 * compiles this loop on its own, the same way in every process, instead of as part of fastRun.
 */
function decayLoop(lr: Float64Array, k: number, end: number, e0: number, tMax: number, etaMin: number, onePlusPrev: number, tab: Float64Array): number {
  const first = e0 * 1, t = tMax * 1, eta = etaMin * 1;
  let prev = onePlusPrev * 1;
  let cur = lr[k - 1];
  for (let j = k; j <= end; j++) {
    const onePlus = 1 + cosInRange(tab, (Math.PI * (first + j)) / t);
    cur = (onePlus / prev) * (cur - eta) + eta;
    lr[j] = cur;
    prev = onePlus;
  }
  return prev;
}
