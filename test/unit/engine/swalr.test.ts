// torch.optim.swa_utils.SWALR, added as one descriptor (src/core/engine/kinds/torch.ts) and one engine
// file (src/core/engine/torch/swalr.ts): its curves from Python source against the real torch
// (test/fixtures/swalr.json, scripts/make-swalr-fixture.py), and what the rest of LR Lens derives
// from the descriptor — recognition from its own module, the signature, run length, markers,
// assumption defaults, imports and the generator's list.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor, curveRows } from '../../../src/core/model/curves';
import { simulate } from '../../../src/core/engine';
import { SIGNATURES } from '../../../src/core/engine/signatures';
import { defaultForParam, descriptorOf, markersOf, naturalLength } from '../../../src/core/engine/kinds';
import { NOT_GENERATED } from '../../../src/core/generator/catalogue';
import { moduleOf } from '../../../src/core/generator/imports';
import { compareRows } from '../helpers/oracle';

interface SwalrCase {
  id: string;
  source: string;
  steps: number;
  lr?: number[][];
  error?: { at_step: number; type: string; message: string };
}
const FIXTURE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../test/fixtures/swalr.json'), 'utf8')) as { prelude: string; library_version: string; cases: SwalrCase[] };

function schedulerOf(source: string) {
  const result = analyze(source);
  const f = result.schedulers.find((s) => s.aliases.includes('scheduler'));
  assert.ok(f, `no scheduler assigned to 'scheduler' (found ${result.schedulers.map((s) => s.kind + ':' + s.name).join(', ')})`);
  return f;
}

describe('SWALR: end to end from source against the real torch', () => {
  it('the fixture was recorded from torch and has curves and errors', () => {
    assert.match(FIXTURE.library_version, /^\d+\.\d+/);
    assert.ok(FIXTURE.cases.filter((c) => c.lr).length >= 8);
    assert.ok(FIXTURE.cases.filter((c) => c.error).length >= 3);
  });

  for (const c of FIXTURE.cases) {
    it(c.id, () => {
      const f = schedulerOf(FIXTURE.prelude + '\n' + c.source);
      assert.equal(f.kind, 'SWALR');
      assert.equal(f.library, 'torch');
      assert.deepEqual(f.assumptions.map((a) => a.name), []);
      const { curve } = curveFor(f, { steps: c.steps });
      if (c.error) {
        assert.ok(curve.error, `expected ${c.error.type}: ${c.error.message}`);
        assert.equal(curve.error.atStep, c.error.at_step);
        assert.equal(curve.error.type, c.error.type);
        assert.equal(curve.error.message, c.error.message);
        return;
      }
      assert.equal(curve.error, undefined, curve.error?.message);
      assert.equal(compareRows(curveRows(curve), c.lr as number[][]), null);
    });
  }

  it("a per-group swa_lr list of the wrong length raises PyTorch 2.x's _format_param error", () => {
    const curve = simulate(
      { kind: 'SWALR', args: { swa_lr: [0.05, 0.01, 0.02] } },
      { type: 'SGD', paramGroups: [{ lr: 0.1 }, { lr: 0.01 }] },
      { steps: 3 },
    );
    assert.equal(curve.error?.atStep, 0);
    assert.equal(curve.error?.message, 'swa_lr must have the same length as optimizer.param_groups. swa_lr has 3 values, param_groups has 2.');
  });
});

