// Generated code → analyze() → the same curve as the engine for those parameters, at 1e-12, for
// every catalogue entry (defaults, and every alternative of each choice parameter).
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor, curveRows } from '../../../src/core/model/curves';
import { SIGNATURES } from '../../../src/core/engine/signatures';
import { CATALOGUE, NOT_GENERATED, defaultValues, kindsIn, type CatalogueEntry, type GenContext } from '../../../src/core/generator/catalogue';
import { applyTextEdits } from '../../../src/core/generator/edits';
import { ruleFor, type ParamValue } from '../../../src/core/generator/params';
import { planGeneration } from '../../../src/core/generator/plan';
import { previewOptimizer, simulateCall } from '../../../src/core/generator/spec';
import { resolveValues } from '../../../src/core/generator/validate';
import { compareRows } from '../helpers/oracle';

const TORCH = { lr: 0.1, steps: 240, type: 'SGD', line: 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)' };
const HF = { lr: 5e-5, steps: 300, type: 'AdamW', line: 'optimizer = torch.optim.AdamW(model.parameters(), lr=5e-05)' };

/**
 * The script an entry is written into: a model and an optimizer; for timm, train.py's two loops as
 * well (12 epochs of 20 batches, and the validation metric a plateau schedule is stepped with), so
 * the generator writes timm's `step_update` and `step(epoch + 1)` calls into them. `cursor`: where
 * the scheduler goes (before the loops).
 */
function scriptFor(entry: CatalogueEntry): { prelude: string; cursor: number; ctx: GenContext; type: string } {
  const o = entry.library === 'torch' || entry.library === 'timm' || entry.library === 'deepspeed' ? TORCH : HF;
  const head = `import torch\nfrom torch import nn\n\nmodel = nn.Linear(4, 2)\n${o.line}\n`;
  if (entry.library !== 'timm') return { prelude: head, cursor: head.length, ctx: { lr: o.lr, steps: o.steps }, type: o.type };
  const loader = 'loader = torch.utils.data.DataLoader(list(range(200)), batch_size=10)\n';
  const loops = 'for epoch in range(12):\n    for batch in loader:\n        optimizer.step()\n    val_loss = 1.0\n';
  return { prelude: head + loader + loops, cursor: (head + loader).length, ctx: { lr: o.lr, steps: 240, stepsPerEpoch: 20 }, type: o.type };
}

/** The defaults, then each other choice of every choice parameter. */
function variants(entry: CatalogueEntry, ctx: GenContext): Array<Record<string, ParamValue>> {
  const base = defaultValues(entry, ctx);
  const out = [base];
  for (const q of entry.params) {
    const r = ruleFor(entry.kind, q.name);
    for (const c of r?.choices ?? []) if (c !== base[q.name]) out.push({ ...base, [q.name]: c });
  }
  return out;
}

function label(v: Record<string, ParamValue>): string {
  return Object.entries(v).map(([k, x]) => `${k}=${Array.isArray(x) ? `[${x.join(',')}]` : x}`).join(' ');
}

describe('generator: generated code round-trips through the analysis', () => {
  for (const entry of CATALOGUE) {
    const { prelude, cursor, ctx, type } = scriptFor(entry);
    for (const values of variants(entry, ctx)) {
      it(`${entry.id} ${label(values)}`, () => {
        const r = resolveValues(entry, values, ctx, type);
        assert.ok(r.ok, !r.ok ? r.message : '');
        const plan = planGeneration({ source: prelude, cursor, call: r.call, mode: 'insert', optimizer: 'optimizer' });
        assert.ok(plan.ok, !plan.ok ? plan.message : '');
        const source = applyTextEdits(prelude, plan.edits);
        const result = analyze(source, { timeLimitMs: 5000 });
        const f = result.schedulers.find((s) => s.name === 'scheduler' && s.parent === null);
        assert.ok(f, `no scheduler found in:\n${source}\n${JSON.stringify(result.diagnostics)}`);
        assert.equal(f.spec.kind, entry.kind);
        assert.deepEqual(f.assumptions.map((a) => a.name), [], `no assumptions needed:\n${source}`);
        // The preview and the inserted code's curve: the same run, metric-driven kinds with the one
        // synthetic metric in the mode chosen (not a hard-coded 'min').
        if (entry.library === 'timm') {
          // Stepped as train.py steps it, by the calls the generator wrote: 12 epochs of 20 step_update calls.
          assert.ok(plan.step && plan.epochStep, `timm's two calls written:\n${source}`);
          assert.deepEqual(f.timm && [f.timm.epochs, f.timm.updatesPerEpoch, f.timm.epochCalls], [12, 20, true], source);
        }
        // timm's curve as the editor draws it: the lr of each optimizer step (the calls folded).
        const fromCode = entry.library === 'timm' ? curveFor(f, { perBatch: true }).curve : curveFor(f, { steps: ctx.steps }).curve;
        const fromEngine = simulateCall(r.call, previewOptimizer(ctx.lr, type), ctx.steps, ctx.stepsPerEpoch);
        assert.equal(fromCode.error, undefined, fromCode.error?.message);
        assert.equal(fromEngine.error, undefined, fromEngine.error?.message);
        assert.equal(fromCode.rows, ctx.steps + 1);
        assert.equal(compareRows(curveRows(fromCode), curveRows(fromEngine)), null, source);
        if (fromEngine.momentum) {
          assert.ok(fromCode.momentum, 'momentum cycled in the code too');
          assert.equal(compareRows(curveRows(fromCode, fromCode.momentum), curveRows(fromEngine, fromEngine.momentum)), null);
        }
        // The curve is not trivially flat unless the schedule is (a constant schedule or a plateau).
        const lr = Array.from(fromEngine.lr);
        if (!/constant|Constant|plateau|greedy|Greedy/.test(entry.id + entry.kind + String(values.name))) assert.ok(Math.max(...lr) > Math.min(...lr), 'the schedule changes the lr');
      });
    }
  }

  it('covers every engine kind except the ones listed as not generated', () => {
    const generated = new Set(CATALOGUE.flatMap((e) => kindsIn(e.build(defaultValues(e, TORCH), TORCH))));
    for (const kind of Object.keys(SIGNATURES)) {
      if (NOT_GENERATED[kind]) continue;
      assert.ok(generated.has(kind), `${kind} can be generated`);
    }
  });

  it('asks only for parameters the library has (SIGNATURES), except the warm-up length of SequentialLR', () => {
    for (const e of CATALOGUE) {
      const call = e.build(defaultValues(e, TORCH), TORCH);
      const names = new Set(SIGNATURES[call.kind].params.map((p) => p.name));
      for (const k of Object.keys(call.args)) assert.ok(names.has(k) || SIGNATURES[call.kind].varKeywords, `${e.id}: ${call.kind} has ${k}`);
      for (const q of e.params) {
        const known = kindsIn(call).some((k) => SIGNATURES[k].params.some((p) => p.name === q.name)) || q.name === 'warmup_steps';
        const viaKwargs = SIGNATURES[call.kind].varKeywords || call.kind === 'LambdaLR' || call.kind === 'MultiplicativeLR' || call.kind === 'ChainedScheduler';
        assert.ok(known || viaKwargs, `${e.id}: ${q.name} is a parameter of ${kindsIn(call).join('/')}`);
      }
    }
  });

  it('has unique ids, a description and a group for every entry', () => {
    const ids = CATALOGUE.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const e of CATALOGUE) {
      assert.ok(e.description.length > 10 && !e.description.includes('\n'), e.id);
      assert.ok(SIGNATURES[e.kind], e.id);
    }
  });
});
