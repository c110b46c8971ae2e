// Issue 13: the constructions real training scripts are written with, one fixture per repro
// (test/fixtures/scripts/issue13), each with the findings a reader of the script expects.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';
import type { AnalysisResult, SchedulerFinding } from '../../../src/core/model/types';
import { SCRIPTS_DIR } from './fixtures.test';

const DIR = path.join(SCRIPTS_DIR, 'issue13');

interface Expected {
  kind: string;
  line: number;
  name?: string | null;
  params?: Record<string, unknown>;
  baseLrs?: number[];
  unit?: string;
  steps?: number;
  source?: RegExp;
  assumptions?: Record<string, number | string>;
  /** Where assumed values are read from (Assumption.source), by name; a name absent here has none. */
  sources?: Record<string, string>;
  active?: boolean;
  definedAtLine?: number;
  /** lr after the last step, when the curve is right end to end. */
  finalLr?: number;
}

interface Case {
  findings: Expected[];
  /** Diagnostics of the file (not of a finding) that must be there / must not. */
  says?: RegExp[];
  silent?: RegExp[];
}

const CASES: Record<string, Case> = {
  'swa_window.py': {
    // `if epoch > swa_start: swa_scheduler.step()` / `else: scheduler.step()` over range(300):
    // the cosine is stepped in epochs 0–160 (161 times, real torch: 0.044253142475356666 after
    // them), SWALR in the other 139; neither every epoch.
    findings: [
      { kind: 'CosineAnnealingLR', line: 9, unit: 'epoch', steps: 161, source: /where not epoch > swa_start \(161\)/, assumptions: {}, finalLr: 0.044253142475356666 },
      { kind: 'SWALR', line: 11, unit: 'epoch', steps: 139, source: /where epoch > swa_start \(139\)/, assumptions: {} },
    ],
    silent: [/tmax-short|T_max/],
  },
  'branch_mutations.py': {
    // `if False: cfg["lr"] *= 10`, `if args.scale_lr: args.lr *= 10` (store_true), and
    // `if args.resume:` (default '') change nothing: 90 epochs from 0, both MultiStepLR decays.
    findings: [
      { kind: 'MultiStepLR', line: 29, params: { milestones: [30, 60], gamma: 0.1 }, baseLrs: [0.1], unit: 'epoch', steps: 90, assumptions: {}, finalLr: 1e-3 },
      { kind: 'StepLR', line: 31, baseLrs: [0.1], unit: 'epoch', steps: 90, assumptions: {} },
    ],
  },
  'raise_guard.py': {
    // Every argument at its default makes the raise condition true; the analysis goes on past it
    // (and past a false assert and an `if not os.path.exists(d): raise`), with the file's values.
    findings: [
      {
        kind: 'get_scheduler',
        line: 34,
        name: 'lr_scheduler',
        // DataLoader(range(10)): 10 batches an epoch (inferred), 3 epochs.
        params: { name: 'linear', num_warmup_steps: 0, num_training_steps: 30 },
        baseLrs: [5e-5],
        unit: 'step',
        steps: 30,
        assumptions: {},
        finalLr: 0,
      },
    ],
    says: [/`args\.task_name is None and args\.train_file is None` is true .* the analysis follows the path on which it goes on/],
  },
  'hf_argument_parser.py': {
    // TrainingArguments' defaults with set_defaults(learning_rate=2e-5, warmup_ratio=0.1): 3 epochs ×
    // ceil(1000 / 8) = 375 steps, warm-up ceil(375 × 0.1) = 38, at the Trainer(...) call.
    findings: [
      {
        kind: 'TrainingArguments',
        line: 29,
        name: 'training_args',
        params: { name: 'linear', num_warmup_steps: 38, num_training_steps: 375 },
        baseLrs: [2e-5],
        unit: 'step',
        steps: 375,
        assumptions: { 'len(train_dataset)': 1000, 'number of training processes': 1 },
        finalLr: 0,
      },
    ],
  },
  'trl_sft.py': {
    // SFTConfig's own default lr is 2e-5 (TRL), the rest TrainingArguments'.
    findings: [
      {
        kind: 'TrainingArguments',
        line: 7,
        params: { name: 'linear', num_warmup_steps: 0, num_training_steps: 375 },
        baseLrs: [2e-5],
        steps: 375,
        assumptions: { 'len(dataset[script_args.dataset_train_split])': 1000, 'number of training processes': 1 },
      },
    ],
  },
  'call_graph.py': {
    // Stepped per batch in train_one_epoch, called from the epoch loop: 30 epochs × len(data_loader) (DataLoader(range(10)): 10, inferred).
    findings: [
      {
        kind: 'LambdaLR',
        line: 22,
        baseLrs: [0.01],
        unit: 'step',
        steps: 300,
        source: /^loops: range\(args\.start_epoch, args\.epochs\) \(30\) × metric_logger\.log_every/,
        assumptions: {},
        finalLr: 0,
      },
    ],
  },
  'lightning_trainer.py': {
    // T_max=self.trainer.max_epochs and the run length: the file's Trainer(max_epochs=5).
    findings: [{ kind: 'CosineAnnealingLR', line: 15, params: { T_max: 5 }, baseLrs: [1e-3], unit: 'epoch', steps: 5, assumptions: {}, finalLr: 0 }],
  },
  'loops_tqdm.py': {
    findings: [
      // trange(epochs) × enumerate(train_loader): 20 × 10 (DataLoader(range(10)), inferred), and the lambda reaches 0.
      { kind: 'LambdaLR', line: 12, unit: 'step', steps: 200, assumptions: {}, finalLr: 0 },
      // tqdm(range(30)) per epoch; the inner tqdm(loader, total=250) has no step call.
      { kind: 'CosineAnnealingLR', line: 20, unit: 'epoch', steps: 30, assumptions: {}, finalLr: 0 },
      // enumerate(tqdm(loader, total=400)): 400 batches, no dataset assumption.
      { kind: 'StepLR', line: 27, unit: 'step', steps: 2000, assumptions: {} },
    ],
  },
  'loops_while.py': {
    findings: [
      // while global_step < max_steps, advanced in the inner loop: 5,000 steps in all.
      { kind: 'get_linear_schedule_with_warmup', line: 12, unit: 'step', steps: 5000, assumptions: {}, finalLr: 0 },
      // islice(cycle(loader), 2000).
      { kind: 'OneCycleLR', line: 23, unit: 'step', steps: 2000, assumptions: {} },
      // fastprogress: master_bar(range(8)) around progress_bar(loader); stepped per epoch.
      { kind: 'StepLR', line: 35, unit: 'epoch', steps: 8, assumptions: {}, baseLrs: [0.05] },
      // range(start_epoch, 50) with start_epoch = 20.
      { kind: 'StepLR', line: 46, unit: 'epoch', steps: 30, assumptions: {} },
    ],
  },
  'accumulation.py': {
    // Under `(i + 1) % 4 == 0`: 3 × ⌊1,000 / 4⌋ = 750 (DataLoader(range(1000))), which is what the schedule declares (no mismatch note).
    findings: [{ kind: 'get_cosine_schedule_with_warmup', line: 11, unit: 'step', steps: 750, params: { num_training_steps: 750 }, finalLr: 0 }],
    silent: [/The loops run/, /Could not resolve/],
  },
  'factory.py': {
    // The file's own get_linear_schedule_with_warmup: one finding per call, on the call's line.
    findings: [
      { kind: 'LambdaLR', line: 18, name: 'sched_a', baseLrs: [1e-3], definedAtLine: 12 },
      { kind: 'LambdaLR', line: 19, name: 'sched_b', baseLrs: [2e-3], definedAtLine: 12 },
    ],
  },
  'unknown_step.py': {
    // The file's own subclass of _LRScheduler is drawn: its get_lr runs (issue 16).
    findings: [{ kind: 'CosineWarmupScheduler (_LRScheduler subclass)', line: 18, name: 'warmup_scheduler', steps: 100, unit: 'step' }],
    says: [/`lr_scheduler\.step\(\)`: `lr_scheduler` comes from `build_scheduler\(cfg, optimizer\)`, which LR Lens could not model/],
  },
  'noise.py': {
    // Path / "x", 1 / 0 in `if False:`, sum(losses) / len(losses) over .item() results and
    // `val_loss < best_val` after `best_val = None` say nothing.
    findings: [{ kind: 'StepLR', line: 9, steps: 9, unit: 'epoch', assumptions: {} }],
    silent: [/./],
  },
  'loader_alias.py': {
    // `else: active_dataloader = train_dataloader` (accelerate, peft): the loop's length is the
    // schedule's len(train_dataloader), one assumption (was a second len(active_dataloader)).
    findings: [
      { kind: 'LinearLR', line: 16, unit: 'step', steps: 3000, assumptions: { 'len(train_dataloader)': 1000, 'accelerator.num_processes': 1 }, finalLr: 0 },
    ],
  },
  'sampler_loader.py': {
    // torchvision's references: DataLoader(dataset, sampler=train_sampler) has no stated length, so
    // iters_per_epoch = len(data_loader) is the len(data_loader) assumption (was None: the poly
    // lambda failed with a TypeError and the milestones list became one assumed number).
    findings: [
      { kind: 'LambdaLR', line: 18, baseLrs: [0.01], unit: 'step', steps: 3000, assumptions: { 'len(data_loader)': 1000 }, finalLr: 0 },
      { kind: 'MultiStepLR', line: 22, params: { milestones: [1000, 2000], gamma: 0.1 }, unit: 'step', steps: 3000, assumptions: { 'len(data_loader)': 1000 }, finalLr: 1e-4 },
    ],
  },
  'assumption_roles.py': {
    findings: [
      // `args: TrainArgs` read with its field defaults; start_factor from the dataclass, not a length.
      { kind: 'LinearLR', line: 25, params: { start_factor: 0.01, total_iters: 100 }, baseLrs: [0.5] },
      // Unknown values by the parameter they feed: ConstantLR's factor is torch's default 1/3.
      { kind: 'ConstantLR', line: 26, params: { factor: 1 / 3, total_iters: 100 }, assumptions: { 'cli.warmup_factor': 1 / 3, 'cli.warmup_iters': 100 } },
      // hyp["lrf"], read only inside the lr function, is listed; the epoch count is an assumption.
      { kind: 'LambdaLR', line: 28, assumptions: { 'hyp["lrf"]': 0.01, 'cli.epochs': 10 } },
      { kind: 'SequentialLR', line: 29, params: { milestones: [100] }, steps: 10, assumptions: { 'cli.epochs': 10 } },
      // An lr that may come from an unknown `**mapping` is named, not AdamW's default taken silently.
      { kind: 'StepLR', line: 35, baseLrs: [1e-3], assumptions: { 'cli.optimizer_hparams["lr"]': 1e-3 } },
    ],
  },
  'fabric_launch.py': {
    // litgpt: fabric.launch(main, devices, train) runs main(fabric, devices, train) with setup()'s
    // default TrainArgs(lr_warmup_steps=100, max_steps=2000): the stated fields are named
    // assumptions with their source, the unstated learning_rate stays a guess of its own. The
    // SequentialLR is at the get_lr_scheduler(...) call, stepped 2,000 times in fit()'s while loop.
    findings: [
      {
        kind: 'SequentialLR',
        line: 26,
        definedAtLine: 42,
        params: { milestones: [100] },
        baseLrs: [1e-3],
        unit: 'step',
        steps: 2000,
        assumptions: { 'train.lr_warmup_steps': 100, 'train.max_steps': 2000, 'train.learning_rate': 1e-3 },
        sources: { 'train.lr_warmup_steps': 'TrainArgs(lr_warmup_steps=100)', 'train.max_steps': 'TrainArgs(max_steps=2000)' },
        // Past the warm-up the cosine of T_max 1,900 ends at 0 after its 1,900 steps (+ the milestone's).
        finalLr: 0,
      },
      { kind: 'LambdaLR', line: 40, steps: 2000 },
      { kind: 'CosineAnnealingLR', line: 41, params: { T_max: 1900 }, steps: 2000 },
    ],
    silent: [/Could not find the optimizer/],
  },
  'lightning_fit_calls.py': {
    // trainer.fit(model) runs the module's configure_optimizers on that module: each
    // train_model(...) call is its own MultiStepLR at the call, with the call's optimizer_hparams
    // lr; the construction is where it is built. 180 epochs from that call's Trainer.
    findings: [
      { kind: 'MultiStepLR', line: 41, definedAtLine: 27, baseLrs: [1e-3], unit: 'epoch', steps: 180, assumptions: {}, active: true, finalLr: 1e-5 },
      { kind: 'MultiStepLR', line: 42, definedAtLine: 27, baseLrs: [0.1], unit: 'epoch', steps: 180, assumptions: {}, active: true, finalLr: 1e-3 },
      // Behind `if os.path.isfile(pretrained_filename):`: the file system is unknown, the checkpoint
      // the tutorials download first is assumed there (named on the finding), so this fit is the branch not taken.
      { kind: 'MultiStepLR', line: 57, definedAtLine: 27, baseLrs: [3e-4], unit: 'epoch', steps: 180, assumptions: { 'os.path.isfile(pretrained_filename)': 'True' }, active: false },
    ],
    silent: [/Could not resolve/],
  },
  'lightning_fit_hooks.py': {
    // The module's CosineWarmupScheduler, stepped in optimizer_step: per step, for each fit's own
    // Trainer (max_epochs 10 and 100) over the loader fit is given: 10 × ⌊50,000 / 128⌋ = 3,900
    // (the dataset through functools.partial) and 100 × 10; max_iters from the same numbers.
    findings: [
      { kind: 'CosineWarmupScheduler (_LRScheduler subclass)', line: 74, definedAtLine: 52, params: { warmup: 50, max_iters: 3900 }, baseLrs: [5e-4], unit: 'step', steps: 3900, assumptions: {}, finalLr: 0 },
      { kind: 'CosineWarmupScheduler (_LRScheduler subclass)', line: 75, definedAtLine: 52, params: { warmup: 100, max_iters: 1000 }, baseLrs: [5e-4], unit: 'step', steps: 1000, assumptions: {} },
    ],
  },
  'lightning_two_fits.py': {
    // One class fitted by two Trainers at module level: two findings, each at its fit, with its
    // Trainer's estimated_stepping_batches over the loader fit is given (320 / 32 = 10 batches).
    findings: [
      { kind: 'get_linear_schedule_with_warmup', line: 30, definedAtLine: 17, params: { num_warmup_steps: 0, num_training_steps: 10 }, baseLrs: [2e-5], unit: 'step', steps: 10, assumptions: {}, finalLr: 0 },
      { kind: 'get_linear_schedule_with_warmup', line: 34, definedAtLine: 17, params: { num_warmup_steps: 10, num_training_steps: 30 }, baseLrs: [1e-5], unit: 'step', steps: 30, assumptions: {}, finalLr: 0 },
    ],
  },
  'accelerate_branch.py': {
    // `accelerator.distributed_type == DistributedType.MEGATRON_LM`: a plain launch assumed
    // (named), so get_scheduler's branch is the one taken; 3 × 10 steps.
    findings: [
      {
        kind: 'get_scheduler',
        line: 19,
        active: true,
        unit: 'step',
        steps: 30,
        assumptions: { 'accelerator.distributed_type': 'NO', 'accelerator.num_processes': 1 },
        finalLr: 0,
      },
    ],
    silent: [/Could not resolve/, /could not model/],
  },
};

