// The lint rules pinned by value (issue 20, StrykerJS over src/core/lint): for small scripts analyzed
// by the real analyzer, every diagnostic's rule, severity, range (line:column, 1-based lines), the
// whole message with the engine's numbers, the quick fix's title and edits, and the assumptions it
// rests on. A script that must stay silent is pinned as []. Each case decides one branch of a rule.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import type { AnalyzeOptions } from '../../../src/core/model/types';
import { applyEdits, ignoredOn, lint, RULE_IDS, RULES, type LintOptions } from '../../../src/core/lint/index';

const ROOT = path.resolve(__dirname, '../../../..');
const DIAG = path.join(ROOT, 'test/fixtures/scripts/diagnostics');
const HEAD = 'import torch\nfrom torch.optim import lr_scheduler\nopt = torch.optim.SGD(params, lr=0.1)\n';
const TIMM = 'import torch\nfrom timm.scheduler import CosineLRScheduler, TanhLRScheduler, PolyLRScheduler, StepLRScheduler\noptimizer = torch.optim.SGD(params, lr=0.1)\n';

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
  it('StepLR step_size = num_epochs // 3 stepped per batch: the fix parenthesizes the division', () => {
    const src = `${HEAD}num_epochs = 9
s = lr_scheduler.StepLR(opt, step_size=num_epochs // 3)
for epoch in range(num_epochs):
    for x in train_loader:
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '5:39-5:54',
        message: 'step_size=3 counts epochs, but `s.step()` runs every batch, 9 × 1,000 = 9,000 times: step_size is used up after 3 of 9,000 steps (0.03% of training), where the lr is already 0.01 (assuming len(train_loader) = 1,000)',
        fix: 'Size step_size in steps: `step_size=(num_epochs // 3) * len(train_loader)`',
        edits: [
          ['5:39-5:54', '(num_epochs // 3) * len(train_loader)'],
        ],
        assumed: ['len(train_loader)'],
      },
    ]);
  });
  it('LinearLR total_iters = epochs: 2.0% of a 600-step run', () => {
    const src = `${HEAD}epochs = 12
s = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=epochs)
for epoch in range(epochs):
    for batch in range(50):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '5:61-5:67',
        message: 'total_iters=12 counts epochs, but `s.step()` runs every batch, 12 × 50 = 600 times: total_iters is used up after 12 of 600 steps (2.0% of training), where the lr is already 0.1',
        fix: 'Size total_iters in steps: `total_iters=epochs * 50`',
        edits: [
          ['5:61-5:67', 'epochs * 50'],
        ],
      },
    ]);
  });
  it('ConstantLR total_iters = int(args.epochs): one call is not parenthesized', () => {
    const src = `${HEAD}s = lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=int(args.epochs))
for epoch in range(int(args.epochs)):
    for batch in loader:
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '4:57-4:73',
        message: 'total_iters=100 counts epochs, but `s.step()` runs every batch, 100 × 1,000 = 100,000 times: total_iters is used up after 100 of 100,000 steps (0.1% of training), where the lr is already 0.1 (assuming len(loader) = 1,000)',
        fix: 'Size total_iters in steps: `total_iters=int(args.epochs) * len(loader)`',
        edits: [
          ['4:57-4:73', 'int(args.epochs) * len(loader)'],
        ],
        assumed: ['len(loader)'],
      },
    ]);
  });
  it('T_max = 2 × the epochs is not in epochs: tmax-short instead', () => {
    const src = `${HEAD}num_epochs = 10
s = lr_scheduler.CosineAnnealingLR(opt, T_max=2 * num_epochs)
for epoch in range(num_epochs):
    for batch in range(100):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'tmax-short',
        severity: 'warning',
        at: '5:46-5:60',
        message: 'T_max = 20 but the scheduler is stepped 1,000 times (10 × 100): the lr reaches 0 at step 20, then climbs back to 0.1 at step 40 of 1,000',
        fix: 'Set T_max to the run\'s length: `num_epochs * 100`',
        edits: [
          ['5:46-5:60', 'num_epochs * 100'],
        ],
      },
    ]);
  });
  it('T_max = num_epochs // 2 names the epochs: in epochs although not equal', () => {
    const src = `${HEAD}num_epochs = 10
s = lr_scheduler.CosineAnnealingLR(opt, T_max=num_epochs // 2)
for epoch in range(num_epochs):
    for batch in range(100):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '5:46-5:61',
        message: 'T_max=5 counts epochs, but `s.step()` runs every batch, 10 × 100 = 1,000 times: T_max is used up after 5 of 1,000 steps (0.5% of training), where the lr is already 0',
        fix: 'Size T_max in steps: `T_max=(num_epochs // 2) * 100`',
        edits: [
          ['5:46-5:61', '(num_epochs // 2) * 100'],
        ],
      },
    ]);
  });
  it('the per-epoch call on the last line, no newline after it: the fix deletes it with the newline before', () => {
    const src = `${HEAD}s = lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=20)
for epoch in range(30):
    for x in loader:
        opt.step()
    s.step()`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '4:70-4:72',
        message: 'CyclicLR\'s cycle is 40 steps (step_size_up 20 + step_size_down 20), but `s.step()` runs once per epoch, 30 times: not one cycle completes and the lr only moves from 0.01 to 0.055',
        fix: 'Step `s` every batch, after `optimizer.step()`',
        edits: [
          ['7:18-7:18', '\n        s.step()'],
          ['7:18-8:12', ''],
        ],
      },
    ]);
  });
  it('T_max = 8 equals the 8 epochs: 1.0% exactly', () => {
    const src = `${HEAD}s = lr_scheduler.CosineAnnealingLR(opt, T_max=8)
for epoch in range(8):
    for batch in range(100):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-unit',
        severity: 'warning',
        at: '4:46-4:47',
        message: 'T_max=8 counts epochs, but `s.step()` runs every batch, 8 × 100 = 800 times: T_max is used up after 8 of 800 steps (1.0% of training), where the lr is already 0',
        fix: 'Size T_max in steps: `T_max=8 * 100`',
        edits: [
          ['4:46-4:47', '8 * 100'],
        ],
      },
    ]);
  });
  it('10% exactly', () => {
    const src = `${HEAD}from transformers import get_linear_schedule_with_warmup
s = get_linear_schedule_with_warmup(opt, num_warmup_steps=0, num_training_steps=1000)
for step in range(900):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '5:80-5:84',
        message: 'get_linear_schedule_with_warmup is sized for 1,000 steps (num_training_steps) but is stepped 900 = 900 times: training ends at lr 0.01 instead of 0, 10% of the schedule never runs',
        fix: 'Set num_training_steps to the loops\' count: `900`',
        edits: [
          ['5:80-5:84', '900'],
        ],
      },
    ]);
  });
  it('1.0% exactly', () => {
    const src = `${HEAD}from transformers import get_linear_schedule_with_warmup
s = get_linear_schedule_with_warmup(opt, num_warmup_steps=0, num_training_steps=1000)
for step in range(990):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '5:80-5:84',
        message: 'get_linear_schedule_with_warmup is sized for 1,000 steps (num_training_steps) but is stepped 990 = 990 times: training ends at lr 1e-3 instead of 0, 1.0% of the schedule never runs',
        fix: 'Set num_training_steps to the loops\' count: `990`',
        edits: [
          ['5:80-5:84', '990'],
        ],
      },
    ]);
  });
  it('num_training_steps = 0: nothing to compare', () => {
    const src = `${HEAD}from transformers import get_linear_schedule_with_warmup
s = get_linear_schedule_with_warmup(opt, num_warmup_steps=10, num_training_steps=0)
`;
    assert.deepEqual(pin(src), []);
  });
  it('an assumed lr is not a length: no note', () => {
    const src = `import torch
from transformers import get_linear_schedule_with_warmup
opt = torch.optim.AdamW(params, lr=cfg.lr)
s = get_linear_schedule_with_warmup(opt, num_warmup_steps=2000, num_training_steps=1500)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '4:58-4:62',
        message: 'The warm-up is 2,000 steps but training is 1,500 steps: the lr never reaches 1e-3; it peaks at 7.5e-4 at step 1,500',
      },
    ]);
  });
  it('SequentialLR with one schedule and no milestones: the whole run, and the fix', () => {
    const src = `${HEAD}cos = lr_scheduler.CosineAnnealingLR(opt, T_max=20)
s = lr_scheduler.SequentialLR(opt, [cos], milestones=[])
for epoch in range(100):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'tmax-short',
        severity: 'warning',
        at: '4:48-4:50',
        message: 'T_max = 20 but the scheduler is stepped 100 times: the lr reaches 0 at step 20, then climbs back to 0.1 at step 40 of 100',
        fix: 'Set T_max to the run\'s length: `100`',
        edits: [
          ['4:48-4:50', '100'],
        ],
      },
    ]);
  });
  it('an inactive branch\'s OneCycleLR (use_onecycle = False): not judged', () => {
    const src = `${HEAD}use_onecycle = False
if use_onecycle:
    s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=1000)
else:
    s = lr_scheduler.ExponentialLR(opt, gamma=0.999)
for epoch in range(20):
    for batch in range(250):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('an inactive branch\'s CosineAnnealingLR: not judged', () => {
    const src = `${HEAD}use_cosine = False
if use_cosine:
    s = lr_scheduler.CosineAnnealingLR(opt, T_max=5)
else:
    s = lr_scheduler.ExponentialLR(opt, gamma=0.999)
for epoch in range(20):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('an inactive branch\'s CyclicLR stepped per epoch: not judged', () => {
    const src = `${HEAD}use_cyclic = False
if use_cyclic:
    s = lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=20)
else:
    s = lr_scheduler.ExponentialLR(opt, gamma=0.9)
for epoch in range(30):
    for x in loader:
        opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('a child CosineAnnealingLR with T_max = the epochs in SequentialLR stepped per batch: tmax-short of its segment, not step-unit', () => {
    const src = `${HEAD}num_epochs = 10
warm = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=100)
cos = lr_scheduler.CosineAnnealingLR(opt, T_max=num_epochs)
s = lr_scheduler.SequentialLR(opt, [warm, cos], milestones=[100])
for epoch in range(num_epochs):
    for batch in range(100):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'tmax-short',
        severity: 'warning',
        at: '6:48-6:58',
        message: 'T_max = 10 but the scheduler is stepped 900 times (SequentialLR runs it from step 100 to 1,000): the lr reaches 0 at step 10, then climbs back to 0.1 at step 20 of 900',
        fix: 'Set T_max to the run\'s length: `num_epochs * 100 - 100`',
        edits: [
          ['6:48-6:58', 'num_epochs * 100 - 100'],
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
        message: '`s.step(i)` is deprecated since PyTorch 1.4: it sets the epoch counter to `i`, which counts from 0 here, so every lr arrives one step late (the change due at step 2, 0.1 → 0.05, happens at step 3)',
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
  it('enumerate(loader, start=1) does not count from 0: the short message', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
for i, batch in enumerate(loader, start=1):
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
  it('timm\'s step_update before optimizer.step(): it sets the lr of the update it is given, no step-order', () => {
    const src = `import torch
from timm.scheduler import CosineLRScheduler
optimizer = torch.optim.SGD(params, lr=0.1)
scheduler = CosineLRScheduler(optimizer, t_initial=10)
num_updates = 0
for epoch in range(10):
    for batch in loader:
        num_updates += 1
        scheduler.step_update(num_updates=num_updates)
        optimizer.step()
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), []);
  });
  it('never-stepped: the name inside its own call (a lambda parameter) is not a use', () => {
    const src = `${HEAD}s = lr_scheduler.LambdaLR(opt, lambda s: 0.9 ** s)
for epoch in range(10):
    opt.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'never-stepped',
        severity: 'warning',
        at: '4:4-4:50',
        message: 'Nothing steps `s`: no `s.step()` is called and `s` is not used after it is built, so the lr stays 0.1 for the whole run and the LambdaLR schedule drawn here never happens (call `s.step()` after `optimizer.step()` in the training loop)',
      },
    ]);
  });
  it('never-stepped: handed to a Trainer, something else steps it', () => {
    const src = `import torch
from torch.optim import lr_scheduler
from transformers import Trainer
opt = torch.optim.SGD(params, lr=0.1)
s = lr_scheduler.StepLR(opt, step_size=3)
trainer = Trainer(model=model, optimizers=(opt, s))
trainer.train()
opt.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('never-stepped: a dotted name, and a name that only matches with the dot unescaped is not it', () => {
    const src = `${HEAD}cfg.sched = lr_scheduler.StepLR(opt, step_size=3)
for epoch in range(10):
    opt.step()
cfgXsched = 1
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'never-stepped',
        severity: 'warning',
        at: '4:12-4:49',
        message: 'Nothing steps `cfg.sched`: no `cfg.sched.step()` is called and `cfg.sched` is not used after it is built, so the lr stays 0.1 for the whole run and the StepLR schedule drawn here never happens (call `cfg.sched.step()` after `optimizer.step()` in the training loop)',
      },
    ]);
  });
  it('never-stepped: the optimizer self.opt is not stepped by selfXopt.step()', () => {
    const src = `import torch
from torch.optim import lr_scheduler
self.opt = torch.optim.SGD(params, lr=0.1)
s = lr_scheduler.StepLR(self.opt, step_size=3)
for epoch in range(10):
    selfXopt.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('never-stepped: `s .get_last_lr()` after the loop is a use', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3)
for epoch in range(10):
    opt.step()
print(s .get_last_lr())
`;
    assert.deepEqual(pin(src), []);
  });
  it('never-stepped: put in a list is a use', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3)
for epoch in range(10):
    opt.step()
t = [s]
`;
    assert.deepEqual(pin(src), []);
  });
  it('step-order: calls outside any loop are not judged', () => {
    const src = `${HEAD}s = lr_scheduler.ExponentialLR(opt, gamma=0.9)
s.step()
opt.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('step-order: an optimizer.step() before the call in the same body: not reported', () => {
    const src = `${HEAD}s = lr_scheduler.ExponentialLR(opt, gamma=0.9)
for epoch in range(5):
    for x in loader:
        opt.step()
        s.step()
        opt.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('step(epoch = epoch) with spaces: the keyword is read', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
for epoch in range(10):
    train(opt)
    s.step(epoch = epoch)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-epoch-deprecated',
        severity: 'warning',
        at: '7:4-7:25',
        message: '`s.step(epoch)` is deprecated since PyTorch 1.4: it sets the epoch counter to `epoch`, which counts from 0 here, so every lr arrives one epoch late (the change due at epoch 3, 0.1 → 0.05, happens at epoch 4)',
        fix: 'Call `s.step()` without the epoch',
        edits: [
          ['7:11-7:24', ''],
        ],
      },
    ]);
  });
  it('step(epoch) with the milestone past the loop: no change to name, the short message', () => {
    const src = `${HEAD}s = lr_scheduler.MultiStepLR(opt, milestones=[50], gamma=0.5)
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
  it('step(epoch) with the change at the loop\'s last epoch: still named', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)
for epoch in range(10):
    train(opt)
    s.step(epoch)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-epoch-deprecated',
        severity: 'warning',
        at: '7:4-7:17',
        message: '`s.step(epoch)` is deprecated since PyTorch 1.4: it sets the epoch counter to `epoch`, which counts from 0 here, so every lr arrives one epoch late (the change due at epoch 10, 0.1 → 0.05, happens at epoch 11)',
        fix: 'Call `s.step()` without the epoch',
        edits: [
          ['7:11-7:16', ''],
        ],
      },
    ]);
  });
  it('never-stepped: prepared by accelerate, AcceleratedScheduler steps it', () => {
    const src = `${HEAD}from accelerate import Accelerator
accelerator = Accelerator()
s = lr_scheduler.StepLR(opt, step_size=3)
model, opt, s = accelerator.prepare(model, opt, s)
for epoch in range(10):
    opt.step()
`;
    assert.deepEqual(pin(src), []);
  });
});

describe('lint pinned: argument rules (poly-lr-end, min-lr-missing, sequential-*, verbose-removed)', function () {
  this.timeout(60_000);
  it('poly-lr-end: lr_end equal to the lr is refused too (transformers wants it smaller)', () => {
    const src = `${HEAD}from transformers import get_polynomial_decay_schedule_with_warmup
s = get_polynomial_decay_schedule_with_warmup(opt, 10, 100, lr_end=0.1)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'poly-lr-end',
        severity: 'error',
        at: '5:67-5:70',
        message: 'lr_end = 0.1 is not below the optimizer\'s lr 0.1: transformers raises ValueError ("lr_end (0.1) must be smaller than initial lr (0.1)") when the scheduler is built, before step 0',
      },
    ]);
  });
  it('poly-lr-end: lr_end below the lr is fine', () => {
    const src = `${HEAD}from transformers import get_polynomial_decay_schedule_with_warmup
s = get_polynomial_decay_schedule_with_warmup(opt, 10, 100, lr_end=0.09)
`;
    assert.deepEqual(pin(src), []);
  });
  it('poly-lr-end through get_scheduler: on scheduler_specific_kwargs', () => {
    const src = `${HEAD}from transformers import get_scheduler
s = get_scheduler("polynomial", opt, num_warmup_steps=10, num_training_steps=100, scheduler_specific_kwargs={"lr_end": 0.5})
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'poly-lr-end',
        severity: 'error',
        at: '5:108-5:123',
        message: 'lr_end = 0.5 is not below the optimizer\'s lr 0.1: transformers raises ValueError ("lr_end (0.5) must be smaller than initial lr (0.1)") when the scheduler is built, before step 0',
      },
    ]);
  });
  it('poly-lr-end from TrainingArguments with the default lr_end 1e-7 = learning_rate: on the call', () => {
    const src = `from transformers import TrainingArguments
args = TrainingArguments(output_dir="o", learning_rate=1e-7, lr_scheduler_type="polynomial", max_steps=100)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'poly-lr-end',
        severity: 'error',
        at: '2:7-2:107',
        message: 'lr_end = 1e-7 is not below the optimizer\'s lr 1e-7: transformers raises ValueError ("lr_end (1e-7) must be smaller than initial lr (1e-7)") when the scheduler is built, before step 0',
      },
    ]);
  });
  it('poly-lr-end with an assumed lr (AdamW\'s default 1e-3): says so', () => {
    const src = `import torch
from transformers import get_polynomial_decay_schedule_with_warmup
opt = torch.optim.AdamW(params, lr=cfg.lr)
s = get_polynomial_decay_schedule_with_warmup(opt, 10, 100, lr_end=1.0)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'poly-lr-end',
        severity: 'error',
        at: '4:67-4:70',
        message: 'lr_end = 1 is not below the optimizer\'s lr 1e-3 (assumed): transformers raises ValueError ("lr_end (1) must be smaller than initial lr (1e-3)") when the scheduler is built, before step 0',
      },
    ]);
  });
  it('poly-lr-end from TrainingArguments\' lr_scheduler_kwargs: on it', () => {
    const src = `from transformers import TrainingArguments
args = TrainingArguments(output_dir="o", learning_rate=1e-4, lr_scheduler_type="polynomial", lr_scheduler_kwargs={"lr_end": 1e-3}, max_steps=100)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'poly-lr-end',
        severity: 'error',
        at: '2:113-2:129',
        message: 'lr_end = 1e-3 is not below the optimizer\'s lr 1e-4: transformers raises ValueError ("lr_end (1e-3) must be smaller than initial lr (1e-4)") when the scheduler is built, before step 0',
      },
    ]);
  });
  it('min-lr-missing on the function itself: on the call, the fix appends min_lr_rate=0.1', () => {
    const src = `${HEAD}from transformers import get_cosine_with_min_lr_schedule_with_warmup
s = get_cosine_with_min_lr_schedule_with_warmup(opt, 10, 100)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'min-lr-missing',
        severity: 'error',
        at: '5:4-5:61',
        message: 'cosine_with_min_lr needs min_lr or min_lr_rate: without either, transformers raises ValueError when the scheduler is built, before step 0 (min_lr_rate=0.1 would decay the lr from 0.1 to 0.01)',
        fix: 'Add min_lr_rate=0.1 (decay to 10% of the peak lr)',
        edits: [
          ['5:60-5:60', ', min_lr_rate=0.1'],
        ],
      },
    ]);
  });
  it('min-lr-missing: min_lr given', () => {
    const src = `${HEAD}from transformers import get_cosine_with_min_lr_schedule_with_warmup
s = get_cosine_with_min_lr_schedule_with_warmup(opt, 10, 100, min_lr=1e-5)
`;
    assert.deepEqual(pin(src), []);
  });
  it('min-lr-missing from TrainingArguments: on lr_scheduler_type, the fix adds lr_scheduler_kwargs', () => {
    const src = `from transformers import TrainingArguments
args = TrainingArguments(output_dir="o", learning_rate=1e-4, lr_scheduler_type="cosine_with_min_lr", max_steps=100)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'min-lr-missing',
        severity: 'error',
        at: '2:79-2:99',
        message: 'cosine_with_min_lr needs min_lr or min_lr_rate: without either, transformers raises ValueError when the scheduler is built, before step 0 (min_lr_rate=0.1 would decay the lr from 1e-4 to 1e-5)',
        fix: 'Add min_lr_rate=0.1 (decay to 10% of the peak lr)',
        edits: [
          ['2:114-2:114', ', lr_scheduler_kwargs={"min_lr_rate": 0.1}'],
        ],
      },
    ]);
  });
  it('min-lr-missing: an empty lr_scheduler_kwargs={} is replaced', () => {
    const src = `from transformers import TrainingArguments
args = TrainingArguments(output_dir="o", learning_rate=1e-4, lr_scheduler_type="cosine_with_min_lr", lr_scheduler_kwargs={}, max_steps=100)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'min-lr-missing',
        severity: 'error',
        at: '2:79-2:99',
        message: 'cosine_with_min_lr needs min_lr or min_lr_rate: without either, transformers raises ValueError when the scheduler is built, before step 0 (min_lr_rate=0.1 would decay the lr from 1e-4 to 1e-5)',
        fix: 'Add min_lr_rate=0.1 (decay to 10% of the peak lr)',
        edits: [
          ['2:121-2:123', '{"min_lr_rate": 0.1}'],
        ],
      },
    ]);
  });
  it('min-lr-missing: a dict with keys gets ", \\"min_lr_rate\\": 0.1"', () => {
    const src = `from transformers import TrainingArguments
args = TrainingArguments(output_dir="o", learning_rate=1e-4, lr_scheduler_type="cosine_with_min_lr", lr_scheduler_kwargs={"num_cycles": 0.5}, max_steps=100)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'min-lr-missing',
        severity: 'error',
        at: '2:79-2:99',
        message: 'cosine_with_min_lr needs min_lr or min_lr_rate: without either, transformers raises ValueError when the scheduler is built, before step 0 (min_lr_rate=0.1 would decay the lr from 1e-4 to 1e-5)',
        fix: 'Add min_lr_rate=0.1 (decay to 10% of the peak lr)',
        edits: [
          ['2:139-2:139', ', "min_lr_rate": 0.1'],
        ],
      },
    ]);
  });
  it('min-lr-missing: a dict ending in a comma gets " \\"min_lr_rate\\": 0.1"', () => {
    const src = `from transformers import TrainingArguments
args = TrainingArguments(output_dir="o", learning_rate=1e-4, lr_scheduler_type="cosine_with_min_lr", lr_scheduler_kwargs={"num_cycles": 0.5,}, max_steps=100)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'min-lr-missing',
        severity: 'error',
        at: '2:79-2:99',
        message: 'cosine_with_min_lr needs min_lr or min_lr_rate: without either, transformers raises ValueError when the scheduler is built, before step 0 (min_lr_rate=0.1 would decay the lr from 1e-4 to 1e-5)',
        fix: 'Add min_lr_rate=0.1 (decay to 10% of the peak lr)',
        edits: [
          ['2:140-2:140', ' "min_lr_rate": 0.1'],
        ],
      },
    ]);
  });
  it('min-lr-missing: kwargs in a variable: no fix', () => {
    const src = `from transformers import TrainingArguments
kw = {"num_cycles": 0.5}
args = TrainingArguments(output_dir="o", learning_rate=1e-4, lr_scheduler_type="cosine_with_min_lr", lr_scheduler_kwargs=kw, max_steps=100)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'min-lr-missing',
        severity: 'error',
        at: '3:79-3:99',
        message: 'cosine_with_min_lr needs min_lr or min_lr_rate: without either, transformers raises ValueError when the scheduler is built, before step 0 (min_lr_rate=0.1 would decay the lr from 1e-4 to 1e-5)',
      },
    ]);
  });
  it('min-lr-missing: a multi-line get_scheduler ending in a comma: the fix goes after it', () => {
    const src = `${HEAD}from transformers import get_scheduler
s = get_scheduler(
    "cosine_with_min_lr",
    opt,
    num_warmup_steps=10,
    num_training_steps=100,
)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'min-lr-missing',
        severity: 'error',
        at: '6:4-6:24',
        message: 'cosine_with_min_lr needs min_lr or min_lr_rate: without either, transformers raises ValueError when the scheduler is built, before step 0 (min_lr_rate=0.1 would decay the lr from 0.1 to 0.01)',
        fix: 'Add min_lr_rate=0.1 (decay to 10% of the peak lr)',
        edits: [
          ['9:27-9:27', ' scheduler_specific_kwargs={"min_lr_rate": 0.1}'],
        ],
      },
    ]);
  });
  it('min-lr-missing: scheduler_specific_kwargs=dict() is replaced', () => {
    const src = `${HEAD}from transformers import get_scheduler
s = get_scheduler("cosine_with_min_lr", opt, num_warmup_steps=10, num_training_steps=100, scheduler_specific_kwargs=dict())
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'min-lr-missing',
        severity: 'error',
        at: '5:18-5:38',
        message: 'cosine_with_min_lr needs min_lr or min_lr_rate: without either, transformers raises ValueError when the scheduler is built, before step 0 (min_lr_rate=0.1 would decay the lr from 0.1 to 0.01)',
        fix: 'Add min_lr_rate=0.1 (decay to 10% of the peak lr)',
        edits: [
          ['5:116-5:122', '{"min_lr_rate": 0.1}'],
        ],
      },
    ]);
  });
  it('min-lr-missing: a call with **extra: no fix, and the range is the name', () => {
    const src = `${HEAD}from transformers import get_scheduler
s = get_scheduler("cosine_with_min_lr", opt, num_warmup_steps=10, num_training_steps=100, **extra)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'min-lr-missing',
        severity: 'error',
        at: '5:18-5:38',
        message: 'cosine_with_min_lr needs min_lr or min_lr_rate: without either, transformers raises ValueError when the scheduler is built, before step 0 (min_lr_rate=0.1 would decay the lr from 0.1 to 0.01)',
      },
    ]);
  });
  it('min-lr-missing: min_lr_rate in scheduler_specific_kwargs', () => {
    const src = `${HEAD}from transformers import get_scheduler
s = get_scheduler(name="cosine_with_min_lr", optimizer=opt, num_warmup_steps=10, num_training_steps=100, scheduler_specific_kwargs={"min_lr_rate": 0.05})
`;
    assert.deepEqual(pin(src), []);
  });
  it('sequential-milestones: one milestone too many', () => {
    const src = `${HEAD}a = lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=5)
b = lr_scheduler.ExponentialLR(opt, gamma=0.9)
s = lr_scheduler.SequentialLR(opt, schedulers=[a, b], milestones=[5, 10])
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'sequential-milestones',
        severity: 'error',
        at: '6:65-6:72',
        message: 'SequentialLR has 2 schedulers and 2 milestone(s); it needs 1: PyTorch raises ValueError when it is constructed, before step 0',
      },
    ]);
  });
  it('sequential-plateau: ReduceLROnPlateau third of three', () => {
    const src = `${HEAD}p = lr_scheduler.ReduceLROnPlateau(opt)
a = lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=5)
b = lr_scheduler.ExponentialLR(opt, gamma=0.9)
s = lr_scheduler.SequentialLR(opt, schedulers=[a, b, p], milestones=[5, 10])
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'sequential-plateau',
        severity: 'error',
        at: '7:46-7:55',
        message: 'SequentialLR cannot hold ReduceLROnPlateau (scheduler 3 of 3): it calls step() without the metric, and PyTorch raises ValueError when it is constructed, before step 0; step the plateau schedule separately with `.step(val_loss)`',
      },
    ]);
  });
  it('verbose-removed as the first argument: the comma after it goes', () => {
    const src = `${HEAD}s = lr_scheduler.ExponentialLR(verbose=False, optimizer=opt, gamma=0.5)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'verbose-removed',
        severity: 'warning',
        at: '4:39-4:44',
        message: '`verbose=False` was deprecated in PyTorch 2.2 and removed in 2.7, where ExponentialLR() raises TypeError; it never changed the lr (the curve is the same 0.1 → 7.889e-32 without it)',
        fix: 'Remove `verbose` (removed in PyTorch 2.7)',
        edits: [
          ['4:31-4:46', ''],
        ],
      },
    ]);
  });
  it('verbose-removed written `verbose = \\"deprecated\\"`: keyword and spaces go', () => {
    const src = `${HEAD}s = lr_scheduler.ExponentialLR(opt, 0.5, verbose = "deprecated")
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'verbose-removed',
        severity: 'warning',
        at: '4:51-4:63',
        message: '`verbose="deprecated"` was deprecated in PyTorch 2.2 and removed in 2.7, where ExponentialLR() raises TypeError; it never changed the lr (the curve is the same 0.1 → 7.889e-32 without it)',
        fix: 'Remove `verbose` (removed in PyTorch 2.7)',
        edits: [
          ['4:39-4:63', ''],
        ],
      },
    ]);
  });
  it('verbose-removed on its own line in a multi-line call ending in a comma', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(
    opt,
    step_size=2,
    verbose=True,
)
for epoch in range(6):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'verbose-removed',
        severity: 'warning',
        at: '7:12-7:16',
        message: '`verbose=True` was deprecated in PyTorch 2.2 and removed in 2.7, where StepLR() raises TypeError; it never changed the lr (the curve is the same 0.1 → 1e-4 without it)',
        fix: 'Remove `verbose` (removed in PyTorch 2.7)',
        edits: [
          ['6:15-7:16', ''],
        ],
      },
    ]);
  });
});

describe('lint pinned: timm (step-count and warmup-too-long in epochs)', function () {
  this.timeout(60_000);
  it('timm t_initial longer than the loop: 40% never runs, the fix sets the loop\'s count', () => {
    const src = `${TIMM}scheduler = CosineLRScheduler(optimizer, t_initial=100, lr_min=1e-4)
for epoch in range(60):
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:51-4:54',
        message: 'CosineLRScheduler is sized for 100 epochs (t_initial) but `scheduler.step(epoch)` runs for 60 epochs: training ends at lr 0.03461 instead of 1e-4, 40% of the schedule never runs',
        fix: 'Set t_initial to the loops\' count: `60`',
        edits: [
          ['4:51-4:54', '60'],
        ],
      },
    ]);
  });
  it('timm: under 10% with two significant digits', () => {
    const src = `${TIMM}scheduler = CosineLRScheduler(optimizer, t_initial=105, lr_min=1e-4)
for epoch in range(100):
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:51-4:54',
        message: 'CosineLRScheduler is sized for 105 epochs (t_initial) but `scheduler.step(epoch)` runs for 100 epochs: training ends at lr 6.579e-4 instead of 1e-4, 4.8% of the schedule never runs',
        fix: 'Set t_initial to the loops\' count: `100`',
        edits: [
          ['4:51-4:54', '100'],
        ],
      },
    ]);
  });
  it('timm cycle_limit=2: t_initial × cycles, no fix', () => {
    const src = `${TIMM}scheduler = CosineLRScheduler(optimizer, t_initial=20, cycle_limit=2)
for epoch in range(50):
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:51-4:53',
        message: 'CosineLRScheduler is sized for 40 epochs (t_initial × cycles) but `scheduler.step(epoch)` runs for 50 epochs: the schedule ends at epoch 40 and the last 10 epochs train at lr 0',
      },
    ]);
  });
  it('timm cycles with a prefixed warm-up', () => {
    const src = `${TIMM}scheduler = CosineLRScheduler(optimizer, t_initial=20, cycle_limit=2, warmup_t=5, warmup_prefix=True)
for epoch in range(30):
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:51-4:53',
        message: 'CosineLRScheduler is sized for 45 epochs (t_initial × cycles + warmup_t) but `scheduler.step(epoch)` runs for 30 epochs: training ends at lr 0.08536 instead of 0, 33% of the schedule never runs',
      },
    ]);
  });
  it('timm t_in_epochs=False: sized in updates, not judged against epochs', () => {
    const src = `${TIMM}scheduler = CosineLRScheduler(optimizer, t_initial=1000, t_in_epochs=False)
for epoch in range(30):
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), []);
  });
  it('timm: t_initial = the loop\'s epochs', () => {
    const src = `${TIMM}scheduler = CosineLRScheduler(optimizer, t_initial=30)
for epoch in range(30):
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), []);
  });
  // start_epoch unknown: a fresh run's 0 (a named assumption), so the loop runs 60 epochs.
  it('TanhLRScheduler over range(start_epoch, 60): no fix', () => {
    const src = `${TIMM}scheduler = TanhLRScheduler(optimizer, t_initial=40)
for epoch in range(start_epoch, 60):
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:49-4:51',
        message: 'TanhLRScheduler is sized for 40 epochs (t_initial) but `scheduler.step(epoch)` runs for 60 epochs: the schedule ends at epoch 40 and the last 20 epochs train at lr 0',
      },
    ]);
  });
  it('PolyLRScheduler with three cycles', () => {
    const src = `${TIMM}scheduler = PolyLRScheduler(optimizer, t_initial=80, cycle_limit=3, cycle_mul=1.0)
for epoch in range(200):
    for b in loader:
        optimizer.step()
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:49-4:51',
        message: 'PolyLRScheduler is sized for 240 epochs (t_initial × cycles) but `scheduler.step(epoch)` runs for 200 epochs: training ends at lr 0.07071 instead of 0, 17% of the schedule never runs',
      },
    ]);
  });
  it('timm warmup_t = the epochs: never reaches the lr', () => {
    const src = `${TIMM}scheduler = StepLRScheduler(optimizer, decay_t=5, warmup_t=10, warmup_lr_init=1e-3)
for epoch in range(10):
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '4:59-4:61',
        message: 'The warm-up is 10 epochs (warmup_t) but `scheduler.step(epoch)` runs for 10 epochs: the lr never reaches 0.1 (where the warm-up ends); it peaks at 0.0901 in epoch 9',
      },
    ]);
  });
  it('timm warmup_t one epoch shorter than the run: fine', () => {
    const src = `${TIMM}scheduler = StepLRScheduler(optimizer, decay_t=5, warmup_t=9, warmup_lr_init=1e-3)
for epoch in range(10):
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), []);
  });
  it('timm warmup_t = 0: only the length', () => {
    const src = `${TIMM}scheduler = CosineLRScheduler(optimizer, t_initial=50, warmup_t=0)
for epoch in range(60):
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:51-4:53',
        message: 'CosineLRScheduler is sized for 50 epochs (t_initial) but `scheduler.step(epoch)` runs for 60 epochs: the schedule ends at epoch 50 and the last 10 epochs train at lr 0',
        fix: 'Set t_initial to the loops\' count: `60`',
        edits: [
          ['4:51-4:53', '60'],
        ],
      },
    ]);
  });
  it('create_scheduler_v2 returns its own num_epochs: left alone', () => {
    const src = `${TIMM}from timm.scheduler import create_scheduler_v2
scheduler, num_epochs = create_scheduler_v2(optimizer, sched="cosine", num_epochs=50, warmup_epochs=60)
for epoch in range(num_epochs):
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), []);
  });
  it('timm one cycle with a prefixed warm-up: t_initial + warmup_t', () => {
    const src = `${TIMM}scheduler = CosineLRScheduler(optimizer, t_initial=40, cycle_limit=1, warmup_t=10, warmup_prefix=True)
for epoch in range(60):
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:51-4:53',
        message: 'CosineLRScheduler is sized for 50 epochs (t_initial + warmup_t) but `scheduler.step(epoch)` runs for 60 epochs: the schedule ends at epoch 50 and the last 10 epochs train at lr 0',
      },
    ]);
  });
  it('timm step(epoch) inside a function: no loop count here', () => {
    const src = `${TIMM}scheduler = CosineLRScheduler(optimizer, t_initial=20, cycle_limit=2)
def train_one(epoch):
    train(optimizer)
    scheduler.step(epoch + 1)
for epoch in range(30):
    train_one(epoch)
`;
    assert.deepEqual(pin(src), []);
  });
  it('timm over a list of epochs, not range(): no fix', () => {
    const src = `${TIMM}scheduler = CosineLRScheduler(optimizer, t_initial=40)
epochs = list(range(60))
for epoch in epochs:
    train(optimizer)
    scheduler.step(epoch + 1)
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:51-4:53',
        message: 'CosineLRScheduler is sized for 40 epochs (t_initial) but `scheduler.step(epoch)` runs for 60 epochs: the schedule ends at epoch 40 and the last 20 epochs train at lr 0',
      },
    ]);
  });
});

describe('lint pinned: PyTorch warm-ups (SequentialLR, ChainedScheduler, LambdaLR)', function () {
  this.timeout(60_000);
  it('SequentialLR warm-up longer than its milestone and the run: lasts min(W, milestone)', () => {
    const src = `${HEAD}warm = lr_scheduler.LinearLR(opt, start_factor=0.01, total_iters=3000)
decay = lr_scheduler.ExponentialLR(opt, gamma=0.999)
s = lr_scheduler.SequentialLR(opt, [warm, decay], milestones=[2000])
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '6:61-6:67',
        message: 'The warm-up lasts 2,000 steps (milestones=[2000]) but the scheduler is stepped 1,500 times (3 × 500): the lr never leaves the warm-up and peaks at 0.0505 of 0.1; ExponentialLR never runs',
      },
    ]);
  });
  it('ConstantLR factor 1.0 is no warm-up', () => {
    const src = `${HEAD}warm = lr_scheduler.ConstantLR(opt, factor=1.0, total_iters=3000)
decay = lr_scheduler.ExponentialLR(opt, gamma=0.999)
s = lr_scheduler.SequentialLR(opt, [warm, decay], milestones=[3000])
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('the milestone inside the run: the second schedule runs', () => {
    const src = `${HEAD}warm = lr_scheduler.LinearLR(opt, total_iters=3000)
decay = lr_scheduler.ExponentialLR(opt, gamma=0.999)
s = lr_scheduler.SequentialLR(opt, [warm, decay], milestones=[1499])
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('a falling LinearLR is no warm-up', () => {
    const src = `${HEAD}warm = lr_scheduler.LinearLR(opt, start_factor=1.0, end_factor=0.1, total_iters=3000)
decay = lr_scheduler.ExponentialLR(opt, gamma=0.999)
s = lr_scheduler.SequentialLR(opt, [warm, decay], milestones=[3000])
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('LinearLR\'s default total_iters (5) ends early but the milestone is past the run', () => {
    const src = `${HEAD}warm = lr_scheduler.LinearLR(opt, start_factor=0.1)
decay = lr_scheduler.ExponentialLR(opt, gamma=0.999)
s = lr_scheduler.SequentialLR(opt, [warm, decay], milestones=[1600])
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '6:61-6:67',
        message: 'The warm-up ends at step 5 but SequentialLR switches to ExponentialLR only at milestones=[1600], and the scheduler is stepped 1,500 times (3 × 500): ExponentialLR never runs and the lr stays at 0.1 from step 5 to the end',
      },
    ]);
  });
  it('stepped per epoch: not judged', () => {
    const src = `${HEAD}warm = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=2000)
decay = lr_scheduler.ExponentialLR(opt, gamma=0.999)
s = lr_scheduler.SequentialLR(opt, [warm, decay], milestones=[2000])
for epoch in range(3000):
    train(opt)
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('the warm-up second: not a warm-up first', () => {
    const src = `${HEAD}warm = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=2000)
decay = lr_scheduler.ExponentialLR(opt, gamma=0.999)
s = lr_scheduler.SequentialLR(opt, [decay, warm], milestones=[2000])
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('ChainedScheduler: a ConstantLR warm-up as long as the run', () => {
    const src = `${HEAD}warm = lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=1500)
decay = lr_scheduler.ExponentialLR(opt, gamma=0.999)
s = lr_scheduler.ChainedScheduler([decay, warm])
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '4:60-4:64',
        message: 'The ConstantLR warm-up lasts 1,500 steps (total_iters=1,500) but ChainedScheduler is stepped 1,500 times (3 × 500): the lr never leaves the warm-up and peaks at 0.05 of 0.1',
      },
    ]);
  });
  it('ChainedScheduler: one step shorter is fine', () => {
    const src = `${HEAD}warm = lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=1499)
decay = lr_scheduler.ExponentialLR(opt, gamma=0.999)
s = lr_scheduler.ChainedScheduler([decay, warm])
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('LambdaLR: an inline lambda comparing step <= warmup_steps', () => {
    const src = `${HEAD}warmup_steps = 5000
s = lr_scheduler.LambdaLR(opt, lambda step: min(1.0, step / warmup_steps) if step <= warmup_steps else 1.0)
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '5:31-5:106',
        message: 'The warm-up in lambda step: min(1.0, step / warmup_steps) if step <= warmup_steps else 1.0 (`warmup_steps`) is still running when training ends: the scheduler is stepped 1,500 times (3 × 500) and the lr rises at every step, peaking at 0.03 of 0.1 at the last one',
      },
    ]);
  });
  it('LambdaLR: a def comparing warmup_iters >= it', () => {
    const src = `${HEAD}warmup_iters = 4000


def schedule(it):
    if warmup_iters >= it:
        return it / warmup_iters
    return 1.0


s = lr_scheduler.LambdaLR(opt, lr_lambda=schedule)
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '13:41-13:49',
        message: 'The warm-up in schedule (`warmup_iters`) is still running when training ends: the scheduler is stepped 1,500 times (3 × 500) and the lr rises at every step, peaking at 0.0375 of 0.1 at the last one',
      },
    ]);
  });
  it('LambdaLR: a lambda variable, warm-up named warm', () => {
    const src = `${HEAD}warm = 4000
f = lambda i: i / warm if i < warm else 1.0
s = lr_scheduler.LambdaLR(opt, f)
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '6:31-6:32',
        message: 'The warm-up in f (`warm`) is still running when training ends: the scheduler is stepped 1,500 times (3 × 500) and the lr rises at every step, peaking at 0.0375 of 0.1 at the last one',
      },
    ]);
  });
  it('LambdaLR: the warm-up ends inside the run', () => {
    const src = `${HEAD}warmup = 1000
f = lambda i: i / warmup if i < warmup else 1.0
s = lr_scheduler.LambdaLR(opt, f)
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('LambdaLR: rising, but nothing named warm', () => {
    const src = `${HEAD}total = 4000
f = lambda i: i / total
s = lr_scheduler.LambdaLR(opt, f)
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('LambdaLR: still rising below the lr', () => {
    const src = `${HEAD}warmup = 5000
f = lambda i: 2 * i / warmup if i < warmup else 1.0
s = lr_scheduler.LambdaLR(opt, f)
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '6:31-6:32',
        message: 'The warm-up in f (`warmup`) is still running when training ends: the scheduler is stepped 1,500 times (3 × 500) and the lr rises at every step, peaking at 0.06 of 0.1 at the last one',
      },
    ]);
  });
  it('LambdaLR: one step is too few to say', () => {
    const src = `${HEAD}warmup = 5000
f = lambda i: i / warmup if i < warmup else 1.0
s = lr_scheduler.LambdaLR(opt, f)
for b in range(1):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('LambdaLR: a function not in the file', () => {
    const src = `${HEAD}warmup_iters = 4000
s = lr_scheduler.LambdaLR(opt, lr_lambda=sched_fn)
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('LambdaLR: min(1, (i + 1) / 1000) has no warm name', () => {
    const src = `${HEAD}s = lr_scheduler.LambdaLR(opt, lr_lambda=lambda i: min(1.0, (i + 1) / 1000))
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('LambdaLR: flat at the end', () => {
    const src = `${HEAD}warmup = 5000
f = lambda i: min(i / warmup, 0.02) if i < warmup else 1.0
s = lr_scheduler.LambdaLR(opt, f)
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('SequentialLR warm-up over one loop: no (a × b) in the message', () => {
    const src = `${HEAD}warm = lr_scheduler.LinearLR(opt, start_factor=0.01, total_iters=3000)
decay = lr_scheduler.ExponentialLR(opt, gamma=0.999)
s = lr_scheduler.SequentialLR(opt, [warm, decay], milestones=[3000])
for step in range(1500):
    opt.step()
    s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'warmup-too-long',
        severity: 'warning',
        at: '6:61-6:67',
        message: 'The warm-up lasts 3,000 steps (milestones=[3000]) but the scheduler is stepped 1,500 times: the lr never leaves the warm-up and peaks at 0.0505 of 0.1; ExponentialLR never runs',
      },
    ]);
  });
  it('LambdaLR warm-up stepped per epoch: not judged', () => {
    const src = `${HEAD}warmup = 50
f = lambda e: e / warmup if e < warmup else 1.0
s = lr_scheduler.LambdaLR(opt, f)
for epoch in range(10):
    train(opt)
    s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('LambdaLR of functools.partial(…): no function text to read', () => {
    const src = `${HEAD}import functools
warmup = 5000
s = lr_scheduler.LambdaLR(opt, functools.partial(sched, warmup))
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('LambdaLR: a warm-up comparison after the def\'s body is not the def\'s', () => {
    const src = `${HEAD}warmup_steps = 5000


def schedule(i):
    return min(1.0, i / 5000)


if step < warmup_steps:
    pass
s = lr_scheduler.LambdaLR(opt, schedule)
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('LambdaLR: a lr that falls somewhere in the run is no warm-up still running', () => {
    const src = `${HEAD}warmup = 1000
f = lambda i: (i % 1000) / warmup if i < 10 * warmup else 1.0
s = lr_scheduler.LambdaLR(opt, f)
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('LambdaLR: rising past the optimizer\'s lr is no warm-up that falls short', () => {
    const src = `${HEAD}warm = 1000
f = lambda i: 2 * i / warm if i < 2 * warm else 1.0
s = lr_scheduler.LambdaLR(opt, f)
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
});

/** test/fixtures/scripts/accelerate_sharded.py without its two comment lines (the positions below count from `import torch`). */
const SHARDED = fs.readFileSync(path.join(ROOT, 'test/fixtures/scripts/accelerate_sharded.py'), 'utf8').split('\n').slice(2).join('\n');

/** SHARDED with the one place `from` changed to `to`. */
function sharded(from: string, to: string): string {
  assert.ok(SHARDED.includes(from), `accelerate_sharded.py has ${JSON.stringify(from)}`);
  return SHARDED.replace(from, to);
}

describe('lint pinned: accelerate with several processes (step-count)', function () {
  this.timeout(60_000);
  it('accelerate, 4 processes assumed: sized from the sharded loader', () => {
    const src = SHARDED;
    assert.deepEqual(pin(src, {"accelerator.num_processes":4}), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '14:99-14:117',
        message: 'Assuming 4 processes (accelerator.num_processes): `accelerator.prepare(…)` wraps lr_scheduler in AcceleratedScheduler, which steps it 4 times per `.step()`, but num_training_steps = 3,000 counts the per-process loop (3 × 1,000; len(train_dataloader) after prepare is already divided among the processes): the scheduler is stepped 4 × 3,000 = 12,000 times, the schedule ends after 1/4 of training and the last 9,000 steps train at lr 0; multiply num_training_steps by `accelerator.num_processes`',
      },
    ]);
  });
  it('accelerate: sized before the loader\'s prepare (the full length): fine', () => {
    const src = sharded('model, optimizer, train_dataloader = accelerator.prepare(model, optimizer, train_dataloader)\n\nnum_epochs = 3\nnum_training_steps = num_epochs * len(train_dataloader)', 'num_epochs = 3\nnum_training_steps = num_epochs * len(train_dataloader)\nmodel, optimizer, train_dataloader = accelerator.prepare(model, optimizer, train_dataloader)');
    assert.deepEqual(pin(src, {"accelerator.num_processes":4}), []);
  });
  it('accelerate: enumerate(train_dataloader) is the same loader', () => {
    const src = sharded('    for batch in train_dataloader:', '    for step, batch in enumerate(train_dataloader):');
    assert.deepEqual(pin(src, {"accelerator.num_processes":4}), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '14:99-14:117',
        message: 'Assuming 4 processes (accelerator.num_processes): `accelerator.prepare(…)` wraps lr_scheduler in AcceleratedScheduler, which steps it 4 times per `.step()`, but num_training_steps = 3,000 counts the per-process loop (3 × 1,000; len(train_dataloader) after prepare is already divided among the processes): the scheduler is stepped 4 × 3,000 = 12,000 times, the schedule ends after 1/4 of training and the last 9,000 steps train at lr 0; multiply num_training_steps by `accelerator.num_processes`',
      },
    ]);
  });
  it('accelerate: the loop runs over another loader', () => {
    const src = sharded('    for batch in train_dataloader:', '    for batch in eval_dataloader:');
    assert.deepEqual(pin(src, {"accelerator.num_processes":4}), []);
  });
  it('accelerate: OneCycleLR is left to step-count', () => {
    const src = sharded('lr_scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=100, num_training_steps=num_training_steps)', 'lr_scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-3, total_steps=num_training_steps)');
    assert.deepEqual(pin(src, {"accelerator.num_processes":4}), []);
  });
  it('accelerate, 2 processes assumed', () => {
    const src = SHARDED;
    assert.deepEqual(pin(src, {"accelerator.num_processes":2}), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '14:99-14:117',
        message: 'Assuming 2 processes (accelerator.num_processes): `accelerator.prepare(…)` wraps lr_scheduler in AcceleratedScheduler, which steps it 2 times per `.step()`, but num_training_steps = 3,000 counts the per-process loop (3 × 1,000; len(train_dataloader) after prepare is already divided among the processes): the scheduler is stepped 2 × 3,000 = 6,000 times, the schedule ends after 1/2 of training and the last 3,000 steps train at lr 0; multiply num_training_steps by `accelerator.num_processes`',
      },
    ]);
  });
  it('accelerate, 4 processes assumed, sized with `* accelerator.num_processes`: silent (each call steps it 4 times)', () => {
    const src = sharded('num_training_steps = num_epochs * len(train_dataloader)', 'num_training_steps = num_epochs * len(train_dataloader) * accelerator.num_processes');
    assert.deepEqual(pin(src, {"accelerator.num_processes":4}), []);
  });
  it('accelerate, 4 processes assumed, sized for 5 times the loops: stepped 4 times per call, 20% never runs; the fix multiplies by the processes', () => {
    const src = sharded('num_training_steps = num_epochs * len(train_dataloader)', 'num_training_steps = num_epochs * len(train_dataloader) * 5');
    assert.deepEqual(pin(src, {"accelerator.num_processes":4}), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '14:99-14:117',
        message: 'get_linear_schedule_with_warmup is sized for 15,000 steps (num_training_steps) but is stepped 4 × 3 × 1,000 = 12,000 times: training ends at lr 4.027e-6 instead of 0, 20% of the schedule never runs (assuming len(train_dataloader) = 1,000, accelerator.num_processes = 4)',
        fix: "Set num_training_steps to the loops' count: `num_epochs * len(train_dataloader) * accelerator.num_processes`",
        edits: [['14:99-14:117', 'num_epochs * len(train_dataloader) * accelerator.num_processes']],
        assumed: ['len(train_dataloader)', 'accelerator.num_processes'],
      },
    ]);
  });
  it('accelerate, 4 processes assumed, sized for twice the whole loader before its prepare: the loops as read are the run (4 × the per-process quarter)', () => {
    const src = sharded('model, optimizer, train_dataloader = accelerator.prepare(model, optimizer, train_dataloader)\n\nnum_epochs = 3\nnum_training_steps = num_epochs * len(train_dataloader)', 'num_epochs = 3\nnum_training_steps = num_epochs * len(train_dataloader) * 2\nmodel, optimizer, train_dataloader = accelerator.prepare(model, optimizer, train_dataloader)');
    assert.deepEqual(pin(src, {"accelerator.num_processes":4}).map((d) => [d.rule, d.message, d.edits]), [
      ['step-count', 'get_linear_schedule_with_warmup is sized for 6,000 steps (num_training_steps) but is stepped 3 × 1,000 = 3,000 times: training ends at lr 1.017e-5 instead of 0, 50% of the schedule never runs (assuming len(train_dataloader) = 1,000)', [['13:99-13:117', 'num_epochs * len(train_dataloader)']]],
    ]);
  });
  it('accelerate, one process, sized for 5 times the loops: the loops\' count, no process factor', () => {
    const src = sharded('num_training_steps = num_epochs * len(train_dataloader)', 'num_training_steps = num_epochs * len(train_dataloader) * 5');
    assert.deepEqual(pin(src).map((d) => [d.rule, d.message, d.edits, d.assumed]), [
      ['step-count', 'get_linear_schedule_with_warmup is sized for 15,000 steps (num_training_steps) but is stepped 3 × 1,000 = 3,000 times: training ends at lr 1.611e-5 instead of 0, 80% of the schedule never runs (assuming len(train_dataloader) = 1,000)', [['14:99-14:117', 'num_epochs * len(train_dataloader)']], ['len(train_dataloader)']],
    ]);
  });
  it('accelerate, 2 processes assumed, sized `* 2`: stepped 2 × 3,000 = 6,000 times, as sized', () => {
    const src = sharded('num_training_steps = num_epochs * len(train_dataloader)', 'num_training_steps = num_epochs * len(train_dataloader) * 2');
    assert.deepEqual(pin(src, {"accelerator.num_processes":2}), []);
  });
  it('accelerate, 4 processes assumed, an lr assumed before the prepare: the loader\'s own assumption decides', () => {
    const src = sharded('lr=2e-5', 'lr=cfg.lr');
    assert.deepEqual(pin(src, {"accelerator.num_processes":4}).map((d) => [d.rule, d.at]), [['step-count', '14:99-14:117']]);
  });
  it('accelerate, one process: silent', () => {
    const src = SHARDED;
    assert.deepEqual(pin(src), []);
  });
});

