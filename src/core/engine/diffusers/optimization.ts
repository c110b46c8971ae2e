/**
 * diffusers' `diffusers.optimization`: the same LambdaLR schedules as transformers' where the code
 * is the same (constant, warm-up, cosine, hard restarts, polynomial), its own linear schedule with
 * `f_min`/`f_max`, `get_piecewise_constant_schedule`, and a `get_scheduler` that routes arguments
 * its own way: `num_cycles` reaches only cosine_with_restarts ('cosine' keeps 0.5), polynomial
 * always gets lr_end=1e-7, and only the seven diffusers names exist.
 * https://github.com/huggingface/diffusers/blob/main/src/diffusers/optimization.py
 */
import type { Args } from '../args';
import { LibraryError, valueError } from '../errors';
import type { SimOptimizer } from '../optimizer';
import { pyMax, pyRepr } from '../pyMath';
import type { ParameterInfo, Signature } from '../signatures';
import type { ArgValue, LrCallable } from '../spec';
import { LambdaLR } from '../torch/lambdaLR';
import type { Steppable } from '../torch/lrScheduler';
import * as hf from '../transformers/lambdas';

export const PREFIX = 'diffusers.';

const req = (name: string): ParameterInfo => ({ name });
const opt = (name: string, def: ArgValue): ParameterInfo => ({ name, default: def });
const OPTIMIZER = req('optimizer');
const LAST_EPOCH = opt('last_epoch', -1);
const sig = (...params: ParameterInfo[]): Signature => ({ library: 'diffusers', params });

export const DIFFUSERS_SIGNATURES: Record<string, Signature> = {
  [PREFIX + 'get_constant_schedule']: sig(OPTIMIZER, LAST_EPOCH),
  [PREFIX + 'get_constant_schedule_with_warmup']: sig(OPTIMIZER, req('num_warmup_steps'), LAST_EPOCH),
  [PREFIX + 'get_piecewise_constant_schedule']: sig(OPTIMIZER, req('step_rules'), LAST_EPOCH),
  [PREFIX + 'get_linear_schedule_with_warmup']: sig(
    OPTIMIZER,
    req('num_warmup_steps'),
    req('num_training_steps'),
    LAST_EPOCH,
    opt('f_min', 0.0),
    opt('f_max', 1.0),
  ),
  [PREFIX + 'get_cosine_schedule_with_warmup']: sig(OPTIMIZER, req('num_warmup_steps'), req('num_training_steps'), opt('num_cycles', 0.5), LAST_EPOCH),
  [PREFIX + 'get_cosine_with_hard_restarts_schedule_with_warmup']: sig(
    OPTIMIZER,
    req('num_warmup_steps'),
    req('num_training_steps'),
    opt('num_cycles', 1),
    LAST_EPOCH,
  ),
  [PREFIX + 'get_polynomial_decay_schedule_with_warmup']: sig(
    OPTIMIZER,
    req('num_warmup_steps'),
    req('num_training_steps'),
    opt('lr_end', 1e-7),
    opt('power', 1.0),
    LAST_EPOCH,
  ),
  [PREFIX + 'get_scheduler']: sig(
    req('name'),
    OPTIMIZER,
    opt('step_rules', null),
    opt('num_warmup_steps', null),
    opt('num_training_steps', null),
    opt('num_cycles', 1),
    opt('power', 1.0),
    LAST_EPOCH,
  ),
};

/** diffusers' SchedulerType: value → (enum member name, function). */
export const DIFFUSERS_SCHEDULER_TYPES: Readonly<Record<string, { member: string; fn: string }>> = {
  linear: { member: 'LINEAR', fn: 'get_linear_schedule_with_warmup' },
  cosine: { member: 'COSINE', fn: 'get_cosine_schedule_with_warmup' },
  cosine_with_restarts: { member: 'COSINE_WITH_RESTARTS', fn: 'get_cosine_with_hard_restarts_schedule_with_warmup' },
  polynomial: { member: 'POLYNOMIAL', fn: 'get_polynomial_decay_schedule_with_warmup' },
  constant: { member: 'CONSTANT', fn: 'get_constant_schedule' },
  constant_with_warmup: { member: 'CONSTANT_WITH_WARMUP', fn: 'get_constant_schedule_with_warmup' },
  piecewise_constant: { member: 'PIECEWISE_CONSTANT', fn: 'get_piecewise_constant_schedule' },
};

type Builder = (opt: SimOptimizer, a: Args) => Steppable;
type Construct = (kind: string, args: Record<string, ArgValue>, opt: SimOptimizer) => Steppable;

const lambdaLR = (opt: SimOptimizer, fn: LrCallable, a: Args) => new LambdaLR(opt, new Array(opt.groups.length).fill(fn), a.integer('last_epoch'));

/** diffusers' linear schedule: `f_max · step / warmup`, then `f_min + (f_max - f_min) · max(0, progress)`. */
export function linearWithWarmupLambda(warmup: number, training: number, fMin: number, fMax: number): LrCallable {
  if (fMin === 0.0 && fMax === 1.0) return hf.linearWithWarmupLambda(warmup, training); // the same floats
  const span = pyMax(1, training - warmup);
  return (step: number) => {
    if (step < warmup) return (fMax * step) / pyMax(1, warmup);
    const progress = (training - step) / span;
    return fMin + (fMax - fMin) * pyMax(0.0, progress);
  };
}

/** `int(s)` and `float(s)` as Python parses a rule's parts, with Python's errors. */
function pyInt(s: string): number {
  const t = s.trim().replace(/_/g, '');
  if (!/^[+-]?\d+$/.test(t)) throw valueError(`invalid literal for int() with base 10: '${s}'`, 'step_rules');
  return Number(t);
}
function pyFloat(s: string): number {
  const t = s.trim().toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  if (!/^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(e[+-]?\d+)?$/.test(t)) throw valueError(`could not convert string to float: '${s}'`, 'step_rules');
  return Number(t.replace(/_/g, ''));
}

