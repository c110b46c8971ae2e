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
  if (path === 'sys' && name === 'maxsize') return 9223372036854775807n;
  return new PyLib(lib.path + '.' + name);
}

export function callLib(P: Program, lib: PyLib, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const path = canonicalPath(lib.path);
  const wrapped = iterableCall(path, args, kwargs, site);
  if (wrapped !== undefined) return wrapped;
  const sk = schedulerKind(path);
  if (sk) return constructScheduler(P, sk.kind, sk.library, args, kwargs, site);
  const opt = isOptimizerPath(path);
  if (opt) return constructOptimizer(P, opt, args, kwargs, site);
  if (/^transformers\.(Seq2Seq)?TrainingArguments$/.test(path)) return constructTrainingArguments(P, path, kwargs, site);
  if (/^transformers\.(Seq2Seq)?Trainer$/.test(path) || /^trl(\.trainer)?(\.\w+)?\.\w*Trainer$/.test(path)) return constructTrainer(P, args, kwargs, site);
  if (trainingArgsClass(lib) && /^trl\b/.test(path)) return constructTrainingArguments(P, path, kwargs, site);
  if (/^transformers\.SchedulerType$/.test(path)) return typeof args[0] === 'string' ? args[0] : new Opaque(site.text);
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
