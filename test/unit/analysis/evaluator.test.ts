// The safe interpreter: Python's arithmetic semantics, closures, the operation budget, the sandbox.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';
import { evalPython } from '../../../src/core/model/sandbox';

function py(expr: string, module = 'import math'): string {
  const r = evalPython(module, expr);
  if (r.error) return `!${r.error.type}: ${r.error.message}`;
  return r.repr as string;
}

describe('analysis: Python semantics of the interpreter', () => {
  const cases: [string, string][] = [
    ['7 // 2', '3'],
    ['-7 // 2', '-4'],
    ['7 / 2', '3.5'],
    ['6 / 2', '3.0'],
    ['-7 % 3', '2'],
    ['7 % -3', '-2'],
    ['-7.5 % 2', '0.5'],
    ['7.0 // 2', '3.0'],
    ['-7.0 // 2', '-4.0'],
    ['2 ** 10', '1024'],
    ['2 ** 100', '1267650600228229401496703205376'],
    ['2 ** -1', '0.5'],
    ['0.95 ** 3', String(0.95 ** 3)],
    ['(-8) ** 2', '64'],
    // `0.` and `1.` are floats (MAE's `default=0.`, `(1. + math.cos(…))`).
    ['0. + 1', '1.0'],
    ['(1. + 2) * 2', '6.0'],
    ['[0., 2.][1]', '2.0'],
    ['round(2.5)', '2'],
    ['round(3.5)', '4'],
    ['round(-0.5)', '0'],
    ['round(2.675, 2)', '2.67'],
    ['round(7)', '7'],
    ['int(-2.7)', '-2'],
    ['int("12")', '12'],
    ['float(3)', '3.0'],
    ["float('inf')", 'inf'],
    ["float('-inf') < -1e308", 'True'],
    ['max(1, 2.0)', '2.0'],
    ['max(3, 2.0)', '3'],
    ['min([4, 1, 3])', '1'],
    ['abs(-3)', '3'],
    ['abs(-3.5)', '3.5'],
    ['True + 1', '2'],
    ['True * 2.5', '2.5'],
    ['0.1 + 0.2', '0.30000000000000004'],
    ['1e-5', '1e-05'],
    ['1e16', '1e+16'],
    ['123456789.0', '123456789.0'],
    ['math.ceil(2.1)', '3'],
    ['math.floor(-2.1)', '-3'],
    ['math.cos(math.pi)', '-1.0'],
    ['math.sqrt(16)', '4.0'],
    ['math.log(math.e)', '1.0'],
    ['math.pow(2, 3)', '8.0'],
    ['math.inf > 10**300', 'True'],
    ['1 < 2 < 3', 'True'],
    ['1 < 3 < 2', 'False'],
    ['3 if 1 > 2 else 4', '4'],
    ['not 0 and 5', '5'],
    ['not 1 or 0', '0'],
    ['not (0 and 5)', 'True'],
    ['0 or "x"', "'x'"],
    ['[1, 2, 3][-1]', '3'],
    ['[1, 2, 3][1:]', '[2, 3]'],
    ['(1, 2)[0]', '1'],
    ['{"a": 1, "b": 2}["b"]', '2'],
    ['{"a": 1}.get("z", 7)', '7'],
    ['len([1, 2, 3])', '3'],
    ['sum([1, 2, 3])', '6'],
    ['sum([0.5, 1])', '1.5'],
    ['[x * 2 for x in range(4) if x != 2]', '[0, 2, 6]'],
    ['list(range(10, 0, -3))', '[10, 7, 4, 1]'],
    ['divmod(-7, 2)', '(-4, 1)'],
    ['2 in [1, 2]', 'True'],
    ['"co" in "cosine"', 'True'],
    ['None is None', 'True'],
    ['isinstance(3, int)', 'True'],
    ['isinstance(True, int)', 'True'],
    ['"lr=%s" % 0.1', "'lr=0.1'"],
    ['str(1.0)', "'1.0'"],
  ];
  for (const [expr, expected] of cases) {
    it(`${expr} → ${expected}`, () => assert.equal(py(expr), expected));
  }

  it('raises Python exceptions with Python messages', () => {
    assert.equal(py('1 / 0'), '!ZeroDivisionError: division by zero');
    assert.equal(py('1.0 / 0'), '!ZeroDivisionError: float division by zero');
    assert.equal(py('1 // 0'), '!ZeroDivisionError: integer division or modulo by zero');
    assert.equal(py('math.sqrt(-1)'), '!ValueError: math domain error');
    assert.equal(py('math.log(0)'), '!ValueError: math domain error');
    assert.equal(py('math.cos(math.inf)'), '!ValueError: math domain error');
    // NaN passes through CPython's math functions without a domain error.
    for (const f of ['cos', 'sin', 'tan', 'acos', 'sqrt', 'log2', 'log1p']) assert.equal(py(`math.${f}(math.nan)`), 'nan', f);
    assert.equal(py('[1][3]'), '!IndexError: list index out of range');
    assert.equal(py('{"a": 1}["b"]'), "!KeyError: 'b'");
    assert.equal(py('undefined_name'), "!NameError: name 'undefined_name' is not defined");
    assert.equal(py("'a' + 1"), "!TypeError: unsupported operand type(s) for +: 'str' and 'int'");
    assert.equal(py('int(float("nan"))'), '!ValueError: cannot convert float NaN to integer');
  });

  it('module-level names, functions, closures and factories', () => {
    const mod = [
      'import math',
      'BASE = 10',
      'def make(k):',
      '    def inner(x):',
      '        return x * k + BASE',
      '    return inner',
      'def one_cycle(y1=0.0, y2=1.0, steps=100):',
      '    return lambda x: ((1 - math.cos(x * math.pi / steps)) / 2) * (y2 - y1) + y1',
      'def piecewise(e):',
      '    if e < 5:',
      '        return 1.0',
      '    elif e < 10:',
      '        return 0.5',
      '    else:',
      '        f = 0.1',
      '        for _ in range(2):',
      '            f *= 0.5',
      '        return f',
      'cfg = {"lr": 0.1, "steps": [3, 6]}',
      'class C:',
      '    lr = 0.25',
      '    def twice(self, v):',
      '        return v * 2',
    ].join('\n');
    assert.equal(py('make(3)(2)', mod), '16');
    assert.equal(py('one_cycle(1, 0.01, 100)(0)', mod), '1.0');
    assert.equal(py('one_cycle(1, 0.01, 100)(100)', mod), '0.010000000000000009'); // as Python prints it
    assert.equal(py('piecewise(3)', mod), '1.0');
    assert.equal(py('piecewise(7)', mod), '0.5');
    assert.equal(py('piecewise(12)', mod), '0.025');
    assert.equal(py('cfg["steps"][1] * cfg["lr"]', mod), '0.6000000000000001');
    assert.equal(py('C.lr + C().lr', mod), '0.5');
    assert.equal(py('C().twice(4)', mod), '8');
  });

  it('`global args` then `args = …` in a function: other functions read it as the global', () => {
    const src = [
      'import torch',
      'def main():',
      '    global args',
      '    args = Namespace()',
      '    args.lr = 0.2',
      '    opt = torch.optim.SGD([], lr=0.1)',
      '    for epoch in range(20):',
      '        set_lr(opt, epoch)',
      'class Namespace:',
      '    pass',
      'def set_lr(opt, epoch):',
      "    for g in opt.param_groups:",
      "        g['lr'] = args.lr * 0.5 ** epoch",
      'main()',
      '',
    ].join('\n');
    const f = analyze(src).schedulers[0];
    assert.equal(f.naturalSteps, 20);
    const c = curveFor(f).curve;
    assert.deepEqual([c.lr[0], c.lr[3]], [0.2, 0.2 * 0.5 ** 3]);
  });

  it('super(): zero-argument in a method (its class and first argument), two-argument, down the MRO; object.__init__', () => {
    const mod = [
      'class A:',
      '    def __init__(self, k):',
      '        super().__init__()',
      '        self.k = k',
      '    def f(self, x):',
      '        return x * self.k',
      'class B(A):',
      '    def f(self, x):',
      '        return super().f(x) + 1',
      'class C(B):',
      '    def __init__(self):',
      '        super(C, self).__init__(10)',
      '    def f(self, x):',
      '        return [super().f(y) for y in range(x)]',
    ].join('\n');
    assert.equal(py('B(3).f(2)', mod), '7');
    assert.equal(py('C().f(3)', mod), '[1, 11, 21]');
    assert.equal(py('super()', mod), '!RuntimeError: super(): no arguments');
    assert.equal(py('B(3).nope()', mod), "!AttributeError: 'B' object has no attribute 'nope'");
  });

  it('stops an infinite loop with its operation budget', () => {
    const mod = 'def spin(x):\n    while True:\n        x += 1\n    return x';
    const r = evalPython(mod, 'spin(0)', { ops: 5000 });
    assert.equal(r.error?.type, 'BudgetError');
    const t0 = Date.now();
    evalPython('def rec(n):\n    return rec(n + 1)', 'rec(0)');
    assert.ok(Date.now() - t0 < 1000);
  });

  it('refuses I/O, imports and eval', () => {
    for (const expr of ['open("/etc/passwd")', '__import__("os")', 'eval("1+1")', 'exec("x=1")', 'input()', 'globals()']) {
      const r = evalPython('', expr);
      assert.equal(r.error?.type, 'PermissionError', expr);
    }
    const r = evalPython('def f():\n    import os\n    return 1', 'f()');
    assert.equal(r.error?.type, 'ImportError');
  });

  it('an lr_lambda that loops forever becomes an error at its step, not a hang', () => {
    const src = [
      'import torch',
      'opt = torch.optim.SGD([torch.zeros(1)], lr=0.1)',
      'def lr_lambda(step):',
      '    if step < 3:',
      '        return 1.0',
      '    while True:',
      '        pass',
      'scheduler = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda)',
    ].join('\n');
    const f = analyze(src).schedulers[0];
    const t0 = Date.now();
    const { curve } = curveFor(f, { steps: 10 });
    assert.ok(Date.now() - t0 < 1000);
    assert.ok(curve.error, 'an error is reported');
    assert.equal(curve.error.atStep, 3);
    assert.match(curve.error.message, /10,000-operation budget/);
  });

  it('an lr_lambda that divides by zero raises ZeroDivisionError at that step', () => {
    const src = [
      'import torch',
      'opt = torch.optim.SGD([torch.zeros(1)], lr=0.1)',
      'scheduler = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1 / (5 - e))',
    ].join('\n');
    const { curve } = curveFor(analyze(src).schedulers[0], { steps: 10 });
    assert.equal(curve.error?.atStep, 5);
    assert.equal(curve.error?.type, 'ZeroDivisionError');
  });
});

