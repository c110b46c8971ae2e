// The lint rules pinned by value (issue 20, StrykerJS over src/core/lint): for small scripts analyzed
// by the real analyzer, every diagnostic's rule, severity, range (line:column, 1-based lines), the
// whole message with the engine's numbers, the quick fix's title and edits, and the assumptions it
// rests on. A script that must stay silent is pinned as []. Each case decides one branch of a rule.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import type { AnalyzeOptions } from '../../../src/core/model/types';
import { lint, type LintOptions } from '../../../src/core/lint/index';

const ROOT = path.resolve(__dirname, '../../../..');
const DIAG = path.join(ROOT, 'test/fixtures/scripts/diagnostics');
const HEAD = 'import torch\nfrom torch.optim import lr_scheduler\nopt = torch.optim.SGD(params, lr=0.1)\n';

interface Pinned {
  rule: string;
  severity: string;
  /** `line:column-line:column`, lines from 1, columns from 0. */
  at: string;
  message: string;
  fix?: string;
  edits?: [string, string][];
  assumed?: string[];
}

function pos(src: string, offset: number): string {
  const before = src.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length}`;
}

function pin(src: string, assumptions?: AnalyzeOptions['assumptions'], options: LintOptions = {}): Pinned[] {
  const r = analyze(src, { timeLimitMs: 5000, ...(assumptions ? { assumptions } : {}) });
  return lint(r, src, options).diagnostics.map((d) => ({
    rule: d.rule,
    severity: d.severity,
    at: `${pos(src, d.range.start)}-${pos(src, d.range.end)}`,
    message: d.message,
    ...(d.fix ? { fix: d.fix.title, edits: d.fix.edits.map((e): [string, string] => [`${pos(src, e.start)}-${pos(src, e.end)}`, e.newText]) } : {}),
    ...(d.assumed ? { assumed: d.assumed } : {}),
  }));
}

const FIXTURES: Record<string, Pinned[]> = {
  'min-lr-missing.py': [
    {
      rule: 'min-lr-missing',
      severity: 'error',
      at: '7:4-7:24',
      message: 'cosine_with_min_lr needs min_lr or min_lr_rate: without either, transformers raises ValueError when the scheduler is built, before step 0 (min_lr_rate=0.1 would decay the lr from 2e-4 to 2e-5)',
      fix: 'Add min_lr_rate=0.1 (decay to 10% of the peak lr)',
      edits: [
        ['10:28-10:28', ' scheduler_specific_kwargs={"min_lr_rate": 0.1}'],
      ],
    },
  ],
  'never-stepped.py': [
    {
      rule: 'never-stepped',
      severity: 'warning',
      at: '8:12-8:68',
      message: 'Nothing steps `scheduler`: no `scheduler.step()` is called and `scheduler` is not used after it is built, so the lr stays 0.1 for the whole run and the CosineAnnealingLR schedule drawn here never happens (call `scheduler.step()` after `optimizer.step()` in the training loop)',
    },
  ],
  'plateau-no-metric.py': [
    {
      rule: 'plateau-no-metric',
      severity: 'error',
      at: '11:4-11:20',
      message: '`scheduler.step()` is called without the metric ReduceLROnPlateau watches (e.g. `scheduler.step(val_loss)`): PyTorch raises TypeError (missing \'metrics\') at the first call, epoch 1, and the lr never changes from 1e-3',
    },
  ],
  'poly-lr-end.py': [
    {
      rule: 'poly-lr-end',
      severity: 'error',
      at: '7:69-7:73',
      message: 'lr_end = 1e-4 is not below the optimizer\'s lr 1e-5: transformers raises ValueError ("lr_end (1e-4) must be smaller than initial lr (1e-5)") when the scheduler is built, before step 0',
    },
  ],
  'sequential-milestones.py': [
    {
      rule: 'sequential-milestones',
      severity: 'error',
      at: '9:81-9:84',
      message: 'SequentialLR has 3 schedulers and 1 milestone(s); it needs 2: PyTorch raises ValueError when it is constructed, before step 0',
    },
  ],
  'sequential-plateau.py': [
    {
      rule: 'sequential-plateau',
      severity: 'error',
      at: '8:47-8:64',
      message: 'SequentialLR cannot hold ReduceLROnPlateau (scheduler 2 of 2): it calls step() without the metric, and PyTorch raises ValueError when it is constructed, before step 0; step the plateau schedule separately with `.step(val_loss)`',
    },
  ],
  'step-count-accumulation.py': [
    {
      rule: 'step-count',
      severity: 'warning',
      at: '9:56-9:90',
      message: 'get_linear_schedule_with_warmup is sized for 3,000 steps (num_training_steps) but is stepped 3 × ⌊1,000 / 4⌋ = 750 times: training ends at lr 3.879e-5 instead of 0, 75% of the schedule never runs; 3,000 counts batches, but under `(step + 1) % gradient_accumulation_steps == 0` the scheduler steps once every 4 batches (assuming len(train_dataloader) = 1,000)',
      fix: 'Set num_training_steps to the loops\' count: `num_epochs * (len(train_dataloader) // gradient_accumulation_steps)`',
      edits: [
        ['9:56-9:90', 'num_epochs * (len(train_dataloader) // gradient_accumulation_steps)'],
      ],
      assumed: ['len(train_dataloader)'],
    },
  ],
  'step-count-deepspeed.py': [
    {
      rule: 'step-count',
      severity: 'warning',
      at: '14:43-14:131',
      message: 'WarmupDecayLR is sized for 5,000 steps (total_num_steps) but is stepped 2 × 500 = 1,000 times: training ends at lr 2.45e-4 instead of 6.122e-8, 80% of the schedule never runs',
    },
  ],
  'step-count-function.py': [
    {
      rule: 'step-count',
      severity: 'warning',
      at: '20:100-20:112',
      message: 'get_cosine_schedule_with_warmup is sized for 5,000 steps (num_training_steps) but is stepped 10 × 1,000 = 10,000 times: the schedule ends at step 5,000 and the last 5,000 steps train at lr 0 (assuming len(loader) = 1,000)',
      assumed: ['len(loader)'],
    },
  ],
  'step-count-timm.py': [
    {
      rule: 'step-count',
      severity: 'warning',
      at: '9:51-9:53',
      message: 'CosineLRScheduler is sized for 50 epochs (t_initial) but `scheduler.step(epoch)` runs for 100 epochs: the schedule ends at epoch 50 and the last 50 epochs train at lr 1e-5',
      fix: 'Set t_initial to the loops\' count: `num_epochs`',
      edits: [
        ['9:51-9:53', 'num_epochs'],
      ],
    },
  ],
  'step-count.py': [
    {
      rule: 'step-count',
      severity: 'error',
      at: '6:58-6:62',
      message: 'OneCycleLR is sized for 1,000 steps (total_steps) but is stepped 20 × 250 = 5,000 times: PyTorch raises ValueError ("Tried to step 1,001 times") at step 1,001',
      fix: 'Set total_steps to the loops\' count: `20 * 250`',
      edits: [
        ['6:58-6:62', '20 * 250'],
      ],
    },
  ],
  'step-epoch-deprecated.py': [
    {
      rule: 'step-epoch-deprecated',
      severity: 'warning',
      at: '10:4-10:25',
      message: '`scheduler.step(epoch)` is deprecated since PyTorch 1.4: it sets the epoch counter to `epoch`, which counts from 0 here, so every lr arrives one epoch late (the change due at epoch 30, 0.1 → 0.01, happens at epoch 31)',
      fix: 'Call `scheduler.step()` without the epoch',
      edits: [
        ['10:19-10:24', ''],
      ],
    },
  ],
  'step-order.py': [
    {
      rule: 'step-order',
      severity: 'warning',
      at: '12:8-12:24',
      message: '`scheduler.step()` runs before `optimizer.step()` (line 14): the schedule\'s first lr 0.1 is skipped and every lr is used one step early (the first update already uses 0.05); PyTorch warns "Detected call of `lr_scheduler.step()` before `optimizer.step()`"',
      fix: 'Move `scheduler.step()` after `optimizer.step()`',
      edits: [
        ['12:0-13:0', ''],
        ['14:24-14:24', '\n        scheduler.step()'],
      ],
    },
  ],
  'step-unit-epochs.py': [
    {
      rule: 'step-unit',
      severity: 'warning',
      at: '7:47-7:57',
      message: 'T_max=10 counts epochs, but `scheduler.step()` runs every batch, 10 × 1,000 = 10,000 times: T_max is used up after 10 of 10,000 steps (0.1% of training), where the lr is already 0 (assuming len(train_loader) = 1,000)',
      fix: 'Size T_max in steps: `T_max=num_epochs * len(train_loader)`',
      edits: [
        ['7:47-7:57', 'num_epochs * len(train_loader)'],
      ],
      assumed: ['len(train_loader)'],
    },
  ],
  'step-unit.py': [
    {
      rule: 'step-unit',
      severity: 'warning',
      at: '7:77-7:94',
      message: 'OneCycleLR is a per-batch schedule sized for 20,000 steps (epochs × steps_per_epoch), but `scheduler.step()` runs once per epoch, 20 times: the lr is 4.003e-3 after the last epoch instead of 4.013e-7 at step 20,000',
      fix: 'Step `scheduler` every batch, after `optimizer.step()`',
      edits: [
        ['13:24-13:24', '\n        scheduler.step()'],
        ['14:0-15:0', ''],
      ],
    },
  ],
  'tmax-short.py': [
    {
      rule: 'tmax-short',
      severity: 'warning',
      at: '7:47-7:50',
      message: 'T_max = 100 but the scheduler is stepped 300 times: the lr reaches 0 at step 100, then climbs back to 0.1 at step 200 of 300',
      fix: 'Set T_max to the run\'s length: `epochs`',
      edits: [
        ['7:47-7:50', 'epochs'],
      ],
    },
  ],
  'verbose-removed.py': [
    {
      rule: 'verbose-removed',
      severity: 'warning',
      at: '6:63-6:67',
      message: '`verbose=True` was deprecated in PyTorch 2.2 and removed in 2.7, where StepLR() raises TypeError; it never changed the lr (the curve is the same 0.1 → 1e-4 without it)',
      fix: 'Remove `verbose` (removed in PyTorch 2.7)',
      edits: [
        ['6:53-6:67', ''],
      ],
    },
  ],
  'warmup-too-long-assumed.py': [
    {
      rule: 'warmup-too-long',
      severity: 'warning',
      at: '12:62-12:66',
      message: 'The warm-up is 5,000 steps but training is 3,000 steps: the lr never reaches 5e-5; it peaks at 3e-5 at step 3,000 (assuming len(train_loader) = 1,000)',
      assumed: ['len(train_loader)'],
    },
  ],
  'warmup-too-long-diffusers.py': [
    {
      rule: 'warmup-too-long',
      severity: 'warning',
      at: '11:21-11:24',
      message: 'The warm-up is 500 steps but training is 400 steps: the lr never reaches 1e-4; it peaks at 8e-5 at step 400',
    },
  ],
  'warmup-too-long-lambda.py': [
    {
      rule: 'warmup-too-long',
      severity: 'warning',
      at: '16:32-16:41',
      message: 'The warm-up in lr_lambda (`warmup_steps`) is still running when training ends: the scheduler is stepped 800 times (2 × 400) and the lr rises at every step, peaking at 0.08 of 0.1 at the last one',
    },
  ],
  'warmup-too-long-sequential.py': [
    {
      rule: 'warmup-too-long',
      severity: 'warning',
      at: '12:64-12:78',
      message: 'The warm-up lasts 2,000 steps (milestones=[2000]) but the scheduler is stepped 1,500 times (3 × 500): the lr never leaves the warm-up and peaks at 7.525e-4 of 1e-3; CosineAnnealingLR never runs',
    },
  ],
  'warmup-too-long-timm.py': [
    {
      rule: 'warmup-too-long',
      severity: 'warning',
      at: '8:76-8:78',
      message: 'The warm-up is 20 epochs (warmup_t) but `scheduler.step(epoch)` runs for 10 epochs: the lr never reaches 1e-3 (where the warm-up ends); it peaks at 4.555e-4 in epoch 9',
    },
  ],
  'warmup-too-long.py': [
    {
      rule: 'warmup-too-long',
      severity: 'warning',
      at: '6:72-6:76',
      message: 'The warm-up is 2,000 steps but training is 1,500 steps: the lr never reaches 3e-4; it peaks at 2.25e-4 at step 1,500',
    },
  ],
};

