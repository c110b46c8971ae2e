import { cos } from '../cos';
import { valueError } from '../errors';
import type { SimOptimizer } from '../optimizer';
import { pyRepr } from '../pyMath';
import { LRScheduler } from './lrScheduler';

/**
 * `torch.optim.swa_utils.SWALR`: anneals each group's lr to its `swa_lr` over `anneal_epochs`
 * steps ('cos' or 'linear'), then holds it. Chainable, as torch's get_lr: the lr the previous step
 * would have started from is recovered from the current one (`_get_initial_lr`), then moved
 * `alpha` of the way to swa_lr. The same in PyTorch 1.13 and 2.x.
 * https://github.com/pytorch/pytorch/blob/main/torch/optim/swa_utils.py
 */
export class SWALR extends LRScheduler {
  private readonly anneal: (t: number) => number;

  constructor(
    optimizer: SimOptimizer,
    private readonly swaLrs: number[],
    private readonly annealEpochs: number,
    annealStrategy: string,
    /** `anneal_epochs` was written as a Python float (`10.0`), which torch's isinstance(…, int) refuses. */
    annealEpochsIsFloat: boolean,
    lastEpoch: number,
  ) {
    super(optimizer);
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw valueError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${annealStrategy}`, 'anneal_strategy');
    }
    this.anneal = annealStrategy === 'cos' ? (t) => (1 - cos(Math.PI * t)) / 2 : (t) => t;
    if (annealEpochsIsFloat || !Number.isInteger(annealEpochs) || annealEpochs < 0) {
      throw valueError(`anneal_epochs must be equal or greater than 0, got ${pyRepr(annealEpochs, annealEpochsIsFloat)}`, 'anneal_epochs');
    }
    this.init(lastEpoch);
  }

  protected computeLr(out: number[]): void {
    const groups = this.groups;
    const span = Math.max(1, this.annealEpochs);
    let step = this.stepCount - 1;
    if (this.annealEpochs === 0) step = Math.max(1, step);
    const prevAlpha = this.anneal(Math.max(0, Math.min(1, (step - 1) / span)));
    const alpha = this.anneal(Math.max(0, Math.min(1, step / span)));
    for (let i = 0; i < out.length; i++) {
      const swa = this.swaLrs[i];
      const prev = prevAlpha === 1 ? swa : (groups[i].lr - prevAlpha * swa) / (1 - prevAlpha);
      out[i] = swa * alpha + prev * (1 - alpha);
    }
  }
}
