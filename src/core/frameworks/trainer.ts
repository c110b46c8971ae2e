/**
 * Hugging Face `TrainingArguments` → the schedule the `Trainer` builds from it, with the step counts
 * computed the way the Trainer computes them:
 *   len_dataloader = ceil(len(train_dataset) / (per_device_train_batch_size × devices))
 *   num_update_steps_per_epoch = max(len_dataloader // gradient_accumulation_steps, 1)
 *   max_steps = max_steps if max_steps > 0 else ceil(num_train_epochs × num_update_steps_per_epoch)
 *   warmup = warmup_steps if warmup_steps ≥ 1 (a float < 1 is a ratio, transformers ≥ 5)
 *            else ceil(max_steps × warmup_ratio)
 * and `get_scheduler(lr_scheduler_type, optimizer, num_warmup_steps, num_training_steps,
 * scheduler_specific_kwargs=lr_scheduler_kwargs)` on an AdamW with `learning_rate`.
 */
import { nameTable, setOwn } from '../engine/dict';
import type { ArgValue } from '../engine/spec';
import { ownMessage } from '../l10n/translate';
import type { CallSite } from '../python/evaluatorApi';
import { HostObject, type Value, Assumed, Opaque, PyDict, PyLib, PyList, isNumber, toFloat } from '../python/values';
import type { FindingRec } from './hosts';
import type { AnalysisContext } from './adapter';
import { isLiteralExpr, displayValue } from './schedulers';
import { deepspeedConfig, fillTrainerAutos, jsonToValue } from './deepspeed';
import { schedulerTypeName } from './getScheduler';
import { lengthOf } from './torchData';

const DEFAULTS: Record<string, Value> = nameTable({
  learning_rate: 5e-5,
  lr_scheduler_type: 'linear',
  warmup_ratio: 0.0,
  warmup_steps: 0n,
  num_train_epochs: 3.0,
  max_steps: -1n,
  per_device_train_batch_size: 8n,
  gradient_accumulation_steps: 1n,
  adam_beta1: 0.9,
  adam_beta2: 0.999,
  weight_decay: 0.0,
  dataloader_drop_last: false,
});

/** Defaults that TRL's configs change (TRL 0.2x: `SFTConfig.learning_rate` is 2e-5, …). */
const CLASS_DEFAULTS: [RegExp, Record<string, Value>][] = [
  [/(^|\.)SFTConfig$/, { learning_rate: 2e-5 }],
  [/(^|\.)(DPO|GRPO|KTO|RLOO)Config$/, { learning_rate: 1e-6 }],
  [/(^|\.)RewardConfig$/, { learning_rate: 1e-4 }],
];

export class TrainingArgsHost extends HostObject {
  readonly typeName = 'TrainingArguments';
  readonly values = new Map<string, Value>();
  /** Defaults of the class itself (a TRL config, a user subclass's field defaults), over TrainingArguments'. */
  readonly classDefaults = new Map<string, Value>();
  trainDatasetText: string | null = null;
  trainDataset: Value | null = null;
  overridden = false;
  /** Null for arguments parsed from the command line (HfArgumentParser): the finding is at the Trainer. */
  constructor(public rec: FindingRec | null) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    if (this.values.has(name)) return this.values.get(name);
    if (this.classDefaults.has(name)) return this.classDefaults.get(name);
    if (name in DEFAULTS) return DEFAULTS[name];
    return undefined;
  }
  setAttr(name: string, v: Value): void {
    this.values.set(name, v);
  }
  /** The value the Trainer reads: set, else the class's default, else TrainingArguments'. */
  read(name: string): Value {
    return this.values.has(name) ? (this.values.get(name) as Value) : this.classDefaults.has(name) ? (this.classDefaults.get(name) as Value) : DEFAULTS[name];
  }
}

function applyClassDefaults(host: TrainingArgsHost, className: string): void {
  for (const [re, d] of CLASS_DEFAULTS) if (re.test(className)) for (const [k, v] of Object.entries(d)) host.classDefaults.set(k, v);
}

/** TrainingArguments parsed from the command line by HfArgumentParser: defaults, the class's field defaults, set_defaults. */
export function parsedTrainingArguments(_site: CallSite, className: string, fieldDefaults: Map<string, Value>, overrides: Map<string, Value>): TrainingArgsHost {
  const host = new TrainingArgsHost(null);
  applyClassDefaults(host, className);
  for (const [k, v] of fieldDefaults) host.classDefaults.set(k, v);
  for (const [k, v] of overrides) host.values.set(k, v);
  return host;
}

export function constructTrainingArguments(P: AnalysisContext, kind: string, kwargs: Map<string, Value>, site: CallSite): Value {
  const { rec } = P.record('TrainingArguments', 'transformers', site);
  rec.active = rec.active || !site.interp.inactive;
  const host = new TrainingArgsHost(rec);
  applyClassDefaults(host, kind);
  for (const [k, v] of kwargs) host.values.set(k, v);
  rec.args = site.argNodes
    .filter((a) => a.kind === 'kw')
    .map((a) => ({
      name: a.name as string,
      text: site.home.text.slice(a.value.from, a.value.to),
      span: P.span(site, a.value),
      isLiteral: isLiteralExpr(a.value),
      positional: false,
    }));
  rec.finalize = () => finalizeTrainer(P, rec, host);
  void kind;
  return host;
}

