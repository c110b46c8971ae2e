import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { epochStepsFromSiblings, findingsToModels } from '../../../src/features/chart/protocol/models';
import type { StateMessage } from '../../../src/features/chart/protocol/messages';
import { initialState, pageStateFrom, reduce, shownXUnit, Store, topLevel, untakenBranches } from '../../../webview/store';
import { buildSeries, planAxes, tooltipAt } from '../../../webview/viewModel';

// Issue 18 item 1: one x unit per chart (epoch schedules through the steps per epoch the loops
// give, a pane of their own when unknown), untaken branches listed but not drawn.
const ROOT = path.resolve(__dirname, '../../../..');
const OPTIONS = { defaultRunLength: 100, defaultDatasetSize: 1000, timeLimitMs: 2000 };
const example = (name: string) => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');

function state(file: string): StateMessage {
  const text = example(file);
  return {
    type: 'state',
    uri: `file:///w/${file}`,
    version: 1,
    fileName: file,
    models: findingsToModels(analyze(text, OPTIONS).schedulers),
    overrides: {},
    focus: { schedulerId: null },
    settings: { logScale: false },
    analysisInput: { text, options: OPTIONS },
  };
}

describe('one x unit per chart (issue 18 item 1)', () => {
  it("an epoch-stepped schedule takes the batches of the epoch loop another scheduler is stepped in (the tutorial's train_loader)", () => {
    const a = analyze(example('tutorial_warmup_linear.py'), OPTIONS);
    const byKind = (k: string) => a.schedulers.find((f) => f.kind === k)!;
    // TensorDataset(torch.randn(3200, 16), …) with batch_size=32: 100 batches an epoch, inferred.
    assert.equal(epochStepsFromSiblings(byKind('StepLR'), a.schedulers), 100);
    assert.equal(epochStepsFromSiblings(byKind('CosineAnnealingLR'), a.schedulers), 100);
    // A per-batch schedule is not an epoch schedule.
    assert.equal(epochStepsFromSiblings(byKind('LambdaLR'), a.schedulers), null);
    const models = findingsToModels(a.schedulers);
    assert.deepEqual(models.map((m) => [m.kind, m.unit, m.stepsPerEpoch]), [
      ['StepLR', 'epoch', 100],
      ['CosineAnnealingLR', 'epoch', 100],
      ['LambdaLR', 'step', 100],
    ]);
    // All three on one step axis, 10 epochs = 1,000 steps, no second pane.
    const plan = planAxes(models, 'step');
    assert.equal(plan.primary, 'step');
    assert.equal(plan.secondary, null);
    assert.deepEqual([...plan.axisOf.values()], ['x', 'x', 'x']);
  });

  it('accumulation divides the batches; an epoch loop with no per-batch scheduler leaves steps per epoch unknown', () => {
    const src = `import torch
from torch.optim.lr_scheduler import StepLR, LambdaLR
opt = torch.optim.SGD([torch.zeros(1)], lr=0.1)
opt2 = torch.optim.SGD([torch.zeros(1)], lr=0.1)
ep = StepLR(opt, step_size=2, gamma=0.5)
per = LambdaLR(opt2, lambda s: 1.0)
data = list(range(400))
for epoch in range(6):
    for i, batch in enumerate(data):
        if (i + 1) % 4 == 0:
            opt2.step()
            per.step()
    opt.step()
    ep.step()
`;
    const a = analyze(src, OPTIONS);
    const ep = a.schedulers.find((f) => f.kind === 'StepLR')!;
    assert.equal(epochStepsFromSiblings(ep, a.schedulers), 100);
    const alone = analyze(src.replace(/ {12}per\.step\(\)\n/, ''), OPTIONS);
    assert.equal(epochStepsFromSiblings(alone.schedulers.find((f) => f.kind === 'StepLR')!, alone.schedulers), null);
  });

  it('the tutorial: step mode draws every curve in steps (StepLR holds each epoch for 100 steps); the toggle switches the whole chart to epochs', () => {
    const store = new Store(initialState(pageStateFrom(undefined)));
    store.dispatch({ type: 'hostState', state: state('tutorial_warmup_linear.py') });
    let s = store.get();
    assert.equal(shownXUnit(s), 'step');
    const series = buildSeries(s.entries, { xMode: 'step', hidden: new Set(), pixels: 800 });
    assert.deepEqual([...new Set(series.map((x) => x.xAxis))], ['x']);
    const step = s.entries.find((e) => e.model.kind === 'StepLR')!;
    // StepLR(step_size=3, gamma=0.5): the epoch-3 lr (0.05) from step 300 on.
    const at = (x: number) => tooltipAt(s.entries, x, 'x', { xMode: 'step', hidden: new Set() }).rows.find((r) => r.label.includes('StepLR'))!.value;
    assert.equal(at(299), 0.1);
    assert.equal(at(300), 0.05);
    assert.equal(step.curve.rows, 11);
    store.dispatch({ type: 'toggleXMode' });
    s = store.get();
    assert.equal(s.page.xMode, 'epoch');
    assert.equal(shownXUnit(s), 'epoch');
    const plan = planAxes(topLevel(s), 'epoch');
    assert.equal(plan.secondary, null, 'the per-batch LambdaLR is converted to epochs too');
    const lambda = buildSeries(s.entries, { xMode: 'epoch', hidden: new Set(), pixels: 800 }).find((x) => x.label.includes('LambdaLR'))!;
    assert.equal(lambda.points[lambda.points.length - 1].x, 10);
  });

  it("torchvision's recipe: the untaken StepLR, ExponentialLR and ConstantLR branches are listed, unticked and not drawn; the x button shows epochs", () => {
    const store = new Store(initialState(pageStateFrom(undefined)));
    store.dispatch({ type: 'hostState', state: state('torchvision_ref.py') });
    const s = store.get();
    const kinds = (ids: number[]) => ids.map((id) => s.models.find((m) => m.id === id)!.kind).sort();
    assert.deepEqual(kinds(s.page.hidden), ['ConstantLR', 'ExponentialLR', 'StepLR']);
    assert.deepEqual(topLevel(s).map((m) => m.kind).sort(), ['ConstantLR', 'ExponentialLR', 'SequentialLR', 'StepLR']);
    const drawn = buildSeries(s.entries, { xMode: s.page.xMode, hidden: new Set(s.page.hidden), pixels: 800 });
    assert.deepEqual(drawn.map((x) => x.label), ['lr_scheduler (SequentialLR)']);
    // SequentialLR is stepped per epoch with steps per epoch unknown: the chart is in epochs.
    assert.equal(shownXUnit(s), 'epoch');
    assert.equal(drawn[0].xAxis, 'x');
    // Ticking an untaken step branch puts it in its own pane (one unit per pane).
    const stepLR = topLevel(s).find((m) => m.kind === 'StepLR')!;
    const s2 = reduce(s, { type: 'setVisible', schedulerId: stepLR.id, visible: true });
    const plan = planAxes(topLevel(s2), s2.page.xMode, new Set(s2.page.hidden));
    assert.deepEqual([plan.primary, plan.secondary], ['step', 'epoch']);
    assert.equal(plan.axisOf.get(stepLR.id), 'x');
    assert.equal(plan.axisOf.get(topLevel(s).find((m) => m.kind === 'SequentialLR')!.id), 'x2');
  });

  it('when no branch is known to be taken, every scheduler is drawn', () => {
    const models = state('torchvision_ref.py').models.map((m) => ({ ...m, active: false }));
    assert.deepEqual(untakenBranches(models), []);
    assert.equal(untakenBranches(state('tutorial_warmup_linear.py').models).length, 0);
  });
});
