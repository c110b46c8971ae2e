/**
 * timm's `timm.scheduler`: CosineLRScheduler, TanhLRScheduler, StepLRScheduler,
 * MultiStepLRScheduler, PolyLRScheduler, PlateauLRScheduler and `create_scheduler_v2`, with the
 * same float operations in the same order.
 * https://github.com/huggingface/pytorch-image-models/tree/main/timm/scheduler
 *
 * timm is stepped twice: `step_update(num_updates)` after every optimizer update and `step(epoch)`
 * at the end of every epoch. `t_in_epochs` says which of the two moves the lr; the other call
 * leaves it alone. Every value set is multiplied by the group's `lr_scale` when it has one.
 */
import type { Args } from '../args';
import { cos } from '../cos';
import { LibraryError } from '../errors';
import { ownMessage } from '../../l10n/translate';
import type { ParamGroup, SimOptimizer } from '../optimizer';
import { bisectRight } from '../pyMath';
import type { ParameterInfo, Signature } from '../signatures';
import type { ArgValue, Curve } from '../spec';
import { ReduceLROnPlateau } from '../torch/reduceLROnPlateau';
import type { Steppable } from '../torch/lrScheduler';
import { torchNoise } from './noise';
import { callsPerEpoch, timmCallLabel, type TimmProtocol } from './callLabel';

export const PREFIX = 'timm.';

const req = (name: string): ParameterInfo => ({ name });
const opt = (name: string, def: ArgValue): ParameterInfo => ({ name, default: def });
const sig = (...params: ParameterInfo[]): Signature => ({ library: 'timm', params });
const OPTIMIZER = req('optimizer');
const WARMUP = [opt('warmup_t', 0), opt('warmup_lr_init', 0.0)];
const NOISE = [opt('noise_range_t', null), opt('noise_pct', 0.67), opt('noise_std', 1.0), opt('noise_seed', 42)];
const CYCLES = [opt('cycle_mul', 1.0), opt('cycle_decay', 1.0), opt('cycle_limit', 1)];

export const TIMM_SIGNATURES: Record<string, Signature> = {
  [PREFIX + 'CosineLRScheduler']: sig(
    OPTIMIZER,
    req('t_initial'),
    opt('lr_min', 0.0),
    ...CYCLES,
    ...WARMUP,
    opt('warmup_prefix', false),
    opt('t_in_epochs', true),
    ...NOISE,
    opt('k_decay', 1.0),
    opt('initialize', true),
  ),
  [PREFIX + 'TanhLRScheduler']: sig(
    OPTIMIZER,
    req('t_initial'),
    opt('lb', -7.0),
    opt('ub', 3.0),
    opt('lr_min', 0.0),
    ...CYCLES,
    ...WARMUP,
    opt('warmup_prefix', false),
    opt('t_in_epochs', true),
    ...NOISE,
    opt('initialize', true),
  ),
  [PREFIX + 'StepLRScheduler']: sig(
    OPTIMIZER,
    req('decay_t'),
    opt('decay_rate', 1.0),
    ...WARMUP,
    opt('warmup_prefix', true),
    opt('t_in_epochs', true),
    ...NOISE,
    opt('initialize', true),
  ),
  [PREFIX + 'MultiStepLRScheduler']: sig(
    OPTIMIZER,
    req('decay_t'),
    opt('decay_rate', 1.0),
    ...WARMUP,
    opt('warmup_prefix', true),
    opt('t_in_epochs', true),
    ...NOISE,
    opt('initialize', true),
  ),
  [PREFIX + 'PolyLRScheduler']: sig(
    OPTIMIZER,
    req('t_initial'),
    opt('power', 0.5),
    opt('lr_min', 0.0),
    ...CYCLES,
    ...WARMUP,
    opt('warmup_prefix', false),
    opt('t_in_epochs', true),
    ...NOISE,
    opt('k_decay', 1.0),
    opt('initialize', true),
  ),
  [PREFIX + 'PlateauLRScheduler']: sig(
    OPTIMIZER,
    opt('decay_rate', 0.1),
    opt('patience_t', 10),
    opt('threshold', 1e-4),
    opt('cooldown_t', 0),
    ...WARMUP,
    opt('lr_min', 0.0),
    opt('mode', 'max'),
    opt('noise_range_t', null),
    opt('noise_type', 'normal'),
    opt('noise_pct', 0.67),
    opt('noise_std', 1.0),
    opt('noise_seed', null),
    opt('initialize', true),
  ),
  [PREFIX + 'create_scheduler_v2']: sig(
    OPTIMIZER,
    opt('sched', 'cosine'),
    opt('num_epochs', 300),
    opt('decay_epochs', 90),
    opt('decay_milestones', [90, 180, 270]),
    opt('cooldown_epochs', 0),
    opt('patience_epochs', 10),
    opt('decay_rate', 0.1),
    opt('min_lr', 0.0),
    opt('warmup_lr', 1e-5),
    opt('warmup_epochs', 0),
    opt('warmup_prefix', false),
    opt('noise', null),
    opt('noise_pct', 0.67),
    opt('noise_std', 1.0),
    opt('noise_seed', 42),
    opt('cycle_mul', 1.0),
    opt('cycle_decay', 0.1),
    opt('cycle_limit', 1),
    opt('k_decay', 1.0),
    opt('plateau_mode', 'max'),
    opt('step_on_epochs', true),
    opt('updates_per_epoch', 0),
  ),
};