describe('lint pinned: every diagnostics fixture, whole', function () {
  this.timeout(60_000);
  const files = fs.readdirSync(DIAG).filter((f) => f.endsWith('.py') && !f.endsWith('.ok.py')).sort();
  it('the table names every triggering fixture', () => {
    assert.deepEqual(Object.keys(FIXTURES).sort(), files);
  });
  for (const file of files) {
    it(file, () => {
      assert.deepEqual(pin(fs.readFileSync(path.join(DIAG, file), 'utf8')), FIXTURES[file]);
    });
  }
});

describe('lint pinned: run-length rules (step-unit, step-count, warmup-too-long, tmax-short)', function () {
  this.timeout(60_000);
  it('CyclicLR stepped per epoch: the cycle (step_size_up, step_size_down = up) longer than the run; the fix moves the call into the batch loop', () => {
    const src = `${HEAD}s = lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=20)
for epoch in range(30):
    for x in loader:
        opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '4:70-4:72',
        message: 'CyclicLR\'s cycle is 40 steps (step_size_up 20 + step_size_down 20), but `s.step()` runs once per epoch, 30 times: not one cycle completes and the lr only moves from 0.01 to 0.055',
        fix: 'Step `s` every batch, after `optimizer.step()`',
        edits: [
          ['7:18-7:18', '\n        s.step()'],
          ['8:0-9:0', ''],
        ],
      },
    ]);
  });
  it('CyclicLR with the default step_size_up 2,000: reported on the call, whose range is all there is', () => {
    const src = `${HEAD}s = lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1)
for epoch in range(30):
    for x in loader:
        opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '8:4-8:12',
        message: 'CyclicLR\'s cycle is 4,000 steps (step_size_up 2,000 + step_size_down 2,000), but `s.step()` runs once per epoch, 30 times: not one cycle completes and the lr only moves from 0.01 to 0.01135',
        fix: 'Step `s` every batch, after `optimizer.step()`',
        edits: [
          ['7:18-7:18', '\n        s.step()'],
          ['8:0-9:0', ''],
        ],
      },
    ]);
  });
  it('CyclicLR: a cycle exactly as long as the epochs (10 + 20 = 30) is not reported', () => {
    const src = `${HEAD}s = lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=10, step_size_down=20)
for epoch in range(30):
    for x in loader:
        opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('CyclicLR: step_size_down is read on its own (10 + 5 = 15 epochs: one cycle completes)', () => {
    const src = `${HEAD}s = lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=10, step_size_down=5)
for epoch in range(15):
    for x in loader:
        opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('OneCycleLR stepped per epoch exactly as many times as total_steps: nothing to say', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=30)
for epoch in range(30):
    for x in loader:
        opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('transformers\' schedule stepped per epoch is a per-batch schedule too', () => {
    const src = `${HEAD}from transformers import get_linear_schedule_with_warmup
s = get_linear_schedule_with_warmup(opt, num_warmup_steps=10, num_training_steps=1000)
for epoch in range(100):
    for x in loader:
        opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '5:81-5:85',
        message: 'get_linear_schedule_with_warmup is a per-batch schedule sized for 1,000 steps (num_training_steps), but `s.step()` runs once per epoch, 100 times: the lr is 0.09091 after the last epoch instead of 0 at step 1,000',
        fix: 'Step `s` every batch, after `optimizer.step()`',
        edits: [
          ['8:18-8:18', '\n        s.step()'],
          ['9:0-10:0', ''],
        ],
      },
    ]);
  });
  it('per-epoch step sharing its line with other code: no move fix', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=1000)
for epoch in range(10):
    for x in loader:
        opt.step()
    s.step(); print(epoch)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '4:57-4:61',
        message: 'OneCycleLR is a per-batch schedule sized for 1,000 steps (total_steps), but `s.step()` runs once per epoch, 10 times: the lr is 4.265e-3 after the last epoch instead of 9.035e-7 at step 1,000',
      },
    ]);
  });
  it('T_max in epochs stepped per batch under accumulation: reported, no fix (the count is not len × epochs)', () => {
    const src = `${HEAD}n_ep = 12
s = lr_scheduler.CosineAnnealingLR(opt, T_max=n_ep)
for epoch in range(n_ep):
    for i, b in enumerate(train_loader):
        if (i + 1) % 4 == 0:
            opt.step()
            s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '5:46-5:50',
        message: 'T_max=12 counts epochs, but `s.step()` runs every batch, 12 × ⌊1,000 / 4⌋ = 3,000 times: T_max is used up after 12 of 3,000 steps (0.4% of training), where the lr is already 0 (assuming len(train_loader) = 1,000)',
        assumed: ['len(train_loader)'],
      },
    ]);
  });
  it('T_max not in epochs (5 of 10 epochs, not named epoch): tmax-short, not step-unit', () => {
    const src = `${HEAD}s = lr_scheduler.CosineAnnealingLR(opt, T_max=5)
for epoch in range(10):
    for i in range(3):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'tmax-short',
        severity: 'warning',
        at: '4:46-4:47',
        message: 'T_max = 5 but the scheduler is stepped 30 times (10 × 3): the lr reaches 0 at step 5, then climbs back to 0.1 at step 10 of 30',
        fix: 'Set T_max to the run\'s length: `10 * 3`',
        edits: [
          ['4:46-4:47', '10 * 3'],
        ],
      },
    ]);
  });
  it('one batch per epoch: T_max = the epochs is right', () => {
    const src = `${HEAD}s = lr_scheduler.CosineAnnealingLR(opt, T_max=10)
for epoch in range(10):
    for i in range(1):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('CosineAnnealingWarmRestarts T_0 = cfg.epochs (assumed) in tqdm(loader, desc=…): the fix wraps nothing', () => {
    const src = `${HEAD}s = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=cfg.epochs)
for epoch in range(cfg.epochs):
    for b in tqdm(loader, desc="train"):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '4:54-4:64',
        message: 'T_0=33 counts epochs, but `s.step()` runs every batch, 33 × 1,000 = 33,000 times: T_0 is used up after 33 of 33,000 steps (0.1% of training), where the lr is already 0.1 (assuming cfg.epochs = 33, len(loader) = 1,000)',
        fix: 'Size T_0 in steps: `T_0=cfg.epochs * len(loader)`',
        edits: [
          ['4:54-4:64', 'cfg.epochs * len(loader)'],
        ],
        assumed: ['cfg.epochs', 'len(loader)'],
      },
    ]);
  });
  it('PolynomialLR total_iters = an expression: the fix parenthesizes it', () => {
    const src = `${HEAD}s = lr_scheduler.PolynomialLR(opt, total_iters=args.epochs + 1)
for epoch in range(args.epochs + 1):
    for b in loader:
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '4:47-4:62',
        message: 'total_iters=11 counts epochs, but `s.step()` runs every batch, 11 × 1,000 = 11,000 times: total_iters is used up after 11 of 11,000 steps (0.1% of training), where the lr is already 0 (assuming len(loader) = 1,000)',
        fix: 'Size total_iters in steps: `total_iters=(args.epochs + 1) * len(loader)`',
        edits: [
          ['4:47-4:62', '(args.epochs + 1) * len(loader)'],
        ],
        assumed: ['len(loader)'],
      },
    ]);
  });
  it('OneCycleLR longer than the run: 20% never runs', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=5000)
