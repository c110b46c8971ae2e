import * as assert from 'node:assert/strict';
import { curveFor, curveRows } from '../../../src/core/model/curves';
import { analyze } from '../../../src/core/model/analyze';
import { lint } from '../../../src/core/lint/index';
import { ADAPTERS } from '../../../src/core/frameworks/adapters/index';
import type { AnalysisResult } from '../../../src/core/model/types';

/**
 * Each framework adapter, through the analyzer from Python source: what it recognises and what
 * that means for the finding. Every registered adapter has a case here (the last test checks).
 */
const CASES: Record<string, { source: string; check: (r: AnalysisResult) => void }[]> = {
  loops: [
    {
      // An epoch loop around a loop of another name: the step call's unit is that inner loop's
      // iteration (per step), not the epoch; the same call in the epoch loop itself is per epoch.
      source: `import torch
opt = torch.optim.SGD(model.parameters(), lr=0.1)
inner = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=600)
outer = torch.optim.lr_scheduler.StepLR(opt, step_size=1)
for epoch in range(3):
    for i in range(200):
        opt.step()
        inner.step()
    outer.step()
`,
      check: (r) => {
        const [inner, outer] = r.schedulers;
        assert.deepEqual(
          inner.stepCalls[0].loops.map((l) => [l.kind, l.count]),
          [
            ['epoch', 3],
            ['unknown', 200],
          ],
        );
        assert.equal(inner.stepCalls[0].unit, 'step');
        assert.equal(inner.unit, 'step');
        assert.equal(inner.naturalSteps, 600);
        assert.equal(outer.stepCalls[0].unit, 'epoch');
        assert.equal(outer.unit, 'epoch');
        assert.equal(outer.naturalSteps, 3);
      },
    },
    {
      // tqdm's total= is the batch loop's length; `epoch` names the epoch loop.
      source: `import torch
from tqdm import tqdm
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10)
for epoch in range(5):
    for batch in tqdm(loader, total=40):
        opt.step()
        sched.step()
`,
      check: (r) => {
        const c = r.schedulers[0].stepCalls[0];
        assert.deepEqual(
          c.loops.map((l) => [l.kind, l.count]),
          [
            ['epoch', 5],
            ['batch', 40],
          ],
        );
        assert.equal(c.unit, 'step');
        assert.equal(r.schedulers[0].naturalSteps, 200);
      },
    },
    {
      // `while step < max_steps:` counts the counter's increments; `for x in loader` assumes len(loader).
      source: `import torch
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10)
step = 0
while step < 300:
    opt.step()
    sched.step()
    step += 1
`,
      check: (r) => {
        const c = r.schedulers[0].stepCalls[0];
        assert.deepEqual(c.loops.map((l) => [l.kind, l.count]), [['batch', 300]]);
        assert.equal(r.schedulers[0].naturalSteps, 300);
      },
    },
  ],
  lightning: [
    {
      source: `import lightning as L
import torch
class Model(L.LightningModule):
    def __init__(self, lr=0.05):
        super().__init__()
        self.save_hyperparameters()
    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=self.trainer.max_steps)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}
trainer = L.Trainer(max_steps=300)
`,
      check: (r) => {
        const f = r.schedulers[0];
        assert.equal(f.kind, 'CosineAnnealingLR');
        // save_hyperparameters: hparams.lr is the __init__ default.
        assert.deepEqual(f.baseLrs, [0.05]);
        // self.trainer.max_steps is the file's Trainer(max_steps=300), not an assumption.
        assert.equal(f.params.T_max, 300);
        assert.ok(!f.assumptions.some((a) => /trainer/.test(a.name)));
        // interval "step": stepped per step by Lightning, as long as the Trainer runs.
        assert.equal(f.unit, 'step');
        assert.equal(f.naturalSteps, 300);
      },
    },
  ],
  accelerate: [
    {
      source: `from accelerate import Accelerator
import torch
from transformers import get_linear_schedule_with_warmup
accelerator = Accelerator(gradient_accumulation_steps=4)
opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
sched = get_linear_schedule_with_warmup(opt, num_warmup_steps=10, num_training_steps=100)
model, opt, loader, sched = accelerator.prepare(model, opt, loader, sched)
for epoch in range(2):
    for batch in loader:
        with accelerator.accumulate(model):
            opt.step()
            sched.step()
`,
      check: (r) => {
        const f = r.schedulers[0];
        // prepare hands the scheduler back: its step() is this finding's.
        assert.equal(f.stepCalls.length, 1);
        assert.equal(f.accelerate?.accelerator, 'accelerator');
        assert.equal(f.accelerate?.stepsPerCall, 1);
        assert.equal(f.accelerate?.processes, 'accelerator.num_processes');
        // with accelerator.accumulate(model): once per gradient_accumulation_steps batches.
        assert.deepEqual(f.stepCalls[0].accumulation, { kind: 'accumulate', text: 'accelerator.accumulate(model)', every: 4 });
      },
    },
  ],
  datasets: [
    {
      // 🤗 datasets: .select(range(n)) sizes the split, train_test_split divides it as datasets does, DataLoader batches it.
      source: `import torch
from datasets import load_dataset
from torch.utils.data import DataLoader
raw = load_dataset("imdb")
small = raw["train"].shuffle(seed=42).select(range(2000))
parts = small.train_test_split(test_size=0.2)
train_loader = DataLoader(parts["train"], batch_size=50)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, epochs=2, steps_per_epoch=len(train_loader))
for epoch in range(2):
    for batch in train_loader:
        opt.step()
        sched.step()
`,
      check: (r) => {
        assert.deepEqual(r.assumptions, []);
        assert.equal(r.schedulers[0].params?.steps_per_epoch, 32);
        assert.equal(r.schedulers[0].naturalSteps, 64);
      },
    },
  ],
  torch: [
    {
      source: `import torch
opt = torch.optim.SGD(params, lr=0.3, momentum=0.9)
sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
warmup_sched = make_warmup(opt)
for epoch in range(3):
    opt.step()
    sched.step()
    warmup_sched.step()
`,
      check: (r) => {
        assert.equal(r.schedulers.length, 1);
        assert.deepEqual(r.schedulers[0].baseLrs, [0.3]);
        assert.equal(r.schedulers[0].optimizer.type, 'SGD');
        // A `.step()` on what the analysis could not model is said at its line.
        const d = r.diagnostics.find((x) => x.message.includes('`warmup_sched.step()`'));
        assert.ok(d, JSON.stringify(r.diagnostics.map((x) => x.message)));
        assert.match(d.message, /comes from `make_warmup\(opt\)`/);
      },
    },
  ],
  transformers: [
    {
      source: `from transformers import Trainer, TrainingArguments, SchedulerType
args = TrainingArguments(output_dir="out", learning_rate=3e-4, lr_scheduler_type=SchedulerType.COSINE_WITH_RESTARTS, max_steps=500, warmup_steps=50)
trainer = Trainer(model=model, args=args, train_dataset=ds)
trainer.train()
`,
      check: (r) => {
        const f = r.schedulers[0];
        assert.equal(f.spec.kind, 'get_scheduler');
        assert.equal(f.spec.args.name, 'cosine_with_restarts');
        assert.equal(f.spec.args.num_training_steps, 500);
        assert.equal(f.spec.args.num_warmup_steps, 50);
        assert.deepEqual(f.baseLrs, [3e-4]);
      },
    },
    {
      // get_scheduler by name: SchedulerType's spelling normalised, an unknown name is an error.
      source: `import torch
from transformers import get_scheduler
opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
a = get_scheduler("SchedulerType.COSINE", opt, num_warmup_steps=5, num_training_steps=50)
b = get_scheduler("cosnie", opt, num_warmup_steps=5, num_training_steps=50)
`,
      check: (r) => {
        assert.equal(r.schedulers[0].spec.args.name, 'cosine');
        assert.ok(r.schedulers[1].diagnostics.some((d) => d.message === "'cosnie' is not a valid SchedulerType"));
      },
    },
  ],
  argparse: [
    {
      source: `import argparse, torch
p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default="0.02")
p.add_argument("--step-size", type=int, default=30)
args = p.parse_args()
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
s = torch.optim.lr_scheduler.StepLR(opt, step_size=args.step_size)
`,
      check: (r) => {
        // argparse applies type= to a string default; dashes become underscores.
        assert.deepEqual(r.schedulers[0].baseLrs, [0.02]);
        assert.equal(r.schedulers[0].params.step_size, 30);
      },
    },
    {
      source: `from dataclasses import dataclass, field
from transformers import HfArgumentParser, TrainingArguments, Trainer
@dataclass
class ModelArgs:
    name: str = field(default="bert")
parser = HfArgumentParser((ModelArgs, TrainingArguments))
parser.set_defaults(learning_rate=1e-4, max_steps=200)
model_args, training_args = parser.parse_args_into_dataclasses()
trainer = Trainer(model=None, args=training_args, train_dataset=ds)
`,
      check: (r) => {
        const f = r.schedulers[0];
        assert.equal(f.spec.kind, 'get_scheduler');
        assert.equal(f.spec.args.name, 'linear');
        assert.equal(f.spec.args.num_training_steps, 200);
        assert.deepEqual(f.baseLrs, [1e-4]);
      },
    },
  ],
  timm: [
    {
      source: `import torch
from timm.scheduler import create_scheduler_v2
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched, num_epochs = create_scheduler_v2(opt, sched='cosine', num_epochs=50, warmup_epochs=5, cooldown_epochs=10)
for epoch in range(num_epochs):
    sched.step(epoch + 1)
`,
      check: (r) => {
        const f = r.schedulers[0];
        assert.equal(f.spec.kind, 'timm.create_scheduler_v2');
        // create_scheduler_v2 returns num_epochs + cooldown_epochs as the epochs to train.
        assert.deepEqual(f.stepCalls[0].loops.map((l) => [l.kind, l.count]), [['epoch', 60]]);
      },
    },
  ],
  diffusers: [
    {
      source: `import torch
from diffusers.optimization import get_scheduler, SchedulerType
opt = torch.optim.AdamW(unet.parameters(), lr=1e-4)
sched = get_scheduler(SchedulerType.COSINE, optimizer=opt, num_warmup_steps=100, num_training_steps=1000)
`,
      check: (r) => {
        const f = r.schedulers[0];
        assert.equal(f.spec.kind, 'diffusers.get_scheduler');
        assert.equal(f.spec.args.name, 'cosine');
        assert.equal(f.library, 'diffusers');
      },
    },
  ],
  deepspeed: [
    {
      source: `import deepspeed
ds_config = {"optimizer": {"type": "AdamW", "params": {"lr": 3e-4}},
             "scheduler": {"type": "WarmupLR", "params": {"warmup_min_lr": 0, "warmup_max_lr": 3e-4, "warmup_num_steps": 100}}}
engine, optimizer, _, scheduler = deepspeed.initialize(model=model, model_parameters=model.parameters(), config=ds_config)
`,
      check: (r) => {
        const f = r.schedulers[0];
        assert.equal(f.library, 'deepspeed');
        assert.match(f.spec.kind, /WarmupLR$/);
        assert.equal(f.params.warmup_num_steps, 100);
      },
    },
  ],
  handwritten: [
    {
      // A write of every group's lr in a counted loop is a schedule; the lr at each iteration is the code's.
      source: `import torch
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(40):
    lr = 0.1 * 0.5 ** (epoch // 10)
    for g in opt.param_groups:
        g['lr'] = lr
    opt.step()
`,
      check: (r) => {
        const f = r.schedulers[0];
        assert.equal(f.kind, "hand-written (g['lr'])");
        assert.equal(f.library, 'python');
        assert.equal(f.unit, 'epoch');
        assert.equal(f.naturalSteps, 40);
        assert.deepEqual(f.params, { code: "g['lr'] = lr" });
      },
    },
  ],
  config: [
    {
      // yaml.safe_load of a YAML string, OmegaConf.create of it, Hydra's instantiate with _partial_: true.
      source: `import torch, yaml
from hydra.utils import instantiate
from omegaconf import OmegaConf
hp = yaml.safe_load("""
lr: 0.2
sched:
  _target_: torch.optim.lr_scheduler.ExponentialLR
  _partial_: true
  gamma: 0.5
""")
cfg = OmegaConf.create(hp)
opt = torch.optim.SGD(model.parameters(), lr=cfg.lr)
sched = instantiate(cfg.sched)(opt)
`,
      check: (r) => {
        const f = r.schedulers[0];
        assert.equal(f.kind, 'ExponentialLR');
        assert.deepEqual(f.params, { gamma: 0.5 });
        assert.deepEqual(f.baseLrs, [0.2]);
      },
    },
    {
      // torchtune's config.instantiate: the node's _component_ with the call's positional args and kwargs merged over the node's.
      source: `import torch
from omegaconf import OmegaConf
from torchtune import config
cfg = OmegaConf.create({"lr_scheduler": {"_component_": "torchtune.training.get_cosine_schedule_with_warmup", "num_warmup_steps": 5, "num_training_steps": 10}})
opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
lr_scheduler = config.instantiate(cfg.lr_scheduler, opt, num_training_steps=50)
`,
      check: (r) => {
        const f = r.schedulers[0];
        assert.equal(f.kind, 'get_cosine_schedule_with_warmup');
        assert.deepEqual(f.params, { num_warmup_steps: 5, num_training_steps: 50 });
      },
    },
  ],
  python: [
    {
      source: `import os, math, torch
lr = float(os.environ.get("LR", 0.01))
opt = torch.optim.SGD(model.parameters(), lr=lr)
sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=math.exp(-0.5))
`,
      check: (r) => {
        const f = r.schedulers[0];
        assert.deepEqual(f.baseLrs, [0.01]);
        assert.ok(r.assumptions.some((a) => a.name === 'os.environ["LR"]' && a.value === 0.01));
        assert.equal(f.params.gamma, Math.exp(-0.5));
      },
    },
  ],
  schedulers: [
    {
      source: `import torch
from torch.optim.lr_scheduler import *
opt = torch.optim.SGD(model.parameters(), lr=0.1)
s = MultiStepLR(opt, milestones=[3, 6], gamma=0.5)
`,
      check: (r) => {
        assert.equal(r.schedulers.length, 1);
        assert.equal(r.schedulers[0].kind, 'MultiStepLR');
        assert.deepEqual(r.schedulers[0].params.milestones, [3, 6]);
      },
    },
  ],
  subclass: [
    {
      // A subclass of a subclass, its base imported by name; a two-argument super().
      source: `import torch
from torch.optim.lr_scheduler import LRScheduler as Base
class Warmup(Base):
    def __init__(self, optimizer, warmup_steps, last_epoch=-1):
        self.warmup_steps = warmup_steps
        super(Warmup, self).__init__(optimizer, last_epoch)
    def get_lr(self):
        return [b * self.factor() for b in self.base_lrs]
    def factor(self):
        return min(1.0, (self.last_epoch + 1) / self.warmup_steps)
class HalfWarmup(Warmup):
    def factor(self):
        return 0.5 * super().factor()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = HalfWarmup(opt, warmup_steps=4)
for step in range(10):
    opt.step()
    sched.step()
`,
      check: (r) => {
        const f = r.schedulers[0];
        assert.equal(f.kind, 'HalfWarmup (LRScheduler subclass)');
        assert.deepEqual(f.params, { warmup_steps: 4 });
        assert.equal(f.naturalSteps, 10);
        // Python's floats: 0.1 * (0.5 * min(1.0, (k + 1) / 4)).
        assert.deepEqual(curveRows(curveFor(f).curve).map((row) => row[0]), Array.from({ length: 11 }, (_, k) => 0.1 * (0.5 * Math.min(1.0, (k + 1) / 4))));
      },
    },
  ],
};