describe('analysis: resolving values without running the program', () => {
  function only(src: string) {
    const r = analyze(src);
    assert.equal(r.schedulers.length, 1, JSON.stringify(r.schedulers.map((s) => s.kind)));
    return r.schedulers[0];
  }

  it('import styles', () => {
    const bodies = [
      'import torch\nopt = torch.optim.SGD(p, lr=0.1)\ns = torch.optim.lr_scheduler.StepLR(opt, 5)',
      'import torch\nfrom torch.optim.lr_scheduler import StepLR as S\nopt = torch.optim.SGD(p, lr=0.1)\ns = S(opt, 5)',
      'import torch\nimport torch.optim.lr_scheduler as sch\nopt = torch.optim.SGD(p, lr=0.1)\ns = sch.StepLR(opt, 5)',
      'from torch import optim\nfrom torch.optim import lr_scheduler\nopt = optim.SGD(p, lr=0.1)\ns = lr_scheduler.StepLR(opt, 5)',
      'import torch.optim as optim\nopt = optim.SGD(p, lr=0.1)\ns = optim.lr_scheduler.StepLR(opt, 5)',
      'from torch.optim import SGD\nfrom torch.optim.lr_scheduler import *\nopt = SGD(p, 0.1)\ns = StepLR(opt, 5)',
    ];
    for (const b of bodies) {
      const f = only(b);
      assert.equal(f.kind, 'StepLR', b);
      assert.deepEqual(f.params, { step_size: 5 }, b);
      assert.deepEqual(f.baseLrs, [0.1], b);
    }
  });

  it('transformers import styles and get_scheduler by name', () => {
    const bodies = [
      'import transformers\nopt = transformers.AdamW(p, lr=0.001)\ns = transformers.get_cosine_schedule_with_warmup(opt, 10, 100)',
      'from transformers.optimization import get_cosine_schedule_with_warmup\nimport torch\nopt = torch.optim.AdamW(p, lr=0.001)\ns = get_cosine_schedule_with_warmup(opt, num_warmup_steps=10, num_training_steps=100)',
    ];
    for (const b of bodies) {
      const f = only(b);
      assert.equal(f.kind, 'get_cosine_schedule_with_warmup');
      assert.equal(f.params.num_training_steps, 100);
    }
    const g = only('from transformers import get_scheduler, SchedulerType\nimport torch\nopt = torch.optim.AdamW(p, lr=1e-3)\ns = get_scheduler(SchedulerType.COSINE, opt, num_warmup_steps=5, num_training_steps=50)');
    assert.equal(g.params.name, 'cosine');
  });

  it('argparse defaults through args.x, dashes, dest= and type conversion', () => {
    const src = [
      'import argparse, torch',
      'parser = argparse.ArgumentParser()',
      'parser.add_argument("--step-size", type=int, default="7")',
      'parser.add_argument("--g", dest="gamma", type=float, default=0.5)',
      'parser.add_argument("--lr", type=float, default=0.05)',
      'args = parser.parse_args()',
      'opt = torch.optim.SGD(p, lr=args.lr)',
      'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=args.step_size, gamma=args.gamma)',
    ].join('\n');
    const f = only(src);
    assert.deepEqual(f.params, { step_size: 7, gamma: 0.5 });
    assert.deepEqual(f.baseLrs, [0.05]);
    assert.deepEqual(f.assumptions, []);
  });

  it('dataclass and class attribute defaults', () => {
    const src = [
      'from dataclasses import dataclass, field',
      'import torch',
      '@dataclass',
      'class Cfg:',
      '    lr: float = 3e-4',
      '    milestones: list = field(default_factory=lambda: [10, 20])',
      '    gamma: float = 0.5',
      'class Old:',
      '    EPOCHS = 30',
      'cfg = Cfg(gamma=0.25)',
      'opt = torch.optim.Adam(p, lr=cfg.lr)',
      'sched = torch.optim.lr_scheduler.MultiStepLR(opt, cfg.milestones, cfg.gamma)',
      'cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, Old.EPOCHS)',
    ].join('\n');
    const r = analyze(src);
    assert.deepEqual(r.schedulers[0].params, { milestones: [10, 20], gamma: 0.25 });
    assert.deepEqual(r.schedulers[0].baseLrs, [3e-4]);
    assert.deepEqual(r.schedulers[1].params, { T_max: 30 });
  });

  it('unknown values become named assumptions with reasons, never silent guesses', () => {
    const src = [
      'import yaml, torch, math',
      'cfg = yaml.safe_load(open("c.yaml"))',
      'opt = torch.optim.SGD(p, lr=cfg["lr"])',
      'steps = cfg["epochs"] * math.ceil(len(train_loader) / 2)',
      'sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)',
    ].join('\n');
    const f = only(src);
    const names = f.assumptions.map((a) => a.name).sort();
    assert.deepEqual(names, ['cfg["epochs"]', 'cfg["lr"]', 'len(train_loader)']);
    for (const a of f.assumptions) assert.ok(a.reason.length > 5);
    assert.equal(f.params.T_max, 10 * 500);
    assert.deepEqual(f.baseLrs, [0.001]);
  });

  it('per-group lr from a list of dicts and the optimizer default lr', () => {
    const f = only('import torch\nopt = torch.optim.SGD([{"params": a, "lr": 0.1}, {"params": b}], lr=0.01, momentum=0.9)\ns = torch.optim.lr_scheduler.ExponentialLR(opt, 0.9)');
    assert.deepEqual(f.baseLrs, [0.1, 0.01]);
    const g = only('import torch\nopt = torch.optim.Adam(model.parameters())\ns = torch.optim.lr_scheduler.ExponentialLR(opt, 0.9)');
    assert.deepEqual(g.baseLrs, [0.001]);
  });

  it('a user function that returns a scheduler is followed', () => {
    const src = [
      'import torch',
      'def build(optimizer, kind, total):',
      '    if kind == "cos":',
      '        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total)',
      '    return torch.optim.lr_scheduler.StepLR(optimizer, total // 3)',
      'opt = torch.optim.SGD(p, lr=0.1)',
      'scheduler = build(opt, "cos", 120)',
    ].join('\n');
    const r = analyze(src);
    const cos = r.schedulers.find((s) => s.kind === 'CosineAnnealingLR');
    assert.ok(cos);
    assert.equal(cos.name, 'scheduler');
    assert.equal(cos.active, true);
    assert.deepEqual(cos.params, { T_max: 120 });
  });
});
