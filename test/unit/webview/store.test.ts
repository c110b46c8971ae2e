import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { readTrainingLog } from '../../../src/core/logs/read';
import { compareWithLog, overlayOf } from '../../../src/core/logs/session';
import { findingsToModels } from '../../../src/features/chart/protocol/models';
import type { StateMessage } from '../../../src/features/chart/protocol/messages';
import {
  applyMessage,
  autoLogScale,
  canRevert,
  changedEdits,
  epochAxisOk,
  hostRecomputeMessage,
  initialState,
  logScale,
  logScaleIsAuto,
  pageStateFrom,
  reduce,
  Store,
  topLevel,
  type Action,
  type State,
} from '../../../webview/store';

const SCRIPT = `import torch
from torch.optim.lr_scheduler import StepLR, LambdaLR, CosineAnnealingLR
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
opt2 = torch.optim.SGD(model.parameters(), lr=0.001)
opt3 = torch.optim.SGD(model.parameters(), lr=0.05)
sched = StepLR(opt, step_size=30, gamma=0.1)
warm = LambdaLR(opt2, lr_lambda=lambda s: 0.5 ** (s // 10))
cos = CosineAnnealingLR(opt3, T_max=3 * len(train_loader), eta_min=0.001)
for epoch in range(3):
    for batch in train_loader:
        opt3.step()
        cos.step()
for epoch in range(100):
    opt.step()
    opt2.step()
    sched.step()
    warm.step()
`;
const OPTIONS = { defaultRunLength: 100, defaultDatasetSize: 1000, timeLimitMs: 1000 };
const URI = 'file:///w/train.py';

/** The `state` the host posts for SCRIPT (the cached analysis; callables simulated by the host). */
function hostState(extra: Partial<StateMessage> = {}, assumptions: Record<string, number> = {}): StateMessage {
  const a = analyze(SCRIPT, { ...OPTIONS, assumptions });
  return {
    type: 'state',
    uri: URI,
    version: 1,
    fileName: 'train.py',
    models: findingsToModels(a.schedulers),
    overrides: { ...assumptions },
    focus: { schedulerId: null },
    settings: { logScale: false },
    analysisInput: { text: SCRIPT, options: OPTIONS },
    ...extra,
  };
}

function loaded(extra: Partial<StateMessage> = {}): { store: Store; seen: Action[]; ids: Record<'sched' | 'warm' | 'cos', number> } {
  const store = new Store(initialState(pageStateFrom(undefined)));
  const seen: Action[] = [];
  store.subscribe((_s, _p, a) => seen.push(a));
  store.dispatch({ type: 'hostState', state: hostState(extra) });
  const id = (kind: string) => store.get().models.find((m) => m.kind === kind)!.id;
  return { store, seen, ids: { sched: id('StepLR'), warm: id('LambdaLR'), cos: id('CosineAnnealingLR') } };
}

const lastLr = (s: State, id: number) => {
  const e = s.entries.find((x) => x.model.id === id)!;
  return e.curve.lr[e.curve.rows - 1];
};