/**
 * `get_piecewise_constant_schedule`'s rules, "1:10,0.1:20,0.005": the factor is the value of the
 * first threshold (in sorted order) the step is below, else the last value. Thresholds are
 * absolute steps (the docstring describes lengths; the code compares the step with each number).
 */
export function piecewiseConstantLambda(stepRules: string): LrCallable {
  const rules = new Map<number, number>();
  const list = stepRules.split(',');
  for (const rule of list.slice(0, -1)) {
    const parts = rule.split(':');
    if (parts.length !== 2) {
      throw valueError(
        parts.length < 2 ? 'not enough values to unpack (expected 2, got 1)' : `too many values to unpack (expected 2)`,
        'step_rules',
      );
    }
    const steps = pyInt(parts[1]);
    rules.set(steps, pyFloat(parts[0]));
  }
  const last = pyFloat(list[list.length - 1]);
  const sorted = [...rules.keys()].sort((a, b) => a - b);
  const values = sorted.map((k) => rules.get(k) as number);
  return (step: number) => {
    for (let i = 0; i < sorted.length; i++) if (step < sorted[i]) return values[i];
    return last;
  };
}

export function diffusersBuilders(construct: Construct): Record<string, Builder> {
  return {
    [PREFIX + 'get_constant_schedule']: (opt, a) => lambdaLR(opt, () => 1, a),
    [PREFIX + 'get_constant_schedule_with_warmup']: (opt, a) => lambdaLR(opt, hf.constantWithWarmupLambda(a.number('num_warmup_steps')), a),
    [PREFIX + 'get_piecewise_constant_schedule']: (opt, a) => {
      const rules = a.raw('step_rules');
      if (typeof rules !== 'string') {
        throw new LibraryError('AttributeError', `'${rules === null ? 'NoneType' : typeof rules}' object has no attribute 'split'`, 'step_rules');
      }
      return lambdaLR(opt, piecewiseConstantLambda(rules), a);
    },
    [PREFIX + 'get_linear_schedule_with_warmup']: (opt, a) =>
      lambdaLR(opt, linearWithWarmupLambda(a.number('num_warmup_steps'), a.number('num_training_steps'), a.number('f_min'), a.number('f_max')), a),
    [PREFIX + 'get_cosine_schedule_with_warmup']: (opt, a) =>
      lambdaLR(opt, hf.cosineWithWarmupLambda(a.number('num_warmup_steps'), a.number('num_training_steps'), a.number('num_cycles')), a),
    [PREFIX + 'get_cosine_with_hard_restarts_schedule_with_warmup']: (opt, a) =>
      lambdaLR(opt, hf.cosineWithHardRestartsLambda(a.number('num_warmup_steps'), a.number('num_training_steps'), a.number('num_cycles')), a),
    [PREFIX + 'get_polynomial_decay_schedule_with_warmup']: (opt, a) => {
      const lrInit = opt.defaultLr;
      const lrEnd = a.number('lr_end');
      if (!(lrInit > lrEnd)) throw valueError(`lr_end (${pyRepr(lrEnd)}) must be smaller than initial lr (${pyRepr(lrInit)})`, 'lr_end');
      const warmup = a.number('num_warmup_steps');
      const training = a.number('num_training_steps');
      const fn = hf.polynomialDecayLambda(warmup, training, lrEnd, a.number('power'), lrInit);
      if (training !== warmup) return lambdaLR(opt, fn, a);
      // decay_steps = 0: Python's `(step - warmup) / 0` with ints says "division by zero".
      const ints = Number.isInteger(warmup) && !a.isFloat('num_warmup_steps') && !a.isFloat('num_training_steps');
      const raising: LrCallable = (step) => {
        try {
          return fn(step);
        } catch (e) {
          if (e instanceof LibraryError && e.pyType === 'ZeroDivisionError') {
            throw new LibraryError('ZeroDivisionError', ints ? 'division by zero' : 'float division by zero', 'num_training_steps');
          }
          throw e;
        }
      };
      return lambdaLR(opt, raising, a);
    },
    [PREFIX + 'get_scheduler']: (opt, a) => {
      const name = a.string('name');
      const type = DIFFUSERS_SCHEDULER_TYPES[name];
      if (!type) throw valueError(`'${name}' is not a valid SchedulerType`, 'name');
      const fn = PREFIX + type.fn;
      const lastEpoch = a.raw('last_epoch');
      if (name === 'constant') return construct(fn, { last_epoch: lastEpoch }, opt);
      if (name === 'piecewise_constant') return construct(fn, { step_rules: a.raw('step_rules'), last_epoch: lastEpoch }, opt);
      const warmup = a.raw('num_warmup_steps');
      const member = `SchedulerType.${type.member}`;
      if (warmup === null) throw valueError(`${member} requires \`num_warmup_steps\`, please provide that argument.`, 'num_warmup_steps');
      if (name === 'constant_with_warmup') return construct(fn, { num_warmup_steps: warmup, last_epoch: lastEpoch }, opt);
      const training = a.raw('num_training_steps');
      if (training === null) throw valueError(`${member} requires \`num_training_steps\`, please provide that argument.`, 'num_training_steps');
      const common = { num_warmup_steps: warmup, num_training_steps: training, last_epoch: lastEpoch };
      if (name === 'cosine_with_restarts') return construct(fn, { ...common, num_cycles: a.raw('num_cycles') }, opt);
      if (name === 'polynomial') return construct(fn, { ...common, power: a.raw('power') }, opt);
      return construct(fn, common, opt);
    },
  };
}
