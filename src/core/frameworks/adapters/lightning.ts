/**
 * Lightning (`lightning`, `lightning.pytorch`, `pytorch_lightning`): `Trainer(max_epochs=…,
 * max_steps=…, accumulate_grad_batches=…)` as the run length of a scheduler Lightning steps
 * itself, `self.trainer.max_epochs` and `self.trainer.estimated_stepping_batches` inside a
 * LightningModule, `self.save_hyperparameters()` (hparams are the `__init__` arguments), and
 * `configure_optimizers()` returning `{"lr_scheduler": {"scheduler": s, "interval": "step",
 * "frequency": N}}`; `trainer.fit(model, loader)` running that module's configure_optimizers and
 * training hooks (one finding per fit, and per call of a function that fits); Lightning Fabric's
 * `fabric.launch(fn, *args)` calling `fn(fabric, *args)` and its `setup*` handing back what they wrap.
 */
import type { Adapter, AnalysisContext } from '../adapter';
import type { CallSite } from '../../python/evaluatorApi';
import { SchedulerHost } from '../hosts';
import { lengthOf } from '../torchData';
import { Assumed, Opaque, PyDict, PyFunction, PyInstance, PyList, PyTuple, isNumber, toFloat, type Scope, type Value } from '../../python/values';

/** `Trainer(max_epochs=…, max_steps=…)` of Lightning (any import style, path canonical), by keyword. */
export function isLightningTrainer(path: string): boolean {
  return /^lightning(\.pytorch)?\.(trainer\.)?Trainer$/.test(path);
}

const TRAINERS = {};

/** `Fabric(…)` of Lightning Fabric (`lightning.Fabric`, `lightning.fabric.Fabric`, `lightning_fabric.Fabric`), path canonical. */
function isFabric(path: string): boolean {
  return /^lightning\.(fabric\.)?Fabric$/.test(path);
}

/** The objects `Trainer(…)` and `Fabric(…)` made in this analysis (unknown objects whose methods mean something). */
const OBJECTS = {};

function lightningObjects(cx: AnalysisContext): { trainers: WeakMap<Opaque, Map<string, Value>>; fabrics: WeakSet<Opaque> } {
  return cx.state(OBJECTS, () => ({ trainers: new WeakMap<Opaque, Map<string, Value>>(), fabrics: new WeakSet<Opaque>() }));
}

/**
 * Hooks Lightning calls while it fits a module, besides configure_optimizers, in which a script may
 * step its scheduler itself (the UvA tutorials' `optimizer_step`), and how often Lightning calls
 * each: per optimizer step or batch ('step'), per epoch. Run after configure_optimizers on the same module.
 */
const FIT_HOOKS: readonly [string, 'step' | 'epoch'][] = [
  ['optimizer_step', 'step'],
  ['lr_scheduler_step', 'step'],
  ['on_before_optimizer_step', 'step'],
  ['on_train_batch_start', 'step'],
  ['on_train_batch_end', 'step'],
  ['training_step', 'step'],
  ['on_train_epoch_start', 'epoch'],
  ['on_train_epoch_end', 'epoch'],
];

function fnText(fn: PyFunction): string | null {
  return Array.isArray(fn.body) ? fn.home.text.slice(fn.node.from, fn.node.to) : null;
}

/**
 * `trainer.fit(model, …)` of a LightningModule of the file: Lightning calls its
 * configure_optimizers (and steps what it returns, see lightningIntervals) and its training
 * hooks, on this very module — whose `self.hparams` are this call's arguments
 * (`train_model(lr=3e-4)` → `ViT(**kwargs)` → `save_hyperparameters()`). Inside a user's function
 * called from several places (Host.isFactory: it calls `.fit(`) each call is its own finding, placed at that call.
 */