describe('lint pinned: how the loops are counted and written back (context)', function () {
  this.timeout(60_000);
  it('a loop count that is a sum of two calls: the fix parenthesizes it', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
for epoch in range(3):
    for step in range(0, len(a) + len(b)):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'error',
        at: '4:57-4:60',
        message: 'OneCycleLR is sized for 100 steps (total_steps) but is stepped 3 × 2,000 = 6,000 times: PyTorch raises ValueError ("Tried to step 101 times") at step 101',
        fix: 'Set total_steps to the loops\' count: `3 * (len(a) + len(b))`',
        edits: [
          ['4:57-4:60', '3 * (len(a) + len(b))'],
        ],
      },
    ]);
  });
  it('DeepSpeed engine accumulation: ⌊3 × 501 / 4⌋ over the whole run, no fix', () => {
    const src = `import deepspeed
import torch

model = torch.nn.Linear(8, 8)
ds_config = {
    "gradient_accumulation_steps": 4,
    "optimizer": {"type": "Adam", "params": {"lr": 3e-4}},
    "scheduler": {"type": "WarmupDecayLR", "params": {"warmup_max_lr": 3e-4, "warmup_num_steps": 10, "total_num_steps": 1000}},
}
engine, optimizer, _, sched = deepspeed.initialize(model=model, model_parameters=model.parameters(), config=ds_config)
for epoch in range(3):
    for step in range(501):
        loss = engine(x).mean()
        engine.backward(loss)
        engine.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '10:30-10:118',
        message: 'WarmupDecayLR is sized for 1,000 steps (total_num_steps) but is stepped ⌊3 × 501 / 4⌋ = 375 times: training ends at lr 1.897e-4 instead of 3.03e-7, 63% of the schedule never runs',
      },
    ]);
  });
  it('`i % 8 == 0` steps on the first of every 8: ⌈1,000 / 8⌉ and -(-n // 8) in parentheses', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
for epoch in range(3):
    for i, batch in enumerate(loader):
        if i % 8 == 0:
            opt.step()
            s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'error',
        at: '4:57-4:60',
        message: 'OneCycleLR is sized for 100 steps (total_steps) but is stepped 3 × ⌈1,000 / 8⌉ = 375 times: PyTorch raises ValueError ("Tried to step 101 times") at step 101 (assuming len(loader) = 1,000)',
        fix: 'Set total_steps to the loops\' count: `3 * (-(-len(loader) // 8))`',
        edits: [
          ['4:57-4:60', '3 * (-(-len(loader) // 8))'],
        ],
        assumed: ['len(loader)'],
      },
    ]);
  });
  it('an accumulation divisor nothing resolves: the assumed divisor (1) counts every iteration', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
for epoch in range(3):
    for i, batch in enumerate(loader):
        if (i + 1) % accum == 0 or i == len(loader) - 1:
            opt.step()
            s.step()
`;
    assert.deepEqual(pin(src), [
      {
        // The count rests on the divisor's assumption too, and the fix keeps the divisor the file names.
        assumed: ['len(loader)', 'accum'],
        at: '4:57-4:60',
        edits: [['4:57-4:60', '3 * (-(-len(loader) // accum))']],
        fix: "Set total_steps to the loops' count: `3 * (-(-len(loader) // accum))`",
        message: 'OneCycleLR is sized for 100 steps (total_steps) but is stepped 3 × 1,000 = 3,000 times: PyTorch raises ValueError ("Tried to step 101 times") at step 101 (assuming len(loader) = 1,000, accum = 1)',
        rule: 'step-count',
        severity: 'error',
      },
    ]);
  });
  it('accelerate\'s accumulate(): ⌈n / 8⌉, no divisor to write', () => {
    const src = `${HEAD}from accelerate import Accelerator
accelerator = Accelerator(gradient_accumulation_steps=8)
s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
for epoch in range(3):
    for batch in loader:
        with accelerator.accumulate(model):
            opt.step()
            s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'error',
        at: '6:57-6:60',
        message: 'OneCycleLR is sized for 100 steps (total_steps) but is stepped 3 × ⌈1,000 / 8⌉ = 375 times: PyTorch raises ValueError ("Tried to step 101 times") at step 101 (assuming len(loader) = 1,000)',
        assumed: ['len(loader)'],
      },
    ]);
  });
  it('a divisor that is an expression: counted, no fix', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
for epoch in range(3):
    for i, batch in enumerate(loader):
        if (i + 1) % (2 * 2) == 0:
            opt.step()
            s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'error',
        at: '4:57-4:60',
        message: 'OneCycleLR is sized for 100 steps (total_steps) but is stepped 3 × ⌊1,000 / 4⌋ = 750 times: PyTorch raises ValueError ("Tried to step 101 times") at step 101 (assuming len(loader) = 1,000)',
        assumed: ['len(loader)'],
      },
    ]);
  });
  it('stepped in a function nothing calls: no count', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
def train(loader):
    for batch in loader:
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), []);
  });
  it('one loop under `i % 8`: -(-len(loader) // 8) alone', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
for i, batch in enumerate(loader):
    if i % 8 == 0:
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'error',
        at: '4:57-4:60',
        message: 'OneCycleLR is sized for 100 steps (total_steps) but is stepped ⌈1,000 / 8⌉ = 125 times: PyTorch raises ValueError ("Tried to step 101 times") at step 101 (assuming len(loader) = 1,000)',
        fix: 'Set total_steps to the loops\' count: `-(-len(loader) // 8)`',
        edits: [
          ['4:57-4:60', '-(-len(loader) // 8)'],
        ],
        assumed: ['len(loader)'],
      },
    ]);
  });
  it('three assumed factors: the note names two, assumed lists all three', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
for r in range(cfg.rounds):
    for epoch in range(cfg.epochs):
        for batch in loader:
            opt.step()
            s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'error',
        at: '4:57-4:60',
        message: 'OneCycleLR is sized for 100 steps (total_steps) but is stepped 1 × 10 × 1,000 = 10,000 times: PyTorch raises ValueError ("Tried to step 101 times") at step 101 (assuming cfg.rounds = 1, cfg.epochs = 10)',
        fix: 'Set total_steps to the loops\' count: `cfg.rounds * cfg.epochs * len(loader)`',
        edits: [
          ['4:57-4:60', 'cfg.rounds * cfg.epochs * len(loader)'],
        ],
        assumed: ['cfg.rounds', 'cfg.epochs', 'len(loader)'],
      },
    ]);
  });
  it('range(0, n_batches): 4.0%', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
for epoch in range(3):
    for batch in range(0, n_batches):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:57-4:60',
        message: 'OneCycleLR is sized for 100 steps (total_steps) but is stepped 3 × 32 = 96 times: training ends at lr 4.529e-4 instead of 5.075e-5, 4.0% of the schedule never runs (assuming n_batches = 32)',
        fix: 'Set total_steps to the loops\' count: `3 * n_batches`',
        edits: [
          ['4:57-4:60', '3 * n_batches'],
        ],
        assumed: ['n_batches'],
      },
    ]);
  });
  it('range(len(loader.dataset) // 32): the floor division parenthesized', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
for epoch in range(3):
    for batch in range(len(loader.dataset) // 32):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'warning',
        at: '4:57-4:60',
        message: 'OneCycleLR is sized for 100 steps (total_steps) but is stepped 3 × 31 = 93 times: training ends at lr 1.802e-3 instead of 5.075e-5, 7.0% of the schedule never runs',
        fix: 'Set total_steps to the loops\' count: `3 * (len(loader.dataset) // 32)`',
        edits: [
          ['4:57-4:60', '3 * (len(loader.dataset) // 32)'],
        ],
      },
    ]);
  });
  it('iter(loader) counts len(loader)', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
for epoch in range(3):
    for batch in iter(loader):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'error',
        at: '4:57-4:60',
        message: 'OneCycleLR is sized for 100 steps (total_steps) but is stepped 3 × 1,000 = 3,000 times: PyTorch raises ValueError ("Tried to step 101 times") at step 101 (assuming len(loader) = 1,000)',
        fix: 'Set total_steps to the loops\' count: `3 * len(loader)`',
        edits: [
          ['4:57-4:60', '3 * len(loader)'],
        ],
        assumed: ['len(loader)'],
      },
    ]);
  });
  it('tqdm.tqdm(cfg.loader, total=10): len(cfg.loader)', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
for epoch in range(2):
    for batch in tqdm.tqdm(cfg.loader, total=10):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'error',
        at: '4:57-4:60',
        message: 'OneCycleLR is sized for 100 steps (total_steps) but is stepped 2 × 1,000 = 2,000 times: PyTorch raises ValueError ("Tried to step 101 times") at step 101 (assuming len(cfg.loader) = 1,000)',
        fix: 'Set total_steps to the loops\' count: `2 * len(cfg.loader)`',
        edits: [
          ['4:57-4:60', '2 * len(cfg.loader)'],
        ],
        assumed: ['len(cfg.loader)'],
      },
    ]);
  });
  it('range(len(train_loader)) counts len(train_loader)', () => {
    const src = `${HEAD}s = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
for epoch in range(3):
    for i in range(len(train_loader)):
        opt.step()
        s.step()
`;
    assert.deepEqual(pin(src), [
      {
        rule: 'step-count',
        severity: 'error',
        at: '4:57-4:60',
        message: 'OneCycleLR is sized for 100 steps (total_steps) but is stepped 3 × 1,000 = 3,000 times: PyTorch raises ValueError ("Tried to step 101 times") at step 101 (assuming len(train_loader) = 1,000)',
        fix: 'Set total_steps to the loops\' count: `3 * len(train_loader)`',
        edits: [
          ['4:57-4:60', '3 * len(train_loader)'],
        ],
        assumed: ['len(train_loader)'],
      },
    ]);
  });
});

