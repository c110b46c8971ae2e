// The readers on the real logs of test/fixtures/logs (copied from public runs; see its README and
// each source.json), and on truncated and corrupt copies of them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32c, maskedCrc32c } from '../../../src/core/logs/crc32c';
import { readTrainingLog } from '../../../src/core/logs/read';
import { isLrTag } from '../../../src/core/logs/tags';
import type { TrainingLog } from '../../../src/core/logs/types';

const ROOT = path.resolve(__dirname, '../../../..');
const LOGS = path.join(ROOT, 'test/fixtures/logs');
const bytesOf = (rel: string) => new Uint8Array(fs.readFileSync(path.join(LOGS, rel)));
const TB = 'tensorboard/10844110__t5-summarization-demo/events.out.tfevents.1742826235.DESKTOP-41L2EO3.107869.0';

function read(rel: string, bytes = bytesOf(rel)): TrainingLog {
  const r = readTrainingLog(rel, bytes);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.log;
}

function error(rel: string, bytes: Uint8Array): string {
  const r = readTrainingLog(rel, bytes);
  assert.ok(!r.ok, 'refused');
  return r.ok ? '' : r.error.message;
}

describe('logs: readers on real logs', () => {
  it('CRC-32C is the Castagnoli checksum (RFC 3720 test vector) and TFRecord masks it', () => {
    assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
    assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
    // TensorFlow's masking of crc 0: rotate right by 15, add the constant.
    assert.equal(maskedCrc32c(new Uint8Array(0)), 0xa282ead8);
  });

  it('trainer_state.json of whisper-large-v2 (200 lr rows, steps 25..5000, 131 steps per epoch)', () => {
    const log = read('hf/P4P4N1CK__whisper-large-v2-japanese-5k-steps/trainer_state.json');
    assert.equal(log.format, 'hf-trainer-state');
    const s = log.lr[0];
    assert.equal(s.tag, 'learning_rate');
    assert.equal(s.points.length, 200);
    assert.deepEqual([s.points[0].step, s.points[199].step], [25, 5000]);
    assert.equal(s.points[0].value, 4.6000000000000004e-7);
    assert.equal(s.points[0].epoch, 0.19);
    assert.equal(s.points[199].value, 8.88888888888889e-9);
    assert.equal(s.float32, false);
    assert.deepEqual({ ...log.run }, { epochRestarts: [], maxSteps: 5000, globalStep: 5000, numTrainEpochs: 39, stepsPerEpoch: 131, epochsLogged: 39 });
    assert.ok(log.metrics.eval_loss.length >= 5, 'eval rows kept as metrics');
  });

  it('trainer_state.json of whisper-tiny: 2000 rows, the epoch restarts at 5050, 52050, 66050', () => {
    const log = read('hf/CoralReefFish__whisper-tiny-nbaiLab/trainer_state.json');
    assert.equal(log.lr[0].points.length, 2000);
    assert.deepEqual(log.run.epochRestarts, [5050, 52050, 66050]);
    assert.equal(log.run.maxSteps, 100000);
    assert.equal(log.run.numTrainEpochs, undefined, 'sys.maxsize epochs of a streaming run are not a plan');
    assert.equal(log.run.stepsPerEpoch, undefined, 'no steps per epoch across restarts');
  });

  it('trainer_state.json of the DPO run and of the t5 run', () => {
    const dpo = read('hf/Silver-8ce__llamaTest/trainer_state.json');
    assert.equal(dpo.lr[0].points.length, 291);
    assert.deepEqual([dpo.lr[0].points[0].step, dpo.lr[0].points[1].step, dpo.lr[0].points[290].step], [1, 10, 2900]);
    assert.deepEqual([dpo.run.maxSteps, dpo.run.loggingSteps, dpo.run.stepsPerEpoch], [2907, 10, 969]);
    const t5 = read('hf/10844110__t5-summarization-demo/trainer_state.json');
    assert.equal(t5.lr[0].points.length, 430);
    assert.deepEqual([t5.run.maxSteps, t5.run.globalStep, t5.run.stepsPerEpoch, t5.run.numTrainEpochs], [215337, 215337, 71779, 3]);
  });

  it('the TensorBoard file holds the trainer_state values rounded to float32, and the TrainingArguments', () => {
    const tb = read(TB);
    assert.equal(tb.format, 'tensorboard');
    assert.equal(tb.notes.length, 0, JSON.stringify(tb.notes));
    const s = tb.lr[0];
    assert.equal(s.tag, 'train/learning_rate');
    assert.equal(s.float32, true);
    const hf = read('hf/10844110__t5-summarization-demo/trainer_state.json').lr[0].points;
    assert.equal(s.points.length, hf.length);
    for (let i = 0; i < hf.length; i++) {
      assert.equal(s.points[i].step, hf[i].step);
      assert.equal(s.points[i].value, Math.fround(hf[i].value), `step ${hf[i].step}`);
    }
    assert.equal(tb.metrics['train/loss'].length, 430);
    assert.deepEqual([tb.run.globalStep, tb.run.numTrainEpochs, tb.run.loggingSteps, tb.run.stepsPerEpoch], [215337, 3, 500, 71779]);
    assert.equal(tb.run.maxSteps, undefined, 'max_steps -1 in the arguments is no plan');
  });

  it('Lightning metrics.csv: sparse lr-Adam rows, steps per epoch from the epoch column', () => {
    const v0 = read('lightning/Eve-ning__opal-v2/version_0/metrics.csv');
    assert.equal(v0.format, 'lightning-csv');
    assert.equal(v0.lr[0].tag, 'lr-Adam');
    assert.equal(v0.lr[0].points.length, 108);
    assert.deepEqual(v0.lr[0].points[0], { step: 49, value: 0.00328141592920354 });
    assert.deepEqual([v0.run.stepsPerEpoch, v0.run.globalStep, v0.run.epochsLogged], [679, 5431, 8]);
    const v1 = read('lightning/Eve-ning__opal-v2/version_1/metrics.csv');
    assert.deepEqual([v1.lr[0].points.length, v1.run.stepsPerEpoch, v1.run.globalStep], [77, 389, 3889]);
    const camels = read('lightning/CooperBigFoot__CAMELS-CH/version_301/metrics.csv');
    assert.equal(camels.lr[0].points.length, 22);
    assert.deepEqual(camels.lr[0].points.slice(0, 3).map((p) => p.step), [0, 2111, 4222]);
    assert.equal(camels.run.stepsPerEpoch, 2111);
    assert.equal(camels.metrics.val_loss.length, 22);
    assert.equal(camels.metrics.val_loss[0].value, 16.51561164855957);
  });

  it('a W&B history export: train/global_step before _step, chart-export column names, __MIN/__MAX skipped', () => {
    const csv = ['"_step","train/global_step","train/learning_rate","train/loss","_runtime"', '0,10,1e-05,2.5,3.1', '1,20,2e-05,2.4,6.0', '2,30,,2.3,9.0', '3,40,"4e-05",2.2,12'].join('\r\n');
    const log = read('wandb_export.csv', new TextEncoder().encode(csv));
    assert.equal(log.format, 'wandb-csv');
    assert.deepEqual(log.lr[0].points.map((p) => [p.step, p.value]), [[10, 1e-5], [20, 2e-5], [40, 4e-5]]);
    assert.deepEqual(Object.keys(log.metrics), ['train/loss']);
    const chart = ['Step,run-1 - lr,run-1 - lr__MIN,run-1 - lr__MAX', '100,0.1,0.1,0.1', '200,0.05,0.05,0.05'].join('\n');
    const c = read('chart.csv', new TextEncoder().encode(chart));
    assert.equal(c.lr.length, 1);
    assert.deepEqual(c.lr[0].points.map((p) => p.value), [0.1, 0.05]);
  });

  it('learning-rate names across loggers', () => {
    for (const t of ['learning_rate', 'train/learning_rate', 'lr', 'train/lr', 'lr-AdamW', 'lr-AdamW/pg1', 'lr-SGD/pg2', 'epoch_learning_rate', 'charts/learning_rate'])
      assert.ok(isLrTag(t), t);
    for (const t of ['lr-AdamW-momentum', 'lr-SGD-momentum/pg1', 'loss', 'train/loss', 'max_lr', 'base_lr', 'eval_loss', 'epoch']) assert.ok(!isLrTag(t), t);
  });
});

