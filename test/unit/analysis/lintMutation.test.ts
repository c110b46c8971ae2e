// The lint rules' helpers pinned by value, case by case (issue 20: survivors of StrykerJS over
// src/core/lint that the whole-script tests in lintPinned.test.ts cannot tell apart): Python loop
// counts, accumulation divisors, the line arithmetic of RuleContext, and warm-up lengths.
import * as assert from 'node:assert/strict';
import { loopCountCode, moduloDivisorText, num, RuleContext, stepArgs } from '../../../src/core/lint/context';
import { warmupLength } from '../../../src/core/lint/torchWarmupRules';
import type { AnalysisResult, Range } from '../../../src/core/model/types';

const EMPTY = { schedulers: [], assumptions: [] } as unknown as AnalysisResult;
const ctxOf = (source: string, cellLines?: number[]) => new RuleContext(EMPTY, source, cellLines);

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
});
