/**
 * Lightning (`lightning`, `lightning.pytorch`, `pytorch_lightning`): `Trainer(max_epochs=…,
 * max_steps=…, accumulate_grad_batches=…)` as the run length of a scheduler Lightning steps
 * itself, `self.trainer.max_epochs` and `self.trainer.estimated_stepping_batches` inside a
 * LightningModule, `self.save_hyperparameters()` (hparams are the `__init__` arguments), and
 * `configure_optimizers()` returning `{"lr_scheduler": {"scheduler": s, "interval": "step",
 * "frequency": N}}`.
 */
import type { Adapter, AnalysisContext } from '../adapter';
import { SchedulerHost } from '../hosts';
import { Assumed, PyDict, PyInstance, PyList, PyTuple, isNumber, toFloat, type Scope, type Value } from '../../python/values';

/** `Trainer(max_epochs=…, max_steps=…)` of Lightning (any import style, path canonical), by keyword. */
export function isLightningTrainer(path: string): boolean {
  return /^lightning(\.pytorch)?\.(trainer\.)?Trainer$/.test(path);
}

const TRAINERS = {};

/** Keyword arguments of each Lightning `Trainer(...)` call on the path taken, in this analysis. */
export function lightningTrainers(cx: AnalysisContext): Map<string, Value>[] {
  return cx.state(TRAINERS, () => [] as Map<string, Value>[]);
}

/** `self.trainer.max_epochs` in a LightningModule: the value the file's Trainer is given (estimated_stepping_batches computed from them). */
export function lightningTrainerAttr(text: string, trainers: Map<string, Value>[], cx?: AnalysisContext): Value | undefined {
  const m = /(^|\.)trainer\.(max_epochs|max_steps|accumulate_grad_batches|estimated_stepping_batches)$/.exec(text);
  if (!m) return undefined;
  if (m[2] === 'estimated_stepping_batches') return cx ? estimatedSteppingBatches(trainers, cx) : undefined;
  if (m[2] === 'accumulate_grad_batches') {
    const a = trainerSetting(trainers, 'accumulate_grad_batches', 1);
    return a && a.value !== null && Number.isInteger(a.value) ? withDeps(BigInt(a.value), a.deps) : undefined;
  }
  return trainerValue(trainers, m[2]);
}

/** A Trainer keyword every Trainer of the file gives the same number (undefined otherwise). */
function trainerValue(trainers: Map<string, Value>[], key: string): Value | undefined {
  let out: Value | undefined;
  for (const t of trainers) {
    const v = t.get(key);
    const u = v instanceof Assumed ? v.value : v;
    if (u === undefined || !isNumber(u)) return undefined;
    if (out !== undefined && toFloat(out as number) !== toFloat(u)) return undefined;
    out = v;
  }
  return out;
}

/**
 * A Trainer setting as Lightning reads it: the keyword's number where every Trainer of the file
 * agrees (a Trainer without it has `dflt`, Lightning's default; None is `null`), or null when
 * there is no Trainer, they disagree, or a value is unknown.
 */
function trainerSetting(trainers: Map<string, Value>[], key: string, dflt: number | null): { value: number | null; deps: string[] } | null {
  if (!trainers.length) return null;
  let out: { value: number | null; deps: string[] } | undefined;
  for (const t of trainers) {
    const v = t.get(key);
    const u = v instanceof Assumed ? v.value : v;
    let n: number | null;
    if (u === undefined || u === null) n = u === null ? null : dflt;
    else if (isNumber(u)) n = toFloat(u);
    else return null;
    if (out !== undefined && out.value !== n) return null;
    out = { value: n, deps: v instanceof Assumed ? v.deps : [] };
  }
  return out ?? null;
}

function withDeps(v: Value, deps: string[]): Value {
  return deps.length ? new Assumed(v, deps) : v;
}

