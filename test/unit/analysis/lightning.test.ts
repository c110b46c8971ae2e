// Lightning (issue 16, item 7): `frequency` in the lr_scheduler dict, `trainer.estimated_stepping_batches`
// and `Trainer(max_epochs=…, max_steps=…, accumulate_grad_batches=…)`, as Lightning 2.x computes them
// (trainer.py's estimated_stepping_batches, training_epoch_loop.py's _update_learning_rates).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor, curveRows } from '../../../src/core/model/curves';
import type { AnalysisResult, SchedulerFinding } from '../../../src/core/model/types';

const SCRIPTS = path.resolve(__dirname, '../../../../test/fixtures/scripts');
const byName = (r: AnalysisResult, name: string): SchedulerFinding => {
  const f = r.schedulers.find((s) => s.name === name);
  assert.ok(f, `${name}: ${r.schedulers.map((s) => s.name).join(', ')}`);
  return f;
};

/** A module whose configure_optimizers returns `ret` (with `sched` built from `ctor`), and the file's Trainer. */
function module(ctor: string, ret: string, trainer: string): string {
  return [
    'import lightning as L',
    'import torch',
    'class M(L.LightningModule):',
    '    def configure_optimizers(self):',
    '        opt = torch.optim.SGD(self.parameters(), lr=0.1)',
    `        sched = ${ctor}`,
    `        return ${ret}`,
    `trainer = L.Trainer(${trainer})`,
    '',
  ].join('\n');
}