function fitModule(model: Value, loader: Value | undefined, trainer: Opaque, trainerKwargs: Map<string, Value>, site: CallSite, cx: AnalysisContext): void {
  const inst = model instanceof Assumed ? model.value : model;
  if (!(inst instanceof PyInstance) || !inst.cls) return;
  const configure = inst.cls.lookup('configure_optimizers');
  if (!(configure instanceof PyFunction)) return;
  const I = site.interp;
  const before = cx.findings.length;
  // `self.trainer` is the Trainer fitting it (its max_epochs, estimated_stepping_batches).
  inst.attrs.set('trainer', trainer);
  const batches = lengthOf(loader);
  const loaderText = loader === undefined ? undefined : site.argNodes.find((a, i) => (a.kind === 'pos' && i === 1) || a.name === 'train_dataloaders');
  if (batches && !batches.deps.length) trainerKwargs.set(FIT_BATCHES, batches.n);
  else if (loaderText && /^[A-Za-z_][\w.]*$/.test(site.home.text.slice(loaderText.value.from, loaderText.value.to)))
    trainerKwargs.set(FIT_BATCHES, `len(${site.home.text.slice(loaderText.value.from, loaderText.value.to)})`);
  else trainerKwargs.delete(FIT_BATCHES);
  // The user's function this fit is inside of (Host.isFactory), before the fit is pushed as a call site of its own:
  // each fit builds its own schedulers (two `trainer.fit(model)` of one class are two runs).
  const caller = I.factorySites[I.factorySites.length - 1];
  I.factorySites.push(site.start);
  try {
    runFit(inst, configure, I, cx);
  } finally {
    I.factorySites.pop();
  }
  for (const rec of cx.findings.slice(before)) {
    // Its run is this Trainer's, whatever other Trainers the file makes.
    rec.lightningTrainer = trainerKwargs;
    if (rec.parent !== null || rec.definedAt) continue;
    // At the call of the function that fits (when it returns), or at this fit where several fits build it.
    if (caller !== undefined) rec.builtFor = caller;
    else rec.reachedThrough = { start: site.start, end: site.end };
  }
}

function runFit(inst: PyInstance, configure: PyFunction, I: CallSite['interp'], cx: AnalysisContext): void {
  if (!inst.cls) return;
  lightningIntervals(I.callFunction(configure, [inst], new Map()));
  for (const [hook, unit] of FIT_HOOKS) {
    const fn = inst.cls.lookup(hook);
    const text = fn instanceof PyFunction ? fnText(fn) : null;
    if (!(fn instanceof PyFunction) || text === null || !cx.relevant(text)) continue;
    const calls = cx.findings.map((r) => r.stepCalls.length);
    I.callFunction(fn, [inst], new Map());
    // A scheduler this hook steps (outside any loop of its own) is stepped as often as Lightning calls the hook.
    cx.findings.forEach((r, k) => {
      const added = r.stepCalls.slice(calls[k] ?? r.stepCalls.length);
      if (!r.unitHint && added.length && added.every((c) => !c.loops.length)) r.unitHint = unit;
    });
  }
}

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

/** Key of a Trainer's keyword map holding the batches of the loader its `fit` was given, when the code states them. */
const FIT_BATCHES = '@batches';

