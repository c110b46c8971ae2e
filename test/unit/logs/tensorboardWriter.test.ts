// Event files as other writers make them, built here byte by byte: Lightning's TensorBoardLogger
// (`lr-AdamW/pg1`, `lr-AdamW/pg2` simple_value scalars) and TF2's tf.summary.scalar (a float
// tensor: float_val, or tensor_content bytes; a double tensor).
import * as assert from 'node:assert/strict';
import { maskedCrc32c } from '../../../src/core/logs/crc32c';
import { groupOfTag } from '../../../src/core/logs/compare';
import { readTrainingLog } from '../../../src/core/logs/read';

const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};
const key = (field: number, wire: number) => varint(field * 8 + wire);
const bytesField = (field: number, b: number[]) => [...key(field, 2), ...varint(b.length), ...b];
const str = (s: string) => [...new TextEncoder().encode(s)];
const f32 = (x: number) => [...new Uint8Array(new Float32Array([x]).buffer)];
const f64 = (x: number) => [...new Uint8Array(new Float64Array([x]).buffer)];

function event(step: number, values: number[][]): number[] {
  const summary = values.flatMap((v) => bytesField(1, v));
  return [...key(1, 1), ...f64(1700000000.5), ...key(2, 0), ...varint(step), ...bytesField(5, summary)];
}
const simple = (tag: string, x: number) => [...bytesField(1, str(tag)), ...key(2, 5), ...f32(x)];
const tensorFloatVal = (tag: string, x: number) => [...bytesField(1, str(tag)), ...bytesField(8, [...key(1, 0), 1, ...bytesField(2, []), ...bytesField(5, f32(x))])];
const tensorContent = (tag: string, x: number) => [...bytesField(1, str(tag)), ...bytesField(8, [...key(1, 0), 1, ...bytesField(4, f32(x))])];
const tensorDouble = (tag: string, x: number) => [...bytesField(1, str(tag)), ...bytesField(8, [...key(1, 0), 2, ...bytesField(4, f64(x))])];

function record(data: number[]): number[] {
  const len = new Uint8Array(8);
  new DataView(len.buffer).setUint32(0, data.length, true);
  const crc = (b: Uint8Array) => {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, maskedCrc32c(b), true);
    return [...out];
  };
  return [...len, ...crc(len), ...data, ...crc(new Uint8Array(data))];
}

function file(events: number[][]): Uint8Array {
  const version = [...key(1, 1), ...f64(1700000000), ...bytesField(3, str('brain.Event:2'))];
  return new Uint8Array([...record(version), ...events.flatMap(record)]);
}

describe('logs: event files of other writers', () => {
  it("Lightning's TensorBoardLogger: lr-AdamW/pg1 and /pg2 are two series, param groups 0 and 1", () => {
    const bytes = file([0, 50, 100].map((s) => event(s, [simple('lr-AdamW/pg1', 0.001 * (1 + s / 100)), simple('lr-AdamW/pg2', 0.01), simple('train_loss', 2 - s / 100)])));
    const r = readTrainingLog('events.out.tfevents.1.host.1.0', bytes);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.log.lr.map((s) => s.tag), ['lr-AdamW/pg1', 'lr-AdamW/pg2']);
    assert.deepEqual(r.log.lr.map((s) => groupOfTag(s.tag)), [0, 1]);
    assert.deepEqual(r.log.lr[0].points.map((p) => [p.step, p.value]), [[0, Math.fround(0.001)], [50, Math.fround(0.0015)], [100, Math.fround(0.002)]]);
    assert.deepEqual(Object.keys(r.log.metrics), ['train_loss']);
    assert.equal(r.log.run.globalStep, 100);
  });

  it('TF2 scalars as tensors: float_val, tensor_content, and a double tensor (kept as float64)', () => {
    const bytes = file([event(1, [tensorFloatVal('lr', 0.1)]), event(2, [tensorContent('lr', 0.05)]), event(3, [tensorDouble('lr', 0.025)])]);
    const r = readTrainingLog('events.out.tfevents.2', bytes);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.log.lr[0].points.map((p) => p.value), [Math.fround(0.1), Math.fround(0.05), 0.025]);
    assert.equal(r.log.lr[0].float32, false, 'one double value: not all float32');
  });

  it('a record whose Event is malformed protobuf is skipped with a message, the rest read', () => {
    const bad = record([...key(2, 0), 0xff, 0xff]);
    const good = file([event(5, [simple('lr', 0.5)])]);
    const bytes = new Uint8Array([...good, ...bad, ...record(event(6, [simple('lr', 0.25)]))]);
    const r = readTrainingLog('events.out.tfevents.3', bytes);
    assert.ok(r.ok);
    assert.deepEqual(r.log.lr[0].points.map((p) => p.step), [5, 6]);
    assert.match(r.log.notes[0].message, /is not a valid Event \(truncated varint\) and was skipped/);
  });
});