/** The Trainer's run: max_epochs as Lightning settles it (None: 1000 without max_steps, else -1 = no limit), max_steps (-1: none), accumulate_grad_batches. */
function trainerRun(trainers: Map<string, Value>[]): { epochs: number; maxSteps: number; accumulate: number; deps: string[]; text: string } | null {
  const e = trainerSetting(trainers, 'max_epochs', null);
  const s = trainerSetting(trainers, 'max_steps', -1);
  const a = trainerSetting(trainers, 'accumulate_grad_batches', 1);
  if (!e || !s || !a || s.value === null || a.value === null) return null;
  const maxSteps = s.value;
  const epochs = e.value ?? (maxSteps === -1 ? 1000 : -1);
  const accumulate = a.value;
  if (!Number.isInteger(epochs) || !Number.isInteger(maxSteps) || !Number.isInteger(accumulate) || accumulate < 1) return null;
  const parts = e.value === null ? [] : [`max_epochs=${epochs}`];
  if (maxSteps !== -1) parts.push(`max_steps=${maxSteps}`);
  if (accumulate !== 1) parts.push(`accumulate_grad_batches=${accumulate}`);
  // Without max_epochs nor max_steps Lightning runs 1000 epochs (without max_epochs alone, no epoch limit).
  const text = `Trainer(${parts.join(', ')})` + (e.value === null && epochs === 1000 ? ' → max_epochs=1000' : '');
  return { epochs, maxSteps, accumulate, deps: [...e.deps, ...s.deps, ...a.deps], text };
}

/** Batches per epoch of a Lightning run: the file does not say (its dataloaders are Lightning's to call), so a named assumption. */
const BATCHES = 'len(trainer.train_dataloader)';

function batchesPerEpoch(cx: AnalysisContext): number {
  const v = cx.assumptions.use(BATCHES, cx.assumptions.defaults.datasetSize, 'dataset size unknown');
  cx.collecting?.add(BATCHES);
  return typeof v === 'number' ? v : Number(v);
}

/**
 * `trainer.estimated_stepping_batches` as Lightning 2.x computes it
 * (src/lightning/pytorch/trainer/trainer.py): max_steps when max_epochs is -1, else
 * ceil(batches / accumulate_grad_batches) × max(max_epochs, 1), capped at max_steps when set.
 */
export function estimatedSteppingBatches(trainers: Map<string, Value>[], cx: AnalysisContext): Value | undefined {
  const run = trainerRun(trainers);
  if (!run) return undefined;
  if (run.epochs === -1) return run.maxSteps === -1 ? Infinity : withDeps(BigInt(run.maxSteps), run.deps);
  const b = batchesPerEpoch(cx);
  let est = Math.ceil(b / run.accumulate) * Math.max(run.epochs, 1);
  if (run.maxSteps !== -1) est = Math.min(est, run.maxSteps);
  return new Assumed(BigInt(est), [...run.deps, BATCHES]);
}

/**
 * How many times Lightning steps a scheduler configure_optimizers returns, over the file's Trainer
 * (training_epoch_loop.py's `_update_learning_rates`): interval "epoch" after each epoch whose
 * number (from 1) is a multiple of `frequency`; interval "step" after each batch that steps the
 * optimizer (not accumulating, or the epoch's last) whose `batch_idx + 1` is a multiple of
 * `frequency` — batch_idx starts again each epoch, so a frequency beyond an epoch never fires.
 */
export function lightningRunLength(
  unit: 'step' | 'epoch' | 'unknown',
  trainers: Map<string, Value>[],
  frequency = 1,
  cx?: AnalysisContext,
): { steps: number; source: string; deps: string[]; batches?: number; epochs?: number } | null {
  if (unit === 'unknown' || !trainers.length || !(frequency >= 1) || !Number.isInteger(frequency)) return null;
  const run = trainerRun(trainers);
  if (!run) return null;
  const freq = frequency > 1 ? `, frequency ${frequency}` : '';
  // No batch count needed: max_steps optimizer steps (no epoch limit), or whole epochs.
  if (unit === 'step' && frequency === 1 && run.epochs === -1) return run.maxSteps > 0 ? { steps: run.maxSteps, source: run.text, deps: run.deps } : null;
  if (unit === 'epoch' && run.maxSteps === -1) return run.epochs > 0 ? { steps: Math.floor(run.epochs / frequency), source: run.text + freq, deps: run.deps, epochs: run.epochs } : null;
  if (!cx) return null;
  const b = batchesPerEpoch(cx);
  if (!(b >= 1) || !Number.isInteger(b) || b > 10_000_000) return null;
  const deps = [...run.deps, BATCHES];
  // The optimizer steps of one epoch, and which of them step the scheduler.
  const perEpoch = Math.ceil(b / run.accumulate);
  const limit = run.maxSteps === -1 ? Infinity : run.maxSteps;
  const epochs = run.epochs === -1 ? Infinity : Math.max(run.epochs, 1);
  const totalOpt = Math.min(limit, perEpoch * epochs);
  if (!Number.isFinite(totalOpt)) return null;
  if (unit === 'epoch') {
    // Stopped by max_steps part-way through an epoch, that epoch still ends (and steps).
    const ran = Math.min(epochs, Math.ceil(totalOpt / perEpoch));
    return { steps: Math.floor(ran / frequency), source: run.text + freq, deps, batches: b, epochs: ran };
  }
  const fires: boolean[] = [];
  for (let i = 0; i < b; i++) if ((i + 1) % run.accumulate === 0 || i === b - 1) fires.push((i + 1) % frequency === 0);
  const perEpochFires = fires.filter(Boolean).length;
  const full = Math.floor(totalOpt / perEpoch);
  const rest = totalOpt - full * perEpoch;
  const steps = full * perEpochFires + fires.slice(0, rest).filter(Boolean).length;
  return { steps, source: `${run.text} × ${b} batches${freq}`, deps, batches: b };
}