/** Kinds whose `step(epoch, metric)` needs the metric (one value per epoch). */
export const TIMM_METRIC_KINDS = new Set([PREFIX + 'PlateauLRScheduler']);

const assertion = (message = '') => new LibraryError('AssertionError', message);

function noiseRange(a: Args): number | number[] | null {
  const v = a.raw('noise_range_t');
  if (v === null) return null;
  if (Array.isArray(v)) return v.map((x, i) => {
    if (typeof x !== 'number') throw new LibraryError('TypeError', `noise_range_t[${i}] must be a number`, 'noise_range_t');
    return x;
  });
  return a.number('noise_range_t');
}

/** timm's `Scheduler` base class. */
export abstract class TimmScheduler implements Steppable {
  needsMetric = false;
  readonly baseValues: number[];
  protected readonly groups: ParamGroup[];
  protected readonly noiseRange: number | number[] | null;
  protected readonly noisePct: number;
  protected readonly noiseSeed: number;
  protected readonly noiseType: string;

  constructor(
    readonly optimizer: SimOptimizer,
    readonly tInEpochs: boolean,
    a: Args,
  ) {
    this.groups = optimizer.groups;
    this.noiseRange = noiseRange(a);
    this.noisePct = a.number('noise_pct');
    const seed = a.raw('noise_seed');
    this.noiseSeed = seed === null ? 42 : a.integer('noise_seed');
    this.noiseType = a.raw('noise_type') === null ? 'normal' : String(a.raw('noise_type'));
    const initialize = a.bool('initialize');
    this.groups.forEach((g, i) => {
      if (initialize) {
        if (g.initialLr === undefined) g.initialLr = g.lr;
      } else if (g.initialLr === undefined) {
        throw new LibraryError('KeyError', `'initial_lr missing from param_groups[${i}]'`, 'initialize');
      }
    });
    this.baseValues = this.groups.map((g) => g.initialLr as number);
    this.updateGroups(this.baseValues);
  }

  /** `update_groups`: one value for every group, or one per group; times the group's lr_scale. */
  updateGroups(values: number | readonly number[]): void {
    const g = this.groups;
    for (let i = 0; i < g.length; i++) {
      const v = typeof values === 'number' ? values : values[i];
      if (v === undefined) break; // zip stops at the shorter
      const scale = g[i].lrScale;
      g[i].lr = scale !== undefined ? v * scale : v;
    }
  }

