import { ownMessage } from '../l10n/translate';
import { valueError } from './errors';
import type { OptimizerSpec } from './spec';

/** One `optimizer.param_groups[i]`: the keys schedulers read and write. */
export class ParamGroup {
  initialLr: number | undefined;
  /** `momentum`, or `betas[0]` for Adam-style optimizers (see SimOptimizer.usesBetas). */
  momentum: number;
  // Written by CyclicLR / OneCycleLR into the group, as PyTorch does.
  maxLr = 0;
  minLr = 0;
  maxMomentum = 0;
  baseMomentum = 0;
  /** OneCycleLR has written max_lr, min_lr (and the momentum keys) into this group: without them a resumed one raises KeyError. */
  oneCycleKeys = false;
  /** `param_group['lr_scale']`, read by timm's schedulers. */
  lrScale: number | undefined;

  constructor(
    public lr: number,
    initialLr: number | undefined,
    momentum: number,
    lrScale?: number,
  ) {
    this.initialLr = initialLr;
    this.momentum = momentum;
    this.lrScale = lrScale;
  }
}

/** Optimizers whose `defaults` carry `momentum` (SGD, RMSprop) or `betas` (the Adam family). */
const MOMENTUM_OPTIMIZERS = new Set(['SGD', 'RMSprop']);
const BETAS_OPTIMIZERS = new Set(['Adam', 'AdamW', 'Adamax', 'NAdam', 'RAdam', 'SparseAdam', 'Adan', 'Lion', 'LAMB', 'Lamb']);

/** The part of a torch optimizer that schedulers touch: param groups and `defaults`. */
export class SimOptimizer {
  readonly groups: ParamGroup[];
  readonly hasMomentum: boolean;
  readonly usesBetas: boolean;
  readonly defaultLr: number;
  /** Set once a scheduler writes momentum or beta1, so the curve records it. */
  momentumCycled = false;

  constructor(spec: OptimizerSpec) {
    if (spec.paramGroups.length === 0) throw valueError('optimizer got an empty parameter list');
    // Built by push, not Array.prototype.map: once V8 optimizes this constructor, its inlined map
    // makes HOLEY arrays where the builtin makes PACKED ones, and the fast loops compiled for one
    // kind then deoptimized on every call that got the other (a schedule computed alternately with
    // others ran 30–100 % slower).
    const groups: ParamGroup[] = [];
    spec.paramGroups.forEach((g, i) => {
      if (typeof g.lr !== 'number' || Number.isNaN(g.lr)) throw valueError(ownMessage('{0} lr is not a number', `param_groups[${i}]`), 'lr');
      if (g.lr < 0) throw valueError(`Invalid learning rate: ${g.lr}`, 'lr');
      groups.push(new ParamGroup(g.lr, g.initial_lr, g.betas ? g.betas[0] : (g.momentum ?? 0), g.lr_scale));
    });
    this.groups = groups;
    const type = spec.type.replace(/^.*\./, '');
    this.usesBetas = BETAS_OPTIMIZERS.has(type) || (!MOMENTUM_OPTIMIZERS.has(type) && spec.paramGroups.some((g) => g.betas));
    this.hasMomentum = MOMENTUM_OPTIMIZERS.has(type) || (!this.usesBetas && spec.paramGroups.some((g) => g.momentum !== undefined));
    this.defaultLr = spec.defaultLr ?? spec.paramGroups[0].lr;
  }
}
