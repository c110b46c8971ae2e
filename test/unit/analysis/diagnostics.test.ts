// Schedule diagnostics: each rule fires on its fixture with a message that states numbers, stays
// silent on its .ok twin and on every realistic script, and its quick fix removes it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateTrainingScript } from '../../../bench/generateScript';
import { buildCli, CLI } from '../cli/bundle';
import { analyze } from '../../../src/core/model/analyze';
import { applyEdits, lint, RULE_IDS, type LintDiagnostic, type RuleId } from '../../../src/core/lint/index';

const ROOT = path.resolve(__dirname, '../../../..');
const DIAG = path.join(ROOT, 'test/fixtures/scripts/diagnostics');
const REALISTIC = [
  ...fs.readdirSync(path.join(ROOT, 'test/fixtures/scripts')).filter((f) => f.endsWith('.py')).map((f) => path.join(ROOT, 'test/fixtures/scripts', f)),
  ...fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.py')).map((f) => path.join(ROOT, 'examples', f)),
  path.join(ROOT, 'test/fixtures/workspace/train.py'),
];

/** `step-count-accumulation.py` → step-count: the longest rule id the file name starts with. */
function ruleOf(file: string): RuleId {
  const base = path.basename(file).replace(/(\.ok)?\.py$/, '');
  const r = [...RULE_IDS].sort((a, b) => b.length - a.length).find((id) => base === id || base.startsWith(id + '-'));
  assert.ok(r, `fixture ${file} names a rule`);
  return r;
}

const triggers = fs.readdirSync(DIAG).filter((f) => f.endsWith('.py') && !f.endsWith('.ok.py')).map((f) => path.join(DIAG, f));
const oks = fs.readdirSync(DIAG).filter((f) => f.endsWith('.ok.py')).map((f) => path.join(DIAG, f));

function diagnose(source: string): LintDiagnostic[] {
  return lint(analyze(source, { timeLimitMs: 2000 }), source).diagnostics;
}

interface CliDiag {
  rule: string;
  severity: string;
  line: number;
  column: number;
  message: string;
  messageTemplate: string;
  args: string[];
  fix?: { title: string; edits: { start: number; end: number; newText: string }[] };
}