  protected abstract getLr(t: number): number[];

  /** `step(epoch, metric)`: the end of an epoch. */
  stepEpoch(epoch: number, _metric?: number): void {
    if (this.tInEpochs) this.updateGroups(this.addNoise(this.getLr(epoch), epoch));
  }

  /** `step_update(num_updates)`: after an optimizer update. */
  stepUpdate(numUpdates: number): void {
    if (!this.tInEpochs) this.updateGroups(this.addNoise(this.getLr(numUpdates), numUpdates));
  }

  /** The generic `scheduler.step()` of the engine's loop: timm runs through `simulateTimm`. */
  step(): void {
    throw new LibraryError('TypeError', "step() missing 1 required positional argument: 'epoch'");
  }

  protected isApplyNoise(t: number): boolean {
    const r = this.noiseRange;
    if (r === null) return false;
    if (Array.isArray(r)) return r[0] <= t && t < r[1];
    return t >= (r as number);
  }

  protected addNoise(lrs: number[], t: number): number[] {
    if (!this.isApplyNoise(t)) return lrs;
    const noise = torchNoise(this.noiseSeed + t, this.noiseType, this.noisePct);
    return lrs.map((v) => v + v * noise);
  }
}

/** Warm-up fields shared by the subclasses. */
abstract class WarmupScheduler extends TimmScheduler {
  protected warmupT = 0;
  protected warmupLrInit = 0;
  protected warmupPrefix = false;
  protected warmupSteps: number[] = [];

  protected initWarmup(a: Args, target?: number[]): void {
    this.warmupT = a.number('warmup_t');
    this.warmupLrInit = a.number('warmup_lr_init');
    this.warmupPrefix = a.bool('warmup_prefix');
    if (this.warmupT) {
      const tv = target ?? this.baseValues;
      this.warmupSteps = tv.map((v) => (v - this.warmupLrInit) / this.warmupT);
      this.updateGroups(this.warmupLrInit);
    } else {
      this.warmupSteps = this.baseValues.map(() => 1);
    }
  }

  protected warmupLrs(t: number): number[] {
    return this.warmupSteps.map((s) => this.warmupLrInit + t * s);
  }
}

/** The cycle of t (cosine, tanh, poly): index i, its length t_i and position t_curr. */
function cycleOf(t: number, tInitial: number, cycleMul: number): { i: number; tI: number; tCurr: number } {
  if (cycleMul !== 1) {
    const i = Math.floor(Math.log(1 - (t / tInitial) * (1 - cycleMul)) / Math.log(cycleMul));
    const tI = cycleMul ** i * tInitial;
    const tCurr = t - ((1 - cycleMul ** i) / (1 - cycleMul)) * tInitial;
    return { i, tI, tCurr };
  }
  const i = Math.floor(t / tInitial);
  return { i, tI: tInitial, tCurr: t - tInitial * i };
}

/** `get_cycle_length(cycles=0)` of the cosine, tanh and poly schedulers. */
export function cycleLength(tInitial: number, cycleMul: number, cycleLimit: number, warmupT: number, warmupPrefix: boolean): number {
  const cycles = Math.max(1, cycleLimit); // max(1, cycles or self.cycle_limit) with cycles=0
  const t = cycleMul === 1.0 ? tInitial * cycles : Math.floor((-tInitial * (cycleMul ** cycles - 1)) / (1 - cycleMul));
  return warmupPrefix ? t + warmupT : t;
}

abstract class CycleScheduler extends WarmupScheduler {
  protected tInitial = 0;
  protected lrMin = 0;
  protected cycleMul = 1;
  protected cycleDecay = 1;
  protected cycleLimit = 1;

  protected initCycles(a: Args): void {
    this.tInitial = a.number('t_initial');
    this.lrMin = a.number('lr_min');
    this.cycleMul = a.number('cycle_mul');
    this.cycleDecay = a.number('cycle_decay');
    this.cycleLimit = a.number('cycle_limit');
  }