for epoch in range(20):
    for step in range(200):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:57-4:61',
        message: 'OneCycleLR is sized for 5,000 steps (total_steps) but is stepped 20 × 200 = 4,000 times: training ends at lr 0.01879 instead of 4.201e-7, 20% of the schedule never runs',
        fix: 'Set total_steps to the loops\' count: `20 * 200`',
        edits: [
          ['4:57-4:61', '20 * 200'],
        ],
      },
    ]);
  });
  it('OneCycleLR from epochs × steps_per_epoch overrun: an error, on steps_per_epoch, no fix', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, epochs=10, steps_per_epoch=100)
for epoch in range(10):
    for step in range(120):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'error',
        at: '4:72-4:75',
        message: 'OneCycleLR is sized for 1,000 steps (epochs × steps_per_epoch) but is stepped 10 × 120 = 1,200 times: PyTorch raises ValueError ("Tried to step 1,001 times") at step 1,001',
      },
    ]);
  });
  it('OneCycleLR total_steps=0 (PyTorch raises at construction): no step-count from epochs × steps_per_epoch', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=0, epochs=10, steps_per_epoch=100)
for epoch in range(10):
    for step in range(80):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('num_training_steps shorter than the run: the last steps train at lr 0', () => {
    const src = `${HEAD}from transformers import get_linear_schedule_with_warmup
s = get_linear_schedule_with_warmup(opt, num_warmup_steps=100, num_training_steps=2000)
for epoch in range(3):
    for step in range(1000):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '5:82-5:86',
        message: 'get_linear_schedule_with_warmup is sized for 2,000 steps (num_training_steps) but is stepped 3 × 1,000 = 3,000 times: the schedule ends at step 2,000 and the last 1,000 steps train at lr 0',
        fix: 'Set num_training_steps to the loops\' count: `3 * 1000`',
        edits: [
          ['5:82-5:86', '3 * 1000'],
        ],
      },
    ]);
  });
  it('constant_with_warmup has no length to compare', () => {
    const src = `${HEAD}from transformers import get_constant_schedule_with_warmup
s = get_constant_schedule_with_warmup(opt, num_warmup_steps=100)
for epoch in range(3):
    for step in range(1000):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('get_scheduler by name: the kind is get_scheduler', () => {
    const src = `${HEAD}from transformers import get_scheduler
s = get_scheduler("cosine", optimizer=opt, num_warmup_steps=0, num_training_steps=990)
for epoch in range(1):
    for step in range(1000):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '5:82-5:85',
        message: 'get_scheduler is sized for 990 steps (num_training_steps) but is stepped 1 × 1,000 = 1,000 times: the schedule ends at step 990 and the last 10 steps train at lr 0',
        fix: 'Set num_training_steps to the loops\' count: `1 * 1000`',
        edits: [
          ['5:82-5:85', '1 * 1000'],
        ],
      },
    ]);
  });
  it('0.05% (toPrecision below 1%)', () => {
    const src = `${HEAD}from transformers import get_linear_schedule_with_warmup
s = get_linear_schedule_with_warmup(opt, num_warmup_steps=0, num_training_steps=100000)
for step in range(99950):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '5:80-5:86',
        message: 'get_linear_schedule_with_warmup is sized for 100,000 steps (num_training_steps) but is stepped 99,950 = 99,950 times: training ends at lr 5e-5 instead of 0, 0.05% of the schedule never runs',
        fix: 'Set num_training_steps to the loops\' count: `99950`',
        edits: [
          ['5:80-5:86', '99950'],
        ],
      },
    ]);
  });
  it('1.5% (one decimal between 1% and 10%)', () => {
    const src = `${HEAD}from transformers import get_linear_schedule_with_warmup
s = get_linear_schedule_with_warmup(opt, num_warmup_steps=0, num_training_steps=1000)
for step in range(985):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '5:80-5:84',
        message: 'get_linear_schedule_with_warmup is sized for 1,000 steps (num_training_steps) but is stepped 985 = 985 times: training ends at lr 1.5e-3 instead of 0, 1.5% of the schedule never runs',
        fix: 'Set num_training_steps to the loops\' count: `985`',
        edits: [
          ['5:80-5:84', '985'],
        ],
      },
    ]);
  });
  it('a loop that never runs: nothing to compare', () => {
    const src = `${HEAD}from transformers import get_linear_schedule_with_warmup
s = get_linear_schedule_with_warmup(opt, num_warmup_steps=0, num_training_steps=1000)
for step in range(0):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('OneCycleLR overrun under accumulation: ⌊1,000 / 4⌋ and the fix divides', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=600)
for epoch in range(3):
    for i, b in enumerate(loader):
        loss.backward()
        if (i + 1) % 4 == 0:
            opt.step()
            s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'error',
        at: '4:57-4:60',
        message: 'OneCycleLR is sized for 600 steps (total_steps) but is stepped 3 × ⌊1,000 / 4⌋ = 750 times: PyTorch raises ValueError ("Tried to step 601 times") at step 601 (assuming len(loader) = 1,000)',
        fix: 'Set total_steps to the loops\' count: `3 * (len(loader) // 4)`',
        edits: [
          ['4:57-4:60', '3 * (len(loader) // 4)'],
        ],
        assumed: ['len(loader)'],
      },
    ]);
  });
  it('sized in batches under accumulation: the note says why', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=3000)
