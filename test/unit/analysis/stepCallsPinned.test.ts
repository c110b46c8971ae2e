// Run-length and unit inference from the step calls (src/core/frameworks/stepCalls.ts), pinned by
// value: the unit, the count, the loop labels of the source and every fallback. Each rule is shown
// on a small Python source the real analyzer reads, and its edges on the step-call records directly.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { allLoops, stepping, timmProtocol, unitOf } from '../../../src/core/frameworks/stepCalls';
import type { FindingRec, StepCallRec } from '../../../src/core/frameworks/hosts';
import type { LoopGuard } from '../../../src/core/python/evaluatorApi';
import { Assumed, type Value } from '../../../src/core/python/values';

const HEAD = 'import torch\nfrom torch.optim import lr_scheduler\nopt = torch.optim.SGD(params, lr=0.1)\n';

/** The one scheduler of `HEAD + src`: unit, steps and their source, and the assumptions listed with it. */
function run(src: string, assumptions: Record<string, number> = {}) {
  const r = analyze(HEAD + src, { assumptions });
  assert.equal(r.schedulers.length, 1, JSON.stringify(r.diagnostics));
  const f = r.schedulers[0];
  return { unit: f.unit, steps: f.naturalSteps, source: f.naturalStepsSource, assumed: f.assumptions.map((a) => `${a.name}=${a.value}`), f };
}

const STEP_LR = 's = lr_scheduler.StepLR(opt, step_size=500)\n';

type Loop = StepCallRec['loops'][number];
const loop = (kind: Loop['kind'], count: Value | null, iterable = `range(${String(count)})`, extra: Partial<Loop> = {}): Loop => ({ kind, variable: 'x', iterable, count, ...extra });
const call = (over: Partial<StepCallRec> = {}): StepCallRec => ({
  span: { start: 0, end: 0 },
  loops: [],
  afterOptimizerStep: null,
  metric: null,
  active: true,
  optimizerCalls: [],
  guards: [],
  callerLoops: [],
  inFunction: false,
  ...over,
});
const finding = (over: Partial<FindingRec> = {}): FindingRec => ({
  id: 0,
  key: '0',
  kind: 'StepLR',
  library: 'torch',
  span: { start: 0, end: 0 },
  args: [],
  params: {},
  spec: { kind: 'StepLR', args: { step_size: 10 } },
  optimizer: { type: 'SGD', paramGroups: [] },
  deps: new Set(),
  names: [],
  active: true,
  parent: null,
  children: [],
  stepCalls: [],
  diagnostics: [],
  callables: [],
  ...over,
});
/** stepping() of one finding with these step calls, its deps as a sorted list. */
const stepsOf = (calls: StepCallRec[], over: Partial<FindingRec> = {}) => {
  const s = stepping(finding({ stepCalls: calls, ...over }), []);
  return { unit: s.unit, steps: s.steps, source: s.source, deps: [...s.deps].sort() };
};
const modulo = (text: string, divisor: Value | null): LoopGuard => ({ kind: 'modulo', text, divisor });
const windowed = (text: string, count: number | undefined, depth?: number): LoopGuard => ({ kind: 'window', text, divisor: null, ...(count !== undefined ? { count } : {}), ...(depth !== undefined ? { depth } : {}) });