describe('lint pinned: boundaries whose peak is the lr after the last step', function () {
  this.timeout(60_000);
  // W = the run: reported (the lr the updates use never leaves the warm-up); the peak named is
  // the lr after the last step (see the report on issue 20), so only the lengths are pinned here.
  it('SequentialLR: a ConstantLR warm-up and its milestone exactly the run', () => {
    const src = `${HEAD}warm = lr_scheduler.ConstantLR(opt, total_iters=1500)
decay = lr_scheduler.ExponentialLR(opt, gamma=0.999)
s = lr_scheduler.SequentialLR(opt, [warm, decay], milestones=[1500])
for epoch in range(3):
    for batch in range(500):
        opt.step()
        s.step()
`;
    const d = pin(src);
    assert.deepEqual(d.map((x) => [x.rule, x.severity, x.at]), [['warmup-too-long', 'warning', '6:61-6:67']]);
    assert.match(d[0].message, /^The warm-up lasts 1,500 steps \(milestones=\[1500\]\) but the scheduler is stepped 1,500 times \(3 × 500\): the lr never leaves the warm-up and peaks at [\d.e-]+ of 0\.1; ExponentialLR never runs$/);
    assert.deepEqual(pin(src.replace('milestones=[1500]', 'milestones=[1501]').replace('total_iters=1500', 'total_iters=1501')).map((x) => x.at), ['6:61-6:67']);
    assert.deepEqual(pin(src.replace('total_iters=1500', 'total_iters=1499').replace('milestones=[1500]', 'milestones=[1499]')), []);
  });
  it('transformers inverse_sqrt: warm-up = the loops\' count is reported, one shorter is not', () => {
    const src = `${HEAD}from transformers import get_inverse_sqrt_schedule
s = get_inverse_sqrt_schedule(opt, num_warmup_steps=1500)
for epoch in range(3):
    for b in range(500):
        opt.step()
        s.step()
`;
    const d = pin(src);
    assert.deepEqual(d.map((x) => [x.rule, x.at]), [['warmup-too-long', '5:52-5:56']]);
    assert.match(d[0].message, /^The warm-up is 1,500 steps but training is 1,500 steps: the lr never reaches 0\.1; it peaks at [\d.e-]+ at step 1,500$/);
    assert.deepEqual(pin(src.replace('=1500', '=1499')), []);
  });
});

