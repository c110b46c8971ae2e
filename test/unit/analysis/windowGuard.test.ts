import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';

/**
 * A step call under a comparison of its loop's variable with a known value (SWA's
 * `if epoch > swa_start:`, a delayed decay `if epoch >= warmup_epochs:`) runs in as many of the
 * loop's iterations as the condition holds for, counted from the loop's range; its `else` in the others.
 */
function steps(loop: string, test: string, branch: 'if' | 'else' = 'if'): number {
  const body = branch === 'if' ? `    if ${test}:\n        sched.step()\n    else:\n        pass\n` : `    if ${test}:\n        pass\n    else:\n        sched.step()\n`;
  const src = `import torch\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, 10)\nstart = 20\nfor epoch in ${loop}:\n    opt.step()\n${body}`;
  const r = analyze(src);
  return r.schedulers[0].naturalSteps;
}

describe('analysis: step calls in a window of the loop (if epoch > N)', () => {
  const cases: [string, string, 'if' | 'else', number][] = [
    ['range(100)', 'epoch > start', 'if', 79],
    ['range(100)', 'epoch > start', 'else', 21],
    ['range(100)', 'epoch >= start', 'if', 80],
    ['range(100)', 'epoch < start', 'if', 20],
    ['range(100)', 'epoch <= start', 'if', 21],
    ['range(100)', 'start < epoch', 'if', 79],
    ['range(100)', 'start >= epoch', 'if', 21],
    ['range(5, 50, 5)', 'epoch >= start', 'if', 6],
    ['range(50, 0, -5)', 'epoch > start', 'if', 6],
    ['range(100)', 'epoch > 98', 'if', 1],
    ['range(100)', 'epoch > -1', 'if', 100],
    ['range(100)', 'epoch > 19.5', 'if', 80],
    ['range(100)', 'True and epoch >= 100 - 6', 'if', 6],
    ['range(100)', 'epoch >= 100 - 6 and start == 20', 'else', 94],
  ];
  for (const [loop, test, branch, n] of cases) {
    it(`for epoch in ${loop}: ${branch === 'if' ? '' : 'else of '}if ${test} → ${n} steps`, () => {
      assert.equal(steps(loop, test, branch), n);
    });
  }

  it("a comparison of the outer loop's variable inside the batch loop (OneCycleLR stepped per batch until swa_start): those epochs' batches", () => {
    const src = `import torch
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loader = [0] * 25
swa_start = 7
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=8 * 25)
for epoch in range(10):
    for batch in loader:
        opt.step()
        if epoch <= swa_start:
            sched.step()
`;
    const f = analyze(src).schedulers[0];
    assert.equal(f.naturalSteps, 8 * 25);
    assert.equal(f.unit, 'step');
    assert.match(f.naturalStepsSource, /where epoch <= swa_start \(8\)/);
  });

  it('a comparison with an unknown value, or of something else than the loop variable, counts every iteration as before', () => {
    assert.equal(steps('range(100)', 'epoch > args.swa_start'), 100);
    assert.equal(steps('range(100)', 'loss > 0.5'), 100);
    // A bound computed by a call is not evaluated a second time (it could change the program's state).
    assert.equal(steps('range(100)', 'epoch > int(start)'), 100);
  });
});
