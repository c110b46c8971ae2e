/**
 * Lightning (`lightning`, `lightning.pytorch`, `pytorch_lightning`): `Trainer(max_epochs=…,
 * max_steps=…)` as the run length of a scheduler Lightning steps itself, `self.trainer.max_epochs`
 * inside a LightningModule, `self.save_hyperparameters()` (hparams are the `__init__` arguments),
 * and `configure_optimizers()` returning `{"lr_scheduler": {"scheduler": s, "interval": "step"}}`.
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

/** `self.trainer.max_epochs` in a LightningModule: the value the file's Trainer is given. */
export function lightningTrainerAttr(text: string, trainers: Map<string, Value>[]): Value | undefined {
  const m = /(^|\.)trainer\.(max_epochs|max_steps)$/.exec(text);
  return m ? trainerValue(trainers, m[2]) : undefined;
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

/** How long Lightning steps a scheduler it steps itself: max_epochs epochs, or max_steps steps. */
export function lightningRunLength(unit: 'step' | 'epoch' | 'unknown', trainers: Map<string, Value>[]): { steps: number; source: string } | null {
  const key = unit === 'epoch' ? 'max_epochs' : unit === 'step' ? 'max_steps' : null;
  if (!key || !trainers.length) return null;
  const v = trainerValue(trainers, key);
  const u = v instanceof Assumed ? v.value : v;
  const n = u === undefined || !isNumber(u) ? NaN : toFloat(u as number);
  return Number.isInteger(n) && n > 0 ? { steps: n, source: `Trainer(${key}=${n})` } : null;
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

/** `{"lr_scheduler": {"scheduler": s, "interval": "step"}}` → s is stepped per batch (else per epoch). */
function lightningIntervals(ret: Value): void {
  const visit = (v: Value, interval: string | null, depth: number): void => {
    if (depth > 5) return;
    if (v instanceof Assumed) v = v.value;
    if (v instanceof SchedulerHost) {
      v.rec.unitHint = interval === 'step' ? 'step' : 'epoch';
      return;
    }
    if (v instanceof PyDict) {
      const iv = v.get('interval');
      const next = typeof iv === 'string' ? iv : interval;
      for (const [, x] of v.map.values()) visit(x, next, depth + 1);
    } else if (v instanceof PyList || v instanceof PyTuple) {
      for (const x of v.items) visit(x, interval, depth + 1);
    }
  };
  visit(ret, null, 0);
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
  known: (o, cx) => lightningTrainerAttr(o.text, lightningTrainers(cx)),
  methodReturned: (name, result) => {
    if (name === 'configure_optimizers') lightningIntervals(result);
  },
};
