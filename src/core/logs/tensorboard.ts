/**
 * TensorBoard event files (`events.out.tfevents.*`): TFRecord framing — uint64 length, masked
 * CRC-32C of the length, the record, masked CRC-32C of the record — around `Event` protos
 * (tensorboard/compat/proto/event.proto). Scalars are `Summary.Value.simple_value` (float32, what
 * torch's SummaryWriter and transformers' TensorBoardCallback write) or a float tensor (TF2's
 * `tf.summary.scalar`). Text summaries (`args/text_summary`: the TrainingArguments as JSON) give the
 * planned run length.
 */
import { ownMessage, type OwnText } from '../l10n/translate';
import { maskedCrc32c } from './crc32c';
import { WireError, WireReader } from './protobuf';
import { epochFacts } from './runInfo';
import { isBookkeeping, isEpochTag, isLrTag, lrTagRank } from './tags';
import { emptyRun, LogReadError, type LogPoint, type TrainingLog } from './types';

interface Scalar {
  tag: string;
  step: number;
  value: number;
  float32: boolean;
}

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_HALF = 19;
const DT_STRING = 7;

/** A TensorProto holding one number (float or double), or its string_val text. */
function tensorValue(r: WireReader): { number?: number; float32: boolean; text?: string } {
  let dtype = 0;
  let content: { start: number; end: number } | null = null;
  let num: number | undefined;
  let text: string | undefined;
  let float32 = true;
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === 1 && wire === 0) dtype = r.varint();
    else if (field === 4 && wire === 2) content = r.bytes();
    else if (field === 5 && wire === 5) num ??= r.float();
    else if (field === 5 && wire === 2) {
      const b = r.bytes();
      if (b.end - b.start >= 4 && num === undefined) num = r.sub(b).float();
    } else if (field === 6 && wire === 1) {
      num ??= r.double();
      float32 = false;
    } else if (field === 6 && wire === 2) {
      const b = r.bytes();
      if (b.end - b.start >= 8 && num === undefined) {
        num = r.sub(b).double();
        float32 = false;
      }
    } else if (field === 8 && wire === 2) {
      const b = r.bytes();
      text ??= r.string(b);
    } else r.skip(wire);
  }
  if (num === undefined && content) {
    const n = content.end - content.start;
    const sub = r.sub(content);
    if (dtype === DT_FLOAT && n >= 4) num = sub.float();
    else if (dtype === DT_DOUBLE && n >= 8) {
      num = sub.double();
      float32 = false;
    } else if (dtype === DT_HALF) num = undefined;
  }
  if (dtype === DT_STRING && text === undefined && content) text = r.string(content);
  return { ...(num !== undefined ? { number: num } : {}), float32, ...(text !== undefined ? { text } : {}) };
}

/** Summary.Value → a scalar or a text, or nothing (images, histograms, audio). */
function summaryValue(r: WireReader): { tag: string; value?: number; float32: boolean; text?: string } {
  let tag = '';
  let value: number | undefined;
  let float32 = true;
  let text: string | undefined;
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === 1 && wire === 2) tag = r.string(r.bytes());
    else if (field === 7 && wire === 2 && !tag) tag = r.string(r.bytes());
    else if (field === 2 && wire === 5) value = r.float();
    else if (field === 8 && wire === 2) {
      const t = tensorValue(r.sub(r.bytes()));
      if (t.number !== undefined) {
        value = t.number;
        float32 = t.float32;
      }
      if (t.text !== undefined) text = t.text;
    } else r.skip(wire);
  }
  return { tag, ...(value !== undefined ? { value } : {}), float32, ...(text !== undefined ? { text } : {}) };
}

function parseEvent(r: WireReader, scalars: Scalar[], texts: Map<string, string>, nonFinite: { count: number }): void {
  let step = 0;
  const values: ReturnType<typeof summaryValue>[] = [];
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === 2 && wire === 0) step = r.varint();
    else if (field === 5 && wire === 2) {
      const s = r.sub(r.bytes());
      while (!s.done) {
        const k = s.key();
        if (k.field === 1 && k.wire === 2) values.push(summaryValue(s.sub(s.bytes())));
        else s.skip(k.wire);
      }
    } else r.skip(wire);
  }
  for (const v of values) {
    if (v.value !== undefined && v.tag && !Number.isFinite(v.value)) nonFinite.count++;
    else if (v.value !== undefined && v.tag) scalars.push({ tag: v.tag, step, value: v.value, float32: v.float32 });
    else if (v.text !== undefined && v.tag && !texts.has(v.tag)) texts.set(v.tag, v.text);
  }
}

