// Every contributed snippet, with its placeholders at their defaults, is recognized by the analysis
// as the schedule it says, and draws the same curve as the generator's entry with those values.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor, curveRows } from '../../../src/core/model/curves';
import { entryById } from '../../../src/core/generator/catalogue';
import { previewOptimizer, simulateCall } from '../../../src/core/generator/spec';
import { resolveValues } from '../../../src/core/generator/validate';
import { compareRows } from '../helpers/oracle';

const ROOT = path.resolve(__dirname, '../../../..');
const snippets = JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets/python.json'), 'utf8')) as Record<string, { prefix: string[]; body: string[]; description: string }>;

/** Placeholders at their defaults (`${1:x}` → x, `${1|a,b|}` → a, `$0` → ''), tabs as 4 spaces. */
export function expandSnippet(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\t/g, '    ');
}

const PRELUDE = [
  'import torch',
  'from torch import nn',
  'from transformers import get_cosine_schedule_with_warmup, get_linear_schedule_with_warmup',
  'from timm.scheduler import CosineLRScheduler',
  'from diffusers.optimization import get_scheduler',
  'from deepspeed.runtime.lr_schedules import WarmupDecayLR',
  '',
  'model = nn.Linear(4, 2)',
  'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)',
  '',
].join('\n');

/** Snippet → the kind it writes and the generator entry (with values) that writes the same schedule. */
const EXPECTED: Record<string, { kind: string; entry: string; values: Record<string, unknown> }> = {
  'LR Lens: StepLR': { kind: 'StepLR', entry: 'torch.step', values: { step_size: 30, gamma: 0.1 } },
  'LR Lens: CosineAnnealingLR': { kind: 'CosineAnnealingLR', entry: 'torch.cosine', values: { T_max: 1000, eta_min: 0 } },
  'LR Lens: OneCycleLR': { kind: 'OneCycleLR', entry: 'torch.oneCycle', values: { max_lr: 0.01, total_steps: 1000, pct_start: 0.3, anneal_strategy: 'cos' } },
  'LR Lens: warm-up + cosine (SequentialLR)': { kind: 'SequentialLR', entry: 'torch.warmupCosine', values: { warmup_steps: 100, start_factor: 0.01, T_max: 900, eta_min: 0 } },
  'LR Lens: get_linear_schedule_with_warmup': { kind: 'get_linear_schedule_with_warmup', entry: 'hf.linear', values: { num_warmup_steps: 100, num_training_steps: 1000 } },
  'LR Lens: get_cosine_schedule_with_warmup': { kind: 'get_cosine_schedule_with_warmup', entry: 'hf.cosine', values: { num_warmup_steps: 100, num_training_steps: 1000, num_cycles: 0.5 } },
  'LR Lens: LambdaLR with def lr_lambda': { kind: 'LambdaLR', entry: 'torch.lambdaWarmupLinear', values: { num_warmup_steps: 100, num_training_steps: 1000 } },
  // Without loops a timm schedule is drawn per epoch (t_initial and warmup_t count epochs).
  'LR Lens: timm CosineLRScheduler': { kind: 'CosineLRScheduler', entry: 'timm.cosine', values: { t_initial: 100, lr_min: 1e-5, warmup_t: 5, warmup_lr_init: 1e-4 } },
  'LR Lens: diffusers get_scheduler': { kind: 'get_scheduler', entry: 'diffusers.getScheduler', values: { name: 'cosine', num_warmup_steps: 100, num_training_steps: 1000 } },
  'LR Lens: DeepSpeed WarmupDecayLR': {
    kind: 'WarmupDecayLR',
    entry: 'deepspeed.warmupDecay',
    values: { total_num_steps: 1000, warmup_min_lr: 0, warmup_max_lr: 0.001, warmup_num_steps: 100, warmup_type: 'linear' },
  },
};

describe('generator: snippets', () => {
  it('package.json contributes them for Python', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.snippets, [{ language: 'python', path: './snippets/python.json' }]);
  });

  it('every snippet has an expectation, a prefix and a description', () => {
    assert.deepEqual(Object.keys(snippets).sort(), Object.keys(EXPECTED).sort());
    for (const s of Object.values(snippets)) assert.ok(s.prefix.length && s.description.length > 10);
  });

  for (const [name, s] of Object.entries(snippets)) {
    it(`${name} is recognized and draws the generator's curve`, () => {
      const want = EXPECTED[name];
      assert.ok(want, name);
      const source = PRELUDE + expandSnippet(s.body) + '\n';
      const f = analyze(source, { timeLimitMs: 5000 }).schedulers.find((x) => x.parent === null && (x.name === 'scheduler' || x.name === 'lr_scheduler'));
      assert.ok(f, source);
      assert.equal(f.kind, want.kind);
      assert.deepEqual(f.assumptions.map((a) => a.name), []);
      const ctx = { lr: 0.1, steps: 1000 };
      const r = resolveValues(entryById(want.entry)!, want.values, ctx, 'SGD');
      assert.ok(r.ok, !r.ok ? r.message : '');
      const fromSnippet = curveFor(f, { steps: ctx.steps }).curve;
      const fromGenerator = simulateCall(r.call, previewOptimizer(ctx.lr, 'SGD'), ctx.steps);
      assert.equal(fromSnippet.error, undefined);
      assert.equal(compareRows(curveRows(fromSnippet), curveRows(fromGenerator)), null);
    });
  }
});
