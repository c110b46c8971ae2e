/**
 * What a training run's own log says about its learning rate, read from the files the training
 * libraries write (trainer_state.json, TensorBoard event files, Lightning's metrics.csv, a W&B
 * history export). Plain data, so the host, the page and the CLI share it. This folder does not
 * read files: callers hand it bytes or text, and it never throws on bad input (a `LogReadError`
 * carries a message that says what is wrong and where).
 */
import type { OwnText } from '../l10n/translate';

export type LogFormat = 'hf-trainer-state' | 'tensorboard' | 'lightning-csv' | 'wandb-csv';

/** One logged value: at optimizer step `step` (as the logger counts), the run's epoch when known. */
export interface LogPoint {
  step: number;
  value: number;
  epoch?: number;
}

/** One learning-rate series (one tag or column: a param group, an optimizer). */
export interface LogSeries {
  /** The tag or column as the log names it: `learning_rate`, `train/learning_rate`, `lr-AdamW/pg1`. */
  tag: string;
  points: LogPoint[];
  /** Stored as float32 (TensorBoard scalars): compare at float32 precision. */
  float32: boolean;
}

/** What the log says about the run's length, apart from the lr values. */
export interface RunInfo {
  /** The Trainer's planned optimizer steps (`max_steps`, trainer_state.json), > 0. */
  maxSteps?: number;
  /** Optimizer steps actually done (`global_step`, or the last step anything was logged at). */
  globalStep?: number;
  /** Planned epochs (`num_train_epochs`). */
  numTrainEpochs?: number;
  /** `logging_steps` of the Trainer. */
  loggingSteps?: number;
  /** Optimizer steps per epoch, from the logged epochs. */
  stepsPerEpoch?: number;
  /** Epochs begun in the log (the last logged epoch, rounded up). */
  epochsLogged?: number;
  /** Steps at which the logged epoch falls back (a resumed or restarted run). */
  epochRestarts: number[];
}

export interface TrainingLog {
  format: LogFormat;
  /** Every learning-rate series found; the first is the one compared unless a param group says otherwise. */
  lr: LogSeries[];
  /** Other scalar series a schedule can need: the metrics a plateau schedule reacts to (`val_loss`, `eval_loss`). */
  metrics: Record<string, LogPoint[]>;
  run: RunInfo;
  /** Notes about what was skipped while reading (corrupt records, non-numeric cells), in English with templates. */
  notes: OwnText[];
}

export type ReadResult = { ok: true; log: TrainingLog } | { ok: false; error: OwnText };

/** A file that is not a log of that kind, or is damaged. */
export class LogReadError extends Error {
  constructor(readonly text: OwnText) {
    super(text.message);
    this.name = 'LogReadError';
  }
}

export function emptyRun(): RunInfo {
  return { epochRestarts: [] };
}

/**
 * A training log drawn over the predicted curve of one scheduler (src/logs). The page compares it
 * with its own curve (src/core/logs/compare.ts), so the marked divergence follows the page's edits.
 */
export interface LogOverlay {
  format: LogFormat;
  schedulerId: number;
  /** The logged series: its tag, param group and whether it was stored as float32. */
  tag: string;
  group: number;
  float32: boolean;
  /** Logged optimizer steps and the lr at each. */
  steps: number[];
  values: number[];
  /** Logged steps per curve row: 1, or the steps per epoch of a schedule stepped per epoch. */
  stepsPerRow: number;
  /** The log's steps per epoch, when its epochs show them. */
  stepsPerEpoch: number | null;
  epochRestarts: number[];
  loggingSteps: number | null;
  /** The logged metric a plateau schedule is fed, one value per scheduler step. */
  metric?: { name: string; values: number[] };
  /** Assumption name → the reason the log gave it (src/core/logs/fill.ts LOG_REASONS). */
  filled: Record<string, string>;
}