  cycleLength(): number {
    return cycleLength(this.tInitial, this.cycleMul, this.cycleLimit, this.warmupT, this.warmupPrefix);
  }

  protected getLr(t: number): number[] {
    if (t < this.warmupT) return this.warmupLrs(t);
    if (this.warmupPrefix) t = t - this.warmupT;
    const { i, tI, tCurr } = cycleOf(t, this.tInitial, this.cycleMul);
    if (!(i < this.cycleLimit)) return this.baseValues.map(() => this.lrMin);
    const gamma = this.cycleDecay ** i;
    return this.baseValues.map((v) => this.shape(v * gamma, tCurr, tI));
  }

  protected abstract shape(lrMax: number, tCurr: number, tI: number): number;
}

export class CosineLRScheduler extends CycleScheduler {
  private readonly kDecay: number;
  constructor(opt: SimOptimizer, a: Args) {
    super(opt, a.bool('t_in_epochs'), a);
    this.initCycles(a);
    if (!(this.tInitial > 0)) throw assertion();
    if (!(this.lrMin >= 0)) throw assertion();
    this.kDecay = a.number('k_decay');
    this.initWarmup(a);
  }
  protected shape(lrMax: number, tCurr: number, tI: number): number {
    const k = this.kDecay;
    return this.lrMin + 0.5 * (lrMax - this.lrMin) * (1 + cos((Math.PI * tCurr ** k) / tI ** k));
  }
}

export class TanhLRScheduler extends CycleScheduler {
  private readonly lb: number;
  private readonly ub: number;
  constructor(opt: SimOptimizer, a: Args) {
    super(opt, a.bool('t_in_epochs'), a);
    this.initCycles(a);
    this.lb = a.number('lb');
    this.ub = a.number('ub');
    if (!(this.tInitial > 0)) throw assertion();
    if (!(this.lrMin >= 0)) throw assertion();
    if (!(this.lb < this.ub)) throw assertion();
    if (!(this.cycleLimit >= 0)) throw assertion();
    if (!(a.number('warmup_t') >= 0)) throw assertion();
    if (!(a.number('warmup_lr_init') >= 0)) throw assertion();
    // Without warmup_prefix the warm-up heads for _get_lr(warmup_t), not the base lr.
    this.warmupT = a.number('warmup_t');
    this.warmupPrefix = a.bool('warmup_prefix');
    const target = this.warmupT && !this.warmupPrefix ? this.getLr(this.warmupT) : undefined;
    this.initWarmup(a, target);
  }
  protected shape(lrMax: number, tCurr: number, tI: number): number {
    const tr = tCurr / tI;
    return this.lrMin + 0.5 * (lrMax - this.lrMin) * (1 - Math.tanh(this.lb * (1.0 - tr) + this.ub * tr));
  }
}

export class PolyLRScheduler extends CycleScheduler {
  private readonly kDecay: number;
  private readonly power: number;
  constructor(opt: SimOptimizer, a: Args) {
    super(opt, a.bool('t_in_epochs'), a);
    this.initCycles(a);
    if (!(this.tInitial > 0)) throw assertion();
    if (!(this.lrMin >= 0)) throw assertion();
    this.power = a.number('power');
    this.kDecay = a.number('k_decay');
    this.initWarmup(a);
  }
  protected shape(lrMax: number, tCurr: number, tI: number): number {
    const k = this.kDecay;
    return this.lrMin + (lrMax - this.lrMin) * (1 - tCurr ** k / tI ** k) ** this.power;
  }
}

