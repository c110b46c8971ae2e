// cells.ts's decisions pinned by value (issue 20): how lines are counted (LF, CR LF, a lone CR),
// where a cell past the last one sits, which ranges a cell's view keeps or drops, and how a
// notebook's lint is cut to one cell (a range past the cell's end clipped at it, a fix kept only
// when every edit lies inside the cell, the cell's first and last character included).
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { cellSlices, cellView, concatCells, lintInCell } from '../../../src/core/model/cells';
import type { Fix, LintDiagnostic, LintResult } from '../../../src/core/lint/index';
import type { Range } from '../../../src/core/model/types';

/** A range of `text` from offset `start` to `end`, with the line/character positions of those offsets. */
function rangeIn(text: string, start: number, end: number): Range {
  const pos = (o: number) => {
    const before = text.slice(0, o).split(/\r\n|\r|\n/);
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { start, end, startPos: pos(start), endPos: pos(end) };
}

const fix = (edits: [number, number][]): Fix => ({ title: 'f', titleTemplate: 'f', titleArgs: [], edits: edits.map(([start, end]) => ({ start, end, newText: 'x' })) });

function diagnostic(range: Range, withFix?: Fix): LintDiagnostic {
  return { rule: 'step-order', severity: 'warning', range, message: 'm', messageTemplate: 'm', args: [], ...(withFix ? { fix: withFix } : {}) };
}

describe('cells.ts pinned by value', () => {
  it('lines as VS Code counts them: LF, CR LF and a lone CR each end a line; two CRs are two lines', () => {
    assert.deepEqual(cellSlices(['a\rb', 'c']), [
      { lineOffset: 0, charOffset: 0, lines: 2 },
      { lineOffset: 2, charOffset: 4, lines: 1 },
    ]);
    assert.deepEqual(cellSlices(['a\r\rb', 'c'])[1], { lineOffset: 3, charOffset: 5, lines: 1 });
    assert.deepEqual(cellSlices(['a\r\nb', 'c'])[1], { lineOffset: 2, charOffset: 5, lines: 1 });
    assert.deepEqual(cellSlices(['a\n\r\nb\n', 'c'])[1], { lineOffset: 4, charOffset: 7, lines: 1 });
    assert.deepEqual(cellSlices(['', '']), [
      { lineOffset: 0, charOffset: 0, lines: 1 },
      { lineOffset: 1, charOffset: 1, lines: 1 },
    ]);
  });

  it('a cell index past the last cell sits one line after it; a negative one, or no cells, at the start', () => {
    assert.deepEqual(concatCells(['a', 'bc\nd'], 2).slice, { lineOffset: 3, charOffset: 7, lines: 1 });
    assert.deepEqual(concatCells(['a', 'bc\nd'], 7).slice, { lineOffset: 3, charOffset: 7, lines: 1 });
    assert.deepEqual(concatCells(['a', 'bc\nd'], -1).slice, { lineOffset: 0, charOffset: 0, lines: 1 });
    assert.deepEqual(concatCells([], 0), { text: '', slice: { lineOffset: 0, charOffset: 0, lines: 1 }, slices: [] });
    assert.equal(concatCells(['a', 'bc\nd'], 1).text, 'a\nbc\nd');
  });

  it("a cell's view: ranges in the cell moved into it, an assumption made in an earlier cell kept without a range", () => {
    const cells = ['import torch\nopt = torch.optim.SGD(params, lr=0.1)\nn = args.step_size\n', 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=n)'];
    const { text, slice } = concatCells(cells, 1);
    const whole = analyze(text);
    const before = whole.schedulers[0].assumptions.find((a) => a.name === 'args.step_size');
    assert.ok(before?.range, 'the assumption has a range in the joined text');
    assert.equal(before.range.startPos.line, 2);
    const view = cellView(whole, slice);
    const f = view.schedulers[0];
    const a = f.assumptions.find((x) => x.name === 'args.step_size');
    assert.ok(a);
    assert.equal(a.range, undefined);
    assert.equal('range' in a, false);
    assert.deepEqual({ ...a, range: undefined }, { ...before, range: undefined });
    const arg = f.arguments.find((x) => x.name === 'step_size');
    assert.ok(arg?.range);
    assert.equal(cells[1].slice(arg.range.start, arg.range.end), 'n');
    assert.deepEqual(arg.range.startPos, { line: 0, character: 55 });
    assert.equal(f.line, 1);
  });

  it("a cell's view keeps the step calls in the cell, each with its optimizer.step() calls moved into the cell", () => {
    const cells = [
      'import torch\nopt = torch.optim.SGD(params, lr=0.1)\nloader = [0] * 10\n',
      'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3)\nfor epoch in range(4):\n    for b in loader:\n        opt.step()\n        sched.step()\n',
    ];
    const { text, slice } = concatCells(cells, 1);
    const f = cellView(analyze(text), slice).schedulers[0];
    assert.equal(f.stepCalls.length, 1);
    const c = f.stepCalls[0];
    assert.equal(cells[1].slice(c.range.start, c.range.end), 'sched.step()');
    assert.deepEqual(c.range.startPos, { line: 4, character: 8 });
    assert.ok(c.optimizerSteps);
    assert.deepEqual(
      c.optimizerSteps.map((r) => [cells[1].slice(r.start, r.end), r.startPos.line]),
      [['opt.step()', 3]],
    );
    // The loop's step call lies in another cell than the scheduler: the scheduler's view has none.
    const split = ['import torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=3)\n', 'for epoch in range(4):\n    opt.step()\n    sched.step()\n'];
    const j = concatCells(split, 0);
    assert.deepEqual(cellView(analyze(j.text), j.slice).schedulers[0].stepCalls, []);
  });

  it("a notebook's lint cut to one cell: a range past the cell's end is clipped at its last character (CR LF lines too)", () => {
    const cells = ['x = 1\r\ny = 2', 'z = 3\r\nw = 4', 'v = 5'];
    const { text, slice } = concatCells(cells, 1);
    assert.deepEqual(slice, { lineOffset: 2, charOffset: 13, lines: 2 });
    const inside = rangeIn(text, 14, 18);
    const across = rangeIn(text, 20, 30);
    const atEnd = rangeIn(text, 20, 25);
    const result: LintResult = {
      diagnostics: [diagnostic(rangeIn(text, 0, 3)), diagnostic(inside), diagnostic(across), diagnostic(atEnd), diagnostic(rangeIn(text, 27, 30))],
      ignoreFixes: [fix([[0, 0]]), fix([[13, 13]]), fix([[25, 25]]), fix([[12, 13]]), fix([[27, 27]])],
    };
    const cut = lintInCell(result, text, slice);
    assert.deepEqual(
      cut.diagnostics.map((d) => [d.range.start, d.range.end, d.range.startPos, d.range.endPos]),
      [
        [1, 5, { line: 0, character: 1 }, { line: 0, character: 5 }],
        [7, 12, { line: 1, character: 0 }, { line: 1, character: 5 }],
        [7, 12, { line: 1, character: 0 }, { line: 1, character: 5 }],
      ],
    );
    // The ignore fixes: one at the cell's first character kept (offset 0), one at its last kept, one starting before the cell dropped.
    assert.deepEqual(
      cut.ignoreFixes.map((f) => f?.edits.map((e) => [e.start, e.end])),
      [[[0, 0]], [[12, 12]], undefined],
    );
  });

  it('a fix is kept only when every edit lies inside the cell; the diagnostic stays without one', () => {
    const cells = ['a = 1', 'b = 2\nc = 3', 'd = 4'];
    const { text, slice } = concatCells(cells, 1);
    const r = rangeIn(text, 6, 9);
    const result: LintResult = {
      diagnostics: [diagnostic(r, fix([[6, 7], [17, 18]])), diagnostic(rangeIn(text, 8, 9), fix([[6, 7], [16, 17]])), diagnostic(rangeIn(text, 10, 11), fix([[5, 7]]))],
      ignoreFixes: [fix([[18, 18]]), fix([[8, 8]]), fix([[5, 5]])],
    };
    const cut = lintInCell(result, text, slice);
    assert.deepEqual(
      cut.diagnostics.map((d) => d.fix?.edits.map((e) => [e.start, e.end])),
      [undefined, [[0, 1], [10, 11]], undefined],
    );
    assert.equal('fix' in cut.diagnostics[0], false);
    assert.deepEqual(
      cut.ignoreFixes.map((f) => f?.edits.map((e) => [e.start, e.end])),
      [undefined, [[2, 2]], undefined],
    );
    assert.deepEqual(cut.diagnostics[1].range, { start: 2, end: 3, startPos: { line: 0, character: 2 }, endPos: { line: 0, character: 3 } });
  });

  it("the last cell's end is the text's end", () => {
    const cells = ['a = 1', 'b = 2\nc = 33'];
    const { text, slice } = concatCells(cells, 1);
    const cut = lintInCell({ diagnostics: [diagnostic(rangeIn(text, 12, 18))], ignoreFixes: [fix([[18, 18]])] }, text, slice);
    assert.deepEqual(cut.diagnostics[0].range, { start: 6, end: 12, startPos: { line: 1, character: 0 }, endPos: { line: 1, character: 6 } });
    assert.deepEqual(cut.ignoreFixes[0]?.edits, [{ start: 12, end: 12, newText: 'x' }]);
  });

  it('a cell of lone-CR and LF lines: its end found past both kinds of line end, a range past it clipped there', () => {
    const cells = ['a', 'z = 3\rw = 4\nq = 55', 'v'];
    const { text, slice } = concatCells(cells, 1);
    assert.deepEqual(slice, { lineOffset: 1, charOffset: 2, lines: 3 });
    const cut = lintInCell({ diagnostics: [diagnostic(rangeIn(text, 14, 22))], ignoreFixes: [fix([[20, 20]])] }, text, slice);
    assert.deepEqual(cut.diagnostics[0].range, { start: 12, end: 18, startPos: { line: 2, character: 0 }, endPos: { line: 2, character: 6 } });
    assert.deepEqual(cut.ignoreFixes[0]?.edits, [{ start: 18, end: 18, newText: 'x' }]);
  });
});