describe('webview store (webview/store.ts)', () => {
  it('a state from the host: the models, their curves recomputed in the page, the layout rebuilt', () => {
    const { store, ids } = loaded();
    const s = store.get();
    assert.equal(s.states, 1);
    assert.equal(s.layout, 1);
    assert.equal(s.page.uri, URI);
    assert.deepEqual(topLevel(s).map((m) => m.kind), ['StepLR', 'LambdaLR', 'CosineAnnealingLR']);
    assert.equal(s.entries.length, 3);
    assert.equal(s.compute!.plan, 'host-models');
    assert.equal(s.compute!.count, 1);
    // StepLR(step_size=30, gamma=0.1) over 100 epochs: three decays.
    assert.equal(lastLr(s, ids.sched), 0.1 * 0.1 * 0.1 * 0.1);
    assert.equal(s.compute!.lastLr[ids.sched], lastLr(s, ids.sched));
    // LambdaLR 0.5 ** (s // 10) at step 100, simulated by the host (a callable spec).
    assert.equal(lastLr(s, ids.warm), 0.001 * 0.5 ** 10);
    // len(train_loader) is assumed (1000 batches): 3 × 1000 steps.
    assert.equal(s.models.find((m) => m.id === ids.cos)!.steps, 3000);
    assert.deepEqual(s.page.assumptions, {});
  });

  it('an argument edit changes the page state at once and the curve on `recompute`; the code value removes it', () => {
    const { store, ids } = loaded();
    const before = store.get().entries;
    store.dispatch({ type: 'editArgument', schedulerId: ids.sched, name: 'gamma', value: 0.5 });
    let s = store.get();
    assert.deepEqual(s.page.edits, { [ids.sched]: { gamma: 0.5 } });
    assert.equal(s.entries, before, 'typing waits for `recompute`');
    assert.deepEqual(changedEdits(s), [{ schedulerId: ids.sched, argument: 'gamma', value: 0.5 }]);
    assert.deepEqual(applyMessage(s), { type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: ids.sched, argument: 'gamma', value: 0.5 }], assumptions: {} });
    assert.ok(canRevert(s));
    store.dispatch({ type: 'recompute' });
    s = store.get();
    assert.equal(s.compute!.count, 2);
    assert.equal(s.compute!.plan, 'host-models');
    assert.equal(lastLr(s, ids.sched), 0.1 * 0.5 * 0.5 * 0.5);
    assert.equal(s.layout, 1, 'the forms are not rebuilt while typing');
    assert.equal(s.hostRequests, 0);
    // Typing the code's value again: no edit left.
    store.dispatch({ type: 'editArgument', schedulerId: ids.sched, name: 'gamma', value: 0.1 });
    s = store.get();
    assert.deepEqual(s.page.edits, {});
    assert.equal(applyMessage(s), null);
    assert.ok(!canRevert(s));
  });

  it('a run-length edit and an edit of a callable schedule are recomputed in the page', () => {
    const { store, ids } = loaded();
    store.dispatch({ type: 'editSteps', schedulerId: ids.warm, steps: 30 });
    store.dispatch({ type: 'editSteps', schedulerId: ids.sched, steps: -1 });
    assert.deepEqual(store.get().page.steps, { [ids.warm]: 30 }, 'a negative run length is refused');
    store.dispatch({ type: 'recompute' });
    const s = store.get();
    assert.equal(s.compute!.plan, 'reanalyze', 'the lambda is rerun by the page');
    assert.equal(lastLr(s, ids.warm), 0.001 * 0.5 ** 3);
    assert.equal(s.entries.find((e) => e.model.id === ids.warm)!.curve.rows, 31);
    store.dispatch({ type: 'editSteps', schedulerId: ids.warm, steps: 100 });
    assert.deepEqual(store.get().page.steps, {}, "the code's run length removes the edit");
  });

  it('an assumption edit reruns the analysis: new run length, rebuilt forms; its shown value removes it', () => {
    const { store, ids } = loaded();
    store.dispatch({ type: 'editAssumption', schedulerId: ids.cos, name: 'len(train_loader)', value: 10 });
    let s = store.get();
    assert.deepEqual(s.page.assumptions, { 'len(train_loader)': 10 });
    assert.equal(s.compute!.plan, 'reanalyze');
    assert.equal(s.layout, 2);
    const cos = s.models.find((m) => m.id === ids.cos)!;
    assert.equal(cos.steps, 30);
    assert.equal(s.entries.find((e) => e.model.id === ids.cos)!.curve.rows, 31);
    assert.equal(lastLr(s, ids.cos), 0.001);
    // The page had the text and recomputed by itself; it still hands the assumption to the host,
    // whose document model every other surface reads.
    assert.equal(s.hostRequests, 1, 'one request: the assumption becomes the document\'s');
    assert.deepEqual(hostRecomputeMessage(s), { type: 'recompute', uri: URI, version: 1, assumptions: { 'len(train_loader)': 10 }, overrides: [] });
    // The value the analysis shows and was not overridden: back to the code's assumption.
    store.dispatch({ type: 'editAssumption', schedulerId: ids.cos, name: 'len(train_loader)', value: 1000 });
    s = store.get();
    // Now shown as overridden (the page's analysis ran with 10): setting 1000 keeps an override.
    assert.deepEqual(s.page.assumptions, { 'len(train_loader)': 1000 });
    assert.equal(s.models.find((m) => m.id === ids.cos)!.steps, 3000);
    store.dispatch({ type: 'revert' });
    s = store.get();
    assert.deepEqual(s.page.assumptions, {});
    assert.equal(s.models.find((m) => m.id === ids.cos)!.steps, 3000);
    assert.equal(s.layout, 4);
  });

  it('without the text (a file over the limit) an assumption edit asks the host, with the callable overrides', () => {
    const { store, ids } = loaded({ analysisInput: undefined });
    store.dispatch({ type: 'editSteps', schedulerId: ids.warm, steps: 40 });
    store.dispatch({ type: 'editAssumption', schedulerId: ids.cos, name: 'len(train_loader)', value: 10 });
    const s = store.get();
    assert.equal(s.compute!.plan, 'ask-host');
    assert.equal(s.hostRequests, 1);
    assert.deepEqual(hostRecomputeMessage(s), {
      type: 'recompute',
      uri: URI,
      version: 1,
      assumptions: { 'len(train_loader)': 10 },
      overrides: [{ schedulerId: ids.warm, steps: 40 }],
    });
    // A new state from the host answers: it never asks again by itself (no loop), though the
    // callable's run length is still one only the host can simulate.
    store.dispatch({ type: 'hostState', state: hostState({ analysisInput: undefined }, { 'len(train_loader)': 10 }) });
    const t = store.get();
    assert.equal(t.hostRequests, 1);
    assert.equal(t.compute!.plan, 'ask-host');
    assert.equal(t.models.find((m) => m.id === ids.cos)!.steps, 30);
    store.dispatch({ type: 'editSteps', schedulerId: ids.warm, steps: 100 });
    store.dispatch({ type: 'recompute' });
    assert.equal(store.get().compute!.plan, 'host-models', 'the host applied the same assumptions, no callable edit left');
    assert.equal(store.get().hostRequests, 1);
    // Revert must make the host drop its overrides.
    store.dispatch({ type: 'revert' });
    assert.equal(store.get().hostRequests, 2);
  });

  it('a new state keeps the edits of schedulers that still exist; another file starts afresh', () => {
    const { store, ids } = loaded();
    store.dispatch({ type: 'editArgument', schedulerId: ids.sched, name: 'gamma', value: 0.5 });
    store.dispatch({ type: 'editArgument', schedulerId: 999, name: 'gamma', value: 0.5 });
    store.dispatch({ type: 'setVisible', schedulerId: ids.cos, visible: false });
    store.dispatch({ type: 'banner', kind: 'error', message: 'boom' });
    store.dispatch({ type: 'hostState', state: hostState({ version: 2 }) });
    let s = store.get();
    assert.deepEqual(s.page.edits, { [ids.sched]: { gamma: 0.5 } }, 'an edit of an unknown scheduler is ignored');
    assert.deepEqual(s.page.hidden, [ids.cos]);
    assert.equal(s.banner?.message, 'boom');
    assert.equal(lastLr(s, ids.sched), 0.1 * 0.5 ** 3, 'the kept edit is drawn');
    store.dispatch({ type: 'hostState', state: hostState({ uri: 'file:///w/other.py', overrides: { 'len(train_loader)': 7 } }) });
    s = store.get();
    assert.deepEqual(s.page.edits, {});
    assert.deepEqual(s.page.hidden, []);
    assert.deepEqual(s.page.assumptions, { 'len(train_loader)': 7 });
    assert.equal(s.banner, null, "the previous file's message goes");
  });

  it('focus, hidden curves, x mode and zoom', () => {
    const { store, ids } = loaded();
    store.dispatch({ type: 'focus', focus: { schedulerId: ids.warm } });
    assert.equal(store.get().focusedId, ids.warm);
    assert.equal(store.get().page.schedulerId, ids.warm);
    // The next state without a focus keeps it while the scheduler exists.
    store.dispatch({ type: 'hostState', state: hostState() });
    assert.equal(store.get().focusedId, ids.warm);
    store.dispatch({ type: 'hostState', state: hostState({ focus: { schedulerId: ids.cos, section: 'assumptions' } }) });
    assert.equal(store.get().focusedId, ids.cos);
    store.dispatch({ type: 'setVisible', schedulerId: ids.sched, visible: false });
    store.dispatch({ type: 'setVisible', schedulerId: ids.sched, visible: false });
    assert.deepEqual(store.get().page.hidden, [ids.sched]);
    store.dispatch({ type: 'setVisible', schedulerId: ids.sched, visible: true });
    assert.deepEqual(store.get().page.hidden, []);
    store.dispatch({ type: 'zoom', range: { min: 10, max: 20 } });
    assert.deepEqual(store.get().page.zoom, { min: 10, max: 20 });
    store.dispatch({ type: 'toggleXMode' });
    assert.equal(store.get().page.xMode, 'epoch');
    assert.equal(store.get().page.zoom, null, 'another unit: the zoom goes');
    // CosineAnnealingLR's steps per epoch are known (1000): epochs stay available.
    store.dispatch({ type: 'hostState', state: hostState() });
    assert.equal(store.get().page.xMode, 'epoch');
  });

  it('the log scale: automatic when the peaks differ 100× or more, the setting, then the toggle', () => {
    const { store, ids } = loaded();
    let s = store.get();
    // Peaks 0.1, 0.001 and 0.05: 100×.
    assert.ok(logScale(s));
    assert.ok(logScaleIsAuto(s));
    store.dispatch({ type: 'setVisible', schedulerId: ids.warm, visible: false });
    s = store.get();
    assert.ok(!logScale(s), 'without the 0.001 curve: 0.1 / 0.05');
    assert.equal(autoLogScale(s.entries, [ids.warm]), false);
    store.dispatch({ type: 'settings', settings: { logScale: true } });
    s = store.get();
    assert.ok(logScale(s) && !logScaleIsAuto(s), 'the lrLens.chart.logScale setting');
    store.dispatch({ type: 'toggleLogScale' });
    s = store.get();
    assert.equal(s.page.logScale, false);
    assert.ok(!logScale(s));
    store.dispatch({ type: 'toggleLogScale' });
    assert.equal(store.get().page.logScale, true);
  });

  it('listeners see the state before and after each action; banners count', () => {
    const { store, seen } = loaded();
    const calls: Array<[number, number, string]> = [];
    const off = store.subscribe((s, prev, a) => calls.push([prev.layout, s.layout, a.type]));
    store.dispatch({ type: 'theme', theme: { ...store.get().theme, fg: '#000000' } });
    store.dispatch({ type: 'banner', kind: 'info', message: 'saved' });
    store.dispatch({ type: 'banner', kind: 'info', message: 'saved' });
    assert.equal(store.get().banner!.seq, 2);
    store.dispatch({ type: 'dismissBanner' });
    assert.equal(store.get().banner, null);
    off();
    store.dispatch({ type: 'revert' });
    assert.deepEqual(calls, [[1, 2, 'theme'], [2, 2, 'banner'], [2, 2, 'banner'], [2, 2, 'dismissBanner']]);
    assert.deepEqual(seen.map((a) => a.type), ['hostState', 'theme', 'banner', 'banner', 'dismissBanner', 'revert']);
  });

  it("a training log: the compared model takes the log's steps per epoch, through every recompute", () => {
    const LOGS = path.resolve(__dirname, '../../../../test/fixtures/logs');
    const logRel = 'hf/P4P4N1CK__whisper-large-v2-japanese-5k-steps/trainer_state.json';
    const r = readTrainingLog(logRel, new Uint8Array(fs.readFileSync(path.join(LOGS, logRel))));
    assert.ok(r.ok);
    const cmp = compareWithLog(fs.readFileSync(path.join(LOGS, 'scripts', 'whisper_large_v2_fp16.py'), 'utf8'), r.log);
    const overlay = overlayOf(cmp, r.log)!;
    const models = findingsToModels(cmp.analysis.schedulers);
    assert.equal(models.find((m) => m.id === overlay.schedulerId)!.stepsPerEpoch, null, 'the script alone does not show it');
    const store = new Store(initialState(pageStateFrom(undefined)));
    const state = hostState({ models, log: { label: 'trainer_state.json', path: 'out/trainer_state.json', origin: 'found', notes: [], overlay }, analysisInput: undefined });
    store.dispatch({ type: 'hostState', state });
    const compared = () => store.get().models.find((m) => m.id === overlay.schedulerId)!;
    assert.equal(compared().stepsPerEpoch, 131);
    assert.ok(epochAxisOk(store.get()));
    assert.equal(store.get().entries.find((e) => e.model.id === overlay.schedulerId)!.model.stepsPerEpoch, 131);
    const m = compared();
    assert.ok('num_warmup_steps' in m.spec!.args, JSON.stringify(m.spec));
    store.dispatch({ type: 'editArgument', schedulerId: m.id, name: 'num_warmup_steps', value: 100 });
    store.dispatch({ type: 'recompute' });
    assert.equal(store.get().compute!.plan, 'host-models');
    assert.equal(compared().stepsPerEpoch, 131);
    assert.equal(store.get().page.edits[m.id].num_warmup_steps, 100);
  });

  it('reduce is pure: the previous state is unchanged', () => {
    const { store, ids } = loaded();
    const s = store.get();
    const copy = JSON.stringify(s.page);
    const next = reduce(s, { type: 'editArgument', schedulerId: ids.sched, name: 'step_size', value: 10 });
    assert.equal(JSON.stringify(s.page), copy);
    assert.deepEqual(next.page.edits, { [ids.sched]: { step_size: 10 } });
    assert.equal(reduce(s, { type: 'recompute' }), s);
  });

  it('a saved state is read field by field', () => {
    assert.deepEqual(pageStateFrom({ uri: 3, hidden: [1, 'x', 2], xMode: 'epoch', zoom: { min: 1 }, logScale: true, edits: null, open: [4, null] }), {
      uri: null,
      schedulerId: null,
      hidden: [1, 2],
      logScale: true,
      xMode: 'epoch',
      zoom: null,
      edits: {},
      steps: {},
      assumptions: {},
      open: [4],
    });
    assert.equal(pageStateFrom('junk').xMode, 'step');
  });
});
