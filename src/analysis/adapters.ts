/**
 * What training scripts wrap their loops and arguments in, outside the interpreter: tqdm's
 * `tqdm`/`trange` (also `tqdm.auto`, `tqdm.notebook`), fastprogress' `master_bar`/`progress_bar`,
 * torchvision's `metric_logger.log_every(loader, …)`, `itertools.islice`, and 🤗's
 * `HfArgumentParser(…).parse_args_into_dataclasses()` (TRL's `TrlParser` too), whose
 * dataclasses are read with their field defaults and `parser.set_defaults(…)`.
 */
import type { Expr } from './ast';
import type { CallSite } from './evaluator';
import { parsedTrainingArguments } from './trainer';
import {
  Assumed,
  HostObject,
  Opaque,
  PyClass,
  PyDict,
  PyInstance,
  PyLib,
  PyList,
  PyTuple,
  isNumber,
  toFloat,
  type Value,
} from './values';

/** An iterable of known length whose items are unknown: `tqdm(loader, total=n)`, `islice(cycle(loader), n)`. */
export class SizedIterable extends HostObject {
  readonly typeName = 'iterable';
  constructor(
    readonly inner: Value,
    /** Number of items (an int, or an Assumed int). */
    readonly count: Value,
    readonly text: string,
  ) {
    super();
  }
}

const TQDM = /^tqdm(\.(auto|notebook|std|autonotebook|rich|asyncio|contrib))?\.(tqdm|trange)$|^tqdm$|^fastprogress(\.fastprogress)?\.(master_bar|progress_bar)$|^fastai\.[\w.]*\.(master_bar|progress_bar)$/;

/** Library calls that wrap an iterable; undefined for any other call. */
export function iterableCall(path: string, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value | undefined {
  if (TQDM.test(path)) {
    if (/trange$/.test(path)) {
      return site.interp.call(builtinRange(site), args, new Map(), site);
    }
    const inner = args[0] ?? kwargs.get('iterable') ?? null;
    const total = kwargs.get('total') ?? (/tqdm$/.test(path) ? args[2] : undefined);
    if (total !== undefined && total !== null && isCount(total)) return new SizedIterable(inner, total, site.argTexts[0] ?? site.text);
    return inner;
  }
  if (path === 'itertools.islice') {
    const inner = args[0] ?? null;
    const [start, stop, step] = args.length >= 3 ? [args[1], args[2], args[3] ?? 1n] : [0n, args[1], 1n];
    if (!isCount(start) || !isCount(stop) || !isCount(step)) return undefined;
    const a = Number(num(start));
    const b = Number(num(stop));
    const c = Number(num(step)) || 1;
    const items = site.interp.iterValues(inner);
    if (items) return new PyList(items.slice(a, b).filter((_x, i) => i % c === 0));
    const n = BigInt(Math.max(0, Math.ceil((b - a) / c)));
    const deps = [start, stop, step].flatMap((v) => (v instanceof Assumed ? v.deps : []));
    return new SizedIterable(inner, deps.length ? new Assumed(n, deps) : n, site.argTexts[0] ?? site.text);
  }
  return undefined;
}

function builtinRange(site: CallSite): Value {
  return site.interp.lookup('range', { vars: new Map(), parent: null, kind: 'module' }, site.home, site.node);
}

function isCount(v: Value | undefined): v is Value {
  const u = v instanceof Assumed ? v.value : v;
  return u !== undefined && isNumber(u as Value) && Number.isFinite(toFloat(u as number));
}

function num(v: Value): number {
  const u = v instanceof Assumed ? v.value : v;
  return isNumber(u) ? toFloat(u as number) : NaN;
}

/** Calls of unknown objects whose result is known: torchvision's `metric_logger.log_every(loader, …)` is the loader. */
export function adapterOpaqueCall(fn: Opaque, args: Value[], _kwargs: Map<string, Value>, _site: CallSite): Value | undefined {
  if (/\.log_every$/.test(fn.text) && args.length) return args[0];
  return undefined;
}

const WRAPPER_NAMES = /^(enumerate|iter|tqdm|trange|progress_bar|master_bar|tqdm\.\w+|\w+\.tqdm|\w+\.progress_bar)$/;

/**
 * The iterable a loop really walks, through the wrappers around it: `enumerate(tqdm(loader, desc=…))`
 * → `loader`, `metric_logger.log_every(data_loader, 10, header)` → `data_loader`.
 */
export function innerIterable(e: Expr): Expr {
  for (let depth = 0; depth < 8; depth++) {
    const next = unwrapOnce(e);
    if (next === e) return e;
    e = next;
  }
  return e;
}

/** One wrapper off: `enumerate(tqdm(loader))` → `tqdm(loader)`; the expression itself when it is no wrapper. */
export function unwrapOnce(e: Expr): Expr {
  let x = e;
  while (x.t === 'paren') x = x.e;
  if (x.t !== 'call') return x;
  const first = x.args.find((a) => a.kind === 'pos');
  if (!first) return x;
  const f = x.fn;
  const name = f.t === 'name' ? f.id : f.t === 'attr' ? (f.obj.t === 'name' ? `${f.obj.id}.${f.name}` : f.name) : '';
  return WRAPPER_NAMES.test(name) || (f.t === 'attr' && f.name === 'log_every') ? first.value : x;
}

// ---------------------------------------------------------------------------------------------
// Lightning

/** `Trainer(max_epochs=…, max_steps=…)` of Lightning (any import style), by keyword. */
export function isLightningTrainer(path: string): boolean {
  return /^lightning(\.pytorch)?\.(trainer\.)?Trainer$/.test(path);
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
  const n = v === undefined ? NaN : num(v);
  return Number.isInteger(n) && n > 0 ? { steps: n, source: `Trainer(${key}=${n})` } : null;
}

/** Loop-count values recorded by the wrappers above, by the call expression they came from. */
export function sizedCount(v: Value): Value | null {
  return v instanceof SizedIterable ? v.count : null;
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
