import * as assert from 'assert';
import { analyze } from '../../../src/analysis/analyze';
import { cellView, concatCells } from '../../../src/analysis/cells';

const CELLS = [
  'import torch\nfrom torch.optim.lr_scheduler import StepLR\nmodel = torch.nn.Linear(4, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\ntrain_loader = [0] * 50\n',
  '# the schedule\nscheduler = StepLR(optimizer, step_size=10, gamma=0.5)',
  'for epoch in range(40):\n    for batch in train_loader:\n        optimizer.step()\n        scheduler.step()',
];

describe('notebook cells (src/analysis/cells.ts)', () => {
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