describe('lint pinned: lint() — switches, superseding, order, ignore comments', function () {
  this.timeout(60_000);
  const two = `${HEAD}opt2 = torch.optim.SGD(params, lr=0.1)
num_epochs = 10
a = lr_scheduler.CosineAnnealingLR(opt, T_max=num_epochs)
b = lr_scheduler.CosineAnnealingLR(opt2, T_max=100)
for epoch in range(num_epochs):
    for batch in train_loader:
        opt.step()
        a.step()
for epoch in range(300):
    opt2.step()
    b.step()
`;
  it('step-unit on one scheduler drops its tmax-short, not the other scheduler\'s', () => {
    assert.deepEqual(pin(two).map((d) => [d.rule, d.at]), [
      ['step-unit', '6:46-6:56'],
      ['tmax-short', '7:47-7:50'],
    ]);
    // Without step-unit, a's own tmax-short is back (T_max = 10 of 10,000 steps).
    assert.deepEqual(pin(two, undefined, { rules: { 'step-unit': false } }).map((d) => [d.rule, d.at, d.message]), [
      ['tmax-short', '6:46-6:56', 'T_max = 10 but the scheduler is stepped 10,000 times (10 × 1,000): the lr reaches 0 at step 10, then climbs back to 0.1 at step 20 of 10,000 (assuming len(train_loader) = 1,000)'],
      ['tmax-short', '7:47-7:50', 'T_max = 100 but the scheduler is stepped 300 times: the lr reaches 0 at step 100, then climbs back to 0.1 at step 200 of 300'],
    ]);
    assert.deepEqual(pin(two, undefined, { rules: { 'tmax-short': false } }).map((d) => d.rule), ['step-unit']);
    assert.deepEqual(pin(two, undefined, { rules: { 'tmax-short': true, 'step-unit': true } }).map((d) => d.rule), ['step-unit', 'tmax-short']);
  });
  it('diagnostics at the same position are ordered by rule id; each has its ignore fix at the end of its line', () => {
    const src = `${HEAD}s = lr_scheduler.StepLR(opt, step_size=2)
for epoch in range(10):
    for batch in loader:
        s.step(epoch)   
        opt.step()
`;
    const r = lint(analyze(src), src);
    assert.deepEqual(r.diagnostics.map((d) => [d.rule, `${pos(src, d.range.start)}-${pos(src, d.range.end)}`]), [
      ['step-epoch-deprecated', '7:8-7:21'],
      ['step-order', '7:8-7:21'],
    ]);
    assert.deepEqual(
      r.ignoreFixes.map((f) => [f.title, f.titleTemplate, f.titleArgs, f.edits.map((e) => [`${pos(src, e.start)}-${pos(src, e.end)}`, e.newText])]),
      [
        ['Ignore step-epoch-deprecated on this line', 'Ignore {0} on this line', ['step-epoch-deprecated'], [['7:21-7:24', '  # lr-lens: ignore[step-epoch-deprecated]']]],
        ['Ignore step-order on this line', 'Ignore {0} on this line', ['step-order'], [['7:21-7:24', '  # lr-lens: ignore[step-order]']]],
      ],
    );
  });
  it('a rule that throws is reported to onError with the error, and the other rules still run', () => {
    const src = fs.readFileSync(path.join(DIAG, 'tmax-short.py'), 'utf8');
    const r = analyze(src);
    const seen: [string, string][] = [];
    const broken = { ...r, schedulers: r.schedulers.map((f) => ({ ...f, stepCalls: null as never })) };
    const out = lint(broken, src, { onError: (rule, e) => seen.push([rule, (e as Error).constructor.name]) });
    assert.ok(seen.length > 0);
    assert.ok(seen.every(([, name]) => name === 'TypeError'), JSON.stringify(seen));
    // poly-lr-end, min-lr-missing, sequential-* and verbose-removed never read stepCalls.
    for (const rule of ['poly-lr-end', 'min-lr-missing', 'sequential-milestones', 'sequential-plateau', 'verbose-removed']) assert.ok(!seen.some(([x]) => x === rule), rule);
    assert.deepEqual(out.diagnostics, []);
    assert.doesNotThrow(() => lint(broken, src));
  });

  describe('ignore comments', () => {
    const src = fs.readFileSync(path.join(DIAG, 'tmax-short.py'), 'utf8');
    const line = 'scheduler = CosineAnnealingLR(optimizer, T_max=100)';
    const rules = (s: string) => pin(s).map((d) => d.rule);
    it('case and spacing of the comment, lists with spaces, an empty list', () => {
      assert.deepEqual(rules(src.replace(line, line + ' #LR-Lens:Ignore')), []);
      assert.deepEqual(rules(src.replace(line, line + '  #   lr-lens:   ignore[ step-order ,tmax-short ]')), []);
      assert.deepEqual(rules(src.replace(line, line + '  # lr-lens: ignore[]')), ['tmax-short']);
      assert.deepEqual(rules(src.replace(line, line + '  # lr-lens: ignore[tmax]')), ['tmax-short']);
      assert.deepEqual(rules(src.replace(line, line + '  # lr-lens ignore')), ['tmax-short']);
    });
    it('a # inside a string is not a comment; escaped quotes stay inside the string', () => {
      assert.deepEqual(rules(src.replace(line, line + "; x = 'a # lr-lens: ignore'")), ['tmax-short']);
      assert.deepEqual(rules(src.replace(line, line + '; x = "\\" # lr-lens: ignore"')), ['tmax-short']);
      assert.deepEqual(rules(src.replace(line, line + '; x = "\\"" # lr-lens: ignore')), []);
      assert.deepEqual(rules(src.replace(line, line + "; x = \"'\" # lr-lens: ignore")), []);
    });
    it('the line above: only a comment line, indented or not, naming the rule or all', () => {
      assert.deepEqual(rules(src.replace(line, '    # lr-lens: ignore[tmax-short]\n' + line)), []);
      assert.deepEqual(rules(src.replace(line, '# lr-lens: ignore[step-unit]\n' + line)), ['tmax-short']);
      assert.deepEqual(rules(src.replace(line, '# lr-lens: ignore\n\n' + line)), ['tmax-short']);
      assert.deepEqual(rules(src.replace(line, '# a comment\n' + line)), ['tmax-short']);
    });
    it('the ignore fix appends to the line, before a \\r\\n, after trailing blanks are trimmed', () => {
      const crlf = src.replace(line, line + ' \t').replace(/\n/g, '\r\n');
      const r = lint(analyze(crlf), crlf);
      assert.equal(r.diagnostics.length, 1);
      const e = r.ignoreFixes[0].edits;
      assert.deepEqual(e.map((x) => [pos(crlf, x.start), pos(crlf, x.end), x.newText]), [['7:51', '7:53', '  # lr-lens: ignore[tmax-short]']]);
      assert.equal(applyEdits(crlf, e).split('\r\n')[6], line + '  # lr-lens: ignore[tmax-short]');
      assert.deepEqual(pin(applyEdits(crlf, e)), []);
    });
    it('ignoredOn: all, a list, none', () => {
      assert.equal(ignoredOn('x = 1  # lr-lens: ignore'), 'all');
      assert.deepEqual(ignoredOn('x = 1  # lr-lens: ignore[a, b,,c ]'), ['a', 'b', 'c']);
      assert.equal(ignoredOn('x = 1  # something else'), null);
      assert.equal(ignoredOn('x = 1'), null);
      assert.equal(ignoredOn("x = '# lr-lens: ignore'"), null);
    });
  });

  it('applyEdits applies edits from the end, so earlier offsets stay valid', () => {
    assert.equal(applyEdits('abcdef', [{ start: 1, end: 2, newText: 'XX' }, { start: 4, end: 4, newText: '_' }, { start: 0, end: 0, newText: '>' }]), '>aXXcd_ef');
    assert.equal(applyEdits('abc', []), 'abc');
    // An insertion and a replacement at the same start: the replacement (larger end) is applied first.
    assert.equal(applyEdits('abc', [{ start: 1, end: 1, newText: '+' }, { start: 1, end: 2, newText: 'B' }]), 'a+Bc');
  });

  it('RULES: every id has its setting and a description, in order', () => {
    assert.deepEqual(
      RULES.map((r) => [r.id, r.setting]),
      [
        ['step-order', 'stepOrder'],
        ['step-unit', 'stepUnit'],
        ['step-count', 'stepCount'],
        ['warmup-too-long', 'warmupTooLong'],
        ['tmax-short', 'tmaxShort'],
        ['poly-lr-end', 'polyLrEnd'],
        ['min-lr-missing', 'minLrMissing'],
        ['sequential-milestones', 'sequentialMilestones'],
        ['sequential-plateau', 'sequentialPlateau'],
        ['plateau-no-metric', 'plateauNoMetric'],
        ['verbose-removed', 'verboseRemoved'],
        ['step-epoch-deprecated', 'stepEpochDeprecated'],
        ['never-stepped', 'neverStepped'],
      ],
    );
    assert.deepEqual(RULE_IDS, RULES.map((r) => r.id));
    assert.equal(RULES.find((r) => r.id === 'tmax-short')?.description, '`CosineAnnealingLR` with `T_max` shorter than the run: the lr climbs back up.');
    assert.ok(RULES.every((r) => r.description.length > 40 && r.description.endsWith('.')), 'each a sentence');
  });
});