function check(r: AnalysisResult, e: Expected): void {
  const f = r.schedulers.find((s) => s.kind === e.kind && s.line === e.line) as SchedulerFinding;
  const found = r.schedulers.map((s) => `${s.kind}@${s.line}`).join(', ');
  assert.ok(f, `no ${e.kind} at line ${e.line}; found ${found}`);
  const where = `${e.kind} at line ${e.line}`;
  if (e.name !== undefined) assert.equal(f.name, e.name, `${where}: name`);
  if (e.params) for (const [k, v] of Object.entries(e.params)) assert.deepEqual(f.params[k], v, `${where}: params.${k}`);
  if (e.baseLrs) assert.deepEqual(f.baseLrs, e.baseLrs, `${where}: baseLrs`);
  if (e.unit) assert.equal(f.unit, e.unit, `${where}: unit`);
  if (e.steps !== undefined) assert.equal(f.naturalSteps, e.steps, `${where}: steps (${f.naturalStepsSource})`);
  if (e.source) assert.match(f.naturalStepsSource, e.source, `${where}: source`);
  if (e.assumptions)
    assert.deepEqual(Object.fromEntries(f.assumptions.map((a) => [a.name, a.value])), e.assumptions, `${where}: assumptions`);
  if (e.sources) {
    const got = Object.fromEntries(f.assumptions.filter((a) => a.source !== undefined).map((a) => [a.name, a.source]));
    assert.deepEqual(got, e.sources, `${where}: assumption sources`);
    for (const a of f.assumptions) if (a.source) assert.equal(a.reason, 'assumed a dataclass field of the call that made it', `${where}: ${a.name}`);
  }
  if (e.active !== undefined) assert.equal(f.active, e.active, `${where}: active`);
  if (e.definedAtLine !== undefined) assert.equal(f.definedAt ? f.definedAt.startPos.line + 1 : null, e.definedAtLine, `${where}: definedAt`);
  const { curve } = curveFor(f);
  assert.equal(curve.error, undefined, curve.error?.message);
  if (e.finalLr !== undefined) {
    const last = curve.lr[(curve.rows - 1) * curve.groups];
    assert.ok(Math.abs(last - e.finalLr) <= 1e-12 * Math.max(1, Math.abs(e.finalLr)), `${where}: final lr ${last}, expected ${e.finalLr}`);
  }
}

