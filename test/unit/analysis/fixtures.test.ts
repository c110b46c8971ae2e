// Realistic training scripts, each with the findings a reader of the script would expect.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor, curveRows } from '../../../src/core/model/curves';
import type { SchedulerFinding } from '../../../src/core/model/types';

export const SCRIPTS_DIR = path.resolve(__dirname, '../../../../test/fixtures/scripts');

interface Expected {
  name: string | null;
  kind: string;
  line: number;
  params?: Record<string, unknown>;
  baseLrs?: number[];
  unit?: string;
  steps?: number;
  assumptions?: string[];
  active?: boolean;
  children?: string[];
}

const EXPECTED: Record<string, Expected[]> = {
  'hf_no_trainer.py': [
    {
      name: 'lr_scheduler',
      kind: 'get_scheduler',
      line: 70,
      // cosine from argparse (type=SchedulerType, default "cosine"), warm-up 100 × num_processes,
      // max_train_steps = 3 epochs × ceil(len(train_dataloader) / 4).
      params: { name: 'cosine', num_warmup_steps: 100, num_training_steps: 750 },
      baseLrs: [5e-5, 5e-5],
      unit: 'step',
      steps: 750,
      assumptions: ['accelerator.num_processes', 'len(train_dataloader)'],
    },
  ],
  'hf_trainer.py': [
    {
      name: 'training_args',
      kind: 'TrainingArguments',
      line: 17,
      // len_dataloader = ceil(1000 / (16 × 1 process)) = 63; per epoch max(63 // 2, 1) = 31;
      // 2 epochs → 62; warm-up ceil(62 × 0.1) = 7. Both the dataset size and the process count
      // are named assumptions.
      params: { name: 'cosine', num_warmup_steps: 7, num_training_steps: 62 },
      baseLrs: [2e-5],
      unit: 'step',
      steps: 62,
      assumptions: ['len(tokenized["train"])', 'number of training processes'],
    },
  ],
  'torchvision_reference.py': [
    { name: 'main_lr_scheduler', kind: 'CosineAnnealingLR', line: 57, params: { T_max: 85, eta_min: 0 }, baseLrs: [0.1], unit: 'epoch', steps: 90, active: true },
    { name: 'main_lr_scheduler', kind: 'StepLR', line: 55, params: { step_size: 30, gamma: 0.1 }, active: false },
    { name: 'main_lr_scheduler', kind: 'ExponentialLR', line: 61, params: { gamma: 0.1 }, active: false },
    { name: 'warmup_lr_scheduler', kind: 'LinearLR', line: 67, params: { start_factor: 0.01, total_iters: 5 }, active: true },
    { name: 'warmup_lr_scheduler', kind: 'ConstantLR', line: 71, params: { factor: 0.01, total_iters: 5 }, active: false },
    {
      name: 'lr_scheduler',
      kind: 'SequentialLR',
      line: 76,
      params: { milestones: [5] },
      baseLrs: [0.1],
      unit: 'epoch',
      steps: 90,
      assumptions: [],
      active: true,
      children: ['LinearLR', 'CosineAnnealingLR'],
    },
  ],
  'yolo_lambda.py': [
    { name: 'scheduler', kind: 'LambdaLR', line: 47, baseLrs: [0.01], unit: 'epoch', steps: 300, assumptions: [] },
  ],
  'lightning_module.py': [
    {
      name: 'scheduler',
      kind: 'OneCycleLR',
      line: 19,
      params: { max_lr: 1e-3, total_steps: 5000, pct_start: 0.1 },
      baseLrs: [3e-4],
      unit: 'step',
      steps: 5000,
      assumptions: [],
    },
  ],
  'tutorial_korean.py': [
    { name: 'step_scheduler', kind: 'StepLR', line: 15, params: { step_size: 30, gamma: 0.1 }, baseLrs: [0.1], unit: 'unknown' },
    { name: 'cosine_scheduler', kind: 'CosineAnnealingLR', line: 19, params: { T_max: 500, eta_min: 1e-5 }, baseLrs: [0.1], steps: 500 },
    { name: 'scheduler', kind: 'LambdaLR', line: 35, baseLrs: [5e-4], unit: 'step', steps: 500, assumptions: [] },
  ],
};

function check(f: SchedulerFinding, e: Expected, all: SchedulerFinding[]): void {
  const where = `${e.kind} at line ${e.line}`;
  assert.equal(f.name, e.name, `${where}: name`);
  if (e.params) for (const [k, v] of Object.entries(e.params)) assert.deepEqual(f.params[k], v, `${where}: params.${k}`);
  if (e.baseLrs) assert.deepEqual(f.baseLrs, e.baseLrs, `${where}: baseLrs`);
  if (e.unit) assert.equal(f.unit, e.unit, `${where}: unit`);
  if (e.steps !== undefined) assert.equal(f.naturalSteps, e.steps, `${where}: steps`);
  if (e.assumptions) assert.deepEqual(f.assumptions.map((a) => a.name).sort(), [...e.assumptions].sort(), `${where}: assumptions`);
  if (e.active !== undefined) assert.equal(f.active, e.active, `${where}: active`);
  if (e.children) assert.deepEqual(f.children.map((id) => all[id].kind), e.children, `${where}: children`);
}

