// A step-count diagnostic says at which lr training ends: of a schedule the library refuses to run
// (a OneCycleLR resumed with `last_epoch=10` on an optimizer that was never stepped: KeyError), there
// is no such lr, so the run-length mismatch is not reported with "lr nan"; the error is the finding's.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { lint } from '../../../src/core/lint/index';
import { curveFor } from '../../../src/core/model/curves';

const src = (lastEpoch: string) => `import torch
model = torch.nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
s = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=100${lastEpoch})
for i in range(5):
    optimizer.step()
    s.step()
`;

describe('lint: a curve the library refuses to run', () => {
  it('has no step-count diagnostic with a nan lr; the same file without the refusal has the real one', () => {
    const refused = analyze(src(', last_epoch=10'));
    assert.equal(curveFor(refused.schedulers[0], {}).curve.error?.type, 'KeyError');
    assert.deepEqual(lint(refused, src(', last_epoch=10')).diagnostics.filter((d) => d.rule === 'step-count'), []);
    const fine = src('');
    const d = lint(analyze(fine), fine).diagnostics.filter((x) => x.rule === 'step-count');
    assert.equal(d.length, 1);
    assert.equal(d[0].message, 'OneCycleLR is sized for 100 steps (total_steps) but is stepped 5 = 5 times: training ends at lr 0.01087 instead of 5.075e-5, 95% of the schedule never runs');
  });
});
