// analyze.ts's decisions pinned by value (issue 20): when a call is still being typed, which inputs
// are not finite and how that is said, a declared length against the loops, the run-length clamps,
// loop counts and accumulation periods as the findings carry them, and an analysis that fails.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analyzer, analyze, isIncompleteCall } from '../../../src/core/model/analyze';
import type { AnalysisResult, SchedulerFinding } from '../../../src/core/model/types';

const HEAD = 'import torch\nopt = torch.optim.SGD(params, lr=0.1)\n';
const one = (source: string, options = {}): SchedulerFinding => {
  const r = analyze(source, options);
  assert.equal(r.schedulers.length, 1, r.schedulers.map((f) => f.kind).join());
  return r.schedulers[0];
};
const warnings = (f: SchedulerFinding) => f.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);

describe('analyze.ts pinned by value', () => {
  it('isIncompleteCall: unclosed brackets, a keyword without its value, text after the last parenthesis', () => {
    const cases: [string, boolean][] = [
      ['f(a, b)', false],
      ['f(a, b', true],
      ['f([1, 2)', true],
      ['f({1: 2)', true],
      ['f(a))', true],
      ['f(a) x', true],
      ['f(a)\n ', false],
      // Brackets inside strings and comments do not count.
      ['f(a, "(" )', false],
      ["f(a, ')'", true],
      ["f('\\')', b)", false],
      ['f("""(""")', false],
      ["f('''a)''', b)", false],
      ['f(a,  # (\n  b)', false],
      ['f(a, # )\n', true],
      ['f(x[0], {"k": (1, 2)})', false],
    ];
    assert.deepEqual(
      cases.map(([t]) => [t, isIncompleteCall(t, [])]),
      cases,
    );
    // A keyword whose value is blank; a positional argument without text is not.
    assert.equal(isIncompleteCall('f(a=)', [{ text: ' ', positional: false }]), true);
    assert.equal(isIncompleteCall('f(a=)', [{ text: '', positional: false }]), true);
    assert.equal(isIncompleteCall('f(a)', [{ positional: true }]), false);
    assert.equal(isIncompleteCall('f(a)', [{ text: 'a', positional: true }]), false);
  });

  it('a call being typed is incomplete; a finished one is not marked', () => {
    assert.equal(one(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2\n').incomplete, true);
    assert.equal(one(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=)\n').incomplete, true);
    assert.equal('incomplete' in one(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\n'), false);
  });

  it('inputs that are not finite: each named with its value, one or several, param groups and children by path', () => {
    assert.deepEqual(warnings(one('import torch\nopt = torch.optim.SGD(params, lr=float("inf"))\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=float("nan"))\n')), [
      '`lr` = inf, `gamma` = nan are not a finite number: PyTorch computes inf or nan learning rates from them',
    ]);
    const groups = one('import torch\nopt = torch.optim.SGD([{"params": a, "lr": 0.1}, {"params": b, "lr": -float("inf")}], lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\n');
    assert.deepEqual(warnings(groups), ['`param_groups[1].lr` = -inf is not a finite number: PyTorch computes inf or nan learning rates from it']);
    assert.equal(groups.diagnostics[0].template, '{0} is not a finite number: PyTorch computes inf or nan learning rates from it');
    const r = analyze(HEAD + 'sched = torch.optim.lr_scheduler.SequentialLR(opt, schedulers=[torch.optim.lr_scheduler.ConstantLR(opt, factor=float("inf")), torch.optim.lr_scheduler.StepLR(opt, 2)], milestones=[3])\n');
    assert.deepEqual(
      r.schedulers.map((f) => [f.kind, warnings(f)]),
      [
        ['ConstantLR', ['`factor` = inf is not a finite number: PyTorch computes inf or nan learning rates from it']],
        ['StepLR', []],
        ['SequentialLR', ['`schedulers[0].factor` = inf is not a finite number: PyTorch computes inf or nan learning rates from it']],
      ],
    );
    // A list argument's items by index: MultiStepLR's milestones.
    assert.deepEqual(warnings(one(HEAD + 'sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[2, float("inf")])\n')).length, 1);
    assert.match(warnings(one(HEAD + 'sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[2, 3], gamma=float("-inf"))\n'))[0], /^`gamma` = -inf is not/);
    assert.deepEqual(warnings(one(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)\n')), []);
  });

  it('a declared length wins over the loops, with an info naming both; equal, no info', () => {
    const f = one(HEAD + 'sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=100)\nfor epoch in range(3):\n    for b in range(10):\n        opt.step()\n        sched.step()\n');
    assert.equal(f.naturalSteps, 100);
    assert.equal(f.naturalStepsSource, 'schedule');
    assert.deepEqual(
      f.diagnostics.map((d) => [d.severity, d.message, d.template, d.args]),
      [
        [
          'info',
          'The loops run 30 steps (loops: range(3) (3) × range(10) (10)); the schedule declares 100, which is used',
          'The loops run {0} steps ({1}); the schedule declares {2}, which is used',
          ['30', 'loops: range(3) (3) × range(10) (10)', '100'],
        ],
      ],
    );
    const same = one(HEAD + 'sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=30)\nfor epoch in range(3):\n    for b in range(10):\n        opt.step()\n        sched.step()\n');
    assert.equal(same.naturalSteps, 30);
    assert.equal(same.naturalStepsSource, 'loops: range(3) (3) × range(10) (10)');
    assert.deepEqual(same.diagnostics, []);
  });

  it('the run length: the loops when they say it, at most 10^6, at least 1; else the schedule or the default', () => {
    const run = (n: number) => one(HEAD + `sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\nfor epoch in range(${n}):\n    opt.step()\n    sched.step()\n`);
    assert.deepEqual([run(7).naturalSteps, run(7).naturalStepsSource], [7, 'loops: range(7) (7)']);
    assert.equal(run(1_000_000).naturalSteps, 1_000_000);
    assert.equal(run(3_000_000).naturalSteps, 1_000_000);
    // A loop that never runs records no step call: the schedule's default length.
    assert.deepEqual([run(0).naturalSteps, run(0).naturalStepsSource, run(0).stepCalls.length], [100, 'schedule', 0]);
    assert.equal(one(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\n', { defaultRunLength: 37 }).naturalSteps, 37);
    // A schedule's own length: CosineAnnealingLR's T_max.
    assert.equal(one(HEAD + 'sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=40)\n').naturalSteps, 40);
  });

  it('step calls carry their loops (counts resolved, assumptions by value) and the accumulation period', () => {
    const f = one(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\nfor epoch in range(10):\n    for i, b in enumerate(loader):\n        if (i + 1) % accum == 0:\n            opt.step()\n            sched.step()\n', { assumptions: { accum: 4 } });
    assert.equal(f.naturalSteps, 2500);
    assert.equal(f.naturalStepsSource, 'loops: range(10) (10) × enumerate(loader) (1000) × every 4');
    assert.equal(f.stepCalls.length, 1);
    const c = f.stepCalls[0];
    assert.deepEqual(c.loops, [
      { kind: 'epoch', variable: 'epoch', iterable: 'range(10)', count: 10 },
      { kind: 'batch', variable: 'i, b', iterable: 'enumerate(loader)', count: 1000 },
    ]);
    assert.deepEqual(c.accumulation, { kind: 'modulo', text: '(i + 1) % accum == 0', every: 4, assumed: ['accum'] });
    assert.equal(c.unit, 'step');
    assert.equal(c.afterOptimizerStep, true);
    assert.equal(c.optimizerSteps?.length, 1);
    assert.equal(c.callerLoops, null);
    assert.deepEqual(f.assumptions.map((a) => a.name), ['len(loader)', 'accum']);
    // A period that is not a whole number ≥ 1 is no period.
    const bad = (v: number) => one(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\nfor epoch in range(10):\n    for i, b in enumerate(loader):\n        if (i + 1) % accum == 0:\n            opt.step()\n            sched.step()\n', { assumptions: { accum: v } }).stepCalls[0].accumulation?.every;
    assert.equal(bad(1), 1);
    assert.equal(bad(2.5), null);
    assert.equal(bad(0), null);
  });

  it('a step call inside a function records the loops of its callers', () => {
    const f = one(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\ndef train_one_epoch():\n    for b in range(5):\n        opt.step()\n        sched.step()\nfor epoch in range(3):\n    train_one_epoch()\n');
    assert.equal(f.naturalSteps, 15);
    assert.deepEqual(f.stepCalls[0].callerLoops, [{ kind: 'epoch', variable: 'epoch', iterable: 'range(3)', count: 3 }]);
  });

  it('a finding: id, names, line, base lrs, the arguments as written, active and children', () => {
    const r = analyze(HEAD + 'if True:\n    sched = s2 = torch.optim.lr_scheduler.StepLR(opt, 2, gamma=0.5)\nelse:\n    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)\n');
    assert.deepEqual(
      r.schedulers.map((f) => [f.id, f.name, f.aliases, f.kind, f.library, f.line, f.active, f.parent, f.children, f.baseLrs, f.metricDriven]),
      [
        [0, 'sched', ['sched', 's2'], 'StepLR', 'torch', 4, true, null, [], [0.1], false],
        [1, 'sched', ['sched'], 'ExponentialLR', 'torch', 6, false, null, [], [0.1], false],
      ],
    );
    assert.deepEqual(
      r.schedulers[0].arguments.map((a) => [a.name, a.text, a.isLiteral, a.positional, a.range?.startPos.line]),
      [
        ['optimizer', 'opt', false, true, 3],
        ['step_size', '2', true, true, 3],
        ['gamma', '0.5', true, false, 3],
      ],
    );
    assert.equal(one(HEAD + 'sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\n').metricDriven, true);
  });

  it('an analysis that throws is one error diagnostic, never a throw', () => {
    const throwing = (value: unknown): AnalysisResult =>
      analyze('x = 1\n', {
        get assumptions(): Record<string, number> {
          throw value;
        },
      });
    const r = throwing(new Error('boom'));
    assert.deepEqual(r.schedulers, []);
    assert.deepEqual(r.assumptions, []);
    assert.deepEqual(r.stats, { blocks: 0, parsedBlocks: 0, reusedBlocks: 0, ops: 0 });
    assert.deepEqual(r.diagnostics, [{ severity: 'error', message: 'Analysis failed: boom', template: 'Analysis failed: {0}', args: ['boom'] }]);
    assert.equal(throwing('plain').diagnostics[0].message, 'Analysis failed: plain');
    // Not a string: read as its text.
    assert.deepEqual(analyze(undefined as unknown as string).schedulers, []);
    assert.equal(analyze(42 as unknown as string).diagnostics.length, 0);
  });

  it('stats: blocks, parsed and reused blocks, and the operations spent; an Analyzer reuses the blocks of its last version', () => {
    const src = HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\nfor epoch in range(4):\n    opt.step()\n    sched.step()\n';
    const a = new Analyzer();
    const first = a.analyze(src);
    assert.ok(first.stats.blocks >= 3, JSON.stringify(first.stats));
    assert.equal(first.stats.reusedBlocks, 0);
    assert.ok(first.stats.parsedBlocks > 0 && first.stats.ops > 0);
    const again = a.analyze(src.replace('range(4)', 'range(5)'));
    assert.ok(again.stats.reusedBlocks > 0, JSON.stringify(again.stats));
    assert.equal(again.schedulers[0].naturalSteps, 5);
    assert.equal(first.files, undefined);
  });

  it('a source that is not a string is read as its text; the time spent is a duration', () => {
    const text = { toString: () => HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\n' };
    const r = analyze(text as unknown as string);
    assert.deepEqual(r.schedulers.map((f) => [f.kind, f.params.step_size]), [['StepLR', 2]]);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(analyze(null as unknown as string).diagnostics, []);
    for (const x of [r, analyze('x = (')]) assert.ok(x.timeMs >= 0 && x.timeMs < 3_600_000, String(x.timeMs));
  });

  it('past the wall-clock limit: no partial result, one error that says so, the blocks counted', () => {
    const r = analyze(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)\n', { timeLimitMs: -1 });
    assert.deepEqual(r.schedulers, []);
    assert.deepEqual(r.assumptions, []);
    assert.deepEqual(r.diagnostics, [
      {
        severity: 'error',
        message: 'The analysis took longer than -1 ms on this machine and was abandoned (no partial result is shown)',
        template: 'The analysis took longer than {0} ms on this machine and was abandoned (no partial result is shown)',
        args: ['-1'],
      },
    ]);
    assert.equal(r.stats.blocks, 3);
    assert.ok(r.stats.ops >= 0 && r.stats.ops < 250_000, String(r.stats.ops));
    assert.ok(r.timeMs >= 0 && r.timeMs < 3_600_000);
  });

  it('isIncompleteCall: triple-quoted strings and escapes inside strings', () => {
    assert.equal(isIncompleteCall('f("""x"(""")', []), false);
    assert.equal(isIncompleteCall("f('\\'(', b)", []), false);
    assert.equal(isIncompleteCall('f("\\"(", b)', []), false);
    assert.equal(isIncompleteCall("f('''(''', '(')", []), false);
  });

  it('the generic info on an lr written by hand stays off the writes the hand-written schedule models', () => {
    const r = analyze(HEAD + 'for epoch in range(10):\n    for g in opt.param_groups:\n        g["lr"] = 0.1 * 0.9 ** epoch\n    opt.step()\nx = {}\nx["lr"] = 3\nopt.param_groups[0]["lr"] = unknown_thing\n');
    assert.deepEqual(r.schedulers.map((f) => [f.kind, f.line, f.naturalSteps]), [['hand-written (g["lr"])', 5, 10]]);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.severity, d.range?.startPos.line]),
      [
        ['info', 8],
        ['info', 7],
      ],
    );
    assert.match(r.diagnostics[1].message, /^`x\["lr"\]` is set by hand here, but LR Lens could not follow it/);
  });

  it("timm: the protocol's assumptions are the finding's; step calls keep their method", () => {
    const f = one('from timm.scheduler import CosineLRScheduler\nimport torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = CosineLRScheduler(opt, t_initial=5)\nn = 0\nfor epoch in range(args.epochs):\n    for b in loader:\n        opt.step()\n        n += 1\n        sched.step_update(num_updates=n)\n    sched.step(epoch + 1)\n');
    assert.deepEqual(f.assumptions.map((a) => a.name), ['args.epochs', 'len(loader)']);
    assert.equal(f.naturalSteps, 10 * 1001);
    assert.equal(f.naturalStepsSource, 'updates: loader (1000), epochs: range(args.epochs) (10)');
    assert.deepEqual(
      f.stepCalls.map((c) => [c.method, c.loops.map((l) => l.count)]),
      [
        ['step_update', [10, 1000]],
        [undefined, [10]],
      ],
    );
    assert.equal('method' in f.stepCalls[1], false);
  });

  it("a loop of unknown length has no count; a finding's diagnostics keep their place", () => {
    const f = one(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, 2)\nwhile not done:\n    opt.step()\n    sched.step()\n');
    assert.deepEqual(f.stepCalls.map((c) => c.loops.map((l) => [l.kind, l.count])), [[['unknown', null]]]);
    // Each positional argument past the signature is an error at that argument.
    const extra = one(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, 2, 0.5, -1, False, 9)\n');
    assert.deepEqual(
      extra.diagnostics.map((d) => [d.severity, d.message, d.range?.startPos.line, d.range?.startPos.character]),
      [
        ['error', 'StepLR() takes at most 4 positional arguments', 2, 57],
        ['error', 'StepLR() takes at most 4 positional arguments', 2, 64],
      ],
    );
  });

  it('Lightning frequency: said as an info up to the batches or epochs a run has, a warning past them, nothing for 1', () => {
    const L = (ret: string, trainer: string) =>
      ['import lightning as L', 'import torch', 'class M(L.LightningModule):', '    def configure_optimizers(self):', '        opt = torch.optim.SGD(self.parameters(), lr=0.1)', '        sched = torch.optim.lr_scheduler.StepLR(opt, 1)', `        return ${ret}`, `trainer = L.Trainer(${trainer})`, 'm = M()', 'trainer.fit(m)', ''].join('\n');
    const said = (ret: string, trainer: string) => one(L(ret, trainer)).diagnostics.map((d) => [d.severity, d.message]);
    assert.deepEqual(said('[opt], [{"scheduler": sched, "interval": "step", "frequency": 1000}]', 'max_epochs=3'), [
      ['info', 'Lightning steps it once every 1000 batches (`frequency`): the curve has one point per scheduler step'],
    ]);
    assert.equal(one(L('[opt], [{"scheduler": sched, "interval": "step", "frequency": 1000}]', 'max_epochs=3')).naturalSteps, 3);
    assert.deepEqual(said('[opt], [{"scheduler": sched, "interval": "step", "frequency": 1}]', 'max_epochs=3'), []);
    assert.deepEqual(said('[opt], [{"scheduler": sched, "interval": "epoch", "frequency": 12}]', 'max_epochs=12'), [
      ['info', 'Lightning steps it once every 12 epochs (`frequency`): the curve has one point per scheduler step'],
    ]);
    assert.deepEqual(said('[opt], [{"scheduler": sched, "interval": "epoch", "frequency": 13}]', 'max_epochs=12'), [
      ['warning', 'Lightning never steps this scheduler: its frequency 13 is more than the 12 epochs the Trainer runs'],
    ]);
    assert.equal(one(L('[opt], [{"scheduler": sched, "interval": "epoch", "frequency": 13}]', 'max_epochs=12')).naturalSteps, 0);
    assert.deepEqual(said('[opt], [{"scheduler": sched, "interval": "step", "frequency": 1001}]', 'max_epochs=3'), [
      ['warning', 'Lightning never steps this scheduler: its frequency 1001 is more than the 1000 batches of an epoch, and batch_idx starts again each epoch'],
    ]);
  });

  it('inputs that are not finite in a list argument are named by index', () => {
    assert.deepEqual(warnings(one(HEAD + 'sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[2, float("inf")])\n')), [
      '`milestones[1]` = inf is not a finite number: PyTorch computes inf or nan learning rates from it',
    ]);
  });

  it('DeepSpeed accumulation: a period of 1 from an assumption ("auto") is carried as 1; a config of 1 is no accumulation', () => {
    const src = fs.readFileSync(path.join(__dirname, '../../../../test/fixtures/scripts/deepspeed_accumulation.py'), 'utf8');
    const cfg = fs.readFileSync(path.join(__dirname, '../../../../test/fixtures/scripts/ds_config_accumulation.json'), 'utf8');
    const withGas = (v: string) => one(src, { files: { 'ds_config_accumulation.json': cfg.replace('"gradient_accumulation_steps": 4', `"gradient_accumulation_steps": ${v}`) } });
    assert.deepEqual(withGas('"auto"').stepCalls[0].accumulation, { kind: 'engine', text: '"gradient_accumulation_steps": auto', every: 1 });
    assert.equal(withGas('"auto"').naturalSteps, 3000);
    assert.equal(withGas('1').stepCalls[0].accumulation, null);
    assert.deepEqual(withGas('4').stepCalls[0].accumulation, { kind: 'engine', text: '"gradient_accumulation_steps": 4', every: 4 });
    assert.equal(withGas('4').naturalSteps, 750);
  });

  it("accumulation periods: an Accelerator's gradient_accumulation_steps by the receiver entered, whole and at least 1, else unknown", () => {
    const acc = (ctor: string, guard: string, pre = '') =>
      [
        'from accelerate import Accelerator',
        'import argparse',
        'import torch',
        'from transformers import get_linear_schedule_with_warmup',
        `${pre}${ctor}`,
        'opt = torch.optim.AdamW(model.parameters(), lr=2e-5)',
        'sched = get_linear_schedule_with_warmup(opt, num_warmup_steps=10, num_training_steps=100)',
        'for epoch in range(2):',
        '    for batch in loader:',
        `        with ${guard}.accumulate(model):`,
        '            opt.step()',
        '            sched.step()',
        '',
      ].join('\n');
    const every = (src: string) => one(src).stepCalls[0].accumulation?.every;
    assert.deepEqual(one(acc('accelerator = Accelerator(gradient_accumulation_steps=4)', 'accelerator')).stepCalls[0].accumulation, { kind: 'accumulate', text: 'accelerator.accumulate(model)', every: 4 });
    assert.equal(every(acc('accelerator = Accelerator(gradient_accumulation_steps=1)', 'accelerator')), 1);
    assert.equal(every(acc('accelerator = Accelerator()', 'accelerator')), 1);
    assert.equal(every(acc('accelerator = Accelerator(gradient_accumulation_steps=2.5)', 'accelerator')), null);
    assert.equal(every(acc('accelerator = Accelerator(gradient_accumulation_steps=0)', 'accelerator')), null);
    const parser = 'p = argparse.ArgumentParser()\np.add_argument("--gas", type=int, default=8)\nargs = p.parse_args()\n';
    assert.equal(every(acc('accelerator = Accelerator(gradient_accumulation_steps=args.gas)', 'accelerator', parser)), 8);
    // Two Accelerators: the one whose accumulate() is entered.
    const two = 'acc_a = Accelerator(gradient_accumulation_steps=2)\nacc_b = Accelerator(gradient_accumulation_steps=8)';
    assert.equal(every(acc(two, 'acc_b')), 8);
    assert.equal(every(acc(two, 'acc_a')), 2);
    // A receiver the analysis cannot tie to one: the file's only Accelerator (read here because prepare() binds the model) …
    const prepared = (ctor: string, guard: string) => acc(ctor + '\nmodel, loader = accelerator.prepare(model, loader)', guard);
    assert.equal(every(prepared('accelerator = Accelerator(gradient_accumulation_steps=4)', 'other')), 4);
    // … but not one of two, nor one never built.
    assert.equal(every(acc(two + '\nmodel = acc_a.prepare(model)\nloader = acc_b.prepare(loader)', 'other')), null);
    assert.equal(every(acc(two + '\nmodel = acc_a.prepare(model)', 'other')), 2, 'acc_b is never read: the only Accelerator the analysis built');
    assert.equal(every(acc('', 'accelerator')), null);
  });

  it('accumulation periods of an `if (step + 1) % N == 0:` guard; a window of the loop is not one', () => {
    const mod = (guard: string) => one(['import torch', 'opt = torch.optim.SGD(params, lr=0.1)', 'sched = torch.optim.lr_scheduler.StepLR(opt, 10)', 'for epoch in range(2):', '    for step, batch in enumerate(loader):', `        ${guard}`, '            opt.step()', '            sched.step()', ''].join('\n'));
    assert.deepEqual(mod('if (step + 1) % 4 == 0:').stepCalls[0].accumulation, { kind: 'modulo', text: '(step + 1) % 4 == 0', every: 4 });
    assert.equal(mod('if (step + 1) % 4 == 0:').naturalSteps, 500);
    assert.equal(mod('if (step + 1) % 1 == 0:').stepCalls[0].accumulation?.every, 1);
    assert.equal(mod('if (step + 1) % 1 == 0:').naturalSteps, 2000);
    const assumed = mod('if (step + 1) % args.accum == 0:');
    assert.equal(assumed.stepCalls[0].accumulation?.every, 1);
    assert.deepEqual(assumed.assumptions.map((a) => [a.name, a.value]), [['len(loader)', 1000], ['args.accum', 1]]);
    assert.equal(mod('if epoch > 0:').stepCalls[0].accumulation, null);
    assert.equal(mod('if epoch > 0:').naturalSteps, 1000);
  });

  it('Lightning frequency without a Trainer in the file, and an epoch frequency past the run when the batches are known too', () => {
    const L = (ret: string, trainer: string | null) =>
      ['import lightning as L', 'import torch', 'class M(L.LightningModule):', '    def configure_optimizers(self):', '        opt = torch.optim.SGD(self.parameters(), lr=0.1)', '        sched = torch.optim.lr_scheduler.StepLR(opt, 1)', `        return ${ret}`,
        ...(trainer === null ? [] : [`trainer = L.Trainer(${trainer})`, 'loader = torch.utils.data.DataLoader(list(range(100)), batch_size=10)', 'm = M()', 'trainer.fit(m, train_dataloaders=loader)']), ''].join('\n');
    const said = (f: SchedulerFinding) => [f.naturalSteps, f.unit, f.diagnostics.map((d) => [d.severity, d.message])];
    assert.deepEqual(said(one(L('[opt], [{"scheduler": sched, "interval": "step", "frequency": 2}]', null))), [100, 'step', [['info', 'Lightning steps it once every 2 batches (`frequency`): the curve has one point per scheduler step']]]);
    assert.deepEqual(said(one(L('[opt], [{"scheduler": sched, "interval": "epoch", "frequency": 2}]', null))), [100, 'epoch', [['info', 'Lightning steps it once every 2 epochs (`frequency`): the curve has one point per scheduler step']]]);
    // 10 batches an epoch and 12 epochs: an epoch frequency of 13 is past the epochs (not the batches).
    assert.deepEqual(said(one(L('[opt], [{"scheduler": sched, "interval": "epoch", "frequency": 13}]', 'max_epochs=12'))), [0, 'epoch', [['warning', 'Lightning never steps this scheduler: its frequency 13 is more than the 12 epochs the Trainer runs']]]);
    assert.deepEqual(said(one(L('[opt], [{"scheduler": sched, "interval": "step", "frequency": 11}]', 'max_epochs=12'))), [0, 'step', [['warning', 'Lightning never steps this scheduler: its frequency 11 is more than the 10 batches of an epoch, and batch_idx starts again each epoch']]]);
    assert.deepEqual(said(one(L('[opt], [{"scheduler": sched, "interval": "step", "frequency": 10}]', 'max_epochs=12'))), [12, 'step', [['info', 'Lightning steps it once every 10 batches (`frequency`): the curve has one point per scheduler step']]]);
  });

  it("timeMs is the analysis' own time", () => {
    const before = performance.now();
    const r = analyze(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, 3)\n');
    const spent = performance.now() - before;
    assert.ok(r.timeMs >= 0 && r.timeMs <= spent, `${r.timeMs} of ${spent}`);
    // A failed analysis too: the time until it failed.
    const t0 = performance.now();
    const f = analyze('x = 1\n', {
      get assumptions(): Record<string, number> {
        throw new Error('boom');
      },
    });
    assert.ok(f.timeMs >= 0 && f.timeMs <= performance.now() - t0);
    // A refused (too slow) one as well.
    const t1 = performance.now();
    const slow = analyze(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, 3)\n', { timeLimitMs: -1 });
    assert.match(slow.diagnostics[0]?.message ?? '', /^The analysis took longer than -1 ms on this machine and was abandoned/);
    assert.ok(slow.timeMs >= 0 && slow.timeMs <= performance.now() - t1);
  });

  it('a hand-written schedule is at a statement, never a call being typed', () => {
    const f = one("import torch\nopt = torch.optim.SGD([], lr=0.1)\nfor it in range(200):\n    for g in opt.param_groups:\n        g['lr'] = 0.1 * (1 - it / 200)\n    opt.step()\n");
    assert.equal(f.kind, "hand-written (g['lr'])");
    assert.equal('incomplete' in f, false);
    assert.equal(f.naturalSteps, 200);
    assert.equal(one(HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, 3').incomplete, true);
  });

  it("timm: one row per call of the two-level loop, never replaced by the schedule's declared length, said as the loops' count", () => {
    const timm = (ctor: string, loops: string[]) => one(['import torch', 'from timm.scheduler import CosineLRScheduler', 'optimizer = torch.optim.SGD([], lr=0.1)', `scheduler = ${ctor}`, ...loops, ''].join('\n'));
    const said = (f: SchedulerFinding) => [f.naturalSteps, f.naturalStepsSource, f.unit, f.diagnostics, f.timm && [f.timm.epochs, f.timm.updatesPerEpoch, f.timm.epochCalls]];
    const updates = ['num_updates = 0', 'for epoch in range(2):', '    for batch_idx, batch in enumerate(range(5)):', '        optimizer.step()', '        num_updates += 1', '        scheduler.step_update(num_updates=num_updates)', '    scheduler.step(epoch + 1)'];
    // t_initial=10 updates, but the loops call it 2 × (5 + 1) times: the rows are the calls.
    assert.deepEqual(said(timm('CosineLRScheduler(optimizer, t_initial=10, t_in_epochs=False)', updates)), [12, 'updates: enumerate(range(5)) (5), epochs: range(2) (2)', 'step', [], [2, 5, true]]);
    assert.deepEqual(said(timm('CosineLRScheduler(optimizer, t_initial=10)', ['for epoch in range(4):', '    for b in range(3):', '        optimizer.step()', '    scheduler.step(epoch + 1)'])), [4, 'epochs: range(4) (4)', 'epoch', [], [4, 0, true]]);
    const assumed = timm('CosineLRScheduler(optimizer, t_initial=cfg.epochs)', updates.map((l) => l.replace('enumerate(range(5))', 'enumerate(loader)').replace('range(2)', 'range(cfg.epochs)')));
    assert.deepEqual(said(assumed), [100100, 'updates: enumerate(loader) (1000), epochs: range(cfg.epochs) (100)', 'step', [], [100, 1000, true]]);
    assert.deepEqual(assumed.assumptions.map((a) => [a.name, a.value]), [['cfg.epochs', 100], ['len(loader)', 1000]]);
  });

  it('a source that is not a string is read as its text: nothing for null or undefined', () => {
    const blocks = (v: unknown) => analyze(v as string).stats.blocks;
    assert.equal(blocks(null), 0);
    assert.equal(blocks(undefined), 0);
    assert.equal(blocks(12), 1);
    assert.deepEqual(analyze(null as unknown as string).diagnostics, []);
  });
});