const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/** Reads an event file. Throws LogReadError when no record can be read at all. */
export function readTensorBoard(bytes: Uint8Array): TrainingLog {
  const scalars: Scalar[] = [];
  const texts = new Map<string, string>();
  const notes: OwnText[] = [];
  const nonFinite = { count: 0 };
  let pos = 0;
  let records = 0;
  while (pos < bytes.length) {
    if (bytes.length - pos < 12) {
      notes.push(ownMessage('The event file ends inside a record header at byte {0} (a truncated file); the records before it were read.', pos));
      break;
    }
    const lenLo = u32(bytes, pos);
    const lenHi = u32(bytes, pos + 4);
    if (maskedCrc32c(bytes, pos, pos + 8) !== u32(bytes, pos + 8)) {
      if (records === 0) throw new LogReadError(ownMessage('Not a TensorBoard event file: the first record header fails its CRC-32C check.'));
      notes.push(ownMessage('The event file is corrupt at byte {0} (a record length fails its CRC-32C check); the {1} records before it were read.', pos, records));
      break;
    }
    const len = lenHi * 2 ** 32 + lenLo;
    const start = pos + 12;
    if (len > bytes.length - start - 4) {
      notes.push(ownMessage('The event file ends inside the record at byte {0} (a truncated file); the {1} records before it were read.', pos, records));
      break;
    }
    const end = start + len;
    if (maskedCrc32c(bytes, start, end) !== u32(bytes, end)) {
      notes.push(ownMessage('The record at byte {0} fails its CRC-32C check and was skipped.', pos));
    } else {
      try {
        parseEvent(new WireReader(bytes, start, end), scalars, texts, nonFinite);
      } catch (e) {
        if (!(e instanceof WireError)) throw e;
        notes.push(ownMessage('The record at byte {0} is not a valid Event ({1}) and was skipped.', pos, e.message));
      }
    }
    records++;
    pos = end + 4;
  }
  if (records === 0) throw new LogReadError(ownMessage('The event file is empty.'));
  if (nonFinite.count) notes.push(ownMessage('{0} scalars are inf or nan and were skipped.', nonFinite.count));
  return toLog(scalars, texts, notes);
}

function toLog(scalars: Scalar[], texts: Map<string, string>, notes: OwnText[]): TrainingLog {
  const byTag = new Map<string, Scalar[]>();
  for (const s of scalars) {
    const list = byTag.get(s.tag);
    if (list) list.push(s);
    else byTag.set(s.tag, [s]);
  }
  const epochTag = [...byTag.keys()].find(isEpochTag);
  const epochAt = new Map<number, number>();
  for (const s of epochTag ? byTag.get(epochTag)! : []) epochAt.set(s.step, s.value);
  const lr = [...byTag.entries()]
    .filter(([tag]) => isLrTag(tag))
    .sort((a, b) => lrTagRank(a[0]) - lrTagRank(b[0]) || b[1].length - a[1].length)
    .map(([tag, list]) => ({
      tag,
      float32: list.every((s) => s.float32),
      points: list.map((s): LogPoint => ({ step: s.step, value: s.value, ...(epochAt.has(s.step) ? { epoch: epochAt.get(s.step)! } : {}) })),
    }));
  const metrics: Record<string, LogPoint[]> = {};
  for (const [tag, list] of byTag) {
    if (isLrTag(tag) || isBookkeeping(tag) || isEpochTag(tag)) continue;
    metrics[tag] = list.map((s) => ({ step: s.step, value: s.value }));
  }
  const run = emptyRun();
  let maxStep = -1;
  for (const s of scalars) maxStep = Math.max(maxStep, s.step);
  if (maxStep >= 0) run.globalStep = maxStep;
  const args = texts.get('args/text_summary');
  if (args) {
    try {
      const a = JSON.parse(args) as Record<string, unknown>;
      if (typeof a.max_steps === 'number' && a.max_steps > 0) run.maxSteps = a.max_steps;
      if (typeof a.num_train_epochs === 'number') run.numTrainEpochs = a.num_train_epochs;
      if (typeof a.logging_steps === 'number') run.loggingSteps = a.logging_steps;
    } catch {
      notes.push(ownMessage('The TrainingArguments text in the event file is not JSON; the run length was not read from it.'));
    }
  }
  const epochs = [...epochAt.entries()].sort((a, b) => a[0] - b[0]).map(([step, epoch]) => ({ step, epoch }));
  Object.assign(run, epochFacts(epochs));
  return { format: 'tensorboard', lr, metrics, run, notes };
}
