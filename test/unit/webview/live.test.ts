import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { concatCells } from '../../../src/core/model/cells';
import { findingsToModels, simulateSchedule } from '../../../src/features/chart/protocol/models';
import type { AnalysisInput, StateMessage } from '../../../src/features/chart/protocol/messages';
import { LiveRecompute, planRecompute, type PageEdits } from '../../../webview/live';

const SCRIPT = `import torch
from torch.optim.lr_scheduler import LambdaLR, CosineAnnealingLR
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
opt2 = torch.optim.SGD(model.parameters(), lr=0.05)
epochs = 10
scale = 0.5
warm = LambdaLR(opt, lr_lambda=lambda s: min(1.0, (s + 1) / 100) * scale)
cos = CosineAnnealingLR(opt2, T_max=epochs * len(train_loader), eta_min=0.001)
for epoch in range(epochs):
    for batch in train_loader:
        opt.step()
        opt2.step()
        warm.step()
        cos.step()
`;
const OPTIONS = { defaultRunLength: 100, defaultDatasetSize: 1000, timeLimitMs: 1000 };
const NONE: PageEdits = { edits: {}, steps: {}, assumptions: {} };

/** The state the host posts for `text` (src/features/chart/host/chartPanel.ts: the cached analysis, callables simulated there). */
function hostState(text: string, withInput = true, assumptions: Record<string, number> = {}): Pick<StateMessage, 'models' | 'overrides' | 'analysisInput'> {
  const a = analyze(text, { ...OPTIONS, assumptions });
  const input: AnalysisInput = { text, options: OPTIONS };
  return { models: findingsToModels(a.schedulers), overrides: { ...assumptions }, ...(withInput ? { analysisInput: input } : {}) };
}

/** What the host computed before (a round trip): re-analysis with the overrides, callables simulated with their edits. */
function hostRoundTrip(text: string, e: PageEdits) {
  const a = analyze(text, { ...OPTIONS, assumptions: { ...e.assumptions } });
  const steps = new Map(Object.entries(e.steps).map(([k, v]) => [Number(k), v]));
  const params = new Map(Object.entries(e.edits).map(([k, v]) => [Number(k), { ...v }]));
  return findingsToModels(a.schedulers, { steps, params });
}

const ids = () => {
  const a = analyze(SCRIPT, OPTIONS);
  return { warm: a.schedulers.find((f) => f.kind === 'LambdaLR')!.id, cos: a.schedulers.find((f) => f.kind === 'CosineAnnealingLR')!.id };
};

