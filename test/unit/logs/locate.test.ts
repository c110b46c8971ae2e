// Where a script's run writes its log, from the script's own text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { logPatterns, pickBest } from '../../../src/core/logs/locate';

const ROOT = path.resolve(__dirname, '../../../..');
const script = (name: string) => fs.readFileSync(path.join(ROOT, 'test/fixtures/logs/scripts', name), 'utf8');

describe('logs: finding the run', () => {
  it("TrainingArguments(output_dir=…): trainer_state.json, its checkpoints' and the TensorBoard runs", () => {
    assert.deepEqual(logPatterns(script('whisper_large_v2_fp16.py')).map((p) => p.glob), [
      'whisper-large-v2-japanese-5k-steps/trainer_state.json',
      'whisper-large-v2-japanese-5k-steps/checkpoint-*/trainer_state.json',
      'whisper-large-v2-japanese-5k-steps/runs/*/events.out.tfevents.*',
    ]);
    assert.equal(logPatterns(script('dpo_zephyr.py'))[0].glob, 'data/tinyllama-dpo/trainer_state.json');
  });

  it('SummaryWriter(log_dir), logging_dir, CSVLogger, default_root_dir and the defaults', () => {
    const src = [
      'args = TrainingArguments("out", logging_dir="./tb")',
      'writer = SummaryWriter(log_dir=f"runs/exp1")',
      'w2 = SummaryWriter("logs/b")',
      'logger = CSVLogger(save_dir="logs", name="tsmixer")',
      'trainer = pl.Trainer(default_root_dir="ckpt", max_epochs=3)',
      'import lightning',
    ].join('\n');
    assert.deepEqual(logPatterns(src).map((p) => p.glob), [
      'out/trainer_state.json',
      'out/checkpoint-*/trainer_state.json',
      'out/runs/*/events.out.tfevents.*',
      'tb/events.out.tfevents.*',
      'runs/exp1/events.out.tfevents.*',
      'logs/b/events.out.tfevents.*',
      'logs/tsmixer/version_*/metrics.csv',
      'ckpt/lightning_logs/version_*/metrics.csv',
      'runs/*/events.out.tfevents.*',
      'lightning_logs/version_*/metrics.csv',
    ]);
    assert.deepEqual(logPatterns(script('tsmixer_plateau.py')).map((p) => p.glob), ['lightning_logs/version_*/metrics.csv']);
    assert.deepEqual(logPatterns('x = 1'), []);
  });

  it('the best file: the run’s final trainer_state, else the highest checkpoint; the highest version; the newest event file', () => {
    assert.deepEqual(pickBest(['o/checkpoint-500/trainer_state.json', 'o/checkpoint-1500/trainer_state.json', 'o/checkpoint-1000/trainer_state.json']), [
      'o/checkpoint-1500/trainer_state.json',
      'o/checkpoint-1000/trainer_state.json',
      'o/checkpoint-500/trainer_state.json',
    ]);
    assert.equal(pickBest(['o/checkpoint-1500/trainer_state.json', 'o/trainer_state.json'])[0], 'o/trainer_state.json');
    assert.equal(pickBest(['lightning_logs/version_2/metrics.csv', 'lightning_logs/version_10/metrics.csv'])[0], 'lightning_logs/version_10/metrics.csv');
    assert.equal(pickBest(['runs/a/events.out.tfevents.1700000000.h.1.0', 'runs/b/events.out.tfevents.1742826235.h.2.0'])[0], 'runs/b/events.out.tfevents.1742826235.h.2.0');
  });
});