for epoch in range(3):
    for i, b in enumerate(loader):
        loss.backward()
        if (i + 1) % 4 == 0:
            opt.step()
            s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:57-4:61',
        message: 'OneCycleLR is sized for 3,000 steps (total_steps) but is stepped 3 × ⌊1,000 / 4⌋ = 750 times: training ends at lr 0.09364 instead of 4.559e-7, 75% of the schedule never runs; 3,000 counts batches, but under `(i + 1) % 4 == 0` the scheduler steps once every 4 batches (assuming len(loader) = 1,000)',
        fix: 'Set total_steps to the loops\' count: `3 * (len(loader) // 4)`',
        edits: [
          ['4:57-4:61', '3 * (len(loader) // 4)'],
        ],
        assumed: ['len(loader)'],
      },
    ]);
  });
  it('DeepSpeed WarmupLR: the default warm-up (1,000 steps) and warmup_max_lr (1e-3) against the engine\'s steps', () => {
    const src = `import deepspeed
import torch

model = torch.nn.Linear(8, 8)
ds_config = {
    "optimizer": {"type": "Adam", "params": {"lr": 3e-4}},
    "scheduler": {"type": "WarmupLR", "params": {"warmup_min_lr": 0}},
}
engine, optimizer, _, sched = deepspeed.initialize(model=model, model_parameters=model.parameters(), config=ds_config)
for epoch in range(2):
    for step in range(400):
        loss = engine(x).mean()
        engine.backward(loss)
        engine.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '9:30-9:118',
        message: 'The warm-up is 1,000 steps but training is 800 steps: the lr never reaches 1e-3; it peaks at 9.677e-4 at step 800',
      },
    ]);
  });
  it('DeepSpeed WarmupDecayLR: warmup_num_steps past total_num_steps, heading for warmup_max_lr', () => {
    const src = `import deepspeed
import torch

model = torch.nn.Linear(8, 8)
ds_config = {
    "optimizer": {"type": "Adam", "params": {"lr": 3e-4}},
    "scheduler": {"type": "WarmupDecayLR", "params": {"warmup_min_lr": 0, "warmup_max_lr": 2e-4, "warmup_num_steps": 5000, "total_num_steps": 4000}},
}
engine, optimizer, _, sched = deepspeed.initialize(model=model, model_parameters=model.parameters(), config=ds_config)
for epoch in range(2):
    for step in range(2000):
        loss = engine(x).mean()
        engine.backward(loss)
        engine.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '9:30-9:118',
        message: 'The warm-up is 5,000 steps but training is 4,000 steps: the lr never reaches 2e-4; it peaks at 1.948e-4 at step 4,000',
      },
    ]);
  });
  it('constant_with_warmup: training is the loops\' count', () => {
    const src = `${HEAD}from transformers import get_constant_schedule_with_warmup
s = get_constant_schedule_with_warmup(opt, num_warmup_steps=2000)
for epoch in range(3):
    for b in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '5:60-5:64',
        message: 'The warm-up is 2,000 steps but training is 1,500 steps: the lr never reaches 0.1; it peaks at 0.075 at step 1,500',
      },
    ]);
  });
  it('inverse_sqrt: warm-up = the loops\' count', () => {
    const src = `${HEAD}from transformers import get_inverse_sqrt_schedule
s = get_inverse_sqrt_schedule(opt, num_warmup_steps=1500)
for epoch in range(3):
    for b in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '5:52-5:56',
        message: 'The warm-up is 1,500 steps but training is 1,500 steps: the lr never reaches 0.1; it peaks at 0.1 at step 1,500',
      },
    ]);
  });
  it('num_warmup_steps = 0: no warm-up', () => {
    const src = `${HEAD}from transformers import get_linear_schedule_with_warmup
s = get_linear_schedule_with_warmup(opt, num_warmup_steps=0, num_training_steps=0)
for b in range(500):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('TrainingArguments warmup_steps = max_steps', () => {
    const src = `from transformers import Trainer, TrainingArguments
args = TrainingArguments(output_dir="out", learning_rate=2e-5, max_steps=1000, warmup_steps=1000)
trainer = Trainer(model=model, args=args, train_dataset=ds)
trainer.train()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '2:92-2:96',
        message: 'The warm-up is 1,000 steps but training is 1,000 steps: the lr never reaches 2e-5; it peaks at 1.998e-5 at step 1,000',
      },
    ]);
  });
  it('TrainingArguments warmup_ratio 1.0: on warmup_ratio', () => {
    const src = `from transformers import Trainer, TrainingArguments
args = TrainingArguments(output_dir="out", learning_rate=2e-5, max_steps=1000, warmup_ratio=1.0)
trainer = Trainer(model=model, args=args, train_dataset=ds)
trainer.train()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '2:92-2:95',
        message: 'The warm-up is 1,000 steps but training is 1,000 steps: the lr never reaches 2e-5; it peaks at 1.998e-5 at step 1,000',
      },
    ]);
  });
  it('an unknown num_training_steps (assumed 100): the note names it', () => {
    const src = `${HEAD}from transformers import get_cosine_schedule_with_warmup
s = get_cosine_schedule_with_warmup(opt, num_warmup_steps=3000, num_training_steps=total)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '5:58-5:62',
        message: 'The warm-up is 3,000 steps but training is 100 steps: the lr never reaches 0.1; it peaks at 3.333e-3 at step 100 (assuming total = 100)',
        assumed: ['total'],
      },
    ]);
  });
  it('get_scheduler("linear", …) positional optimizer', () => {
    const src = `${HEAD}from transformers import get_scheduler
s = get_scheduler("linear", opt, num_warmup_steps=600, num_training_steps=500)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '5:50-5:53',
        message: 'The warm-up is 600 steps but training is 500 steps: the lr never reaches 0.1; it peaks at 0.08333 at step 500',
      },
    ]);
  });
  it('CosineAnnealingLR after a SequentialLR warm-up: its segment, and the fix subtracts the milestone', () => {
    const src = `${HEAD}warm = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=10)
cos = lr_scheduler.CosineAnnealingLR(opt, T_max=20)
s = lr_scheduler.SequentialLR(opt, [warm, cos], milestones=[10])
for epoch in range(100):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'tmax-short',
        severity: 'warning',
        at: '5:48-5:50',
        message: 'T_max = 20 but the scheduler is stepped 90 times (SequentialLR runs it from step 10 to 100): the lr reaches 0 at step 20, then climbs back to 0.1 at step 40 of 90',
        fix: 'Set T_max to the run\'s length: `100 - 10`',
        edits: [
          ['5:48-5:50', '100 - 10'],
        ],
      },
    ]);
  });
  it('the milestone is an expression: parenthesized in the fix', () => {
    const src = `${HEAD}warm = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=10)
cos = lr_scheduler.CosineAnnealingLR(opt, T_max=20)
s = lr_scheduler.SequentialLR(opt, [warm, cos], milestones=[cfg.warmup + 2])
for epoch in range(100):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'tmax-short',
        severity: 'warning',
        at: '5:48-5:50',
        message: 'T_max = 20 but the scheduler is stepped 88 times (SequentialLR runs it from step 12 to 100): the lr reaches 0 at step 20, then climbs back to 0.1 at step 40 of 88',
        fix: 'Set T_max to the run\'s length: `100 - (cfg.warmup + 2)`',
        edits: [
          ['5:48-5:50', '100 - (cfg.warmup + 2)'],
        ],
      },
    ]);
  });
  it('CosineAnnealingLR first in SequentialLR: not judged', () => {
    const src = `${HEAD}cos = lr_scheduler.CosineAnnealingLR(opt, T_max=5)
warm = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=10)
s = lr_scheduler.SequentialLR(opt, [cos, warm], milestones=[50])
for epoch in range(100):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('a middle segment of SequentialLR: reported, no fix', () => {
    const src = `${HEAD}warm = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=10)
cos = lr_scheduler.CosineAnnealingLR(opt, T_max=20)
const = lr_scheduler.ConstantLR(opt, factor=0.1, total_iters=1000)
s = lr_scheduler.SequentialLR(opt, [warm, cos, const], milestones=[10, 60])
for epoch in range(100):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'tmax-short',
        severity: 'warning',
        at: '5:48-5:50',
        message: 'T_max = 20 but the scheduler is stepped 50 times (SequentialLR runs it from step 10 to 60): the lr reaches 0 at step 20, then climbs back to 0.1 at step 40 of 50',
      },
    ]);
  });
  it('inside ChainedScheduler: not judged', () => {
    const src = `${HEAD}cos = lr_scheduler.CosineAnnealingLR(opt, T_max=20)
exp = lr_scheduler.ExponentialLR(opt, gamma=0.99)
s = lr_scheduler.ChainedScheduler([cos, exp])
for epoch in range(100):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('T_max between half and all of the run: climbs back to the lr at the last step', () => {
    const src = `${HEAD}s = lr_scheduler.CosineAnnealingLR(opt, T_max=40)
for epoch in range(60):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'tmax-short',
        severity: 'warning',
        at: '4:46-4:48',
        message: 'T_max = 40 but the scheduler is stepped 60 times: the lr reaches 0 at step 40, then climbs back to 0.05 at step 60 of 60',
        fix: 'Set T_max to the run\'s length: `60`',
        edits: [
          ['4:46-4:48', '60'],
        ],
      },
    ]);
  });
  it('under `i % 8 == 0` (⌈1,000 / 8⌉): eta_min is the bottom, no fix', () => {
    const src = `${HEAD}s = lr_scheduler.CosineAnnealingLR(opt, T_max=40, eta_min=1e-3)
for epoch in range(3):
    for i, b in enumerate(loader):
        if i % 8 == 0:
            opt.step()
            s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'tmax-short',
        severity: 'warning',
        at: '4:46-4:48',
        message: 'T_max = 40 but the scheduler is stepped 375 times (3 × ⌈1,000 / 8⌉): the lr reaches 1e-3 at step 40, then climbs back to 0.1 at step 80 of 375 (assuming len(loader) = 1,000)',
        assumed: ['len(loader)'],
      },
    ]);
  });
  it('T_max = 0: nothing', () => {
    const src = `${HEAD}s = lr_scheduler.CosineAnnealingLR(opt, T_max=0)
for epoch in range(60):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('a named milestone: the fix subtracts it as written', () => {
    const src = `${HEAD}warm = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=10)
cos = lr_scheduler.CosineAnnealingLR(opt, T_max=20)
s = lr_scheduler.SequentialLR(opt, [warm, cos], milestones=[warmup_epochs])
for epoch in range(100):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'tmax-short',
        severity: 'warning',
        at: '5:48-5:50',
        message: 'T_max = 20 but the scheduler is stepped 90 times (SequentialLR runs it from step 10 to 100): the lr reaches 0 at step 20, then climbs back to 0.1 at step 40 of 90',
        fix: 'Set T_max to the run\'s length: `100 - warmup_epochs`',
        edits: [
          ['5:48-5:50', '100 - warmup_epochs'],
        ],
      },
    ]);
  });
});

