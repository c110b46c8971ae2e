/**
 * DeepSpeed's `deepspeed.runtime.lr_schedules`: WarmupLR, WarmupDecayLR, WarmupCosineLR, OneCycle
 * and LRRangeTest, with the same float operations in the same order. Each is stepped once per
 * optimizer step (`last_batch_iteration` counts batches), and none of them is a torch LRScheduler.
 * https://github.com/microsoft/DeepSpeed/blob/master/deepspeed/runtime/lr_schedules.py
 */
import type { Args } from '../args';
import { cos } from '../cos';
import { LibraryError, valueError } from '../errors';
import type { ParamGroup, SimOptimizer } from '../optimizer';
import { pyMax } from '../pyMath';
import type { ParameterInfo, Signature } from '../signatures';
import type { ArgValue } from '../spec';
import type { Steppable } from '../torch/lrScheduler';

export const PREFIX = 'deepspeed.';

const req = (name: string): ParameterInfo => ({ name });
const opt = (name: string, def: ArgValue): ParameterInfo => ({ name, default: def });
const sig = (...params: ParameterInfo[]): Signature => ({ library: 'deepspeed', params });
const OPTIMIZER = req('optimizer');
const LAST = opt('last_batch_iteration', -1);

export const DEEPSPEED_SIGNATURES: Record<string, Signature> = {
  [PREFIX + 'LRRangeTest']: sig(
    OPTIMIZER,
    opt('lr_range_test_min_lr', 1e-3),
    opt('lr_range_test_step_size', 2000),
    opt('lr_range_test_step_rate', 1.0),
    opt('lr_range_test_staircase', false),
    LAST,
  ),
  [PREFIX + 'OneCycle']: sig(
    OPTIMIZER,
    req('cycle_min_lr'),
    req('cycle_max_lr'),
    opt('decay_lr_rate', 0.0),
    opt('cycle_first_step_size', 2000),
    opt('cycle_second_step_size', null),
    opt('cycle_first_stair_count', 0),
    opt('cycle_second_stair_count', null),
    opt('decay_step_size', 0),
    opt('cycle_momentum', true),
    opt('cycle_min_mom', 0.8),
    opt('cycle_max_mom', 0.9),
    opt('decay_mom_rate', 0.0),
    LAST,
  ),
  [PREFIX + 'WarmupLR']: sig(OPTIMIZER, opt('warmup_min_lr', 0.0), opt('warmup_max_lr', 0.001), opt('warmup_num_steps', 1000), opt('warmup_type', 'log'), LAST),
  [PREFIX + 'WarmupDecayLR']: sig(
    OPTIMIZER,
    req('total_num_steps'),
    opt('warmup_min_lr', 0.0),
    opt('warmup_max_lr', 0.001),
    opt('warmup_num_steps', 1000),
    opt('warmup_type', 'log'),
    LAST,
  ),
  [PREFIX + 'WarmupCosineLR']: sig(
    OPTIMIZER,
    req('total_num_steps'),
    opt('warmup_min_ratio', 0.0),
    opt('warmup_num_steps', 1000),
    opt('cos_min_ratio', 0.0001),
    opt('warmup_type', 'log'),
    LAST,
  ),
};

/** The `type` names a ds_config's `"scheduler"` block accepts (VALID_LR_SCHEDULES). */
export const DEEPSPEED_CONFIG_TYPES = ['LRRangeTest', 'OneCycle', 'WarmupLR', 'WarmupDecayLR', 'WarmupCosineLR'];

/** `update_lr`: zip(param_groups, lrs), so a shorter list sets only the first groups. */
function updateLr(groups: ParamGroup[], lrs: readonly number[]): void {
  const n = Math.min(groups.length, lrs.length);
  for (let i = 0; i < n; i++) groups[i].lr = lrs[i];
}

/** `_format_param`: a scalar for every group, or a list with one value per group. */
function formatParam(a: Args, name: string, groups: number, label: string): number[] {
  const v = a.raw(name);
  if (Array.isArray(v)) {
    if (v.length !== groups) throw valueError(`expected ${groups} value for ${label}, got ${v.length} values`, name);
    return v.map((x, i) => {
      if (typeof x !== 'number') throw new LibraryError('TypeError', `${name}[${i}] must be a number`, name);
      return x;
    });
  }
  return new Array<number>(groups).fill(a.number(name));
}

abstract class DeepSpeedScheduler implements Steppable {
  readonly needsMetric = false;
  lastBatchIteration: number;
  protected readonly groups: ParamGroup[];
  constructor(
    readonly optimizer: SimOptimizer,
    a: Args,
  ) {
    this.groups = optimizer.groups;
    this.lastBatchIteration = a.integer('last_batch_iteration');
  }
  protected abstract getLr(): number[];
  step(): void {
    this.lastBatchIteration = this.lastBatchIteration + 1;
    updateLr(this.groups, this.getLr());
  }
}

