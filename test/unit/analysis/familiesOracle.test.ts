// Every timm, diffusers and DeepSpeed oracle case end to end from its Python source: prelude +
// source (+ timm's train.py loop, + DeepSpeed's ds_config through deepspeed.initialize) → analyze()
// (the CLI's code path) → the curve of `scheduler` must equal the real library's at 1e-12.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor, curveRows } from '../../../src/core/model/curves';
import { timmCallLabel } from '../../../src/core/engine';
import { assertUntouchedMomentum } from '../engine/familiesOracle.test';
import { compareRows, loadFamilyOracle, type OracleCase } from '../helpers/oracle';

/** timm's train.py loop over the case's protocol; create_scheduler_v2 runs to the num_epochs it returns. */
function timmLoop(c: OracleCase): string {
  const p = c.protocol as { epochs: number; updates_per_epoch: number };
  const epochs = c.scheduler === 'create_scheduler_v2' ? 'num_epochs' : String(p.epochs);
  const metric = c.metrics ? `, metrics[epoch]` : '';
  return [
    c.metrics ? `metrics = ${JSON.stringify(c.metrics)}` : '',
    'num_updates = 0',
    `for epoch in range(${epochs}):`,
    `    for i in range(${p.updates_per_epoch}):`,
    '        optimizer.step()',
    '        num_updates += 1',
    '        scheduler.step_update(num_updates=num_updates)',
    `    scheduler.step(epoch + 1${metric})`,
    '',
  ].join('\n');
}

function check(c: OracleCase, source: string, label: string): void {
  const result = analyze(source);
  const f = result.schedulers.find((s) => s.aliases.includes('scheduler'));
  assert.ok(f, `${label}: no scheduler assigned to 'scheduler' (found ${result.schedulers.map((s) => s.kind + ':' + s.name).join(', ')})`);
  assert.equal(f.kind, c.scheduler);
  assert.equal(f.library, c.library);
  // (Where create_scheduler_v2 raises, the num_epochs it never returns is assumed for the loop.)
  if (!(c.error && c.error.at_step === 0 && c.protocol)) {
    assert.deepEqual(f.assumptions.map((a) => a.name), [], `${label}: no assumptions are needed for these cases`);
  }
  // timm: the run length comes from the loops the test appended (train.py's); the metric series as for torch.
  const { curve } = c.protocol ? curveFor(f, c.metrics ? { metrics: c.metrics } : {}) : curveFor(f, { steps: c.steps, metrics: c.metrics });
  if (c.error) {
    assert.ok(curve.error, `${label}: expected ${c.error.type} at step ${c.error.at_step}`);
    assert.equal(curve.error.atStep, c.error.at_step);
    assert.equal(curve.error.type, c.error.type);
    assert.equal(curve.error.message, c.error.message);
  } else {
    assert.equal(curve.error, undefined, curve.error && `${label}: unexpected error: ${curve.error.message}`);
  }
  const lrMismatch = compareRows(curveRows(curve), c.lr);
  assert.equal(lrMismatch, null, `${label} lr: ${lrMismatch}`);
  if (c.calls && c.calls.length) {
    assert.ok(curve.protocol, `${label}: a timm curve carries its protocol`);
    assert.deepEqual(
      Array.from({ length: curve.rows }, (_, k) => timmCallLabel(curve.protocol!, k)),
      c.calls,
    );
  }
  if (c.momentum) {
    if (curve.momentum) {
      const mm = compareRows(curveRows(curve, curve.momentum), c.momentum);
      assert.equal(mm, null, `${label} momentum: ${mm}`);
    } else assertUntouchedMomentum(c, c.momentum);
  }
}

describe('analysis: timm, diffusers and DeepSpeed oracle cases end to end from source', () => {
  for (const { prelude, c } of loadFamilyOracle()) {
    it(c.id, () => {
      const source = prelude + '\n' + c.source + (c.protocol ? timmLoop(c) : '');
      check(c, source, 'source');
      if (c.returned_num_epochs !== undefined && !c.error) {
        const f = analyze(source).schedulers.find((s) => s.aliases.includes('scheduler'));
        assert.equal(f?.timm?.epochs, c.returned_num_epochs, 'the loop runs to the num_epochs create_scheduler_v2 returns');
      }
    });
    if (c.ds_config) {
      it(`${c.id} (from its ds_config through deepspeed.initialize)`, () => {
        const optimizerLine = c.source.split('\n').find((l) => l.startsWith('optimizer = ')) as string;
        const source = [
          prelude,
          'import deepspeed',
          optimizerLine,
          `ds_config = ${JSON.stringify(c.ds_config).replace(/\btrue\b/g, 'True').replace(/\bfalse\b/g, 'False').replace(/\bnull\b/g, 'None')}`,
          'engine, optimizer, _, scheduler = deepspeed.initialize(model=model, optimizer=optimizer, config=ds_config)',
          '',
        ].join('\n');
        check(c, source, 'ds_config');
      });
    }
  }
});