export class StepLRScheduler extends WarmupScheduler {
  private readonly decayT: number;
  private readonly decayRate: number;
  constructor(opt: SimOptimizer, a: Args) {
    super(opt, a.bool('t_in_epochs'), a);
    this.decayT = a.number('decay_t');
    this.decayRate = a.number('decay_rate');
    this.initWarmup(a);
  }
  protected getLr(t: number): number[] {
    if (t < this.warmupT) return this.warmupLrs(t);
    if (this.warmupPrefix) t = t - this.warmupT;
    if (this.decayT === 0) throw new LibraryError('ZeroDivisionError', 'integer division or modulo by zero', 'decay_t');
    const n = Math.floor(t / this.decayT);
    return this.baseValues.map((v) => v * this.decayRate ** n);
  }
}

export class MultiStepLRScheduler extends WarmupScheduler {
  private readonly decayT: number[];
  private readonly decayRate: number;
  constructor(opt: SimOptimizer, a: Args) {
    super(opt, a.bool('t_in_epochs'), a);
    this.decayT = a.numberList('decay_t');
    this.decayRate = a.number('decay_rate');
    this.initWarmup(a);
  }
  protected getLr(t: number): number[] {
    if (t < this.warmupT) return this.warmupLrs(t);
    if (this.warmupPrefix) t = t - this.warmupT;
    // bisect_right(decay_t, t + 1): decayed one epoch (or update) before the milestone.
    const n = bisectRight(this.decayT, t + 1);
    return this.baseValues.map((v) => v * this.decayRate ** n);
  }
}

export class PlateauLRScheduler extends WarmupScheduler {
  override needsMetric = true;
  private readonly plateau: ReduceLROnPlateau;
  private restoreLr: number[] | null = null;
  constructor(opt: SimOptimizer, a: Args) {
    super(opt, true, a);
    this.plateau = new ReduceLROnPlateau(opt, {
      mode: a.string('mode'),
      factor: a.number('decay_rate'),
      patience: a.number('patience_t'),
      threshold: a.number('threshold'),
      thresholdMode: 'rel',
      cooldown: a.number('cooldown_t'),
      minLrs: this.groups.map(() => a.number('lr_min')),
      eps: 1e-8,
    });
    this.warmupT = a.number('warmup_t');
    this.warmupLrInit = a.number('warmup_lr_init');
    if (this.warmupT) {
      this.warmupSteps = this.baseValues.map((v) => (v - this.warmupLrInit) / this.warmupT);
      this.updateGroups(this.warmupLrInit);
    } else {
      this.warmupSteps = this.baseValues.map(() => 1);
    }
  }
  protected getLr(): number[] {
    throw assertion('should not be called as step is overridden');
  }
  /** Warms up while `epoch <= warmup_t` (inclusive) and ignores the metric then. */
  override stepEpoch(epoch: number, metric?: number): void {
    if (epoch <= this.warmupT) {
      this.updateGroups(this.warmupLrs(epoch));
      return;
    }
    if (this.restoreLr !== null) {
      this.groups.forEach((g, i) => (g.lr = (this.restoreLr as number[])[i]));
      this.restoreLr = null;
    }
    if (metric !== undefined && metric !== null) this.plateau.step(metric);
    if (this.isApplyNoise(epoch)) {
      const noise = torchNoise(this.noiseSeed + epoch, this.noiseType, this.noisePct);
      this.restoreLr = this.groups.map((g) => g.lr);
      for (const g of this.groups) g.lr = g.lr + g.lr * noise;
    }
  }
  override stepUpdate(): void {}
}

/** What `create_scheduler_v2` builds: the class, its arguments, and the `num_epochs` it returns. */
export interface TimmPlan {
  kind: string;
  args: Record<string, ArgValue>;
  numEpochs: number;
}

