// A user's subclass of torch's LRScheduler (issue 16, item 4): the class's own __init__ and get_lr
// run by the interpreter on the engine's base class, end to end from Python source against the
// real torch (test/fixtures/subclass.json, scripts/make-subclass-fixture.py), and what LR Lens says
// about a class it cannot run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor, curveRows } from '../../../src/core/model/curves';
import type { SchedulerFinding } from '../../../src/core/model/types';
import { simulate } from '../../../src/core/engine';
import { specWithEdits } from '../../../src/features/chart/protocol/models';
import { compareRows } from '../helpers/oracle';

interface SubclassCase {
  id: string;
  source: string;
  steps: number;
  lr?: number[][];
  error?: { at_step: number; type: string; message: string };
  /** Computed with numpy's cos (numpy's own code, not the C library's): compared to 1e-12 of the peak. */
  numpy_cos?: boolean;
}
const FIXTURE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../test/fixtures/subclass.json'), 'utf8')) as { prelude: string; library_version: string; cases: SubclassCase[] };
const SCRIPTS = path.resolve(__dirname, '../../../../test/fixtures/scripts');

function named(result: ReturnType<typeof analyze>, name: string): SchedulerFinding {
  const f = result.schedulers.find((s) => s.aliases.includes(name));
  assert.ok(f, `no scheduler assigned to '${name}' (found ${result.schedulers.map((s) => s.kind + ':' + s.name).join(', ')}; diagnostics ${result.diagnostics.map((d) => d.message).join(' | ')})`);
  return f;
}

const infos = (result: ReturnType<typeof analyze>) => result.diagnostics.filter((d) => d.severity === 'info').map((d) => d.message);

describe('LRScheduler subclasses: end to end from source against the real torch', () => {
  it('the fixture was recorded from torch and has curves and an error', () => {
    assert.match(FIXTURE.library_version, /^\d+\.\d+/);
    assert.ok(FIXTURE.cases.filter((c) => c.lr).length >= 9);
    assert.ok(FIXTURE.cases.some((c) => c.error));
  });

  for (const c of FIXTURE.cases) {
    it(c.id, () => {
      const result = analyze(FIXTURE.prelude + '\n' + c.source);
      const f = named(result, 'scheduler');
      assert.equal(f.library, 'torch');
      assert.deepEqual(f.assumptions.map((a) => a.name), []);
      assert.deepEqual(infos(result).filter((m) => /custom scheduler class/.test(m)), [], 'a class that is drawn has no "not modelled" info');
      const { curve } = curveFor(f, { steps: c.steps });
      if (c.error) {
        assert.ok(curve.error, `expected ${c.error.type}: ${c.error.message}`);
        assert.equal(curve.error.atStep, c.error.at_step);
        assert.equal(curve.error.type, c.error.type);
        assert.equal(curve.error.message, c.error.message);
        return;
      }
      assert.equal(curve.error, undefined, curve.error?.message);
      const expected = c.lr as number[][];
      if (!c.numpy_cos) {
        assert.equal(compareRows(curveRows(curve), expected), null);
        return;
      }
      // numpy's cos differs from the C library's in the last bit for most arguments, and 1 + cos x
      // cancels near the end of the cosine: each value to 1e-12 of the curve's peak there.
      const peak = Math.max(...expected.flat().map(Math.abs));
      const rows = curveRows(curve);
      assert.equal(rows.length, expected.length);
      rows.forEach((r, k) => r.forEach((v, g) => assert.ok(Math.abs(v - expected[k][g]) <= 1e-12 * peak, `row ${k} group ${g}: got ${v}, expected ${expected[k][g]}`)));
    });
  }

  it('names the finding by the class and the base it derives', () => {
    const byId = (id: string) => FIXTURE.cases.find((c) => c.id === `torch/subclass/${id}`) as SubclassCase;
    const kind = (id: string) => named(analyze(FIXTURE.prelude + '\n' + byId(id).source), 'scheduler').kind;
    assert.equal(kind('uva-cosine-warmup'), 'CosineWarmupScheduler (_LRScheduler subclass)');
    assert.equal(kind('chainable-step-decay'), 'StepDecay (LRScheduler subclass)');
    assert.equal(kind('subclass-of-subclass'), 'WarmupHold (_LRScheduler subclass)');
    assert.equal(kind('cosine-annealing-subclass'), 'MyCosine (CosineAnnealingLR subclass)');
    const f = named(analyze(FIXTURE.prelude + '\n' + byId('uva-cosine-warmup').source), 'scheduler');
    assert.deepEqual(f.params, { warmup: 50, max_iters: 400 });
    assert.deepEqual(f.arguments.map((a) => a.name), ['optimizer', 'warmup', 'max_iters']);
  });

  it("an argument edited in the chart reaches the class's __init__ (warmup 50 → 100): the curve of the code that says 100", () => {
    const c = FIXTURE.cases.find((x) => x.id === 'torch/subclass/uva-cosine-warmup') as SubclassCase;
    const f = named(analyze(FIXTURE.prelude + '\n' + c.source), 'scheduler');
    const edited = simulate(specWithEdits(f.spec, f.id, () => [], { [f.id]: { warmup: 100 } }), f.optimizer, { steps: 400 });
    const g = named(analyze(FIXTURE.prelude + '\n' + c.source.replace('warmup=50', 'warmup=100')), 'scheduler');
    assert.deepEqual(curveRows(edited), curveRows(curveFor(g, { steps: 400 }).curve));
    assert.notDeepEqual(curveRows(edited), curveRows(curveFor(f, { steps: 400 }).curve));
  });

  it('SequentialLR hands over to the subclass at its milestone with _get_closed_form_lr, as torch does', () => {
    const c = FIXTURE.cases.find((x) => x.id === 'torch/subclass/poly-in-sequential') as SubclassCase;
    const result = analyze(FIXTURE.prelude + '\n' + c.source);
    const seq = named(result, 'scheduler');
    assert.equal(seq.kind, 'SequentialLR');
    assert.ok(result.schedulers.some((s) => s.kind === 'PolyDecay (LRScheduler subclass)' && s.parent === seq.id));
  });
});

