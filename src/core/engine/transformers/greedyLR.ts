import { pyMax, pyMin } from '../pyMath';
import { checkPlateauArgs, isImprovement } from '../metricImprovement';
import type { ParamGroup, SimOptimizer } from '../optimizer';
import type { Steppable } from '../torch/lrScheduler';

export interface GreedyOptions {
  mode: string;
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: string;
  cooldown: number;
  warmup: number;
  minLrs: number[];
  maxLrs: number[];
  eps: number;
  smooth: boolean;
  windowSize: number;
  resetStart: number;
}

/** transformers' `StreamingAverage`: a running sum over a sliding window, same float order. */
class StreamingAverage {
  private readonly values: number[] = [];
  private sum = 0.0;
  constructor(private readonly windowSize: number) {}

  add(value: number): number {
    this.values.push(value);
    this.sum += value;
    if (this.values.length > this.windowSize) this.sum -= this.values.shift() as number;
    return this.sum / this.values.length;
  }
}

/**
 * transformers' `GreedyLR`: divides the lr by `factor` after `patience` improving steps and
 * multiplies it by `factor` after `patience` non-improving ones, within [min_lr, max_lr]; resets
 * to the initial lrs after `reset_start` reductions at the floor. Metric-driven like plateau.
 */
export class GreedyLR implements Steppable {
  readonly needsMetric = true;
  private readonly groups: ParamGroup[];
  private readonly initLrs: number[];
  private best: number;
  private numBadEpochs = 0;
  private numGoodEpochs = 0;
  private cooldownCounter = 0;
  private warmupCounter = 0;
  private resetStart: number;
  private average: StreamingAverage | null;

  constructor(
    readonly optimizer: SimOptimizer,
    private readonly o: GreedyOptions,
  ) {
    checkPlateauArgs(o.factor, o.mode, o.thresholdMode);
    this.groups = optimizer.groups;
    this.initLrs = this.groups.map((g) => g.lr);
    this.best = o.mode === 'min' ? Infinity : -Infinity;
    this.resetStart = o.resetStart;
    this.average = o.smooth ? new StreamingAverage(o.windowSize) : null;
  }

  step(metric: number): void {
    let current = metric;
    if (this.average) current = this.average.add(current);
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
      this.numGoodEpochs = 0;
    } else if (this.warmupCounter > 0) {
      this.warmupCounter--;
      this.numBadEpochs = 0;
      this.numGoodEpochs = 0;
    } else {
      if (isImprovement(this.o.mode, this.o.thresholdMode, this.o.threshold, current, this.best)) {
        this.best = current;
        this.numBadEpochs = 0;
        this.numGoodEpochs++;
      } else {
        this.numBadEpochs++;
        this.numGoodEpochs = 0;
      }
      if (this.numGoodEpochs > this.o.patience) {
        this.increaseLr();
        this.warmupCounter = this.o.warmup;
        this.numGoodEpochs = 0;
      } else if (this.numBadEpochs > this.o.patience) {
        this.reduceLr();
        this.cooldownCounter = this.o.cooldown;
        this.numBadEpochs = 0;
      }
    }
  }

  private reduceLr(): void {
    let allAtMin = true;
    this.groups.forEach((g, i) => {
      const oldLr = g.lr;
      const newLr = pyMax(oldLr * this.o.factor, this.o.minLrs[i]);
      if (oldLr - newLr > this.o.eps) g.lr = newLr;
      if (g.lr > this.o.minLrs[i]) allAtMin = false;
    });
    if (allAtMin) {
      this.resetStart--;
      if (this.resetStart <= 0) this.reset();
    }
  }

  private increaseLr(): void {
    this.groups.forEach((g, i) => {
      const oldLr = g.lr;
      const newLr = pyMin(oldLr / this.o.factor, this.o.maxLrs[i]);
      if (newLr - oldLr > this.o.eps) g.lr = newLr;
    });
    this.resetStart = this.o.resetStart;
  }

  private reset(): void {
    this.groups.forEach((g, i) => (g.lr = this.initLrs[i]));
    this.best = this.o.mode === 'min' ? Infinity : -Infinity;
    this.numBadEpochs = 0;
    this.numGoodEpochs = 0;
    this.cooldownCounter = 0;
    this.warmupCounter = 0;
    this.resetStart = this.o.resetStart;
    if (this.average) this.average = new StreamingAverage(this.o.windowSize);
  }
}