/** `create_scheduler_v2(optimizer, …)`, as a plan: which class with which arguments, and num_epochs. */
export function createSchedulerV2Plan(a: Args): TimmPlan {
  const sched = a.string('sched');
  let numEpochs = a.number('num_epochs');
  const stepOnEpochs = a.bool('step_on_epochs');
  const updates = a.number('updates_per_epoch');
  let tInitial = numEpochs;
  let warmupT = a.number('warmup_epochs');
  let decayT = a.number('decay_epochs');
  let milestones = a.numberList('decay_milestones');
  let cooldownT = a.number('cooldown_epochs');
  if (!stepOnEpochs) {
    if (!(updates > 0)) throw assertion('updates_per_epoch must be set to number of dataloader batches');
    tInitial = tInitial * updates;
    warmupT = warmupT * updates;
    decayT = decayT * updates;
    milestones = milestones.map((d) => d * updates);
    cooldownT = cooldownT * updates;
  }
  const warmup: Record<string, ArgValue> = { warmup_lr_init: a.raw('warmup_lr'), warmup_t: warmupT, warmup_prefix: a.raw('warmup_prefix') };
  const noise = a.raw('noise');
  let noiseRangeT: ArgValue = null;
  if (noise !== null) {
    if (Array.isArray(noise)) {
      const r = noise.map((n) => (n as number) * tInitial);
      noiseRangeT = r.length === 1 ? r[0] : r;
    } else noiseRangeT = (noise as number) * tInitial;
  }
  const noiseArgs: Record<string, ArgValue> = {
    noise_range_t: noiseRangeT,
    noise_pct: a.raw('noise_pct'),
    noise_std: a.raw('noise_std'),
    noise_seed: a.raw('noise_seed'),
  };
  const cycles: Record<string, ArgValue> = { cycle_mul: a.raw('cycle_mul'), cycle_decay: a.raw('cycle_decay'), cycle_limit: a.raw('cycle_limit') };
  let kind: string;
  let args: Record<string, ArgValue>;
  switch (sched) {
    case 'cosine':
      kind = 'CosineLRScheduler';
      args = { t_initial: tInitial, lr_min: a.raw('min_lr'), t_in_epochs: stepOnEpochs, ...cycles, ...warmup, ...noiseArgs, k_decay: a.raw('k_decay') };
      break;
    case 'tanh':
      kind = 'TanhLRScheduler';
      args = { t_initial: tInitial, lr_min: a.raw('min_lr'), t_in_epochs: stepOnEpochs, ...cycles, ...warmup, ...noiseArgs };
      break;
    case 'step':
      kind = 'StepLRScheduler';
      args = { decay_t: decayT, decay_rate: a.raw('decay_rate'), t_in_epochs: stepOnEpochs, ...warmup, ...noiseArgs };
      break;
    case 'multistep':
      kind = 'MultiStepLRScheduler';
      args = { decay_t: milestones, decay_rate: a.raw('decay_rate'), t_in_epochs: stepOnEpochs, ...warmup, ...noiseArgs };
      break;
    case 'plateau': {
      if (!stepOnEpochs) throw assertion('Plateau LR only supports step per epoch.');
      const { warmup_prefix: _dropped, ...w } = warmup;
      void _dropped;
      kind = 'PlateauLRScheduler';
      args = {
        decay_rate: a.raw('decay_rate'),
        patience_t: a.raw('patience_epochs'),
        cooldown_t: 0,
        ...w,
        lr_min: a.raw('min_lr'),
        mode: a.raw('plateau_mode'),
        ...noiseArgs,
      };
      break;
    }
    case 'poly':
      kind = 'PolyLRScheduler';
      args = { power: a.raw('decay_rate'), t_initial: tInitial, lr_min: a.raw('min_lr'), t_in_epochs: stepOnEpochs, k_decay: a.raw('k_decay'), ...cycles, ...warmup, ...noiseArgs };
      break;
    default:
      throw new LibraryError('ValueError', ownMessage("create_scheduler_v2 knows no sched '{0}': it returns None for it", sched), 'sched');
  }
  if (kind === 'CosineLRScheduler' || kind === 'TanhLRScheduler' || kind === 'PolyLRScheduler') {
    const length =
      cycleLength(tInitial, a.number('cycle_mul'), a.number('cycle_limit'), warmupT, a.bool('warmup_prefix')) + cooldownT;
    numEpochs = stepOnEpochs ? length : Math.floor(length / updates);
  } else if (a.bool('warmup_prefix')) {
    numEpochs += a.number('warmup_epochs');
  }
  return { kind: PREFIX + kind, args, numEpochs };
}

