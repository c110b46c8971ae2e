// program.ts's Host pinned by value (issue 20): the names a finding is assigned to, one finding per
// construction (a sweep loop, a branch not taken), what a finding starts with, the assumptions made
// for unknowns and for `x if <unknown> else y`, the diagnostics (their text and their cap), user
// factories (nested, passing a scheduler through, handing back None), transparent decorators and
// classes deriving an unknown base.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import type { AnalysisResult } from '../../../src/core/model/types';
import { diags } from './programPinnedHelpers';

const at = (r: AnalysisResult) => r.schedulers.map((f) => [f.kind, f.name, f.aliases, f.line, f.definedAt?.startPos.line ?? null, f.active]);
const assumed = (r: AnalysisResult) => r.assumptions.map((a) => [a.name, a.value, a.reason]);
const SGD = 'import torch\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n';

describe('program.ts Host pinned by value', () => {
  it('a scheduler assigned again to the same name (accelerate.prepare) lists that name once', () => {
    const r = analyze(
      'import torch\nfrom accelerate import Accelerator\naccelerator = Accelerator()\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)\n' +
        'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3)\nmodel, optimizer, scheduler = accelerator.prepare(model, optimizer, scheduler)\nlr_scheduler = scheduler\n',
    );
    assert.deepEqual(at(r), [['StepLR', 'scheduler', ['scheduler', 'lr_scheduler'], 5, null, true]]);
  });

  it('a sweep over learning rates: one TrainingArguments finding, its name once, the first reading kept', () => {
    const r = analyze(
      'from transformers import Trainer, TrainingArguments\nfor lr in [1e-4, 3e-4]:\n' +
        '    training_args = TrainingArguments(output_dir=f"out-{lr}", learning_rate=lr, num_train_epochs=2, per_device_train_batch_size=16)\n' +
        '    trainer = Trainer(model=model, args=training_args, train_dataset=train_ds)\n    trainer.train()\n',
    );
    assert.deepEqual(at(r), [['TrainingArguments', 'training_args', ['training_args'], 3, null, true]]);
    // ceil(1000 / 16) = 63 steps an epoch, 2 epochs.
    assert.deepEqual([r.schedulers[0].naturalSteps, r.schedulers[0].params.num_training_steps], [126, 126]);
    assert.deepEqual(diags(r), []);
  });

  it('a scheduler built again in a loop keeps its first active reading', () => {
    const r = analyze(SGD + 'for gamma in [0.5, 0.1]:\n    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3, gamma=gamma)\n');
    assert.deepEqual(r.schedulers.map((f) => [f.line, f.active, f.params]), [[4, true, { step_size: 3, gamma: 0.5 }]]);
  });

  it('a scheduler built in a loop is the same scheduler at every pass: the training loop after it steps it', () => {
    const r = analyze(SGD + 'for gamma in [0.5, 0.1]:\n    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3, gamma=gamma)\nfor epoch in range(12):\n    train_one_epoch(model, loader, optimizer)\n    scheduler.step()\n');
    assert.deepEqual(r.schedulers.map((f) => [f.line, f.unit, f.naturalSteps, f.stepCalls.map((c) => c.range.startPos.line)]), [[4, 'epoch', 12, [6]]]);
  });

  it('TrainingArguments under a branch not taken is an inactive finding', () => {
    const r = analyze(
      'from transformers import Trainer, TrainingArguments\nDEBUG = False\nif DEBUG:\n    training_args = TrainingArguments(output_dir="debug", max_steps=10)\nelse:\n' +
        '    training_args = TrainingArguments(output_dir="out", num_train_epochs=3, learning_rate=3e-5)\ntrainer = Trainer(model=model, args=training_args, train_dataset=train_ds)\n',
    );
    assert.deepEqual(
      r.schedulers.map((f) => [f.line, f.active, f.naturalSteps]),
      [
        [6, true, 375],
        [4, false, 10],
      ],
    );
  });

  it('TrainingArguments parsed from the command line: the finding at the Trainer, with no arguments, children or diagnostics of its own', () => {
    const r = analyze(
      'from transformers import HfArgumentParser, Trainer, TrainingArguments\nparser = HfArgumentParser((ModelArguments, TrainingArguments))\n' +
        'model_args, training_args = parser.parse_args_into_dataclasses()\ntrainer = Trainer(model=model, args=training_args, train_dataset=train_ds)\ntrainer.train()\n',
    );
    assert.deepEqual(
      r.schedulers.map((f) => [f.kind, f.name, f.line, f.arguments, f.children, f.diagnostics, f.baseLrs, f.naturalSteps]),
      [['TrainingArguments', 'training_args', 4, [], [], [], [5e-5], 375]],
    );
  });

  it('an override that is not a whole number stays a float where the default would be an int', () => {
    const src = SGD + 'milestone = args.epochs // 3\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=milestone)\n';
    const r = analyze(src, { assumptions: { 'args.epochs': 7.5 } });
    // 7.5 // 3 == 2.0 in Python.
    assert.deepEqual(r.schedulers[0].params, { step_size: 2 });
    assert.deepEqual(assumed(r), [['args.epochs', 7.5, 'number of epochs unknown']]);
    assert.deepEqual(diags(r), []);
    assert.deepEqual(analyze(src).schedulers[0].params, { step_size: 3 });
  });

  it('`x if <unknown> else y`: the first value as a named assumption, an int when it is one, a float when written as one', () => {
    const why = 'condition unknown: the value before `if` is assumed';
    const ints = SGD + 'epochs = 90 if args.long_schedule else 30\nscheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=list(range(30, epochs, 30)), gamma=0.1)\n';
    const r = analyze(ints);
    assert.deepEqual(r.schedulers[0].params, { milestones: [30, 60], gamma: 0.1 });
    assert.deepEqual(assumed(r), [['90 if args.long_schedule else 30', 90, why]]);
    assert.deepEqual(diags(r), []);
    // An override typed as text is read as the number it says (range() takes it: an int).
    assert.deepEqual(analyze(ints, { assumptions: { '90 if args.long_schedule else 30': '120' } }).schedulers[0].params, { milestones: [30, 60, 90], gamma: 0.1 });
    // `30.0` is a float: the engine is told so.
    const floats = analyze(SGD + 'decay_every = 30.0 if args.long_schedule else 10.0\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=decay_every)\n');
    assert.deepEqual(floats.schedulers[0].spec, { kind: 'StepLR', args: { step_size: 30 }, floats: ['step_size'] });
    assert.deepEqual(floats.schedulers[0].assumptions.map((a) => [a.name, a.value, a.reason]), [['30.0 if args.long_schedule else 10.0', 30, why]]);
    // A first value that rests on an assumption: the finding rests on both.
    const both = analyze(SGD + 'total = args.epochs * 2 if args.finetune else 10\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=total)\n');
    assert.deepEqual(both.schedulers[0].params, { step_size: 20 });
    assert.deepEqual(both.schedulers[0].assumptions.map((a) => [a.name, a.value, a.reason]), [
      ['args.epochs', 10, 'number of epochs unknown'],
      ['args.epochs * 2 if args.finetune else 10', 20, why],
    ]);
  });

  it('a Python error on a scheduler line is said with its Python message', () => {
    const r = analyze(SGD + 'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10 // 0)\n');
    assert.deepEqual(
      r.diagnostics.map((d) => [d.severity, d.message, d.range?.start, d.range?.end]),
      [['warning', 'ZeroDivisionError: integer division or modulo by zero', 83, 156]],
    );
  });

  it('diagnostics stop at 201 a file, the first 201 in order', () => {
    const lines = Array.from({ length: 250 }, (_, i) => `s${i} = torch.optim.lr_scheduler.StepLR(optimizer, step_size=${i} // 0)`);
    const r = analyze(SGD + lines.join('\n') + '\n');
    assert.equal(r.diagnostics.length, 201);
    assert.deepEqual(r.diagnostics.map((d) => d.range?.startPos.line), Array.from({ length: 201 }, (_, i) => i + 2));
    assert.ok(r.diagnostics.every((d) => d.message === 'ZeroDivisionError: integer division or modulo by zero'));
    assert.deepEqual(r.schedulers, []);
  });

  it('a factory called by a factory: the finding at the outer call, defined where it is built', () => {
    const r = analyze(
      'import torch\n\ndef make_scheduler(optimizer):\n    return torch.optim.lr_scheduler.StepLR(optimizer, step_size=4)\n\ndef build_scheduler(optimizer):\n    return make_scheduler(optimizer)\n\n' +
        'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nscheduler = build_scheduler(optimizer)\n',
    );
    assert.deepEqual(at(r), [['StepLR', 'scheduler', ['scheduler'], 10, 3, true]]);
  });

  it('a nested function is a factory by its own text, not by the function around it', () => {
    const r = analyze(
      'import torch\n\ndef main():\n    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n\n    def make(o):\n        return torch.optim.lr_scheduler.StepLR(o, step_size=4)\n\n' +
        '    def build(o):\n        return make(o)\n\n    scheduler = build(optimizer)\n\nmain()\n',
    );
    // `build` only calls `make`: the finding is at `make(o)` (line 10), defined in make (line 7).
    assert.deepEqual(at(r), [['StepLR', 'scheduler', ['scheduler'], 10, 6, true]]);
  });

  it('a factory that hands back a scheduler made elsewhere does not move it', () => {
    const r = analyze(
      'import torch\n\ndef make_scheduler(optimizer, epochs):\n    return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)\n\n' +
        'def with_warmup(optimizer, scheduler, warmup_epochs):\n    if warmup_epochs > 0:\n        warmup = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=warmup_epochs)\n' +
        '        return torch.optim.lr_scheduler.SequentialLR(optimizer, [warmup, scheduler], milestones=[warmup_epochs])\n    return scheduler\n\n' +
        'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\nbase = make_scheduler(optimizer, 90)\nscheduler = with_warmup(optimizer, base, 0)\n',
    );
    assert.deepEqual(at(r), [
      ['CosineAnnealingLR', 'base', ['base', 'scheduler'], 13, 3, true],
      ['LinearLR', 'warmup', ['warmup'], 8, null, false],
      ['SequentialLR', null, [], 9, null, false],
    ]);
  });

  it('a factory that hands back None: the value is None, no finding moves', () => {
    const r = analyze(
      'import torch\n\ndef build_scheduler(optimizer, name, epochs):\n    if name == "cosine":\n        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)\n    return None\n\n' +
        'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\nscheduler = build_scheduler(optimizer, "constant", 90)\n' +
        'if scheduler is None:\n    scheduler = torch.optim.lr_scheduler.ConstantLR(optimizer, factor=1.0, total_iters=0)\n',
    );
    assert.deepEqual(at(r), [
      ['CosineAnnealingLR', null, [], 5, null, false],
      ['ConstantLR', 'scheduler', ['scheduler'], 11, null, true],
    ]);
    assert.deepEqual(diags(r), []);
  });

  it('`@torch.no_grad()` is read through: same value, same cost as the undecorated function', () => {
    const body =
      'def steps_per_epoch(num_samples, batch_size):\n    return math.ceil(num_samples / batch_size)\n\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)\n' +
      'scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-4, total_steps=10 * steps_per_epoch(50000, 128))\n';
    const plain = analyze('import math\nimport torch\n\n' + body);
    const decorated = analyze('import math\nimport torch\n\n@torch.no_grad()\n' + body);
    assert.deepEqual(decorated.schedulers[0].params, { max_lr: 3e-4, total_steps: 3910 });
    assert.equal(decorated.stats.ops, plain.stats.ops);
  });

  it('a class deriving an unknown base is an ordinary class: its instances keep the attributes set on them', () => {
    const r = analyze(SGD + 'Base = registry.get("config")\nclass TrainConfig(Base):\n    pass\ncfg = TrainConfig()\ncfg.step_size = 5\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=cfg.step_size)\n');
    assert.deepEqual(r.schedulers.map((f) => [f.kind, f.line, f.params]), [['StepLR', 8, { step_size: 5 }]]);
    assert.deepEqual(assumed(r), []);
  });
});
