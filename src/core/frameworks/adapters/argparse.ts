/**
 * Command-line arguments: argparse's `ArgumentParser` (add_argument defaults, dest=, type=,
 * set_defaults, argument groups), `argparse.Namespace`/`types.SimpleNamespace`/EasyDict, and 🤗's
 * `HfArgumentParser(…).parse_args_into_dataclasses()` (TRL's `TrlParser` too), whose dataclasses
 * are read with their field defaults and `parser.set_defaults(…)`.
 */
import type { Adapter } from '../adapter';
import type { CallSite } from '../../python/evaluatorApi';
import { toFloatValue } from '../../python/builtins';
import { parsedTrainingArguments } from '../trainer';
import {
  Assumed,
  HostObject,
  Opaque,
  PyBuiltin,
  PyClass,
  PyDict,
  PyInstance,
  PyLib,
  PyList,
  PyTuple,
  isInt,
  toBig,
  type Value,
} from '../../python/values';

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
        // As argparse: the parser's defaults, and the default of every argument added so far with that dest.
        return new PyBuiltin('set_defaults', (_a, kwargs) => {
          for (const [k, v] of kwargs) {
            this.overrides.set(k, v);
            for (const def of this.defs) if (def.dest === k) def.default = v;
          }
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
      // An argument added after set_defaults without a default of its own takes the parser's.
      default: kwargs.has('default') ? kwargs.get('default') : this.overrides.get(dest),
      type: kwargs.get('type'),
      action: typeof action === 'string' ? action : null,
      required: kwargs.get('required') === true || positional,
      positional,
    });
  }

  namespace(): PyInstance {
    const ns = new PyInstance(null, 'Namespace');
    for (const def of this.defs) {
      // As parse_args: the first argument with a dest gives the namespace its default.
      if (ns.attrs.has(def.dest)) continue;
      let v: Value | undefined = def.default;
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

// ---------------------------------------------------------------------------------------------
// 🤗 HfArgumentParser / TRL TrlParser

/** A TrainingArguments-like class: transformers' own, Seq2Seq's, TRL's configs, or a user dataclass deriving one. */
export function trainingArgsClass(t: Value): string | null {
  if (t instanceof PyLib) {
    const p = t.path.replace(/^transformers\.(training_args|training_args_seq2seq)\./, 'transformers.');
    if (/^transformers\.(Seq2Seq)?TrainingArguments$/.test(p)) return p;
    if (/^trl(\.trainer)?(\.\w+)?\.\w+Config$/.test(p) && !/ModelConfig$|DatasetMixtureConfig$/.test(p)) return p;
    return null;
  }
  if (t instanceof PyClass) {
    for (const b of t.baseTexts) if (/(^|\.)((Seq2Seq)?TrainingArguments|SFTConfig|DPOConfig|GRPOConfig|KTOConfig|RewardConfig|RLOOConfig|ORPOConfig|CPOConfig)$/.test(b)) return b;
    for (const b of t.bases) {
      const r = trainingArgsClass(b);
      if (r) return r;
    }
  }
  return null;
}

/**
 * Field defaults of a user dataclass (its own and its bases'), as the parser would fill them:
 * `dataclasses.field(default=…)` already resolved by the interpreter.
 */
export function dataclassDefaults(cls: PyClass): Map<string, Value> {
  const out = new Map<string, Value>();
  const visit = (c: PyClass) => {
    for (const b of c.bases) visit(b);
    for (const f of c.fields) {
      if (!f.hasDefault) continue;
      const v = c.attrs.get(f.name);
      if (v !== undefined && !(v instanceof PyInstance && v.typeName === 'Field')) out.set(f.name, v);
    }
  };
  visit(cls);
  return out;
}

/** The dataclass types handed to HfArgumentParser (a class or a tuple/list of them). */
export function dataclassTypes(v: Value | undefined): Value[] {
  if (v === undefined || v === null) return [];
  const u = v instanceof Assumed ? v.value : v;
  if (u instanceof PyTuple || u instanceof PyList) return u.items;
  return [u];
}

/** A `parse_dict({...})` argument as overrides. */
export function dictOverrides(v: Value | undefined): Map<string, Value> {
  const out = new Map<string, Value>();
  const u = v instanceof Assumed ? v.value : v;
  if (u instanceof PyDict) for (const [k, x] of u.map.values()) if (typeof k === 'string') out.set(k, x);
  return out;
}

/**
 * `parser.parse_args_into_dataclasses()` (and parse_json_file, parse_yaml_file, parse_dict,
 * TRL's parse_args_and_config): one instance per dataclass, filled with its field defaults and the
 * parser's set_defaults; a TrainingArguments-like class becomes the Trainer's arguments.
 */
export function parseIntoDataclasses(types: Value[], overrides: Map<string, Value>, site: CallSite, extra: number): Value {
  const out: Value[] = [];
  for (const t of types) {
    const ta = trainingArgsClass(t);
    if (ta) {
      const defaults = t instanceof PyClass ? dataclassDefaults(t) : new Map<string, Value>();
      out.push(parsedTrainingArguments(site, ta, defaults, overrides));
    } else if (t instanceof PyClass) {
      const inst = site.interp.instantiate(t, [], new Map([...overrides].filter(([k]) => t.fields.some((f) => f.name === k) || dataclassDefaults(t).has(k))), site);
      // Fields without a default are required on the command line: unknown, named by class and field.
      if (inst instanceof PyInstance)
        for (const [k, v] of inst.attrs) if (v instanceof Opaque && v.text === `${t.name}.${k}`) inst.attrs.set(k, new Opaque(`--${k}`, v.range));
      out.push(inst);
    } else out.push(new Opaque(`${site.text}[${out.length}]`, { start: site.start, end: site.end }, 'call'));
  }
  for (let i = 0; i < extra; i++) out.push(new PyList([]));
  return new PyTuple(out);
}

export const argparseAdapter: Adapter = {
  name: 'argparse',
  changesThrough: (statement) => {
    const m = /^\s*([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\.add_(?:argument_group|mutually_exclusive_group)\s*\(/.exec(statement);
    return m ? { name: m[1], target: m[2] } : undefined;
  },
  callLib: ({ path, args, kwargs }) => {
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
    return undefined;
  },
};