describe('stepCalls: the unit of a step call from its loops', () => {
  it('through the analyzer: a batch loop makes steps, an epoch loop epochs, two other loops steps, one other loop unknown', () => {
    assert.deepEqual(
      [
        run(STEP_LR + 'for epoch in range(3):\n    for batch in range(4):\n        s.step()\n'),
        run(STEP_LR + 'for epoch in range(3):\n    s.step()\n'),
        run(STEP_LR + 'for epoch in range(3):\n    for a in range(4):\n        s.step()\n'),
        run(STEP_LR + 'for a in range(3):\n    for b in range(4):\n        s.step()\n'),
        run(STEP_LR + 'for a in range(3):\n    s.step()\n'),
      ].map(({ unit, steps }) => [unit, steps]),
      [
        ['step', 12],
        ['epoch', 3],
        // A loop inside the epoch loop: the call runs per iteration of it.
        ['step', 12],
        ['step', 12],
        ['unknown', 3],
      ],
    );
  });

  it("through the analyzer: the loops of the functions the call is in count (a train_one_epoch's batch loop, its caller's epoch loop)", () => {
    const inFn = run(STEP_LR + 'def train_one_epoch(loader):\n    for batch in loader:\n        opt.step()\n        s.step()\nfor epoch in range(3):\n    train_one_epoch(train_loader)\n');
    assert.deepEqual([inFn.unit, inFn.steps, inFn.source], ['step', 3000, 'loops: range(3) (3) × loader (1000)']);
    assert.deepEqual(inFn.assumed, ['len(loader)=1000']);
    assert.equal(inFn.f.stepCalls[0].unit, 'step');
    // One loop in the function and one around its call: two loops, a per-step schedule.
    const two = run(STEP_LR + 'def f():\n    for b in range(4):\n        s.step()\nfor a in range(3):\n    f()\n');
    assert.deepEqual([two.unit, two.steps, two.source], ['step', 12, 'loops: range(3) (3) × range(4) (4)']);
    // The epoch loop is the caller's.
    const ep = run(STEP_LR + 'def f():\n    s.step()\nfor epoch in range(5):\n    f()\n');
    assert.deepEqual([ep.unit, ep.steps, ep.source], ['epoch', 5, 'loops: range(5) (5)']);
  });

  it('directly: unitOf over the caller loops and the own loops, allLoops outermost first', () => {
    const U = (kinds: Loop['kind'][], caller: Loop['kind'][] = []) => unitOf(call({ loops: kinds.map((k) => loop(k, 2n)), callerLoops: caller.map((k) => loop(k, 2n)) }));
    assert.equal(U([]), 'unknown');
    assert.equal(U(['unknown']), 'unknown');
    assert.equal(U(['unknown', 'unknown']), 'step');
    assert.equal(U(['unknown', 'unknown', 'unknown']), 'step');
    assert.equal(U(['epoch']), 'epoch');
    assert.equal(U(['unknown', 'epoch']), 'epoch');
    assert.equal(U(['epoch', 'unknown', 'unknown']), 'step');
    assert.equal(U(['batch']), 'step');
    assert.equal(U(['epoch', 'batch']), 'step');
    assert.equal(U(['batch', 'epoch']), 'step');
    assert.equal(U([], ['epoch']), 'epoch');
    assert.equal(U(['unknown'], ['unknown']), 'step');
    assert.equal(U(['epoch'], ['batch']), 'step');
    const c = call({ callerLoops: [loop('epoch', 3n, 'range(3)')], loops: [loop('batch', 5n, 'loader')] });
    assert.deepEqual(allLoops(c).map((l) => l.iterable), ['range(3)', 'loader']);
    assert.deepEqual(allLoops(call({ loops: [loop('batch', 5n, 'loader')] })).map((l) => l.iterable), ['loader']);
  });
});

describe('stepCalls: the run length of a step call from its loops', () => {
  it('the product of the known loop counts, labelled by their iterables', () => {
    assert.deepEqual(stepsOf([call({ loops: [loop('epoch', 3n, 'range(3)'), loop('batch', 4n, 'train_loader')] })]), {
      unit: 'step',
      steps: 12,
      source: 'loops: range(3) (3) × train_loader (4)',
      deps: [],
    });
    // A loop whose count is unknown (or not a number) is left out of the product and of the label.
    assert.deepEqual(stepsOf([call({ loops: [loop('epoch', 3n, 'range(3)'), loop('unknown', null, 'it'), loop('unknown', 'abc', 's')] })]), {
      unit: 'step',
      steps: 3,
      source: 'loops: range(3) (3)',
      deps: [],
    });
    // No count at all: no run length, the schedule's own.
    assert.deepEqual(stepsOf([call({ loops: [loop('unknown', null, 'it')] })]), { unit: 'unknown', steps: null, source: 'schedule', deps: [] });
    assert.deepEqual(stepsOf([call()]), { unit: 'unknown', steps: null, source: 'schedule', deps: [] });
    // A loop counted 0 times gives 0 steps; a boolean count is 0 or 1 (Python's int(True)).
    assert.equal(stepsOf([call({ loops: [loop('epoch', 0n)] })]).steps, 0);
    assert.equal(stepsOf([call({ loops: [loop('epoch', true), loop('batch', 7n)] })]).steps, 7);
  });

  it('an assumed count is used by its value and named among the deps', () => {
    const s = stepsOf([call({ loops: [loop('epoch', new Assumed(10n, ['args.epochs']), 'range(args.epochs)'), loop('batch', new Assumed(500n, ['len(train_loader)']), 'train_loader')] })]);
    assert.deepEqual(s, { unit: 'step', steps: 5000, source: 'loops: range(args.epochs) (10) × train_loader (500)', deps: ['args.epochs', 'len(train_loader)'] });
  });

  it('an iterable longer than 40 characters is cut to 37 and an ellipsis in the label', () => {
    const forty = 'a'.repeat(40);
    const long = 'b'.repeat(41);
    assert.equal(stepsOf([call({ loops: [loop('epoch', 2n, forty)] })]).source, `loops: ${forty} (2)`);
    assert.equal(stepsOf([call({ loops: [loop('epoch', 2n, long)] })]).source, `loops: ${'b'.repeat(37)}... (2)`);
    const r = run(STEP_LR + 'for epoch in range(3):\n    for batch in train_loader_with_a_really_long_name_abcdefghij:\n        s.step()\n');
    assert.equal(r.source, 'loops: range(3) (3) × train_loader_with_a_really_long_name_... (1000)');
  });

  it('the run length is rounded to a whole number of steps', () => {
    assert.equal(stepsOf([call({ loops: [loop('epoch', 2.5)] })]).steps, 3);
    assert.equal(stepsOf([call({ loops: [loop('epoch', 2.4)] })]).steps, 2);
  });

  it("a `while step < max_steps:` whose counter is advanced inside: its count already covers the loops inside it", () => {
    const r = run(STEP_LR + 'max_steps = 100\nstep = 0\nwhile step < max_steps:\n    for batch in range(10):\n        opt.step()\n        s.step()\n        step += 1\n');
    assert.deepEqual([r.unit, r.steps, r.source], ['step', 100, 'loops: step < max_steps (100)']);
    const total = loop('batch', 100n, 'step < max_steps', { total: true });
    assert.equal(stepsOf([call({ loops: [total, loop('batch', 10n)] })]).steps, 100);
    assert.deepEqual(stepsOf([call({ loops: [loop('epoch', 3n, 'range(3)'), { ...total, count: 50n }, loop('batch', 10n)] })]), {
      unit: 'step',
      steps: 150,
      source: 'loops: range(3) (3) × step < max_steps (50)',
      deps: [],
    });
    // The inner loops' guards and a DeepSpeed engine's accumulation are in that count too.
    const guarded = { loops: [total, loop('unknown', 10n)], engine: { every: 4n, text: 'gas' } };
    assert.equal(stepsOf([call({ ...guarded, guards: [modulo('(i + 1) % 4 == 0', 4n)] })]).steps, 100);
    assert.equal(stepsOf([call({ ...guarded, guards: [windowed('i > 5', 4, 1)] })]).steps, 100);
  });
});