type Builder = (opt: SimOptimizer, a: Args) => Steppable;
type Construct = (kind: string, args: Record<string, ArgValue>, opt: SimOptimizer) => Steppable;

export function timmBuilders(construct: Construct): Record<string, Builder> {
  return {
    [PREFIX + 'CosineLRScheduler']: (opt, a) => new CosineLRScheduler(opt, a),
    [PREFIX + 'TanhLRScheduler']: (opt, a) => new TanhLRScheduler(opt, a),
    [PREFIX + 'StepLRScheduler']: (opt, a) => new StepLRScheduler(opt, a),
    [PREFIX + 'MultiStepLRScheduler']: (opt, a) => new MultiStepLRScheduler(opt, a),
    [PREFIX + 'PolyLRScheduler']: (opt, a) => new PolyLRScheduler(opt, a),
    [PREFIX + 'PlateauLRScheduler']: (opt, a) => new PlateauLRScheduler(opt, a),
    [PREFIX + 'create_scheduler_v2']: (opt, a) => {
      const plan = createSchedulerV2Plan(a);
      return construct(plan.kind, plan.args, opt);
    },
  };
}

export { callsPerEpoch, timmCallLabel, type TimmProtocol };

/**
 * The lr the batches train with, one value per batch and group (flat, as a curve's rows), from a
 * timm curve of one row per call: batch b trains with the lr the call before it left.
 */
export function timmBatchRows(p: TimmProtocol, rows: number, groups: number, lr: Float64Array): Float64Array {
  const per = callsPerEpoch(p);
  const U = p.updatesPerEpoch;
  if (U === 0) return lr.slice(0, rows * groups);
  // Row r is followed by a batch when call r + 1 is an update (the last row by none). Sized first:
  // a 10^7-call run grown as a JS array is a large heap allocation (a V8 fatal error under a cap).
  const n = Math.max(0, rows - 1);
  const out = new Float64Array((Math.floor(n / per) * U + Math.min(n % per, U)) * groups);
  let k = 0;
  for (let r = 0; r < n; r++) {
    if (r % per < U) for (let g = 0; g < groups; g++) out[k++] = lr[r * groups + g];
  }
  return out;
}

/**
 * A timm curve (one row per call) as the lr each optimizer step trains with: row k is the lr after
 * k optimizer steps, as a torch curve's row k, over `steps` steps (fewer when the run stops
 * earlier), then the lr after the last call. With no step_update calls, the rows are the epochs.
 * An error's step becomes the optimizer steps taken before the call that raised.
 */
export function timmBatchCurve(c: Curve, steps?: number): Curve {
  const p = c.protocol;
  if (!p || p.updatesPerEpoch === 0) return c;
  const g = c.groups;
  const batches = timmBatchRows(p, c.rows, g, c.lr);
  const available = batches.length / g;
  const n = Math.min(steps ?? available, available);
  const rows = c.rows > 0 ? n + 1 : 0;
  const lr = new Float64Array(rows * g);
  lr.set(batches.subarray(0, n * g));
  if (rows) for (let i = 0; i < g; i++) lr[n * g + i] = n < available ? batches[n * g + i] : c.lr[(c.rows - 1) * g + i];
  const out: Curve = { groups: g, rows, lr, protocol: p };
  if (c.error) out.error = { ...c.error, atStep: batchesBefore(p, c.error.atStep) };
  return out;
}

/** The optimizer steps (batches) before call `call` of a timm run. */
function batchesBefore(p: TimmProtocol, call: number): number {
  const per = callsPerEpoch(p);
  if (call <= 0 || per === 0) return 0;
  const e = Math.floor((call - 1) / per);
  return e * p.updatesPerEpoch + Math.min((call - 1) % per, p.updatesPerEpoch);
}
