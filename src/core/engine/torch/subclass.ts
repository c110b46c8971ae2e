import { LibraryError } from '../errors';
import type { SimOptimizer } from '../optimizer';
import type { ArgValue, SubclassBase, SubclassInstance, SubclassProgram } from '../spec';
import { LRScheduler } from './lrScheduler';

/**
 * A user's subclass of torch's `LRScheduler` (or of one of its schedulers) with its own `get_lr`:
 * the base class is this engine's, PyTorch 2.x — `__init__` sets `initial_lr`, `base_lrs` and
 * `last_epoch = -1`, then steps once; `step()` adds one to `_step_count` and `last_epoch`, calls
 * `get_lr()` and writes each value into its group (zip: a shorter list leaves the other groups
 * alone); `step(epoch)` (SequentialLR at a milestone) uses `_get_closed_form_lr()` when the class
 * has one. The user's methods are the program's (src/core/frameworks/subclass.ts): Python run by
 * the analysis' interpreter with an operation budget per call and per simulation.
 * https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py
 */
export class LRSchedulerSubclass extends LRScheduler implements SubclassBase {
  private readonly instance: SubclassInstance;
  private initialized = false;

  constructor(
    optimizer: SimOptimizer,
    readonly program: SubclassProgram,
    args: Readonly<Record<string, ArgValue>>,
  ) {
    super(optimizer);
    this.instance = program.create(this, args);
    this.instance.construct();
    if (!this.initialized) {
      throw new LibraryError('AttributeError', `'${program.className}' object has no attribute 'last_epoch' (its __init__ does not call super().__init__(optimizer))`);
    }
  }

  get paramGroups(): readonly { lr: number; initialLr: number | undefined }[] {
    return this.optimizer.groups;
  }

  get defaultLr(): number {
    return this.optimizer.defaultLr;
  }

  override initState(lastEpoch: number): void {
    super.initState(lastEpoch);
    this.initialized = true;
  }

  override initialStep(): void {
    super.initialStep();
  }

  protected computeLr(out: number[]): void {
    this.write(this.instance.getLr(false), out);
  }

  protected override closedFormLr(out: number[]): boolean {
    if (!this.instance.hasClosedForm) return false;
    this.write(this.instance.getLr(true), out);
    return true;
  }

  private write(values: number[], out: number[]): void {
    const groups = this.optimizer.groups;
    for (let i = 0; i < out.length; i++) out[i] = i < values.length ? values[i] : groups[i].lr;
  }
}
