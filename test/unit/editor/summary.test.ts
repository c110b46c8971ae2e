import * as assert from 'node:assert/strict';
import { simulate } from '../../../src/core/engine';
import { assumptionsTitle, curveStats, formatCount, formatLr, inlinePreviewText, lensTitle } from '../../../src/core/present/summary';
import { commandUri, escapeMd, hoverMarkdown } from '../../../src/core/present/hoverMarkdown';
import { finding } from './fixtures';

describe('summary text (pure)', () => {
  it('formats learning rates the way people write them', () => {
    assert.equal(formatLr(0), '0');
    assert.equal(formatLr(5e-5), '5e-5');
    assert.equal(formatLr(2.5e-4), '2.5e-4');
    assert.equal(formatLr(0.001), '1e-3');
    assert.equal(formatLr(0.1), '0.1');
    assert.equal(formatLr(0.05), '0.05');
    assert.equal(formatLr(1), '1');
    assert.equal(formatLr(0.1 * 0.1 * 0.1), '1e-3');
    assert.equal(formatLr(1.2345678e-5), '1.235e-5');
    assert.equal(formatCount(1000), '1,000');
    assert.equal(formatCount(1234567), '1,234,567');
  });

  it('lens line for linear warm-up: start → peak → the lr the last step trains with', () => {
    const f = finding({ kind: 'get_linear_schedule_with_warmup', args: { num_warmup_steps: 100, num_training_steps: 1000 } });
    const curve = simulate(f.spec, f.optimizer, { steps: f.naturalSteps });
    // Step 1,000 trains with row 999: 5e-5 × 1/900; the 0 after the last step() is the schedule's end.
    assert.equal(lensTitle(f, curve), '0 → 5e-5 → 5.556e-8 · warm-up 100 · 1,000 steps');
    const s = curveStats(curve, f.kind);
    assert.equal(s.initial, 0);
    assert.equal(s.peakStep, 100);
    assert.equal(s.warmupEnd, 100);
    assert.equal(s.last, 5e-5 / 900);
    assert.equal(s.final, 0);
  });

  it('the last number is the lr the last epoch trains with, not the lr after the last step()', () => {
    // StepLR(step_size=2, gamma=0.7) over 10 epochs: epochs 9 and 10 train at 0.1 × 0.7⁴; 0.1 × 0.7⁵ is never used.
    const f = finding(
      { kind: 'StepLR', args: { step_size: 2, gamma: 0.7 } },
      { unit: 'epoch', naturalSteps: 10, optimizer: { type: 'SGD', paramGroups: [{ lr: 0.1 }] }, baseLrs: [0.1] },
    );
    const curve = simulate(f.spec, f.optimizer, { steps: f.naturalSteps });
    assert.equal(lensTitle(f, curve), '0.1 → 0.02401 · 10 epochs');
    const md = hoverMarkdown('u', f, curve);
    assert.match(md, /\*\*peak lr\*\* 0\.1 \(epoch 0\)/);
    assert.match(md, /\*\*last lr\*\* 0\.02401 \(epoch 9\)/);
    assert.match(md, /\*\*end of schedule\*\* 0\.01681 after 10 epochs/);
  });

  it('OneCycleLR ends at its designed minimum (4e-7), not at the value past total_steps', () => {
    const f = finding({ kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 1000 } }, { naturalSteps: 1000 });
    const curve = simulate(f.spec, f.optimizer, { steps: f.naturalSteps });
    assert.equal(lensTitle(f, curve), '4e-3 → 0.1 → 4e-7 · warm-up 299 · 1,000 steps');
  });

  it('a warm-up longer than the run says the code\'s warm-up and that it is not reached', () => {
    const f = finding({ kind: 'get_linear_schedule_with_warmup', args: { num_warmup_steps: 500, num_training_steps: 375 } }, { naturalSteps: 375 });
    const curve = simulate(f.spec, f.optimizer, { steps: f.naturalSteps });
    assert.equal(lensTitle(f, curve), '0 → 3.74e-5 · warm-up 500, not reached · 375 steps');
    assert.match(hoverMarkdown('u', f, curve), /\*\*warm-up end\*\* 500 steps, after the run ends/);
  });

  it('lens line for StepLR over epochs', () => {
    const f = finding(
      { kind: 'StepLR', args: { step_size: 30, gamma: 0.1 } },
      { unit: 'epoch', naturalSteps: 100, optimizer: { type: 'SGD', paramGroups: [{ lr: 0.1 }] }, baseLrs: [0.1] },
    );
    const curve = simulate(f.spec, f.optimizer, { steps: f.naturalSteps });
    assert.equal(lensTitle(f, curve), '0.1 → 1e-4 · 100 epochs');
  });

  it('lens line for a library error: OneCycleLR stepped past total_steps', () => {
    const f = finding({ kind: 'OneCycleLR', args: { max_lr: 0.01, total_steps: 1000 } }, { naturalSteps: 1001 });
    const curve = simulate(f.spec, f.optimizer, { steps: f.naturalSteps });
    assert.ok(curve.error);
    assert.equal(lensTitle(f, curve), '⚠ OneCycleLR raises at step 1,001');
    assert.match(inlinePreviewText(f, curve), /⚠ raises at step 1,001$/);
  });

  it('cyclic schedules report a peak, not a warm-up', () => {
    const f = finding(
      { kind: 'CyclicLR', args: { base_lr: 0.001, max_lr: 0.006, step_size_up: 200 } },
      { optimizer: { type: 'SGD', paramGroups: [{ lr: 0.001, momentum: 0.9 }] } },
    );
    const curve = simulate(f.spec, f.optimizer, { steps: 800 });
    assert.equal(lensTitle(f, curve), '1e-3 → 1.025e-3 · peak 6e-3 · 800 steps');
  });

  it('assumption count lens', () => {
    const f = finding({ kind: 'StepLR', args: { step_size: 30 } });
    assert.equal(assumptionsTitle(f), undefined);
    f.assumptions.push({ name: 'len(train_loader)', value: 1000, reason: 'dataset size unknown' });
    assert.equal(assumptionsTitle(f), '1 assumption');
    f.assumptions.push({ name: 'args.epochs', value: 10, reason: 'number of epochs unknown' });
    assert.equal(assumptionsTitle(f), '2 assumptions');
  });

  it('inline preview on a log scale shows each StepLR decade as a step', () => {
    const f = finding(
      { kind: 'StepLR', args: { step_size: 30, gamma: 0.1 } },
      { unit: 'epoch', naturalSteps: 120, optimizer: { type: 'SGD', paramGroups: [{ lr: 0.1 }] }, baseLrs: [0.1] },
    );
    const curve = simulate(f.spec, f.optimizer, { steps: 119 });
    assert.equal(inlinePreviewText(f, curve, 4, true), '█▆▃▁ → 1e-4');
    assert.equal(inlinePreviewText(f, curve, 4, false), '█▂▁▁ → 1e-4');
  });

  it('inline preview: 16-char sparkline and the lr the last step trains with', () => {
    const f = finding({ kind: 'get_cosine_schedule_with_warmup', args: { num_warmup_steps: 100, num_training_steps: 1000 } });
    const curve = simulate(f.spec, f.optimizer, { steps: f.naturalSteps });
    const text = inlinePreviewText(f, curve);
    const [spark, arrow, final] = text.split(' ');
    assert.equal([...spark].length, 16);
    assert.equal(arrow, '→');
    assert.equal(final, '1.523e-10');
  });
});

