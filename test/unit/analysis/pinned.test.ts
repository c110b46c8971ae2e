// Behaviour that one-line wrong changes used to leave unnoticed (issue 20's survivors): each test
// pins the exact value at the boundary the code decides on.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { lint } from '../../../src/core/lint';
import { simulate } from '../../../src/core/engine';

const HEAD = 'import torch\nfrom torch.optim import lr_scheduler\nopt = torch.optim.SGD(params, lr=0.1)\n';
const only = (src: string, options = {}) => {
  const r = analyze(HEAD + src, options);
  assert.equal(r.schedulers.length, 1, JSON.stringify(r.diagnostics));
  return { r, f: r.schedulers[0] };
};

describe('pinned: unit and run length from the loops (stepCalls)', () => {
  it('a step call inside two loops that name neither batches nor epochs is a per-step schedule', () => {
    const { f } = only('s = lr_scheduler.StepLR(opt, step_size=500)\nfor a in range(3):\n    for b in range(4):\n        s.step()\n');
    assert.equal(f.unit, 'step');
    assert.equal(f.naturalSteps, 12);
    assert.equal(f.naturalStepsSource, 'loops: range(3) (3) × range(4) (4)');
  });
  it('inside one such loop the unit stays unknown', () => {
    const { f } = only('s = lr_scheduler.StepLR(opt, step_size=500)\nfor a in range(3):\n    s.step()\n');
    assert.equal(f.unit, 'unknown');
    assert.equal(f.naturalSteps, 3);
  });
  it('StepLR without loops runs three periods, or the default run length when that is longer', () => {
    assert.equal(only('s = lr_scheduler.StepLR(opt, step_size=50)\n').f.naturalSteps, 150);
    assert.equal(only('s = lr_scheduler.StepLR(opt, step_size=34)\n').f.naturalSteps, 102);
    assert.equal(only('s = lr_scheduler.StepLR(opt, step_size=20)\n').f.naturalSteps, 100);
    assert.equal(only('s = lr_scheduler.StepLR(opt, step_size=50)\n', { defaultRunLength: 400 }).f.naturalSteps, 400);
  });
  it('LinearLR, ConstantLR and PolynomialLR without loops run twice their total_iters (at least the default)', () => {
    assert.equal(only('s = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=80)\n').f.naturalSteps, 160);
    assert.equal(only('s = lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=70)\n').f.naturalSteps, 140);
    assert.equal(only('s = lr_scheduler.PolynomialLR(opt, total_iters=30)\n').f.naturalSteps, 100);
  });
});

describe('pinned: assumptions (defaults and overrides)', () => {
  it('an unknown warm-up ratio is assumed to be 0.1, named, with its reason', () => {
    const { r, f } = only(
      'from transformers import get_cosine_schedule_with_warmup\ntotal = 1000\n' +
        's = get_cosine_schedule_with_warmup(opt, num_warmup_steps=int(args.warmup_ratio * total), num_training_steps=total)\n',
    );
    assert.deepEqual(r.assumptions.map(({ name, value, reason }) => ({ name, value, reason })), [{ name: 'args.warmup_ratio', value: 0.1, reason: 'warm-up fraction unknown' }]);
    assert.equal(f.params.num_warmup_steps, 100);
  });
  it('names that are properties of every JS object (constructor, toString) are ordinary unknowns, not overrides', () => {
    for (const name of ['constructor', 'toString', 'cfg.toString', '__proto__']) {
      const { r, f } = only(`s = lr_scheduler.StepLR(opt, step_size=${name})\n`);
      assert.equal(f.params.step_size, 33, name);
      const a = r.assumptions.find((x) => x.name === name);
      assert.ok(a, name);
      assert.equal(a.value, 33);
      assert.equal(a.overridden, undefined, name);
    }
    const { r, f } = only('s = lr_scheduler.StepLR(opt, step_size=constructor)\n', { assumptions: { constructor: 7 } });
    assert.equal(f.params.step_size, 7);
    assert.equal(r.assumptions[0].overridden, true);
  });
});

describe('pinned: warm-up as long as training (runLengthRules)', () => {
  const script = (W: number) =>
    'from transformers import get_linear_schedule_with_warmup\n' +
    `s = get_linear_schedule_with_warmup(opt, num_warmup_steps=${W}, num_training_steps=1000)\n` +
    'for step in range(1000):\n    opt.step()\n    s.step()\n';
  const rules = (W: number) => {
    const src = HEAD + script(W);
    return lint(analyze(src), src).diagnostics.filter((d) => d.rule === 'warmup-too-long').map((d) => d.message);
  };
  it('a warm-up of exactly the training length never reaches the peak: reported', () => {
    assert.deepEqual(rules(1000), ['The warm-up is 1,000 steps but training is 1,000 steps: the lr never reaches 0.1; it peaks at 0.0999 at step 1,000']);
  });
  it('one step shorter is fine', () => {
    assert.deepEqual(rules(999), []);
  });
});

describe('pinned: OneCycleLR total_steps', () => {
  const SGD = { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9 }] };
  it('total_steps = 0 is refused at construction with PyTorch\'s message', () => {
    const c = simulate({ kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 0 } }, SGD, { steps: 5 });
    assert.equal(c.error?.atStep, 0);
    assert.equal(c.error?.argument, 'total_steps');
    assert.equal(c.error?.message, 'Expected positive integer total_steps, but got 0');
  });
  it('total_steps = 1 is accepted', () => {
    const c = simulate({ kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 1 } }, SGD, { steps: 0 });
    assert.equal(c.error, undefined);
  });
});
