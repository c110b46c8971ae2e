/**
 * Library names, resolved through whatever import style the code used: `torch.optim.lr_scheduler.X`,
 * `from torch.optim import lr_scheduler`, `import transformers`, `from transformers.optimization
 * import get_scheduler`, argparse, dataclasses, math. A library name is a `PyLib` value carrying its
 * full dotted path; attribute access extends the path and calls dispatch on it here.
 */
import type { CallSite, Interp } from './evaluator';
import { MATH, toFloatValue } from './builtins';
import { OptimizerHost, SchedulerHost } from './hosts';
import { constructOptimizer, isOptimizerPath } from './optimizers';
import type { Program } from './program';
import { constructScheduler, schedulerKind } from './schedulers';
import { deepspeedInitialize } from './deepspeed';
import { Args } from '../engine/args';
import { createSchedulerV2Plan } from '../engine/timm/schedulers';
import { FAMILIES } from '../engine/families';
import type { FindingRec } from './hosts';
import { constructTrainer, constructTrainingArguments } from './trainer';
import { dataclassTypes, dictOverrides, iterableCall, parseIntoDataclasses, trainingArgsClass } from './adapters';
import {
  Assumed,
  HostObject,
  Opaque,
  PyBuiltin,
  PyDict,
  PyError,
  PyInstance,
  PyLib,
  PyList,
  PyTuple,
  isInt,
  toBig,
  type Value,
} from './values';

/** Canonical form of a module path. */
export function canonicalPath(path: string): string {
  return path
    .replace(/^transformers\.(optimization|trainer_utils|training_args|trainer|training_args_seq2seq|trainer_seq2seq)\./, 'transformers.')
    .replace(/^(pytorch_lightning|lightning\.pytorch)\b/, 'lightning')
    .replace(/^np\./, 'numpy.');
}

const NUMPY_MATH = new Set(['cos', 'sin', 'tan', 'exp', 'log', 'sqrt', 'pi', 'e', 'inf', 'log2', 'log10', 'tanh', 'arccos', 'floor', 'ceil']);

export function libAttr(_P: Program, lib: PyLib, name: string, I: Interp): Value {
  const path = canonicalPath(lib.path);
  if (path === 'math') {
    const v = MATH.get(name);
    if (v !== undefined) return v;
    if (!I.abstract) throw new PyError('AttributeError', `module 'math' has no attribute '${name}'`);
  }
  if (path === 'numpy' && NUMPY_MATH.has(name)) {
    const m = MATH.get(name === 'arccos' ? 'acos' : name);
    if (m instanceof PyBuiltin && (name === 'floor' || name === 'ceil')) {
      // numpy.floor/ceil return floats.
      return new PyBuiltin(name, (a, k, c) => {
        const r = m.impl(a, k, c);
        const u = r instanceof Assumed ? r.value : r;
        const f = typeof u === 'bigint' ? Number(u) : u;
        return r instanceof Assumed ? new Assumed(f, r.deps) : f;
      });
    }
    if (m !== undefined) return m;
  }
  if (path === 'transformers.SchedulerType' || path === 'transformers.trainer_utils.SchedulerType') return name.toLowerCase();
  if (/^diffusers(\.optimization)?\.SchedulerType$/.test(path)) return name.toLowerCase();
  if (path === 'sys' && name === 'maxsize') return 9223372036854775807n;
  return new PyLib(lib.path + '.' + name);
}

