import { valueError } from '../errors';
import type { ParamGroup, SimOptimizer } from '../optimizer';
import type { Steppable } from './lrScheduler';

export interface PlateauOptions {
  mode: string;
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: string;
  cooldown: number;
  minLrs: number[];
  eps: number;
}

/** `ReduceLROnPlateau`: multiply by factor after `patience` steps without improvement of the metric. */
export class ReduceLROnPlateau implements Steppable {
  readonly needsMetric = true;
  private readonly groups: ParamGroup[];
  private best: number;
  private numBadEpochs = 0;
  private cooldownCounter = 0;
  lastEpoch = 0;

  constructor(
    readonly optimizer: SimOptimizer,
    private readonly o: PlateauOptions,
  ) {
    if (o.factor >= 1.0) throw valueError('Factor should be < 1.0.', 'factor');
    if (o.mode !== 'min' && o.mode !== 'max') throw valueError(`mode ${o.mode} is unknown!`, 'mode');
    if (o.thresholdMode !== 'rel' && o.thresholdMode !== 'abs') {
      throw valueError(`threshold mode ${o.thresholdMode} is unknown!`, 'threshold_mode');
    }
    this.groups = optimizer.groups;
    this.best = o.mode === 'min' ? Infinity : -Infinity;
  }

  step(metric: number): void {
    const current = metric;
    this.lastEpoch++;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.o.patience) {
      this.reduceLr();
      this.cooldownCounter = this.o.cooldown;
      this.numBadEpochs = 0;
    }
  }

  private reduceLr(): void {
    this.groups.forEach((g, i) => {
      const oldLr = g.lr;
      const newLr = Math.max(oldLr * this.o.factor, this.o.minLrs[i]);
      if (oldLr - newLr > this.o.eps) g.lr = newLr;
    });
  }

  private isBetter(a: number, best: number): boolean {
    const { mode, thresholdMode, threshold } = this.o;
    if (mode === 'min' && thresholdMode === 'rel') return a < best * (1.0 - threshold);
    if (mode === 'min') return a < best - threshold;
    if (thresholdMode === 'rel') return a > best * (threshold + 1.0);
    return a > best + threshold;
  }
}