export class LRRangeTest extends DeepSpeedScheduler {
  private readonly minLr: number[];
  private readonly stepSize: number;
  private readonly stepRate: number;
  private readonly staircase: boolean;
  constructor(opt: SimOptimizer, a: Args) {
    super(opt, a);
    const v = a.raw('lr_range_test_min_lr');
    if (Array.isArray(v) && v.length !== this.groups.length) {
      throw valueError(`expected ${this.groups.length} lr_range_test_min_lr, got ${v.length}`, 'lr_range_test_min_lr');
    }
    this.minLr = formatParam(a, 'lr_range_test_min_lr', this.groups.length, 'lr_range_test_min_lr');
    this.stepSize = a.number('lr_range_test_step_size');
    this.stepRate = a.number('lr_range_test_step_rate');
    this.staircase = a.bool('lr_range_test_staircase');
    if (this.lastBatchIteration === -1) updateLr(this.groups, this.minLr);
  }
  protected getLr(): number[] {
    if (this.stepSize === 0) throw new LibraryError('ZeroDivisionError', 'float division by zero', 'lr_range_test_step_size');
    const interval = (this.lastBatchIteration + 1) / this.stepSize;
    const increase = 1 + this.stepRate * (this.staircase ? Math.floor(interval) : interval);
    return this.minLr.map((m) => m * increase);
  }
}

export class OneCycle extends DeepSpeedScheduler {
  private readonly totalSize: number;
  private readonly stepRatio: number;
  private readonly decayStepSize: number;
  private skipLrDecay: boolean;
  private skipMomDecay: boolean;
  private readonly minLrs: number[];
  private readonly maxLrs: number[];
  private readonly decayLrRate: number;
  private cycleMomentum: boolean;
  private decayMomRate = 0;
  private minMom = 0;
  private maxMom = 0;

  constructor(opt: SimOptimizer, a: Args) {
    super(opt, a);
    const first = a.number('cycle_first_step_size');
    const second = a.isNone('cycle_second_step_size') ? first : a.number('cycle_second_step_size');
    this.totalSize = first + second;
    this.stepRatio = first / this.totalSize;
    this.decayStepSize = a.number('decay_step_size');
    this.skipLrDecay = this.skipMomDecay = this.decayStepSize === 0;
    const n = this.groups.length;
    this.minLrs = new Array<number>(n).fill(a.number('cycle_min_lr'));
    if (this.lastBatchIteration === -1) updateLr(this.groups, this.minLrs);
    this.maxLrs = new Array<number>(n).fill(a.number('cycle_max_lr'));
    this.decayLrRate = a.number('decay_lr_rate');
    if (this.decayLrRate === 0) this.skipLrDecay = true;
    this.cycleMomentum = a.bool('cycle_momentum');
    if (this.cycleMomentum) {
      // Only optimizers with `betas` in their defaults (the Adam family); SGD's momentum is left alone.
      if (!opt.usesBetas) {
        this.cycleMomentum = false;
      } else {
        this.decayMomRate = a.number('decay_mom_rate');
        this.minMom = a.number('cycle_min_mom');
        this.maxMom = a.number('cycle_max_mom');
        // group['betas'] = (cycle_min_mom, 0.99): beta1 is what the curve records.
        if (this.lastBatchIteration === -1) for (const g of this.groups) g.momentum = this.minMom;
        opt.momentumCycled = true;
        if (this.decayMomRate === 0) this.skipMomDecay = true;
      }
    }
  }

  private scaleFactor(): number {
    const batch = this.lastBatchIteration + 1;
    const cycle = Math.floor(1 + batch / this.totalSize);
    const x = 1 + batch / this.totalSize - cycle;
    return x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
  }

  protected getLr(): number[] {
    if (this.lastBatchIteration < this.totalSize) {
      const s = this.scaleFactor();
      return this.minLrs.map((lo, i) => lo + (this.maxLrs[i] - lo) * s);
    }
    if (this.skipLrDecay) return this.minLrs;
    const interval = (this.lastBatchIteration - this.totalSize + 1) / this.decayStepSize;
    const factor = 1 + this.decayLrRate * interval;
    return this.minLrs.map((lo) => lo / factor);
  }

  private getMom(): number {
    if (this.lastBatchIteration < this.totalSize) {
      const s = this.scaleFactor();
      return this.maxMom - (this.maxMom - this.minMom) * s;
    }
    if (this.skipMomDecay) return this.maxMom;
    const interval = (this.lastBatchIteration - this.totalSize + 1) / this.decayStepSize;
    return this.maxMom * (1 + this.decayMomRate * interval);
  }

  override step(): void {
    super.step();
    if (this.cycleMomentum) {
      const m = this.getMom();
      for (const g of this.groups) g.momentum = m;
    }
  }
}

export class WarmupLR extends DeepSpeedScheduler {
  protected readonly minLrs: number[];
  protected readonly deltaLrs: number[];
  protected readonly warmupNumSteps: number;
  protected readonly warmupType: string;
  protected readonly inverseLogWarmUp: number;

