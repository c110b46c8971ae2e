// The lint rules' helpers pinned by value, case by case (issue 20: survivors of StrykerJS over
// src/core/lint that the whole-script tests in lintPinned.test.ts cannot tell apart): Python loop
// counts, accumulation divisors, the line arithmetic of RuleContext, and warm-up lengths.
import * as assert from 'node:assert/strict';
import { ignoredOn, lint, schedulerOf } from '../../../src/core/lint/index';
import { analyze } from '../../../src/core/model/analyze';
import { loopCountCode, moduloDivisorText, num, RuleContext, stepArgs } from '../../../src/core/lint/context';
import { warmupLength } from '../../../src/core/lint/torchWarmupRules';
import type { AnalysisResult, Range, SchedulerFinding, StepCall } from '../../../src/core/model/types';

const EMPTY = { schedulers: [], assumptions: [] } as unknown as AnalysisResult;

type Loop = StepCall['loops'][number];
const loop = (iterable: string, count: number | null): Loop => ({ kind: 'unknown', variable: null, iterable, count });
/** A finding with one step call in `loops` (and its callers' loops); `parent` for a child without calls. */
function finding(id: number, loops: Loop[], extra: Partial<StepCall> = {}, parent: number | null = null): SchedulerFinding {
  const call = { range: { start: 0, end: 0, startPos: { line: 0, character: 0 }, endPos: { line: 0, character: 0 } }, loops, unit: 'step', afterOptimizerStep: null, metric: null, ...extra } as StepCall;
  return { id, parent, stepCalls: loops.length || extra.callerLoops ? [call] : [] } as unknown as SchedulerFinding;
}
const ctxOf = (source: string, cellLines?: number[]) => new RuleContext(EMPTY, source, cellLines);

/** Each diagnostic of a script as its rule (`rule@offset` with `at`: where it is said), its message's arguments and its fix's edits (`start-end:text`). */
function judged(source: string, at = false): string[][] {
  return lint(analyze(source, { timeLimitMs: 5000 }), source).diagnostics.map((d) => [at ? `${d.rule}@${d.range.start}` : d.rule, ...d.args, ...(d.fix?.edits ?? []).map((e) => `${e.start}-${e.end}:${e.newText}`)]);
}