describe('stepCalls: which step calls and which finding decide', () => {
  it('the first active step call; when none is active, the first of all', () => {
    const inactive = call({ active: false, loops: [loop('epoch', 5n)] });
    const active = call({ loops: [loop('batch', 7n)] });
    assert.deepEqual(stepsOf([inactive, active]), { unit: 'step', steps: 7, source: 'loops: range(7) (7)', deps: [] });
    assert.deepEqual(stepsOf([inactive, { ...active, active: false }]), { unit: 'epoch', steps: 5, source: 'loops: range(5) (5)', deps: [] });
    // Through the analyzer: a step call in a branch that never runs does not decide.
    const r = run(STEP_LR + 'if False:\n    for x in range(7):\n        s.step()\nfor epoch in range(3):\n    s.step()\n');
    assert.deepEqual([r.unit, r.steps, r.source], ['epoch', 3, 'loops: range(3) (3)']);
    assert.deepEqual(r.f.stepCalls.map((c) => c.unit), ['unknown', 'epoch']);
  });

  it('a finding without step calls takes its parent’s (a scheduler SequentialLR steps), else the schedule’s', () => {
    const parent = finding({ id: 1, stepCalls: [call({ loops: [loop('epoch', 6n, 'range(6)')] })] });
    const child = finding({ parent: 1 });
    assert.deepEqual(stepping(child, [child, parent]).steps, 6);
    assert.equal(stepping(child, [child, parent]).source, 'loops: range(6) (6)');
    // A finding with step calls of its own is not its parent's.
    const own = finding({ parent: 1, stepCalls: [call({ loops: [loop('batch', 9n, 'loader')] })] });
    assert.deepEqual([stepping(own, [own, parent]).steps, stepping(own, [own, parent]).unit], [9, 'step']);
    // A parent index with no finding: the schedule's own length.
    const orphan = stepping(finding({ parent: 4 }), []);
    assert.deepEqual([orphan.unit, orphan.steps, orphan.source], ['unknown', null, 'schedule']);
    // Through the analyzer: the children of a SequentialLR stepped in an epoch loop.
    const src =
      'a = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5)\nb = lr_scheduler.CosineAnnealingLR(opt, T_max=20)\n' +
      's = lr_scheduler.SequentialLR(opt, schedulers=[a, b], milestones=[5])\nfor epoch in range(25):\n    opt.step()\n    s.step()\n';
    const fs = analyze(HEAD + src).schedulers;
    assert.deepEqual(fs.map((f) => [f.kind, f.unit, f.naturalSteps, f.naturalStepsSource]), [
      ['LinearLR', 'epoch', 25, 'loops: range(25) (25)'],
      ['CosineAnnealingLR', 'epoch', 25, 'loops: range(25) (25)'],
      ['SequentialLR', 'epoch', 25, 'loops: range(25) (25)'],
    ]);
  });

  it("a unit the code states (Lightning's interval) wins over the loops', and stands alone without step calls", () => {
    assert.deepEqual(stepsOf([call({ loops: [loop('batch', 10n, 'loader')] })], { unitHint: 'epoch' }), { unit: 'epoch', steps: 10, source: 'loops: loader (10)', deps: [] });
    assert.deepEqual(stepsOf([], { unitHint: 'step' }), { unit: 'step', steps: null, source: 'schedule', deps: [] });
    assert.deepEqual(stepsOf([], { unitHint: 'epoch' }), { unit: 'epoch', steps: null, source: 'schedule', deps: [] });
    // A parent's stepping is taken whole, its unit too.
    const parent = finding({ id: 1, unitHint: 'step' });
    assert.equal(stepping(finding({ parent: 1 }), [finding(), parent]).unit, 'step');
  });
});