describe('logs: readers on damaged files', () => {
  it('a truncated event file keeps the records before the cut and says where it ends', () => {
    const all = bytesOf(TB);
    const full = read(TB).lr[0].points.length;
    for (const cut of [all.length - 1, all.length - 3, Math.floor(all.length / 2), 40000]) {
      const log = read(TB, all.subarray(0, cut));
      assert.equal(log.notes.length, 1, `cut at ${cut}`);
      assert.match(log.notes[0].message, /truncated file/);
      assert.ok(log.lr[0].points.length <= full && log.lr[0].points.length > 0);
    }
    assert.ok(read(TB, all.subarray(0, 40000)).lr[0].points.length < full);
  });

  it('a flipped byte: the record fails its CRC and is skipped; a bad length header stops reading there', () => {
    const all = bytesOf(TB);
    // The data of the 100th record, and the header of the 200th (walking the framing).
    const starts: number[] = [];
    for (let pos = 0; pos < all.length; ) {
      starts.push(pos);
      const len = all[pos] | (all[pos + 1] << 8) | (all[pos + 2] << 16);
      pos += 12 + len + 4;
    }
    const inData = all.slice();
    inData[starts[100] + 14] ^= 0x40;
    const log = read(TB, inData);
    assert.ok(log.notes.some((n) => /fails its CRC-32C check and was skipped/.test(n.message)), JSON.stringify(log.notes));
    const hf = read(TB).lr[0].points.length;
    assert.ok(log.lr[0].points.length >= hf - 1);
    const lenFlip = all.slice();
    lenFlip[starts[200] + 1] ^= 0x10;
    const stopped = read(TB, lenFlip);
    assert.match(stopped.notes[0].message, new RegExp(`corrupt at byte ${starts[200]} \\(a record length fails its CRC-32C check\\); the 200 records before it were read`));
    const header = all.slice();
    header[0] ^= 1;
    assert.match(error(TB, header), /first record header fails its CRC-32C check/);
  });

  it('bytes that are no log, empty files and logs without an lr are refused with a message', () => {
    assert.match(error('events.out.tfevents.x', new Uint8Array(100).fill(7)), /CRC-32C/);
    assert.match(error('trainer_state.json', new Uint8Array(0)), /empty/);
    assert.match(error('notes.bin', new TextEncoder().encode('hello world, nothing here')), /Not a training log/);
    assert.match(error('metrics.csv', new TextEncoder().encode('epoch,step,loss\n0,1,2.0\n')), /no learning-rate values/);
    assert.match(error('metrics.csv', new TextEncoder().encode('a,b\n1,2\n')), /no step column/);
    assert.match(error('trainer_state.json', new TextEncoder().encode('[1,2]')), /not a JSON object/);
    assert.match(error('trainer_state.json', new TextEncoder().encode('{"global_step": 3}')), /no log_history/);
  });

  it('a cut-off trainer_state.json is refused as invalid JSON; a cut-off CSV keeps its whole rows', () => {
    const hf = bytesOf('hf/Silver-8ce__llamaTest/trainer_state.json');
    assert.match(error('trainer_state.json', hf.subarray(0, 5000)), /Not valid JSON/);
    const csv = bytesOf('lightning/Eve-ning__opal-v2/version_0/metrics.csv');
    const text = new TextDecoder().decode(csv);
    const cut = text.slice(0, text.indexOf('\n', 3000) + 5);
    const log = read('metrics.csv', new TextEncoder().encode(cut));
    assert.ok(log.lr[0].points.length > 10 && log.lr[0].points.length < 108);
    assert.match(error('metrics.csv', new TextEncoder().encode('step,lr\n1,"0.1\n')), /cut off: unterminated quoted field/);
    const bad = read('metrics.csv', new TextEncoder().encode('step,epoch,lr-Adam\n1,0,0.1\n2,0,abc\n3,0,0.3\n'));
    assert.deepEqual(bad.lr[0].points.map((p) => p.step), [1, 3]);
    assert.match(bad.notes[0].message, /1 learning-rate cells are not numbers/);
  });

  it('300 seeded mutants of each real log (byte flips, cuts, spliced garbage) never throw', () => {
    let seed = 17;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const files = [TB, 'hf/P4P4N1CK__whisper-large-v2-japanese-5k-steps/trainer_state.json', 'lightning/Eve-ning__opal-v2/version_1/metrics.csv'];
    let refused = 0;
    let read = 0;
    for (const f of files) {
      const orig = bytesOf(f);
      for (let i = 0; i < 300; i++) {
        let b = orig.slice();
        const kind = i % 3;
        if (kind === 0) for (let k = 0; k < 1 + Math.floor(rnd() * 8); k++) b[Math.floor(rnd() * b.length)] ^= 1 << Math.floor(rnd() * 8);
        else if (kind === 1) b = b.subarray(0, Math.floor(rnd() * b.length));
        else {
          const at = Math.floor(rnd() * b.length);
          const junk = Uint8Array.from({ length: 1 + Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256));
          b = new Uint8Array([...b.subarray(0, at), ...junk, ...b.subarray(at)]);
        }
        const r = readTrainingLog(f, b);
        if (r.ok) {
          read++;
          for (const p of r.log.lr[0].points) assert.ok(Number.isFinite(p.value) && Number.isFinite(p.step), f);
        } else {
          refused++;
          assert.ok(r.error.message.length > 10);
        }
      }
    }
    assert.ok(read > 100 && refused > 50, `${read} read, ${refused} refused`);
  });
});