export function callLib(P: Program, lib: PyLib, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const path = canonicalPath(lib.path);
  const wrapped = iterableCall(path, args, kwargs, site);
  if (wrapped !== undefined) return wrapped;
  const sk = schedulerKind(path);
  if (sk) {
    const host = constructScheduler(P, sk.kind, sk.library, args, kwargs, site);
    return sk.kind === 'timm.create_scheduler_v2' ? timmFactoryResult(host, kwargs) : host;
  }
  if (path === 'deepspeed.initialize') return deepspeedInitialize(P, args, kwargs, site);
  const timm = timmHelper(P, path, args, kwargs, site);
  if (timm !== undefined) return timm;
  const opt = isOptimizerPath(path);
  if (opt) return constructOptimizer(P, opt, args, kwargs, site);
  if (/^transformers\.(Seq2Seq)?TrainingArguments$/.test(path)) return constructTrainingArguments(P, path, kwargs, site);
  if (/^transformers\.(Seq2Seq)?Trainer$/.test(path) || /^trl(\.trainer)?(\.\w+)?\.\w*Trainer$/.test(path)) return constructTrainer(P, args, kwargs, site);
  if (trainingArgsClass(lib) && /^trl\b/.test(path)) return constructTrainingArguments(P, path, kwargs, site);
  if (/^transformers\.SchedulerType$|^diffusers(\.optimization)?\.SchedulerType$/.test(path)) return typeof args[0] === 'string' ? args[0] : new Opaque(site.text);
  if (path === 'argparse.ArgumentParser') return new ArgParserHost();
  if (path === 'transformers.HfArgumentParser' || /^trl(\.scripts)?(\.utils)?\.TrlParser$/.test(path))
    return new ArgParserHost(dataclassTypes(args[0] ?? kwargs.get('dataclass_types')));
  if (path === 'argparse.Namespace' || path === 'types.SimpleNamespace' || /^easydict\.EasyDict$|\.edict$/.test(path)) {
    const ns = new PyInstance(null, 'Namespace');
    const src = args[0] instanceof Assumed ? args[0].value : args[0];
    if (src instanceof PyDict) for (const [k, v] of src.map.values()) ns.attrs.set(String(k), v);
    for (const [k, v] of kwargs) ns.attrs.set(k, v);
    return ns;
  }
  if (path === 'dataclasses.field') {
    const f = new PyInstance(null, 'Field');
    if (kwargs.has('default')) f.attrs.set('default', kwargs.get('default') as Value);
    const factory = kwargs.get('default_factory');
    if (factory !== undefined) {
      try {
        f.attrs.set('default', site.interp.call(factory, [], new Map(), site));
      } catch {
        /* unknown factory */
      }
    }
    return f;
  }
  if (path === 'dataclasses.dataclass') return args[0] ?? new PyBuiltin('dataclass', (a) => a[0] ?? null);
  if (path === 'os.environ.get' || path === 'os.getenv') {
    if (args.length > 1) {
      const name = `os.environ[${JSON.stringify(args[0])}]`;
      const d = args[1];
      if (typeof d === 'string' || isInt(d) || typeof d === 'number') {
        const v = P.assumptions.use(name, typeof d === 'string' ? d : Number(d), 'environment variable; its default is used');
        return typeof v === 'number' && Number.isInteger(v) && typeof d !== 'number' ? new Assumed(BigInt(v), [name]) : new Assumed(v, [name]);
      }
    }
    // `os.environ.get("TESTING_MOCKED_DATALOADERS", None)`, `os.getenv("X")`: unset, so None (an override sets it).
    if (typeof args[0] === 'string' && (args.length === 1 || args[1] === null)) {
      const name = `os.environ[${JSON.stringify(args[0])}]`;
      const v = P.assumptions.use(name, 'None', 'environment variable; its default is used');
      return v === 'None' ? null : new Assumed(v, [name]);
    }
  }
  if (path === 'torch.utils.data.DataLoader' || /\.DataLoader$/.test(path)) {
    return new Opaque(site.text, { start: site.start, end: site.end });
  }
  if (path === 'float' || path === 'numpy.float64' || path === 'numpy.float32') return toFloatValue(args[0] ?? 0);
  // Wrappers that hand the objects back (accelerate's prepare, apex's amp.initialize, …).
  if (/\.prepare$|\.initialize$/.test(path) || /\.prepare$/.test(site.text.replace(/\(.*$/s, ''))) {
    const passed = args.filter((a) => a instanceof HostObject);
    if (passed.length) return args.length === 1 ? args[0] : new PyTuple(args);
  }
  return new Opaque(site.text, { start: site.start, end: site.end }, 'call');
}

// ---------------------------------------------------------------------------------------------
// timm: create_scheduler_v2 returns (scheduler, num_epochs); scheduler_kwargs(args) and create_scheduler(args, …)

const TIMM_MODULES = FAMILIES.find((f) => f.library === 'timm')?.modules as RegExp;

/** `(scheduler, num_epochs)`: the epochs train.py loops to, as create_scheduler_v2 computes them. */
function timmFactoryResult(host: Value, kwargs: Map<string, Value>): Value {
  const rec = (host as { rec?: FindingRec }).rec;
  let epochs: Value = new Opaque('num_epochs');
  if (rec) {
    try {
      const n = createSchedulerV2Plan(new Args('timm.create_scheduler_v2', rec.spec.args)).numEpochs;
      if (Number.isFinite(n)) {
        const deps = [...rec.deps];
        const v: Value = Number.isInteger(n) && !isFloatArg(kwargs.get('num_epochs')) ? BigInt(n) : n;
        epochs = deps.length ? new Assumed(v, deps) : v;
      }
    } catch {
      /* create_scheduler_v2 raises: the finding says where */
    }
  }
  return new PyTuple([host, epochs]);
}

function isFloatArg(v: Value | undefined): boolean {
  const u = v instanceof Assumed ? v.value : v;
  return typeof u === 'number';
}

/** `getattr(cfg, name, default)` on a namespace the analysis models (argparse, SimpleNamespace, a dict). */
function getattrOr(cfg: Value, name: string, def: Value): Value {
  const u = cfg instanceof Assumed ? cfg.value : cfg;
  if (u instanceof PyInstance) return u.attrs.has(name) ? (u.attrs.get(name) as Value) : def;
  if (u instanceof PyDict) {
    const v = u.get(name);
    return v === undefined ? def : v;
  }
  return def;
}

/** timm's `scheduler_kwargs(cfg, decreasing_metric=None)`, key by key. */
export function timmSchedulerKwargs(cfg: Value, decreasing: Value | undefined): PyDict {
  const g = (name: string, def: Value) => getattrOr(cfg, name, def);
  let mode: Value;
  if (decreasing !== undefined && decreasing !== null) mode = decreasing === true || (decreasing instanceof Assumed && decreasing.value === true) ? 'min' : 'max';
  else {
    const metric = g('eval_metric', 'top1');
    const m = metric instanceof Assumed ? metric.value : metric;
    mode = typeof m === 'string' ? (m.includes('loss') ? 'min' : 'max') : metric instanceof Opaque ? new Opaque(`plateau_mode from ${metric.text}`) : 'max';
  }
  const onUpdates = g('sched_on_updates', false);
  const ou = onUpdates instanceof Assumed ? onUpdates.value : onUpdates;
  const d = new PyDict();
  d.set('sched', g('sched', new Opaque('cfg.sched')));
  d.set('num_epochs', g('epochs', 100n));
  d.set('decay_epochs', g('decay_epochs', 30n));
  d.set('decay_milestones', g('decay_milestones', new PyList([30n, 60n])));
  d.set('warmup_epochs', g('warmup_epochs', 5n));
  d.set('cooldown_epochs', g('cooldown_epochs', 0n));
  d.set('patience_epochs', g('patience_epochs', 10n));
  d.set('decay_rate', g('decay_rate', 0.1));
  d.set('min_lr', g('min_lr', 0.0));
  d.set('warmup_lr', g('warmup_lr', 1e-5));
  d.set('warmup_prefix', g('warmup_prefix', false));
  d.set('noise', g('lr_noise', null));
  d.set('noise_pct', g('lr_noise_pct', 0.67));
  d.set('noise_std', g('lr_noise_std', 1.0));
  d.set('noise_seed', g('seed', 42n));
  d.set('cycle_mul', g('lr_cycle_mul', 1.0));
  d.set('cycle_decay', g('lr_cycle_decay', 0.1));
  d.set('cycle_limit', g('lr_cycle_limit', 1n));
  d.set('k_decay', g('lr_k_decay', 1.0));
  d.set('plateau_mode', mode);
  d.set('step_on_epochs', typeof ou === 'boolean' ? !ou : ou instanceof Opaque ? ou : true);
  return d;
}

/** timm's `optimizer_kwargs(cfg)`: the keys that matter to the schedule (opt, lr, momentum). */
function timmOptimizerKwargs(cfg: Value): PyDict {
  const d = new PyDict();
  d.set('opt', getattrOr(cfg, 'opt', 'sgd'));
  d.set('lr', getattrOr(cfg, 'lr', null));
  d.set('weight_decay', getattrOr(cfg, 'weight_decay', 0.0));
  d.set('momentum', getattrOr(cfg, 'momentum', 0.9));
  return d;
}

/** timm's `create_optimizer_v2(model_or_params, opt='sgd', lr=None, weight_decay=0., momentum=0.9, …)`: the optimizer class by its `opt` name. */
function timmCreateOptimizer(P: Program, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const optV = args[1] ?? kwargs.get('opt') ?? 'sgd';
  const o = optV instanceof Assumed ? optV.value : optV;
  const name = typeof o === 'string' ? o.toLowerCase().split('_').pop() ?? 'sgd' : 'sgd';
  const type = /adam|lamb|lion|adan|adopt|mars|laprop|kron|muon/.test(name) ? 'AdamW' : /rmsprop/.test(name) ? 'RMSprop' : /adagrad/.test(name) ? 'Adagrad' : 'SGD';
  const kw = new Map<string, Value>();
  const lr = args[2] ?? kwargs.get('lr');
  const lu = lr instanceof Assumed ? lr.value : lr;
  if (lr !== undefined && lu !== null) kw.set('lr', lr);
  const mom = kwargs.get('momentum') ?? 0.9;
  if (type === 'SGD') kw.set('momentum', mom);
  return constructOptimizer(P, type, [args[0] ?? kwargs.get('model_or_params') ?? null], kw, site);
}

function timmHelper(P: Program, path: string, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return undefined;
  if (/^timm\.optim(\.\w+)?$/.test(path.slice(0, dot))) {
    const fn = path.slice(dot + 1);
    if (fn === 'optimizer_kwargs') return timmOptimizerKwargs(args[0] ?? kwargs.get('cfg') ?? null);
    if (fn === 'create_optimizer_v2') return timmCreateOptimizer(P, args, kwargs, site);
    return undefined;
  }
  if (!TIMM_MODULES.test(path.slice(0, dot))) return undefined;
  const name = path.slice(dot + 1);
  if (name === 'scheduler_kwargs') return timmSchedulerKwargs(args[0] ?? kwargs.get('cfg') ?? null, args[1] ?? kwargs.get('decreasing_metric'));
  if (name !== 'create_scheduler') return undefined;
  // create_scheduler(args, optimizer, updates_per_epoch=0) = create_scheduler_v2(optimizer=optimizer, **scheduler_kwargs(args), updates_per_epoch=…)
  const cfg = args[0] ?? kwargs.get('args') ?? null;
  const optimizer = args[1] ?? kwargs.get('optimizer');
  const updates = args[2] ?? kwargs.get('updates_per_epoch') ?? 0n;
  const kw = new Map<string, Value>();
  if (optimizer !== undefined) kw.set('optimizer', optimizer);
  for (const [k, v] of timmSchedulerKwargs(cfg, undefined).map.values()) kw.set(String(k), v);
  kw.set('updates_per_epoch', updates);
  const host = constructScheduler(P, 'timm.create_scheduler_v2', 'timm', [], kw, { ...site, argNodes: [] }, 'create_scheduler');
  return timmFactoryResult(host, kw);
}

/** Calls on unknown objects that hand back the objects they were given (`accelerator.prepare`). */
export function passThroughCall(fnText: string, args: Value[]): Value | undefined {
  if (!/(^|\.)prepare$|(^|\.)initialize$/.test(fnText)) return undefined;
  if (!args.some((a) => a instanceof OptimizerHost || a instanceof SchedulerHost)) return undefined;
  return args.length === 1 ? args[0] : new PyTuple(args);
}

// ---------------------------------------------------------------------------------------------
// argparse

interface ArgDef {
  dest: string;
  default: Value | undefined;
  type: Value | undefined;
  action: string | null;
  required: boolean;
  positional: boolean;
}

export class ArgParserHost extends HostObject {
  readonly typeName = 'ArgumentParser';
  readonly defs: ArgDef[] = [];
  readonly overrides = new Map<string, Value>();
  /** HfArgumentParser's dataclass types (empty for argparse's ArgumentParser). */
  constructor(readonly dataclasses: Value[] = []) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'add_argument':
        return new PyBuiltin('add_argument', (args, kwargs) => {
          this.addArgument(args, kwargs);
          return null;
        });
      case 'add_argument_group':
      case 'add_mutually_exclusive_group':
        return new PyBuiltin(name, () => this);
      case 'set_defaults':
        return new PyBuiltin('set_defaults', (_a, kwargs) => {
          for (const [k, v] of kwargs) this.overrides.set(k, v);
          return null;
        });
      case 'parse_args':
        return new PyBuiltin('parse_args', () => this.namespace());
      case 'parse_known_args':
        return new PyBuiltin('parse_known_args', () => new PyTuple([this.namespace(), new PyList([])]));
      case 'parse_args_into_dataclasses':
      case 'parse_json_file':
      case 'parse_yaml_file':
      case 'parse_dict':
      case 'parse_args_and_config':
        // The file or command line is not known: every dataclass gets its defaults and set_defaults.
        return new PyBuiltin(name, (a, k, call) => {
          const over = new Map(this.overrides);
          if (name === 'parse_dict') for (const [kk, v] of dictOverrides(a[0] ?? k.get('args'))) over.set(kk, v);
          const extra = name === 'parse_args_and_config' ? 0 : k.get('return_remaining_strings') === true ? 1 : 0;
          return parseIntoDataclasses(this.dataclasses, over, call as CallSite, extra);
        });
    }
    return undefined;
  }

  private addArgument(args: Value[], kwargs: Map<string, Value>): void {
    const flags = args.filter((a): a is string => typeof a === 'string');
    if (!flags.length) return;
    const long = flags.find((f) => f.startsWith('--')) ?? flags[0];
    const positional = !long.startsWith('-');
    let dest = long.replace(/^-+/, '').replace(/-/g, '_');
    const d = kwargs.get('dest');
    if (typeof d === 'string') dest = d;
    const action = kwargs.get('action');
    this.defs.push({
      dest,
      default: kwargs.get('default'),
      type: kwargs.get('type'),
      action: typeof action === 'string' ? action : null,
      required: kwargs.get('required') === true || positional,
      positional,
    });
  }

  namespace(): PyInstance {
    const ns = new PyInstance(null, 'Namespace');
    for (const def of this.defs) {
      let v: Value | undefined = def.default;
      if (this.overrides.has(def.dest)) v = this.overrides.get(def.dest);
      if (v === undefined) {
        if (def.action === 'store_true') v = false;
        else if (def.action === 'store_false') v = true;
        // A required (or positional) argument comes from the command line; an optional one not given is None.
        else if (def.required) v = new Opaque(`args.${def.dest}`, undefined, undefined);
        else v = null;
      } else if (typeof v === 'string' && def.type instanceof PyBuiltin && (def.type.name === 'int' || def.type.name === 'float')) {
        // argparse applies `type` to string defaults.
        try {
          v = def.type.name === 'float' ? toFloatValue(v) : BigInt(v.trim());
        } catch {
          /* keep the string */
        }
      } else if (def.type instanceof PyBuiltin && def.type.name === 'float' && isInt(v as Value)) {
        // A non-string default is used as is (argparse does not convert it).
        v = toBig(v as bigint);
      }
      ns.attrs.set(def.dest, v as Value);
    }
    for (const [k, v] of this.overrides) if (!ns.attrs.has(k)) ns.attrs.set(k, v);
    return ns;
  }
}
