// The diffusers, timm and DeepSpeed fixtures (our own scripts in each family's idiom) analyzed as
// the CLI and the editor analyze them: what is found, from which values, and the curve's numbers
// against the libraries' formulas.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { lint } from '../../../src/core/lint/index';
import { curveFor, curveRows } from '../../../src/core/model/curves';
import { timmBatchRows, timmCallLabel } from '../../../src/core/engine';
import { closeTo } from '../helpers/oracle';
import { findingsToModels, simulateSchedule } from '../../../src/features/chart/protocol/models';

const SCRIPTS = path.resolve(__dirname, '../../../../test/fixtures/scripts');
const read = (f: string) => fs.readFileSync(path.join(SCRIPTS, f), 'utf8');

function near(actual: number, expected: number, what: string): void {
  assert.ok(closeTo(actual, expected), `${what}: got ${actual}, expected ${expected}`);
}

describe('analysis: diffusers, timm and DeepSpeed scripts', () => {
  it('diffusers train_text_to_image-style get_scheduler(args.lr_scheduler, …) with accelerate', () => {
    const r = analyze(read('diffusers_text_to_image.py'));
    assert.equal(r.schedulers.length, 1);
    const f = r.schedulers[0];
    assert.equal(f.kind, 'get_scheduler');
    assert.equal(f.library, 'diffusers');
    assert.equal(f.spec.kind, 'diffusers.get_scheduler');
    // DataLoader(list(range(8000)), batch_size=16): 500 batches an epoch, inferred; 100 epochs.
    assert.deepEqual(f.params, { name: 'cosine', num_warmup_steps: 500, num_training_steps: 50000 });
    assert.deepEqual(f.assumptions.map((a) => a.name).sort(), ['accelerator.num_processes']);
    const { curve } = curveFor(f, { steps: 50000 });
    const lr = curveRows(curve).map((row) => row[0]);
    near(lr[250], 1e-4 * (250 / 500), 'warm-up');
    for (const k of [500, 5000, 30000, 50000]) near(lr[k], 1e-4 * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * 0.5 * 2 * ((k - 500) / 49500)))), `cosine at ${k}`);
  });

  it("diffusers' get_scheduler refuses a transformers-only name", () => {
    const src = 'import torch\nfrom diffusers.optimization import get_scheduler\nopt = torch.optim.AdamW([], lr=1e-4)\nsched = get_scheduler("inverse_sqrt", opt, num_warmup_steps=10, num_training_steps=100)\n';
    const f = analyze(src).schedulers[0];
    assert.equal(f.library, 'diffusers');
    assert.ok(f.diagnostics.some((d) => d.message === "'inverse_sqrt' is not a valid SchedulerType"));
    const { curve } = curveFor(f, { steps: 10 });
    assert.equal(curve.error?.type, 'ValueError');
    assert.equal(curve.error?.atStep, 0);
  });

  it('timm train.py-style create_scheduler_v2(**scheduler_kwargs(args), updates_per_epoch=…): one row per call', () => {
    const f = analyze(read('timm_train.py')).schedulers[0];
    assert.equal(f.kind, 'create_scheduler_v2');
    assert.equal(f.library, 'timm');
    assert.deepEqual(f.timm && { e: f.timm.epochs, u: f.timm.updatesPerEpoch, s: f.timm.epochCalls }, { e: 300, u: 1000, s: true });
    assert.equal(f.naturalSteps, 300 * 1001);
    assert.equal(f.params.warmup_epochs, 5);
    const { curve } = curveFor(f);
    assert.ok(curve.protocol);
    assert.equal(curve.rows, 1 + 300 * 1001);
    const lr = curveRows(curve).map((row) => row[0]);
    // Construction sets the warm-up start; step_update changes nothing (t_in_epochs); step(e) warms up, then the cosine.
    assert.equal(lr[0], 1e-5);
    assert.equal(timmCallLabel(curve.protocol, 1001), 'epoch 1');
    assert.equal(lr[1000], 1e-5);
    near(lr[1001], 1e-5 + 1 * ((0.1 - 1e-5) / 5), 'after step(1)');
    const afterEpoch = (e: number) => lr[e * 1001];
    near(afterEpoch(10), 0.5 * 0.1 * (1 + Math.cos((Math.PI * 10) / 300)), 'after step(10)');
    near(afterEpoch(300), 0.5 * 0.1 * (1 + Math.cos(Math.PI)), 'after step(300)');
    // The lr each batch trains with: 1000 batches an epoch, each with the lr the call before it left.
    const batches = timmBatchRows(curve.protocol, curve.rows, curve.groups, curve.lr);
    assert.equal(batches.length, 300 * 1000);
    assert.equal(batches[999], 1e-5);
    near(batches[1000], lr[1001], 'first batch of epoch 2');
  });

  it('timm in the chart and the editor: the lr each optimizer step trains with, x in steps, epochs of 1,000 steps', () => {
    const f = analyze(read('timm_train.py')).schedulers[0];
    const [model] = findingsToModels([f]);
    assert.deepEqual(model.timm, { updatesPerEpoch: 1000, epochCalls: true });
    assert.equal(model.unit, 'step');
    assert.equal(model.steps, 300 * 1000);
    assert.equal(model.stepsPerEpoch, 1000);
    assert.ok(model.spec, 'a JSON spec: the page recomputes it');
    const page = simulateSchedule(model.spec as never, model.optimizer, model.steps, model.metricDriven, model.timm);
    assert.equal(page.rows, 300 * 1000 + 1);
    const lr = (k: number) => page.lr[k];
    assert.equal(lr(0), 1e-5);
    assert.equal(lr(999), 1e-5, 'the last batch of epoch 1 still trains with the warm-up start');
    near(lr(1000), 1e-5 + (0.1 - 1e-5) / 5, 'epoch 2 trains with the lr step(1) set');
    near(lr(10 * 1000), 0.5 * 0.1 * (1 + Math.cos((Math.PI * 10) / 300)), 'epoch 11');
    // The editor's curve (lens, hover, preview) is the same per-step curve.
    const editor = curveFor(f, { perBatch: true }).curve;
    assert.equal(editor.rows, page.rows);
    assert.deepEqual(Array.from(editor.lr.subarray(0, 5000)), Array.from(page.lr.subarray(0, 5000)));
    // A shorter run typed into the page: whole epochs are simulated and cut at the step count.
    const short = simulateSchedule(model.spec as never, model.optimizer, 2500, model.metricDriven, model.timm);
    assert.equal(short.rows, 2501);
    near(short.lr[2500], 1e-5 + 2 * ((0.1 - 1e-5) / 5), 'step 2,500 is in epoch 3');
  });

  it('DeepSpeed: deepspeed.initialize(config="ds_config.json") reads the file the host hands over, and engine.step() steps it', () => {
    const src = read('deepspeed_train.py');
    const without = analyze(src);
    assert.equal(without.schedulers.length, 0);
    assert.deepEqual(without.files, [{ path: 'ds_config.json', read: false }]);
    assert.ok(without.diagnostics.some((d) => d.severity === 'info' && /ds_config\.json/.test(d.message)), 'says the config was not read');
    const r = analyze(src, { files: { 'ds_config.json': read('ds_config.json') } });
    assert.deepEqual(r.files, [{ path: 'ds_config.json', read: true }]);
    const f = r.schedulers[0];
    assert.equal(f.kind, 'WarmupDecayLR');
    assert.equal(f.library, 'deepspeed');
    assert.deepEqual(f.optimizer.paramGroups.map((g) => [g.lr, g.betas]), [[3e-4, [0.9, 0.95]]]);
    // 2 epochs × 64,000 samples / 64: the 2,000 steps total_num_steps is sized for.
    assert.equal(f.naturalSteps, 2 * 1000, 'model_engine.step() in the loops steps the scheduler');
    const lr = curveRows(curveFor(f, { steps: 3000 }).curve).map((row) => row[0]);
    assert.equal(lr[0], 0);
    near(lr[101], 3e-4 * (100 / 200), 'linear warm-up (last_batch_iteration = 100)');
    near(lr[1001], 3e-4 * ((2000 - 1000) / 1800), 'linear decay');
    assert.equal(lr[3000], 0);
  });

  it("an unknown argument of a timm, DeepSpeed or diffusers schedule is assumed by the parameter's role (run length, warm-up, lr floor, peak)", () => {
    const src = [
      'import torch',
      'from timm.scheduler import CosineLRScheduler',
      'from deepspeed.runtime.lr_schedules import WarmupDecayLR',
      'from diffusers.optimization import get_scheduler',
      'cfg = load_config()',
      'optimizer = torch.optim.SGD([], lr=0.1)',
      'timm_sched = CosineLRScheduler(optimizer, t_initial=cfg.epochs, warmup_t=cfg.warmup, lr_min=cfg.floor, warmup_lr_init=cfg.start)',
      'ds_sched = WarmupDecayLR(optimizer, total_num_steps=cfg.total, warmup_num_steps=cfg.ds_warm, warmup_max_lr=cfg.peak, warmup_min_lr=cfg.low)',
      'df_sched = get_scheduler("cosine", optimizer, num_warmup_steps=cfg.df_warm, num_training_steps=cfg.df_total)',
      '',
    ].join('\n');
    const r = analyze(src);
    const of = (name: string) => r.schedulers.find((f) => f.name === name)!.assumptions.map((a) => [a.name, a.value, a.reason]);
    // The run length the analysis assumes (100), a tenth of it for the warm-up: never a warm-up as long as the run.
    assert.deepEqual(of('timm_sched'), [
      ['cfg.epochs', 100, 'run length unknown'],
      ['cfg.warmup', 10, 'warm-up length unknown'],
      ['cfg.floor', 0, 'minimum lr unknown'],
      ['cfg.start', 0, 'warm-up start lr unknown'],
    ]);
    assert.deepEqual(of('ds_sched'), [
      ['cfg.total', 100, 'run length unknown'],
      ['cfg.ds_warm', 10, 'warm-up length unknown'],
      ['cfg.peak', 0.01, 'peak lr unknown'],
      ['cfg.low', 0, 'warm-up start lr unknown'],
    ]);
    assert.deepEqual(of('df_sched'), [
      ['cfg.df_warm', 10, 'warm-up length unknown'],
      ['cfg.df_total', 100, 'run length unknown'],
    ]);
  });

  it('DeepSpeed gradient accumulation: engine.step() steps the scheduler once every gradient_accumulation_steps calls, counted over the run', () => {
    const src = read('deepspeed_accumulation.py');
    const cfg = read('ds_config_accumulation.json');
    const r = analyze(src, { files: { 'ds_config_accumulation.json': cfg } });
    const f = r.schedulers[0];
    assert.equal(f.kind, 'WarmupDecayLR');
    // 3 epochs × 1,000 micro-batches (8,000 samples / 8) = 3,000 engine.step() calls, every 4th steps: 750.
    assert.equal(f.naturalSteps, 750);
    assert.match(f.naturalStepsSource, /every 4 \(gradient_accumulation_steps\)/);
    assert.deepEqual(f.stepCalls[0].accumulation, { kind: 'engine', text: '"gradient_accumulation_steps": 4', every: 4 });
    assert.deepEqual(f.diagnostics, [], 'the loops and total_num_steps agree');
    assert.deepEqual(lint(r, src).diagnostics, []);
    // The counter runs over the whole run, not per epoch: 4 × 1,003 calls = 4,012 → ⌊4,012 / 4⌋ = 1,003 (per epoch ⌊1,003 / 4⌋ × 4 = 1,000).
    const odd = analyze(src.replace('torch.randn(8000, 16)', 'torch.randn(8024, 16)').replace('range(3)', 'range(4)'), { files: { 'ds_config_accumulation.json': cfg } }).schedulers[0];
    assert.equal(odd.naturalSteps, 1003);
    // Without accumulation the same loops step it 3,000 times: step-count says so.
    const one = cfg.replace('"gradient_accumulation_steps": 4', '"gradient_accumulation_steps": 1');
    const r1 = analyze(src, { files: { 'ds_config_accumulation.json': one } });
    assert.equal(r1.schedulers[0].stepCalls[0].accumulation, null);
    const d1 = lint(r1, src).diagnostics.filter((d) => d.rule === 'step-count');
    assert.equal(d1.length, 1);
    assert.match(d1[0].message, /WarmupDecayLR is sized for 750 steps \(total_num_steps\) but is stepped 3 × 1,000 = 3,000 times/);
    // gradient_accumulation_steps left out: DeepSpeed derives it from train_batch_size / (micro batch × world size).
    const derived = cfg.replace('"gradient_accumulation_steps": 4', '"train_batch_size": 32');
    const r2 = analyze(src, { files: { 'ds_config_accumulation.json': derived } });
    assert.equal(r2.schedulers[0].naturalSteps, 750);
    assert.deepEqual(r2.assumptions.map((a) => [a.name, a.value]), [['world_size', 1]]);
    assert.deepEqual(r2.schedulers[0].assumptions.map((a) => a.name), ['world_size'], 'the count rests on it');
    // "auto" is filled by transformers' Trainer (or accelerate), not by deepspeed.initialize: an assumption, 1 unless overridden.
    const auto = cfg.replace('"gradient_accumulation_steps": 4', '"gradient_accumulation_steps": "auto"');
    const r3 = analyze(src, { files: { 'ds_config_accumulation.json': auto } }).schedulers[0];
    assert.deepEqual(r3.assumptions.map((a) => [a.name, a.value, a.reason]), [['ds_config["gradient_accumulation_steps"]', 1, 'gradient accumulation unknown']]);
    assert.equal(r3.naturalSteps, 3000);
    const r4 = analyze(src, { files: { 'ds_config_accumulation.json': auto }, assumptions: { 'ds_config["gradient_accumulation_steps"]': 4 } }).schedulers[0];
    assert.equal(r4.naturalSteps, 750);
  });

  it("TrainingArguments(deepspeed=…): DeepSpeed's scheduler with its \"auto\" values filled from the TrainingArguments", () => {
    const src = read('hf_trainer_deepspeed.py');
    const r = analyze(src, { files: { 'ds_config_auto.json': read('ds_config_auto.json') } });
    const f = r.schedulers[0];
    assert.equal(f.kind, 'TrainingArguments');
    assert.equal(f.spec.kind, 'deepspeed.WarmupCosineLR');
    assert.deepEqual(f.spec.args, { total_num_steps: 1000, warmup_num_steps: 100, warmup_type: 'linear', cos_min_ratio: 0.01 });
    const lr = curveRows(curveFor(f).curve).map((row) => row[0]);
    near(lr[51], 2e-5 * (50 / 100), 'warm-up');
    near(lr[500], 2e-5 * Math.max(0, 0.01 + 0.99 * ((1 + Math.cos((Math.PI * (499 - 100 + 1)) / 900)) / 2)), 'cosine');
    // A value that is not "auto" must match the TrainingArguments, as transformers checks.
    const mismatched = read('ds_config_auto.json').replace('"warmup_num_steps": "auto"', '"warmup_num_steps": 50');
    const m = analyze(src, { files: { 'ds_config_auto.json': mismatched } }).schedulers[0];
    assert.ok(m.diagnostics.some((d) => d.severity === 'error' && /scheduler\.params\.warmup_num_steps=50 vs hf warmup_steps=100/.test(d.message)));
    // gradient_accumulation_steps: "auto" takes the TrainingArguments' value; another value must match it.
    const gas = read('ds_config_auto.json').replace('"gradient_accumulation_steps": "auto"', '"gradient_accumulation_steps": 4');
    const g = analyze(src, { files: { 'ds_config_auto.json': gas } }).schedulers[0];
    assert.ok(g.diagnostics.some((d) => d.severity === 'error' && /- ds gradient_accumulation_steps=4 vs hf gradient_accumulation_steps=1\n/.test(d.message)), JSON.stringify(g.diagnostics));
    const same = analyze(src.replace('warmup_steps=100,', 'warmup_steps=100,\n    gradient_accumulation_steps=4,'), { files: { 'ds_config_auto.json': gas } }).schedulers[0];
    assert.deepEqual(same.diagnostics.filter((d) => d.severity === 'error'), []);
    // A schedule without a length of its own (WarmupLR) runs as long as the Trainer: max_steps, not a guess.
    const warmupLr = read('ds_config_auto.json').replace('"type": "WarmupCosineLR"', '"type": "WarmupLR"').replace(', "cos_min_ratio": 0.01', '').replace('"total_num_steps": "auto", ', '');
    const w = analyze(src, { files: { 'ds_config_auto.json': warmupLr } }).schedulers[0];
    assert.equal(w.spec.kind, 'deepspeed.WarmupLR');
    assert.equal(w.naturalSteps, 1000);
  });

  it('what is not modelled yet says so at its line: a custom LRScheduler subclass never constructed (and a config file not read yet)', () => {
    const src = read('nanogpt_style.py');
    const r = analyze(src);
    const infos = r.diagnostics.filter((d) => d.severity === 'info' && /LR Lens (does not|did not|cannot)/.test(d.message)).map((d) => [d.range?.startPos.line, d.message]);
    const lineOf = (needle: string) => src.slice(0, src.indexOf(needle)).split('\n').length - 1;
    assert.deepEqual(infos, [
      [lineOf('class WarmupInverseSqrt'), '`WarmupInverseSqrt` is a custom scheduler class (LRScheduler) that LR Lens did not see constructed with an optimizer, so it draws no curve for it'],
    ]);
    // The hand-written `param_group['lr'] = lr` is drawn now (test/unit/analysis/handwritten.test.ts).
    assert.deepEqual(r.schedulers.map((f) => [f.kind, f.line - 1, f.naturalSteps]), [["hand-written (param_group['lr'])", lineOf("param_group['lr'] = lr"), 600000]]);
    assert.ok(!r.diagnostics.some((d) => /set by hand/.test(d.message)));
    const cfg = analyze('import yaml\nimport torch\ncfg = yaml.safe_load(open("train.yaml"))\nopt = torch.optim.SGD([], lr=cfg["lr"])\nsched = torch.optim.lr_scheduler.StepLR(opt, cfg["step"])\n');
    // A config file is read when the host hands it over (test/unit/analysis/configFiles.test.ts); until then it says so.
    assert.ok(cfg.diagnostics.some((d) => d.severity === 'info' && d.range?.startPos.line === 2 && /`yaml\.safe_load` reads `train\.yaml`, which LR Lens has not read/.test(d.message)));
    // Lightning's frequency is modelled now (test/unit/analysis/lightning.test.ts): nothing is said about it here.
    const pl = analyze('def configure_optimizers(self):\n    return {"optimizer": opt, "lr_scheduler": {"scheduler": s, "interval": "step", "frequency": 10}}\n');
    assert.ok(!pl.diagnostics.some((d) => /frequency/.test(d.message)));
  });

  it("an unknown `if not need_update: continue` guard is assumed false, so timm's step_update after it is seen (train.py)", () => {
    const src = [
      'import torch',
      'from timm.scheduler import CosineLRScheduler',
      'optimizer = torch.optim.SGD([], lr=0.1)',
      'scheduler = CosineLRScheduler(optimizer, t_initial=10, t_in_epochs=False)',
      'num_updates = 0',
      'for epoch in range(2):',
      '    for batch_idx, batch in enumerate(range(5)):',
      '        need_update = accelerator.sync_gradients',
      '        if not need_update:',
      '            continue',
      '        optimizer.step()',
      '        num_updates += 1',
      '        scheduler.step_update(num_updates=num_updates)',
      '    scheduler.step(epoch + 1)',
      '',
    ].join('\n');
    const r = analyze(src);
    const f = r.schedulers[0];
    assert.deepEqual(f.timm && [f.timm.epochs, f.timm.updatesPerEpoch, f.timm.epochCalls], [2, 5, true]);
    const lr = curveRows(curveFor(f).curve).map((row) => row[0]);
    near(lr[3], 0.5 * 0.1 * (1 + Math.cos((Math.PI * 3) / 10)), 'after step_update(3)');
  });
});
