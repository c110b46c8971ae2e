import { valueError } from '../errors';
import type { SimOptimizer } from '../optimizer';
import { pyDiv, pyRepr } from '../pyMath';
import { LRScheduler } from './lrScheduler';

export interface OneCycleOptions {
  maxLrs: number[];
  totalSteps: number | null;
  epochs: number | null;
  stepsPerEpoch: number | null;
  pctStart: number;
  annealStrategy: string;
  cycleMomentum: boolean;
  baseMomentums: number[];
  maxMomentums: number[];
  divFactor: number;
  finalDivFactor: number;
  threePhase: boolean;
  lastEpoch: number;
  /** Of total_steps, epochs and steps_per_epoch, those the code wrote as floats (PyTorch wants ints). */
  floats?: ReadonlySet<string>;
}

type LrKey = 'initialLr' | 'maxLr' | 'minLr';
type MomentumKey = 'maxMomentum' | 'baseMomentum';
interface Phase {
  endStep: number;
  startLr: LrKey;
  endLr: LrKey;
  startMomentum: MomentumKey;
  endMomentum: MomentumKey;
}

/**
 * `OneCycleLR` (1cycle): phases of cosine or linear annealing between initial_lr = max_lr /
 * div_factor, max_lr and min_lr = initial_lr / final_div_factor, with momentum cycled inversely.
 * Not chainable: computed from the phase table each step. Raises past total_steps.
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  private readonly phases: Phase[];
  private readonly cos: boolean;
  private readonly cycleMomentum: boolean;

  constructor(optimizer: SimOptimizer, o: OneCycleOptions) {
    super(optimizer);
    const isFloat = (name: string) => o.floats?.has(name) ?? false;
    if (o.totalSteps !== null) {
      if (o.totalSteps <= 0 || !Number.isInteger(o.totalSteps) || isFloat('total_steps')) {
        throw valueError(`Expected positive integer total_steps, but got ${pyRepr(o.totalSteps, isFloat('total_steps'))}`, 'total_steps');
      }
      this.totalSteps = o.totalSteps;
    } else if (o.epochs !== null && o.stepsPerEpoch !== null) {
      if (!Number.isInteger(o.epochs) || o.epochs <= 0 || isFloat('epochs')) {
        throw valueError(`Expected positive integer epochs, but got ${pyRepr(o.epochs, isFloat('epochs'))}`, 'epochs');
      }
      if (!Number.isInteger(o.stepsPerEpoch) || o.stepsPerEpoch <= 0 || isFloat('steps_per_epoch')) {
        throw valueError(
          `Expected positive integer steps_per_epoch, but got ${pyRepr(o.stepsPerEpoch, isFloat('steps_per_epoch'))}`,
          'steps_per_epoch',
        );
      }
      this.totalSteps = o.epochs * o.stepsPerEpoch;
    } else {
      throw valueError('You must define either total_steps OR (epochs AND steps_per_epoch)', 'total_steps');
    }
    const total = this.totalSteps;
    const pct = o.pctStart;
    this.phases = o.threePhase
      ? [
          { endStep: pct * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: 2 * pct * total - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
          { endStep: total - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
        ]
      : [
          { endStep: pct * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: total - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        ];
    if (pct < 0 || pct > 1) throw valueError(`Expected float between 0 and 1 pct_start, but got ${pyRepr(pct)}`, 'pct_start');
    if (o.annealStrategy !== 'cos' && o.annealStrategy !== 'linear') {
      throw valueError(
        `anneal_strategy must be one of 'cos' or 'linear', instead got ${o.annealStrategy}`,
        'anneal_strategy',
      );
    }
    this.cos = o.annealStrategy === 'cos';
    if (o.lastEpoch === -1) {
      this.groups.forEach((g, i) => {
        g.initialLr = o.maxLrs[i] / o.divFactor;
        g.maxLr = o.maxLrs[i];
        g.minLr = g.initialLr / o.finalDivFactor;
      });
    }
    this.cycleMomentum = o.cycleMomentum;
    if (o.cycleMomentum) {
      if (!optimizer.hasMomentum && !optimizer.usesBetas) {
        throw valueError('optimizer must support momentum or beta1 with `cycle_momentum` option enabled', 'cycle_momentum');
      }
      optimizer.momentumCycled = true;
      if (o.lastEpoch === -1) {
        this.groups.forEach((g, i) => {
          g.momentum = o.maxMomentums[i];
          g.maxMomentum = o.maxMomentums[i];
          g.baseMomentum = o.baseMomentums[i];
        });
      }
    }
    this.init(o.lastEpoch);
  }

  /** `_annealing_cos` / `_annealing_linear` (the fast loop below inlines the same operations). */
  private anneal(start: number, end: number, pct: number): number {
    if (this.cos) return end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  override fastRun(steps: number, lr: Float64Array, momentum: Float64Array | undefined): boolean {
    const e0 = this.lastEpoch;
    if (e0 + steps > this.totalSteps) return false; // the step-by-step path reports where it raises
    const g = this.groups.length;
    const phases = this.phases;
    const last = phases.length - 1;
    const cos = this.cos;
    const cycleMomentum = this.cycleMomentum && momentum !== undefined;
    // Phase endpoints per group, read once: [phase][group] → start/end lr and momentum.
    const ends = phases.map((ph) =>
      this.groups.map((grp) => [grp[ph.startLr] as number, grp[ph.endLr] as number, grp[ph.startMomentum], grp[ph.endMomentum]]),
    );
    // computeLr scans the phases from the first at every step; the step number only grows, so the
    // phase it stops at only moves forward and can be carried from step to step.
    let p = 0;
    let startStep = 0.0;
    for (let k = 1; k <= steps; k++) {
      const stepNum = e0 + k;
      while (p < last && stepNum > phases[p].endStep) startStep = phases[p++].endStep;
      const pct = pyDiv(stepNum - startStep, phases[p].endStep - startStep, 'pct_start');
      const row = k * g;
      const phaseEnds = ends[p];
      if (cos) {
        const cosOut = Math.cos(Math.PI * pct) + 1;
        for (let i = 0; i < g; i++) {
          const e = phaseEnds[i];
          lr[row + i] = e[1] + ((e[0] - e[1]) / 2.0) * cosOut;
          if (cycleMomentum) momentum[row + i] = e[3] + ((e[2] - e[3]) / 2.0) * cosOut;
        }
      } else {
        for (let i = 0; i < g; i++) {
          const e = phaseEnds[i];
          lr[row + i] = (e[1] - e[0]) * pct + e[0];
          if (cycleMomentum) momentum[row + i] = (e[3] - e[2]) * pct + e[2];
        }
      }
    }
    this.finishFastRun(steps, lr, cycleMomentum ? momentum : undefined);
    return true;
  }

  protected computeLr(out: number[]): void {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw valueError(
        `Tried to step ${stepNum} times. The specified number of total steps is ${this.totalSteps}`,
        'total_steps',
      );
    }
    const phases = this.phases;
    for (let i = 0; i < out.length; i++) {
      const g = this.groups[i];
      let startStep = 0.0;
      for (let p = 0; p < phases.length; p++) {
        const phase = phases[p];
        if (stepNum <= phase.endStep || p === phases.length - 1) {
          const pct = pyDiv(stepNum - startStep, phase.endStep - startStep, 'pct_start');
          out[i] = this.anneal(g[phase.startLr] as number, g[phase.endLr] as number, pct);
          if (this.cycleMomentum) g.momentum = this.anneal(g[phase.startMomentum], g[phase.endMomentum], pct);
          break;
        }
        startStep = phase.endStep;
      }
    }
  }
}