describe('stepCalls: guards between the loop and the step call', () => {
  it('`if (i + 1) % N == 0:` steps once every N iterations (floor); `i % N == 0` or an `or` also at the first (ceil)', () => {
    const body = (test: string) => STEP_LR + `for epoch in range(3):\n    for i in range(10):\n        opt.step()\n        if ${test}:\n            s.step()\n`;
    const cases: [string, number][] = [
      ['(i + 1) % 4 == 0', 6],
      ['(i+1)%4 == 0', 6],
      ['i % 4 == 0', 9],
      ['(i + 2) % 4 == 0', 9],
      ['(i+1)%4 == 0 or i == 9', 9],
      ['0 == (i + 1) % 5', 6],
      ['(i + 1) % 1 == 0', 30],
    ];
    for (const [test, n] of cases) {
      const r = run(body(test));
      assert.equal(r.steps, n, test);
      assert.equal(r.source, n === 30 ? 'loops: range(3) (3) × range(10) (10)' : `loops: range(3) (3) × range(10) (10) × every ${test.includes('5') ? 5 : 4}`, test);
    }
  });

  it('the floor/ceil choice reads the text: `+ 1)` before `%` with any spacing, `or` only as a word', () => {
    const L = [loop('epoch', 3n, 'range(3)'), loop('unknown', 10n, 'range(10)')];
    const n = (text: string) => stepsOf([call({ loops: L, guards: [modulo(text, 4n)] })]).steps;
    assert.equal(n('(i + 1) % 4 == 0'), 6);
    assert.equal(n('(i+1)%4==0'), 6);
    assert.equal(n('(i +  1 )  % 4 == 0'), 6);
    assert.equal(n('(i + 11) % 4 == 0'), 9);
    assert.equal(n('(i - 1) % 4 == 0'), 9);
    assert.equal(n('(i + 1) * 2 % 4 == 0'), 9);
    assert.equal(n('(i + 1) % 4 == 0 or last'), 9);
    assert.equal(n('(i + 1) % 4 == 0 and not ignore'), 6);
    assert.equal(n('(i + 1) % 4 == 0 and major'), 6);
    assert.equal(n('(i + 1) % 4 == 0 and orig'), 6);
    assert.deepEqual(stepsOf([call({ loops: L, guards: [modulo('(i + 1) % 4 == 0', 4n)] })]).source, 'loops: range(3) (3) × range(10) (10) × every 4');
  });

  it('N is used only when it is a whole number of at least 2 (1 changes nothing); an assumed N is named', () => {
    const L = [loop('epoch', 3n, 'range(3)'), loop('unknown', 10n, 'range(10)')];
    const of = (divisor: Value | null, kind: LoopGuard['kind'] = 'modulo') => stepsOf([call({ loops: L, guards: [{ kind, text: '(i + 1) % n == 0', divisor }] })]);
    assert.deepEqual(of(1n), { unit: 'step', steps: 30, source: 'loops: range(3) (3) × range(10) (10)', deps: [] });
    assert.equal(of(2n).steps, 15);
    assert.equal(of(4).steps, 6);
    assert.equal(of(2.5).steps, 30);
    assert.equal(of(0n).steps, 30);
    assert.equal(of(-2n).steps, 30);
    assert.equal(of(null).steps, 30);
    assert.equal(of('4').steps, 30);
    assert.deepEqual(of(new Assumed(4n, ['args.accum'])), { unit: 'step', steps: 6, source: 'loops: range(3) (3) × range(10) (10) × every 4', deps: ['args.accum'] });
    // An accelerate `with accumulate(...)` guard is not a `%` (its N is the Accelerator's, see accelerate.ts).
    assert.equal(of(4n, 'accumulate').steps, 30);
    // The innermost guard decides.
    assert.equal(stepsOf([call({ loops: L, guards: [modulo('(i + 1) % 2 == 0', 2n), modulo('(i + 1) % 5 == 0', 5n)] })]).steps, 6);
    assert.equal(stepsOf([call({ loops: L, guards: [modulo('(i + 1) % 5 == 0', 5n), { kind: 'accumulate', text: 'acc', divisor: null }] })]).steps, 30);
  });

  it('an innermost loop of unknown count counts as one iteration; with no run length there is none to divide', () => {
    const L = [loop('epoch', 10n, 'range(10)'), loop('unknown', null, 'it')];
    assert.equal(stepsOf([call({ loops: L, guards: [modulo('i % 4 == 0', 4n)] })]).steps, 10);
    assert.deepEqual(stepsOf([call({ loops: [loop('unknown', null, 'it')], guards: [modulo('i % 4 == 0', 4n)] })]), { unit: 'unknown', steps: null, source: 'schedule', deps: [] });
  });

  it('a `while` the interpreter runs is a loop of the calls in it, counted once it ends: its guard is its own, not the epoch loop\'s', () => {
    const whileBody = (cond: string, end: string) =>
      STEP_LR + `for epoch in range(3):\n    it = 0\n    done = False\n    while ${cond}:\n        opt.step()\n        if (it + 1) % 4 == 0:\n            s.step()\n        it += 1\n${end}`;
    const flag = run(whileBody('not done', '        if it >= 100:\n            done = True\n'));
    assert.deepEqual([flag.unit, flag.steps, flag.source], ['step', 75, 'loops: range(3) (3) × while not done (100) × every 4']);
    const broken = run(whileBody('True', '        if it == 10:\n            break\n'));
    assert.deepEqual([broken.unit, broken.steps, broken.source], ['step', 6, 'loops: range(3) (3) × while True (10) × every 4']);
    // litgpt's `while state["step_count"] < max_steps:` alone: steps by what it compares, its count resting on the guess of max_steps.
    const litgpt = run(
      STEP_LR + 'from litgpt.args import TrainArgs\ntrain = TrainArgs()\nmax_steps = train.max_steps\nstate = {"step_count": 0}\nwhile state["step_count"] < max_steps:\n    opt.step()\n    s.step()\n    state["step_count"] += 1\n',
      { 'train.max_steps': 40 },
    );
    assert.deepEqual([litgpt.unit, litgpt.steps, litgpt.source, litgpt.assumed], ['step', 40, 'loops: while state["step_count"] < max_steps (40)', ['train.max_steps=40']]);
    // litgpt's adapter_v2: `… and train_iterator.epoch < train.epochs` — kind from the first comparison, every comparison's assumptions named.
    const chained = run(
      STEP_LR + 'from litgpt.args import TrainArgs\nfrom litgpt.utils import CycleIterator\ntrain = TrainArgs(epochs=5)\ntrain_iterator = CycleIterator(loader)\nmax_steps = train.max_steps or float("inf")\nstep_count = 0\nwhile step_count < max_steps and train_iterator.epoch < train.epochs:\n    batch = next(train_iterator)\n    opt.step()\n    s.step()\n    step_count += 1\n',
    );
    assert.deepEqual([chained.unit, chained.steps], ['step', 100]);
    assert.deepEqual([...chained.assumed].sort(), ['train.epochs=5', 'train.max_steps=100', 'train_iterator.epoch=0']);
    // Past the interpreter's 1,000 iterations: not counted, and said at the loop.
    const long = analyze(HEAD + STEP_LR + 'state = {"it": 0}\nfor epoch in range(3):\n    state["it"] = 0\n    while state["it"] < 5000:\n        opt.step()\n        s.step()\n        state["it"] += 1\n');
    assert.deepEqual([long.schedulers[0].naturalSteps, long.schedulers[0].naturalStepsSource], [1500, 'schedule']);
    assert.deepEqual(
      long.diagnostics.filter((d) => /1,000 iterations/.test(d.message)).map((d) => [d.severity, d.range?.startPos.line, d.message]),
      [['info', 7, 'LR Lens follows the first 1,000 iterations of `while state["it"] < 5000` only: it does not count how often the loop runs']],
    );
    // Its condition unknown: the loops do not say how often the call runs (the schedule's length is the run), and the epoch loop gets no guard.
    const unknown = run(whileBody('not model.converged()', ''));
    assert.deepEqual([unknown.unit, unknown.steps, unknown.source], ['step', 1500, 'schedule']);
  });

  it('an unknown accumulation N (`args.gradient_accumulation_steps`) is an assumption of the run length: named with it, and its override changes it', () => {
    const src = STEP_LR + 'for epoch in range(3):\n    for i in range(10):\n        opt.step()\n        if (i + 1) % args.grad_accum == 0:\n            s.step()\n';
    const def = run(src);
    assert.deepEqual([def.steps, def.source, def.assumed], [30, 'loops: range(3) (3) × range(10) (10)', ['args.grad_accum=1']]);
    assert.deepEqual(def.f.stepCalls[0].accumulation, { kind: 'modulo', text: '(i + 1) % args.grad_accum == 0', every: 1, assumed: ['args.grad_accum'] });
    const four = run(src, { 'args.grad_accum': 4 });
    assert.deepEqual([four.steps, four.source, four.assumed], [6, 'loops: range(3) (3) × range(10) (10) × every 4', ['args.grad_accum=4']]);
    assert.deepEqual(four.f.stepCalls[0].accumulation, { kind: 'modulo', text: '(i + 1) % args.grad_accum == 0', every: 4, assumed: ['args.grad_accum'] });
  });

  it('`if epoch > N:` steps in the iterations where it holds, of the loop whose variable it compares', () => {
    const outer = run(STEP_LR + 'for epoch in range(3):\n    for i in range(10):\n        opt.step()\n    if epoch >= 1:\n        s.step()\n');
    assert.deepEqual([outer.unit, outer.steps, outer.source], ['epoch', 2, 'loops: range(3) (3) × where epoch >= 1 (2)']);
    // In a function called from an epoch loop: the function's own loop is the one compared.
    const inFn = run(STEP_LR + 'def run(loader):\n    for i in range(10):\n        opt.step()\n        if i >= 4:\n            s.step()\nfor epoch in range(3):\n    run(None)\n');
    assert.deepEqual([inFn.steps, inFn.source], [18, 'loops: range(3) (3) × range(10) (10) × where i >= 4 (6)']);
  });

  it('directly: the window of a loop at its depth among the own loops (the innermost when not said), known and non-empty', () => {
    const L = [loop('epoch', 10n, 'range(10)'), loop('batch', 20n, 'loader')];
    const of = (g: LoopGuard, loops = L, callerLoops: Loop[] = []) => stepsOf([call({ loops, callerLoops, guards: [g] })]);
    assert.deepEqual(of(windowed('epoch > 5', 4, 0)), { unit: 'step', steps: 80, source: 'loops: range(10) (10) × loader (20) × where epoch > 5 (4)', deps: [] });
    assert.equal(of(windowed('i > 4', 15, 1)).steps, 150);
    assert.equal(of(windowed('i > 4', 15)).steps, 150);
    // The depth counts the call's own loops, not its callers'.
    assert.equal(of(windowed('i > 4', 15, 0), [loop('batch', 20n, 'loader')], [loop('epoch', 10n, 'range(10)')]).steps, 150);
    assert.equal(of(windowed('i > 4', 15), [loop('batch', 20n, 'loader')], [loop('epoch', 10n, 'range(10)')]).steps, 150);
    // No count, a loop that is not there, a loop of unknown count: every iteration, as without the guard.
    assert.deepEqual(of(windowed('epoch > x', undefined, 0)), { unit: 'step', steps: 200, source: 'loops: range(10) (10) × loader (20)', deps: [] });
    assert.equal(of(windowed('epoch > 5', 4, 5)).steps, 200);
    assert.equal(of(windowed('x > 5', 4, 1), [loop('epoch', 10n, 'range(10)'), loop('unknown', null, 'it')]).steps, 10);
    // A loop that runs 0 times: 0 steps, not 0 / 0 (the window is not applied).
    assert.deepEqual(of(windowed('epoch > 5', 0, 0), [loop('epoch', 0n)]), { unit: 'epoch', steps: 0, source: 'loops: range(0) (0)', deps: [] });
    // An assumed count of the compared loop is named.
    assert.deepEqual(of(windowed('epoch > 5', 4, 0), [loop('epoch', new Assumed(10n, ['args.epochs']), 'range(args.epochs)')]).deps, ['args.epochs']);
    // A window not innermost: the innermost guard decides.
    assert.equal(stepsOf([call({ loops: L, guards: [windowed('epoch > 5', 4, 0), modulo('(i + 1) % 4 == 0', 4n)] })]).steps, 50);
  });

  it("a DeepSpeed engine steps once every gradient_accumulation_steps of its calls, counted over the whole run", () => {
    const L = [loop('epoch', 3n, 'range(3)'), loop('batch', 10n, 'loader')];
    const of = (every: Value | null, loops = L) => stepsOf([call({ loops, engine: { every, text: '"gradient_accumulation_steps": 4' } })]);
    assert.deepEqual(of(4n), { unit: 'step', steps: 7, source: 'loops: range(3) (3) × loader (10) × every 4 (gradient_accumulation_steps)', deps: [] });
    assert.deepEqual(of(1n), { unit: 'step', steps: 30, source: 'loops: range(3) (3) × loader (10)', deps: [] });
    assert.equal(of(null).steps, 30);
    assert.deepEqual(of(new Assumed(8n, ['gas'])), { unit: 'step', steps: 3, source: 'loops: range(3) (3) × loader (10) × every 8 (gradient_accumulation_steps)', deps: ['gas'] });
    // The count is rounded before it is divided (⌊round(3.5) / 2⌋ = 2).
    assert.equal(of(2n, [loop('batch', 3.5)]).steps, 2);
    assert.deepEqual(of(4n, [loop('unknown', null, 'it')]), { unit: 'unknown', steps: null, source: 'schedule', deps: [] });
  });
});