describe('webview live recompute (webview/live.ts)', () => {
  it('plans: engine only for JSON specs; the page re-analyzes for assumptions and callables; the host only without the text', () => {
    const { warm, cos } = ids();
    const host = hostState(SCRIPT);
    assert.equal(planRecompute(host, NONE), 'host-models');
    assert.equal(planRecompute(host, { ...NONE, edits: { [cos]: { eta_min: 0 } } }), 'host-models');
    assert.equal(planRecompute(host, { ...NONE, steps: { [cos]: 50 } }), 'host-models');
    assert.equal(planRecompute(host, { ...NONE, assumptions: { 'len(train_loader)': 20 } }), 'reanalyze');
    assert.equal(planRecompute(host, { ...NONE, steps: { [warm]: 50 } }), 'reanalyze');
    const noText = hostState(SCRIPT, false);
    assert.equal(planRecompute(noText, { ...NONE, assumptions: { 'len(train_loader)': 20 } }), 'ask-host');
    // The host already applied these overrides (the round trip answered): nothing to do.
    const answered = hostState(SCRIPT, false, { 'len(train_loader)': 20 });
    assert.equal(planRecompute(answered, { ...NONE, assumptions: { 'len(train_loader)': 20 } }), 'host-models');
  });

  it('an argument edit of a JSON spec: the engine in the page, the same curve the host computes, no analysis', () => {
    const { cos } = ids();
    const live = new LiveRecompute();
    const e: PageEdits = { ...NONE, edits: { [cos]: { eta_min: 0.01 } } };
    const r = live.compute(hostState(SCRIPT), e);
    assert.equal(r.plan, 'host-models');
    assert.equal(live.analyses, 0);
    const got = r.entries.find((x) => x.model.id === cos)!;
    const want = hostRoundTrip(SCRIPT, e).find((m) => m.id === cos)!;
    assert.ok(!want.curve, 'JSON specs are not simulated by the host');
    const spec = { ...want.spec!, args: { ...want.spec!.args, eta_min: 0.01 } };
    const direct = simulateSchedule(spec as never, want.optimizer, want.steps, false);
    assert.deepEqual(Array.from(got.curve.lr), Array.from(direct.lr));
    assert.equal(got.curve.lr[got.curve.rows - 1], 0.01);
  });

  it('an assumption edit re-analyzes in the page: the models and curves the host round trip gave, bit for bit', () => {
    const { warm, cos } = ids();
    const live = new LiveRecompute();
    const e: PageEdits = { ...NONE, assumptions: { 'len(train_loader)': 20 } };
    const r = live.compute(hostState(SCRIPT), e);
    assert.equal(r.plan, 'reanalyze');
    assert.equal(live.analyses, 1);
    const want = hostRoundTrip(SCRIPT, e);
    const cosModel = r.models.find((m) => m.id === cos)!;
    assert.equal(cosModel.steps, 200);
    assert.equal(cosModel.spec!.args.T_max, 200);
    assert.ok(cosModel.assumptions.some((a) => a.name === 'len(train_loader)' && a.value === 20 && a.overridden));
    for (const id of [warm, cos]) {
      const got = r.entries.find((x) => x.model.id === id)!;
      const w = want.find((m) => m.id === id)!;
      // The host simulates callables itself; JSON specs it leaves to the engine.
      const wantLr = Array.from(w.curve ? w.curve.lr : simulateSchedule(w.spec as never, w.optimizer, w.steps, false).lr);
      assert.deepEqual(Array.from(got.curve.lr), wantLr, `model ${id}`);
      assert.equal(got.curve.rows, 201);
    }
    // Models the page shows are the host's shape (structured-clone safe, callables not posted).
    assert.deepEqual(r.models.map((m) => m.spec === null), want.map((m) => m.spec === null));
  });

  it('a run-length or argument edit of a schedule that calls Python code runs its lambda in the page', () => {
    const { warm } = ids();
    const live = new LiveRecompute();
    const e: PageEdits = { ...NONE, steps: { [warm]: 300 } };
    const r = live.compute(hostState(SCRIPT), e);
    const got = r.entries.find((x) => x.model.id === warm)!;
    const want = hostRoundTrip(SCRIPT, e).find((m) => m.id === warm)!;
    assert.equal(got.curve.rows, 301);
    assert.deepEqual(Array.from(got.curve.lr), Array.from(want.curve!.lr));
    assert.equal(got.curve.lr[99], 0.1 * 0.5);
    assert.equal(got.spec, null, 'markers need a JSON spec');
  });

  it('reuses its analysis while the text and assumptions stay; a new text or assumption reruns it', () => {
    const live = new LiveRecompute();
    const host = hostState(SCRIPT);
    const e: PageEdits = { ...NONE, assumptions: { 'len(train_loader)': 20 } };
    live.compute(host, e);
    live.compute(host, { ...e, steps: { 0: 5 } });
    assert.equal(live.analyses, 1);
    live.compute(host, { ...NONE, assumptions: { 'len(train_loader)': 30 } });
    assert.equal(live.analyses, 2);
    const edited = hostState(SCRIPT.replace('eta_min=0.001', 'eta_min=0.002'));
    const r = live.compute(edited, { ...NONE, assumptions: { 'len(train_loader)': 30 } });
    assert.equal(live.analyses, 3);
    const cos = r.models.find((m) => m.kind === 'CosineAnnealingLR')!;
    assert.equal(cos.spec!.args.eta_min, 0.002);
  });

  it('a notebook cell: the whole notebook is analyzed, only the cell\'s schedulers are shown', () => {
    const cells = [SCRIPT.split('warm =')[0].trimEnd(), 'warm = LambdaLR(opt, lr_lambda=lambda s: 0.9 ** s)', 'for epoch in range(7):\n    opt.step()\n    warm.step()'];
    const { text, slice } = concatCells(cells, 1);
    const a = analyze(text, OPTIONS);
    const host = { models: findingsToModels(a.schedulers), overrides: {}, analysisInput: { text, options: OPTIONS, cell: slice } };
    const live = new LiveRecompute();
    const r = live.compute(host, { ...NONE, steps: { [a.schedulers[0].id]: 3 } });
    assert.equal(r.plan, 'reanalyze');
    assert.deepEqual(r.models.map((m) => [m.kind, m.line, m.unit, m.steps]), [['LambdaLR', 1, 'epoch', 7]]);
    assert.deepEqual(Array.from(r.entries[0].curve.lr), [0.1, 0.1 * 0.9, 0.1 * 0.9 ** 2, 0.1 * 0.9 ** 3]);
  });
});
