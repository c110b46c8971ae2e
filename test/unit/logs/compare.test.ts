// Predicted vs logged on the real logs: for each, a script in the idiom of that run
// (test/fixtures/logs/scripts, our own) whose predicted curve matches the log where the run
// followed its plan and parts from it where test/fixtures/logs/README.md says it did.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { compareLog, FLOAT32_TOLERANCE } from '../../../src/core/logs/compare';
import { fillFromLog, LOG_REASONS, MAX_PROBES } from '../../../src/core/logs/fill';
import { compareFinding, primaryFinding } from '../../../src/core/logs/forFinding';
import { readTrainingLog } from '../../../src/core/logs/read';
import { compareWithLog } from '../../../src/core/logs/session';
import type { LogSeries, TrainingLog } from '../../../src/core/logs/types';
import { buildCli } from '../cli/bundle';

const ROOT = path.resolve(__dirname, '../../../..');
const LOGS = path.join(ROOT, 'test/fixtures/logs');
const script = (name: string) => fs.readFileSync(path.join(LOGS, 'scripts', name), 'utf8');
function log(rel: string): TrainingLog {
  const r = readTrainingLog(rel, new Uint8Array(fs.readFileSync(path.join(LOGS, rel))));
  assert.ok(r.ok);
  return r.log;
}
const TB = 'tensorboard/10844110__t5-summarization-demo/events.out.tfevents.1742826235.DESKTOP-41L2EO3.107869.0';