describe('stepCalls: timm’s protocol (step_update per batch, step(epoch) per epoch)', () => {
  const TIMM = 'import torch\nfrom timm.scheduler import CosineLRScheduler, create_scheduler_v2\noptimizer = torch.optim.SGD([], lr=0.1)\n';
  const timm = (src: string) => {
    const f = analyze(TIMM + src).schedulers[0];
    return { unit: f.unit, steps: f.naturalSteps, source: f.naturalStepsSource, timm: f.timm };
  };

  it('through the analyzer: the epochs from the loops around step(epoch), the updates from the loop around step_update', () => {
    assert.deepEqual(timm('scheduler = CosineLRScheduler(optimizer, t_initial=10)\nfor epoch in range(4):\n    for batch in range(5):\n        optimizer.step()\n    scheduler.step(epoch + 1)\n'), {
      unit: 'epoch',
      steps: 4,
      source: 'epochs: range(4) (4)',
      timm: { epochs: 4, updatesPerEpoch: 0, epochCalls: true, source: 'epochs: range(4) (4)' },
    });
    assert.deepEqual(
      timm('scheduler = CosineLRScheduler(optimizer, t_initial=10, t_in_epochs=False)\nn = 0\nfor epoch in range(4):\n    for batch in range(5):\n        optimizer.step()\n        n += 1\n        scheduler.step_update(num_updates=n)\n'),
      { unit: 'step', steps: 20, source: 'updates: range(5) (5)', timm: { epochs: 4, updatesPerEpoch: 5, epochCalls: false, source: 'updates: range(5) (5)' } },
    );
    assert.deepEqual(
      timm(
        'scheduler = CosineLRScheduler(optimizer, t_initial=10)\ndef train_one_epoch(loader):\n    for batch in loader:\n        optimizer.step()\n        scheduler.step_update(num_updates=1)\n' +
          'for epoch in range(4):\n    train_one_epoch(range(6))\n    scheduler.step(epoch + 1)\n',
      ),
      { unit: 'step', steps: 28, source: 'updates: loader (6), epochs: range(4) (4)', timm: { epochs: 4, updatesPerEpoch: 6, epochCalls: true, source: 'updates: loader (6), epochs: range(4) (4)' } },
    );
  });

  it("through the analyzer: without step calls, the schedule's own epochs (t_initial in epochs, create_scheduler_v2's num_epochs), else the run length", () => {
    assert.deepEqual(timm('scheduler = CosineLRScheduler(optimizer, t_initial=10)\n').timm, { epochs: 10, updatesPerEpoch: 0, epochCalls: true, source: 'epochs: schedule (10)' });
    assert.deepEqual(timm('scheduler = CosineLRScheduler(optimizer, t_initial=10, t_in_epochs=False)\n').timm, { epochs: 100, updatesPerEpoch: 0, epochCalls: true, source: 'epochs: schedule (100)' });
    assert.deepEqual(timm("scheduler, num_epochs = create_scheduler_v2(optimizer, sched='cosine', num_epochs=7, updates_per_epoch=3)\n").timm, {
      epochs: 7,
      updatesPerEpoch: 0,
      epochCalls: true,
      source: 'epochs: schedule (7)',
    });
  });

  const T = (calls: StepCallRec[], args: Record<string, unknown> = { t_initial: 10 }, kind = 'timm.CosineLRScheduler', runLength = 100) => {
    const r = timmProtocol(finding({ kind, library: 'timm', spec: { kind, args: args as never }, stepCalls: calls }), runLength);
    return { epochs: r.epochs, updates: r.updatesPerEpoch, epochCalls: r.epochCalls, source: r.source, deps: [...r.deps].sort() };
  };
  const upd = (loops: Loop[], over: Partial<StepCallRec> = {}) => call({ method: 'step_update', loops, ...over });
  const ep = (loops: Loop[], over: Partial<StepCallRec> = {}) => call({ loops, ...over });

  it('directly: step_update alone — its innermost loop the updates, the loops around it the epochs', () => {
    assert.deepEqual(T([upd([loop('epoch', 4n, 'range(4)'), loop('batch', 5n, 'loader')])]), { epochs: 4, updates: 5, epochCalls: false, source: 'updates: loader (5)', deps: [] });
    assert.deepEqual(T([upd([loop('batch', 5n, 'loader')], { callerLoops: [loop('epoch', 2n, 'range(2)'), loop('unknown', 3n, 'range(3)')] })]), { epochs: 6, updates: 5, epochCalls: false, source: 'updates: loader (5)', deps: [] });
    // In one loop only: one epoch of those updates; in none: one update, one epoch.
    assert.deepEqual(T([upd([loop('batch', 5n, 'loader')])]), { epochs: 1, updates: 5, epochCalls: false, source: 'updates: loader (5)', deps: [] });
    assert.deepEqual(T([upd([])]), { epochs: 1, updates: 1, epochCalls: false, source: '', deps: [] });
    // An unknown epoch count: the schedule's t_initial (in epochs), else the run length.
    assert.deepEqual(T([upd([loop('epoch', null, 'it'), loop('batch', 5n, 'loader')])]), { epochs: 10, updates: 5, epochCalls: false, source: 'updates: loader (5), epochs: schedule (10)', deps: [] });
    assert.deepEqual(T([upd([loop('epoch', null, 'it'), loop('batch', 5n, 'loader')])], { t_initial: 10, t_in_epochs: false }).epochs, 100);
    assert.deepEqual(T([upd([loop('epoch', null, 'it'), loop('batch', 5n, 'loader')])], {}, 'timm.CosineLRScheduler', 42).epochs, 42);
    // An unknown update count: the schedule's updates_per_epoch when it is a number ≥ 0, else 0.
    const unknownUpdates = [upd([loop('epoch', 3n, 'range(3)'), loop('batch', null, 'loader')])];
    assert.deepEqual(T(unknownUpdates, { t_initial: 10, updates_per_epoch: 7 }), { epochs: 3, updates: 7, epochCalls: false, source: 'updates: loader (?)', deps: [] });
    assert.equal(T(unknownUpdates, { t_initial: 10, updates_per_epoch: 0 }).updates, 0);
    assert.equal(T(unknownUpdates, { t_initial: 10, updates_per_epoch: -1 }).updates, 0);
    assert.equal(T(unknownUpdates, { t_initial: 10, updates_per_epoch: Infinity }).updates, 0);
    assert.equal(T(unknownUpdates, { t_initial: 10, updates_per_epoch: '7' }).updates, 0);
    assert.equal(T(unknownUpdates, { t_initial: 10 }).updates, 0);
  });

  it('directly: step(epoch) — the product of its loops the epochs (one without loops); with step_update both', () => {
    assert.deepEqual(T([ep([loop('epoch', 4n, 'range(4)')])]), { epochs: 4, updates: 0, epochCalls: true, source: 'epochs: range(4) (4)', deps: [] });
    assert.deepEqual(T([ep([loop('unknown', 2n, 'range(2)')], { callerLoops: [loop('epoch', 3n, 'range(3)')] })]), { epochs: 6, updates: 0, epochCalls: true, source: 'epochs: range(3) × range(2) (6)', deps: [] });
    assert.deepEqual(T([ep([])]), { epochs: 1, updates: 0, epochCalls: true, source: '', deps: [] });
    assert.deepEqual(T([ep([loop('epoch', null, 'it')])]), { epochs: 10, updates: 0, epochCalls: true, source: 'epochs: it (?), epochs: schedule (10)', deps: [] });
    // One unknown count among known ones: the product is unknown too (the schedule's epochs), not a product with 0.
    assert.deepEqual(T([ep([loop('epoch', 3n, 'range(3)'), loop('unknown', null, 'it')])]).epochs, 10);
    assert.deepEqual(T([upd([loop('epoch', 3n, 'range(3)'), loop('unknown', null, 'it'), loop('batch', 5n, 'loader')])]), { epochs: 10, updates: 5, epochCalls: false, source: 'updates: loader (5), epochs: schedule (10)', deps: [] });
    // Both: the epochs are step(epoch)'s loops', not the ones around step_update.
    assert.deepEqual(T([upd([loop('epoch', 3n, 'range(3)'), loop('batch', 6n, 'loader')]), ep([loop('epoch', 4n, 'range(4)')])]), {
      epochs: 4,
      updates: 6,
      epochCalls: true,
      source: 'updates: loader (6), epochs: range(4) (4)',
      deps: [],
    });
    // The order of the calls does not matter.
    assert.deepEqual(T([ep([loop('epoch', 4n, 'range(4)')]), upd([loop('epoch', 3n, 'range(3)'), loop('batch', 6n, 'loader')])]).epochs, 4);
  });

  it('directly: the active calls decide (all of them when none is), assumed counts are named, counts are rounded and not negative', () => {
    assert.deepEqual(T([upd([loop('batch', 9n, 'a')], { active: false }), upd([loop('batch', 5n, 'b')])]), { epochs: 1, updates: 5, epochCalls: false, source: 'updates: b (5)', deps: [] });
    assert.deepEqual(T([ep([loop('epoch', 9n, 'a')], { active: false }), upd([loop('batch', 5n, 'b')])]), { epochs: 1, updates: 5, epochCalls: false, source: 'updates: b (5)', deps: [] });
    assert.equal(T([upd([loop('batch', 9n, 'a')], { active: false }), upd([loop('batch', 5n, 'b')], { active: false })]).updates, 9);
    assert.deepEqual(
      T([upd([loop('epoch', new Assumed(3n, ['args.epochs']), 'range(args.epochs)'), loop('batch', new Assumed(50n, ['len(loader)']), 'loader')])]),
      { epochs: 3, updates: 50, epochCalls: false, source: 'updates: loader (50)', deps: ['args.epochs', 'len(loader)'] },
    );
    assert.deepEqual(T([upd([loop('epoch', 2.6, 'e'), loop('batch', 4.4, 'b')])]), { epochs: 3, updates: 4, epochCalls: false, source: 'updates: b (4.4)', deps: [] });
    assert.equal(T([], {}, 'timm.CosineLRScheduler', -5).epochs, 0);
  });

  it("directly: no step call — create_scheduler_v2's num_epochs, a class's t_initial when in epochs, else the run length", () => {
    assert.deepEqual(T([]), { epochs: 10, updates: 0, epochCalls: true, source: 'epochs: schedule (10)', deps: [] });
    assert.deepEqual(T([], { t_initial: 10, t_in_epochs: false }), { epochs: 100, updates: 0, epochCalls: true, source: 'epochs: schedule (100)', deps: [] });
    assert.equal(T([], { t_initial: 10, t_in_epochs: true }).epochs, 10);
    assert.equal(T([], { t_initial: -3 }).epochs, 100);
    assert.equal(T([], { t_initial: NaN }).epochs, 100);
    assert.equal(T([], { t_initial: 'x' }).epochs, 100);
    assert.equal(T([], { t_initial: 0 }).epochs, 0);
    assert.deepEqual(T([], { sched: 'cosine', num_epochs: 7 }, 'timm.create_scheduler_v2'), { epochs: 7, updates: 0, epochCalls: true, source: 'epochs: schedule (7)', deps: [] });
    // create_scheduler_v2 refuses per-update stepping without updates_per_epoch: the run length.
    assert.deepEqual(T([], { sched: 'cosine', num_epochs: 7, step_on_epochs: false, updates_per_epoch: 0 }, 'timm.create_scheduler_v2', 33).epochs, 33);
    // An argument create_scheduler_v2 does not take: it raises, and the run length is used.
    assert.equal(T([], { sched: 'cosine', num_epochs: 7, t_initial: 12 } as never, 'timm.create_scheduler_v2', 33).epochs, 33);
  });
});
