// program.ts's discovery pinned by value (issue 20): which top-level blocks run() reads (import
// aliases, callers of functions that build schedulers over a bounded number of rounds, functions
// and classes nobody calls, in which order), how one regex pass marks the blocks its matches fall
// in, what a standalone run of a function or method does when the name is not a plain function or
// class, and how a stop inside such a run is said.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import type { AnalysisResult } from '../../../src/core/model/types';
import { diagsAt, newProgram } from './programPinnedHelpers';

/** The file's diagnostics as [severity, message, line, start, end]. */
const diags = diagsAt;
/** Each finding as [kind, name, 1-based line, params, first group's lr]. */
const found = (r: AnalysisResult) => r.schedulers.map((f) => [f.kind, f.name, f.line, f.params, f.optimizer.paramGroups[0]?.lr]);
const program = (src: string) => newProgram(src);

const ALIASED = 'import torch\nfrom torch.optim.lr_scheduler import StepLR as S\nopt = torch.optim.SGD(params, lr=0.1)\nsched = S(opt, step_size=3)\n';

describe('program.ts discovery pinned by value', () => {
  it('import aliases: only an import that names a scheduler makes its `as` names triggers, whatever the spacing and however many', () => {
    const base = analyze(ALIASED);
    assert.deepEqual(found(base), [['StepLR', 'sched', 4, { step_size: 3 }, 0.1]]);
    // numpy's alias is no scheduler's: the statements that use it are never read.
    const np = analyze('import numpy as np\n' + ALIASED + 'data = np.zeros(10)\nmean = np.mean(data)\n');
    assert.deepEqual(found(np), [['StepLR', 'sched', 5, { step_size: 3 }, 0.1]]);
    assert.equal(np.stats.ops, base.stats.ops);
    // Nor the alias a compound statement binds (the `try:` of a version-compatible import).
    const compat = 'import torch\ntry:\n    from torch.optim.lr_scheduler import LRScheduler as Base\nexcept ImportError:\n    from torch.optim.lr_scheduler import _LRScheduler as Base\nopt = torch.optim.SGD(params, lr=0.1)\n';
    assert.equal(analyze(compat + 'print(Base.__name__)\n').stats.ops, analyze(compat).stats.ops);
    // Aligned aliases (several spaces after `as`), names longer than a letter, two in one import.
    const aligned = analyze('import torch\nfrom torch.optim.lr_scheduler import StepLR as     Step\nfrom torch.optim.lr_scheduler import CosineAnnealingLR as Cosine, LinearLR as Linear\nopt = torch.optim.SGD(params, lr=0.1)\nsched = Step(opt, step_size=3)\nwarm = Linear(opt, start_factor=0.5, total_iters=4)\ncos = Cosine(opt, T_max=7)\n');
    assert.deepEqual(found(aligned), [
      ['StepLR', 'sched', 5, { step_size: 3 }, 0.1],
      ['LinearLR', 'warm', 6, { start_factor: 0.5, total_iters: 4 }, 0.1],
      ['CosineAnnealingLR', 'cos', 7, { T_max: 7 }, 0.1],
    ]);
    // A statement that calls something else is not read because an alias exists.
    assert.equal(analyze(ALIASED + 'torch.manual_seed(0)\nprint("training")\n').stats.ops, base.stats.ops);
  });

  it('a match of an alias in a comment between statements or after the last one marks no statement', () => {
    const src =
      'import torch\nfrom torch.optim.lr_scheduler import OneCycleLR as OneCycle\nopt = torch.optim.AdamW(model.parameters(), lr=3e-4)\n# OneCycle(...) below ramps up to max_lr, then anneals\ntorch.manual_seed(0)\nsched = OneCycle(opt, max_lr=1e-3, total_steps=1000)\n';
    const plain = analyze(src);
    assert.deepEqual(found(plain), [['OneCycleLR', 'sched', 6, { max_lr: 0.001, total_steps: 1000 }, 3e-4]]);
    assert.deepEqual(diags(plain), []);
    assert.equal(plain.stats.ops, analyze(src.replace('# OneCycle(...)', '# The schedule')).stats.ops);
    // The last statement is followed by a comment that names the alias.
    const trailing = analyze(src + '\n# remember: OneCycle.step() goes after every batch\n');
    assert.deepEqual(found(trailing), found(plain));
    assert.deepEqual(diags(trailing), []);
    assert.equal(trailing.stats.ops, plain.stats.ops);
  });

  it('callers of a function that builds a scheduler are read up to four calls away; the fifth runs the function on its own', () => {
    const chain = (k: number) => {
      let s = 'import torch\ndef f0(o, n):\n    return torch.optim.lr_scheduler.StepLR(o, step_size=n)\n';
      for (let i = 1; i <= k; i++) s += `def f${i}(o, n):\n    return f${i - 1}(o, n)\n`;
      return s + `opt = torch.optim.SGD(params, lr=0.1)\nsched = f${k}(opt, 3)\n`;
    };
    // The top-level call four functions from the construction is read: the call's arguments are used.
    assert.deepEqual(found(analyze(chain(3))), [['StepLR', 'sched', 5, { step_size: 3 }, 0.1]]);
    // Five: the statement is not found; the last function marked is run on its own, its parameters unknown.
    const far = analyze(chain(4));
    assert.deepEqual(found(far), [['StepLR', null, 3, { step_size: 33 }, 0.001]]);
    assert.deepEqual(
      far.schedulers[0].assumptions.map((a) => [a.name, a.value, a.reason]),
      [
        ['n', 33, 'period unknown'],
        ['optimizer lr', 0.001, 'optimizer `o` not found in the code'],
      ],
    );
  });

  it('a call of a function that builds no scheduler is not read, nor is it read because another function builds one', () => {
    const src = 'import torch\ndef make(o):\n    return torch.optim.lr_scheduler.StepLR(o, step_size=3)\nopt = torch.optim.SGD(params, lr=0.1)\nsched = make(opt)\n';
    const base = analyze(src);
    assert.deepEqual(found(base), [['StepLR', 'sched', 5, { step_size: 3 }, 0.1]]);
    const seeded = analyze(src + 'def seed_everything(seed):\n    random.seed(seed)\n    return seed\nseed = seed_everything(42)\ntorch.manual_seed(seed)\n');
    assert.deepEqual(found(seeded), found(base));
    assert.equal(seeded.stats.ops, base.stats.ops);
  });

  it('a bare call of a function at the start of a statement (`train(5)`) is read: its arguments are the call\'s', () => {
    const src =
      'import torch\ndef train(epochs):\n    opt = torch.optim.SGD(params, lr=0.1)\n    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)\n    for epoch in range(epochs):\n        opt.step()\n        sched.step()\ntrain(5)\n';
    const r = analyze(src);
    assert.deepEqual(found(r), [['CosineAnnealingLR', 'sched', 4, { T_max: 5 }, 0.1]]);
    assert.deepEqual(r.schedulers[0].assumptions, []);
  });

  it('the statements are read first, then the functions nobody calls, then the classes: the files they ask for come in that order', () => {
    const src = `import hydra, json, torch
from dataclasses import dataclass

@hydra.main(config_path="conf", config_name="train")
def main(cfg):
    opt = torch.optim.SGD(params, lr=cfg.lr)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=cfg.step_size)

@dataclass
class SchedulerConfig:
    defaults = json.load(open("scheduler_defaults.json"))
    warmup_steps: int = 100

ds = json.load(open("ds_config.json"))
opt = torch.optim.SGD(params, lr=ds["lr"])
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3)
`;
    const r = analyze(src);
    assert.deepEqual(r.files, [
      { path: 'ds_config.json', read: false },
      { path: 'conf/train.yaml', read: false },
      { path: 'scheduler_defaults.json', read: false },
    ]);
    assert.deepEqual(diags(r).map((d) => d.slice(2)), [
      [13, 375, 408],
      [3, 62, 113],
      [10, 298, 340],
    ]);
    assert.deepEqual(found(r), [
      ['StepLR', 'sched', 16, { step_size: 3 }, 0.001],
      ['StepLR', 'sched', 7, { step_size: 33 }, 0.001],
    ]);
  });

  it("a main() that fits a LightningModule is read before the module's own methods: the Trainer's max_epochs is used", () => {
    const cls =
      'import torch\nimport lightning as L\nclass LitModel(L.LightningModule):\n    def configure_optimizers(self):\n        opt = torch.optim.AdamW(self.parameters(), lr=3e-4)\n        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=self.trainer.max_epochs)\n        return [opt], [sched]\n';
    const main = 'def main():\n    model = LitModel()\n    trainer = L.Trainer(max_epochs=20)\n    trainer.fit(model)\n';
    const r = analyze(cls + main);
    assert.deepEqual(
      r.schedulers.map((f) => [f.kind, f.line, f.params, f.naturalSteps, f.assumptions.length]),
      [['CosineAnnealingLR', 6, { T_max: 20 }, 20, 0]],
    );
    // Alone, the method is run on its own and the Trainer's max_epochs is an assumption.
    assert.deepEqual(
      analyze(cls).schedulers.map((f) => [f.params, f.assumptions.map((a) => [a.name, a.value, a.reason])]),
      [[{ T_max: 100 }, [['self.trainer.max_epochs', 100, 'run length unknown']]]],
    );
    // A helper function nobody calls that builds nothing is not run: it costs no operation.
    const helper = (body: string) => analyze(cls + main + 'def collate(batch):\n' + body);
    assert.equal(helper('    return [torch.as_tensor(b) * 2 for b in batch]\n').stats.ops, analyze(cls + main).stats.ops);
    assert.equal(helper('    return batch\n').stats.ops, analyze(cls + main).stats.ops);
  });

  it('a class method nobody calls is run on its own only when it mentions the schedule', () => {
    const cls = (validation: string) =>
      'import torch\nimport lightning as L\nclass LitModel(L.LightningModule):\n    def configure_optimizers(self):\n        opt = torch.optim.AdamW(self.parameters(), lr=3e-4)\n        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10)\n        return [opt], [sched]\n    def validation_step(self, batch, batch_idx):\n' +
      validation;
    const busy = analyze(cls('        x, y = batch\n        loss = self.loss_fn(self(x), y)\n        self.log("val_loss", loss)\n        return {"val_loss": loss, "n": len(x) * 2}\n'));
    const idle = analyze(cls('        pass\n'));
    assert.deepEqual(found(busy), [['CosineAnnealingLR', 'sched', 6, { T_max: 10 }, 3e-4]]);
    assert.deepEqual(diags(busy), []);
    assert.equal(busy.stats.ops, idle.stats.ops);
  });

  it('a function that builds a scheduler but is skipped (too deeply nested) is said once and the rest is read', () => {
    const r = analyze(
      'import torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=3)\ndef make(o):\n    w = ' +
        '('.repeat(160) +
        '1' +
        ')'.repeat(160) +
        '\n    return torch.optim.lr_scheduler.StepLR(o, step_size=w)\n',
    );
    assert.deepEqual(found(r), [['StepLR', 'sched', 3, { step_size: 3 }, 0.1]]);
    assert.deepEqual(diags(r), [['info', 'Skipped a statement with nesting deeper than 150 brackets', 3, 109, 309]]);
  });

  it('one construction inside a helper called twice, not handed back as a scheduler: two findings at the construction', () => {
    const r = analyze(
      'import torch\nfrom warmup_scheduler import GradualWarmupScheduler\ndef build(opt):\n    after = torch.optim.lr_scheduler.StepLR(opt, step_size=10)\n    sched = GradualWarmupScheduler(opt, multiplier=1, total_epoch=5, after_scheduler=after)\n    return sched\nopt1 = torch.optim.SGD(a, lr=0.1)\nopt2 = torch.optim.SGD(b, lr=0.01)\ns1 = build(opt1)\ns2 = build(opt2)\n',
    );
    assert.deepEqual(diags(r), []);
    assert.deepEqual(
      r.schedulers.map((f) => [f.kind, f.name, f.line, f.definedAt, f.params, f.optimizer.paramGroups[0].lr]),
      [
        ['StepLR', 'after', 4, undefined, { step_size: 10 }, 0.1],
        ['StepLR', 'after', 4, undefined, { step_size: 10 }, 0.01],
      ],
    );
  });

  it('a function or method a decorator turned into something else is not run on its own, and no error is said', () => {
    const compiled = 'import torch\ndef compiled(fn):\n    return torch.compile(fn, mode="max-autotune")\n';
    const fn = analyze(compiled + '@compiled\ndef make_scheduler(opt):\n    return torch.optim.lr_scheduler.StepLR(opt, step_size=3)\ndef main():\n    opt = torch.optim.SGD(params, lr=0.1)\n    s = torch.optim.lr_scheduler.StepLR(opt, step_size=5)\n');
    assert.deepEqual(diags(fn), []);
    assert.deepEqual(found(fn), [['StepLR', 's', 9, { step_size: 5 }, 0.1]]);
    const method = analyze(
      compiled +
        'class Model:\n    @compiled\n    def training_step_scheduler(self, opt):\n        return torch.optim.lr_scheduler.StepLR(opt, step_size=3)\n    def configure(self):\n        opt = torch.optim.AdamW(self.parameters(), lr=3e-4)\n        return torch.optim.lr_scheduler.StepLR(opt, step_size=4)\n',
    );
    assert.deepEqual(diags(method), []);
    assert.deepEqual(found(method), [['StepLR', null, 10, { step_size: 4 }, 3e-4]]);
  });

  it('a class whose statement raised (its base is out of range) is not run on its own: only the error is said', () => {
    const r = analyze('import torch\nBASES = []\nclass Warmup(BASES[0]):\n    def get_lr(self):\n        return [0.1 for g in self.optimizer.param_groups]\n');
    assert.deepEqual(diags(r), [['warning', 'IndexError: list index out of range', 2, 24, 127]]);
    assert.deepEqual(r.schedulers, []);
  });

  it('a budget stop inside a function nobody calls is said at that function, also one the parser recovered after a broken line', () => {
    const whole = analyze('import torch\ndef main():\n    opt = torch.optim.SGD(params, lr=0.1)\n    total = sum(range(10**8))\n    s = torch.optim.lr_scheduler.StepLR(opt, step_size=total)\n');
    assert.deepEqual(diags(whole), [['warning', 'Analysis stopped early: range too long for the operation budget', 1, 13, 158]]);
    assert.deepEqual(whole.schedulers, []);
    // An `else` without its colon (being typed): the def inside it is the statement's second.
    const recovered = analyze('import torch\ndef main():\n    pass\nelse\n    def train():\n        opt = torch.optim.SGD(params, lr=0.1)\n        total = sum(range(10**8))\n        s = torch.optim.lr_scheduler.StepLR(opt, step_size=total)\n');
    assert.deepEqual(diags(recovered), [['warning', 'Analysis stopped early: range too long for the operation budget', 4, 43, 201]]);
  });

  it('a stack overflow while a statement runs stops the analysis with its reason', () => {
    const P = program('import torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=3)\n');
    const I = P.interp as unknown as { execInner: (...args: unknown[]) => number };
    const execInner = I.execInner.bind(I);
    // The first statement run (the one that builds the scheduler) exhausts the JavaScript stack, as a deep nesting would.
    let calls = 0;
    I.execInner = (...args) => {
      if (calls++ === 0) {
        const overflow = (n: number): number => overflow(n + 1) + 1;
        return overflow(0);
      }
      return execInner(...args);
    };
    P.run();
    assert.deepEqual(
      P.diagnostics.map((d) => [d.severity, d.message, d.template, d.args, d.span]),
      [['warning', 'Analysis stopped early: nesting too deep for the analysis', 'Analysis stopped early: {0}', ['nesting too deep for the analysis'], { start: 51, end: 108 }]],
    );
    assert.equal(P.findings.length, 0);
  });

  it("lineCount is the file's number of lines as an editor counts them", () => {
    assert.equal(program('import torch\nopt = torch.optim.SGD(params, lr=0.1)\n').lineCount(), 3);
    assert.equal(program('import torch').lineCount(), 1);
  });
});
