import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';
import type { AnalysisResult } from '../../../src/core/model/types';

/**
 * The dataset size inferred from the code (issue 18 item 4): a DataLoader over a dataset whose
 * length the code states has len = ceil(N / batch_size) (floor with drop_last), which `len()` and
 * the batch loop count, with no `len(loader)` assumption. Each case is Python source and the exact
 * run length of a per-batch LambdaLR over 3 epochs.
 */
function script(data: string, loop = 'train_loader'): string {
  return `import torch
from torch.utils.data import DataLoader, TensorDataset, Subset, random_split
${data}
opt = torch.optim.SGD(model.parameters(), lr=0.1)
total = 3 * len(${loop})
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1 - s / total)
for epoch in range(3):
    for batch in ${loop}:
        opt.step()
        sched.step()
`;
}

function run(src: string): { steps: number; source: string; assumed: string[]; r: AnalysisResult } {
  const r = analyze(src);
  assert.equal(r.schedulers.length, 1, JSON.stringify(r.diagnostics.map((d) => d.message)));
  const f = r.schedulers[0];
  return { steps: f.naturalSteps, source: f.naturalStepsSource, assumed: r.assumptions.map((a) => a.name), r };
}

describe('analysis: dataset size inferred from the code', () => {
  const cases: [string, string, number][] = [
    ['TensorDataset(torch.randn(N, …)), batch_size=32', 'ds = TensorDataset(torch.randn(3200, 16), torch.randint(0, 2, (3200,)))\ntrain_loader = DataLoader(ds, batch_size=32, shuffle=True)', 100],
    ['ceil: 1000 / 64', 'ds = TensorDataset(torch.randn(1000, 16))\ntrain_loader = DataLoader(ds, batch_size=64)', 16],
    ['drop_last=True floors', 'ds = TensorDataset(torch.randn(1000, 16))\ntrain_loader = DataLoader(ds, batch_size=64, drop_last=True)', 15],
    ['positional batch_size', 'ds = TensorDataset(torch.rand(500, 3))\ntrain_loader = DataLoader(ds, 50, True)', 10],
    ['default batch_size 1', 'ds = TensorDataset(torch.zeros(70, 2))\ntrain_loader = DataLoader(ds)', 70],
    ['batch_size=None: one item a batch', 'ds = TensorDataset(torch.ones(40))\ntrain_loader = DataLoader(ds, batch_size=None)', 40],
    ['shape as a tuple', 'ds = TensorDataset(torch.randn((320, 8)), torch.empty(320))\ntrain_loader = DataLoader(ds, batch_size=32)', 10],
    ['size= keyword', 'ds = TensorDataset(torch.zeros(size=(96, 4)))\ntrain_loader = DataLoader(ds, batch_size=32)', 3],
    ['torch.randint(low, high, (N,)) first', 'ds = TensorDataset(torch.randint(0, 10, (256,)), torch.randn(256, 3))\ntrain_loader = DataLoader(ds, batch_size=100)', 3],
    ['torch.arange(N)', 'ds = TensorDataset(torch.arange(600))\ntrain_loader = DataLoader(ds, batch_size=100)', 6],
    ['torch.arange(start, end, step)', 'ds = TensorDataset(torch.arange(0, 600, 2))\ntrain_loader = DataLoader(ds, batch_size=100)', 3],
    ['torch.tensor(list)', 'ds = TensorDataset(torch.tensor([[1.0, 2.0]] * 45))\ntrain_loader = DataLoader(ds, batch_size=10)', 5],
    ['a Python list', 'data = [(i, i * 2) for i in range(250)]\ntrain_loader = DataLoader(data, batch_size=25)', 10],
    ['a tuple', 'train_loader = DataLoader((1, 2, 3, 4, 5), batch_size=2)', 3],
    ['a range', 'train_loader = DataLoader(range(1234), batch_size=100, drop_last=True)', 12],
    ['Subset(ds, indices)', 'ds = TensorDataset(torch.randn(5000, 4))\nsmall = Subset(ds, range(800))\ntrain_loader = DataLoader(small, batch_size=100)', 8],
    ['Subset with a list of indices', 'ds = TensorDataset(torch.randn(5000, 4))\nsmall = Subset(ds, [i for i in range(0, 5000, 10)])\ntrain_loader = DataLoader(small, batch_size=100)', 5],
    ['random_split(ds, [a, b]) unpacked', 'ds = TensorDataset(torch.randn(1000, 4))\ntrain_ds, val_ds = random_split(ds, [800, 200])\ntrain_loader = DataLoader(train_ds, batch_size=64)', 13],
    ['random_split by fractions (torch rounds: floor, remainder to the first)', 'ds = TensorDataset(torch.randn(1001, 4))\ntrain_ds, val_ds = random_split(ds, [0.7, 0.3])\ntrain_loader = DataLoader(train_ds, batch_size=1)', 701],
    ['variables and enumerate', 'N = 2048\nBS = 256\nds = TensorDataset(torch.randn(N, 4))\ntrain_loader = DataLoader(dataset=ds, batch_size=BS)', 8],
    ['torch.utils.data spelled out', 'ds = torch.utils.data.TensorDataset(torch.randn(300, 4))\ntrain_loader = torch.utils.data.DataLoader(ds, batch_size=30)', 10],
  ];
  for (const [name, data, batches] of cases) {
    it(`${name}: ${batches} batches an epoch, no assumption`, () => {
      const { steps, source, assumed } = run(script(data));
      assert.equal(steps, 3 * batches);
      assert.deepEqual(assumed, []);
      assert.match(source, new RegExp(`train_loader \\(${batches}\\)`));
    });
  }

  it('len(train_loader) is the inferred length (the lambda reads it: lr after the first step is 1 - 1/total)', () => {
    const { r } = run(script('ds = TensorDataset(torch.randn(3200, 16))\ntrain_loader = DataLoader(ds, batch_size=32)'));
    const f = r.schedulers[0];
    assert.equal(f.naturalSteps, 300);
    assert.deepEqual(r.assumptions, []);
    const { curve } = curveFor(f);
    assert.equal(curve.lr[1], 0.1 * (1 - 1 / 300));
    assert.equal(curve.lr[150], 0.1 * (1 - 150 / 300));
  });

  it('enumerate(loader) and tqdm(loader) count the loader', () => {
    for (const loop of ['enumerate(train_loader)', 'tqdm(train_loader)']) {
      const src = script('from tqdm import tqdm\nds = TensorDataset(torch.randn(640, 16))\ntrain_loader = DataLoader(ds, batch_size=64)', loop).replace('total = 3 * len(' + loop + ')', 'total = 3 * len(train_loader)');
      const { steps, assumed } = run(src);
      assert.equal(steps, 30, loop);
      assert.deepEqual(assumed, [], loop);
    }
  });

  const unknown: [string, string][] = [
    ['an unknown batch size', 'ds = TensorDataset(torch.randn(3200, 16))\ntrain_loader = DataLoader(ds, batch_size=cfg.bs)'],
    ['a sampler (its length is the loader\'s)', 'ds = TensorDataset(torch.randn(3200, 16))\ntrain_loader = DataLoader(ds, batch_size=32, sampler=DistributedSampler(ds))'],
    ['an unknown drop_last', 'ds = TensorDataset(torch.randn(3200, 16))\ntrain_loader = DataLoader(ds, batch_size=32, drop_last=cfg.drop)'],
    // random_split of a dataset of unknown size: the parts' sizes rest on len(dataset); the loader's length is assumed in batches, as before.
    ['random_split sizes computed from an unknown dataset', 'dataset = load_my_dataset("train")\ntrain_size = int(0.9 * len(dataset))\nval_size = len(dataset) - train_size\ntrain_ds, val_ds = random_split(dataset, [train_size, val_size])\ntrain_loader = DataLoader(train_ds, batch_size=128)'],
  ];
  for (const [name, data] of unknown) {
    it(`${name}: len(train_loader) stays an assumption (1000)`, () => {
      const { steps, assumed } = run(script(data));
      assert.equal(steps, 3000);
      assert.ok(assumed.includes('len(train_loader)'), JSON.stringify(assumed));
    });
  }

  // A dataset of unknown size batched by a stated batch size: len(train_loader) stays the assumed
  // number of batches, recorded with the dataset and batch size (the editor asks for examples).
  const unknownExamples: [string, string, number, boolean][] = [
    ['a dataset read from disk', 'ds = load_my_dataset("train")\ntrain_loader = DataLoader(ds, batch_size=32)', 32, false],
    ['a tensor of unknown shape', 'ds = TensorDataset(torch.from_numpy(X))\ntrain_loader = DataLoader(ds, batch_size=32)', 32, false],
    ['drop_last=True', 'ds = load_my_dataset("train")\ntrain_loader = DataLoader(ds, batch_size=64, drop_last=True)', 64, true],
  ];
  for (const [name, data, B, dropLast] of unknownExamples) {
    it(`${name}: len(train_loader) is assumed (1000) with its dataset and batch size ${B} recorded`, () => {
      const { steps, assumed, r } = run(script(data));
      assert.equal(steps, 3000);
      assert.deepEqual(assumed, ['len(train_loader)']);
      const a = r.assumptions[0];
      assert.equal(a.value, 1000);
      assert.deepEqual(a.examples, { dataset: 'ds', batchSize: B, dropLast });
      // The first place the length is read: `total = 3 * len(train_loader)`.
      // Where the length is first read (`total = 3 * len(train_loader)`), as for any len() assumption.
      assert.equal(a.range && script(data).slice(a.range.start, a.range.end), 'train_loader');
      assert.ok(a.range && a.range.start > script(data).indexOf('total = 3 * len('));
      assert.deepEqual(r.schedulers[0].assumptions.map((x) => x.name), ['len(train_loader)']);
      const set = analyze(script(data), { assumptions: { 'len(train_loader)': 40 } });
      assert.equal(set.schedulers[0].naturalSteps, 120);
      assert.equal(curveFor(set.schedulers[0]).curve.lr[1], 0.1 * (1 - 1 / 120));
    });
  }

  it('a loop over the loader with no len() before it names the loop\'s loader', () => {
    const src = `import torch
from torch.utils.data import DataLoader
train_loader = DataLoader(load_my_dataset(), batch_size=16)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.StepLR(opt, 100)
for epoch in range(2):
    for batch in train_loader:
        opt.step()
        sched.step()
`;
    const r = analyze(src);
    assert.equal(r.schedulers[0].naturalSteps, 2000);
    assert.deepEqual(r.assumptions.map((a) => [a.name, a.value, a.examples?.batchSize]), [['len(train_loader)', 1000, undefined]]);
  });

  it('a user Dataset whose __len__ the code states: no assumption', () => {
    const src = script(`class Pairs(torch.utils.data.Dataset):
    def __init__(self, n):
        self.items = list(range(n))
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
train_loader = DataLoader(Pairs(640), batch_size=64)`);
    const { steps, assumed } = run(src);
    assert.deepEqual(assumed, []);
    assert.equal(steps, 30);
  });

  // 🤗 datasets: the rows the code states.
  const hf: [string, string, number][] = [
    ['.select(range(n)) of a loaded split', 'from datasets import load_dataset\nraw = load_dataset("glue", "mrpc")\nds = raw["train"].shuffle(seed=42).select(range(1000))\ntrain_loader = DataLoader(ds, batch_size=32)', 32],
    ['.select then a map (one row per row) and with_format', 'from datasets import load_dataset\nraw = load_dataset("imdb")\nds = raw["train"].select(range(640)).map(lambda b: b).with_format("torch")\ntrain_loader = DataLoader(ds, batch_size=64)', 10],
    ['split="train[:2000]"', 'from datasets import load_dataset\nds = load_dataset("imdb", split="train[:2000]")\ntrain_loader = DataLoader(ds, batch_size=100)', 20],
    ['split="train[500:1500]+test[-100:]"', 'from datasets import load_dataset\nds = load_dataset("imdb", split="train[500:1500]+test[-100:]")\ntrain_loader = DataLoader(ds, batch_size=100)', 11],
    ['train_test_split(test_size=0.1) of 1,001 rows: test ⌈100.1⌉ = 101, train 900', 'from datasets import load_dataset\nds = load_dataset("imdb", split="train[:1001]")\nsplits = ds.train_test_split(test_size=0.1, seed=0)\ntrain_loader = DataLoader(splits["train"], batch_size=100)', 9],
    ['train_test_split(train_size=0.75): train ⌊750.75⌋', 'from datasets import load_dataset\nds = load_dataset("imdb", split="train[:1001]")\nsplits = ds.train_test_split(train_size=0.75)\ntrain_loader = DataLoader(splits["train"], batch_size=10)', 75],
    ['train_test_split() defaults to test_size 0.25', 'from datasets import load_dataset\nds = load_dataset("imdb", split="train[:400]")\nsplits = ds.train_test_split()\ntrain_loader = DataLoader(splits["train"], batch_size=100)', 3],
    ['Dataset.from_dict', 'from datasets import Dataset\nds = Dataset.from_dict({"text": ["a"] * 300, "label": [0] * 300})\ntrain_loader = DataLoader(ds, batch_size=30)', 10],
    ['Dataset.from_list', 'from datasets import Dataset\nds = Dataset.from_list([{"x": i} for i in range(90)])\ntrain_loader = DataLoader(ds, batch_size=30)', 3],
  ];
  for (const [name, data, batches] of hf) {
    it(`🤗 datasets, ${name}: ${batches} batches an epoch, no assumption`, () => {
      const { steps, assumed } = run(script(data));
      assert.deepEqual(assumed, []);
      assert.equal(steps, 3 * batches);
    });
  }

  it('🤗 datasets: len(ds) and ds.num_rows of a sized dataset are its rows', () => {
    const src = `import torch
from datasets import load_dataset
ds = load_dataset("imdb", split="train[:1200]").select(range(800))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=len(ds) // 8 + ds.num_rows // 8)
`;
    const r = analyze(src);
    assert.deepEqual(r.assumptions, []);
    assert.equal(r.schedulers[0].params?.total_steps, 200);
  });

  const hfUnknown: [string, string][] = [
    ['a split by percentage', 'from datasets import load_dataset\nds = load_dataset("imdb", split="train[:10%]")\ntrain_loader = DataLoader(ds, batch_size=32)'],
    ['a batched map (it may change the rows)', 'from datasets import load_dataset\nds = load_dataset("imdb", split="train[:1000]").map(group_texts, batched=True)\ntrain_loader = DataLoader(ds, batch_size=32)'],
    ['a filter', 'from datasets import load_dataset\nds = load_dataset("imdb", split="train[:1000]").filter(lambda x: len(x["text"]) > 10)\ntrain_loader = DataLoader(ds, batch_size=32)'],
  ];
  for (const [name, data] of hfUnknown) {
    it(`🤗 datasets, ${name}: the rows are unknown, len(train_loader) assumed with batches of 32 from ds`, () => {
      const { steps, assumed, r } = run(script(data));
      assert.equal(steps, 3000);
      assert.deepEqual(assumed, ['len(train_loader)']);
      assert.deepEqual(r.assumptions[0].examples, { dataset: 'ds', batchSize: 32, dropLast: false });
    });
  }

  it("🤗 Trainer over a .select(range(1000)) subset: 3 × ⌈1000 / 16⌉ = 189 steps, no training-set assumption", () => {
    const src = `from datasets import load_dataset
from transformers import Trainer, TrainingArguments
tokenized = load_dataset("imdb").map(tokenize, batched=True)
small_train = tokenized["train"].shuffle(seed=42).select(range(1000))
args = TrainingArguments(output_dir="out", per_device_train_batch_size=16, num_train_epochs=3, warmup_ratio=0.1)
trainer = Trainer(model=model, args=args, train_dataset=small_train)
trainer.train()
`;
    const r = analyze(src);
    const f = r.schedulers[0];
    assert.equal(f.params?.num_training_steps, 189);
    assert.equal(f.params?.num_warmup_steps, 19);
    assert.deepEqual(r.assumptions.map((a) => a.name), ['number of training processes']);
  });

  it('a size from an argparse default: ceil(500 / 10) batches', () => {
    const src = `import argparse
import torch
from torch.utils.data import DataLoader, TensorDataset
p = argparse.ArgumentParser()
p.add_argument("--n", type=int, default=500)
p.add_argument("--bs", type=int, default=10)
args = p.parse_args()
ds = TensorDataset(torch.randn(args.n, 4))
train_loader = DataLoader(ds, batch_size=args.bs)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.StepLR(opt, 5)
for epoch in range(2):
    for batch in train_loader:
        opt.step()
        sched.step()
`;
    const r = analyze(src);
    assert.ok(!r.assumptions.some((x) => x.name === 'len(train_loader)'), JSON.stringify(r.assumptions));
    assert.equal(r.schedulers[0].naturalSteps, 100);
  });

  it('a size the code does not state (an argparse option without a default) leaves len(train_loader) assumed, batches of 10 from ds', () => {
    const src = script('import argparse\np = argparse.ArgumentParser()\np.add_argument("--n", type=int)\nargs = p.parse_args()\nds = TensorDataset(torch.randn(args.n, 4))\ntrain_loader = DataLoader(ds, batch_size=10)');
    const { steps, assumed, r } = run(src);
    assert.equal(steps, 3000);
    assert.deepEqual(assumed, ['len(train_loader)']);
    assert.deepEqual(r.assumptions[0].examples, { dataset: 'ds', batchSize: 10, dropLast: false });
  });

  it('the Korean tutorial: StepLR and Cosine 10 epochs, LambdaLR 1,000 steps (10 × 100), no assumption', () => {
    const src = fs.readFileSync(path.join(__dirname, '../../../../examples/tutorial_warmup_linear.py'), 'utf8');
    const r = analyze(src);
    const by = Object.fromEntries(r.schedulers.map((f) => [f.spec.kind, f]));
    assert.equal(by.StepLR.naturalSteps, 10);
    assert.equal(by.StepLR.unit, 'epoch');
    assert.equal(by.CosineAnnealingLR.naturalSteps, 10);
    assert.equal(by.LambdaLR.naturalSteps, 1000);
    assert.equal(by.LambdaLR.unit, 'step');
    assert.match(by.LambdaLR.naturalStepsSource, /train_loader \(100\)/);
    assert.deepEqual(r.assumptions.map((a) => a.name), []);
    assert.deepEqual(by.LambdaLR.assumptions, []);
  });
});