describe('lint pinned: step-call rules (step-order, plateau-no-metric, step-epoch-deprecated, never-stepped)', function () {
  this.timeout(60_000);
  it('step-order with the call sharing its line: reported, no move fix', () => {
    const src = `${HEAD}s = lr_scheduler.ExponentialLR(opt, gamma=0.9)
for epoch in range(5):
    for x in loader:
        s.step(); loss = f(x)
        opt.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-order',
        severity: 'warning',
        at: '7:8-7:16',
        message: '`s.step()` runs before `optimizer.step()` (line 8): the schedule\'s first lr 0.1 is skipped and every lr is used one step early (the first update already uses 0.09); PyTorch warns "Detected call of `lr_scheduler.step()` before `optimizer.step()`"',
      },
    ]);
  });
  it('ReduceLROnPlateau stepped before the optimizer: not step-order (it steps on a metric)', () => {
    const src = `${HEAD}s = lr_scheduler.ReduceLROnPlateau(opt, patience=2)
for epoch in range(5):
    for x in loader:
        s.step(loss)
        opt.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('no optimizer.step() in the loop: nothing to order', () => {
    const src = `${HEAD}s = lr_scheduler.ExponentialLR(opt, gamma=0.9)
for epoch in range(5):
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('the move fix keeps the call\'s trailing comment', () => {
    const src = `${HEAD}s = lr_scheduler.ExponentialLR(opt, gamma=0.9)
for epoch in range(5):
    for x in loader:
        s.step()  # decay
        opt.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-order',
        severity: 'warning',
        at: '7:8-7:16',
        message: '`s.step()` runs before `optimizer.step()` (line 8): the schedule\'s first lr 0.1 is skipped and every lr is used one step early (the first update already uses 0.09); PyTorch warns "Detected call of `lr_scheduler.step()` before `optimizer.step()`"',
        fix: 'Move `s.step()` after `optimizer.step()`',
        edits: [
          ['7:0-8:0', ''],
          ['8:18-8:18', '\n        s.step()  # decay'],
        ],
      },
    ]);
  });
  it('plateau without its metric, per batch: step 1', () => {
    const src = `${HEAD}s = lr_scheduler.ReduceLROnPlateau(opt, patience=2)
for epoch in range(5):
    for x in loader:
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'plateau-no-metric',
        severity: 'error',
        at: '8:8-8:16',
        message: '`s.step()` is called without the metric ReduceLROnPlateau watches (e.g. `s.step(val_loss)`): PyTorch raises TypeError (missing \'metrics\') at the first call, step 1, and the lr never changes from 0.1',
      },
    ]);
  });
  it('get_scheduler("reduce_lr_on_plateau") without its metric: the plateau schedule, epoch 1', () => {
    const src = `${HEAD}from transformers import get_scheduler
s = get_scheduler("reduce_lr_on_plateau", opt)
for epoch in range(5):
    train(opt)
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'plateau-no-metric',
        severity: 'error',
        at: '8:4-8:12',
        message: '`s.step()` is called without the metric the plateau schedule watches (e.g. `s.step(val_loss)`): PyTorch raises TypeError (missing \'metrics\') at the first call, epoch 1, and the lr never changes from 0.1',
      },
    ]);
  });
  it('the metric by keyword: fine', () => {
    const src = `${HEAD}s = lr_scheduler.ReduceLROnPlateau(opt, patience=2)
for epoch in range(5):
    train(opt)
    s.step(metrics=val_loss)
`;
    assert.deepEqual(pin(src), []);
  });
  it('step(epoch=epoch): the keyword is read, and the fix removes it', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
for epoch in range(10):
    train(opt)
    s.step(epoch=epoch)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-epoch-deprecated',
        severity: 'warning',
        at: '7:4-7:23',
        message: '`s.step(epoch)` is deprecated since PyTorch 1.4: it sets the epoch counter to `epoch`, which counts from 0 here, so every lr arrives one epoch late (the change due at epoch 3, 0.1 → 0.05, happens at epoch 4)',
        fix: 'Call `s.step()` without the epoch',
        edits: [
          ['7:11-7:22', ''],
        ],
      },
    ]);
  });
  it('range(1, 11) does not count from 0: the short message', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
for epoch in range(1, 11):
    train(opt)
    s.step(epoch)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-epoch-deprecated',
        severity: 'warning',
        at: '7:4-7:17',
        message: '`s.step(epoch)` is deprecated since PyTorch 1.4 (it sets the epoch counter to `epoch` and uses the closed form); call `s.step()` once per epoch instead',
        fix: 'Call `s.step()` without the epoch',
        edits: [
          ['7:11-7:16', ''],
        ],
      },
    ]);
  });
  it('range(0, 10) counts from 0: MultiStepLR\'s milestone arrives late', () => {
    const src = `${HEAD}s = lr_scheduler.MultiStepLR(opt, milestones=[4], gamma=0.5)
for epoch in range(0, 10):
    train(opt)
    s.step(epoch)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-epoch-deprecated',
        severity: 'warning',
        at: '7:4-7:17',
        message: '`s.step(epoch)` is deprecated since PyTorch 1.4: it sets the epoch counter to `epoch`, which counts from 0 here, so every lr arrives one epoch late (the change due at epoch 4, 0.1 → 0.05, happens at epoch 5)',
        fix: 'Call `s.step()` without the epoch',
        edits: [
          ['7:11-7:16', ''],
        ],
      },
    ]);
  });
  it('enumerate\'s index, per batch: StepLR(step_size=2)… the short message when the per-step unit is step', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
for i, batch in enumerate(loader):
    opt.step()
    s.step(i)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-epoch-deprecated',
        severity: 'warning',
        at: '7:4-7:13',
        message: '`s.step(i)` is deprecated since PyTorch 1.4 (it sets the epoch counter to `i` and uses the closed form); call `s.step()` once per step instead',
        fix: 'Call `s.step()` without the epoch',
        edits: [
          ['7:11-7:12', ''],
        ],
      },
    ]);
  });
  it('a schedule whose lr never changes: the short message', () => {
    const src = `${HEAD}s = lr_scheduler.ConstantLR(opt, factor=1.0, total_iters=3)
for epoch in range(10):
    train(opt)
    s.step(epoch)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-epoch-deprecated',
        severity: 'warning',
        at: '7:4-7:17',
        message: '`s.step(epoch)` is deprecated since PyTorch 1.4 (it sets the epoch counter to `epoch` and uses the closed form); call `s.step()` once per epoch instead',
        fix: 'Call `s.step()` without the epoch',
        edits: [
          ['7:11-7:16', ''],
        ],
      },
    ]);
  });
  it('step(global_step) per batch: not a loop variable', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
for epoch in range(10):
    for b in loader:
        opt.step()
        s.step(global_step)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-epoch-deprecated',
        severity: 'warning',
        at: '8:8-8:27',
        message: '`s.step(global_step)` is deprecated since PyTorch 1.4 (it sets the epoch counter to `global_step` and uses the closed form); call `s.step()` once per step instead',
        fix: 'Call `s.step()` without the epoch',
        edits: [
          ['8:15-8:26', ''],
        ],
      },
    ]);
  });
  it('transformers\' step(epoch): not PyTorch\'s deprecated argument', () => {
    const src = `${HEAD}from transformers import get_linear_schedule_with_warmup
s = get_linear_schedule_with_warmup(opt, 10, 100)
for epoch in range(10):
    train(opt)
    s.step(epoch)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '5:45-5:48',
        message: 'get_linear_schedule_with_warmup is a per-batch schedule sized for 100 steps (num_training_steps), but `s.step()` runs once per epoch, 10 times: the lr is 0.1 after the last epoch instead of 0 at step 100',
      },
    ]);
  });
  it('never-stepped: an alias assignment is a use', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3)
t = s
for epoch in range(10):
    opt.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('never-stepped: `s == None` is a use, not an assignment', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3)
if s == None:
    pass
for epoch in range(10):
    opt.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('never-stepped: a comment naming s.step() does not step it', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3)
for epoch in range(10):
    opt.step()  # s.step() is not called
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'never-stepped',
        severity: 'warning',
        at: '4:4-4:41',
        message: 'Nothing steps `s`: no `s.step()` is called and `s` is not used after it is built, so the lr stays 0.1 for the whole run and the StepLR schedule drawn here never happens (call `s.step()` after `optimizer.step()` in the training loop)',
      },
    ]);
  });
  it('never-stepped: rebuilt under the same name; `opt . step()` with spaces is the optimizer stepped', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3)
s = lr_scheduler.StepLR(opt, step_size=5)
for epoch in range(10):
    opt . step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'never-stepped',
        severity: 'warning',
        at: '4:4-4:41',
        message: 'Nothing steps `s`: no `s.step()` is called and `s` is not used after it is built, so the lr stays 0.1 for the whole run and the StepLR schedule drawn here never happens (call `s.step()` after `optimizer.step()` in the training loop)',
      },
      {
        rule: 'never-stepped',
        severity: 'warning',
        at: '5:4-5:41',
        message: 'Nothing steps `s`: no `s.step()` is called and `s` is not used after it is built, so the lr stays 0.1 for the whole run and the StepLR schedule drawn here never happens (call `s.step()` after `optimizer.step()` in the training loop)',
      },
    ]);
  });
  it('never-stepped: other optimizers stepped (other_opt, my.opt) do not count', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3)
for epoch in range(10):
    other_opt.step()
    my.opt.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('never-stepped: a scheduler without a name', () => {
    const src = `${HEAD}lr_scheduler.StepLR(opt, step_size=3)
for epoch in range(10):
    opt.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('never-stepped: read after it is built (get_last_lr)', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3)
for epoch in range(10):
    opt.step()
    print(s.get_last_lr())
`;
    assert.deepEqual(pin(src), []);
  });
  it('never-stepped: a longer name that starts with s is not s', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3)
for epoch in range(10):
    opt.step()
    print(xs)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'never-stepped',
        severity: 'warning',
        at: '4:4-4:41',
        message: 'Nothing steps `s`: no `s.step()` is called and `s` is not used after it is built, so the lr stays 0.1 for the whole run and the StepLR schedule drawn here never happens (call `s.step()` after `optimizer.step()` in the training loop)',
      },
    ]);
  });
});
