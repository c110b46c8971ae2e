import { COS_TABLE_LIMIT, cos, cosInRange, cosTable } from '../cos';
import { LibraryError, valueError } from '../errors';
import type { ParamGroup, SimOptimizer } from '../optimizer';
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
  private readonly cosine: boolean;
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
    this.cosine = o.annealStrategy === 'cos';
    if (o.lastEpoch === -1) {
      this.groups.forEach((g, i) => {
        g.initialLr = o.maxLrs[i] / o.divFactor;
        g.maxLr = o.maxLrs[i];
        g.minLr = g.initialLr / o.finalDivFactor;
        g.oneCycleKeys = true;
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
    if (this.cosine) return end + ((start - end) / 2.0) * (cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  override fastRun(steps: number, lr: Float64Array, momentum: Float64Array | undefined): boolean {
    const e0 = this.lastEpoch;
    if (e0 + steps > this.totalSteps) return false; // the step-by-step path reports where it raises
    const g = this.groups.length;
    const phases = this.phases;
    const last = phases.length - 1;
    const cosine = this.cosine;
    const cycleMomentum = this.cycleMomentum && momentum !== undefined;
    // Per phase and group, the loop-invariant parts of _annealing_cos / _annealing_linear:
    // cos: end + ((start - end) / 2.0) * cos_out → a = end, b = (start - end) / 2.0;
    // linear: (end - start) * pct + start → a = start, b = end - start.
    const coef = (start: number, end: number): [number, number] => (cosine ? [end, (start - end) / 2.0] : [start, end - start]);
    const lrA = new Float64Array(phases.length * g);
    const lrB = new Float64Array(phases.length * g);
    const mA = new Float64Array(phases.length * g);
    const mB = new Float64Array(phases.length * g);
    phases.forEach((ph, p) =>
      this.groups.forEach((grp, i) => {
        [lrA[p * g + i], lrB[p * g + i]] = coef(grp[ph.startLr] as number, grp[ph.endLr] as number);
        if (cycleMomentum) [mA[p * g + i], mB[p * g + i]] = coef(grp[ph.startMomentum], grp[ph.endMomentum]);
      }),
    );
    // computeLr scans the phases from the first at every step; the step number only grows, so the
    // phase it stops at only moves forward: each phase is one run of steps.
    const tab = cosTable();
    let p = 0;
    let startStep = 0.0;
    let k = 1;
    while (k <= steps) {
      while (p < last && e0 + k > phases[p].endStep) startStep = phases[p++].endStep;
      const endStep = phases[p].endStep;
      const span = endStep - startStep;
      // ZeroDivisionError (or a NaN phase): the step-by-step path raises or computes it at the right step.
      if (span === 0 || Number.isNaN(span)) return false;
      // The phase's last step in this run: where the next phase starts, or the run's end.
      const end = p < last ? Math.min(steps, Math.floor(endStep - e0)) : steps;
      const o = p * g;
      // π·pct for the phase's steps in this run: pct grows from ≥ 0, so the ends decide whether all
      // are within the cos table (the last phase can reach pct > 1 when it is short).
      const inTable = span > 0 && e0 + k - startStep >= 0 && Math.PI * ((e0 + end - startStep) / span) <= COS_TABLE_LIMIT;
      if (cosine && g === 1 && inTable) {
        // The common case written out: one group, nothing per step but the phase's own numbers.
        const n = PHASE_NUMBERS;
        n[0] = e0;
        n[1] = startStep;
        n[2] = span;
        n[3] = lrA[o];
        n[4] = lrB[o];
        n[5] = mA[o];
        n[6] = mB[o];
        cosinePhaseLoop(lr, cycleMomentum ? momentum : undefined, k, end, n, tab);
        k = Math.max(k, end + 1);
        continue;
      }
      for (; k <= end; k++) {
        const pct = (e0 + k - startStep) / span;
        const row = k * g;
        if (cosine) {
          const cosOut = cos(Math.PI * pct) + 1;
          for (let i = 0; i < g; i++) {
            lr[row + i] = lrA[o + i] + lrB[o + i] * cosOut;
            if (cycleMomentum) momentum[row + i] = mA[o + i] + mB[o + i] * cosOut;
          }
        } else {
          for (let i = 0; i < g; i++) {
            lr[row + i] = lrB[o + i] * pct + lrA[o + i];
            if (cycleMomentum) momentum[row + i] = mB[o + i] * pct + mA[o + i];
          }
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
          out[i] = this.anneal(groupValue(g, phase.startLr), groupValue(g, phase.endLr), pct);
          if (this.cycleMomentum) g.momentum = this.anneal(groupValue(g, phase.startMomentum), groupValue(g, phase.endMomentum), pct);
          break;
        }
        startStep = phase.endStep;
      }
    }
  }
}

/**
 * A group's value a phase names, as `group[phase['end_lr']]` reads it: a group of a resumed
 * optimizer (`last_epoch` ≥ 0) that OneCycleLR did not set up has none, and PyTorch raises
 * `KeyError: 'max_lr'` (the key by its Python name).
 */
function groupValue(g: ParamGroup, key: LrKey | MomentumKey): number {
  if (key !== 'initialLr' && !g.oneCycleKeys) throw new LibraryError('KeyError', `'${key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())}'`, 'last_epoch');
  return g[key] as number;
}

/**
 * The numbers of cosinePhaseLoop's phase (e0, startStep, span, a, b, ma, mb), passed in a
 * Float64Array: V8 then compiles the loop for doubles from its first call. As arguments, a phase
 * that starts at step 0 (a small integer) and the next one, at step 299999.0 (a double), made the
 * compiled loop bail out and be compiled again at every run of a 10^6-step curve.
 */
const PHASE_NUMBERS = new Float64Array(7);

/**
 * One group's cosine phase, steps k..end, every argument within the cos table: lr = a + b·(cos + 1),
 * and momentum = ma + mb·(cos + 1) when it is cycled (the numbers in `n`, PHASE_NUMBERS). A
 * top-level function: V8 compiles this loop on its own, the same way in every process, instead of
 * as part of fastRun.
 */
function cosinePhaseLoop(lr: Float64Array, momentum: Float64Array | undefined, k: number, end: number, n: Float64Array, tab: Float64Array): void {
  const first = n[0], start = n[1], sp = n[2], la = n[3], lb = n[4];
  if (momentum) {
    const mA = n[5], mB = n[6];
    for (let j = k; j <= end; j++) {
      const cosOut = cosInRange(tab, Math.PI * ((first + j - start) / sp)) + 1;
      lr[j] = la + lb * cosOut;
      momentum[j] = mA + mB * cosOut;
    }
    return;
  }
  for (let j = k; j <= end; j++) lr[j] = la + lb * (cosInRange(tab, Math.PI * ((first + j - start) / sp)) + 1);
}
