import * as assert from 'assert';
import { analyze } from '../../../src/core/model/analyze';
import { cellView, concatCells, lintInCell } from '../../../src/core/model/cells';
import { applyEdits, lint, type LintResult } from '../../../src/core/lint/index';

const CELLS = [
  'import torch\nfrom torch.optim.lr_scheduler import StepLR\nmodel = torch.nn.Linear(4, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\ntrain_loader = [0] * 50\n',
  '# the schedule\nscheduler = StepLR(optimizer, step_size=10, gamma=0.5)',
  'for epoch in range(40):\n    for batch in train_loader:\n        optimizer.step()\n        scheduler.step()',
];

describe('notebook cells (src/core/model/cells.ts)', () => {
  it('joins the code cells and says where each cell starts (lines as VS Code counts them)', () => {
    const { text, slice } = concatCells(CELLS, 1);
    assert.strictEqual(text, CELLS.join('\n'));
    // Cell 0 ends with a newline: 6 lines as VS Code counts them (the last one empty).
    assert.deepStrictEqual(slice, { lineOffset: 6, charOffset: CELLS[0].length + 1, lines: 2 });
    assert.strictEqual(text.split('\n')[slice.lineOffset], '# the schedule');
    assert.deepStrictEqual(concatCells(['a\r\nb', 'c'], 1).slice, { lineOffset: 2, charOffset: 5, lines: 1 });
  });

  it("a scheduler cell uses the optimizer of an earlier cell and the loop of a later one; ranges are the cell's", () => {
    const { text, slice } = concatCells(CELLS, 1);
    const a = cellView(analyze(text), slice);
    assert.strictEqual(a.schedulers.length, 1);
    const f = a.schedulers[0];
    assert.strictEqual(f.kind, 'StepLR');
    assert.strictEqual(f.line, 2);
    assert.deepStrictEqual(f.baseLrs, [0.1]);
    // The loop in the third cell: per batch, 40 × 50 steps.
    assert.strictEqual(f.unit, 'step');
    assert.strictEqual(f.naturalSteps, 2000);
    // Ranges point into the cell's own text.
    const cell = CELLS[1];
    assert.strictEqual(cell.slice(f.range.start, f.range.end), 'StepLR(optimizer, step_size=10, gamma=0.5)');
    assert.deepStrictEqual(f.range.startPos, { line: 1, character: 12 });
    const arg = f.arguments.find((x) => x.name === 'step_size');
    assert.ok(arg?.range);
    assert.strictEqual(cell.slice(arg.range.start, arg.range.end), '10');
    // The step() call is in another cell: not a range of this one.
    assert.strictEqual(f.stepCalls.length, 0);
  });

  it('the other cells show none of its findings', () => {
    for (const i of [0, 2]) {
      const { text, slice } = concatCells(CELLS, i);
      assert.deepStrictEqual(cellView(analyze(text), slice).schedulers, [], `cell ${i}`);
    }
  });
});

/** A notebook whose loop (cell 3) steps the scheduler of cell 1 before the optimizer. */
const NOTEBOOK = [
  'import torch\nfrom torch.optim.lr_scheduler import StepLR\nmodel = torch.nn.Linear(4, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\ntrain_loader = [0] * 50\n',
  'scheduler = StepLR(optimizer, step_size=10, gamma=0.5)',
  '# evaluation helpers\nbest = None',
  'for epoch in range(40):\n    for batch in train_loader:\n        scheduler.step()\n        optimizer.step()',
];

/** The lint of a notebook as the host runs it: the joined cells, the full analysis, the cells' first lines. */
function lintNotebook(cells: readonly string[]): { text: string; result: LintResult; cell: (i: number) => ReturnType<typeof lintInCell> } {
  const { text, slices } = concatCells(cells, 0);
  const result = lint(analyze(text), text, { cellLines: slices.map((s) => s.lineOffset) });
  return { text, result, cell: (i) => lintInCell(result, text, slices[i]) };
}