function cli(file: string): { code: number | null; diagnostics: CliDiag[] } {
  const r = spawnSync(process.execPath, [CLI, 'diagnostics', file, '--json'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.stderr, '');
  return { code: r.status, diagnostics: (JSON.parse(r.stdout) as { diagnostics: CliDiag[] }).diagnostics };
}

describe('analysis: schedule diagnostics', function () {
  this.timeout(60_000);

  it('every rule has a triggering fixture and a clean twin', () => {
    const covered = new Set(triggers.map(ruleOf));
    assert.deepEqual([...covered].sort(), [...RULE_IDS].sort());
    for (const id of RULE_IDS) assert.ok(fs.existsSync(path.join(DIAG, `${id}.ok.py`)), `${id}.ok.py`);
  });

  describe('through the CLI (node dist/cli.js diagnostics FILE --json)', () => {
    // Built from the current sources (never skipped when dist/cli.js is missing).
    before(() => buildCli());
    for (const file of triggers) {
      it(`${path.basename(file)} reports ${ruleOf(file)} with numbers, on the right line`, () => {
        const rule = ruleOf(file);
        const { code, diagnostics } = cli(file);
        const mine = diagnostics.filter((d) => d.rule === rule);
        assert.equal(mine.length, 1, JSON.stringify(diagnostics, null, 1));
        const d = mine[0];
        assert.match(d.message, /\d/, 'the message states a number');
        assert.equal(d.message, d.messageTemplate.replace(/\{(\d+)\}/g, (_m, i: string) => d.args[Number(i)]));
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        assert.ok(d.line >= 1 && d.line <= lines.length && lines[d.line - 1].trim() !== '', `line ${d.line}`);
        assert.equal(code, diagnostics.some((x) => x.severity === 'error') ? 1 : 0, 'exit code follows errors');
      });
    }
    for (const file of [...oks, ...REALISTIC]) {
      it(`${path.relative(ROOT, file)} is silent`, () => {
        const { code, diagnostics } = cli(file);
        assert.deepEqual(diagnostics.map((d) => `${d.line}: ${d.rule}: ${d.message}`), []);
        assert.equal(code, 0);
      });
    }
    it('text output is file:line:col severity rule message', () => {
      const file = path.join(DIAG, 'step-count.py');
      const r = spawnSync(process.execPath, [CLI, 'diagnostics', file], { encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.match(r.stdout, /step-count\.py:6:59 error step-count OneCycleLR is sized for 1,000 steps \(total_steps\) but is stepped 20 × 250 = 5,000 times: PyTorch raises ValueError \("Tried to step 1,001 times"\) at step 1,001\n/);
    });
  });

  it('the 5,000-line benchmark script (stepped inside train_one_epoch, under accumulation) is silent (lint speed: npm run bench)', () => {
    const src = generateTrainingScript(5000);
    const r = analyze(src, { timeLimitMs: 5000 });
    assert.equal(r.schedulers.length, 1);
    const out = lint(r, src);
    assert.deepEqual(out.diagnostics.map((d) => d.message), []);
  });

  describe('exact messages (numbers from the engine)', () => {
    const msg = (name: string, rule: RuleId) => {
      const d = diagnose(fs.readFileSync(path.join(DIAG, name), 'utf8')).find((x) => x.rule === rule);
      assert.ok(d, `${rule} in ${name}`);
      return d.message;
    };
    it('tmax-short: where the lr bottoms out and where it has climbed back', () => {
      assert.equal(msg('tmax-short.py', 'tmax-short'), 'T_max = 100 but the scheduler is stepped 300 times: the lr reaches 0 at step 100, then climbs back to 0.1 at step 200 of 300');
    });
    it('step-count: gradient accumulation not divided out', () => {
      // linear decay from 5e-5 over 3,000 steps with 100 warm-up, stopped at 750: 5e-5 × 2,250 / 2,900.
      const m = msg('step-count-accumulation.py', 'step-count');
      assert.match(m, /sized for 3,000 steps \(num_training_steps\) but is stepped 3 × ⌊1,000 \/ 4⌋ = 750 times: training ends at lr 3\.879e-5 instead of 0, 75% of the schedule never runs/);
      assert.match(m, /under `\(step \+ 1\) % gradient_accumulation_steps == 0` the scheduler steps once every 4 batches/);
      assert.match(m, /assuming len\(train_dataloader\) = 1,000/);
    });
    it('step-unit: OneCycleLR stepped per epoch ends near its starting lr', () => {
      // max_lr 0.1 / div_factor 25 = 4e-3 at step 0; after 20 of 20,000 steps it has barely moved.
      assert.match(msg('step-unit.py', 'step-unit'), /sized for 20,000 steps \(epochs × steps_per_epoch\).*once per epoch, 20 times: the lr is 4\.003e-3 after the last epoch instead of 4\.013e-7 at step 20,000/);
    });
    it('warmup-too-long: the peak actually reached', () => {
      // 3e-4 × 1,500 / 2,000 = 2.25e-4.
      assert.match(msg('warmup-too-long.py', 'warmup-too-long'), /2,000 steps but training is 1,500 steps: the lr never reaches 3e-4; it peaks at 2\.25e-4 at step 1,500/);
    });
    it('warmup-too-long for PyTorch: SequentialLR warm-up milestone past the run, and a LambdaLR warm-up still rising', () => {
      // LinearLR 0.01 → 1 over 2,000 steps, stopped at 1,500: 1e-3 × (0.01 + 0.99 × 1,500 / 2,000) = 7.525e-4.
      assert.equal(
        msg('warmup-too-long-sequential.py', 'warmup-too-long'),
        'The warm-up lasts 2,000 steps (milestones=[2000]) but the scheduler is stepped 1,500 times (3 × 500): the lr never leaves the warm-up and peaks at 7.525e-4 of 1e-3; CosineAnnealingLR never runs',
      );
      // step / 1,000 × 0.1 at step 800.
      assert.equal(
        msg('warmup-too-long-lambda.py', 'warmup-too-long'),
        'The warm-up in lr_lambda (`warmup_steps`) is still running when training ends: the scheduler is stepped 800 times (2 × 400) and the lr rises at every step, peaking at 0.08 of 0.1 at the last one',
      );
    });
    it('the run-length rules read each family\'s own lengths by role: diffusers get_scheduler, DeepSpeed total_num_steps, timm t_initial and warmup_t in epochs', () => {
      // diffusers' cosine warm-up: 1e-4 × 400 / 500.
      assert.equal(msg('warmup-too-long-diffusers.py', 'warmup-too-long'), 'The warm-up is 500 steps but training is 400 steps: the lr never reaches 1e-4; it peaks at 8e-5 at step 400');
      // WarmupDecayLR after 1,000 of 5,000 steps (last_batch_iteration 999): 3e-4 × (5,000 − 999) / 4,900.
      assert.equal(
        msg('step-count-deepspeed.py', 'step-count'),
        'WarmupDecayLR is sized for 5,000 steps (total_num_steps) but is stepped 2 × 500 = 1,000 times: training ends at lr 2.45e-4 instead of 6.122e-8, 80% of the schedule never runs',
      );
      // timm's cosine with cycle_limit 1 stays at lr_min after t_initial epochs.
      assert.equal(
        msg('step-count-timm.py', 'step-count'),
        'CosineLRScheduler is sized for 50 epochs (t_initial) but `scheduler.step(epoch)` runs for 100 epochs: the schedule ends at epoch 50 and the last 50 epochs train at lr 1e-5',
      );
      // StepLRScheduler's warm-up (warmup_prefix=True): 1e-5 + 9 × (1e-3 − 1e-5) / 20 in epoch 9.
      assert.equal(
        msg('warmup-too-long-timm.py', 'warmup-too-long'),
        'The warm-up is 20 epochs (warmup_t) but `scheduler.step(epoch)` runs for 10 epochs: the lr never reaches 1e-3 (where the warm-up ends); it peaks at 4.555e-4 in epoch 9',
      );
      // A shorter loop: the cosine is cut off (t_initial 50, 20 epochs run).
      const src = fs.readFileSync(path.join(DIAG, 'step-count-timm.py'), 'utf8').replace('num_epochs = 100', 'num_epochs = 20');
      const d = diagnose(src).find((x) => x.rule === 'step-count');
      assert.match(d?.message ?? '', /sized for 50 epochs \(t_initial\) but `scheduler\.step\(epoch\)` runs for 20 epochs: training ends at lr [\d.e-]+ instead of 1e-5, 60% of the schedule never runs/);
      // warmup_prefix=True puts the warm-up before the cycle: 200 + 20 epochs for a 200-epoch loop.
      const prefixed = src.replace('num_epochs = 20', 'num_epochs = 50').replace('warmup_lr_init=1e-4)', 'warmup_lr_init=1e-4, warmup_prefix=True)');
      assert.match(diagnose(prefixed).find((x) => x.rule === 'step-count')?.message ?? '', /sized for 53 epochs \(t_initial \+ warmup_t\) but `scheduler\.step\(epoch\)` runs for 50 epochs/);
      // timm's step(epoch) sets the lr of the epoch it is given: at the top of the epoch it is not "one step early".
      const top = fs
        .readFileSync(path.join(DIAG, 'step-count-timm.ok.py'), 'utf8')
        .replace('    scheduler.step(epoch + 1)\n', '')
        .replace('for epoch in range(num_epochs):\n', 'for epoch in range(num_epochs):\n    scheduler.step(epoch)\n');
      assert.ok(top.includes('    scheduler.step(epoch)\n    for batch'), top);
      assert.deepEqual(diagnose(top).map((x) => x.rule), []);
      // create_scheduler_v2 returns the num_epochs it is sized for: nothing to say about train.py.
      assert.deepEqual(diagnose(fs.readFileSync(path.join(ROOT, 'test/fixtures/scripts/timm_train.py'), 'utf8')).map((x) => x.rule), []);
    });
    it('step-count through a function called from the epoch loop: the caller\'s loop counts', () => {
      assert.match(msg('step-count-function.py', 'step-count'), /sized for 5,000 steps \(num_training_steps\) but is stepped 10 × 1,000 = 10,000 times: the schedule ends at step 5,000 and the last 5,000 steps train at lr 0/);
    });
    it('step-order and step(epoch): the first lr skipped, the milestone late by one', () => {
      assert.match(msg('step-order.py', 'step-order'), /first lr 0\.1 is skipped .* already uses 0\.05/);
      assert.match(msg('step-epoch-deprecated.py', 'step-epoch-deprecated'), /change due at epoch 30, 0\.1 → 0\.01, happens at epoch 31/);
    });
    it('never-stepped: a scheduler nothing steps, in a file that steps its optimizer; silent once a .step() is added (per epoch: T_max is in epochs)', () => {
      assert.match(msg('never-stepped.py', 'never-stepped'), /^Nothing steps `scheduler`: .* the lr stays 0\.1 for the whole run and the CosineAnnealingLR schedule drawn here never happens/);
      const src = fs.readFileSync(path.join(DIAG, 'never-stepped.py'), 'utf8').replace('    print(', '    scheduler.step()\n    print(');
      assert.deepEqual(diagnose(src).map((d) => d.rule), []);
      // Built in a snippet that never trains: not a mistake.
      const snippet = 'import torch\noptimizer = torch.optim.SGD([], lr=0.1)\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, 3)\n';
      assert.deepEqual(diagnose(snippet).map((d) => d.rule), []);
    });
  });

  describe('quick fixes', () => {
    for (const file of triggers) {
      const rule = ruleOf(file);
      it(`${path.basename(file)}: the ${rule} fix (if any) leaves code that no longer reports it; the ignore fix silences it`, () => {
        const source = fs.readFileSync(file, 'utf8');
        const result = lint(analyze(source, { timeLimitMs: 2000 }), source);
        const i = result.diagnostics.findIndex((x) => x.rule === rule);
        assert.ok(i >= 0);
        const d = result.diagnostics[i];
        const ignored = applyEdits(source, result.ignoreFixes[i].edits);
        assert.match(ignored.split('\n')[d.range.startPos.line], new RegExp(`# lr-lens: ignore\\[${rule}\\]$`));
        assert.ok(!diagnose(ignored).some((x) => x.rule === rule), 'ignored');
        if (!d.fix) return;
        const fixed = applyEdits(source, d.fix.edits);
        assert.notEqual(fixed, source);
        const after = diagnose(fixed);
        assert.deepEqual(after.filter((x) => x.rule === rule || x.rule === 'step-count' || x.rule === 'step-unit').map((x) => x.message), []);
        assert.ok(analyze(fixed).schedulers.length >= 1, 'still a scheduler');
      });
    }
    const expected: [string, RuleId, string, string][] = [
      ['step-order.py', 'step-order', '        scheduler.step()\n        loss.backward()', '        optimizer.step()\n        scheduler.step()\n'],
      ['step-count.py', 'step-count', 'total_steps=1000', 'total_steps=20 * 250'],
      ['step-count-accumulation.py', 'step-count', 'num_epochs * len(train_dataloader)', 'num_training_steps=num_epochs * (len(train_dataloader) // gradient_accumulation_steps)'],
      ['tmax-short.py', 'tmax-short', 'T_max=100', 'T_max=epochs'],
      ['step-count-timm.py', 'step-count', 't_initial=50', 't_initial=num_epochs'],
      ['step-unit-epochs.py', 'step-unit', 'T_max=num_epochs)', 'T_max=num_epochs * len(train_loader))'],
      ['step-unit.py', 'step-unit', '\n    scheduler.step()', '        optimizer.step()\n        scheduler.step()\n'],
      ['verbose-removed.py', 'verbose-removed', ', verbose=True', 'StepLR(optimizer, step_size=30, gamma=0.1)\n'],
      ['step-epoch-deprecated.py', 'step-epoch-deprecated', 'scheduler.step(epoch)', '    scheduler.step()\n'],
      ['min-lr-missing.py', 'min-lr-missing', 'num_training_steps=1000,\n)', 'num_training_steps=1000, scheduler_specific_kwargs={"min_lr_rate": 0.1}\n)'],
    ];
    for (const [name, rule, gone, present] of expected) {
      it(`${name}: the fix edits the code as written (${rule})`, () => {
        const source = fs.readFileSync(path.join(DIAG, name), 'utf8');
        const d = diagnose(source).find((x) => x.rule === rule);
        assert.ok(d?.fix, 'has a fix');
        const fixed = applyEdits(source, d.fix.edits);
        assert.ok(!fixed.includes(gone), `"${gone}" is gone:\n${fixed}`);
        assert.ok(fixed.includes(present), `"${present}" is there:\n${fixed}`);
      });
    }
  });

  it('step-order across blocks (scheduler.step() at the top of the epoch, optimizer.step() in the batch loop) has no move fix', () => {
    const src = fs
      .readFileSync(path.join(DIAG, 'step-order.ok.py'), 'utf8')
      .replace('    scheduler.step()\n', '')
      .replace('for epoch in range(10):\n', 'for epoch in range(10):\n    scheduler.step()\n');
    const d = diagnose(src).find((x) => x.rule === 'step-order');
    assert.ok(d, 'reported');
    assert.equal(d.fix, undefined);
  });

  describe('PyTorch warm-ups outside the fixtures', () => {
    const seq = fs.readFileSync(path.join(DIAG, 'warmup-too-long-sequential.py'), 'utf8');
    it('SequentialLR: the warm-up ends but the milestone is past the run, so the second schedule never runs', () => {
      const src = seq.replace('warmup_steps = 2000', 'warmup_steps = 1000').replace('milestones=[warmup_steps]', 'milestones=[1600]');
      const d = diagnose(src).filter((x) => x.rule === 'warmup-too-long');
      assert.deepEqual(d.map((x) => x.message), [
        'The warm-up ends at step 1,000 but SequentialLR switches to CosineAnnealingLR only at milestones=[1600], and the scheduler is stepped 1,500 times (3 × 500): CosineAnnealingLR never runs and the lr stays at 1e-3 from step 1,000 to the end',
      ]);
    });
    it('ChainedScheduler with a LinearLR warm-up longer than the run', () => {
      const src = seq
        .replace('CosineAnnealingLR, LinearLR, SequentialLR', 'ChainedScheduler, ExponentialLR, LinearLR')
        .replace('decay = CosineAnnealingLR(optimizer, T_max=num_epochs * steps_per_epoch)', 'decay = ExponentialLR(optimizer, gamma=1.0)')
        .replace('SequentialLR(optimizer, [warmup, decay], milestones=[warmup_steps])', 'ChainedScheduler([warmup, decay])');
      assert.deepEqual(diagnose(src).map((x) => x.message), [
        'The LinearLR warm-up lasts 2,000 steps (total_iters=2,000) but ChainedScheduler is stepped 1,500 times (3 × 500): the lr never leaves the warm-up and peaks at 7.525e-4 of 1e-3',
      ]);
      assert.deepEqual(diagnose(src.replace('warmup_steps = 2000', 'warmup_steps = 200')).map((x) => x.message), []);
    });
  });

  describe('step-count with accelerate and several processes (AcceleratedScheduler steps num_processes times per call)', () => {
    const file = path.join(ROOT, 'test/fixtures/scripts/accelerate_sharded.py');
    const src = fs.readFileSync(file, 'utf8');
    const run = (s: string, n?: number) => {
      const r = analyze(s, { timeLimitMs: 2000, assumptions: n === undefined ? {} : { 'accelerator.num_processes': n } });
      return { r, d: lint(r, s).diagnostics };
    };
    it('the analysis records the prepare, the steps per call and the process count as a named assumption', () => {
      const { r, d } = run(src);
      const acc = r.schedulers[0].accelerate;
      assert.ok(acc);
      assert.equal(acc.stepsPerCall, 1);
      assert.equal(acc.processes, 'accelerator.num_processes');
      assert.deepEqual(acc.preparedBefore, ['model', 'optimizer', 'train_dataloader']);
      assert.equal(r.assumptions.find((a) => a.name === 'accelerator.num_processes')?.value, 1);
      assert.deepEqual(d, [], 'one process (the default): silent');
      assert.equal(run(src, 4).r.schedulers[0].accelerate?.stepsPerCall, 4);
    });
    it('assuming 4 processes: sized from the sharded loader, the schedule ends after 1/4 of training', () => {
      const { d } = run(src, 4);
      assert.deepEqual(d.map((x) => [x.rule, x.range.startPos.line + 1, x.message]), [
        [
          'step-count',
          16,
          'Assuming 4 processes (accelerator.num_processes): `accelerator.prepare(…)` wraps lr_scheduler in AcceleratedScheduler, which steps it 4 times per `.step()`, but num_training_steps = 3,000 counts the per-process loop (3 × 1,000; len(train_dataloader) after prepare is already divided among the processes): the scheduler is stepped 4 × 3,000 = 12,000 times, the schedule ends after 1/4 of training and the last 9,000 steps train at lr 0; multiply num_training_steps by `accelerator.num_processes`',
        ],
      ]);
      assert.equal(d[0].message, d[0].messageTemplate.replace(/\{(\d+)\}/g, (_m, i: string) => d[0].args[Number(i)]));
    });
    it('silent when sized × num_processes, with split_batches=True, with step_scheduler_with_optimizer=False, or when the loader is prepared with the scheduler', () => {
      assert.deepEqual(run(src.replace('num_training_steps=num_training_steps)', 'num_training_steps=num_training_steps * accelerator.num_processes)'), 4).d, []);
      assert.deepEqual(run(src.replace('Accelerator()', 'Accelerator(split_batches=True)'), 4).d, []);
      assert.deepEqual(run(src.replace('Accelerator()', 'Accelerator(step_scheduler_with_optimizer=False)'), 4).d, []);
      assert.equal(run(src.replace('Accelerator()', 'Accelerator(step_scheduler_with_optimizer=False)'), 4).r.schedulers[0].accelerate?.stepsPerCall, 1);
      // HF's no_trainer script sizes before prepare (unsharded) and prepares all together: right for any count.
      const hf = fs.readFileSync(path.join(ROOT, 'test/fixtures/scripts/hf_no_trainer.py'), 'utf8');
      assert.deepEqual(run(hf, 4).d.map((x) => x.message), []);
    });
  });

  describe('switching off and ignore comments', () => {
    const source = fs.readFileSync(path.join(DIAG, 'tmax-short.py'), 'utf8');
    it('a rule switched off in the options does not run', () => {
      const r = analyze(source);
      assert.equal(lint(r, source).diagnostics.length, 1);
      assert.equal(lint(r, source, { rules: { 'tmax-short': false } }).diagnostics.length, 0);
      assert.equal(lint(r, source, { rules: { 'step-order': false } }).diagnostics.length, 1);
    });
    it('# lr-lens: ignore on the line, on the line above, or naming another rule', () => {
      const line = 'scheduler = CosineAnnealingLR(optimizer, T_max=100)';
      assert.equal(diagnose(source.replace(line, line + '  # lr-lens: ignore')).length, 0);
      assert.equal(diagnose(source.replace(line, '# lr-lens: ignore\n' + line)).length, 0);
      assert.equal(diagnose(source.replace(line, line + '  # lr-lens: ignore[tmax-short]')).length, 0);
      assert.equal(diagnose(source.replace(line, line + '  # lr-lens: ignore[step-order]')).length, 1);
      assert.equal(diagnose(source.replace(line, line + '  # "# lr-lens: ignore" in a string does not count'.replace('# "', '"'))).length, 1);
      // A code line above with the comment does not silence the next line.
      assert.equal(diagnose(source.replace(line, 'x = 1  # lr-lens: ignore\n' + line)).length, 1);
    });
    it('a rule that throws is skipped and reported, never thrown', () => {
      const r = analyze(source);
      const broken = { ...r, schedulers: r.schedulers.map((f) => ({ ...f, spec: null as never })) };
      const errors: string[] = [];
      const out = lint(broken, source, { onError: (rule) => errors.push(rule) });
      // Every rule that threw is named, and nothing it would have said is invented.
      assert.deepEqual(out.diagnostics, []);
      assert.ok(errors.length > 0);
      assert.ok(errors.every((rule) => typeof rule === 'string' && rule.length > 0), JSON.stringify(errors));
    });
  });
});
