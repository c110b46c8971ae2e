import { LibraryError } from '../errors';
import type { ParamGroup, SimOptimizer } from '../optimizer';

/** What the simulation loop drives: `scheduler.step()` or `scheduler.step(metric)`. */
export interface Steppable {
  readonly optimizer: SimOptimizer;
  readonly needsMetric: boolean;
  step(metric?: number): void;
}

/**
 * PyTorch 2.x `LRScheduler`: the construction-time "initial step" in initial mode, the chainable
 * `get_lr` reading the groups' current lr, and `_update_lr(epoch)` with its closed-form path used
 * by SequentialLR at milestones.
 * https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py
 */
export abstract class LRScheduler implements Steppable {
  lastEpoch = -1;
  baseLrs: number[] = [];
  stepCount = 0;
  isInitial = false;
  readonly needsMetric: boolean = false;
  protected readonly groups: ParamGroup[];
  /** Reused output buffer of get_lr, one value per group. */
  protected readonly values: number[];

  constructor(readonly optimizer: SimOptimizer) {
    this.groups = optimizer.groups;
    this.values = new Array<number>(this.groups.length).fill(0);
  }

  /** `LRScheduler.__init__`: call at the end of a subclass constructor, after its own fields. */
  protected init(lastEpoch: number): void {
    this.initState(lastEpoch);
    this.initialStep();
  }

  /** `LRScheduler.__init__` up to its initial step: `initial_lr`, `base_lrs`, `last_epoch`. */
  protected initState(lastEpoch: number): void {
    if (lastEpoch === -1) {
      for (const g of this.groups) if (g.initialLr === undefined) g.initialLr = g.lr;
    } else {
      this.groups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new LibraryError(
            'KeyError',
            `param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`,
            'last_epoch',
          );
        }
      });
    }
    const baseLrs: number[] = []; // by push: one array kind whether or not V8 has optimized this (see SimOptimizer)
    for (const g of this.groups) baseLrs.push(g.initialLr as number);
    this.baseLrs = baseLrs;
    this.lastEpoch = lastEpoch;
  }

  initialStep(): void {
    this.stepCount = 0;
    this.isInitial = true;
    try {
      this.step();
    } finally {
      this.isInitial = false;
    }
  }

  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.computeLr(this.values);
    this.apply();
  }

  /** `_update_lr(epoch)` with an explicit epoch: the closed form where the class has one. */
  updateLrAt(epoch: number): void {
    this.lastEpoch = epoch;
    if (!this.closedFormLr(this.values)) this.computeLr(this.values);
    this.apply();
  }

  /**
   * A tight loop for a stand-alone scheduler: advances `steps` steps writing rows 1..steps of `lr`
   * (and `momentum`, when cycled), with exactly the float operations of `step()`. Returns false
   * when the class has none; the caller then steps one at a time. Kept bit-identical to `step()`
   * by test/unit/engine/fastPath.test.ts.
   */
  fastRun(_steps: number, _lr: Float64Array, _momentum: Float64Array | undefined): boolean {
    return false;
  }

  /** State after a fast run, as if step() had been called `steps` times. */
  protected finishFastRun(steps: number, lr: Float64Array, momentum?: Float64Array): void {
    const g = this.groups.length;
    this.lastEpoch += steps;
    this.stepCount += steps;
    for (let i = 0; i < g; i++) {
      this.groups[i].lr = lr[steps * g + i];
      if (momentum) this.groups[i].momentum = momentum[steps * g + i];
    }
  }

  lastLr(): number[] {
    return this.groups.map((g) => g.lr);
  }

  protected apply(): void {
    const groups = this.groups;
    const values = this.values;
    for (let i = 0; i < groups.length; i++) groups[i].lr = values[i];
  }

  /** `[group["lr"] for group in optimizer.param_groups]`: the lr stays as it is this step. */
  protected keepCurrentLr(out: number[]): void {
    for (let i = 0; i < out.length; i++) out[i] = this.groups[i].lr;
  }

  /** The chainable `get_lr`, written into `out`. */
  protected abstract computeLr(out: number[]): void;

  /** `_get_closed_form_lr`, written into `out`; false when the class has none. */
  protected closedFormLr(_out: number[]): boolean {
    return false;
  }
}