describe('LRScheduler subclasses: the idioms of real scripts', () => {
  it('the UvA tutorial module: the scheduler of configure_optimizers, stepped by optimizer_step (per optimizer step), its arguments from save_hyperparameters', () => {
    const result = analyze(fs.readFileSync(path.join(SCRIPTS, 'subclass_uva_lightning.py'), 'utf8'));
    const f = result.schedulers.find((s) => s.kind === 'CosineWarmupScheduler (_LRScheduler subclass)');
    assert.ok(f, JSON.stringify(result.diagnostics));
    assert.deepEqual(infos(result).filter((m) => /custom scheduler class/.test(m)), []);
    // Stepped in optimizer_step, which Lightning calls once per optimizer step; drawn over its max_iters.
    assert.equal(f.unit, 'step');
    assert.equal(f.naturalSteps, 2000);
    const { curve } = curveFor(f, { steps: 2000 });
    assert.equal(curve.error, undefined);
    const rows = curveRows(curve);
    // warm-up to 5e-4 × ½(1 + cos(π·100/2000)) at step 100, then cosine to 0 at 2000.
    assert.equal(rows[0][0], 0);
    assert.ok(Math.abs(rows[100][0] - 5e-4 * 0.5 * (1 + Math.cos((Math.PI * 100) / 2000))) < 1e-18);
    assert.ok(Math.abs(rows[2000][0]) < 1e-18);
  });

  it('returned from configure_optimizers with "interval": "step": Lightning steps it per batch, as long as the Trainer runs', () => {
    const src = [
      'import lightning as L',
      'import torch',
      'from torch.optim.lr_scheduler import LRScheduler',
      'class InverseSqrt(LRScheduler):',
      '    def __init__(self, optimizer, warmup_steps):',
      '        self.warmup_steps = warmup_steps',
      '        super().__init__(optimizer)',
      '    def get_lr(self):',
      '        step = max(1, self._step_count)',
      '        return [b * min(step / self.warmup_steps, (self.warmup_steps / step) ** 0.5) for b in self.base_lrs]',
      'class Model(L.LightningModule):',
      '    def configure_optimizers(self):',
      '        opt = torch.optim.AdamW(self.parameters(), lr=1e-3)',
      '        sched = InverseSqrt(opt, warmup_steps=self.trainer.max_steps // 10)',
      '        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}',
      'trainer = L.Trainer(max_steps=400)',
      '',
    ].join('\n');
    const result = analyze(src);
    const f = named(result, 'sched');
    assert.equal(f.kind, 'InverseSqrt (LRScheduler subclass)');
    assert.equal(f.unit, 'step');
    assert.equal(f.naturalSteps, 400);
    assert.equal(f.naturalStepsSource, 'Trainer(max_steps=400)');
    assert.deepEqual(f.params, { warmup_steps: 40 });
    assert.deepEqual(f.assumptions, []);
    const rows = curveRows(curveFor(f).curve);
    // _step_count is 1 after construction, k + 1 after k steps.
    assert.equal(rows[0][0], 1e-3 * (1 / 40));
    assert.equal(rows[99][0], 1e-3 * Math.min(100 / 40, (40 / 100) ** 0.5));
  });

  it('a get_lr reading an unknown global makes it a named assumption of the finding', () => {
    const src = [
      'import torch',
      'from torch.optim.lr_scheduler import LRScheduler',
      'from my_project import get_config',
      'args = get_config()',
      'class Warm(LRScheduler):',
      '    def __init__(self, optimizer):',
      '        super().__init__(optimizer)',
      '    def get_lr(self):',
      '        return [b * min(1.0, (self.last_epoch + 1) / args.warmup_steps) for b in self.base_lrs]',
      'model = torch.nn.Linear(2, 2)',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
      'scheduler = Warm(optimizer)',
      'for step in range(100):',
      '    optimizer.step()',
      '    scheduler.step()',
      '',
    ].join('\n');
    const result = analyze(src);
    const f = named(result, 'scheduler');
    assert.deepEqual(f.assumptions.map((a) => a.name), ['args.warmup_steps']);
    const { curve } = curveFor(f, { steps: 10 });
    const w = f.assumptions[0].value as number;
    assert.equal(curveRows(curve)[3][0], 0.1 * Math.min(1, 4 / w));
  });

  it('a class LR Lens cannot run keeps the info at its line, saying why', () => {
    const head = ['import torch', 'from torch.optim.lr_scheduler import _LRScheduler, StepLR', 'model = torch.nn.Linear(2, 2)', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)'];
    const cases: [string, string[], RegExp][] = [
      [
        'its get_lr calls what the file does not define',
        ['class A(_LRScheduler):', '    def get_lr(self):', '        return [lookup_table(self.last_epoch) for _ in self.base_lrs]', 'scheduler = A(optimizer)'],
        /`A` is a custom scheduler class \(_LRScheduler\): LR Lens cannot run it \(NameError: .*lookup_table/,
      ],
      ['it steps another scheduler', ['class B(_LRScheduler):', '    def __init__(self, optimizer, after):', '        self.after = after', '        super().__init__(optimizer)', '    def get_lr(self):', '        return self.base_lrs', '    def step(self, epoch=None):', '        self.after.step()', 'scheduler = B(optimizer, StepLR(optimizer, 3))'], /LR Lens cannot run it \(it overrides step\(\)\)/],
      ['no get_lr', ['class C(_LRScheduler):', '    pass', 'scheduler = C(optimizer)'], /LR Lens cannot run it \(it defines no get_lr\)/],
      ['never constructed', ['class D(_LRScheduler):', '    def get_lr(self):', '        return self.base_lrs'], /`D` is a custom scheduler class \(_LRScheduler\) that LR Lens did not see constructed with an optimizer/],
    ];
    for (const [what, body, re] of cases) {
      const result = analyze([...head, ...body, ''].join('\n'));
      assert.ok(!result.schedulers.some((s) => / subclass\)$/.test(s.kind)), `${what}: no subclass finding`);
      const m = infos(result).filter((x) => /custom scheduler class/.test(x));
      assert.equal(m.length, 1, `${what}: ${JSON.stringify(infos(result))}`);
      assert.match(m[0], re, what);
      const d = result.diagnostics.find((x) => x.message === m[0]);
      assert.equal(d?.range?.startPos.line, head.length, `${what}: at the class line`);
    }
  });

  it('a get_lr that never returns stops at its operation budget, said at the step, never a partial curve silently', () => {
    const src = [
      'import torch',
      'from torch.optim.lr_scheduler import LRScheduler',
      'class Spin(LRScheduler):',
      '    def get_lr(self):',
      '        if self.last_epoch >= 3:',
      '            while True:',
      '                pass',
      '        return [b for b in self.base_lrs]',
      'model = torch.nn.Linear(2, 2)',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
      'scheduler = Spin(optimizer)',
      '',
    ].join('\n');
    const f = named(analyze(src), 'scheduler');
    const { curve } = curveFor(f, { steps: 10 });
    assert.equal(curve.rows, 3);
    assert.equal(curve.error?.atStep, 3);
    assert.equal(curve.error?.type, 'RuntimeError');
    assert.match(curve.error?.message ?? '', /Spin\.get_lr exceeded its 10,000-operation budget/);
  });

  it('the simulation budget bounds all the steps together, with the message of every lr function', () => {
    const c = FIXTURE.cases.find((x) => x.id === 'torch/subclass/uva-cosine-warmup') as SubclassCase;
    const f = named(analyze(FIXTURE.prelude + '\n' + c.source), 'scheduler');
    const { curve } = curveFor(f, { steps: 100_000, budget: 1_000_000 });
    assert.ok(curve.error, 'stopped');
    assert.equal(curve.error.type, 'BudgetError');
    assert.match(curve.error.message, /used up the simulation budget of 1,000,000 operations/);
    assert.ok(curve.rows > 1000 && curve.rows < 100_000, `${curve.rows} rows`);
  });
});
