import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { lint } from '../../../src/core/lint/index';
import { assumptionReason, assumptionsTooltip, batchesOf, examplesOf, processesFor } from '../../../src/core/present/assumptionText';

/**
 * A diagnostic whose numbers rest on an assumed value names it (issue 18 item 4): in its text, and
 * as `assumed` for the editor's quick fix that sets it; a loader's assumed length says what it
 * stands for in examples.
 */
// The diagnostics fixture (also checked in a real VS Code: test/integration/diagnostics.vscode.test.ts).
const SRC = fs.readFileSync(path.join(__dirname, '../../../../test/fixtures/scripts/diagnostics/warmup-too-long-assumed.py'), 'utf8');

describe('diagnostics that rest on an assumption name it', () => {
  it('warm-up longer than training under the assumed dataset size: the message and `assumed` say len(train_loader)', () => {
    const r = analyze(SRC);
    const d = lint(r, SRC).diagnostics.find((x) => x.rule === 'warmup-too-long');
    assert.ok(d, JSON.stringify(lint(r, SRC).diagnostics.map((x) => x.message)));
    assert.match(d.message, /\(assuming len\(train_loader\) = 1,000\)/);
    assert.deepEqual(d.assumed, ['len(train_loader)']);
    const a = r.assumptions.find((x) => x.name === 'len(train_loader)');
    assert.deepEqual(a?.examples, { dataset: 'train_dataset', batchSize: 8, dropLast: false });
    assert.equal(assumptionReason(a!), 'dataset size unknown: batches of 8 from `train_dataset`, about 8,000 examples');
  });

  it('setting the number of examples the quick fix asks for (50,000 → 6,250 batches) clears it', () => {
    const a = analyze(SRC).assumptions.find((x) => x.name === 'len(train_loader)')!;
    assert.equal(examplesOf(a), 8000);
    const batches = batchesOf(50_000, a.examples!);
    assert.equal(batches, 6250);
    const r = analyze(SRC, { assumptions: { 'len(train_loader)': batches } });
    assert.equal(r.schedulers[0].params?.num_training_steps, 3 * 6250);
    assert.deepEqual(lint(r, SRC).diagnostics.filter((x) => x.rule === 'warmup-too-long'), []);
  });

  it('batches of examples round as DataLoader does: up, down with drop_last', () => {
    assert.equal(batchesOf(1001, { dataset: 'd', batchSize: 10, dropLast: false }), 101);
    assert.equal(batchesOf(1001, { dataset: 'd', batchSize: 10, dropLast: true }), 100);
  });

  it('a diagnostic that rests on nothing assumed has no `assumed`', () => {
    const src = SRC.replace('DataLoader(train_dataset, batch_size=8, shuffle=True)', 'DataLoader(list(range(8000)), batch_size=8)');
    const d = lint(analyze(src), src).diagnostics.find((x) => x.rule === 'warmup-too-long');
    assert.ok(d);
    assert.equal(d.assumed, undefined);
    assert.doesNotMatch(d.message, /assuming/);
  });
});

describe("a loader sharded by 🤗 Accelerate's prepare", () => {
  const src = `import torch
from accelerate import Accelerator
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup
accelerator = Accelerator()
model = torch.nn.Linear(4, 2)
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
train_dataloader = DataLoader(train_dataset, batch_size=8)
model, optimizer, train_dataloader = accelerator.prepare(model, optimizer, train_dataloader)
num_training_steps = 2 * len(train_dataloader)
lr_scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=10, num_training_steps=num_training_steps)
lr_scheduler = accelerator.prepare(lr_scheduler)
for epoch in range(2):
    for batch in train_dataloader:
        optimizer.step()
        lr_scheduler.step()
`;

  it('records the process count (the prepared scheduler\'s assumption) its per-process length is divided by; examples become ⌈⌈N / B⌉ / P⌉ batches', () => {
    const r = analyze(src, { assumptions: { 'accelerator.num_processes': 4 } });
    const a = r.assumptions.find((x) => x.name === 'len(train_dataloader)')!;
    assert.deepEqual(a.examples, { dataset: 'train_dataset', batchSize: 8, dropLast: false, processes: 'accelerator.num_processes' });
    assert.equal(processesFor(a, r.assumptions), 4);
    // 1,000 batches a process × 8 × 4 processes.
    assert.equal(examplesOf(a, 4), 32_000);
    assert.equal(batchesOf(80_001, a.examples!, 4), 2501);
    assert.equal(batchesOf(80_001, a.examples!, 1), 10_001);
  });

  it('an unsharded loader is not divided whatever the process count', () => {
    const r = analyze(src.replace('model, optimizer, train_dataloader = accelerator.prepare(model, optimizer, train_dataloader)', 'model, optimizer = accelerator.prepare(model, optimizer)'));
    const a = r.assumptions.find((x) => x.name === 'len(train_dataloader)')!;
    assert.equal(a.examples?.processes, undefined);
    assert.equal(batchesOf(80_001, a.examples!, 4), 10_001);
  });
});

describe("the code lens's assumptions tooltip", () => {
  it('one line per assumption: its value, why, and where the code states it or what it stands for in examples', () => {
    const stated = analyze(
      'import torch\nfrom mylib import TrainArgs\nargs = TrainArgs(lr_warmup_steps=100)\nopt = torch.optim.SGD(params, lr=0.1)\n' +
        's = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=args.lr_warmup_steps)\nfor step in range(1000):\n    opt.step()\n    s.step()\n',
    ).schedulers[0];
    assert.equal(assumptionsTooltip(stated.assumptions), 'args.lr_warmup_steps = 100 (assumed a dataclass field of the call that made it: `TrainArgs(lr_warmup_steps=100)`)');
    const loader = analyze(SRC).assumptions.filter((x) => x.name === 'len(train_loader)');
    assert.equal(assumptionsTooltip(loader), 'len(train_loader) = 1000 (dataset size unknown: batches of 8 from `train_dataset`, about 8,000 examples)');
    assert.equal(assumptionsTooltip([...stated.assumptions, ...loader]).split('\n').length, 2);
  });
});