describe('Lightning: frequency, estimated_stepping_batches, the Trainer', () => {
  // Analyzed in each test, not once in the describe body: mutation testing ties what a test runs to that test.
  const fixture = () => analyze(fs.readFileSync(path.join(SCRIPTS, 'lightning_frequency.py'), 'utf8'));

  it('estimated_stepping_batches = ceil(batches / accumulate_grad_batches) × max_epochs, the batches a named assumption', () => {
    const f = byName(fixture(), 'scheduler');
    assert.equal(f.kind, 'OneCycleLR');
    assert.equal(f.params.total_steps, Math.ceil(1000 / 4) * 12);
    assert.deepEqual(f.assumptions.map((a) => [a.name, a.value]), [['len(trainer.train_dataloader)', 1000]]);
    assert.equal(f.naturalSteps, 3000);
    // The assumption moves it: 800 batches → 200 optimizer steps an epoch.
    const g = byName(analyze(fs.readFileSync(path.join(SCRIPTS, 'lightning_frequency.py'), 'utf8'), { assumptions: { 'len(trainer.train_dataloader)': 800 } }), 'scheduler');
    assert.equal(g.params.total_steps, 2400);
  });

  it('interval "epoch", frequency 2: stepped after epochs 2, 4, …, 12 — 6 steps, no batch count needed', () => {
    const f = byName(fixture(), 'decay');
    assert.equal(f.unit, 'epoch');
    assert.equal(f.naturalSteps, 6);
    assert.equal(f.naturalStepsSource, 'Trainer(max_epochs=12, accumulate_grad_batches=4), frequency 2');
    assert.deepEqual(f.assumptions, []);
    assert.ok(f.diagnostics.some((d) => d.severity === 'info' && /once every 2 epochs \(`frequency`\)/.test(d.message)));
    assert.deepEqual(curveRows(curveFor(f).curve).map((x) => x[0]), [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]);
  });

  it('interval "step", frequency 10 with accumulation 4: batch_idx + 1 a multiple of 10 on a batch that steps the optimizer (50 an epoch)', () => {
    const f = byName(fixture(), 'warmup');
    assert.equal(f.unit, 'step');
    assert.equal(f.naturalSteps, 50 * 12);
    assert.ok(f.diagnostics.some((d) => /once every 10 batches/.test(d.message)));
  });

  it('a frequency longer than an epoch never fires (batch_idx starts again each epoch): no step, and a warning', () => {
    const f = byName(fixture(), 'rare');
    assert.equal(f.naturalSteps, 0);
    assert.ok(f.diagnostics.some((d) => d.severity === 'warning' && /never steps this scheduler: its frequency 5000 is more than the 1000 batches of an epoch/.test(d.message)));
    assert.deepEqual(curveRows(curveFor(f).curve), [[1e-3]]);
  });

  it('interval "epoch" with a frequency beyond the epochs the Trainer runs: never stepped, and a warning', () => {
    const src = module('torch.optim.lr_scheduler.StepLR(opt, 1)', '[opt], [{"scheduler": sched, "interval": "epoch", "frequency": 20}]', 'max_epochs=12');
    const f = byName(analyze(src), 'sched');
    assert.equal(f.naturalSteps, 0);
    assert.ok(f.diagnostics.some((d) => d.severity === 'warning' && /its frequency 20 is more than the 12 epochs the Trainer runs/.test(d.message)));
  });

  it('the last batch of an epoch steps the optimizer, accumulated or not', () => {
    // 10 batches, accumulate 4: optimizer steps after batches 4, 8 and 10; frequency 5 fires on batch 10 only.
    const src = module('torch.optim.lr_scheduler.StepLR(opt, 1)', '{"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step", "frequency": 5}}', 'max_epochs=3, accumulate_grad_batches=4');
    const f = byName(analyze(src, { assumptions: { 'len(trainer.train_dataloader)': 10 } }), 'sched');
    assert.equal(f.naturalSteps, 3);
    // max_steps stops part-way: 7 optimizer steps are two epochs and one step of the third (which does not fire).
    const g = byName(analyze(src.replace('max_epochs=3,', 'max_epochs=3, max_steps=7,'), { assumptions: { 'len(trainer.train_dataloader)': 10 } }), 'sched');
    assert.equal(g.naturalSteps, 2);
  });

  it('max_steps without max_epochs: estimated_stepping_batches is max_steps, with no assumption', () => {
    const src = module('torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=self.trainer.estimated_stepping_batches)', '{"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}', 'max_steps=5000');
    const f = byName(analyze(src), 'sched');
    assert.equal(f.params.T_max, 5000);
    assert.equal(f.naturalSteps, 5000);
    assert.deepEqual(f.assumptions, []);
  });

  it('no max_epochs nor max_steps: Lightning runs 1000 epochs; accumulate_grad_batches read from the Trainer', () => {
    const src = module('torch.optim.lr_scheduler.LinearLR(opt, total_iters=self.trainer.estimated_stepping_batches // self.trainer.accumulate_grad_batches)', '[opt], [sched]', 'accumulate_grad_batches=2');
    const f = byName(analyze(src, { assumptions: { 'len(trainer.train_dataloader)': 6 } }), 'sched');
    assert.equal(f.params.total_iters, Math.floor((3 * 1000) / 2));
    assert.equal(f.unit, 'epoch');
    assert.equal(f.naturalSteps, 1000);
  });

  it('a scheduler stepped in optimizer_step is stepped once per optimizer step, as long as the Trainer runs', () => {
    const src = [
      'import lightning as L',
      'import torch',
      'class M(L.LightningModule):',
      '    def configure_optimizers(self):',
      '        opt = torch.optim.SGD(self.parameters(), lr=0.1)',
      '        self.sched = torch.optim.lr_scheduler.StepLR(opt, step_size=100)',
      '        return opt',
      '    def optimizer_step(self, *args, **kwargs):',
      '        super().optimizer_step(*args, **kwargs)',
      '        self.sched.step()',
      'trainer = L.Trainer(max_steps=300)',
      '',
    ].join('\n');
    const f = analyze(src).schedulers[0];
    assert.equal(f.unit, 'step');
    assert.equal(f.naturalSteps, 300);
    assert.equal(f.naturalStepsSource, 'Trainer(max_steps=300)');
  });

  it('frequency is no longer reported as not modelled', () => {
    assert.ok(!fixture().diagnostics.some((d) => /frequency/.test(d.message)));
  });
});