  constructor(opt: SimOptimizer, a: Args) {
    super(opt, a);
    const n = this.groups.length;
    this.minLrs = formatParam(a, 'warmup_min_lr', n, 'min_lr');
    const maxLrs = formatParam(a, 'warmup_max_lr', n, 'max_lr');
    this.deltaLrs = maxLrs.map((big, i) => big - this.minLrs[i]);
    this.warmupNumSteps = pyMax(2, a.number('warmup_num_steps'));
    const type = a.string('warmup_type');
    // An unknown warmup_type falls back to 'log' (with a logged warning).
    this.warmupType = type === 'log' || type === 'linear' ? type : 'log';
    this.inverseLogWarmUp = 1.0 / Math.log(this.warmupNumSteps);
    this.finishInit();
  }

  protected finishInit(): void {
    if (this.lastBatchIteration === -1) updateLr(this.groups, this.getLr());
  }

  protected getLr(): number[] {
    if (this.lastBatchIteration < 0) return this.minLrs;
    const gamma = this.gamma();
    return this.minLrs.map((lo, i) => lo + this.deltaLrs[i] * gamma);
  }

  protected warmupGamma(): number {
    return this.warmupType === 'log' ? this.inverseLogWarmUp * Math.log(this.lastBatchIteration + 1) : this.lastBatchIteration / this.warmupNumSteps;
  }

  protected gamma(): number {
    return this.lastBatchIteration < this.warmupNumSteps ? this.warmupGamma() : 1.0;
  }
}

export class WarmupDecayLR extends WarmupLR {
  private totalNumSteps = 0;
  constructor(opt: SimOptimizer, a: Args) {
    super(opt, a);
    this.totalNumSteps = a.number('total_num_steps');
    // WarmupDecayLR sets total_num_steps before WarmupLR.__init__ computes the first lr.
    if (this.lastBatchIteration === -1) updateLr(this.groups, this.getLr());
  }
  protected override finishInit(): void {
    // The first lr is set once total_num_steps is known (see the constructor).
  }
  protected override gamma(): number {
    if (this.lastBatchIteration < this.warmupNumSteps) return this.warmupGamma();
    return pyMax(0.0, (this.totalNumSteps - this.lastBatchIteration) / pyMax(1.0, this.totalNumSteps - this.warmupNumSteps));
  }
}

export class WarmupCosineLR extends DeepSpeedScheduler {
  private readonly totalNumSteps: number;
  private readonly cosMinRatio: number;
  private readonly warmupType: string;
  private readonly warmupMinRatio: number;
  private readonly warmupNumSteps: number;
  private readonly inverseLogWarmUp: number;
  private readonly orgLrs: number[];

  constructor(opt: SimOptimizer, a: Args) {
    super(opt, a);
    this.totalNumSteps = a.number('total_num_steps');
    this.cosMinRatio = a.number('cos_min_ratio');
    this.warmupType = a.string('warmup_type');
    this.warmupMinRatio = a.number('warmup_min_ratio');
    this.warmupNumSteps = pyMax(2, a.number('warmup_num_steps'));
    this.inverseLogWarmUp = 1.0 / Math.log(this.warmupNumSteps);
    this.orgLrs = this.groups.map((g) => g.lr);
    if (this.lastBatchIteration === -1) updateLr(this.groups, this.getLr());
  }

  private lrRatio(): number {
    const t = this.lastBatchIteration;
    if (t < this.warmupNumSteps) {
      let ratio: number;
      if (this.warmupType === 'log') ratio = this.inverseLogWarmUp * Math.log(t + 1);
      else if (this.warmupType === 'linear') ratio = t / this.warmupNumSteps;
      else throw new LibraryError('UnboundLocalError', "cannot access local variable 'ratio' where it is not associated with a value", 'warmup_type');
      const ratioDelta = 1.0 - this.warmupMinRatio;
      return this.warmupMinRatio + ratio * ratioDelta;
    }
    const realLastStep = t - this.warmupNumSteps + 1;
    const realTotalSteps = this.totalNumSteps - this.warmupNumSteps;
    if (realTotalSteps === 0) throw new LibraryError('ZeroDivisionError', 'division by zero', 'total_num_steps');
    const ratioDelta = 1.0 - this.cosMinRatio;
    const ratio = (1 + cos((Math.PI * realLastStep) / realTotalSteps)) / 2;
    return pyMax(0.0, this.cosMinRatio + ratioDelta * ratio);
  }

  /** Before the first step get_lr returns `[0.0]`: only param group 0 is set at construction. */
  protected getLr(): number[] {
    if (this.lastBatchIteration < 0) return [0.0];
    const r = this.lrRatio();
    return this.orgLrs.map((lr) => lr * r);
  }
}

type Builder = (opt: SimOptimizer, a: Args) => Steppable;

export const DEEPSPEED_BUILDERS: Record<string, Builder> = {
  [PREFIX + 'LRRangeTest']: (opt, a) => new LRRangeTest(opt, a),
  [PREFIX + 'OneCycle']: (opt, a) => new OneCycle(opt, a),
  [PREFIX + 'WarmupLR']: (opt, a) => new WarmupLR(opt, a),
  [PREFIX + 'WarmupDecayLR']: (opt, a) => new WarmupDecayLR(opt, a),
  [PREFIX + 'WarmupCosineLR']: (opt, a) => new WarmupCosineLR(opt, a),
};