describe('logs: predicted vs logged on real runs', function () {
  this.timeout(60_000);

  it('whisper-large-v2 (fp16): matches the plan shifted by the skipped steps, 2 then 3 then 4', () => {
    const s = compareWithLog(script('whisper_large_v2_fp16.py'), log('hf/P4P4N1CK__whisper-large-v2-japanese-5k-steps/trainer_state.json'));
    const d = s.comparison!.divergence;
    assert.equal(d.compared, 200);
    assert.equal(d.first!.step, 25);
    assert.equal(d.first!.logged, 4.6000000000000004e-7);
    assert.equal(d.first!.predicted, 1e-5 * (25 / 500), "transformers' lambda times the base lr, as Python computes it");
    assert.equal(d.reason.kind, 'skipped-steps');
    assert.deepEqual(d.reason.lags, [
      { step: 25, lag: 2 },
      { step: 125, lag: 3 },
      { step: 375, lag: 4 },
    ]);
    assert.deepEqual(s.filled.overrides, {}, 'max_steps is in the code: nothing to fill');
  });

  it('whisper-tiny (resumed streaming run): the lr matches at all 2000 steps; the epoch restarts are named', () => {
    const s = compareWithLog(script('whisper_tiny_streaming.py'), log('hf/CoralReefFish__whisper-tiny-nbaiLab/trainer_state.json'));
    const d = s.comparison!.divergence;
    assert.equal(d.compared, 2000);
    assert.equal(d.first, null);
    assert.equal(d.maxRelDiff, 0, 'float64 values equal exactly');
    assert.equal(d.reason.kind, 'none');
    assert.match(d.reason.text.message, /starts again at steps 5050, 52050, 66050/);
  });

  it('DPO run: the log fills the unknown dataset size (max_steps 2907) and then every value matches', () => {
    const s = compareWithLog(script('dpo_zephyr.py'), log('hf/Silver-8ce__llamaTest/trainer_state.json'));
    assert.deepEqual(s.filled.overrides, { 'len(train_dataset)': 61953 });
    const f = s.analysis.schedulers[0];
    assert.equal(f.naturalSteps, 2907);
    const a = f.assumptions.find((x) => x.name === 'len(train_dataset)')!;
    assert.equal(a.reason, LOG_REASONS.runLength);
    assert.equal(a.overridden, true);
    assert.equal(a.value, 61953);
    const d = s.comparison!.divergence;
    assert.deepEqual([d.compared, d.first, d.reason.kind], [291, null, 'none']);
    // Without the fill the guessed dataset size gives another curve, which leaves the log at once.
    const guessed = compareFinding(analyze(script('dpo_zephyr.py')).schedulers[0], log('hf/Silver-8ce__llamaTest/trainer_state.json'));
    assert.equal(guessed!.divergence.first!.step, 1);
  });

  it('t5: the trainer_state matches exactly, the TensorBoard copy within float32 precision, both after the fill', () => {
    const src = script('t5_summarization.py');
    const hf = compareWithLog(src, log('hf/10844110__t5-summarization-demo/trainer_state.json'));
    assert.deepEqual(hf.filled.overrides, { 'len(train_dataset)': 287113 }, 'the real train_samples of the run');
    assert.deepEqual([hf.comparison!.divergence.compared, hf.comparison!.divergence.maxRelDiff], [430, 0]);
    const tb = compareWithLog(src, log(TB));
    assert.deepEqual(tb.filled.overrides, { 'len(train_dataset)': 287113 }, 'from steps per epoch × num_train_epochs in the event file');
    const d = tb.comparison!.divergence;
    assert.equal(d.first, null);
    assert.ok(d.maxRelDiff > 0 && d.maxRelDiff <= FLOAT32_TOLERANCE / 2, String(d.maxRelDiff));
  });

  it('opal OneCycleLR (Lightning, early stopped): the run length the lr values fit is 679 × 10 and 389 × 10', () => {
    for (const [v, total, n] of [
      ['version_0', 6790, 108],
      ['version_1', 3890, 77],
    ] as const) {
      const s = compareWithLog(script('opal_onecycle.py'), log(`lightning/Eve-ning__opal-v2/${v}/metrics.csv`));
      // estimated_stepping_batches is the file's Trainer(max_epochs=10) × the batches per epoch, which the log's epochs show.
      assert.deepEqual(s.filled.overrides, { 'len(trainer.train_dataloader)': total / 10 }, v);
      assert.equal(s.filled.reasons['len(trainer.train_dataloader)'], LOG_REASONS.stepsPerEpoch);
      assert.equal(s.filled.target, total);
      const d = s.comparison!.divergence;
      assert.deepEqual([d.compared, d.first, d.pastEnd], [n, null, 0], v);
      assert.ok(d.maxRelDiff < 1e-12, `${v}: ${d.maxRelDiff}`);
    }
  });

  it("CAMELS ReduceLROnPlateau: fed the log's own val_loss it matches all 22 epochs; with the synthetic loss, it parts at epoch 17", () => {
    const l = log('lightning/CooperBigFoot__CAMELS-CH/version_301/metrics.csv');
    const s = compareWithLog(script('tsmixer_plateau.py'), l);
    const c = s.comparison!;
    assert.equal(c.metric!.name, 'val_loss');
    assert.equal(c.stepsPerRow, 2111);
    assert.deepEqual([c.divergence.compared, c.divergence.first], [22, null]);
    // The logged lr: 1e-4 for epochs 0-16, 5e-5 for 17-19, 2.5e-5 for 20-21 (README).
    assert.deepEqual([c.curve.lr[16], c.curve.lr[17], c.curve.lr[20]], [1e-4, 5e-5, 2.5e-5]);
    const withoutMetric = { ...l, metrics: {} };
    const flat = compareWithLog(script('tsmixer_plateau.py'), withoutMetric).comparison!.divergence;
    // The synthetic loss falls, then flattens over the run the file declares (Trainer(max_epochs=30)):
    // patience 2 cuts the planned lr at epoch 12, where the real run still trained at 1e-4.
    assert.equal(flat.first!.step, 12 * 2111);
    assert.deepEqual([flat.first!.logged, flat.first!.predicted], [1e-4, 5e-5]);
  });

  it('CAMELS with its hyperparameters in a config object: the log gives the base lr; the assumed patience still parts at epoch 17', () => {
    const s = compareWithLog(script('tsmixer_config.py'), log('lightning/CooperBigFoot__CAMELS-CH/version_301/metrics.csv'));
    assert.deepEqual(s.filled.overrides, { 'self.config.learning_rate': 1e-4 });
    assert.equal(s.filled.reasons['self.config.learning_rate'], LOG_REASONS.lr);
    const d = s.comparison!.divergence;
    assert.equal(d.first!.step, 17 * 2111, 'the real patience is 2; the assumed 10 keeps 1e-4 longer');
    assert.deepEqual([d.first!.logged, d.first!.predicted], [5e-5, 1e-4]);
  });

  it('the CLI prints the first differing step, the max relative difference and the reason (text and --json)', function () {
    // Built from the current sources (test/unit/cli/bundle.ts): never skipped for a missing bundle.
    this.timeout(120_000);
    const CLI = buildCli();
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'compare', ...args], { encoding: 'utf8', timeout: 30_000 });
    const sc = path.join(LOGS, 'scripts/whisper_large_v2_fp16.py');
    const lg = path.join(LOGS, 'hf/P4P4N1CK__whisper-large-v2-japanese-5k-steps/trainer_state.json');
    const j = run(sc, '--log', lg, '--json');
    assert.equal(j.status, 0, j.stderr);
    const r = JSON.parse(j.stdout);
    assert.equal(r.firstDifferingStep, 25);
    assert.equal(r.reason.kind, 'skipped-steps');
    assert.equal(r.maxRelDiff, 1, 'the last logged step: planned 0, logged 8.9e-9');
    assert.equal(r.compared, 200);
    const t = run(sc, '--log', lg);
    assert.match(t.stdout, /first differing step: 25 \(logged 4\.6e-7, predicted 5e-7\)/);
    assert.match(t.stdout, /max relative difference: 1\.000e\+0 at step 5000/);
    assert.match(t.stdout, /reason: Skipped scheduler steps/);
    const missing = run(sc, '--log', path.join(LOGS, 'nope.json'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read log .*no such file/);
    const usage = run(sc);
    assert.equal(usage.status, 2);
    const bad = run(sc, '--log', sc);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /Not a training log LR Lens reads/);
  });
});

