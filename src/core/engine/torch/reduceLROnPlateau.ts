import { pyMax } from '../pyMath';
import { checkPlateauArgs, isImprovement } from '../metricImprovement';
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
    checkPlateauArgs(o.factor, o.mode, o.thresholdMode);
    this.groups = optimizer.groups;
    this.best = o.mode === 'min' ? Infinity : -Infinity;
  }

  step(metric: number): void {
    const current = metric;
    this.lastEpoch++;
    if (isImprovement(this.o.mode, this.o.thresholdMode, this.o.threshold, current, this.best)) {
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
      const newLr = pyMax(oldLr * this.o.factor, this.o.minLrs[i]);
      if (oldLr - newLr > this.o.eps) g.lr = newLr;
    });
  }

}