/** `self.save_hyperparameters()`: `self.hparams` holds the calling `__init__`'s arguments. */
function saveHyperparameters(scope: Scope): Value {
  const self = scope.vars.get('self');
  if (self instanceof PyInstance) {
    const hp = new PyInstance(null, 'AttributeDict');
    for (const [k, v] of scope.vars) if (k !== 'self' && k !== '__class__') hp.attrs.set(k, v);
    self.attrs.set('hparams', hp);
  }
  return null;
}

/** `{"lr_scheduler": {"scheduler": s, "interval": "step", "frequency": N}}` → s is stepped per batch (else per epoch), every N of them. */
function lightningIntervals(ret: Value): void {
  const visit = (v: Value, interval: string | null, depth: number, frequency: number | null = null): void => {
    if (depth > 5) return;
    if (v instanceof Assumed) v = v.value;
    if (v instanceof SchedulerHost) {
      v.rec.unitHint = interval === 'step' ? 'step' : 'epoch';
      if (frequency !== null) v.rec.frequency = frequency;
      return;
    }
    if (v instanceof PyDict) {
      const iv = v.get('interval');
      const next = typeof iv === 'string' ? iv : interval;
      let f = v.get('frequency');
      if (f instanceof Assumed) f = f.value;
      const nextFrequency = f !== undefined && isNumber(f) ? toFloat(f) : frequency;
      for (const [, x] of v.map.values()) visit(x, next, depth + 1, nextFrequency);
    } else if (v instanceof PyList || v instanceof PyTuple) {
      for (const x of v.items) visit(x, interval, depth + 1, frequency);
    }
  };
  visit(ret, null, 0);
}

/** The name of the `def` a file offset is inside (the nearest one above it, indented less than its line). */
function enclosingDef(src: string, at: number): string | null {
  const lineStart = src.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*/.exec(src.slice(lineStart, at))?.[0].length ?? 0;
  const re = /^([ \t]*)(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/gm;
  let found: string | null = null;
  for (let m = re.exec(src); m && m.index < lineStart; m = re.exec(src)) if (m[1].length < indent) found = m[2];
  return found;
}

export const lightningAdapter: Adapter = {
  name: 'lightning',
  triggers: ['configure_optimizers'],
  aliases: [[/^(pytorch_lightning|lightning\.pytorch)\b/, 'lightning']],
  callLib: ({ path, kwargs, site }, cx) => {
    // Observed only: the call itself resolves like any unknown library call.
    const trainers = lightningTrainers(cx);
    if (isLightningTrainer(path) && !site.interp.inactive && !trainers.some((t) => t.get('@') === BigInt(site.start))) trainers.push(new Map([...kwargs, ['@', BigInt(site.start)]]));
    return undefined;
  },
  frameCall: (callee, scope) => (callee === 'save_hyperparameters' || /\.save_hyperparameters$/.test(callee) ? saveHyperparameters(scope) : undefined),
  known: (o, cx) => lightningTrainerAttr(o.text, lightningTrainers(cx), cx),
  // `def optimizer_step(self, *args, **kwargs): super().optimizer_step(…); self.lr_scheduler.step()` (the UvA
  // tutorials): Lightning calls the hook once per optimizer step, so the scheduler is stepped per step.
  onMethodCall: (site, receiver, name, _text, cx) => {
    const r = receiver instanceof Assumed ? receiver.value : receiver;
    if (name !== 'step' || !(r instanceof SchedulerHost) || site.interp.loops.length || r.rec.unitHint) return;
    if (enclosingDef(cx.src, site.start) === 'optimizer_step') r.rec.unitHint = 'step';
  },
  methodReturned: (name, result) => {
    if (name === 'configure_optimizers') lightningIntervals(result);
  },
};