/** `Trainer(model, args, train_dataset=…, optimizers=(opt, sched))`: link the dataset. */
export function constructTrainer(P: AnalysisContext, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const targs = kwargs.get('args') ?? args[1];
  const t = targs instanceof Assumed ? targs.value : targs;
  if (t instanceof TrainingArgsHost && t.rec === null) {
    // Parsed from the command line: the Trainer builds the schedule here.
    const { rec } = P.record('TrainingArguments', 'transformers', site);
    rec.active = rec.active || !site.interp.inactive;
    const node = site.argNodes.find((a) => a.kind === 'kw' && a.name === 'args');
    if (node) {
      const name = site.home.text.slice(node.value.from, node.value.to);
      if (/^[\w.]+$/.test(name) && !rec.names.includes(name)) rec.names.push(name);
    }
    rec.finalize = () => finalizeTrainer(P, rec, t);
    t.rec = rec;
  }
  if (t instanceof TrainingArgsHost) {
    const node = site.argNodes.find((a) => a.kind === 'kw' && a.name === 'train_dataset') ?? site.argNodes.filter((a) => a.kind === 'pos')[3];
    t.trainDataset = kwargs.get('train_dataset') ?? args[3] ?? null;
    // `train_dataset if training_args.do_train else None`: the dataset is the first part.
    const dsNode = node ? (node.value.t === 'ifexp' ? node.value.body : node.value) : null;
    t.trainDatasetText = dsNode ? site.home.text.slice(dsNode.from, dsNode.to) : null;
    const opts = kwargs.get('optimizers');
    if (opts && !(opts instanceof Opaque)) {
      const items = site.interp.iterValues(opts);
      if (items && items[1] !== null && items[1] !== undefined) t.overridden = true;
    }
  }
  return new Opaque(site.text, { start: site.start, end: site.end }, 'call');
}

function finalizeTrainer(P: AnalysisContext, rec: FindingRec, host: TrainingArgsHost): void {
  const deps = new Set<string>();
  const get = (name: string): Value => {
    let v = host.read(name);
    if (v instanceof Assumed) {
      v.deps.forEach((d) => deps.add(d));
      v = v.value;
    }
    if (v instanceof Opaque || v instanceof PyLib) {
      const o = v instanceof Opaque ? v : new Opaque(v.path);
      if (name === 'lr_scheduler_type') {
        deps.add(o.text);
        return P.assumptions.use(o.text, 'linear', 'scheduler type unknown');
      }
      const a = P.assumeNumber(o, name, 'TrainingArguments');
      deps.add(a.name);
      a.deps?.forEach((d) => deps.add(d));
      return a.value;
    }
    return v;
  };
  const num = (name: string): number => {
    const v = get(name);
    return isNumber(v) ? toFloat(v) : Number(v);
  };
  const lr = num('learning_rate');
  const type = schedulerTypeName(get('lr_scheduler_type'));
  const maxSteps = num('max_steps');
  const epochs = num('num_train_epochs');
  const bs = num('per_device_train_batch_size');
  const accum = num('gradient_accumulation_steps');
  const warmupSteps = num('warmup_steps');
  const warmupRatio = num('warmup_ratio');
  let total: number;
  let perEpoch: number | null = null;
  let datasetLen: number | null = null;
  if (maxSteps > 0) total = maxSteps;
  else {
    // The training set's rows when the code states them (`.select(range(1000))`, a sized split, a list): ./torchData.ts lengthOf.
    const stated = lengthOf(host.trainDataset);
    if (stated && stated.deps.length === 0) datasetLen = Number(stated.n);
    else {
      const name = `len(${host.trainDatasetText ?? 'train_dataset'})`;
      datasetLen = Number(P.assumptions.use(name, P.assumptions.defaults.datasetSize, 'training set size unknown'));
      deps.add(name);
    }
    // The Trainer shards the data across processes (GPUs); the script cannot say how many it is launched on.
    const processes = Number(P.assumptions.use('number of training processes', 1, 'the script does not say how many GPUs/processes run it'));
    deps.add('number of training processes');
    const batch = bs * Math.max(1, processes);
    const lenLoader = get('dataloader_drop_last') === true ? Math.floor(datasetLen / batch) : Math.ceil(datasetLen / batch);
    perEpoch = Math.max(Math.floor(lenLoader / accum), 1);
    total = Math.ceil(epochs * perEpoch);
  }
  let warmup: number;
  if (warmupSteps > 0 && warmupSteps < 1) warmup = Math.ceil(total * warmupSteps);
  else if (warmupSteps > 0) warmup = warmupSteps;
  else warmup = Math.ceil(total * warmupRatio);
  const kwargsV = get('lr_scheduler_kwargs');
  const ssk: Record<string, ArgValue> = {};
  if (kwargsV instanceof PyDict) {
    for (const [k, v] of kwargsV.map.values()) {
      const u = v instanceof Assumed ? v.value : v;
      setOwn(ssk, String(k), typeof u === 'bigint' ? Number(u) : (u as ArgValue));
    }
  }
  rec.spec = {
    kind: 'get_scheduler',
    args: { name: type, num_warmup_steps: warmup, num_training_steps: total, scheduler_specific_kwargs: ssk },
  };
  const beta1 = num('adam_beta1');
  const beta2 = num('adam_beta2');
  rec.optimizer = { type: 'AdamW', paramGroups: [{ lr, betas: [beta1, beta2] }], defaultLr: lr } as typeof rec.optimizer;
  rec.params = { name: type, num_warmup_steps: warmup, num_training_steps: total, scheduler_specific_kwargs: displayValue(ssk) };
  rec.trainer = {
    learning_rate: lr,
    lr_scheduler_type: type,
    num_train_epochs: epochs,
    max_steps: maxSteps,
    per_device_train_batch_size: bs,
    gradient_accumulation_steps: accum,
    warmup_steps: warmupSteps,
    warmup_ratio: warmupRatio,
    train_dataset_length: datasetLen,
    num_update_steps_per_epoch: perEpoch,
    processes: maxSteps > 0 ? null : P.assumptions.get('number of training processes')?.value ?? null,
  };
  rec.unitHint = 'step';
  rec.deps = deps;
  if (host.values.has('deepspeed')) deepspeedSchedule(P, rec, host, { learningRate: lr, totalSteps: total, warmupSteps: warmup, gradientAccumulationSteps: accum });
  if (host.overridden) {
    rec.active = false;
    rec.diagnostics.push({ severity: 'info', ...ownMessage('The Trainer is given its own scheduler through optimizers=; this schedule is not used') });
  }
}

