// program.ts pinned by value (issue 20), its first part: how deep a large statement's indentation
// goes (CPython refuses 100 levels or more), the wall-clock guard firing inside a computation,
// the parse cache an editor's Analyzer keeps between versions of a buffer, which blocks a name's
// lookup may run (functions and classes are read for the names they bind only), and argparse's
// argument groups (a group's changes are the parser's, up to the next binding of the group).
import * as assert from 'node:assert/strict';
import { Analyzer, analyze } from '../../../src/core/model/analyze';
import type { AnalysisResult } from '../../../src/core/model/types';
import { diags, HEAD, stepSize, USE_X } from './programPinnedHelpers';

const SKIPPED = ['info', 'Skipped a statement with more than 99 levels of indentation', 2];

/** `def f():` with a long comment (the check is for statements over 5,000 characters), the lines given, `return x` at the body's width (1). */
const fn = (lines: string[]) => analyze(HEAD + 'def f():\n    # ' + 'p'.repeat(5000) + '\n' + lines.join('') + ' return x\nx = f()' + USE_X);
/** `n` nested `if True:` at the indent widths `width(k)`, k = 0…n-1; the body `x = 3` one space deeper than the last. */
const ifs = (n: number, width: (k: number) => number) => [
  ...Array.from({ length: n }, (_, k) => ' '.repeat(width(k)) + 'if True:\n'),
  ' '.repeat(width(n - 1) + 1) + 'x = 3\n',
];

