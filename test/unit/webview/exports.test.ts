import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { findingsToModels } from '../../../src/features/chart/protocol/models';
import type { StateMessage } from '../../../src/features/chart/protocol/messages';
import { editedIds, exportCsv, initialState, pageStateFrom, Store, topLevel } from '../../../webview/store';
import { EDITED_MARK } from '../../../webview/viewModel';

// Issue 18 item 6: the CSV is what the code does; edits not applied are a separate, marked set of columns.
const ROOT = path.resolve(__dirname, '../../../..');
const OPTIONS = { defaultRunLength: 100, defaultDatasetSize: 1000, timeLimitMs: 2000 };
const TEXT = fs.readFileSync(path.join(ROOT, 'test/fixtures/workspace/epochs.py'), 'utf8');

function loaded(): Store {
  const state: StateMessage = {
    type: 'state',
    uri: 'file:///w/epochs.py',
    version: 1,
    fileName: 'epochs.py',
    models: findingsToModels(analyze(TEXT, OPTIONS).schedulers),
    overrides: {},
    focus: { schedulerId: null },
    settings: { logScale: false },
    analysisInput: { text: TEXT, options: OPTIONS },
  };
  const store = new Store(initialState(pageStateFrom(undefined)));
  store.dispatch({ type: 'hostState', state });
  return store;
}

const parse = (csv: string) => {
  const [head, ...rows] = csv.trim().split('\n');
  return { head: head.split(','), rows: rows.map((r) => r.split(',')) };
};

describe('CSV export (issue 18 item 6)', () => {
  it('without edits: step and epoch columns, the taken StepLR in steps (50 per epoch) beside the per-batch LinearLR, the untaken branch left out', () => {
    const store = loaded();
    const { head, rows } = parse(exportCsv(store.get(), store.live));
    assert.deepEqual(head, ['step', 'epoch', 'epoch_sched (StepLR) lr', 'batch_sched (LinearLR) lr']);
    assert.equal(rows.length, 301);
    const linear = store.get().entries.find((e) => e.model.kind === 'LinearLR')!.curve;
    // LinearLR's own (chainable, torch-exact) value at step 100, not a rounded 0.01.
    assert.deepEqual(rows[100], ['100', '2', String(0.1 * 0.5), String(linear.lr[100])]);
    assert.notEqual(linear.lr[100], 0.01);
    assert.deepEqual(rows[99].slice(0, 3), ['99', '1.98', '0.1']);
  });

  it('with an argument and a run length edited in the page: the code\'s columns unchanged, the edited curves after them, marked', () => {
    const store = loaded();
    const [step, , linear] = topLevel(store.get());
    assert.equal(linear.kind, 'LinearLR');
    const codeCsv = exportCsv(store.get(), store.live);
    store.dispatch({ type: 'editArgument', schedulerId: step.id, name: 'gamma', value: 0.1 });
    store.dispatch({ type: 'editSteps', schedulerId: linear.id, steps: 400 });
    store.dispatch({ type: 'recompute' });
    assert.deepEqual([...editedIds(store.get())].sort(), [step.id, linear.id].sort());
    const { head, rows } = parse(exportCsv(store.get(), store.live));
    assert.deepEqual(head, [
      'step',
      'epoch',
      'epoch_sched (StepLR) lr',
      'batch_sched (LinearLR) lr',
      `epoch_sched (StepLR) lr${EDITED_MARK}`,
      `batch_sched (LinearLR) lr${EDITED_MARK}`,
    ]);
    // The edited LinearLR runs to 400 steps: rows past the code's 300 have only its column.
    assert.equal(rows.length, 401);
    const lin = store.get().entries.find((e) => e.model.id === linear.id)!.curve;
    assert.deepEqual(rows[100], ['100', '2', String(0.1 * 0.5), String(lin.lr[100]), String(0.1 * 0.1), String(lin.lr[100])]);
    assert.deepEqual(rows[350], ['350', '7', '', '', '', String(lin.lr[350])]);
    // The code's columns are exactly the export without edits.
    const code = parse(codeCsv);
    for (let k = 0; k < code.rows.length; k++) assert.deepEqual(rows[k].slice(0, 4), code.rows[k], `row ${k}`);
    // The page still shows the edited curves.
    const shown = store.get().entries.find((e) => e.model.id === step.id)!;
    assert.equal(shown.curve.lr[2], 0.1 * 0.1);
  });
});