describe('SWALR: what the descriptor gives the rest of LR Lens', () => {
  const swaLoop = (imports: string, ctor: string) => `import torch
from torch import nn
${imports}
model = nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=100)
swa_start = 75
swa_scheduler = ${ctor}
for epoch in range(100):
    for batch in range(10):
        optimizer.step()
    if epoch > swa_start:
        swa_scheduler.step()
    else:
        scheduler.step()
`;

  for (const [imports, ctor] of [
    ['from torch.optim.swa_utils import SWALR', "SWALR(optimizer, swa_lr=0.05, anneal_epochs=5, anneal_strategy='linear')"],
    ['', "torch.optim.swa_utils.SWALR(optimizer, swa_lr=0.05, anneal_epochs=5, anneal_strategy='linear')"],
    ['from torch.optim import swa_utils', "swa_utils.SWALR(optimizer, 0.05, 5, 'linear')"],
    ['import torch.optim.swa_utils as swa', "swa.SWALR(optimizer, swa_lr=0.05, anneal_epochs=5, anneal_strategy='linear')"],
  ]) {
    it(`recognised through \`${imports || 'import torch'}\`: its arguments, its step calls per epoch`, () => {
      const r = analyze(swaLoop(imports, ctor));
      const f = r.schedulers.find((s) => s.aliases.includes('swa_scheduler'));
      assert.ok(f, `found ${r.schedulers.map((s) => s.kind).join(', ')}`);
      assert.equal(f.kind, 'SWALR');
      assert.deepEqual(f.spec.args, { swa_lr: 0.05, anneal_epochs: 5, anneal_strategy: 'linear' });
      assert.equal(f.unit, 'epoch');
      const { curve } = curveFor(f, { steps: 8 });
      // Linear from 0.1 to 0.05 in 5 steps, then held.
      const rows = curveRows(curve).map((row) => row[0]);
      assert.equal(compareRows([[rows[0]], [rows[1]], [rows[5]], [rows[8]]], [[0.1], [0.09], [0.05], [0.05]]), null);
    });
  }

  it('is not a torch.optim.lr_scheduler name', () => {
    const r = analyze('import torch\nfrom torch import nn\nmodel = nn.Linear(4, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nscheduler = torch.optim.lr_scheduler.SWALR(optimizer, swa_lr=0.05)\n');
    assert.equal(r.schedulers.find((s) => s.kind === 'SWALR'), undefined);
  });

  it('an unknown swa_lr is a named assumption, an lr', () => {
    const f = schedulerOf('import torch\nfrom torch import nn\nfrom torch.optim.swa_utils import SWALR\nmodel = nn.Linear(4, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nscheduler = SWALR(optimizer, swa_lr=cfg.swa_lr)\n');
    assert.deepEqual(f.assumptions.map((a) => [a.name, a.value, a.reason]), [['cfg.swa_lr', 0.001, 'learning rate unknown']]);
    assert.deepEqual(defaultForParam('SWALR', 'anneal_epochs', { runLength: 100 }), { value: 10, reason: 'number of epochs unknown' });
  });

  it('signature, run length, markers, import and generator status come from its descriptor', () => {
    assert.deepEqual(
      SIGNATURES.SWALR.params.map((p) => [p.name, p.default]),
      [['optimizer', undefined], ['swa_lr', undefined], ['anneal_epochs', 10], ['anneal_strategy', 'cos'], ['last_epoch', -1]],
    );
    assert.equal(SIGNATURES.SWALR.library, 'torch');
    assert.equal(naturalLength({ kind: 'SWALR', args: { swa_lr: 0.05, anneal_epochs: 80 } }, 100), 160);
    assert.equal(naturalLength({ kind: 'SWALR', args: { swa_lr: 0.05 } }, 100), 100);
    assert.deepEqual(markersOf({ kind: 'SWALR', args: { swa_lr: 0.05, anneal_epochs: 20 } }, 100), [{ step: 20, kind: 'milestone', label: 'annealing end' }]);
    assert.deepEqual(markersOf({ kind: 'SWALR', args: { swa_lr: 0.05 } }, 5), [], 'the default 10 epochs end after the drawn 5');
    assert.equal(moduleOf('SWALR'), 'torch.optim.swa_utils');
    assert.ok(NOT_GENERATED.SWALR);
    assert.equal(descriptorOf('SWALR')?.metricDriven, undefined);
  });
});