describe('hover markdown (pure)', () => {
  it('has the data-URI sparkline, peak/final lr, warm-up, arguments, assumptions and command links', () => {
    const f = finding(
      { kind: 'get_linear_schedule_with_warmup', args: { num_warmup_steps: 100, num_training_steps: 1000 } },
      { assumptions: [{ name: 'len(train_dataloader)', value: 1000, reason: 'dataset size unknown' }], id: 3 },
    );
    const curve = simulate(f.spec, f.optimizer, { steps: f.naturalSteps });
    const md = hoverMarkdown('file:///x/train.py', f, curve);
    assert.match(md, /!\[learning-rate curve\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/);
    assert.match(md, /\*\*start lr\*\* 0 · \*\*peak lr\*\* 5e-5 \(step 100\) · \*\*last lr\*\* 5\.556e-8 \(step 999\)/);
    assert.match(md, /\*\*end of schedule\*\* 0 after 1,000 steps/);
    assert.match(md, /\*\*warm-up end\*\* step 100/);
    assert.match(md, /`num_warmup_steps` = `100`/);
    assert.match(md, /`len\(train_dataloader\)` = `1000` — dataset size unknown/);
    assert.ok(md.includes(`[Open chart](${commandUri('lrLens.showChart', ['file:///x/train.py', 3])}`));
    assert.ok(md.includes(commandUri('lrLens.editAssumptions', ['file:///x/train.py', 3])));
    assert.equal(decodeURIComponent(commandUri('lrLens.showChart', ['a', 1]).split('?')[1]), '["a",1]');
  });

  it('reports library errors and escapes markdown', () => {
    const f = finding({ kind: 'OneCycleLR', args: { max_lr: 0.01, total_steps: 10 } }, { naturalSteps: 11 });
    const curve = simulate(f.spec, f.optimizer, { steps: f.naturalSteps });
    const md = hoverMarkdown('u', f, curve);
    assert.match(md, /⚠ \*\*ValueError\*\* at step 11/);
    assert.equal(escapeMd('a|b*c'), 'a\\|b\\*c');
  });
});

describe('summary: a call still being typed (issue 18)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { analyze } = require('../../../src/core/model/analyze') as typeof import('../../../src/core/model/analyze');
  const at = (call: string) => {
    const source = `import torch\nfrom torch.optim.lr_scheduler import CosineAnnealingLR\noptimizer = torch.optim.SGD([], lr=0.1)\nscheduler = ${call}\nfor e in range(10):\n    optimizer.step()\n    scheduler.step()\n`;
    const f = analyze(source).schedulers[0];
    const curve = simulate(f.spec, f.optimizer, { steps: f.naturalSteps });
    return { f, lens: lensTitle(f, curve), inline: inlinePreviewText(f, curve) };
  };

  it('right after `CosineAnnealingLR(` and with `T_max=` and nothing after it: "incomplete call", no TypeError, no curve', () => {
    for (const call of ['CosineAnnealingLR(', 'CosineAnnealingLR(optimizer, T_max=', 'CosineAnnealingLR(optimizer, T_max=)']) {
      const r = at(call);
      assert.equal(r.f.incomplete, true, call);
      assert.equal(r.lens, 'CosineAnnealingLR: incomplete call', call);
      assert.equal(r.inline, 'CosineAnnealingLR: incomplete call', call);
    }
  });

  it('a finished call (even with a bracket in a comment or string) is drawn as before', () => {
    const r = at('CosineAnnealingLR(optimizer,\n  T_max=10,  # (\n  eta_min=0.0)  # ")"');
    assert.equal(r.f.incomplete, undefined);
    assert.match(r.lens, /^0\.1 → 2\.447e-3 · 10 epochs$/);
  });
});

describe('hover: a call still being typed (issue 18)', () => {
  it('says "incomplete call" and draws no sparkline or numbers', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { analyze } = require('../../../src/core/model/analyze') as typeof import('../../../src/core/model/analyze');
    const source = 'import torch\nfrom torch.optim.lr_scheduler import CosineAnnealingLR\noptimizer = torch.optim.SGD([], lr=0.1)\nscheduler = CosineAnnealingLR(optimizer, T_max=)\n';
    const f = analyze(source).schedulers[0];
    const md = hoverMarkdown('file:///t.py', f, simulate(f.spec, f.optimizer, { steps: f.naturalSteps }));
    assert.match(md, /CosineAnnealingLR: incomplete call$/);
    assert.ok(!md.includes('data:image/svg'), md);
    assert.ok(!/peak lr|TypeError/.test(md), md);
  });
});
