// A loop the analysis reads once (an epoch or batch loop, a range too long to run, a `while` cut at
// 1,000 iterations or with an unknown condition) leaves the names its body carries from one iteration
// to the next holding one reading's value. Those names are unknowns after the loop, so a scheduler
// argument computed from them is a named assumption, never the one-iteration number.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { loopCarriedNames } from '../../../src/core/python/loopCarried';
import { parseBlock } from '../../../src/core/python/parse';
import type { Stmt } from '../../../src/core/python/ast';

const HEAD = 'import torch\nopt = torch.optim.SGD(params, lr=0.1)\n';
const bodyOf = (loop: string): Stmt[] => {
  const st = parseBlock(loop).stmts[0];
  assert.ok(st.t === 'for' || st.t === 'while', st.t);
  return (st as Extract<Stmt, { t: 'for' }>).body;
};
const carried = (loop: string) => [...loopCarriedNames(bodyOf(loop))].sort();
const finding = (source: string, options = {}) => {
  const r = analyze(HEAD + source, options);
  assert.equal(r.schedulers.length, 1);
  return r.schedulers[0];
};

describe('names a loop carries', () => {
  it('augmented assignments, names rebound from themselves, and what is computed from those', () => {
    assert.deepEqual(carried('for b in loader:\n    n += 1\n'), ['n']);
    assert.deepEqual(carried('for b in loader:\n    n = n + 1\n    avg = n / 2\n    label = "x"\n'), ['avg', 'n']);
    assert.deepEqual(carried('for b in loader:\n    best = min(best, loss)\n'), ['best']);
    // Through a chain, in any order of the body.
    assert.deepEqual(carried('for b in loader:\n    c = b2 * 2\n    b2 = a\n    a += 1\n'), ['a', 'b2', 'c']);
    // Tuples, starred and parenthesized targets; walrus reads.
    assert.deepEqual(carried('for b in loader:\n    (x, [y, *z]) = x, 1, 2\n'), ['x', 'y', 'z']);
    assert.deepEqual(carried('for b in loader:\n    k: int = k + 1\n    w = (m := k)\n'), ['k', 'm', 'w']);
    // Nested statements are looked into; def and class bodies are not; attributes and subscripts bind no name.
    assert.deepEqual(
      carried('while go:\n    if a:\n        s += 1\n    else:\n        t += 1\n    for i in x:\n        u += i\n    with ctx:\n        v += 1\n    try:\n        p += 1\n    except E:\n        q += 1\n    else:\n        r += 1\n    finally:\n        o += 1\n    def f():\n        hidden += 1\n    self.total += 1\n    d["k"] += 1\n'),
      ['o', 'p', 'q', 'r', 's', 't', 'u', 'v'],
    );
    // Names set to values that do not depend on the iterations are not carried.
    assert.deepEqual(carried('for b in loader:\n    x = 5\n    loss = model(b)\n    lr = sched.get_last_lr()[0]\n'), []);
    // Reads inside calls, subscripts, slices, comprehensions, lambdas, conditionals, dicts and comparisons count.
    assert.deepEqual(
      carried('for b in loader:\n    n += 1\n    a = f(x=n)\n    c = y[n]\n    d = y[1:n:2]\n    e = [i for i in range(n) if i]\n    g = lambda: n\n    h = 1 if n else 2\n    i2 = {n: -n}\n    j = 0 < n\n    k = n.real\n    l = (n, *[n]) and not n\n'),
      ['a', 'c', 'd', 'e', 'g', 'h', 'i2', 'j', 'k', 'l', 'n'],
    );
  });
});

describe('a value carried by a loop read once is an assumption', () => {
  it('a sum over an epoch loop: total_steps is the assumption `total`, not one epoch\'s batches', () => {
    const f = finding('epochs = 30\ntotal = 0\nfor e in range(epochs):\n    total += len(loader)\nsched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=total)\n');
    const total = f.assumptions.find((a) => a.name === 'total');
    assert.ok(total, JSON.stringify(f.assumptions));
    assert.equal(total.reason, 'set in a loop LR Lens reads once: its value depends on how many times the loop runs');
    assert.equal(f.params.total_steps, total.value);
    // The user's value is used when given.
    assert.equal(finding('epochs = 30\ntotal = 0\nfor e in range(epochs):\n    total += len(loader)\nsched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=total)\n', { assumptions: { total: 30000 } }).params.total_steps, 30000);
  });

  it('counting the batches of a loader, a range too long to run, and a while cut short', () => {
    const counted = finding('n = 0\nfor b in loader:\n    n += 1\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=n)\n');
    assert.deepEqual(counted.assumptions.map((a) => a.name), ['n']);
    const long = finding('x = 0\nfor i in range(10**9):\n    x += 1\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=x)\n');
    assert.deepEqual(long.assumptions.map((a) => a.name), ['x']);
    const endless = finding('x = 0\nwhile True:\n    x += 1\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=x)\n');
    assert.deepEqual(endless.assumptions.map((a) => a.name), ['x']);
    const unknown = finding('x = 0\nwhile not done:\n    x += 1\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=x)\n');
    assert.ok(unknown.assumptions.some((a) => a.name === 'x'), JSON.stringify(unknown.assumptions));
    // What is computed from a carried name in the loop, too.
    const derived = finding('n = 0\nfor b in loader:\n    n += 1\n    half = n // 2\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=half)\n');
    assert.deepEqual(derived.assumptions.map((a) => a.name), ['half']);
  });

  it('a counter loop keeps its counter exact and forgets what else it carries', () => {
    const f = finding('step = 0\nacc = 0\nwhile step < 100:\n    acc += 2\n    step += 1\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=step, gamma=0.5)\n');
    assert.equal(f.params.step_size, 100);
    const g = finding('step = 0\nacc = 0\nwhile step < 100:\n    acc += 2\n    step += 1\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=acc)\n');
    assert.deepEqual(g.assumptions.map((a) => a.name), ['acc']);
  });

  it('loops run in full keep their exact values; a value that does not depend on the iterations stays', () => {
    assert.equal(finding('total = 0\nfor e in range(10):\n    total += 5\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=total)\n').params.step_size, 50);
    const fixed = finding('for b in loader:\n    k = 7\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=k)\n');
    assert.equal(fixed.params.step_size, 7);
    assert.equal(fixed.assumptions.some((a) => a.name === 'k'), false);
    // A carried name the loop read once but did not change keeps its value.
    const untouched = finding('n = 4\nfor b in loader:\n    if False:\n        n += 1\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=n)\n');
    assert.equal(untouched.params.step_size, 4);
  });

  it('a scheduler stepped in an epoch loop is found and counted as before', () => {
    const f = finding('sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\ngstep = 0\nfor epoch in range(40):\n    for b in loader:\n        opt.step()\n        gstep += 1\n    sched.step()\n');
    assert.equal(f.naturalSteps, 40);
    assert.equal(f.unit, 'epoch');
  });
});