describe('analysis: framework adapters, from Python source', () => {
  for (const [name, cases] of Object.entries(CASES)) {
    cases.forEach((c, i) => {
      it(`${name} (${i + 1})`, () => {
        const r = analyze(c.source);
        assert.ok(r.schedulers.length > 0, `no scheduler found: ${JSON.stringify(r.diagnostics.map((d) => d.message))}`);
        c.check(r);
      });
    });
  }

  it("under accelerator.accumulate() the run is ⌈batches / N⌉ scheduler steps a pass (AcceleratedScheduler steps only when the gradients sync), as under a `% N` guard", () => {
    const source = (sched: string, gas: string) => `from accelerate import Accelerator
import torch
from transformers import get_linear_schedule_with_warmup
accelerator = Accelerator(gradient_accumulation_steps=${gas})
opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
loader = torch.utils.data.DataLoader(list(range(1003)), batch_size=1)
sched = ${sched}
model, opt, loader, sched = accelerator.prepare(model, opt, loader, sched)
for epoch in range(2):
    for batch in loader:
        with accelerator.accumulate(model):
            opt.step()
            sched.step()
`;
    // A schedule without a length of its own: 2 × ⌈1,003 / 4⌉ = 502 steps.
    const step = analyze(source('torch.optim.lr_scheduler.StepLR(opt, step_size=100)', '4')).schedulers[0];
    assert.equal(step.naturalSteps, 502);
    assert.equal(step.naturalStepsSource, 'loops: range(2) (2) × loader (1003) × every 4');
    // One that declares its length keeps it, and says what the loops run.
    const r = analyze(source('get_linear_schedule_with_warmup(opt, num_warmup_steps=10, num_training_steps=2006)', '4'));
    assert.equal(r.schedulers[0].naturalSteps, 2006);
    assert.equal(r.schedulers[0].naturalStepsSource, 'schedule');
    assert.ok(r.schedulers[0].diagnostics.some((d) => d.message === 'The loops run 502 steps (loops: range(2) (2) × loader (1003) × every 4); the schedule declares 2006, which is used'));
    // An unknown N: the run rests on its assumption (1 by default, the user's value when set).
    const unknown = source('torch.optim.lr_scheduler.StepLR(opt, step_size=100)', 'GAS');
    const one = analyze(unknown).schedulers[0];
    assert.equal(one.naturalSteps, 2006);
    assert.ok(one.assumptions.some((a) => a.name === 'GAS' && a.value === 1));
    const eight = analyze(unknown, { assumptions: { GAS: 8 } }).schedulers[0];
    assert.equal(eight.naturalSteps, 2 * Math.ceil(1003 / 8));
    assert.equal(eight.naturalStepsSource, 'loops: range(2) (2) × loader (1003) × every 8');
  });

  it("an Accelerator's gradient_accumulation_steps the file does not give is a named assumption (1, accelerate's default) wherever accumulate() uses it, and the user's value changes the step count", () => {
    const source = (guarded: boolean) => `from accelerate import Accelerator
import torch
from transformers import get_linear_schedule_with_warmup
from config import GAS
accelerator = Accelerator(gradient_accumulation_steps=GAS)
opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
loader = torch.utils.data.DataLoader(list(range(1000)), batch_size=1)
sched = get_linear_schedule_with_warmup(opt, num_warmup_steps=10, num_training_steps=1000)
model, opt, loader, sched = accelerator.prepare(model, opt, loader, sched)
for epoch in range(2):
    for batch in loader:
${guarded ? '        with accelerator.accumulate(model):\n            opt.step()\n            sched.step()' : '        opt.step()\n        sched.step()'}
`;
    const stepCount = (r: AnalysisResult) => lint(r, source(true)).diagnostics.filter((d) => d.rule === 'step-count');
    const r = analyze(source(true));
    const f = r.schedulers[0];
    assert.deepEqual(f.stepCalls[0].accumulation, { kind: 'accumulate', text: 'accelerator.accumulate(model)', every: 1, assumed: ['GAS'] });
    const gas = f.assumptions.find((a) => a.name === 'GAS');
    assert.equal(gas?.value, 1);
    assert.match(gas?.reason ?? '', /gradient accumulation unknown/);
    // Where it was written: the argument of Accelerator(...).
    assert.deepEqual(gas?.range?.startPos, { line: 4, character: 'accelerator = Accelerator(gradient_accumulation_steps='.length });
    // 2 × 1,000 steps for a schedule of 1,000: the diagnostic says the count rests on GAS.
    const [d] = stepCount(r);
    assert.deepEqual(d?.assumed, ['GAS']);
    assert.match(d.message, /stepped 2 × 1,000 = 2,000 times.*\(assuming GAS = 1\)/);
    // The user's value: once every 4 batches, 2 × ⌈1,000 / 4⌉ = 500 steps.
    const four = analyze(source(true), { assumptions: { GAS: 4 } });
    assert.equal(four.schedulers[0].stepCalls[0].accumulation?.every, 4);
    assert.equal(four.schedulers[0].assumptions.find((a) => a.name === 'GAS')?.overridden, true);
    assert.match(stepCount(four)[0].message, /stepped 2 × ⌈1,000 \/ 4⌉ = 500 times.*\(assuming GAS = 4\)/);
    // Without accumulate(), GAS decides nothing: no assumption of it.
    const plain = analyze(source(false));
    assert.equal(plain.schedulers[0].stepCalls[0].accumulation, null);
    assert.ok(!plain.assumptions.some((a) => a.name === 'GAS'));
    assert.ok(!plain.schedulers[0].assumptions.some((a) => a.name === 'GAS'));
  });

  it("argparse's order rules, as Python's: the first argument of a dest gives its default; set_defaults changes the arguments added before it and those after it without a default", () => {
    // Each value checked with python3's argparse (parse_args([]).step).
    const step = (lines: string) =>
      analyze(`import argparse, torch\nparser = argparse.ArgumentParser()\n${lines}\nargs = parser.parse_args([])\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=args.step)\n`).schedulers.map((f) => f.params.step_size);
    assert.deepEqual(step('parser.add_argument("--step", type=int, default=12)\nparser.add_argument("--step-size", dest="step", type=int, default=3)'), [12]);
    assert.deepEqual(step('parser.set_defaults(step=5)\nparser.add_argument("--step", type=int, default=12)'), [12]);
    assert.deepEqual(step('parser.add_argument("--step", type=int, default=12)\nparser.set_defaults(step=5)'), [5]);
    assert.deepEqual(step('parser.set_defaults(step=5)\nparser.add_argument("--step", type=int)'), [5]);
    assert.deepEqual(step('parser.set_defaults(step="7")\nparser.add_argument("--step", type=int)'), [7]);
    assert.deepEqual(step('parser.add_argument("--other", type=int, default=1)\nparser.set_defaults(step=9)'), [9]);
  });

  it('every registered adapter is tested here, and names are unique', () => {
    const names = ADAPTERS.map((a) => a.name);
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual(names.filter((n) => !(n in CASES)), []);
  });
});
