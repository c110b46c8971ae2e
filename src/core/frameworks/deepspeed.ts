/**
 * DeepSpeed: `deepspeed.initialize(model=…, optimizer=…, config=…)` builds the scheduler of the
 * config's `"scheduler": {"type", "params"}` block (`type(optimizer, **params)`) and returns
 * `(engine, optimizer, dataloader, lr_scheduler)`; the config is a dict or the path of a JSON file
 * (read only when the host hands its text over, see AnalyzeOptions.files). transformers'
 * `TrainingArguments(deepspeed=…)` fills the block's "auto" values from its own arguments.
 */
import { DEEPSPEED_CONFIG_TYPES } from '../engine/deepspeed/lrSchedules';
import { ownMessage } from '../l10n/translate';
import type { CallSite } from '../python/evaluatorApi';
import { OptimizerHost, SchedulerHost } from './hosts';
import { constructOptimizer } from './optimizers';
import type { AnalysisContext } from './adapter';
import { constructScheduler } from './schedulers';
import { Assumed, HostObject, Opaque, PyBuiltin, PyDict, PyInstance, PyList, PyTuple, type Value } from '../python/values';
import { YamlError, YamlMap, YamlSeq, YamlTimestamp, parseYaml, type YamlNode } from './yaml';

/**
 * JSON text → Python values (dict, list, int, float, str, bool, None) as Python's json reads them
 * (`1.0` is a float, `1` an int: read by the YAML reader, of which JSON is a part, when it can), or
 * the parse error.
 */
export function jsonToValue(text: string): { value: Value } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: (e as Error).message };
  }
  try {
    const fromYaml = (n: YamlNode, depth: number): Value => {
      if (depth > 50) return null;
      if (n instanceof YamlMap) {
        const d = new PyDict();
        for (const [k, v] of n.entries.values()) d.set(k, fromYaml(v, depth + 1));
        return d;
      }
      if (n instanceof YamlSeq) return new PyList(n.items.map((x) => fromYaml(x, depth + 1)));
      if (n instanceof YamlTimestamp) throw new YamlError('not JSON', 1);
      return n;
    };
    return { value: fromYaml(parseYaml(text, 'pyyaml+float'), 0) };
  } catch {
    /* JSON the YAML reader does not take (tab indentation, a huge file): JavaScript's numbers */
  }
  const conv = (x: unknown, depth: number): Value => {
    if (depth > 50) return null;
    if (x === null || typeof x === 'boolean' || typeof x === 'string') return x;
    if (typeof x === 'number') return Number.isInteger(x) && Math.abs(x) < 2 ** 53 ? BigInt(x) : x;
    if (Array.isArray(x)) return new PyList(x.map((y) => conv(y, depth + 1)));
    const d = new PyDict();
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) d.set(k, conv(v, depth + 1));
    return d;
  };
  return { value: conv(data, 0) };
}

const unwrap = (v: Value | undefined): Value | undefined => (v instanceof Assumed ? v.value : v);

/**
 * The config a `config=` / `deepspeed=` argument names: a dict as written, or a JSON file's content.
 * Null when it cannot be known; `why` then says so (at the call).
 */
export function deepspeedConfig(P: AnalysisContext, v: Value | undefined, site: CallSite): PyDict | null {
  const u = unwrap(v);
  if (u instanceof PyDict) return u;
  if (typeof u === 'string') {
    const text = P.readFile(u);
    if (text === null) {
      P.diagnostic('info', ownMessage('DeepSpeed builds the scheduler from `{0}`, which LR Lens has not read (a file inside the workspace, beside the script)', u), site.start, site.end);
      return null;
    }
    const parsed = jsonToValue(text);
    if ('error' in parsed) {
      P.diagnostic('warning', ownMessage('`{0}` is not valid JSON: {1}', u, parsed.error), site.start, site.end);
      return null;
    }
    const d = unwrap(parsed.value);
    return d instanceof PyDict ? d : null;
  }
  if (u instanceof Opaque) {
    P.diagnostic('info', ownMessage('DeepSpeed builds the scheduler from the config `{0}`, which LR Lens cannot resolve without running the program', u.text.slice(0, 80)), site.start, site.end);
  }
  return null;
}

function sub(d: PyDict, key: string): PyDict | null {
  const v = unwrap(d.get(key));
  return v instanceof PyDict ? v : null;
}

/** DeepSpeed's optimizer names → the class whose param groups behave alike (betas or momentum). */
function optimizerType(type: string): string {
  if (/adam|lamb|lion/i.test(type)) return 'AdamW';
  if (/^sgd$/i.test(type)) return 'SGD';
  if (/adagrad/i.test(type)) return 'Adagrad';
  return 'AdamW';
}

