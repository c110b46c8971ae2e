/**
 * Hugging Face Trainer's `trainer_state.json` (written to output_dir and every checkpoint-N/):
 * `log_history` rows with `learning_rate`, `step`, `epoch` (eval rows carry `eval_*` and no lr), and
 * the top-level `global_step`, `max_steps`, `num_train_epochs`, `logging_steps`, `epoch`.
 */
import { ownMessage, type OwnText } from '../l10n/translate';
import { epochFacts } from './runInfo';
import { isBookkeeping } from './tags';
import { emptyRun, LogReadError, type LogPoint, type TrainingLog } from './types';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function readTrainerState(text: string): TrainingLog {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new LogReadError(ownMessage('Not valid JSON ({0}): a trainer_state.json that was cut off or edited by hand?', why));
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new LogReadError(ownMessage('Not a trainer_state.json: the file is not a JSON object.'));
  const o = doc as Record<string, unknown>;
  if (!Array.isArray(o.log_history)) throw new LogReadError(ownMessage('Not a trainer_state.json: it has no log_history list.'));
  const notes: OwnText[] = [];
  const lr: LogPoint[] = [];
  const metrics: Record<string, LogPoint[]> = {};
  const epochs: { step: number; epoch: number }[] = [];
  let skipped = 0;
  for (const row of o.log_history as unknown[]) {
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      skipped++;
      continue;
    }
    const r = row as Record<string, unknown>;
    const step = num(r.step);
    if (step === undefined) {
      skipped++;
      continue;
    }
    const epoch = num(r.epoch);
    const value = num(r.learning_rate);
    if (value !== undefined) {
      lr.push({ step, value, ...(epoch !== undefined ? { epoch } : {}) });
      if (epoch !== undefined) epochs.push({ step, epoch });
    } else if ('learning_rate' in r) skipped++;
    for (const [k, v] of Object.entries(r)) {
      const x = num(v);
      if (x === undefined || k === 'learning_rate' || isBookkeeping(k) || /^(train_|total_flos)/.test(k)) continue;
      (metrics[k] ??= []).push({ step, value: x });
    }
  }
  if (skipped) notes.push(ownMessage('{0} rows of log_history have no numeric step or learning_rate and were skipped.', skipped));
  const run = emptyRun();
  const maxSteps = num(o.max_steps);
  if (maxSteps !== undefined && maxSteps > 0) run.maxSteps = maxSteps;
  const gs = num(o.global_step);
  if (gs !== undefined) run.globalStep = gs;
  const ne = num(o.num_train_epochs);
  // A streaming run (max_steps set) records sys.maxsize epochs.
  if (ne !== undefined && ne > 0 && ne < 1e9) run.numTrainEpochs = ne;
  const ls = num(o.logging_steps);
  if (ls !== undefined && ls > 0) run.loggingSteps = ls;
  Object.assign(run, epochFacts(epochs));
  // The top-level epoch (unrounded in every version) over global_step is the better estimate.
  const topEpoch = num(o.epoch);
  if (gs !== undefined && topEpoch !== undefined && topEpoch > 0 && !run.epochRestarts.length) run.stepsPerEpoch = Math.round(gs / topEpoch);
  return { format: 'hf-trainer-state', lr: lr.length ? [{ tag: 'learning_rate', points: lr, float32: false }] : [], metrics, run, notes };
}
