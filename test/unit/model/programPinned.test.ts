// program.ts's decisions pinned by value (issue 20): which statements it refuses to parse and how it
// says so, where a budget stops it, which blocks it reads for a name (aliases, callers of functions
// that build schedulers, star imports, in-place changes through an argument group, functions nobody
// calls), the files it asks for, and the assumptions it makes for unknowns.
import * as assert from 'node:assert/strict';
import { Analyzer, analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';
import type { AnalysisResult } from '../../../src/core/model/types';

const HEAD = 'import torch\nopt = torch.optim.SGD(params, lr=0.1)\n';
const USE_X = '\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=x)\n';
/** The file's diagnostics as [severity, message, line, start, end]. */
const diags = (r: AnalysisResult) => r.diagnostics.map((d) => [d.severity, d.message, d.range?.startPos.line, d.range?.start, d.range?.end]);
const stepSize = (r: AnalysisResult) => r.schedulers.map((f) => f.params.step_size);

describe('program.ts pinned by value', () => {
  it('statements it does not parse: each limit at both sides, said at the statement (its first 200 characters)', () => {
    const deep = (n: number) => analyze(HEAD + 'x = ' + '('.repeat(n) + '1' + ')'.repeat(n) + USE_X);
    assert.deepEqual(diags(deep(160)), [['info', 'Skipped a statement with nesting deeper than 150 brackets', 2, 51, 251]]);
    assert.deepEqual(stepSize(deep(160)), [33]);
    // At 150 the statement is parsed (the expression evaluator has a depth limit of its own).
    assert.equal(diags(deep(150)).some((d) => /^Skipped a statement with nesting/.test(String(d[1]))), false);
    assert.deepEqual(diags(deep(40)), []);
    assert.deepEqual(stepSize(deep(40)), [1]);
    // A line of 21,000 characters; 18,000 is read.
    const long = (items: number) => analyze(HEAD + 'x = len([' + '1, '.repeat(items) + '1])' + USE_X);
    assert.deepEqual(diags(long(7000)), [['info', 'Skipped a statement with a line longer than 20000 characters', 2, 51, 251]]);
    assert.deepEqual(stepSize(long(6000)), [6001]);
    assert.deepEqual(diags(long(6000)), []);
    // A statement of more than 400,000 characters.
    const big = analyze(HEAD + 'x = len([\n' + '    1,\n'.repeat(70000) + '])' + USE_X);
    assert.deepEqual(diags(big), [['info', 'Skipped a statement too large to analyze', 2, 51, 251]]);
    // A null byte (Python refuses the file): the statement is skipped, its range its whole text when short.
    const nul = analyze(HEAD + 'x = 2 # \0' + USE_X);
    assert.deepEqual(diags(nul), [['info', 'Skipped a statement containing a null byte (not Python source)', 2, 51, 60]]);
    assert.equal(nul.diagnostics[0].template, 'Skipped a statement containing a null byte (not Python source)');
    assert.deepEqual(stepSize(nul), [33]);
  });

  it('100 levels of indentation or more (CPython refuses them) in a large statement', () => {
    const nested = (levels: number, pad: number) =>
      analyze(HEAD + 'def f():\n' + '    # ' + 'p'.repeat(pad) + '\n' + Array.from({ length: levels }, (_, i) => ' '.repeat(i + 1) + 'if True:\n').join('') + ' '.repeat(levels + 1) + 'x = 3\n    return x\nx = f()' + USE_X);
    const refused = nested(105, 5000);
    assert.deepEqual(diags(refused).map((d) => d.slice(0, 3)), [['info', 'Skipped a statement with more than 99 levels of indentation', 2]]);
    assert.deepEqual(diags(nested(95, 5000)), []);
    assert.deepEqual(stepSize(nested(95, 5000)), [3]);
  });

  it('budgets: the operation budget and a range too long for it stop the analysis with a warning', () => {
    const ops = analyze(HEAD + 'def f(n):\n    t = 0\n    for i in range(n):\n        for j in range(n):\n            t += 1\n    return t\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=f(5000))\n');
    assert.deepEqual(diags(ops), [['warning', 'Analysis stopped early: operation budget exhausted', 8, 153, 216]]);
    assert.equal(ops.stats.ops, 250_000);
    assert.equal(ops.diagnostics[0].template, 'Analysis stopped early: operation budget exhausted');
    const range = analyze(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=sum(range(10**8)))\n');
    assert.deepEqual(diags(range), [['warning', 'Analysis stopped early: range too long for the operation budget', 2, 51, 124]]);
    assert.equal(range.diagnostics[0].template, 'Analysis stopped early: range too long for the operation budget');
  });

  it('which blocks are read: an import alias, callers of functions that build a scheduler, functions and classes nobody calls', () => {
    assert.deepEqual(stepSize(analyze('import torch\nfrom torch.optim.lr_scheduler import StepLR as S\nopt = torch.optim.SGD(params, lr=0.1)\nsched = S(opt, step_size=3)\n')), [3]);
    const chain = analyze(HEAD + 'def make(o):\n    return torch.optim.lr_scheduler.StepLR(o, step_size=4)\ndef build(o):\n    return make(o)\nsched = build(opt)\n');
    // The finding is at the call of the factory that builds it (`make(o)` in build), defined in make.
    assert.deepEqual(chain.schedulers.map((f) => [f.name, f.line, f.definedAt?.startPos.line, f.params.step_size]), [['sched', 6, 3, 4]]);
    const fn = analyze(HEAD + 'def main():\n    s = torch.optim.lr_scheduler.StepLR(opt, step_size=5)\n');
    assert.deepEqual(fn.schedulers.map((f) => [f.name, f.line, f.params.step_size]), [['s', 4, 5]]);
    const cls = analyze('import torch\nclass M:\n    def __init__(self):\n        self.k = 6\n    def configure(self):\n        opt = torch.optim.SGD(self.parameters(), lr=0.1)\n        return torch.optim.lr_scheduler.StepLR(opt, step_size=self.k)\n');
    assert.deepEqual(cls.schedulers.map((f) => [f.line, f.params.step_size]), [[7, 6]]);
  });

  it('names: star imports, in-place changes through an argument group, the last of two bindings before the use', () => {
    assert.deepEqual(stepSize(analyze('import torch\nfrom torch.optim.lr_scheduler import *\nopt = torch.optim.SGD(params, lr=0.1)\nsched = StepLR(opt, step_size=7)\n')), [7]);
    const group = analyze('import argparse, torch\nparser = argparse.ArgumentParser()\ngroup = parser.add_argument_group("g")\ngroup.add_argument("--step", type=int, default=12)\nargs = parser.parse_args()\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=args.step)\n');
    assert.deepEqual(stepSize(group), [12]);
    // A change after the group is bound again is the new group's, not parser's.
    const rebound = analyze('import argparse, torch\nparser = argparse.ArgumentParser()\ngroup = parser.add_argument_group("g")\ngroup.add_argument("--step", type=int, default=12)\ngroup = argparse.ArgumentParser()\ngroup.add_argument("--step", type=int, default=99)\nargs = parser.parse_args()\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=args.step)\n');
    assert.deepEqual(stepSize(rebound), [12]);
    assert.deepEqual(stepSize(analyze(HEAD + 'x = 2\nx = 5' + USE_X + 'x = 9\n')), [5]);
  });

  it('files: a file given is read and listed as read; one not given is asked for, said at its line, its values assumed', () => {
    const src = HEAD + 'import json\ncfg = json.load(open("cfg.json"))\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=cfg["s"])\n';
    const read = analyze(src, { files: { 'cfg.json': '{"s": 9}' } });
    assert.deepEqual(stepSize(read), [9]);
    assert.deepEqual(read.files, [{ path: 'cfg.json', read: true }]);
    assert.deepEqual(diags(read), []);
    const missing = analyze(src);
    assert.deepEqual(missing.files, [{ path: 'cfg.json', read: false }]);
    assert.deepEqual(diags(missing).map((d) => d.slice(0, 3)), [
      ['info', '`json.load` reads `cfg.json`, which LR Lens has not read (a file inside the workspace, beside the script): values from it are unknown', 3],
    ]);
    assert.deepEqual(missing.schedulers[0].assumptions.map((a) => [a.name, a.value]), [['cfg["s"]', 33]]);
    // A path the files do not have is not read from the object's prototype.
    assert.deepEqual(analyze(src.replace('cfg.json', 'toString'), { files: {} }).files, [{ path: 'toString', read: false }]);
  });

  it('assumptions for unknown arguments: by the parameter they are passed to, whole numbers stay ints', () => {
    const r = analyze(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=args.step, gamma=args.gamma)\nx = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.max_lr, total_steps=args.epochs * 10)\n');
    assert.deepEqual(
      r.schedulers.map((f) => [f.kind, f.params, f.assumptions.map((a) => [a.name, a.value, a.reason])]),
      [
        ['StepLR', { step_size: 33, gamma: 0.1 }, [['args.step', 33, 'period unknown'], ['args.gamma', 0.1, 'decay factor unknown']]],
        ['OneCycleLR', { max_lr: 0.01, total_steps: 100 }, [['args.max_lr', 0.01, 'peak lr unknown'], ['args.epochs', 10, 'number of epochs unknown']]],
      ],
    );
    // An int assumption is a Python int: `//` and `%` on it stay ints, range() takes it.
    const ints = analyze(HEAD + 'n = args.epochs // 3\nsched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=list(range(n, 3 * n, n)))\n');
    assert.deepEqual(ints.schedulers[0].params.milestones, [3, 6]);
    // An overridden value that is a float stays a float.
    const f = analyze(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=args.gamma)\n', { assumptions: { 'args.gamma': 0.5 } });
    assert.equal(f.schedulers[0].params.gamma, 0.5);
  });

  it('one construction built through two framework calls: a finding at each call, the construction where it is built', () => {
    const r = analyze('import torch\nimport lightning as L\nclass M(L.LightningModule):\n    def configure_optimizers(self):\n        opt = torch.optim.SGD(self.parameters(), lr=0.1)\n        return torch.optim.lr_scheduler.StepLR(opt, step_size=2)\nm = M()\nt = L.Trainer(max_epochs=3)\nt.fit(m)\nt2 = L.Trainer(max_epochs=5)\nt2.fit(m)\n');
    assert.deepEqual(
      r.schedulers.map((f) => [f.line, f.definedAt?.startPos.line, f.naturalSteps]),
      [
        [9, 5, 3],
        [11, 5, 5],
      ],
    );
  });

  // (The cap of about 200 diagnostics a file is pinned at its edge in programPinned_pc.test.ts.)
  it('a diagnostic is said once per place and message', () => {
    const twice = analyze(HEAD + 'import json\ncfg = json.load(open("c.json"))\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=cfg["a"], gamma=cfg["b"])\n');
    assert.equal(twice.diagnostics.length, 1);
  });

  it('indentation levels count statements only: comment and blank lines do not nest, tabs do, a dedent pops', () => {
    const fn = (lines: string) => analyze(HEAD + 'def f():\n' + '    # ' + 'p'.repeat(5000) + '\n' + lines + '    return 3\nx = f()' + USE_X);
    const levels = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('');
    assert.deepEqual(diags(fn(levels(105, (i) => ' '.repeat(i + 5) + '# c\n'))), []);
    assert.deepEqual(diags(fn(levels(105, (i) => ' '.repeat(i + 5) + '\n'))), []);
    assert.deepEqual(diags(fn(levels(105, (i) => ' '.repeat(i + 5) + '\r\n'))), []);
    const tabs = fn(levels(105, (i) => '\t'.repeat(i + 1) + 'if True:\n') + '\t'.repeat(106) + 'pass\n');
    assert.deepEqual(diags(tabs).map((d) => d.slice(0, 3)), [['info', 'Skipped a statement with more than 99 levels of indentation', 2]]);
    // 60 levels, back to the function's, 60 again: 61 deep, not 121.
    const twice = levels(2, () => levels(60, (i) => ' '.repeat(i + 4) + 'if True:\n') + ' '.repeat(64) + 'pass\n');
    assert.deepEqual(diags(fn(twice)), []);
    assert.deepEqual(stepSize(fn(twice)), [3]);
  });

  it('a chain of names longer than the lazy-execution depth is run in file order, with Python\'s values', () => {
    const chain = (n: number) => analyze(HEAD + 'x0 = 1\n' + Array.from({ length: n }, (_, i) => `x${i + 1} = x${i} + 1`).join('\n') + `\nx = x${n}` + USE_X);
    assert.deepEqual(stepSize(chain(40)), [41]);
    assert.deepEqual(stepSize(chain(10)), [11]);
    assert.deepEqual(diags(chain(40)), []);
  });

  it('a statement over 20,000 characters the parser could not read whole is said; a shorter one being typed is not', () => {
    const withError = (items: number) => analyze(HEAD + 'x = len([\n' + '    1,\n'.repeat(items) + '    1 +* 2,\n' + '    1,\n'.repeat(items) + '])' + USE_X);
    assert.deepEqual(diags(withError(2000)).map((d) => d.slice(0, 3)), [
      ['info', 'Part of this statement could not be parsed (too large or too deeply nested): the values it binds are unknown', 2],
    ]);
    assert.deepEqual(diags(withError(2000))[0].slice(3), [51, 251]);
    assert.deepEqual(diags(withError(100)), []);
  });

  it('an override given as text: a number when it reads as one, else 0', () => {
    const src = HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=args.step)\n';
    assert.deepEqual(stepSize(analyze(src, { assumptions: { 'args.step': '7' } })), [7]);
    assert.deepEqual(stepSize(analyze(src, { assumptions: { 'args.step': 'abc' } })), [0]);
    assert.deepEqual(stepSize(analyze(src, { assumptions: { 'args.step': 12 } })), [12]);
  });

  it('one finding per construction, active or not; a diagnostic said twice at one place is said once', () => {
    const loop = analyze(HEAD + 'for i in range(3):\n    s = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\n');
    assert.deepEqual(loop.schedulers.map((f) => [f.line, f.active]), [[4, true]]);
    const branches = analyze(HEAD + 'if False:\n    s = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\nelse:\n    s = torch.optim.lr_scheduler.StepLR(opt, step_size=3)\n');
    assert.deepEqual(branches.schedulers.map((f) => [f.line, f.active, f.params.step_size]), [
      [6, true, 3],
      [4, false, 2],
    ]);
    const twice = analyze(HEAD + 'import json\ndef f():\n    return json.load(open("c.json"))\na = f()\nb = f()\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=a["x"] + b["y"])\n');
    assert.deepEqual(diags(twice).map((d) => d.slice(0, 3)), [
      ['info', '`json.load` reads `c.json`, which LR Lens has not read (a file inside the workspace, beside the script): values from it are unknown', 4],
    ]);
  });

  it('a carried name used in arithmetic is the same named assumption, with its reason', () => {
    const r = analyze(HEAD + 'total = 0\nfor b in loader:\n    total += 1\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=total * 2)\n');
    assert.deepEqual(r.schedulers[0].params.step_size, 200);
    assert.deepEqual(
      r.schedulers[0].assumptions.map((a) => [a.name, a.value, a.reason]),
      [['total', 100, 'set in a loop LR Lens reads once: its value depends on how many times the loop runs']],
    );
  });

  it('a statement the parse cap cuts gives the same answer after an edit as analyzed fresh (no tree of an earlier version reused)', () => {
    const line = '    ' + '1,'.repeat(4000) + '\n';
    const v1 = HEAD + 'x = [\n' + line.repeat(38) + ']\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=len(x))\n';
    const v2 = v1.replace(/\]\nsched/, '2]\nsched');
    const said = (r: AnalysisResult) => [stepSize(r), r.diagnostics.map((d) => d.message)];
    const fresh = said(analyze(v2));
    assert.deepEqual(fresh, [[124967], ['Parsing stopped early: the statement is too large to parse completely']]);
    const editor = new Analyzer();
    editor.analyze(v1);
    assert.deepEqual(said(editor.analyze(v2)), fresh);
  });

  it('a name bound to a scheduler class or a partial of one makes its calls constructions', () => {
    const a = analyze('import torch\nSched = torch.optim.lr_scheduler.StepLR\nopt = torch.optim.SGD(params, lr=0.1)\ns = Sched(opt, step_size=3)\n');
    assert.deepEqual(a.schedulers.map((f) => [f.kind, f.params.step_size, f.name]), [['StepLR', 3, 's']]);
    const p = analyze('import torch\nfrom functools import partial\nmake = partial(torch.optim.lr_scheduler.StepLR, step_size=3)\nopt = torch.optim.SGD(params, lr=0.1)\ns = make(opt)\n');
    assert.deepEqual(p.schedulers.map((f) => [f.kind, f.params.step_size, f.name]), [['StepLR', 3, 's']]);
  });

  it("globals written by functions are read in the file's order, whichever block the analysis ran first (values as Python's)", () => {
    const lrs = (src: string) => analyze(src).schedulers.map((f) => Array.from(curveFor(f, { steps: 3 }).curve.lr).map((v) => Number(v.toPrecision(12))));
    // bump() runs at module level (SCALE = 0.5); setup_scheduler() is never called in Python, though the analysis runs it on its own.
    const standalone = 'import torch\ndef setup_scheduler():\n    global SCALE\n    SCALE = 1.0\ndef bump():\n    global SCALE\n    SCALE = 0.5\n    return 2\nopt = torch.optim.SGD(params, lr=0.1)\nFACTOR = bump()\nsched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: SCALE * FACTOR)\n';
    assert.deepEqual(lrs(standalone), [[0.1, 0.1, 0.1, 0.1]]);
    // `factor = …` sets scale to 0.5, then build() sets it to 1.0 before LambdaLR is built; the analysis runs `factor = …` only for the curve.
    const later = 'import torch\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\ndef set_scale(s):\n    global scale\n    scale = s\ndef build():\n    set_scale(1.0)\n    return torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda)\ndef lr_lambda(epoch):\n    return scale * factor ** epoch\nfactor = set_scale(0.5) or 0.9\nsched = build()\n';
    assert.deepEqual(lrs(later), [[0.1, 0.09, 0.081, 0.0729]]);
    // `args = None` at module level, set under `global` by the main() a later block calls.
    const main = analyze('import torch, argparse\nargs = None\ndef main():\n    global args\n    args = argparse.Namespace(step=4)\n    run()\ndef run():\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=args.step)\nif __name__ == "__main__":\n    main()\n');
    assert.deepEqual(stepSize(main), [4]);
    assert.deepEqual(main.assumptions, []);
    // A module-level binding after the function's write wins again.
    const rebound = analyze('import torch, argparse\ndef main():\n    global step\n    step = 4\nmain()\nstep = 6\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=step)\n');
    assert.deepEqual(stepSize(rebound), [6]);
  });

  it('a star import on the line of its use', () => {
    assert.deepEqual(stepSize(analyze('import torch\nfrom torch.optim.lr_scheduler import *; opt = torch.optim.SGD(params, lr=0.1); sched = StepLR(opt, step_size=7)\n')), [7]);
  });

  it('a value a builtin computes from an assumed one rests on its assumption (never wrong silently)', () => {
    const r = analyze(HEAD + 'epochs = 90 if args.long_schedule else 30\nsched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=list(range(30, epochs, 30)))\n');
    const f = r.schedulers[0];
    assert.deepEqual(f.params.milestones, [30, 60]);
    assert.deepEqual(f.assumptions.map((a) => [a.name, a.value, a.reason]), [['90 if args.long_schedule else 30', 90, 'condition unknown: the value before `if` is assumed']]);
    // max() of an assumed length, too.
    const g = analyze(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=max(1, len(loader) // 10))\n').schedulers[0];
    assert.deepEqual([g.params.step_size, g.assumptions.map((a) => a.name)], [100, ['len(loader)']]);
  });
});