/** The optimizer of a config's `"optimizer": {"type", "params"}` block. */
export function configOptimizer(P: AnalysisContext, config: PyDict, site: CallSite): OptimizerHost | null {
  const block = sub(config, 'optimizer');
  if (!block) return null;
  const type = unwrap(block.get('type'));
  const params = sub(block, 'params');
  const kw = new Map<string, Value>();
  if (params) for (const [k, v] of params.map.values()) if (k === 'lr' || k === 'betas' || k === 'momentum') kw.set(String(k), v);
  const host = constructOptimizer(P, optimizerType(typeof type === 'string' ? type : 'AdamW'), [], kw, site);
  return host instanceof OptimizerHost ? host : null;
}

/**
 * The scheduler of a config's `"scheduler"` block on `optimizer`, as a finding at `site`, or null
 * when the block is absent or its type unknown (reported at the call).
 */
export function configScheduler(P: AnalysisContext, config: PyDict, optimizer: Value | undefined, site: CallSite, recordKind?: string): SchedulerHost | null {
  const block = sub(config, 'scheduler');
  if (!block) return null;
  const type = unwrap(block.get('type'));
  if (typeof type !== 'string' || !DEEPSPEED_CONFIG_TYPES.includes(type)) {
    P.diagnostic('error', { message: `${typeof type === 'string' ? type : String(type)} is not a valid LR schedule` }, site.start, site.end);
    return null;
  }
  const params = sub(block, 'params');
  if (!params) {
    P.diagnostic('error', { message: 'LR schedule params not defined in config' }, site.start, site.end);
    return null;
  }
  const kw = new Map<string, Value>();
  if (optimizer !== undefined) kw.set('optimizer', optimizer);
  for (const [k, v] of params.map.values()) kw.set(String(k), v);
  const host = constructScheduler(P, 'deepspeed.' + type, 'deepspeed', [], kw, { ...site, argNodes: [] }, recordKind ?? type);
  return host instanceof SchedulerHost ? host : null;
}

/** `deepspeed.initialize(args=None, model=None, optimizer=None, model_parameters=None, training_data=None, lr_scheduler=None, …, config=None, config_params=None)`. */
export function deepspeedInitialize(P: AnalysisContext, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const names = ['args', 'model', 'optimizer', 'model_parameters', 'training_data', 'lr_scheduler', 'mpu', 'dist_init_required', 'collate_fn', 'config', 'config_params'];
  const arg = (name: string): Value | undefined => kwargs.get(name) ?? args[names.indexOf(name)];
  let configV = arg('config') ?? arg('config_params');
  if (configV === undefined || configV === null) {
    // `deepspeed.add_config_arguments(parser)`: the config path is args.deepspeed_config.
    const a = unwrap(arg('args'));
    if (a instanceof PyInstance && a.attrs.has('deepspeed_config')) configV = a.attrs.get('deepspeed_config');
  }
  const config = configV === undefined ? null : deepspeedConfig(P, configV, site);
  let optimizer: Value | undefined = arg('optimizer');
  if (config) {
    const own = configOptimizer(P, config, site);
    if (own && (optimizer === undefined || optimizer === null)) optimizer = own;
  }
  let scheduler: Value = arg('lr_scheduler') ?? null;
  const client = unwrap(scheduler);
  if (!(client instanceof SchedulerHost) && config) {
    const host = configScheduler(P, config, optimizer, site);
    if (host) scheduler = host;
  }
  const engine = new DeepSpeedEngineHost(unwrap(scheduler) instanceof SchedulerHost ? (unwrap(scheduler) as SchedulerHost) : null, optimizer, config ? configAccumulation(P, config) : null);
  return new PyTuple([engine, optimizer ?? new Opaque('optimizer'), new Opaque('training_dataloader'), scheduler]);
}

const asInt = (v: Value | undefined): number | null => {
  const u = unwrap(v);
  const n = typeof u === 'bigint' ? Number(u) : typeof u === 'number' && Number.isInteger(u) ? u : null;
  return n !== null && n >= 1 ? n : null;
};

/**
 * How often the engine steps the scheduler: the config's `gradient_accumulation_steps`, else
 * `train_batch_size / (train_micro_batch_size_per_gpu × world size)` as DeepSpeed's config derives
 * it (the world size an assumption), else 1 (DeepSpeed's default). A value the code does not give
 * ("auto" outside the Trainer, an unknown) is an assumption. Null when it is 1 and assumes nothing.
 */