describe('logs: the reasons, on logs made from real curves', () => {
  // The DPO schedule's curve (2907 steps), logged every 10 steps as the run did.
  const f = compareWithLog(script('dpo_zephyr.py'), log('hf/Silver-8ce__llamaTest/trainer_state.json'));
  const curve = f.comparison!.curve;
  const at = (k: number) => curve.lr[Math.max(0, Math.min(curve.rows - 1, k))];
  const series = (value: (s: number) => number, from = 10): LogSeries => {
    const points = [];
    for (let s = from; s <= 2900; s += 10) points.push({ step: s, value: value(s) });
    return { tag: 'learning_rate', points, float32: false };
  };
  const cmp = (s: LogSeries, run?: TrainingLog['run']) => compareLog({ lr: curve.lr, rows: curve.rows, groups: curve.groups, group: 0, stepsPerRow: 1, series: s, ...(run ? { run } : {}) });

  it('the lr used by step s (logged before the scheduler steps): one step late', () => {
    const d = cmp(series((s) => at(s - 1)));
    assert.equal(d.reason.kind, 'one-step-late');
    assert.equal(d.first!.step, 10);
  });

  it('every value twice the plan (lr scaled by 2 processes): scaled, factor 2', () => {
    const d = cmp(series((s) => 2 * at(s)));
    assert.deepEqual([d.reason.kind, d.reason.factor], ['scaled', 2]);
  });

  it('float32 rounding is no divergence; one changed value is found and unexplained', () => {
    assert.equal(cmp(series((s) => Math.fround(at(s)))).first, null);
    const d = cmp(series((s) => (s === 1230 ? at(s) * 1.001 : at(s))));
    assert.equal(d.first!.step, 1230);
    assert.equal(d.reason.kind, 'unexplained');
    assert.ok(Math.abs(d.maxRelDiff - 0.001 / 1.001) < 1e-9);
  });

  it('a scheduler created anew at step 1500 (resumed without its state): a restart at 1500', () => {
    const d = cmp(series((s) => (s < 1500 ? at(s) : at(s - 1500))), { epochRestarts: [1500] });
    assert.equal(d.reason.kind, 'restart');
    assert.equal(d.reason.restartAt, 1500);
    assert.equal(d.first!.step, 1500);
    assert.match(d.reason.text.message, /also restarts at step 1500/);
  });

  it('stepped twice per logged step (Accelerate, 2 processes) and once per 4 (accumulation)', () => {
    const twice = cmp(series((s) => at(2 * s)));
    assert.deepEqual([twice.reason.kind, twice.reason.factor], ['stretched', 2]);
    const quarter = cmp(series((s) => at(Math.floor(s / 4))));
    assert.deepEqual([quarter.reason.kind, quarter.reason.factor], ['stretched', 0.25]);
  });

  it('a log longer than the plan: every compared value matches, the rest is counted past the end', () => {
    const points = [...series((s) => at(s)).points, { step: 3000, value: 0 }, { step: 3010, value: 0 }];
    const d = cmp({ tag: 'lr', points, float32: false });
    assert.deepEqual([d.reason.kind, d.pastEnd, d.first], ['past-end', 2, null]);
  });
});

describe('logs: filling is bounded', () => {
  it("another run's log fills nothing, within MAX_PROBES reruns of the analysis", () => {
    // Without the file's Trainer, estimated_stepping_batches is the unknown: only a run length whose lr fits every logged value fills it.
    const src = script('opal_onecycle.py').replace('pl.Trainer(', 'make_trainer(');
    let probes = 0;
    const f = fillFromLog((o) => (probes++, analyze(src, o)), log('lightning/CooperBigFoot__CAMELS-CH/version_301/metrics.csv'), {}, src);
    assert.deepEqual(f.overrides, {});
    assert.ok(probes <= MAX_PROBES && probes > 50, `${probes} probes`);
  });

  it("another run's log gives its steps per epoch to the batches the Trainer's run is counted in, and the comparison shows it does not fit", () => {
    const s = compareWithLog(script('opal_onecycle.py'), log('lightning/CooperBigFoot__CAMELS-CH/version_301/metrics.csv'));
    assert.deepEqual(s.filled.overrides, { 'len(trainer.train_dataloader)': 2111 });
    const d = s.comparison!.divergence;
    assert.equal(d.first!.step, 0);
    assert.ok(d.maxRelDiff > 0.5);
  });

  it('a user override of the unknown is kept: the log does not replace it', () => {
    const src = script('dpo_zephyr.py');
    const s = compareWithLog(src, log('hf/Silver-8ce__llamaTest/trainer_state.json'), { assumptions: { 'len(train_dataset)': 1000 } });
    assert.deepEqual(s.filled.overrides, {});
    assert.equal(s.analysis.schedulers[0].naturalSteps, 48);
  });
});

describe('logs: the primary scheduler', () => {
  it('is the first active top-level one', () => {
    const a = analyze(script('opal_onecycle.py'));
    assert.equal(primaryFinding(a.schedulers)!.kind, 'OneCycleLR');
  });
});