describe('analysis: real-script constructions (issue 13)', () => {
  it('every fixture of the directory has its case', () => {
    assert.deepEqual(fs.readdirSync(DIR).filter((f) => f.endsWith('.py')).sort(), Object.keys(CASES).sort());
  });
  for (const [file, c] of Object.entries(CASES)) {
    it(file, () => {
      const r = analyze(fs.readFileSync(path.join(DIR, file), 'utf8'));
      assert.equal(r.schedulers.length, c.findings.length, `found ${r.schedulers.map((s) => `${s.kind}@${s.line}`).join(', ')}`);
      for (const e of c.findings) check(r, e);
      const messages = [...r.diagnostics, ...r.schedulers.flatMap((s) => s.diagnostics)].map((d) => d.message);
      for (const re of c.says ?? []) assert.ok(messages.some((m) => re.test(m)), `no message ${re}; got ${JSON.stringify(messages)}`);
      for (const re of c.silent ?? []) assert.ok(!messages.some((m) => re.test(m)), `unexpected ${JSON.stringify(messages.filter((m) => re.test(m)))}`);
      // Internal errors are bugs, never messages.
      assert.ok(!messages.some((m) => /Internal analysis error/.test(m)), JSON.stringify(messages));
    });
  }
});

describe('analysis: assumptions that choose values and branches can be overridden (issue 13)', () => {
  const read = (file: string) => fs.readFileSync(path.join(DIR, file), 'utf8');
  const find = (r: AnalysisResult, kind: string, line: number) => r.schedulers.find((s) => s.kind === kind && s.line === line) as SchedulerFinding;

  it('a stated keyword of an unknown class (TrainArgs(lr_warmup_steps=100)) takes the value the user sets for its name', () => {
    const r = analyze(read('fabric_launch.py'), { assumptions: { 'train.lr_warmup_steps': 50 } });
    const f = find(r, 'SequentialLR', 26);
    assert.deepEqual(f.params.milestones, [50]);
    const a = f.assumptions.find((x) => x.name === 'train.lr_warmup_steps');
    assert.deepEqual([a?.value, a?.overridden, a?.source], [50, true, 'TrainArgs(lr_warmup_steps=100)']);
    assert.equal(find(r, 'CosineAnnealingLR', 41).params.T_max, 1950);
  });

  it('only a Capitalized callee keeps its keywords: a function result read back is a guess, not the keyword', () => {
    const src = [
      'import torch',
      'from mylib import TrainArgs, get_config',
      'cfg = get_config(step_size=7)',
      'args = TrainArgs(step_size=5)',
      'opt = torch.optim.SGD(torch.nn.Linear(2, 2).parameters(), lr=0.1)',
      's1 = torch.optim.lr_scheduler.StepLR(opt, step_size=cfg.step_size)',
      's2 = torch.optim.lr_scheduler.StepLR(opt, step_size=args.step_size)',
      's3 = torch.optim.lr_scheduler.StepLR(opt, step_size=args.gamma)',
    ].join('\n');
    const r = analyze(src);
    const by = (line: number) => find(r, 'StepLR', line);
    assert.notEqual(by(6).params.step_size, 7);
    assert.equal(by(6).assumptions.find((a) => a.name === 'cfg.step_size')?.source, undefined);
    assert.equal(by(7).params.step_size, 5);
    assert.equal(by(7).assumptions.find((a) => a.name === 'args.step_size')?.reason, 'assumed a dataclass field of the call that made it');
    // An attribute the call did not state stays an ordinary named guess.
    const g = by(8).assumptions.find((a) => a.name === 'args.gamma');
    assert.ok(g && g.source === undefined && g.reason !== 'assumed a dataclass field of the call that made it', JSON.stringify(g));
  });

  it('accelerator.distributed_type set to MEGATRON_LM takes the Megatron branch: get_scheduler is then not taken', () => {
    const r = analyze(read('accelerate_branch.py'), { assumptions: { 'accelerator.distributed_type': 'MEGATRON_LM' } });
    const f = find(r, 'get_scheduler', 19);
    assert.equal(f.active, false);
    assert.equal(f.assumptions.find((a) => a.name === 'accelerator.distributed_type')?.value, 'MEGATRON_LM');
  });

  it('os.path.isfile(…) set to False trains instead of loading the checkpoint: the fit behind it is taken', () => {
    const r = analyze(read('lightning_fit_calls.py'), { assumptions: { 'os.path.isfile(pretrained_filename)': 'False' } });
    const f = find(r, 'MultiStepLR', 57);
    assert.equal(f.active, true);
    assert.deepEqual(f.baseLrs, [3e-4]);
    // The calls outside that `if` do not rest on it.
    assert.deepEqual(find(r, 'MultiStepLR', 41).assumptions, []);
  });
});