describe('program.ts pinned by value: indentation, the time guard, the parse cache, lookups and argument groups', () => {
  it('indentation: 99 levels is read, 100 is refused (as CPython 3.11 does), however the statement ends', () => {
    // `def` is level 0, the k-th `if` level k + 1 … the body of 98 ifs is level 99.
    const levels = (n: number) => fn(ifs(n, (k) => k + 1));
    assert.deepEqual(diags(levels(98)), []);
    assert.deepEqual(stepSize(levels(98)), [3]);
    assert.deepEqual(diags(levels(99)), [SKIPPED]);
    // The statement's last lines one level and many levels shallower than its deepest one.
    const oneUp = fn([...ifs(99, (k) => k + 1), ' '.repeat(99) + 'x += 1\n']);
    assert.deepEqual(diags(oneUp), [SKIPPED]);
    assert.deepEqual(diags(fn([...ifs(99, (k) => k + 1), ' '.repeat(99) + 'x += 1\n', ' '.repeat(98) + 'x += 1\n'])), [SKIPPED]);
  });

  it('indentation: a dedent leaves the levels it closes, so a second nest counts from where it starts', () => {
    // 60 levels at widths 1…60, back to width 1, then 45 levels at widths 62…106: 61 deep (Python: at most 61 indents open).
    const second = fn([...ifs(60, (k) => k + 1), ' if True:\n', ...ifs(45, (k) => 62 + k)]);
    assert.deepEqual(diags(second), []);
    assert.deepEqual(stepSize(second), [3]);
    // Without the dedent (and the first body) the same widths nest 106 deep.
    assert.deepEqual(diags(fn([...ifs(60, (k) => k + 1).slice(0, -1), ...ifs(45, (k) => 62 + k)])), [SKIPPED]);
  });

  it('the wall-clock guard firing inside a long computation abandons the analysis: no partial result', () => {
    const src = HEAD + 'def total(n):\n    t = 0\n    for i in range(n):\n        for j in range(n):\n            t += 1\n    return t\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=total(200))\n';
    // On a machine fast enough the answer is Python's.
    assert.deepEqual(stepSize(analyze(src)), [40_000]);
    // A clock that moves 1 ms each time it is read: the blocks are parsed in time, the loop is not.
    const real = Object.getOwnPropertyDescriptor(globalThis, 'performance');
    let t = 0;
    Object.defineProperty(globalThis, 'performance', { value: { now: () => t++ }, configurable: true, writable: true });
    let slow: AnalysisResult;
    let readsBeforeLoop: number;
    try {
      const quick = analyze(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\n', { timeLimitMs: 1000 });
      readsBeforeLoop = t;
      assert.deepEqual(stepSize(quick), [2]);
      t = 0;
      slow = analyze(src, { timeLimitMs: 50 });
    } finally {
      if (real) Object.defineProperty(globalThis, 'performance', real);
      else delete (globalThis as { performance?: unknown }).performance;
    }
    assert.ok(readsBeforeLoop < 50, String(readsBeforeLoop));
    assert.deepEqual(slow.schedulers, []);
    assert.deepEqual(slow.assumptions, []);
    assert.deepEqual(
      slow.diagnostics.map((d) => [d.severity, d.message]),
      [['error', 'The analysis took longer than 50 ms on this machine and was abandoned (no partial result is shown)']],
    );
  });

  it('the parse cache: an Analyzer counts each version afresh, reuses the last version\'s blocks, forgets older ones', () => {
    const v1 = HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\n';
    const v2 = HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=5)\n';
    const stats = (r: AnalysisResult) => [r.stats.blocks, r.stats.parsedBlocks, r.stats.reusedBlocks];
    const a = new Analyzer();
    assert.deepEqual(stats(a.analyze(v1)), [3, 3, 0]);
    // The same text again: every block reused, none parsed.
    assert.deepEqual(stats(a.analyze(v1)), [3, 0, 3]);
    // An edit of the last statement: that one parsed, the others reused.
    const edited = a.analyze(v2);
    assert.deepEqual(stats(edited), [3, 1, 2]);
    assert.deepEqual(stepSize(edited), [5]);
    // Back to the first version: its last statement is parsed again (the cache keeps the last version's blocks only).
    const back = a.analyze(v1);
    assert.deepEqual(stats(back), [3, 1, 2]);
    assert.deepEqual(stepSize(back), [2]);
  });

  it('the parse cache: a version that parses nothing (the buffer emptied) keeps the blocks of the one before', () => {
    const v1 = HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\n';
    const a = new Analyzer();
    a.analyze(v1);
    const empty = a.analyze('');
    assert.deepEqual([empty.stats.blocks, empty.stats.parsedBlocks, empty.schedulers.length], [0, 0, 0]);
    // No statement worth reading: none is parsed either.
    assert.deepEqual(a.analyze('# TODO: training loop\n').stats.parsedBlocks, 0);
    const pasted = a.analyze(v1);
    assert.deepEqual([pasted.stats.parsedBlocks, pasted.stats.reusedBlocks], [0, 3]);
    assert.deepEqual(stepSize(pasted), [2]);
    assert.deepEqual(pasted.diagnostics, []);
  });

  it('the parse cache: after a version that parsed nothing, an edited script is analyzed as on its own', () => {
    const v1 = HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\n';
    const v2 = 'import math\nimport torch\nopt = torch.optim.AdamW(model.parameters(), lr=3e-4)\nsched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=math.ceil(10 / 3))\n';
    const a = new Analyzer();
    a.analyze(v1);
    a.analyze('');
    const r = a.analyze(v2);
    const alone = analyze(v2);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.schedulers.map((f) => [f.kind, f.params]), [['CosineAnnealingLR', { T_max: 4 }]]);
    assert.deepEqual(r.schedulers.map((f) => [f.kind, f.params]), alone.schedulers.map((f) => [f.kind, f.params]));
    // `import torch`, the one statement both versions have, is the first version's tree.
    assert.deepEqual([alone.stats.parsedBlocks, r.stats.parsedBlocks, r.stats.reusedBlocks], [4, 3, 1]);
  });

  it('a name is looked up in the statements that bind it: functions and classes that only use it are not run for it', () => {
    const use = 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3)\n';
    const plain = analyze(HEAD + use);
    const withHelpers = analyze(
      HEAD +
        'def save_checkpoint(path, epoch):\n    torch.save({"epoch": epoch, "optimizer": opt.state_dict()}, path)\n' +
        'class Logger:\n    def log(self, step):\n        print(step, opt)\n' +
        use,
    );
    assert.deepEqual(stepSize(withHelpers), [3]);
    assert.deepEqual(withHelpers.diagnostics, []);
    assert.equal(withHelpers.stats.ops, plain.stats.ops);
  });

  it('argument groups: the parser\'s own arguments and its groups\' are read; a group never used changes nothing', () => {
    const src =
      'import argparse, torch\nparser = argparse.ArgumentParser()\nparser.add_argument("--gamma", type=float, default=0.5)\n' +
      'group = parser.add_argument_group("optimizer")\ngroup.add_argument("--step", type=int, default=12)\n' +
      'misc = parser.add_argument_group("misc")\n' +
      'args = parser.parse_args()\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=args.step, gamma=args.gamma)\n';
    const r = analyze(src);
    assert.deepEqual(r.schedulers.map((f) => f.params), [{ step_size: 12, gamma: 0.5 }]);
    assert.deepEqual(r.assumptions, []);
    assert.deepEqual(r.diagnostics, []);
  });

  it('argument groups: only the group\'s changes between its binding and the next are the parser\'s, the others cost nothing', () => {
    const parser = 'parser = argparse.ArgumentParser()\n';
    const group = 'group = parser.add_argument_group("optimizer")\ngroup.add_argument("--step", type=int, default=12)\n';
    const evalGroup = 'eval_parser = argparse.ArgumentParser()\ngroup = eval_parser.add_argument_group("eval")\ngroup.add_argument("--eval-steps", type=int, default=500)\n';
    const tail = 'args = parser.parse_args()\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=args.step)\n';
    const run = (s: string) => analyze('import argparse, torch\n' + s + tail);
    const alone = run(parser + group);
    assert.deepEqual(stepSize(alone), [12]);
    // A group of another parser under the same name, before the parser's group and after it: the same value, not one operation more.
    for (const s of [parser + evalGroup + group, parser + group + evalGroup, evalGroup + parser + group]) {
      const r = run(s);
      assert.deepEqual(stepSize(r), [12]);
      assert.deepEqual(r.diagnostics, []);
      assert.equal(r.stats.ops, alone.stats.ops);
    }
  });

  it('an unknown length is the dataset size, and says so', () => {
    const r = analyze(HEAD + 'sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=len(train_loader) * 3)\n', { defaultDatasetSize: 250 });
    assert.deepEqual(r.schedulers.map((f) => f.params), [{ max_lr: 0.1, total_steps: 750 }]);
    assert.deepEqual(r.assumptions.map((a) => [a.name, a.value, a.reason]), [['len(train_loader)', 250, 'dataset size unknown']]);
  });
});
