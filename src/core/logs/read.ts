/**
 * One entry point for every log kind: by file name first (trainer_state.json, events.out.tfevents.*,
 * metrics.csv), then by content. Never throws: a file that is no log or is damaged comes back as
 * `{ ok: false, error }` with a message saying what is wrong.
 */
import { ownMessage } from '../l10n/translate';
import { readCsvLog } from './csvLogs';
import { readTrainerState } from './hfTrainerState';
import { readTensorBoard } from './tensorboard';
import { LogReadError, type LogFormat, type ReadResult, type TrainingLog } from './types';

/** Largest log file read (bytes): a 10^6-step event file with a few tags is ~100 MB. */
export const MAX_LOG_BYTES = 256 * 1024 * 1024;

export function baseNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** The kind of log a file name says, or null. */
export function formatByName(name: string): LogFormat | null {
  const b = baseNameOf(name).toLowerCase();
  if (b === 'trainer_state.json') return 'hf-trainer-state';
  if (b.startsWith('events.out.tfevents')) return 'tensorboard';
  if (b === 'metrics.csv') return 'lightning-csv';
  if (b.endsWith('.csv')) return 'wandb-csv';
  if (b.endsWith('.json')) return 'hf-trainer-state';
  return null;
}

function sniff(bytes: Uint8Array): LogFormat | null {
  let i = 0;
  while (i < bytes.length && i < 64 && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  if (bytes[i] === 0x7b) return 'hf-trainer-state';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
  const first = head.split(/\r?\n/)[0] ?? '';
  if (/(^|,)"?(step|_step|Step)"?(,|$)/.test(first)) return /(^|,)lr-/.test(first) && /(^|,)epoch(,|$)/.test(first) ? 'lightning-csv' : 'wandb-csv';
  // A TFRecord starts with an 8-byte length whose high bytes are zero for any sane record.
  if (bytes.length >= 12 && bytes[4] === 0 && bytes[5] === 0 && bytes[6] === 0 && bytes[7] === 0) return 'tensorboard';
  return null;
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

export function readTrainingLog(name: string, bytes: Uint8Array): ReadResult {
  try {
    if (bytes.length > MAX_LOG_BYTES) return { ok: false, error: ownMessage('The file is larger than {0} MB; LR Lens reads logs up to that size.', MAX_LOG_BYTES / 1024 / 1024) };
    if (bytes.length === 0) return { ok: false, error: ownMessage('The file is empty.') };
    const format = formatByName(name) ?? sniff(bytes);
    let log: TrainingLog;
    switch (format) {
      case 'hf-trainer-state':
        log = readTrainerState(decode(bytes));
        break;
      case 'tensorboard':
        log = readTensorBoard(bytes);
        break;
      case 'lightning-csv':
      case 'wandb-csv':
        log = readCsvLog(decode(bytes), format);
        break;
      default:
        return { ok: false, error: ownMessage('Not a training log LR Lens reads (trainer_state.json, a TensorBoard event file, a Lightning metrics.csv or a W&B CSV export).') };
    }
    if (!log.lr.length || log.lr.every((s) => !s.points.length)) return { ok: false, error: ownMessage('The log has no learning-rate values (looked for learning_rate, lr and lr-* names).') };
    return { ok: true, log };
  } catch (e) {
    if (e instanceof LogReadError) return { ok: false, error: e.text };
    return { ok: false, error: ownMessage('The log could not be read: {0}', e instanceof Error ? e.message : String(e)) };
  }
}