export function configAccumulation(P: AnalysisContext, config: PyDict): { every: Value | null; text: string } | null {
  const key = 'gradient_accumulation_steps';
  const v = config.get(key);
  if (v !== undefined && v !== null) {
    const n = asInt(v);
    if (n !== null) return n > 1 ? { every: v, text: `"${key}": ${n}` } : null;
    // Kept even at 1: the count rests on the assumption, which the user can override.
    const a = P.assumeNumber(new Opaque(`ds_config["${key}"]`), key);
    return { every: new Assumed(BigInt(Math.max(1, Math.round(a.value))), [a.name]), text: `"${key}": ${String(unwrap(v))}` };
  }
  const total = asInt(config.get('train_batch_size'));
  const micro = asInt(config.get('train_micro_batch_size_per_gpu'));
  if (total === null || micro === null) return null;
  const ws = P.assumeNumber(new Opaque('world_size'), 'world_size');
  const n = Math.max(1, Math.floor(total / micro / Math.max(1, Math.round(ws.value))));
  return { every: new Assumed(BigInt(n), [ws.name]), text: `"train_batch_size": ${total} / "train_micro_batch_size_per_gpu": ${micro}` };
}

/**
 * The DeepSpeedEngine `initialize` returns: its `step()` steps the lr scheduler at each
 * gradient-accumulation boundary (engine.py: `is_gradient_accumulation_boundary()`, `(micro_steps
 * + 1) % gradient_accumulation_steps == 0` with `micro_steps` counted over the whole run, then
 * `_take_model_step` → `lr_scheduler.step()`), so a `model_engine.step()` in the loops is the
 * scheduler's step call, once every `accumulation.every` calls.
 */
export class DeepSpeedEngineHost extends HostObject {
  readonly typeName = 'DeepSpeedEngine';
  constructor(
    readonly scheduler: SchedulerHost | null,
    readonly optimizer: Value | undefined,
    readonly accumulation: { every: Value | null; text: string } | null = null,
  ) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    if (name === 'step') {
      const step = this.scheduler?.getAttr('step');
      if (!(step instanceof PyBuiltin)) return new PyBuiltin('step', () => null);
      const acc = this.accumulation;
      if (!acc || !this.scheduler) return step;
      const rec = this.scheduler.rec;
      return new PyBuiltin('step', (args, kwargs, call) => {
        const r = step.impl(args, kwargs, call);
        const start = (call as CallSite).start;
        for (const s of rec.stepCalls) if (s.span.start === start) s.engine ??= acc;
        return r;
      });
    }
    if (name === 'lr_scheduler') return this.scheduler ?? null;
    if (name === 'optimizer') return this.optimizer;
    return undefined;
  }
}

/**
 * transformers' HfTrainerDeepSpeedConfig: the "auto" values of the scheduler block (and the
 * optimizer's lr) from the TrainingArguments, and the values that must match them.
 */
export function fillTrainerAutos(
  config: PyDict,
  trainer: { learningRate: number; totalSteps: number; warmupSteps: number; gradientAccumulationSteps?: number },
): { mismatches: string[] } {
  const mismatches: string[] = [];
  // trainer_config_process: fill_match("gradient_accumulation_steps", args.gradient_accumulation_steps, …).
  // The Trainer already counts its optimizer steps with the TrainingArguments' value, which this must match.
  const gas = trainer.gradientAccumulationSteps;
  if (gas !== undefined) {
    const v = unwrap(config.get('gradient_accumulation_steps'));
    if (v === 'auto') config.set('gradient_accumulation_steps', BigInt(gas));
    else if (typeof v === 'bigint' || typeof v === 'number') {
      if (Number(v) !== gas) mismatches.push(`- ds gradient_accumulation_steps=${String(Number(v))} vs hf gradient_accumulation_steps=${gas}`);
    }
  }
  const fill = (block: string, key: string, value: number, hfName: string, mustMatch: boolean) => {
    const b = sub(config, block);
    const params = b ? sub(b, 'params') : null;
    if (!params) return;
    const v = unwrap(params.get(key));
    if (v === undefined) return;
    if (v === 'auto') {
      params.set(key, Number.isInteger(value) && key !== 'lr' && key !== 'warmup_max_lr' ? BigInt(value) : value);
      return;
    }
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (mustMatch && n !== value) mismatches.push(`- ds ${block}.params.${key}=${String(n)} vs hf ${hfName}=${value}`);
  };
  fill('optimizer', 'lr', trainer.learningRate, 'learning_rate', true);
  fill('scheduler', 'warmup_min_lr', 0, '', false);
  fill('scheduler', 'warmup_max_lr', trainer.learningRate, 'learning_rate', true);
  fill('scheduler', 'total_num_steps', trainer.totalSteps, 'num_training_steps (calculated)', true);
  fill('scheduler', 'warmup_num_steps', trainer.warmupSteps, 'warmup_steps', true);
  return { mismatches };
}