describe('notebook diagnostics (lintInCell)', () => {
  it("a step-order diagnostic of the loop in cell 3 lands in cell 3, in the cell's coordinates", () => {
    const nb = lintNotebook(NOTEBOOK);
    const d = nb.cell(3).diagnostics.find((x) => x.rule === 'step-order');
    assert.ok(d, JSON.stringify(nb.result.diagnostics.map((x) => x.rule)));
    const cell = NOTEBOOK[3];
    assert.strictEqual(cell.slice(d.range.start, d.range.end), 'scheduler.step()');
    assert.deepStrictEqual(d.range.startPos, { line: 2, character: 8 });
    assert.deepStrictEqual(d.range.endPos, { line: 2, character: 24 });
    // The optimizer's line in the message is the cell's line 4, not the joined text's line 14.
    assert.match(d.message, /runs before `optimizer\.step\(\)` \(line 4\)/);
    assert.deepStrictEqual(d.args.slice(0, 2), ['scheduler', '4']);
    // The other cells show nothing of it.
    for (const i of [0, 1, 2]) assert.deepStrictEqual(nb.cell(i).diagnostics.map((x) => x.rule), [], `cell ${i}`);
    // The cell's own view of the analysis has no step call of the scheduler: linted alone, it says nothing.
    const { text, slice } = concatCells(NOTEBOOK, 3);
    assert.deepStrictEqual(lint(cellView(analyze(text), slice), cell).diagnostics, []);
  });

  it("a fix inside one cell is mapped into the cell's offsets (and the ignore fix too)", () => {
    const nb = lintNotebook(NOTEBOOK);
    const cell = NOTEBOOK[3];
    const { diagnostics, ignoreFixes } = nb.cell(3);
    const i = diagnostics.findIndex((x) => x.rule === 'step-order');
    const fix = diagnostics[i].fix;
    assert.ok(fix);
    assert.strictEqual(applyEdits(cell, fix.edits), 'for epoch in range(40):\n    for batch in train_loader:\n        optimizer.step()\n        scheduler.step()');
    // The same edit as in the joined text, shifted by where the cell starts.
    const whole = nb.result.diagnostics.find((x) => x.rule === 'step-order')!.fix!;
    const at = concatCells(NOTEBOOK, 3).slice.charOffset;
    assert.deepStrictEqual(fix.edits, whole.edits.map((e) => ({ ...e, start: e.start - at, end: e.end - at })));
    assert.strictEqual(applyEdits(cell, ignoreFixes[i]!.edits).split('\n')[2], '        scheduler.step()  # lr-lens: ignore[step-order]');
    // Fixed in the cell, the notebook has no step-order left.
    const fixed = [...NOTEBOOK.slice(0, 3), applyEdits(cell, fix.edits)];
    assert.deepStrictEqual(lintNotebook(fixed).result.diagnostics.map((x) => x.rule), []);
  });

  it('a fix whose edits span two cells is dropped; the diagnostic stays', () => {
    const nb = lintNotebook(NOTEBOOK);
    const d = nb.result.diagnostics.find((x) => x.rule === 'step-order')!;
    const slices = concatCells(NOTEBOOK, 0).slices;
    // One edit in cell 3, one at the end of cell 2 (the character before cell 3's joining newline).
    const into2 = slices[3].charOffset - 1;
    const spanning: LintResult = {
      diagnostics: [{ ...d, fix: { ...d.fix!, edits: [{ start: into2 - 1, end: into2, newText: '' }, ...d.fix!.edits] } }],
      ignoreFixes: [nb.result.ignoreFixes[nb.result.diagnostics.indexOf(d)]],
    };
    const out = lintInCell(spanning, nb.text, slices[3]);
    assert.strictEqual(out.diagnostics.length, 1);
    assert.strictEqual(out.diagnostics[0].fix, undefined);
    assert.deepStrictEqual(out.diagnostics[0].range.startPos, { line: 2, character: 8 });
    assert.ok(out.ignoreFixes[0]);
    // An edit that runs through the newline joining cell 3 to a next cell is not the cell's either.
    const withNext = [...NOTEBOOK, 'print(1)'];
    const { text, slices: s2 } = concatCells(withNext, 0);
    const end3 = s2[4].charOffset - 1;
    const through: LintResult = { diagnostics: [{ ...d, fix: { ...d.fix!, edits: [{ start: end3 - 3, end: end3 + 1, newText: '' }] } }], ignoreFixes: [undefined as never] };
    assert.strictEqual(lintInCell(through, text, s2[3]).diagnostics[0].fix, undefined);
  });

  it("step-unit on the scheduler's cell whose fix edits the loop cell: shown without the fix; its edits keep the cells' joining newline", () => {
    const cells = [
      'import torch\nfrom torch.optim.lr_scheduler import OneCycleLR\nmodel = torch.nn.Linear(4, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nepochs = 4\ntrain_loader = [0] * 250',
      'scheduler = OneCycleLR(optimizer, max_lr=0.01, total_steps=epochs * len(train_loader))',
      'for epoch in range(epochs):\n    for batch in train_loader:\n        optimizer.step()\n    scheduler.step()',
      'print("done")',
    ];
    const nb = lintNotebook(cells);
    assert.deepStrictEqual(nb.result.diagnostics.map((x) => x.rule), ['step-unit']);
    const whole = nb.result.diagnostics[0];
    // On the scheduler's total_steps (cell 1), with cell-relative positions, and the fix left out:
    // it edits the loop cell, not the cell the diagnostic is shown on.
    const [d] = nb.cell(1).diagnostics;
    assert.strictEqual(cells[1].slice(d.range.start, d.range.end), 'epochs * len(train_loader)');
    assert.strictEqual(d.range.startPos.line, 0);
    assert.strictEqual(d.fix, undefined);
    assert.ok(nb.cell(1).ignoreFixes[0]);
    for (const i of [0, 2, 3]) assert.deepStrictEqual(nb.cell(i).diagnostics, [], `cell ${i}`);
    // The fix deletes the loop cell's last line, not the newline that joins it to the next cell.
    const fixed = applyEdits(nb.text, whole.fix!.edits);
    assert.ok(fixed.endsWith('\n        optimizer.step()\n        scheduler.step()\nprint("done")'), fixed);
    const { slices } = concatCells(cells, 0);
    const end2 = slices[3].charOffset - 1;
    assert.ok(whole.fix!.edits.every((e) => e.start >= slices[2].charOffset && e.end <= end2), JSON.stringify(whole.fix!.edits));
  });

  it('`# lr-lens: ignore` works in a cell, and a comment ending the cell above does not reach into the next cell', () => {
    const ignored = [...NOTEBOOK.slice(0, 3), NOTEBOOK[3].replace('scheduler.step()', 'scheduler.step()  # lr-lens: ignore[step-order]')];
    assert.deepStrictEqual(lintNotebook(ignored).result.diagnostics, []);
    const above = [...NOTEBOOK.slice(0, 3), NOTEBOOK[3].replace('        scheduler.step()', '        # lr-lens: ignore\n        scheduler.step()')];
    assert.deepStrictEqual(lintNotebook(above).result.diagnostics, []);
    // verbose= on the first line of cell 1, the last line of cell 0 an ignore comment: a plain script
    // would be silenced (the comment is the line just above), the notebook cell is not.
    const cells = [NOTEBOOK[0] + '# lr-lens: ignore', 'scheduler = StepLR(optimizer, step_size=10, verbose=True)', NOTEBOOK[3].replace('scheduler.step()\n        optimizer.step()', 'optimizer.step()\n        scheduler.step()')];
    const script = cells.join('\n');
    assert.deepStrictEqual(lint(analyze(script), script).diagnostics.map((x) => x.rule), []);
    const nb = lintNotebook(cells);
    assert.deepStrictEqual(nb.cell(1).diagnostics.map((x) => [x.rule, x.range.startPos.line]), [['verbose-removed', 0]]);
  });
});