/**
 * `TrainingArguments(deepspeed=<dict or JSON path>)` whose config has a `"scheduler"` block: DeepSpeed
 * builds that scheduler (the Trainer's lr_scheduler_type is not used), with its "auto" values filled
 * from the TrainingArguments as transformers' HfTrainerDeepSpeedConfig fills them.
 */
function deepspeedSchedule(
  P: AnalysisContext,
  rec: FindingRec,
  host: TrainingArgsHost,
  trainer: { learningRate: number; totalSteps: number; warmupSteps: number; gradientAccumulationSteps: number },
): void {
  const site = { start: rec.span.start, end: rec.span.end } as CallSite;
  const original = deepspeedConfig(P, host.values.get('deepspeed'), site);
  if (!original) return;
  // A copy: the fill must not change the dict the code wrote (it may be used again).
  const copy = jsonToValue(JSON.stringify(toJson(original)));
  const config = 'value' in copy && copy.value instanceof PyDict ? copy.value : null;
  if (!config) return;
  const block = config.get('scheduler');
  if (!(block instanceof PyDict)) return;
  const { mismatches } = fillTrainerAutos(config, trainer);
  if (mismatches.length) {
    rec.diagnostics.push({
      severity: 'error',
      message: `Please correct the following DeepSpeed config values that mismatch TrainingArguments values:\n${mismatches.join('\n')}\nThe easiest method is to set these DeepSpeed config values to 'auto'.`,
    });
  }
  const type = block.get('type');
  const params = block.get('params');
  if (typeof type !== 'string' || !(params instanceof PyDict)) return;
  const args: Record<string, ArgValue> = {};
  for (const [k, v] of params.map.values()) {
    const u = v instanceof Assumed ? v.value : v;
    args[String(k)] = typeof u === 'bigint' ? Number(u) : u instanceof PyList ? (toJson(u) as ArgValue) : (u as ArgValue);
  }
  rec.spec = { kind: 'deepspeed.' + type, args };
  // The Trainer steps DeepSpeed's scheduler once per optimizer step, for its whole run (WarmupLR has no length of its own).
  if (trainer.totalSteps > 0) rec.runLength = trainer.totalSteps;
  rec.params = { ...args, type };
  if (rec.trainer) rec.trainer.deepspeed_scheduler = type;
  // The optimizer: DeepSpeed's own from the config's "optimizer" block, else the Trainer's AdamW.
  const opt = config.get('optimizer');
  const oparams = opt instanceof PyDict ? opt.get('params') : undefined;
  const olr = oparams instanceof PyDict ? oparams.get('lr') : undefined;
  if (typeof olr === 'number' || typeof olr === 'bigint') {
    const lr = Number(olr);
    rec.optimizer = { ...rec.optimizer, paramGroups: rec.optimizer.paramGroups.map((g) => ({ ...g, lr })), defaultLr: lr };
  }
}

function toJson(v: Value): unknown {
  const u = v instanceof Assumed ? v.value : v;
  if (u instanceof PyDict) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of u.map.values()) o[String(k)] = toJson(x);
    return o;
  }
  if (u instanceof PyList) return u.items.map(toJson);
  if (typeof u === 'bigint') return Number(u);
  if (u === null || typeof u === 'number' || typeof u === 'string' || typeof u === 'boolean') return u;
  return null;
}
