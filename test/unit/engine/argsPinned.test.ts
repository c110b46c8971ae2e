// The engine's argument reading (src/core/engine/args.ts), how a construction names itself in a
// refusal (build.ts) and the error type the refusals travel in (errors.ts), pinned by value: each
// refusal's exact text, type and argument, each default, each boundary (issue 20: a one-line wrong
// change in any of them fails a test). Where the text is Python's or the library's own it is the one
// Python 3.11 / PyTorch print (checked against the real ones; see the notes at each).
import * as assert from 'node:assert/strict';
import { Args, isScheduleSpec } from '../../../src/core/engine/args';
import { LibraryError, typeError, valueError } from '../../../src/core/engine/errors';
import { simulate, type ArgValue, type LrCallable, type OptimizerSpec, type ScheduleSpec } from '../../../src/core/engine';
import { ownMessage } from '../../../src/core/l10n/translate';

const SGD: OptimizerSpec = { type: 'SGD', paramGroups: [{ lr: 0.1 }] };

/** What `f` throws, as the engine's LibraryError (anything else fails the test). */
function thrown(f: () => unknown): LibraryError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof LibraryError, `expected a LibraryError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a throw');
}

/** The refusal as [Python type, message, argument]. */
const refusal = (f: () => unknown) => {
  const e = thrown(f);
  return [e.pyType, e.message, e.argument];
};

/** The construction error simulate reports for a spec, as [type, message, argument, step]. */
function constructionError(spec: ScheduleSpec) {
  const e = simulate(spec, SGD, { steps: 3 }).error;
  assert.ok(e, `${spec.kind}: expected an error`);
  return [e.type, e.message, e.argument, e.atStep];
}

/** Args of `kind` holding `given` as they are (the readers below look only at the named one). */
const of = (kind: string, given: Record<string, ArgValue>, floats?: string[]) => new Args(kind, given, undefined, floats);

describe('engine args: binding a call like Python', () => {
  it('an unknown kind is a ValueError naming it, with its template for translation', () => {
    const e = thrown(() => new Args('NoSuchLR', {}));
    assert.equal(e.pyType, 'ValueError');
    assert.equal(e.message, "unknown scheduler 'NoSuchLR'");
    assert.equal(e.template, "unknown scheduler '{0}'");
    assert.deepEqual(e.args, ['NoSuchLR']);
    assert.equal(e.argument, undefined);
  });

  it('missing arguments take the signature defaults; given ones are kept as given', () => {
    const a = of('StepLR', { step_size: 3 });
    assert.equal(a.raw('step_size'), 3);
    assert.equal(a.raw('gamma'), 0.1);
    assert.equal(a.raw('last_epoch'), -1);
    assert.equal(of('StepLR', { step_size: 3, gamma: 0.5 }).raw('gamma'), 0.5);
    // A name neither given nor in the signature reads as None.
    assert.equal(a.raw('no_such_argument'), null);
    assert.equal(a.isNone('no_such_argument'), true);
    assert.equal(a.isNone('gamma'), false);
  });

  it("an unexpected keyword is Python's TypeError, naming the call and the argument (Python 3.11's text)", () => {
    // Python 3.11: StepLR(opt, step_size=1, foo=1) → "StepLR.__init__() got an unexpected keyword argument 'foo'".
    assert.deepEqual(refusal(() => new Args('StepLR', { step_size: 1, foo: 1 })), [
      'TypeError',
      "StepLR.__init__() got an unexpected keyword argument 'foo'",
      'foo',
    ]);
    assert.deepEqual(refusal(() => new Args('StepLR', {})), ['TypeError', "StepLR.__init__() missing 1 required positional argument: 'step_size'", 'step_size']);
  });

  it('the call is named as a class (`X.__init__()`) or a function (`f()`) as Python names it', () => {
    const unexpected = (kind: string, given: Record<string, ArgValue>) => thrown(() => new Args(kind, { ...given, foo: 1 })).message;
    // A torch class.
    assert.equal(unexpected('CosineAnnealingLR', { T_max: 10 }), "CosineAnnealingLR.__init__() got an unexpected keyword argument 'foo'");
    // A transformers class (not torch, but a class all the same).
    assert.equal(unexpected('GreedyLR', {}), "GreedyLR.__init__() got an unexpected keyword argument 'foo'");
    // A transformers function.
    assert.equal(
      unexpected('get_linear_schedule_with_warmup', { num_warmup_steps: 1, num_training_steps: 10 }),
      "get_linear_schedule_with_warmup() got an unexpected keyword argument 'foo'",
    );
    assert.equal(
      thrown(() => new Args('get_cosine_schedule_with_warmup', { num_training_steps: 10 })).message,
      "get_cosine_schedule_with_warmup() missing 1 required positional argument: 'num_warmup_steps'",
    );
    // A caller's own name wins.
    assert.equal(thrown(() => new Args('StepLR', { foo: 1 }, 'MyName()')).message, "MyName() got an unexpected keyword argument 'foo'");
  });

  it('`**kwargs` kinds take any keyword; the others refuse it', () => {
    const a = of('get_reduce_on_plateau_schedule', { patience: 3 });
    assert.equal(a.raw('patience'), 3);
    assert.equal(thrown(() => new Args('ReduceLROnPlateau', { foo: 1 })).argument, 'foo');
  });

  it('an `optimizer=` keyword is the OptimizerSpec, never an argument — even where the signature has no optimizer', () => {
    const a = of('StepLR', { step_size: 2, optimizer: 'opt' });
    assert.equal(a.raw('optimizer'), null);
    // torch's ParamwiseScheduler(schedulers) takes no optimizer: the keyword is still not "unexpected".
    assert.equal(of('ParamwiseScheduler', { schedulers: [], optimizer: 'opt' }).raw('optimizer'), null);
    assert.deepEqual(of('LRScheduler subclass', { scheduler: null, optimizer: 'opt', max_iters: 5 }).extras(), { max_iters: 5 });
  });

  it('isFloat is the ScheduleSpec.floats list, and nothing when there is none', () => {
    const a = of('CosineAnnealingWarmRestarts', { T_0: 10 }, ['T_0']);
    assert.equal(a.isFloat('T_0'), true);
    assert.equal(a.isFloat('T_mult'), false);
    const plain = of('CosineAnnealingWarmRestarts', { T_0: 10 });
    for (const p of ['T_0', 'T_mult', 'eta_min', 'last_epoch', '']) assert.equal(plain.isFloat(p), false, p);
  });
});

describe('engine args: reading one argument', () => {
  it('number: a number as is, a Python bool as 0 / 1 (bool is an int), anything else a TypeError naming it', () => {
    assert.equal(of('StepLR', { step_size: 1, gamma: 0.5 }).number('gamma'), 0.5);
    assert.equal(of('StepLR', { step_size: true }).number('step_size'), 1);
    assert.equal(of('StepLR', { step_size: false }).number('step_size'), 0);
    assert.deepEqual(refusal(() => of('StepLR', { step_size: 1, gamma: 'x' }).number('gamma')), ['TypeError', "gamma must be a number, got 'x'", 'gamma']);
    const e = thrown(() => of('StepLR', { step_size: 1, gamma: 'x' }).number('gamma'));
    assert.equal(e.template, '{0} must be a number, got {1}');
    assert.deepEqual(e.args, ['gamma', "'x'"]);
  });

  it('number: NaN is a ValueError naming the argument', () => {
    assert.deepEqual(refusal(() => of('StepLR', { step_size: 1, gamma: Number.NaN }).number('gamma')), [
      'ValueError',
      'gamma is NaN; a learning-rate schedule needs a real number here',
      'gamma',
    ]);
    // ±inf is a real float to Python: passed on.
    assert.equal(of('StepLR', { step_size: 1, gamma: Number.POSITIVE_INFINITY }).number('gamma'), Number.POSITIVE_INFINITY);
  });

  it('the refusal describes the value as Python would write it', () => {
    const got = (v: ArgValue) => thrown(() => of('StepLR', { step_size: 1, gamma: v }).number('gamma')).message;
    assert.equal(got(null), 'gamma must be a number, got None');
    assert.equal(got('abc'), "gamma must be a number, got 'abc'");
    assert.equal(got([1, 2]), 'gamma must be a number, got list');
    assert.equal(got({ a: 1 }), 'gamma must be a number, got object');
    assert.equal(got(((x: number) => x) as LrCallable), 'gamma must be a number, got function');
    // Numbers in Python's repr, through string().
    assert.equal(thrown(() => of('CyclicLR', { base_lr: 0.1, max_lr: 1, mode: 2.5 }).string('mode')).message, 'mode must be a string, got 2.5');
    assert.equal(thrown(() => of('CyclicLR', { base_lr: 0.1, max_lr: 1, mode: 1e-7 }).string('mode')).message, 'mode must be a string, got 1e-07');
  });

  it('optionalNumber: None is null, a number is itself, a string refused', () => {
    const a = of('OneCycleLR', { max_lr: 0.1, total_steps: 100 });
    assert.equal(a.optionalNumber('epochs'), null);
    assert.equal(a.optionalNumber('total_steps'), 100);
    assert.equal(thrown(() => of('OneCycleLR', { max_lr: 0.1, epochs: 'x' }).optionalNumber('epochs')).message, "epochs must be a number, got 'x'");
  });

  it('integer: an integral number is itself; 2.5 is a ValueError with its repr', () => {
    assert.equal(of('StepLR', { step_size: 1, last_epoch: 4 }).integer('last_epoch'), 4);
    assert.equal(of('StepLR', { step_size: 1 }).integer('last_epoch'), -1);
    const e = thrown(() => of('StepLR', { step_size: 1, last_epoch: 2.5 }).integer('last_epoch'));
    assert.deepEqual([e.pyType, e.message, e.argument, e.template], ['ValueError', 'last_epoch must be an integer, got 2.5', 'last_epoch', '{0} must be an integer, got {1}']);
    // Through a construction: the refusal comes back at step 0.
    assert.deepEqual(constructionError({ kind: 'StepLR', args: { step_size: 1, last_epoch: 2.5 } }), [
      'ValueError',
      'last_epoch must be an integer, got 2.5',
      'last_epoch',
      0,
    ]);
  });

  it('bool: True/False as given, a number by truth (0 is False), None False, anything else a TypeError', () => {
    const b = (v: ArgValue) => of('OneCycleLR', { max_lr: 0.1, total_steps: 10, three_phase: v }).bool('three_phase');
    assert.equal(b(true), true);
    assert.equal(b(false), false);
    assert.equal(b(0), false);
    assert.equal(b(1), true);
    assert.equal(b(-2), true);
    assert.equal(b(0.5), true);
    assert.equal(b(null), false);
    assert.equal(of('OneCycleLR', { max_lr: 0.1, total_steps: 10 }).bool('three_phase'), false);
    assert.equal(of('OneCycleLR', { max_lr: 0.1, total_steps: 10 }).bool('cycle_momentum'), true);
    const e = thrown(() => b('yes'));
    assert.deepEqual([e.pyType, e.message, e.argument, e.template], ['TypeError', 'three_phase must be True or False', 'three_phase', '{0} must be True or False']);
  });

  it('string: a string as is, anything else a TypeError naming it', () => {
    assert.equal(of('CyclicLR', { base_lr: 0.1, max_lr: 1 }).string('mode'), 'triangular');
    const e = thrown(() => of('CyclicLR', { base_lr: 0.1, max_lr: 1, mode: null }).string('mode'));
    assert.deepEqual([e.pyType, e.message, e.argument, e.template], ['TypeError', 'mode must be a string, got None', 'mode', '{0} must be a string, got {1}']);
  });

  it('callable: the function itself, anything else a TypeError; optionalCallable: None is null', () => {
    const f: LrCallable = (x) => x * 2;
    const a = of('CyclicLR', { base_lr: 0.1, max_lr: 1, scale_fn: f });
    assert.equal(a.callable('scale_fn'), f);
    assert.equal(a.optionalCallable('scale_fn'), f);
    assert.equal(of('CyclicLR', { base_lr: 0.1, max_lr: 1 }).optionalCallable('scale_fn'), null);
    assert.deepEqual(refusal(() => of('CyclicLR', { base_lr: 0.1, max_lr: 1, scale_fn: 3 }).callable('scale_fn')), [
      'TypeError',
      'scale_fn should be a function, but got 3',
      'scale_fn',
    ]);
    assert.deepEqual(refusal(() => of('CyclicLR', { base_lr: 0.1, max_lr: 1, scale_fn: 'f' }).optionalCallable('scale_fn')), [
      'TypeError',
      "scale_fn should be a function, but got 'f'",
      'scale_fn',
    ]);
  });

  it('perGroupNumbers: a scalar for every group, a list one per group, its length checked with PyTorch 2.x\'s text', () => {
    assert.deepEqual(of('CyclicLR', { base_lr: 0.1, max_lr: 1 }).perGroupNumbers('base_lr', 3), [0.1, 0.1, 0.1]);
    assert.deepEqual(of('CyclicLR', { base_lr: [0.1, 0.2], max_lr: 1 }).perGroupNumbers('base_lr', 2), [0.1, 0.2]);
    // torch 2.x's _format_param (torch 1.13 said "expected 1 values for base_lr, got 2").
    assert.deepEqual(refusal(() => of('CyclicLR', { base_lr: [0.1, 0.2], max_lr: 1 }).perGroupNumbers('base_lr', 1)), [
      'ValueError',
      'base_lr must have the same length as optimizer.param_groups. base_lr has 2 values, param_groups has 1.',
      'base_lr',
    ]);
    // An element names its index.
    assert.deepEqual(refusal(() => of('CyclicLR', { base_lr: [0.1, 'x'], max_lr: 1 }).perGroupNumbers('base_lr', 2)), [
      'TypeError',
      "base_lr[1] must be a number, got 'x'",
      'base_lr[1]',
    ]);
  });

  it('perGroupCallables: one function for every group, a list one per group (LambdaLR\'s checks and text)', () => {
    const f: LrCallable = (x) => x;
    const g: LrCallable = (x) => 2 * x;
    assert.deepEqual(of('LambdaLR', { lr_lambda: f }).perGroupCallables('lr_lambda', 3), [f, f, f]);
    assert.deepEqual(of('LambdaLR', { lr_lambda: [f, g] }).perGroupCallables('lr_lambda', 2), [f, g]);
    // torch (1.13 and 2.x): LambdaLR(opt with 2 groups, [f]) → "ValueError: Expected 2 lr_lambdas, but got 1".
    assert.deepEqual(refusal(() => of('LambdaLR', { lr_lambda: [f] }).perGroupCallables('lr_lambda', 2)), ['ValueError', 'Expected 2 lr_lambdas, but got 1', 'lr_lambda']);
    assert.deepEqual(refusal(() => of('LambdaLR', { lr_lambda: [f, 3] }).perGroupCallables('lr_lambda', 2)), [
      'TypeError',
      'lr_lambda[1] should be a function, but got 3',
      'lr_lambda',
    ]);
    assert.deepEqual(refusal(() => of('LambdaLR', { lr_lambda: 0.5 }).perGroupCallables('lr_lambda', 1)), [
      'TypeError',
      'lr_lambda should be a function, but got 0.5',
      'lr_lambda',
    ]);
  });

  it('numberList: a list of numbers; not a list, or an element not a number, is a TypeError', () => {
    assert.deepEqual(of('MultiStepLR', { milestones: [3, true, 9] }).numberList('milestones'), [3, 1, 9]);
    const e = thrown(() => of('MultiStepLR', { milestones: 3 }).numberList('milestones'));
    assert.deepEqual([e.pyType, e.message, e.argument, e.template], ['TypeError', 'milestones must be a list of numbers, got 3', 'milestones', '{0} must be a list of numbers, got {1}']);
    assert.deepEqual(refusal(() => of('MultiStepLR', { milestones: [3, null] }).numberList('milestones')), [
      'TypeError',
      'milestones[1] must be a number, got None',
      'milestones[1]',
    ]);
  });

  it('scheduleList: a list of ScheduleSpecs; not a list, or an element not a scheduler, is a TypeError', () => {
    const step: ScheduleSpec = { kind: 'StepLR', args: { step_size: 2 } };
    assert.deepEqual(of('SequentialLR', { schedulers: [step], milestones: [] }).scheduleList('schedulers'), [step]);
    const e = thrown(() => of('SequentialLR', { schedulers: null, milestones: [] }).scheduleList('schedulers'));
    assert.deepEqual([e.pyType, e.message, e.argument, e.template], ['TypeError', 'schedulers must be a list of schedulers, got None', 'schedulers', '{0} must be a list of schedulers, got {1}']);
    const el = thrown(() => of('SequentialLR', { schedulers: [step, 'StepLR'], milestones: [] }).scheduleList('schedulers'));
    assert.deepEqual([el.pyType, el.message, el.argument, el.template, el.args], ['TypeError', 'schedulers[1] is not a scheduler', 'schedulers', '{0} is not a scheduler', ['schedulers[1]']]);
  });

  it('dict: None is {}, a dict is itself; a string, a list or a scheduler is a TypeError', () => {
    const kw = { num_cycles: 2 };
    assert.deepEqual(of('get_scheduler', { name: 'linear' }).dict('scheduler_specific_kwargs'), {});
    assert.equal(of('get_scheduler', { name: 'linear', scheduler_specific_kwargs: kw }).dict('scheduler_specific_kwargs'), kw);
    const d = (v: ArgValue) => refusal(() => of('get_scheduler', { name: 'linear', scheduler_specific_kwargs: v }).dict('scheduler_specific_kwargs'));
    assert.deepEqual(d('x'), ['TypeError', "scheduler_specific_kwargs must be a dict, got 'x'", 'scheduler_specific_kwargs']);
    assert.deepEqual(d(3), ['TypeError', 'scheduler_specific_kwargs must be a dict, got 3', 'scheduler_specific_kwargs']);
    assert.deepEqual(d([1]), ['TypeError', 'scheduler_specific_kwargs must be a dict, got list', 'scheduler_specific_kwargs']);
    assert.deepEqual(d({ kind: 'StepLR', args: {} }), ['TypeError', 'scheduler_specific_kwargs must be a dict, got object', 'scheduler_specific_kwargs']);
    assert.equal(thrown(() => of('get_scheduler', { name: 'linear', scheduler_specific_kwargs: 'x' }).dict('scheduler_specific_kwargs')).template, '{0} must be a dict, got {1}');
  });

  it('subclassProgram: only a program read from the code', () => {
    const e = thrown(() => of('LRScheduler subclass', { scheduler: 3 }).subclassProgram('scheduler'));
    assert.deepEqual(
      [e.pyType, e.message, e.argument, e.template],
      ['TypeError', 'scheduler must be a scheduler class read from the code, got 3', 'scheduler', '{0} must be a scheduler class read from the code, got {1}'],
    );
  });

  it('extras: exactly the names the signature lacks, as ordinary own properties (a `__proto__` keyword too)', () => {
    const given: Record<string, ArgValue> = { scheduler: null, max_iters: 100, warmup: 5 };
    Object.defineProperty(given, '__proto__', { value: 7, enumerable: true, writable: true, configurable: true });
    const extras = of('LRScheduler subclass', given).extras();
    assert.deepEqual(Object.keys(extras), ['max_iters', 'warmup', '__proto__']);
    assert.equal(Object.getPrototypeOf(extras), Object.prototype);
    for (const [k, v] of [['max_iters', 100], ['__proto__', 7]] as const) {
      assert.deepEqual(Object.getOwnPropertyDescriptor(extras, k), { value: v, enumerable: true, writable: true, configurable: true }, k);
    }
    // A kind without **kwargs has none.
    assert.deepEqual(of('StepLR', { step_size: 1 }).extras(), {});
  });
});

describe('engine args: what counts as a ScheduleSpec', () => {
  it('a plain object with a string kind and an object args, nothing else', () => {
    assert.equal(isScheduleSpec({ kind: 'StepLR', args: {} }), true);
    assert.equal(isScheduleSpec({ kind: 'StepLR', args: { step_size: 1 }, floats: [] }), true);
    assert.equal(isScheduleSpec(null), false);
    assert.equal(isScheduleSpec('StepLR'), false);
    assert.equal(isScheduleSpec(3), false);
    assert.equal(isScheduleSpec({ kind: 'StepLR' }), false);
    assert.equal(isScheduleSpec({ args: {} }), false);
    assert.equal(isScheduleSpec({ kind: 3, args: {} }), false);
    assert.equal(isScheduleSpec({ kind: 'StepLR', args: 'step_size=1' }), false);
    // Neither a list nor a function is one, whatever properties it carries.
    assert.equal(isScheduleSpec(Object.assign([], { kind: 'StepLR', args: {} })), false);
    assert.equal(isScheduleSpec(Object.assign((x: number) => x, { kind: 'StepLR', args: {} }) as unknown as ArgValue), false);
  });
});

describe('engine construct: how a refusal names the call', () => {
  it('a prefixed kind is named as the library spells it: a class by `X.__init__()`, a function by `f()`', () => {
    // timm's CosineLRScheduler.__init__ and diffusers' get_scheduler take no **kwargs.
    assert.deepEqual(constructionError({ kind: 'timm.CosineLRScheduler', args: { t_initial: 10, foo: 1 } }), [
      'TypeError',
      "CosineLRScheduler.__init__() got an unexpected keyword argument 'foo'",
      'foo',
      0,
    ]);
    assert.deepEqual(constructionError({ kind: 'deepspeed.WarmupDecayLR', args: {} }), [
      'TypeError',
      "WarmupDecayLR.__init__() missing 1 required positional argument: 'total_num_steps'",
      'total_num_steps',
      0,
    ]);
    assert.deepEqual(constructionError({ kind: 'diffusers.get_scheduler', args: { name: 'linear', foo: 1 } }), [
      'TypeError',
      "get_scheduler() got an unexpected keyword argument 'foo'",
      'foo',
      0,
    ]);
    assert.deepEqual(constructionError({ kind: 'timm.create_scheduler_v2', args: { foo: 1 } }), [
      'TypeError',
      "create_scheduler_v2() got an unexpected keyword argument 'foo'",
      'foo',
      0,
    ]);
  });

  it('an unprefixed kind keeps its own name', () => {
    assert.deepEqual(constructionError({ kind: 'StepLR', args: { step_size: 1, foo: 1 } }), ['TypeError', "StepLR.__init__() got an unexpected keyword argument 'foo'", 'foo', 0]);
    assert.deepEqual(constructionError({ kind: 'get_constant_schedule', args: { foo: 1 } }), [
      'TypeError',
      "get_constant_schedule() got an unexpected keyword argument 'foo'",
      'foo',
      0,
    ]);
  });

  it("a **kwargs forwarder's wrong keyword is refused by its target, in the target's name (as Python raises it)", () => {
    // transformers: get_reduce_on_plateau_schedule(optimizer, **kwargs) returns ReduceLROnPlateau(optimizer, **kwargs);
    // Python 3.11 + torch: "ReduceLROnPlateau.__init__() got an unexpected keyword argument 'foo'".
    assert.deepEqual(constructionError({ kind: 'get_reduce_on_plateau_schedule', args: { foo: 1 } }), [
      'TypeError',
      "ReduceLROnPlateau.__init__() got an unexpected keyword argument 'foo'",
      'foo',
      0,
    ]);
    // get_greedy_schedule(optimizer, **kwargs) returns GreedyLR(optimizer, **kwargs); GreedyLR.__init__ takes no **kwargs.
    assert.deepEqual(constructionError({ kind: 'get_greedy_schedule', args: { foo: 1 } }), [
      'TypeError',
      "GreedyLR.__init__() got an unexpected keyword argument 'foo'",
      'foo',
      0,
    ]);
    // Through get_scheduler's scheduler_specific_kwargs too.
    assert.deepEqual(constructionError({ kind: 'get_scheduler', args: { name: 'reduce_lr_on_plateau', scheduler_specific_kwargs: { foo: 1 } } }), [
      'TypeError',
      "ReduceLROnPlateau.__init__() got an unexpected keyword argument 'foo'",
      'foo',
      0,
    ]);
    // The forwarded arguments are read as the target's: a right one builds the target's schedule.
    const c = simulate({ kind: 'get_reduce_on_plateau_schedule', args: { patience: 0, factor: 0.5 } }, SGD, { steps: 2, metrics: [1, 1] });
    assert.equal(c.error, undefined);
    assert.deepEqual(Array.from(c.lr), [0.1, 0.1, 0.05]);
  });

  it('a kind nobody knows is a ValueError with its template', () => {
    const e = simulate({ kind: 'NoSuchLR', args: {} }, SGD, { steps: 3 }).error;
    assert.deepEqual(
      [e?.type, e?.message, e?.template, e?.args, e?.atStep],
      ['ValueError', "LR Lens does not know the scheduler 'NoSuchLR'", "LR Lens does not know the scheduler '{0}'", ['NoSuchLR'], 0],
    );
  });
});

describe('engine errors: LibraryError', () => {
  it("a library's own text is a plain message: no template, no arguments", () => {
    const e = typeError('plain text', 'x');
    assert.deepEqual([e.pyType, e.message, e.argument, e.template, e.args], ['TypeError', 'plain text', 'x', undefined, undefined]);
    assert.ok(e instanceof Error);
    const v = valueError('other');
    assert.deepEqual([v.pyType, v.message, v.argument, v.template, v.args], ['ValueError', 'other', undefined, undefined, undefined]);
  });

  it('an own message keeps its template and arguments for translation', () => {
    const e = valueError(ownMessage('{0} must be positive, got {1}', 'gamma', -1), 'gamma');
    assert.deepEqual([e.pyType, e.message, e.argument, e.template, e.args], ['ValueError', 'gamma must be positive, got -1', 'gamma', '{0} must be positive, got {1}', ['gamma', '-1']]);
  });

  it('an OwnText without a template is plain; one with a template and no arguments has []', () => {
    const plain = new LibraryError('KeyError', { message: 'initial_lr' });
    assert.deepEqual([plain.message, plain.template, plain.args], ['initial_lr', undefined, undefined]);
    const bare = new LibraryError('ValueError', { message: 'no args here', template: 'no args here' });
    assert.deepEqual([bare.message, bare.template, bare.args], ['no args here', 'no args here', []]);
  });
});