describe('lint helpers pinned by value', () => {
  it('loopCountCode: the Python count of each loop form', () => {
    const cases: [string, string | null][] = [
      ['range(10)', '10'],
      ['range( num_epochs )', 'num_epochs'],
      ['range(len(loader))', 'len(loader)'],
      ['range(args.epochs // 2)', 'args.epochs // 2'],
      ['range(int(args.epochs) + 1)', 'int(args.epochs) + 1'],
      ['range(0, n)', 'n'],
      ['range(0 ,  args.epochs )', 'args.epochs'],
      ['range( 0, n)', 'n'],
      ['range(1, n)', null],
      ['range(0, n, 2)', null],
      ['enumerate(train_loader)', 'len(train_loader)'],
      ['enumerate( self.loader , start=1)', 'len(self.loader)'],
      ['tqdm(loader, desc="x")', 'len(loader)'],
      ['tqdm.tqdm(loader)', 'len(loader)'],
      ['iter(loader)', 'len(loader)'],
      ['  train_loader  ', 'len(train_loader)'],
      ['self.data.loader', 'len(self.data.loader)'],
      ['zip(a, b)', null],
      ['enumerate(zip(a, b))', null],
      ['1loader', null],
      ['loader[0]', null],
      ['xenumerate(loader)', null],
    ];
    assert.deepEqual(cases.map(([it]) => [it, loopCountCode(it)]), cases);
  });

  it('moduloDivisorText: the divisor of `... % N == 0`', () => {
    const cases: [string, string | null][] = [
      ['(step + 1) % args.gradient_accumulation_steps == 0', 'args.gradient_accumulation_steps'],
      ['i%4==0', '4'],
      ['(i + 1) %  accum  ==  0', 'accum'],
      ['i % 4 == 1', null],
      ['i % 4 != 0', null],
      ['i % (a * b) == 0', null],
      ['step == 0', null],
    ];
    assert.deepEqual(cases.map(([t]) => [t, moduloDivisorText(t)]), cases);
  });

  it('ignoredOn reads the comment, not a string before it', () => {
    assert.deepEqual(ignoredOn("x = '# lr-lens: ignore[a]'  # lr-lens: ignore[b]"), ['b']);
    assert.deepEqual(ignoredOn("x = '# lr-lens: ignore'  # note"), null);
  });

  it('num: finite numbers only', () => {
    assert.deepEqual([3, 0, -1.5, NaN, Infinity, '3', null, undefined].map(num), [3, 0, -1.5, null, null, null, null, null]);
  });

  it('RuleContext: lines, their ends (\\r\\n), offsets back to lines', () => {
    const src = 'ab\r\n\ncd  \nlast';
    const c = ctxOf(src);
    assert.deepEqual([0, 1, 2, 3, 4, 5, 9, 10, 13, 14].map((o) => c.lineOf(o)), [0, 0, 0, 0, 1, 2, 2, 3, 3, 3]);
    assert.deepEqual([-1, 0, 1, 2, 3, 9].map((l) => c.lineStart(l)), [0, 0, 4, 5, 10, 10]);
    assert.deepEqual([0, 1, 2, 3].map((l) => c.lineEnd(l)), [2, 4, 9, 14]);
    assert.deepEqual([0, 1, 2, 3].map((l) => c.lineText(l)), ['ab', '', 'cd  ', 'last']);
    assert.deepEqual([0, 1, 2, 3].map((l) => c.nextLineStart(l)), [4, 5, 10, 10]);
    assert.deepEqual(c.rangeOf(1, 7), { start: 1, end: 7, startPos: { line: 0, character: 1 }, endPos: { line: 2, character: 2 } });
    // A \r before the end of the text is dropped too; none is dropped from an empty line.
    assert.deepEqual([ctxOf('\r').lineEnd(0), ctxOf('x\r').lineEnd(0), ctxOf('\n').lineEnd(0)], [0, 1, 0]);
  });

  it('RuleContext: notebook cells (display lines, where a deleted line ends)', () => {
    const c = ctxOf('a\nb\nc\nd\ne', [3, 1]);
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => c.startsCell(l)), [false, true, false, true, false]);
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => c.displayLine(l)), [1, 1, 2, 1, 2]);
    assert.deepEqual([0, 1, 2, 3].map((l) => c.nextLineStart(l)), [0, 4, 4, 8]);
    assert.equal(ctxOf('a\nb', [0]).startsCell(0), false);
  });

  it('RuleContext: a statement alone on its line, and its indentation', () => {
    const src = 'for x in y:\n    s.step()  # c\n    a = 1; s.step()\n\ts.step() + \\\n  1\n';
    const c = ctxOf(src);
    const at = (line: number, text: string): Range => {
      const start = c.lineStart(line) + c.lineText(line).indexOf(text);
      return c.rangeOf(start, start + text.length);
    };
    assert.equal(c.statementLine(at(1, 's.step()')), 1);
    assert.equal(c.statementLine(at(2, 's.step()')), null);
    assert.equal(c.statementLine(at(3, 's.step()')), null);
    assert.equal(c.statementLine(c.rangeOf(c.lineStart(3) + 1, c.lineStart(4) + 3)), null);
    assert.equal(c.statementLine(at(1, 's.step')), null);
    assert.deepEqual([0, 1, 3, 4].map((l) => c.indentOf(l)), ['', '    ', '\t', '  ']);
  });

  it('RuleContext.moveLineAfter: only downwards; the moved line takes the target\'s indentation', () => {
    const c = ctxOf('a\n  b\n    c\nd');
    const t = { title: 't', titleTemplate: 't', titleArgs: [] };
    assert.equal(c.moveLineAfter(1, 1, t), undefined);
    assert.equal(c.moveLineAfter(2, 1, t), undefined);
    assert.deepEqual(c.moveLineAfter(1, 2, t)?.edits, [
      { start: 2, end: 6, newText: '' },
      { start: 11, end: 11, newText: '\n    b' },
    ]);
    // The last line has no newline after it: it is deleted up to its end.
    assert.deepEqual(ctxOf('a\nb').moveLineAfter(0, 1, t)?.edits, [
      { start: 0, end: 2, newText: '' },
      { start: 3, end: 3, newText: '\na' },
    ]);
    assert.deepEqual(ctxOf('a\nb', [1]).moveLineAfter(0, 1, t)?.edits[0], { start: 0, end: 1, newText: '' });
  });

  it('stepArgs: the text between `step(` and the closing parenthesis', () => {
    const src = 'x = s.step( epoch ) ; s.step() ; s.step_update(n) ; s.step';
    const c = ctxOf(src);
    const r = (from: string, to: string) => c.rangeOf(src.indexOf(from), src.indexOf(to) + to.length);
    assert.deepEqual(stepArgs(c, r('s.step( ', 'epoch )')), { start: 11, end: 18, text: 'epoch' });
    assert.deepEqual(stepArgs(c, r('s.step()', 's.step()')), { start: 29, end: 29, text: '' });
    assert.equal(stepArgs(c, c.rangeOf(src.length - 6, src.length)), null);
    assert.equal(stepArgs(c, r('s.step_update(n)', 's.step_update(n)')), null);
    assert.equal(stepArgs(c, c.rangeOf(4, 12)), null);
    assert.deepEqual(stepArgs(ctxOf('step(k)'), ctxOf('step(k)').rangeOf(0, 7)), { start: 5, end: 6, text: 'k' });
  });

  it('warmupLength: LinearLR and ConstantLR warm-ups (defaults 1/3 and 5 iterations)', () => {
    const cases: [string, Record<string, unknown>, number | null][] = [
      ['LinearLR', {}, 5],
      ['LinearLR', { total_iters: 100 }, 100],
      ['LinearLR', { total_iters: 0 }, null],
      ['LinearLR', { total_iters: -3 }, null],
      ['LinearLR', { start_factor: 1, total_iters: 10 }, null],
      ['LinearLR', { start_factor: 0.5, end_factor: 0.5, total_iters: 10 }, null],
      ['LinearLR', { start_factor: 0.5, end_factor: 0.6, total_iters: 10 }, 10],
      ['LinearLR', { end_factor: 0.3, total_iters: 10 }, null],
      ['LinearLR', { end_factor: 0.34, total_iters: 10 }, 10],
      ['ConstantLR', {}, 5],
      ['ConstantLR', { factor: 0.5, total_iters: 7 }, 7],
      ['ConstantLR', { factor: 1, total_iters: 7 }, null],
      ['StepLR', { total_iters: 7 }, null],
    ];
    assert.deepEqual(
      cases.map(([kind, args]) => [kind, args, warmupLength({ kind, args } as never)]),
      cases,
    );
  });

  it('RuleContext.run: the count of the loops around the call, its formula and its Python', () => {
    const E = loop('range(num_epochs)', 3);
    const B = loop('enumerate(loader)', 10);
    const acc = (text: string, every: number | null, kind: 'modulo' | 'accumulate' | 'engine' = 'modulo') => ({ accumulation: { kind, text, every } });
    const cases: [string, Loop[], Partial<StepCall>, string | null][] = [
      ['epochs × batches', [E, B], {}, '30 3 × 10 num_epochs * len(loader) [len(loader)] 3'],
      ['one loop', [B], {}, '10 10 len(loader) [len(loader)] 1'],
      ['(i + 1) % 4: floor', [E, B], acc('(i + 1) % 4 == 0', 4), '6 3 × ⌊10 / 4⌋ num_epochs * (len(loader) // 4) [len(loader)] 3'],
      ['i % 4: ceil', [E, B], acc('i % 4 == 0', 4), '9 3 × ⌈10 / 4⌉ num_epochs * (-(-len(loader) // 4)) [len(loader)] 3'],
      ['ceil, one loop: not parenthesized', [B], acc('i % 4 == 0', 4), '3 ⌈10 / 4⌉ -(-len(loader) // 4) [len(loader)] 1'],
      ['`or` the last batch: ceil', [B], acc('(i + 1) % 4 == 0 or i == n - 1', 4), '3 ⌈10 / 4⌉ -(-len(loader) // 4) [len(loader)] 1'],
      ['(i+1)%k without spaces: floor', [B], acc('(i+1)%k == 0', 4), '2 ⌊10 / 4⌋ (len(loader) // k) [len(loader)] 1'],
      ['accelerate\'s accumulate: ceil, no divisor text', [B], acc('accelerator.accumulate(model)', 4, 'accumulate'), '3 ⌈10 / 4⌉ null [len(loader)] 1'],
      ['every 1: no division', [E, B], acc('i % 1 == 0', 1), '30 3 × 10 num_epochs * len(loader) [len(loader)] 3'],
      ['a DeepSpeed engine, every 4: over the whole run', [E, B], acc('engine', 4, 'engine'), '7 ⌊3 × 10 / 4⌋ null [len(loader)] 3'],
      ['a DeepSpeed engine, every 1: as plain loops', [E, B], acc('engine', 1, 'engine'), '30 3 × 10 num_epochs * len(loader) [len(loader)] 3'],
      ['an unknown divisor', [E, B], acc('i % k == 0', null), null],
      ['an unknown count', [E, loop('loader', null)], {}, null],
      ['a negative count', [loop('range(n)', -1), B], {}, null],
      ['an infinite count', [loop('range(n)', Infinity), B], {}, null],
      ['a count of 0 is a count', [loop('range(0)', 0), B], {}, '0 0 × 10 0 * len(loader) [len(loader)] 0'],
      ['no loops', [], {}, null],
      ['called from a loop: the callers\' loops first, no Python', [B], { callerLoops: [E] }, '30 3 × 10 null [len(loader)] 3'],
      ['called from nowhere known', [B], { callerLoops: [] }, null],
      ['a loop without Python', [loop('zip(a, b)', 5), B], {}, '50 5 × 10 null [len(loader)] 5'],
      ['a sum of calls is parenthesized, one call is not', [loop('range(0, len(a) + len(b))', 2), loop('range(0, f(g(x)))', 4)], {}, '8 2 × 4 (len(a) + len(b)) * f(g(x)) [] 2'],
      ['an expression is parenthesized', [loop('range(n // 2)', 2), loop('range(m)', 4)], {}, '8 2 × 4 (n // 2) * m [] 2'],
      ['a call not ending its text', [loop('range(f(a)[0])', 2), loop('range(m)', 4)], {}, '8 2 × 4 (f(a)[0]) * m [] 2'],
      ['(a)(b) is two calls', [loop('range(0, f(a)(b))', 2), loop('range(m)', 4)], {}, '8 2 × 4 (f(a)(b)) * m [] 2'],
    ];
    const result = { schedulers: [], assumptions: [{ name: 'len(loader)', value: 10 }, { name: 'len(other)', value: 7 }] } as unknown as AnalysisResult;
    const ctx = new RuleContext(result, '');
    const show = (f: SchedulerFinding) => {
      const r = ctx.run(f);
      return r && `${r.steps} ${r.expr} ${r.code} [${r.assumed.join(', ')}] ${r.outer}`;
    };
    assert.deepEqual(
      cases.map(([what, loops, extra]) => [what, show(finding(1, loops, extra))]),
      cases.map(([what, , , want]) => [what, want]),
    );
  });

  it('RuleContext.driver and run: a child is stepped by its parent; calls outside loops do not drive', () => {
    const parent = finding(1, [loop('range(4)', 4)]);
    const child = finding(2, [], {}, 1);
    const outside = finding(3, []);
    outside.stepCalls.push(...finding(9, [], { callerLoops: [] }).stepCalls, ...parent.stepCalls);
    const ctx = new RuleContext({ schedulers: [parent, child], assumptions: [] } as unknown as AnalysisResult, '');
    assert.equal(ctx.driver(child), parent.stepCalls[0]);
    assert.equal(ctx.run(child)?.steps, 4);
    assert.equal(ctx.driver(outside), parent.stepCalls[0]);
    assert.equal(ctx.driver(finding(4, [], {}, 7)), null);
    assert.equal(ctx.finding(null), undefined);
    assert.equal(ctx.finding(2), child);
  });
  it('PyTorch warm-ups (LambdaLR\'s `if step < warm…`, SequentialLR, ChainedScheduler): which runs are judged, by their arguments', () => {
    const HEAD = 'import torch\nfrom torch.optim import lr_scheduler\nopt = torch.optim.SGD(params, lr=0.1)\nwarmup_steps = 1000\nclass C:\n    warmup_steps = 1000\n    num_warmup = 1000\ncfg = C()\n';
    const loops = (e: string, b: string | null) => b === null ? `for epoch in range(${e}):\n    opt.step()\n    s.step()\n` : `for epoch in range(${e}):\n    for b in range(${b}):\n        opt.step()\n        s.step()\n`;
    const L = loops('2', '50');
    const def = (cond: string, ret = 'step / 1000') => `def f(step):\n    if ${cond}:\n        return ${ret}\n    return 1.0\ns = lr_scheduler.LambdaLR(opt, lr_lambda=f)\n`;
    const cases: [string, string, string[][]][] = [
      ['step<warmup_steps', def('step<warmup_steps') + L, [['warmup-too-long','f','warmup_steps','100',' (2 × 50)','0.01','0.1','']]],
      ['cfg.warmup_steps', def('step < cfg.warmup_steps') + L, [['warmup-too-long','f','cfg.warmup_steps','100',' (2 × 50)','0.01','0.1','']]],
      ['cfg.num_warmup >=', def('cfg.num_warmup >= step') + L, [['warmup-too-long','f','cfg.num_warmup','100',' (2 × 50)','0.01','0.1','']]],
      ['no warm name', def('step < 1000') + L, []],
      ['one-line def', 'def f(step): return step / 1000 if step < warmup_steps else 1.0\ns = lr_scheduler.LambdaLR(opt, lr_lambda=f)\n' + L, [['warmup-too-long','f','warmup_steps','100',' (2 × 50)','0.01','0.1','']]],
      ['next def not body', 'def f(step):\n    return step / 1000\ndef g(step):\n    if step < warmup_steps:\n        return 1.0\n    return 1.0\ns = lr_scheduler.LambdaLR(opt, lr_lambda=f)\n' + L, []],
      ['nested def blank line', 'if True:\n    def f(step):\n        x = 1\n  \n        if step < warmup_steps:\n            return step / 1000\n        return 1.0\ns = lr_scheduler.LambdaLR(opt, lr_lambda=f)\n' + L, [['warmup-too-long','f','warmup_steps','100',' (2 × 50)','0.01','0.1','']]],
      ['flat then rising', def('step < warmup_steps', 'max(step, 10) / 1000') + L, [['warmup-too-long','f','warmup_steps','100',' (2 × 50)','0.01','0.1','']]],
      ['dip', def('step < warmup_steps', '(step % 60 + 1) / 1000') + L, []],
      ['reaches target', def('step < warmup_steps', 'step / 100') + L, []],
      ['one loop', def('step < warmup_steps') + loops('100', null).replace('epoch', 'i'), [['warmup-too-long','f','warmup_steps','100','','0.01','0.1','']]],
      ['N=2', def('step < warmup_steps') + 'for i in range(2):\n    for b in range(1):\n        opt.step()\n        s.step()\n', [['warmup-too-long','f','warmup_steps','2',' (2 × 1)','2e-4','0.1','']]],
      ['per epoch', def('step < warmup_steps') + 'for epoch in range(3):\n    for b in loader:\n        opt.step()\n    s.step()\n', []],
      ['inactive', 'if False:\n' + def('step < warmup_steps').replace(/^/gm, '    ') + 'else:\n    s = lr_scheduler.StepLR(opt, 10)\n' + L, []],
      ['seq child lambda', def('step < warmup_steps').replace(/s = .*\n/, 'w = lr_scheduler.LambdaLR(opt, lr_lambda=f)\nc = lr_scheduler.CosineAnnealingLR(opt, T_max=1000)\ns = lr_scheduler.SequentialLR(opt, schedulers=[w, c], milestones=[1000])\n') + L, []],
      ['seq per epoch', 'w = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5)\nc = lr_scheduler.CosineAnnealingLR(opt, T_max=10)\ns = lr_scheduler.SequentialLR(opt, schedulers=[w, c], milestones=[5])\nfor epoch in range(3):\n    for b in loader:\n        opt.step()\n    s.step()\n', []],
      ['seq zero steps', 'w = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5)\nc = lr_scheduler.CosineAnnealingLR(opt, T_max=10)\ns = lr_scheduler.SequentialLR(opt, schedulers=[w, c], milestones=[5])\n' + loops('0', '3'), []],
      ['seq milestones mismatch', 'w = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=500)\nc = lr_scheduler.CosineAnnealingLR(opt, T_max=10)\ns = lr_scheduler.SequentialLR(opt, schedulers=[w, c], milestones=[500, 600])\n' + L, [['tmax-short','10','100',' (SequentialLR runs it from step 500 to 600)','0','0.1','20',''],['sequential-milestones','2','2','1']]],
      ['seq one loop', 'w = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=500)\nc = lr_scheduler.CosineAnnealingLR(opt, T_max=10)\ns = lr_scheduler.SequentialLR(opt, schedulers=[w, c], milestones=[500])\n' + loops('100', null).replace('epoch', 'i'), [['warmup-too-long','100','','0.028','0.1','CosineAnnealingLR','','500','500']]],
      ['chained one loop', 'w = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=500)\nc = lr_scheduler.ExponentialLR(opt, gamma=0.99)\ns = lr_scheduler.ChainedScheduler([w, c])\n' + loops('100', null).replace('epoch', 'i'), [['warmup-too-long','LinearLR','500','100','','0.01152','0.1','']]],
      ['chained per epoch', 'w = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=500)\nc = lr_scheduler.ExponentialLR(opt, gamma=0.99)\ns = lr_scheduler.ChainedScheduler([w, c])\nfor epoch in range(3):\n    for b in loader:\n        opt.step()\n    s.step()\n', []],
      ['chained zero', 'w = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=500)\nc = lr_scheduler.ExponentialLR(opt, gamma=0.99)\ns = lr_scheduler.ChainedScheduler([w, c])\n' + loops('0', '3'), []],
    ];

    assert.deepEqual(
      cases.map(([what, script]) => [what, judged(HEAD + script)]),
      cases.map(([what, , want]) => [what, want]),
    );
  });
  it('run-length rules: which runs each judges, and the fix\'s text (three loops, T_max = 0 × epochs, the optimizer step a per-epoch call moves after, a child, no steps, per-epoch overrun)', () => {
    const HEAD = 'import torch\nfrom torch.optim import lr_scheduler\nfrom transformers import get_scheduler\nopt = torch.optim.SGD(params, lr=0.1)\nnum_epochs = 10\n';
    const batch = (sched: string, epochs = 'num_epochs', batches = '50') => `s = ${sched}\nfor epoch in range(${epochs}):\n    for b in range(${batches}):\n        opt.step()\n        s.step()\n`;
    const cases: [string, string, string[][]][] = [
      ['constant_with_warmup sized', batch('get_scheduler("constant_with_warmup", opt, num_warmup_steps=10, num_training_steps=50)'), []],
      ['linear without warm-up', batch('get_scheduler("linear", opt, num_training_steps=100)', '2'), []],
      ['three loops', 's = lr_scheduler.CosineAnnealingLR(opt, T_max=10)\nfor epoch in range(num_epochs):\n    for chunk in range(2):\n        for b in range(50):\n            opt.step()\n            s.step()\n', [['tmax-short','10','1,000',' (10 × 2 × 50)','0','0.1','20','','189-191:num_epochs * 2 * 50']]],
      ['T_max 0 * epochs', batch('lr_scheduler.CosineAnnealingLR(opt, T_max=0 * num_epochs)'), []],
      ['wrap ^', batch('lr_scheduler.StepLR(opt, step_size=0 + int(num_epochs))'), [['step-unit','step_size','10','s','10 × 50','500','step_size','2.0','0.01','','182-201:(0 + int(num_epochs)) * 50']]],
      ['wrap $', batch('lr_scheduler.StepLR(opt, step_size=int(num_epochs) + 0)'), [['step-unit','step_size','10','s','10 × 50','500','step_size','2.0','0.01','','182-201:(int(num_epochs) + 0) * 50']]],
      ['two optimizer steps', 's = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=1000)\nfor epoch in range(num_epochs):\n    for b in range(50):\n        opt.step()\n        opt.step()\n    s.step()\n', [['step-unit','OneCycleLR','1,000','total_steps','s','10','4.265e-3','9.035e-7','','299-299:\n        s.step()','300-313:']]],
      ['epoch-level optimizer step', 's = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=1000)\nfor epoch in range(num_epochs):\n    for b in range(50):\n        opt.step()\n    opt.step()\n    s.step()\n', [['step-unit','OneCycleLR','1,000','total_steps','s','10','4.265e-3','9.035e-7','','280-280:\n        s.step()','296-309:']]],
      ['OneCycleLR child', 'w = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=10)\nc = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=20)\ns = lr_scheduler.SequentialLR(opt, schedulers=[w, c], milestones=[10])\nfor epoch in range(num_epochs):\n    for b in range(50):\n        opt.step()\n        s.step()\n', []],
      ['no steps', batch('get_scheduler("linear", opt, num_warmup_steps=0, num_training_steps=100)', '0'), []],
      ['OneCycleLR per epoch, stepped more often than sized (PyTorch raises)', 's = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=5)\nfor epoch in range(num_epochs):\n    for b in range(50):\n        opt.step()\n    s.step()\n', [['step-count','5','total_steps','10','10','6','','','200-201:num_epochs']]],
      ['milestones [ 500 ]', 'w = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=500)\nc = lr_scheduler.CosineAnnealingLR(opt, T_max=10)\ns = lr_scheduler.SequentialLR(opt, schedulers=[w, c], milestones=[ 500 ])\nfor epoch in range(num_epochs):\n    for b in range(100):\n        opt.step()\n        s.step()\n', [['tmax-short','10','500',' (SequentialLR runs it from step 500 to 1,000)','0','0.1','20','','255-257:num_epochs * 100 - 500']]],
    ];
    assert.deepEqual(
      cases.map(([what, script]) => [what, judged(HEAD + script)]),
      cases.map(([what, , want]) => [what, want]),
    );
  });
  it('run-length rules: where each is said and when a fix is offered (one loop, a step before the batch loop, DeepSpeed\'s warm-up argument, a middle SequentialLR child)', () => {
    const HEAD = 'import torch\nfrom torch.optim import lr_scheduler\nopt = torch.optim.SGD(params, lr=0.1)\n';
    const L = 'for i in range(1000):\n    opt.step()\n    s.step()\n';
    const seq = (m: string) => `w = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=500)\nc = lr_scheduler.CosineAnnealingLR(opt, T_max=10)\ns = lr_scheduler.SequentialLR(opt, schedulers=[w, c], milestones=${m})\n` + L;
    const cases: [string, string, string[][]][] = [
      ['one loop, T_max = 1', 's = lr_scheduler.CosineAnnealingLR(opt, T_max=1)\nfor i in range(10):\n    opt.step()\n    s.step()\n', [['tmax-short@134','1','10','','0','0.1','2','','134-135:10']]],
      ['step before the batch loop', 's = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=1000)\nfor epoch in range(10):\n    s.step()\n    for b in range(50):\n        opt.step()\n', [['step-unit@145','OneCycleLR','1,000','total_steps','s','10','4.265e-3','9.035e-7',''],['step-order@179','s','8','4e-3','4.003e-3']]],
      ['DeepSpeed WarmupDecayLR', 'from deepspeed.runtime.lr_schedules import WarmupDecayLR\ns = WarmupDecayLR(opt, total_num_steps=100, warmup_num_steps=200)\nfor i in range(100):\n    opt.step()\n    s.step()\n', [['warmup-too-long@206','200','100','1e-3','8.692e-4','100','']]],
      ['middle SequentialLR child', 'w = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5)\nc = lr_scheduler.CosineAnnealingLR(opt, T_max=10)\ne = lr_scheduler.ExponentialLR(opt, gamma=0.9)\ns = lr_scheduler.SequentialLR(opt, schedulers=[w, c, e], milestones=[5, 500])\nfor i in range(1000):\n    opt.step()\n    s.step()\n', [['tmax-short@198','10','495',' (SequentialLR runs it from step 5 to 500)','0','0.1','20','']]],
      // The fix subtracts the last milestone only when the list is one plain element.
      ['milestones [500][:1]', seq('[500][:1]'), [['tmax-short@200','10','500',' (SequentialLR runs it from step 500 to 1,000)','0','0.1','20','']]],
      ['milestones [[500]][0]', seq('[[500]][0]'), [['tmax-short@200','10','500',' (SequentialLR runs it from step 500 to 1,000)','0','0.1','20','']]],
      ['milestones [int(args.m)]', seq('[int(args.m)]'), [['tmax-short@200','10','999',' (SequentialLR runs it from step 1 to 1,000)','0','0.1','20','','200-202:1000 - (int(args.m))']]],
      ['a CosineAnnealingLR on a branch not taken', 'if False:\n    s = lr_scheduler.CosineAnnealingLR(opt, T_max=10)\nelse:\n    s = lr_scheduler.StepLR(opt, 10)\n' + L, []],
      // PyTorch's own lengths (total_iters) are not a declared run length: running past them is how LinearLR ends.
      ['LinearLR past total_iters', 's = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5)\n' + L, []],
      ['PolynomialLR past total_iters', 's = lr_scheduler.PolynomialLR(opt, total_iters=5)\n' + L, []],
    ];
    assert.deepEqual(
      cases.map(([what, script]) => [what, judged(HEAD + script, true)]),
      cases.map(([what, , want]) => [what, want]),
    );
  });
  it('timm rules: which epoch runs are judged (no epochs, t_initial 0, two loops, the loop forms a fix can write, lengths at the 10^6 bound, a flat warm-up)', () => {
    const TIMM = 'import torch\nfrom tqdm import tqdm\nfrom timm.scheduler import CosineLRScheduler, StepLRScheduler\noptimizer = torch.optim.SGD(params, lr=0.1)\n';
    const ep = (sched: string, loop = 'for epoch in range(60):') => `scheduler = ${sched}\n${loop}\n    train(optimizer)\n    scheduler.step(epoch + 1)\n`;
    const cosine100 = 'CosineLRScheduler(optimizer, t_initial=100)';
    const short: string[][] = [['step-count@192','CosineLRScheduler','100','t_initial','scheduler','60','0.03455','0','40']];
    const cases: [string, string, string[][]][] = [
      ['no epochs', ep(cosine100, 'for epoch in range(0):'), []],
      ['t_initial 0', ep('CosineLRScheduler(optimizer, t_initial=0)'), []],
      // Only one `range(…)` loop around step(epoch) can be written back as t_initial.
      ['two loops: no fix', 'scheduler = CosineLRScheduler(optimizer, t_initial=100)\nfor run in range(2):\n    for epoch in range(30):\n        train(optimizer)\n        scheduler.step(epoch + 1)\n', short],
      ['tqdm(range(60)): no fix', ep(cosine100, 'for epoch in tqdm(range(60)):'), short],
      ['enumerate(range(60)): no fix', ep(cosine100, 'for epoch, _ in enumerate(range(60)):'), short],
      ['t_initial 10^6: judged', ep('CosineLRScheduler(optimizer, t_initial=1000000)'), [['step-count@192','CosineLRScheduler','1,000,000','t_initial','scheduler','60','0.1','0','100','192-199:60']]],
      ['t_initial over 10^6: not', ep('CosineLRScheduler(optimizer, t_initial=2000000)'), []],
      ['warmup_t 10^6: judged', ep('StepLRScheduler(optimizer, decay_t=5, warmup_t=1000000)'), [['warmup-too-long@200','1,000,000','scheduler','60','0.1','5.9e-6','59']]],
      ['warmup_t over 10^6: not', ep('StepLRScheduler(optimizer, decay_t=5, warmup_t=2000000)'), []],
      ['a flat warm-up peaks at its first epoch', ep('StepLRScheduler(optimizer, decay_t=100, warmup_t=60, warmup_lr_init=0.1)'), [['warmup-too-long@202','60','scheduler','60','0.1','0.1','0']]],
    ];
    assert.deepEqual(
      cases.map(([what, script]) => [what, judged(TIMM + script, true)]),
      cases.map(([what, , want]) => [what, want]),
    );
  });
  it('step-call rules: the loops step-order needs, a plateau step given something, the 0-based loops of a deprecated step(epoch), what counts as using a scheduler nothing steps', () => {
    const HEAD = 'import torch\nfrom torch.optim import lr_scheduler\nopt = torch.optim.SGD(params, lr=0.1)\n';
    const L = 'for i in range(3):\n    opt.step()\n';
    const cases: [string, string, string[][]][] = [
      ['step before optimizer, no loop', 's = lr_scheduler.StepLR(opt, 10)\ns.step()\nopt.step()\n', []],
      ['plateau given a call\'s value', 's = lr_scheduler.ReduceLROnPlateau(opt)\nfor epoch in range(3):\n    opt.step()\n    s.step(evaluate(model))\n', []],
      ['plateau given metrics=', 's = lr_scheduler.ReduceLROnPlateau(opt)\nfor epoch in range(3):\n    opt.step()\n    s.step(metrics=val)\n', []],
      ['plateau given only epoch=: still no metric', 's = lr_scheduler.ReduceLROnPlateau(opt)\nfor epoch in range(3):\n    opt.step()\n    s.step(epoch=epoch)\n', [['plateau-no-metric@170','s','ReduceLROnPlateau','epoch','0.1']]],
      ['plateau given **kwargs: may carry it', 's = lr_scheduler.ReduceLROnPlateau(opt)\nfor epoch in range(3):\n    opt.step()\n    s.step(**kw)\n', []],
      ['range( 0, 10) counts from 0', 's = lr_scheduler.StepLR(opt, 2)\nfor epoch in range( 0, 10):\n    opt.step()\n    s.step(epoch)\n', [['step-epoch-deprecated@167','s','epoch','epoch','2','0.1','0.01','3','174-179:']]],
      ['range(0 , 10) counts from 0', 's = lr_scheduler.StepLR(opt, 2)\nfor epoch in range(0 , 10):\n    opt.step()\n    s.step(epoch)\n', [['step-epoch-deprecated@167','s','epoch','epoch','2','0.1','0.01','3','174-179:']]],
      ['for (idx, b) in enumerate(…)', 's = lr_scheduler.StepLR(opt, 2)\nfor (idx, b) in enumerate(loader):\n    opt.step()\n    s.step(idx)\n', [['step-epoch-deprecated@174','s','idx','step','2','0.1','0.01','3','181-184:']]],
      // The lr function raises at epoch 5 before the lr ever changes: no "one epoch late" to tell.
      ['an lr that raises before it changes', 's = lr_scheduler.LambdaLR(opt, lambda e: 1.0 if e < 5 else 1 / 0)\nfor epoch in range(10):\n    opt.step()\n    s.step(epoch)\n', [['step-epoch-deprecated@197','s','epoch','epoch','204-209:']]],
      ['a dotted optimizer is stepped', 'class M: pass\nm = M()\nm.opt = torch.optim.SGD(params, lr=0.1)\nm.sched = lr_scheduler.StepLR(m.opt, 10)\nfor i in range(3):\n    m.opt.step()\n', [['never-stepped@160','m.sched','0.1','StepLR']]],
      // The comment is blanked, not removed: positions stay the source's, so the name inside the call is inside it.
      ['the name inside its own call, a long comment above', `# ${'x'.repeat(60)}\nsched = lr_scheduler.LambdaLR(opt, lambda sched: 1.0)\n` + L, [['never-stepped@159','sched','0.1','LambdaLR']]],
      ['passed on: used', 's = lr_scheduler.StepLR(opt, 10)\nrun(s)\n' + L, []],
      ['a = b = …; one name used', 'a = b = lr_scheduler.StepLR(opt, 10)\nrun(a)\n' + L, []],
      ['sched=… is the assignment, not a use', 'sched=lr_scheduler.StepLR(opt, 10)\n' + L, [['never-stepped@94','sched','0.1','StepLR']]],
      ['an optimizer written with spaces', 'opts = [torch.optim.SGD(params, lr=0.1)]\ns = lr_scheduler.StepLR(opts[ 0 ], 10)\nfor i in range(3):\n    opts[0].step()\n', [['never-stepped@133','s','0.1','StepLR']]],
    ];
    assert.deepEqual(
      cases.map(([what, script]) => [what, judged(HEAD + script, true)]),
      cases.map(([what, , want]) => [what, want]),
    );
  });
  it('schedulerOf: the scheduler a diagnostic is said in (its call or a step call, ends included), else its own start', () => {
    const at = (start: number, end: number) => ({ start, end });
    const result = {
      schedulers: [
        { id: 7, range: at(10, 20), stepCalls: [{ range: at(50, 60) }, { range: at(70, 80) }] },
        { id: 8, range: at(30, 40), stepCalls: [] },
      ],
    } as unknown as AnalysisResult;
    const cases: [string, number, number, number][] = [
      ['the whole call', 10, 20, 7],
      ['inside the call', 12, 15, 7],
      ['from the call\'s start', 10, 12, 7],
      ['to the call\'s end', 15, 20, 7],
      ['over the call\'s end', 15, 21, -16],
      ['before the call', 9, 12, -10],
      ['the second scheduler', 30, 40, 8],
      ['a step call', 50, 60, 7],
      ['the second step call', 72, 75, 7],
      ['between the step calls', 61, 65, -62],
      ['across two step calls', 55, 75, -56],
      ['nowhere', 0, 1, -1],
    ];
    assert.deepEqual(
      cases.map(([what, start, end]) => [what, schedulerOf(result, { range: at(start, end) } as never)]),
      cases.map(([what, , , want]) => [what, want]),
    );
  });
  it('argument rules: which schedules each judges, what a fix can edit, where it is said (poly lr_end, min_lr, SequentialLR\'s plateau, verbose)', () => {
    const HEAD = 'import torch\nfrom torch.optim import lr_scheduler\nfrom transformers import get_scheduler, get_polynomial_decay_schedule_with_warmup\nopt = torch.optim.SGD(params, lr=0.1)\n';
    const L = 'for i in range(10):\n    opt.step()\n    s.step()\n';
    const withOpt = (o: string, sched: string) => `o2 = ${o}\ns = ${sched}\nfor i in range(10):\n    o2.step()\n    s.step()\n`;
    const minLr = (kw: string) => `s = get_scheduler("cosine_with_min_lr", opt, 10, 100, scheduler_specific_kwargs=${kw})\n` + L;
    const cases: [string, string, string[][]][] = [
      // Only the polynomial schedule has an lr_end to compare, and only when it is not below the lr.
      ['StepLR under an lr of 1e-8', withOpt('torch.optim.SGD(params, lr=1e-8)', 'lr_scheduler.StepLR(o2, 10)'), []],
      ['poly, lr_end below the lr', 's = get_polynomial_decay_schedule_with_warmup(opt, 0, 100, lr_end=1e-3)\n' + L, [['step-count@224','get_polynomial_decay_schedule_with_warmup','100','num_training_steps','10','10','0.0901','1e-3','90','','','224-227:10']]],
      // transformers compares lr_end with optimizer.defaults["lr"], not a param group's own lr.
      ['poly, a param group\'s lr below lr_end', withOpt('torch.optim.SGD([{"params": a, "lr": 1e-8}], lr=0.1)', 'get_polynomial_decay_schedule_with_warmup(o2, 0, 100, lr_end=1e-3)'), [['step-count@281','get_polynomial_decay_schedule_with_warmup','100','num_training_steps','10','10','9.01e-9','1e-10','90','','','281-284:10']]],
      ['poly, the lr assumed', withOpt('torch.optim.SGD(params, lr=args.lr)', 'get_polynomial_decay_schedule_with_warmup(o2, 0, 100, lr_end=1.0)'), [['poly-lr-end@276','1','1e-3',' (assumed)']]],
      ['poly, only the length assumed', 's = get_polynomial_decay_schedule_with_warmup(opt, 0, 10 * len(loader), lr_end=1.0)\n' + L, [['poly-lr-end@249','1','0.1','']]],
      ['min_lr: a dict expression is not edited', minLr('{"x": 1}.copy()'), [['min-lr-missing@188','cosine_with_min_lr','0.1','0.01']]],
      ['min_lr: after a trailing comma', minLr('{"x": 1, }'), [['min-lr-missing@188','cosine_with_min_lr','0.1','0.01','259-259: "min_lr_rate": 0.1']]],
      ['min_lr: after two keys', minLr('{"x": 1, "y": 2}'), [['min-lr-missing@188','cosine_with_min_lr','0.1','0.01','265-265:, "min_lr_rate": 0.1']]],
      ['ChainedScheduler holding a plateau: not SequentialLR\'s refusal', 'a = lr_scheduler.StepLR(opt, 10)\nb = lr_scheduler.ReduceLROnPlateau(opt)\ns = lr_scheduler.ChainedScheduler([a, b])\n' + L, []],
      ['SequentialLR, the plateau first', 'a = lr_scheduler.ReduceLROnPlateau(opt)\nb = lr_scheduler.StepLR(opt, 10)\ns = lr_scheduler.SequentialLR(opt, schedulers=[a, b], milestones=[5])\n' + L, [['sequential-plateau@289','1','2']]],
      // verbose first, a space before its comma: the fix takes the comma after it; a plateau's curve has its first lr.
      ['verbose first', 's = lr_scheduler.ReduceLROnPlateau(verbose=True , optimizer=opt)\nfor i in range(10):\n    opt.step()\n    s.step(1.0)\n', [['verbose-removed@213','True','ReduceLROnPlateau','0.1','0.1','205-220:']]],
    ];
    assert.deepEqual(
      cases.map(([what, script]) => [what, judged(HEAD + script, true)]),
      cases.map(([what, , want]) => [what, want]),
    );
  });
});
