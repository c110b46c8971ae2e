// transformers' schedule functions as their descriptors build them (src/core/engine/kinds/transformers.ts),
// pinned by value (issue 20): get_scheduler's uneven routing of arguments (which name gets which,
// and its own refusals), min_lr / min_lr_rate, WSD's shapes and lengths, and GreedyLR's and
// ReduceLROnPlateau's list checks — each refusal as [type, text, argument], each accepted case as
// its curve. Texts are transformers' optimization.py (main); the curves follow its lambdas by hand.
import * as assert from 'node:assert/strict';
import { simulate, type ArgValue, type OptimizerSpec } from '../../../src/core/engine';

const SGD: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1 }] };
const V = 'ValueError';

/** [type, message, argument] of a refusal, else the lr rows (10 significant digits). */
function outcome(kind: string, args: Record<string, ArgValue>, steps = 4, metrics?: number[]) {
  const c = simulate({ kind, args }, SGD, { steps, metrics });
  if (c.error) return [c.error.type, c.error.message, c.error.argument];
  return Array.from(c.lr, (x) => Number(x.toPrecision(10)));
}

const NAMES =
  "'linear', 'cosine', 'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup', 'inverse_sqrt', 'reduce_lr_on_plateau', 'cosine_with_min_lr', 'cosine_warmup_with_min_lr', 'warmup_stable_decay', 'greedy'";

describe('transformers get_scheduler: which arguments reach which function', () => {
  const gs = (args: Record<string, ArgValue>, steps = 4, metrics?: number[]) => outcome('get_scheduler', args, steps, metrics);
  // [args, steps, metrics, outcome]
  const cases: [Record<string, ArgValue>, number, number[] | undefined, unknown][] = [
    [{ name: 'nope' }, 4, undefined, [V, `nope is not a valid SchedulerType, please select one of ${NAMES}`, 'name']],
    // constant takes nothing (not even a warm-up); constant_with_warmup only the warm-up.
    [{ name: 'constant', num_warmup_steps: 2, scheduler_specific_kwargs: { x: 1 } }, 2, undefined, [0.1, 0.1, 0.1]],
    [{ name: 'constant_with_warmup', num_warmup_steps: 2, scheduler_specific_kwargs: { x: 1 } }, 3, undefined, [0, 0.05, 0.1, 0.1]],
    [{ name: 'constant_with_warmup' }, 4, undefined, [V, 'constant_with_warmup requires `num_warmup_steps`, please provide that argument.', 'num_warmup_steps']],
    [{ name: 'linear', num_training_steps: 4 }, 4, undefined, [V, 'linear requires `num_warmup_steps`, please provide that argument.', 'num_warmup_steps']],
    [{ name: 'cosine', num_warmup_steps: 0 }, 4, undefined, [V, 'cosine requires `num_training_steps`, please provide that argument.', 'num_training_steps']],
    [{ name: 'linear', num_warmup_steps: 0, num_training_steps: 4 }, 4, undefined, [0.1, 0.075, 0.05, 0.025, 0]],
    // scheduler_specific_kwargs reach the function: num_cycles 1 is a full cosine period back up.
    [{ name: 'cosine', num_warmup_steps: 0, num_training_steps: 4, scheduler_specific_kwargs: { num_cycles: 1 } }, 4, undefined, [0.1, 0.05, 0, 0.05, 0.1]],
    // inverse_sqrt: no num_training_steps needed; timescale defaults to the warm-up (10 000 without one).
    [{ name: 'inverse_sqrt', num_warmup_steps: 2 }, 3, undefined, [0, 0.05, 0.1, 0.08164965809]],
    [{ name: 'inverse_sqrt', num_warmup_steps: 2, scheduler_specific_kwargs: { timescale: 8 } }, 3, undefined, [0, 0.05, 0.1, 0.09428090416]],
    [{ name: 'inverse_sqrt', num_warmup_steps: 0 }, 1, undefined, [0.1, 0.09999500037]],
    // warmup_stable_decay: num_training_steps may be None when num_stable_steps is given.
    [{ name: 'warmup_stable_decay', num_warmup_steps: 1, scheduler_specific_kwargs: { num_decay_steps: 2, num_stable_steps: 1, decay_type: 'linear' } }, 4, undefined, [0, 0.1, 0.1, 0.05, 0]],
    [{ name: 'warmup_stable_decay', num_warmup_steps: 1, scheduler_specific_kwargs: { num_decay_steps: 2 } }, 4, undefined, [V, 'Either num_training_steps or num_stable_steps must be specified.', 'num_training_steps']],
    // The metric-driven ones get scheduler_specific_kwargs only.
    [{ name: 'reduce_lr_on_plateau', scheduler_specific_kwargs: { factor: 2 } }, 2, [1, 1], [V, 'Factor should be < 1.0.', 'factor']],
    [{ name: 'reduce_lr_on_plateau', num_warmup_steps: 5, scheduler_specific_kwargs: { patience: 0, factor: 0.5 } }, 3, [1, 1, 1], [0.1, 0.1, 0.05, 0.025]],
    [{ name: 'greedy', scheduler_specific_kwargs: { window_size: 0 } }, 2, [1, 1], [V, 'window_size must be positive, got 0', 'window_size']],
  ];
  for (const [args, steps, metrics, expected] of cases) {
    it(JSON.stringify(args), () => assert.deepEqual(gs(args, steps, metrics), expected));
  }
});

