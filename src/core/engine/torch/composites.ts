import { valueError } from '../errors';
import type { SimOptimizer } from '../optimizer';
import { bisectRight } from '../pyMath';
import { LRScheduler, type Steppable } from './lrScheduler';
import { ReduceLROnPlateau } from './reduceLROnPlateau';

function checkChildren(owner: string, schedulers: Steppable[]): LRScheduler[] {
  if (schedulers.length < 1) {
    throw valueError(
      owner === 'SequentialLR'
        ? `${owner} expects at least one scheduler, but got no scheduler.`
        : `${owner} expects at least one scheduler to be chained, but got no scheduler.`,
      'schedulers',
    );
  }
  return schedulers.map((s, i) => {
    if (s instanceof ReduceLROnPlateau || !(s instanceof LRScheduler)) {
      throw valueError(
        `${owner} does not support \`ReduceLROnPlateau\` scheduler as it requires additional kwargs to be specified when calling \`step\`, but got one at index ${i} in the given schedulers sequence.`,
        'schedulers',
      );
    }
    return s;
  });
}

/** Undo the construction-time step of every (nested) child: `SequentialLR.recursive_undo`. */
function recursiveUndo(s: LRScheduler): void {
  if (s instanceof SequentialLR || s instanceof ChainedScheduler || s instanceof ParamwiseScheduler) {
    for (const c of s.children) recursiveUndo(c);
  } else {
    s.lastEpoch -= 1;
  }
}

/**
 * `SequentialLR`: hands over from one scheduler to the next at each milestone. Its constructor
 * resets the lr to initial_lr, undoes its children's construction steps, and runs the initial
 * step of the scheduler active at epoch 0; at a milestone the next scheduler gets
 * `_update_lr(0)` (its closed form where it has one).
 */
export class SequentialLR extends LRScheduler {
  readonly children: LRScheduler[];

  constructor(
    optimizer: SimOptimizer,
    schedulers: Steppable[],
    private readonly milestones: number[],
    lastEpoch: number,
  ) {
    super(optimizer);
    this.children = checkChildren('SequentialLR', schedulers);
    if (milestones.length !== schedulers.length - 1) {
      throw valueError(
        `Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`,
        'milestones',
      );
    }
    this.lastEpoch = lastEpoch + 1;
    for (const g of this.groups) g.lr = g.initialLr as number;
    for (const c of this.children) recursiveUndo(c);
    this.children[bisectRight(this.milestones, this.lastEpoch)].initialStep();
  }

  override step(): void {
    this.lastEpoch++;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const scheduler = this.children[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.updateLrAt(0);
    else scheduler.step();
  }

  override initialStep(): void {
    this.stepCount = 0;
    this.isInitial = true;
    try {
      this.step();
    } finally {
      this.isInitial = false;
    }
  }

  /**
   * How many of the next `max` steps are plain `step()`s of the active child, with no hand-over at
   * a milestone in between: a fast loop of that child can take them. 0 when the next step is a
   * hand-over, or when the milestones are not whole numbers in order (then every step is taken
   * one at a time, as bisect decides).
   */
  plainStepsAhead(max: number): number {
    const ms = this.milestones;
    for (let i = 0; i < ms.length; i++) if (!Number.isSafeInteger(ms[i]) || (i > 0 && ms[i] < ms[i - 1])) return 0;
    const next = this.lastEpoch + 1;
    const idx = bisectRight(ms, next);
    if (idx > 0 && ms[idx - 1] === next) return 0;
    return idx < ms.length ? Math.min(max, ms[idx] - next) : max;
  }

  /** The child that takes the next plain step. */
  activeChild(): LRScheduler {
    return this.children[bisectRight(this.milestones, this.lastEpoch + 1)];
  }

  /** Counts `n` plain steps the active child took in its fast loop. */
  advance(n: number): void {
    this.lastEpoch += n;
  }

  protected computeLr(): void {
    // Never called: step() delegates to the children.
  }
}

/** `ChainedScheduler`: steps every child in turn each step, so their factors multiply. */
export class ChainedScheduler extends LRScheduler {
  readonly children: LRScheduler[];

  constructor(optimizer: SimOptimizer, schedulers: Steppable[]) {
    super(optimizer);
    this.children = checkChildren('ChainedScheduler', schedulers);
  }

  override step(): void {
    for (const c of this.children) c.step();
  }

  protected computeLr(): void {
    // Never called: step() delegates to the children.
  }
}

/**
 * `ParamwiseScheduler` (PyTorch main): child i decides the lr of param group i. Each child steps
 * from the same starting lrs; then group i takes child i's result.
 */
export class ParamwiseScheduler extends LRScheduler {
  readonly children: LRScheduler[];

  constructor(optimizer: SimOptimizer, schedulers: Steppable[]) {
    super(optimizer);
    this.children = checkChildren('ParamwiseScheduler', schedulers);
    if (schedulers.length !== this.groups.length) {
      throw valueError(
        `Number of schedulers must match the number of parameter groups in the optimizer. Got ${schedulers.length} schedulers and ${this.groups.length} parameter groups.`,
        'schedulers',
      );
    }
    for (const g of this.groups) g.lr = g.initialLr as number;
    for (const c of this.children) recursiveUndo(c);
    this.initialStep();
  }

  override step(): void {
    const saved = this.groups.map((g) => g.lr);
    const results: number[][] = [];
    for (const c of this.children) {
      if (this.isInitial) c.initialStep();
      else c.step();
      results.push(c.lastLr());
      this.groups.forEach((g, i) => (g.lr = saved[i]));
    }
    this.groups.forEach((g, i) => (g.lr = results[i][i]));
  }

  protected computeLr(): void {
    // Never called: step() delegates to the children.
  }
}
