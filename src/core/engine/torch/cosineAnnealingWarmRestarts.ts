import { cos, cosInRange, cosTable } from '../cos';
import { valueError } from '../errors';
import type { SimOptimizer } from '../optimizer';
import { pyRepr } from '../pyMath';
import { LRScheduler } from './lrScheduler';

/**
 * `CosineAnnealingWarmRestarts` (SGDR): closed-form cosine within each period T_i, restarting at
 * the base lr; T_i grows by T_mult after each restart. Overrides `step` like PyTorch.
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  private tI: number;
  private tCur: number;

  constructor(
    optimizer: SimOptimizer,
    private readonly t0: number,
    private readonly tMult: number,
    private readonly etaMin: number,
    lastEpoch: number,
    /** Which of T_0 and T_mult the code wrote as floats: PyTorch checks `isinstance(T_0, int)`. */
    floats: { t0?: boolean; tMult?: boolean } = {},
  ) {
    super(optimizer);
    if (t0 <= 0 || !Number.isInteger(t0) || floats.t0) {
      throw valueError(`Expected positive integer T_0, but got ${pyRepr(t0, floats.t0)}`, 'T_0');
    }
    if (tMult < 1 || !Number.isInteger(tMult) || floats.tMult) {
      throw valueError(`Expected integer T_mult >= 1, but got ${pyRepr(tMult, floats.tMult)}`, 'T_mult');
    }
    this.tI = t0;
    this.tCur = lastEpoch;
    this.init(lastEpoch);
  }

  override step(): void {
    if (this.lastEpoch < 0) {
      // First call (construction): epoch = 0 through the explicit-epoch branch.
      this.tI = this.t0;
      this.tCur = 0;
      this.lastEpoch = 0;
    } else {
      this.lastEpoch++;
      this.tCur = this.tCur + 1;
      if (this.tCur >= this.tI) {
        this.tCur = this.tCur % this.tI;
        this.tI = this.tI * this.tMult;
      }
    }
    this.computeLr(this.values);
    this.apply();
  }

  override fastRun(steps: number, lr: Float64Array): boolean {
    // T_cur stays in [0, T_i), so every argument π·T_cur/T_i is in [0, π]: within the cos table.
    if (this.lastEpoch < 0 || !(this.tCur >= 0 && this.tCur < Infinity) || !(this.tI >= 1)) return false;
    const g = this.groups.length;
    let tCur = this.tCur;
    let tI = this.tI;
    const etaMin = this.etaMin;
    const tMult = this.tMult;
    const span = this.baseLrs.map((b) => b - etaMin); // base_lr - eta_min, the same per step
    const span0 = span[0];
    const tab = cosTable();
    let k = 1;
    while (k <= steps) {
      // A step that may restart, as step() takes it.
      tCur = tCur + 1;
      if (tCur >= tI) {
        tCur = tCur % tI;
        tI = tI * tMult;
      }
      // Then the rest of this cycle: the steps with T_cur + 1 < T_i, which cannot restart.
      const end = Math.min(steps, k + Math.ceil(tI - tCur) - 1);
      if (g === 1) {
        tCur = cycleLoop(lr, k, end, tCur, tI, etaMin, span0, tab);
        k = end + 1;
      } else {
        for (let first = true; k <= end; k++, first = false) {
          if (!first) tCur = tCur + 1;
          const c = 1 + cosInRange(tab, (Math.PI * tCur) / tI);
          for (let i = 0; i < g; i++) lr[k * g + i] = etaMin + (span[i] * c) / 2;
        }
      }
    }
    this.tCur = tCur;
    this.tI = tI;
    this.finishFastRun(steps, lr);
    return true;
  }

  protected computeLr(out: number[]): void {
    const c = 1 + cos((Math.PI * this.tCur) / this.tI);
    for (let i = 0; i < out.length; i++) out[i] = this.etaMin + ((this.baseLrs[i] - this.etaMin) * c) / 2;
  }
}

/**
 * One group's steps k..end of one cycle: lr[k] at T_cur, then T_cur + 1 per step. Returns the last
 * T_cur. A top-level function with its numbers turned into float locals (`x * 1`, exact): V8 then
 * compiles this loop on its own, the same way in every process, instead of as part of fastRun.
 */
function cycleLoop(lr: Float64Array, k: number, end: number, tCur: number, tI: number, etaMin: number, span: number, tab: Float64Array): number {
  let t = tCur * 1;
  const ti = tI * 1, eta = etaMin * 1, sp = span * 1;
  lr[k] = eta + (sp * (1 + cosInRange(tab, (Math.PI * t) / ti))) / 2;
  for (let j = k + 1; j <= end; j++) {
    t = t + 1;
    lr[j] = eta + (sp * (1 + cosInRange(tab, (Math.PI * t) / ti))) / 2;
  }
  return t;
}