describe('transformers schedule functions: their own checks', () => {
  const cases: [string, Record<string, ArgValue>, unknown][] = [
    // min_lr or min_lr_rate, exactly one; min_lr is a fraction of the optimizer's lr (0.1).
    ['get_cosine_with_min_lr_schedule_with_warmup', { num_warmup_steps: 0, num_training_steps: 2, min_lr: 0.01, min_lr_rate: 0.1 }, [V, 'Only one of min_lr or min_lr_rate should be set', 'min_lr']],
    ['get_cosine_with_min_lr_schedule_with_warmup', { num_warmup_steps: 0, num_training_steps: 2 }, [V, 'One of min_lr or min_lr_rate should be set through the `lr_scheduler_kwargs`', 'min_lr']],
    ['get_cosine_with_min_lr_schedule_with_warmup', { num_warmup_steps: 0, num_training_steps: 4, min_lr: 0.02 }, [0.1, 0.08828427125, 0.06, 0.03171572875, 0.02]],
    ['get_cosine_with_min_lr_schedule_with_warmup', { num_warmup_steps: 0, num_training_steps: 4, min_lr_rate: 0.5 }, [0.1, 0.09267766953, 0.075, 0.05732233047, 0.05]],
    ['get_cosine_with_min_lr_schedule_with_warmup_lr_rate', { num_warmup_steps: 0, num_training_steps: 2, min_lr: 0.01, min_lr_rate: 0.1 }, [V, 'Only one of min_lr or min_lr_rate should be set', 'min_lr']],
    // The _lr_rate variant: the warm-up from warmup_lr_rate, and its progress counted from the step after.
    ['get_cosine_with_min_lr_schedule_with_warmup_lr_rate', { num_warmup_steps: 2, num_training_steps: 4, min_lr_rate: 0.5, warmup_lr_rate: 0.5 }, [0.05, 0.1, 0.075, 0.05, 0.075]],
    // WSD: the shapes are checked by name; without num_stable_steps the stable part is the rest.
    ['get_wsd_schedule', { num_warmup_steps: 1, num_decay_steps: 1, num_training_steps: 4, warmup_type: 'exp' }, [V, "Unknown warmup type: exp, expected 'linear', 'cosine' or '1-sqrt'", 'warmup_type']],
    ['get_wsd_schedule', { num_warmup_steps: 1, num_decay_steps: 1, num_training_steps: 4, decay_type: 'exp' }, [V, "Unknown decay type: exp, expected 'linear', 'cosine' or '1-sqrt'", 'decay_type']],
    ['get_wsd_schedule', { num_warmup_steps: 1, num_decay_steps: 2 }, [V, 'Either num_training_steps or num_stable_steps must be specified.', 'num_training_steps']],
    ['get_wsd_schedule', { num_warmup_steps: 1, num_decay_steps: 2, num_training_steps: 5, decay_type: 'linear' }, [0, 0.1, 0.1, 0.1, 0.05]],
    ['get_wsd_schedule', { num_warmup_steps: 1, num_decay_steps: 2, num_training_steps: 9, num_stable_steps: 1, decay_type: 'linear', min_lr_ratio: 0.5 }, [0.05, 0.1, 0.1, 0.075, 0.05]],
    // The polynomial decay's end is below the optimizer's lr.
    ['get_polynomial_decay_schedule_with_warmup', { num_warmup_steps: 0, num_training_steps: 2, lr_end: 0.1 }, [V, 'lr_end (0.1) must be smaller than initial lr (0.1)', 'lr_end']],
    ['get_polynomial_decay_schedule_with_warmup', { num_warmup_steps: 0, num_training_steps: 2, lr_end: 0.02 }, [0.1, 0.06, 0.02, 0.02, 0.02]],
  ];
  for (const [kind, args, expected] of cases) {
    it(`${kind} ${JSON.stringify(args)}`, () => assert.deepEqual(outcome(kind, args), expected));
  }

  it('GreedyLR and ReduceLROnPlateau: a min_lr / max_lr list has one value per group; window_size a positive int', () => {
    const table: [string, Record<string, ArgValue>, unknown][] = [
      ['GreedyLR', { min_lr: [0, 0] }, [V, 'expected 1 min_lrs, got 2', 'min_lr']],
      ['GreedyLR', { max_lr: [1, 1, 1] }, [V, 'expected 1 max_lrs, got 3', 'max_lr']],
      ['GreedyLR', { window_size: -1 }, [V, 'window_size must be positive, got -1', 'window_size']],
      ['GreedyLR', { window_size: 2.5 }, [V, 'window_size must be an integer, got 2.5', 'window_size']],
      ['GreedyLR', { window_size: 1 }, [0.1, 0.1, 0.1]],
      ['ReduceLROnPlateau', { min_lr: [0, 0] }, [V, 'expected 1 min_lrs, got 2', 'min_lr']],
      ['ReduceLROnPlateau', { min_lr: [0.09], patience: 0, factor: 0.5 }, [0.1, 0.1, 0.09]],
      ['get_greedy_schedule', { window_size: 0 }, [V, 'window_size must be positive, got 0', 'window_size']],
    ];
    for (const [kind, args, expected] of table) assert.deepEqual(outcome(kind, args, 2, [1, 1]), expected, `${kind} ${JSON.stringify(args)}`);
  });
});
