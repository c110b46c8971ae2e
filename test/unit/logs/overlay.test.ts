// The page's overlay model (webview/logOverlay.ts) and the messages it adds, on real logs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareWithLog, overlayOf } from '../../../src/core/logs/session';
import { readTrainingLog } from '../../../src/core/logs/read';
import { findingsToModels, simulateSchedule, toCurveData } from '../../../src/features/chart/protocol/models';
import { validateWebviewMessage } from '../../../src/features/chart/protocol/validate';
import type { ScheduleSpec } from '../../../src/core/engine/spec';
import { english } from '../../../src/core/l10n/translate';
import { applyLog, overlaySummary, overlayView } from '../../../webview/logOverlay';
import type { Entry } from '../../../webview/viewModel';

const ROOT = path.resolve(__dirname, '../../../..');
const LOGS = path.join(ROOT, 'test/fixtures/logs');

/** What the host sends (src/vscode/trainingLog.ts) and the entries the page computes, for a script and its log. */
function pageOf(scriptName: string, logRel: string) {
  const r = readTrainingLog(logRel, new Uint8Array(fs.readFileSync(path.join(LOGS, logRel))));
  assert.ok(r.ok);
  const s = compareWithLog(fs.readFileSync(path.join(LOGS, 'scripts', scriptName), 'utf8'), r.log);
  const overlay = overlayOf(s, r.log)!;
  assert.ok(overlay);
  const models = findingsToModels(s.analysis.schedulers);
  const entries: Entry[] = models
    .filter((m) => m.parent === null && m.spec)
    .map((m, i) => ({ model: m, spec: m.spec, colorIndex: i, curve: toCurveData(simulateSchedule(m.spec as unknown as ScheduleSpec, m.optimizer, m.steps, m.metricDriven)) }));
  return { overlay, models, entries };
}

describe('logs: the chart overlay', () => {
  it('whisper-large-v2: logged points at their steps, the red ones from step 25, the first marked there', () => {
    const { overlay, models, entries } = pageOf('whisper_large_v2_fp16.py', 'hf/P4P4N1CK__whisper-large-v2-japanese-5k-steps/trainer_state.json');
    const a = applyLog(models, entries, overlay);
    const v = overlayView(a.entries, overlay, 'step', new Map([[overlay.schedulerId, 'x']]), 800)!;
    assert.equal(v.points.length, 200);
    assert.deepEqual(v.points.slice(0, 2).map((p) => p.x), [25, 50]);
    assert.equal(v.firstX, 25);
    assert.ok(v.points[0].differs);
    assert.equal(v.divergence.reason.kind, 'skipped-steps');
    // The epoch axis uses the log's steps per epoch (131), filled into the model.
    assert.equal(a.models.find((m) => m.id === overlay.schedulerId)!.stepsPerEpoch, 131);
    const ve = overlayView(a.entries, overlay, 'epoch', new Map(), 800)!;
    assert.equal(ve.points[0].x, 25 * (1 / 131), "step × the x factor, as the curve is drawn");
    assert.match(overlaySummary({ label: 'trainer_state.json', path: 'out/trainer_state.json', origin: 'found', notes: [], overlay }, v, english), /^Training log out\/trainer_state\.json: 200 logged values; the first differs at step 25 \(largest difference 100%\)\. Skipped scheduler steps/);
  });

  it('CAMELS plateau: the page feeds the logged val_loss, so its own curve matches; epoch rows drawn at their steps', () => {
    const { overlay, models, entries } = pageOf('tsmixer_plateau.py', 'lightning/CooperBigFoot__CAMELS-CH/version_301/metrics.csv');
    const before = overlayView(entries, overlay, 'step', new Map(), 800)!;
    assert.notEqual(before.divergence.first, null, 'the flat metric the page draws by default parts from the log');
    const a = applyLog(models, entries, overlay);
    const v = overlayView(a.entries, overlay, 'step', new Map(), 800)!;
    assert.equal(v.divergence.first, null);
    assert.deepEqual(v.points.slice(0, 3).map((p) => p.x), [0, 2111, 4222], 'row k × 2111 steps per epoch');
  });

  it('DPO: the filled assumption shows the log as its reason in the page', () => {
    const { overlay, models, entries } = pageOf('dpo_zephyr.py', 'hf/Silver-8ce__llamaTest/trainer_state.json');
    const a = applyLog(models, entries, overlay);
    const m = a.models.find((x) => x.id === overlay.schedulerId)!;
    assert.equal(m.assumptions.find((x) => x.name === 'len(train_dataset)')!.reason, 'from the training log: the run length it records');
    assert.equal(overlayView(a.entries, overlay, 'step', new Map(), 800)!.divergence.first, null);
  });

  it('the page asks for a log with a validated message and reports what it drew', () => {
    assert.deepEqual(validateWebviewMessage({ type: 'compareLog' }), { type: 'compareLog' });
    assert.equal(validateWebviewMessage({ type: 'compareLog', path: '/etc/passwd' }), undefined);
    const ok = { type: 'rendered', datasets: 2, points: 10, ms: 1, overlay: { points: 200, firstStep: 25, reason: 'skipped-steps', maxRelDiff: 1 } };
    assert.deepEqual(validateWebviewMessage(ok), ok);
    assert.equal(validateWebviewMessage({ ...ok, overlay: { ...ok.overlay, reason: 'because' } }), undefined);
    assert.equal(validateWebviewMessage({ ...ok, overlay: { ...ok.overlay, firstStep: -1 } }), undefined);
    assert.equal(validateWebviewMessage({ ...ok, overlay: { ...ok.overlay, extra: 1 } }), undefined);
  });
});
