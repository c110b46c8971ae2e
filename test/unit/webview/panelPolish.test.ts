import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { findingsToModels } from '../../../src/features/chart/protocol/models';
import type { StateMessage } from '../../../src/features/chart/protocol/messages';
import { canRevert, changedEdits, initialState, pageStateFrom, Store, topLevel } from '../../../webview/store';

// Issue 18 item 7: the forms' open state survives re-renders; undo/redo in the editor resets the chart.
const ROOT = path.resolve(__dirname, '../../../..');
const OPTIONS = { defaultRunLength: 100, defaultDatasetSize: 1000, timeLimitMs: 2000 };
const TEXT = fs.readFileSync(path.join(ROOT, 'examples', 'tutorial_warmup_linear.py'), 'utf8');

function state(version: number, extra: Partial<StateMessage> = {}): StateMessage {
  return {
    type: 'state',
    uri: 'file:///w/tutorial.py',
    version,
    fileName: 'tutorial.py',
    models: findingsToModels(analyze(TEXT, OPTIONS).schedulers),
    overrides: {},
    focus: { schedulerId: null },
    settings: { logScale: false },
    analysisInput: { text: TEXT, options: OPTIONS },
    ...extra,
  };
}

describe('panel polish (issue 18 item 7)', () => {
  it('an opened form stays open through an edit, a new state of the same file and a reload; another file starts closed', () => {
    const store = new Store(initialState(pageStateFrom(undefined)));
    store.dispatch({ type: 'hostState', state: state(1) });
    const [step, cos] = topLevel(store.get());
    store.dispatch({ type: 'setOpen', schedulerId: step.id, open: true });
    store.dispatch({ type: 'setOpen', schedulerId: cos.id, open: true });
    store.dispatch({ type: 'setOpen', schedulerId: cos.id, open: false });
    const layout = store.get().layout;
    store.dispatch({ type: 'editAssumption', schedulerId: step.id, name: 'len(train_loader)', value: 100 });
    store.dispatch({ type: 'hostState', state: state(2) });
    assert.ok(store.get().layout > layout, 'the forms were rebuilt');
    assert.deepEqual(store.get().page.open, [step.id]);
    assert.deepEqual(pageStateFrom(JSON.parse(JSON.stringify(store.get().page))).open, [step.id]);
    // The same answer twice is no new state (the toggle event of a rebuilt form).
    const before = store.get();
    store.dispatch({ type: 'setOpen', schedulerId: step.id, open: true });
    assert.equal(store.get().page, before.page);
    store.dispatch({ type: 'hostState', state: { ...state(3), uri: 'file:///w/other.py' } });
    assert.deepEqual(store.get().page.open, []);
  });

  it('undo or redo in the editor (resetEdits): the argument and run-length edits are dropped, the host-held assumptions kept', () => {
    const store = new Store(initialState(pageStateFrom(undefined)));
    store.dispatch({ type: 'hostState', state: state(1) });
    const [step, cos] = topLevel(store.get());
    store.dispatch({ type: 'editArgument', schedulerId: step.id, name: 'gamma', value: 0.25 });
    store.dispatch({ type: 'editSteps', schedulerId: cos.id, steps: 20 });
    store.dispatch({ type: 'recompute' });
    assert.equal(changedEdits(store.get()).length, 1);
    // A plain change of the document keeps the page's edits (they still differ from the code).
    store.dispatch({ type: 'hostState', state: state(2, { overrides: { 'len(train_loader)': 100 } }) });
    assert.equal(changedEdits(store.get()).length, 1);
    assert.equal(store.get().page.steps[cos.id], 20);
    const stepLast = () => {
      const e = store.get().entries.find((x) => x.model.id === step.id)!;
      return e.curve.lr[e.curve.rows - 1];
    };
    assert.equal(stepLast(), 0.1 * 0.25 ** 3);
    store.dispatch({ type: 'hostState', state: state(3, { overrides: { 'len(train_loader)': 100 }, resetEdits: true }) });
    const s = store.get();
    assert.deepEqual(changedEdits(s), []);
    assert.deepEqual(s.page.steps, {});
    assert.deepEqual(s.page.assumptions, { 'len(train_loader)': 100 });
    assert.equal(canRevert(s), true, 'the assumption is still there to revert');
    // The chart shows the code's StepLR(step_size=3, gamma=0.5) over 10 epochs again.
    assert.equal(stepLast(), 0.1 * 0.5 ** 3);
    assert.equal(s.entries.find((x) => x.model.id === cos.id)!.curve.rows, 11);
  });
});