describe('analysis: realistic scripts', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(file, () => {
      const src = fs.readFileSync(path.join(SCRIPTS_DIR, file), 'utf8');
      const r = analyze(src);
      assert.equal(r.schedulers.length, expected.length, `found ${r.schedulers.map((s) => `${s.kind}@${s.line}`).join(', ')}`);
      for (const e of expected) {
        const f = r.schedulers.find((s) => s.kind === e.kind && s.line === e.line);
        assert.ok(f, `no ${e.kind} at line ${e.line}; found ${r.schedulers.map((s) => `${s.kind}@${s.line}`).join(', ')}`);
        check(f, e, r.schedulers);
        // Every finding simulates without an error on its natural length.
        const { curve } = curveFor(f);
        assert.equal(curve.error, undefined, curve.error?.message);
        assert.equal(curve.rows, f.naturalSteps + 1);
      }
    });
  }

  it('tutorial: the hand-written linear warm-up equals transformers get_linear_schedule_with_warmup', () => {
    const src = fs.readFileSync(path.join(SCRIPTS_DIR, 'tutorial_korean.py'), 'utf8');
    const f = analyze(src).schedulers.find((s) => s.name === 'scheduler');
    assert.ok(f);
    const mine = curveRows(curveFor(f).curve).map((r) => r[0]);
    const ref = analyze(
      'import torch\nfrom transformers import get_linear_schedule_with_warmup\nm = torch.nn.Linear(1, 1)\n' +
        'optimizer = torch.optim.AdamW(m.parameters(), lr=5e-4)\nscheduler = get_linear_schedule_with_warmup(optimizer, 50, 500)\n',
    ).schedulers[0];
    const theirs = curveRows(curveFor(ref, { steps: 500 }).curve).map((r) => r[0]);
    assert.equal(mine.length, theirs.length);
    mine.forEach((v, i) => assert.ok(Math.abs(v - theirs[i]) <= 1e-15 + 1e-12 * Math.abs(v), `step ${i}: ${v} vs ${theirs[i]}`));
  });

  it('tutorial: scheduler.step() is called after optimizer.step() in the batch loop', () => {
    const src = fs.readFileSync(path.join(SCRIPTS_DIR, 'tutorial_korean.py'), 'utf8');
    const f = analyze(src).schedulers.find((s) => s.name === 'scheduler');
    assert.ok(f);
    assert.equal(f.stepCalls.length, 1);
    const c = f.stepCalls[0];
    assert.equal(c.afterOptimizerStep, true);
    assert.deepEqual(c.loops.map((l) => [l.kind, l.count]), [['epoch', 10], ['batch', 50]]);
    assert.equal(c.range.startPos.line + 1, 43);
  });

  it('every argument records whether it is a literal and where it is', () => {
    const src = fs.readFileSync(path.join(SCRIPTS_DIR, 'tutorial_korean.py'), 'utf8');
    const f = analyze(src).schedulers.find((s) => s.kind === 'CosineAnnealingLR');
    assert.ok(f);
    const tmax = f.arguments.find((a) => a.name === 'T_max');
    const eta = f.arguments.find((a) => a.name === 'eta_min');
    assert.ok(tmax && eta && tmax.range && eta.range);
    assert.equal(tmax.isLiteral, false);
    assert.equal(eta.isLiteral, true);
    assert.equal(src.slice(eta.range.start, eta.range.end), '1e-5');
    assert.deepEqual(eta.range.startPos, { line: 18, character: src.split('\n')[18].indexOf('1e-5') });
  });

  it('assumptions can be overridden by name', () => {
    const src = fs.readFileSync(path.join(SCRIPTS_DIR, 'hf_no_trainer.py'), 'utf8');
    const f = analyze(src, { assumptions: { 'len(train_dataloader)': 400 } }).schedulers[0];
    assert.equal(f.params.num_training_steps, 300);
    const a = f.assumptions.find((x) => x.name === 'len(train_dataloader)');
    assert.ok(a && a.overridden && a.value === 400);
  });

  it('ReduceLROnPlateau without metrics uses a synthetic loss, named as an assumption', () => {
    const src = [
      'import torch',
      'opt = torch.optim.SGD([torch.zeros(1)], lr=0.1)',
      'sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=2)',
      'for epoch in range(40):',
      '    val_loss = evaluate()',
      '    sched.step(val_loss)',
    ].join('\n');
    const f = analyze(src).schedulers[0];
    assert.equal(f.metricDriven, true);
    assert.equal(f.stepCalls[0].metric, 'val_loss');
    assert.equal(f.unit, 'epoch');
    assert.equal(f.naturalSteps, 40);
    const c = curveFor(f);
    assert.ok(c.assumptions.some((a) => a.name === 'metrics'));
    const lr = curveRows(c.curve).map((r) => r[0]);
    assert.ok(lr[lr.length - 1] < 0.1, 'the plateau reduces the lr');
  });
});