function batchesPerEpoch(cx: AnalysisContext, trainers: Map<string, Value>[]): { n: number; deps: string[] } {
  // `trainer.fit(model, train_loader)` with a loader whose length the code states (one Trainer).
  const given = trainers.length === 1 ? trainers[0].get(FIT_BATCHES) : undefined;
  if (typeof given === 'bigint') return { n: Number(given), deps: [] };
  // A loader of unknown length given to fit: the same unknown as the code's own `len(train_loader)`.
  const name = typeof given === 'string' ? given : BATCHES;
  const v = cx.assumptions.use(name, cx.assumptions.defaults.datasetSize, 'dataset size unknown');
  cx.collecting?.add(name);
  return { n: typeof v === 'number' ? v : Number(v), deps: [name] };
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
  const { n: b, deps } = batchesPerEpoch(cx, trainers);
  let est = Math.ceil(b / run.accumulate) * Math.max(run.epochs, 1);
  if (run.maxSteps !== -1) est = Math.min(est, run.maxSteps);
  return withDeps(BigInt(est), [...run.deps, ...deps]);
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
  const { n: b, deps: batchDeps } = batchesPerEpoch(cx, trainers);
  if (!(b >= 1) || !Number.isInteger(b) || b > 10_000_000) return null;
  const deps = [...run.deps, ...batchDeps];
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
  triggers: ['configure_optimizers', '\\.fit\\s*\\(', '\\.launch\\s*\\('],
  aliases: [
    [/^(pytorch_lightning|lightning\.pytorch)\b/, 'lightning'],
    [/^lightning_fabric\b/, 'lightning.fabric'],
  ],
  callLib: ({ path, kwargs, site }, cx) => {
    const made = () => new Opaque(site.text, { start: site.start, end: site.end }, 'call');
    if (isFabric(path)) {
      const o = made();
      lightningObjects(cx).fabrics.add(o);
      return o;
    }
    if (!isLightningTrainer(path)) return undefined;
    const trainers = lightningTrainers(cx);
    const own = new Map([...kwargs, ['@', BigInt(site.start)]]);
    if (!site.interp.inactive && !trainers.some((t) => t.get('@') === BigInt(site.start))) trainers.push(own);
    const o = made();
    lightningObjects(cx).trainers.set(o, own);
    return o;
  },
  // `fabric.launch(main, devices, …)` calls `main(fabric, devices, …)` (Fabric.launch in
  // lightning/fabric/fabric.py); `trainer.fit(model, …)` fits the module (fitModule).
  opaqueCall: (fn, args, kwargs, site, cx) => {
    const owner = fn.owner;
    if (!owner) return undefined;
    const objects = lightningObjects(cx);
    if (/\.launch$/.test(fn.text) && objects.fabrics.has(owner)) {
      const rest = new Map(kwargs);
      let target = args[0] as Value | undefined;
      if (target === undefined) {
        target = rest.get('function');
        rest.delete('function');
      }
      const f = target instanceof Assumed ? target.value : target;
      return f instanceof PyFunction ? site.interp.callFunction(f, [owner, ...args.slice(1)], rest) : undefined;
    }
    // `fabric.setup_optimizers(optimizer)`, `fabric.setup(model, optimizer)`: Fabric wraps what it is given and steps the same optimizer.
    if (/\.setup(_optimizers|_module|_dataloaders)?$/.test(fn.text) && objects.fabrics.has(owner) && args.length && !kwargs.size) return args.length === 1 ? args[0] : new PyTuple(args);
    const trainer = objects.trainers.get(owner);
    if (/\.fit$/.test(fn.text) && trainer) {
      const model = args[0] ?? kwargs.get('model');
      if (model !== undefined) fitModule(model, args.length > 1 ? args[1] : kwargs.get('train_dataloaders'), owner, trainer, site, cx);
    }
    return undefined;
  },
  // A function that fits a module (`def train_model(**kwargs): … trainer.fit(model, …)`): each of its calls builds that module's schedulers anew.
  isFactory: (text) => /\.fit\s*\(/.test(text),
  frameCall: (callee, scope) => (callee === 'save_hyperparameters' || /\.save_hyperparameters$/.test(callee) ? saveHyperparameters(scope) : undefined),
  known: (o, cx) => {
    // `trainer.max_epochs` of a Trainer the analysis made: that Trainer's own keywords.
    const own = o.owner ? lightningObjects(cx).trainers.get(o.owner) : undefined;
    const attr = /\.(\w+)$/.exec(o.text)?.[1];
    if (own && attr) return lightningTrainerAttr(`trainer.${attr}`, [own], cx);
    return lightningTrainerAttr(o.text, lightningTrainers(cx), cx);
  },
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
