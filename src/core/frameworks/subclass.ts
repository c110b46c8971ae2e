/**
 * A user's subclass of torch's `LRScheduler` / `_LRScheduler` (or of a torch scheduler such as
 * `CosineAnnealingLR`) with its own `get_lr`, constructed in the file:
 * `sched = CosineWarmupScheduler(optimizer, warmup=50, max_iters=2000)`. The construction is a
 * finding of kind SUBCLASS_KIND whose spec carries a SubclassProgram: for each simulation it makes
 * a fresh instance of the class, runs the user's `__init__` (which sets its attributes, then calls
 * `super().__init__(optimizer, last_epoch)`) and, at every step, the user's `get_lr` (and
 * `_get_closed_form_lr` where torch's base uses it), with the interpreter in concrete mode and an
 * operation budget per call and per simulation. The base class is the engine's
 * (engine/torch/subclass.ts): `self.last_epoch`, `self.base_lrs`, `self._step_count`,
 * `self.optimizer.param_groups` (`group['lr']`, `group['initial_lr']`), `self.get_last_lr()`
 * mirror its state as PyTorch 2.x's do. A class LR Lens cannot run (another scheduler passed in,
 * its own `step()`, a value it cannot know) is not a finding: the class keeps an info at its line
 * saying why (unmodelled.ts).
 */
import { setOwn } from '../engine/dict';
import { descriptorOf, kindForPath } from '../engine/kinds';
import { SUBCLASS_KIND } from '../engine/kinds/torch';
import { simulate } from '../engine/simulate';
import type { ArgValue, ScheduleSpec, SubclassBase, SubclassInstance, SubclassProgram } from '../engine/spec';
import { ownMessage } from '../l10n/translate';
import type { Expr } from '../python/ast';
import {
  Assumed,
  Opaque,
  PyBuiltin,
  PyClass,
  PyDict,
  PyError,
  PyFunction,
  PyInstance,
  PyLib,
  PyList,
  PyTuple,
  isNumber,
  toFloat,
  typeName,
  type Value,
} from '../python/values';
import type { AnalysisContext, ClassCall } from './adapter';
import { OptimizerHost, SchedulerHost, type ArgRec } from './hosts';
import { assumedOptimizer } from './optimizers';
import { displayValue, isLiteralExpr } from './schedulers';

/** torch's base class, as a path spells it. */
const BASE = /^torch\.optim\.lr_scheduler\.(_?LRScheduler)$/;
/**
 * torch schedulers whose `__init__` stores its arguments as attributes of the same names before
 * `LRScheduler.__init__` (MultiStepLR's milestones as a Counter): a subclass may replace their get_lr.
 */
const KIND_BASES = new Set(['StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'LinearLR', 'ConstantLR', 'PolynomialLR']);

interface Base {
  /** `LRScheduler`, `_LRScheduler` or the torch scheduler's name. */
  name: string;
  /** The torch scheduler derived, when it is not the base class itself. */
  kind: string | null;
  lib: PyLib;
}

const VERDICTS = {};
const PROBES = {};

/**
 * What became of each custom scheduler class of the file, by name: null when a construction of
 * it is drawn, else why LR Lens could not run it (the info at the class's line says so).
 */
export function subclassVerdicts(cx: AnalysisContext): Map<string, string | null> {
  return cx.state(VERDICTS, () => new Map<string, string | null>());
}

function baseOf(call: ClassCall): Base | null {
  for (const b of call.bases) {
    const m = BASE.exec(b.path);
    if (m) return { name: m[1], kind: null, lib: b.base };
    const k = kindForPath(b.path);
    if (k && k.library === 'torch') return { name: k.kind, kind: KIND_BASES.has(k.kind) ? k.kind : null, lib: b.base };
  }
  return null;
}

/** Why the class cannot be run, or null. */
function unsupported(cls: PyClass, base: Base, call: ClassCall): string | null {
  if (!BASE.test(`torch.optim.lr_scheduler.${base.name}`) && base.kind === null) return `it derives ${base.name}, whose own __init__ LR Lens does not model for a subclass`;
  const own = (name: string) => {
    const v = cls.lookup(name);
    return v instanceof PyFunction ? v : null;
  };
  if (!own('get_lr')) return base.kind ? `it keeps ${base.kind}'s get_lr` : 'it defines no get_lr';
  if (own('step')) return 'it overrides step()';
  for (const v of [...call.args, ...call.kwargs.values()]) {
    const u = v instanceof Assumed ? v.value : v;
    if (u instanceof SchedulerHost) return 'it is given another scheduler, which it steps itself';
  }
  return null;
}

/** `X(optimizer, …)` of a scheduler subclass: its finding, or undefined when it is no torch scheduler subclass or cannot be run. */
export function constructSubclass(cx: AnalysisContext, call: ClassCall): Value | undefined {
  const base = baseOf(call);
  if (!base) return undefined;
  const { cls, site } = call;
  const verdicts = subclassVerdicts(cx);
  const why = unsupported(cls, base, call);
  if (why) {
    if (!verdicts.has(cls.name)) verdicts.set(cls.name, why);
    return undefined;
  }
  const I = site.interp;
  const deps = new Set<string>();
  const diagnostics: { severity: 'warning'; message: string; template?: string; args?: string[] }[] = [];

  // The arguments by the names of the user's __init__ (else LRScheduler's), as written.
  const init = cls.lookup('__init__');
  const names =
    init instanceof PyFunction ? init.params.filter((p) => p.kind === 'normal').map((p) => p.name).slice(1) : base.kind ? (descriptorOf(base.kind)?.params.map((p) => p.name) ?? []) : ['optimizer', 'last_epoch'];
  const argRecs: ArgRec[] = [];
  const nodeText = (e: Expr) => site.home.text.slice(e.from, e.to);
  const bound = new Map<string, Value>();
  let pi = 0;
  for (const a of site.argNodes) {
    if (a.kind === 'pos') {
      const name = names[pi] ?? `arg${pi}`;
      const v = call.args[pi++];
      if (v !== undefined) bound.set(name, v);
      argRecs.push({ name, text: nodeText(a.value), span: cx.span(site, a.value), isLiteral: isLiteralExpr(a.value), positional: true });
    } else if (a.kind === 'kw') {
      const name = a.name as string;
      const v = call.kwargs.get(name);
      if (v !== undefined) bound.set(name, v);
      argRecs.push({ name, text: nodeText(a.value), span: cx.span(site, a.value), isLiteral: isLiteralExpr(a.value), positional: false });
    }
  }

  // The values the instance is constructed with: the optimizer stands for the engine's, unknowns become named assumptions.
  let optimizer: OptimizerHost | null = null;
  const concrete = (v: Value, param: string, depth: number): Value => {
    if (v instanceof Assumed) {
      v.deps.forEach((d) => deps.add(d));
      if (v.value instanceof OptimizerHost) return concrete(v.value, param, depth);
      return v;
    }
    if (v instanceof OptimizerHost) {
      optimizer ??= v;
      return v === optimizer ? OPTIMIZER : v;
    }
    if (v instanceof Opaque) {
      const a = cx.assumeNumber(v, param, SUBCLASS_KIND);
      deps.add(a.name);
      a.deps?.forEach((d) => deps.add(d));
      return Number.isInteger(a.value) && !/\.\d|e-/.test(String(a.value)) ? BigInt(a.value) : a.value;
    }
    if ((v instanceof PyList || v instanceof PyTuple) && depth < 5) {
      const items = v.items.map((x) => concrete(x, param, depth + 1));
      return v instanceof PyList ? new PyList(items) : new PyTuple(items);
    }
    return v;
  };
  const args = call.args.map((v, i) => concrete(v, names[i] ?? `arg${i}`, 0));
  const kwargs = new Map([...call.kwargs].map(([k, v]) => [k, concrete(v, k, 0)] as [string, Value]));
  if (!optimizer) {
    optimizer = assumedOptimizer(cx, 'no optimizer argument');
    diagnostics.push({ severity: 'warning', ...ownMessage('Could not find the optimizer this scheduler wraps; assuming one param group with lr=0.001') });
  }
  const opt: OptimizerHost = optimizer;
  opt.deps.forEach((d) => deps.add(d));

  // The number arguments, by name, are the spec's too: shown, edited in the chart, read back by each instance.
  const numbers: Record<string, ArgValue> = {};
  const ints = new Set<string>();
  const numberArg = (name: string, v: Value) => {
    const u = unwrap(v);
    if ((typeof u === 'bigint' || typeof u === 'number') && name !== 'scheduler' && name !== 'optimizer') {
      setOwn(numbers, name, toFloat(u));
      if (typeof u === 'bigint') ints.add(name);
    }
  };
  args.forEach((v, i) => names[i] !== undefined && numberArg(names[i], v));
  for (const [k, v] of kwargs) numberArg(k, v);
  const withEdits = (edits: Readonly<Record<string, ArgValue>>) => {
    const edited = (name: string | undefined, v: Value): Value => {
      if (name === undefined || !Object.prototype.hasOwnProperty.call(edits, name)) return v;
      const e = edits[name];
      if (typeof e !== 'number' || e === numbers[name]) return v;
      return ints.has(name) && Number.isInteger(e) ? BigInt(e) : e;
    };
    return { a: args.map((v, i) => edited(names[i], v)), k: new Map([...kwargs].map(([n, v]) => [n, edited(n, v)] as [string, Value])) };
  };
  /** While the probe runs: where the assumptions its code makes go. */
  let probing: ((names: string[]) => void) | null = null;
  const onAssumed = (names: string[]) => probing?.(names);
  const program: SubclassProgram = {
    subclassOf: base.name,
    className: cls.name,
    create: (b, edits) => {
      const { a, k } = withEdits(edits);
      return instance(cx, cls, base, b, a, k, opt.spec.type, onAssumed);
    },
  };
  const spec: ScheduleSpec = { kind: SUBCLASS_KIND, args: { scheduler: program, ...numbers } };

  // One short run now: what its methods read becomes assumptions of the finding, and a class
  // whose code LR Lens cannot run (an unknown callable, a torch method it does not model) is said at the class.
  // Once per construction site (a loop constructing it again reads the first verdict).
  const probes = cx.state(PROBES, () => new Map<string, { failed: string | null; deps: string[] }>());
  const key = `${site.start}@${I.factorySites.join(',')}`;
  let probed = probes.get(key);
  if (!probed) {
    const made: string[] = [];
    probing = (names) => made.push(...names);
    let probe;
    try {
      probe = simulate(spec, opt.spec, { steps: 2 });
    } finally {
      probing = null;
    }
    const e = probe.error;
    probed = { failed: e && (e.type === 'NameError' || e.type === 'AttributeError' || e.type === NOT_MODELLED) ? `${e.type}: ${e.message}` : null, deps: made };
    probes.set(key, probed);
  }
  probed.deps.forEach((d) => deps.add(d));
  if (probed.failed !== null) {
    if (verdicts.get(cls.name) !== null) verdicts.set(cls.name, probed.failed);
    return undefined;
  }

  const { rec, fresh } = cx.record(`${cls.name} (${base.name} subclass)`, 'torch', site);
  if (!fresh && (rec.active || I.inactive)) return new SchedulerHost(rec, opt);
  verdicts.set(cls.name, null);
  // The classes it derives are drawn through it (WarmupHold(CosineWarmupScheduler)).
  for (const c of cls.mro()) if (!verdicts.has(c.name)) verdicts.set(c.name, null);
  rec.active = !I.inactive;
  rec.deps = deps;
  rec.diagnostics = diagnostics;
  rec.callables = [];
  rec.children = [];
  rec.args = argRecs;
  const params: Record<string, unknown> = {};
  for (const [name, v] of bound) if (name !== 'optimizer' && !(unwrap(v) instanceof OptimizerHost)) params[name] = Object.prototype.hasOwnProperty.call(numbers, name) ? numbers[name] : displayValue(argValue(v), argRecs.find((a) => a.name === name)?.text);
  rec.params = params;
  rec.spec = spec;
  rec.optimizer = opt.spec;
  return new SchedulerHost(rec, opt);
}

/** A value as the finding shows it. */
function argValue(v: Value, depth = 0): ArgValue {
  if (v instanceof Assumed) v = v.value;
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if ((v instanceof PyList || v instanceof PyTuple) && depth < 5) return v.items.map((x) => argValue(x, depth + 1));
  return null;
}

/** Stands for the optimizer among the constructor's arguments: each instance puts its own model of it there. */
const OPTIMIZER = new PyInstance(null, 'Optimizer');

/** The error of a torch method a subclass calls that LR Lens does not run (`super().get_lr()` of a CosineAnnealingLR subclass). */
const NOT_MODELLED = 'NotModelled';

const pyNumber = (x: number): Value => (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER ? BigInt(x) : x);

/** One instance of the class on the engine's base `b`: the Python objects its methods see, kept equal to the engine's state at every call. */
function instance(
  cx: AnalysisContext,
  cls: PyClass,
  base: Base,
  b: SubclassBase,
  args: Value[],
  kwargs: Map<string, Value>,
  optimizerType: string,
  onAssumed: (names: string[]) => void,
): SubclassInstance {
  const self = new PyInstance(cls);
  self.attrs.set('_get_lr_called_within_step', false);
  const groups = b.paramGroups.map(() => new PyDict());
  const optimizer = new PyInstance(null, optimizerType);
  optimizer.attrs.set('param_groups', new PyList(groups));
  const defaults = new PyDict();
  defaults.set('lr', b.defaultLr);
  optimizer.attrs.set('defaults', defaults);
  let initialized = false;

  /** The engine's state into the Python objects, before the user's code runs. */
  const toPython = () => {
    groups.forEach((d, i) => {
      const g = b.paramGroups[i];
      d.set('lr', g.lr);
      if (g.initialLr !== undefined) d.set('initial_lr', g.initialLr);
    });
    if (!initialized) return;
    self.attrs.set('last_epoch', pyNumber(b.lastEpoch));
    self.attrs.set('_step_count', pyNumber(b.stepCount));
    if (b.isInitial) self.attrs.delete('_last_lr');
    else self.attrs.set('_last_lr', new PyList(b.paramGroups.map((g) => g.lr)));
  };
  /** What the user's code changed, back into the engine. */
  const fromPython = () => {
    groups.forEach((d, i) => {
      const g = b.paramGroups[i] as { lr: number; initialLr: number | undefined };
      const lr = num(d.get('lr'));
      if (lr !== null) g.lr = lr;
      const initial = num(d.get('initial_lr'));
      if (initial !== null) g.initialLr = initial;
    });
    if (!initialized) return;
    const le = num(self.attrs.get('last_epoch'));
    if (le !== null) b.lastEpoch = le;
    const sc = num(self.attrs.get('_step_count'));
    if (sc !== null) b.stepCount = sc;
  };

  const getLastLr = new PyBuiltin('get_last_lr', () => {
    const v = self.attrs.get('_last_lr');
    if (v === undefined) throw new PyError('AttributeError', `'${cls.name}' object has no attribute '_last_lr'`);
    return v;
  });

  /** `LRScheduler.__init__(optimizer, last_epoch=-1, verbose=…)`, or the torch scheduler's own `__init__` that ends in it. */
  const baseInit = (a: Value[], k: Map<string, Value>): Value => {
    const params: { name: string; default?: ArgValue }[] = base.kind ? (descriptorOf(base.kind)?.params ?? []).map((p) => ({ name: p.name, default: p.default })) : [{ name: 'optimizer' }, { name: 'last_epoch', default: -1 }];
    params.push({ name: 'verbose', default: false });
    const values = new Map<string, Value>();
    a.forEach((v, i) => {
      const p = params[i];
      if (!p) throw new PyError('TypeError', `__init__() takes ${params.length + 1} positional arguments but ${a.length + 1} were given`);
      values.set(p.name, v);
    });
    for (const [name, v] of k) {
      if (!params.some((p) => p.name === name)) throw new PyError('TypeError', `__init__() got an unexpected keyword argument '${name}'`);
      values.set(name, v);
    }
    for (const p of params) {
      if (values.has(p.name)) continue;
      if (p.default === undefined) throw new PyError('TypeError', `__init__() missing 1 required positional argument: '${p.name}'`);
      values.set(p.name, typeof p.default === 'number' && Number.isInteger(p.default) ? BigInt(p.default) : (p.default as Value));
    }
    const opt = unwrap(values.get('optimizer') ?? null);
    if (opt !== optimizer) throw new PyError('TypeError', `${typeName(opt)} is not an Optimizer`);
    for (const [name, v] of values) {
      if (name === 'optimizer' || name === 'last_epoch' || name === 'verbose') continue;
      self.attrs.set(name, name === 'milestones' ? counter(v) : v);
    }
    const lastEpoch = num(values.get('last_epoch') ?? null);
    if (lastEpoch === null) throw new PyError('TypeError', 'last_epoch must be an integer');
    self.attrs.set('optimizer', optimizer);
    fromPython();
    b.initState(lastEpoch);
    self.attrs.set('base_lrs', new PyList(b.baseLrs.map((x) => x)));
    self.attrs.set('verbose', false);
    if (cls.lookup('get_last_lr') === undefined) self.attrs.set('get_last_lr', getLastLr);
    initialized = true;
    toPython();
    b.initialStep();
    toPython();
    return null;
  };

  const hooks = {
    superAttr: (_self: Value, lib: Value, name: string): Value | undefined => {
      if (lib !== base.lib) return undefined;
      switch (name) {
        case '__init__':
          return new PyBuiltin('__init__', (a, k) => baseInit(a, k));
        case 'get_last_lr':
          return getLastLr;
        case 'get_lr':
          return new PyBuiltin('get_lr', () => {
            if (!base.kind) throw new PyError('NotImplementedError', '');
            throw new PyError(NOT_MODELLED, `LR Lens does not run ${base.kind}.get_lr() for a subclass`);
          });
      }
      throw new PyError(NOT_MODELLED, `LR Lens does not run ${base.name}.${name}() for a subclass`);
    },
  };
  const initCall = cx.caller(`${cls.name}.__init__`, hooks, onAssumed);
  const stepCall = cx.caller(`${cls.name}.get_lr`, hooks, onAssumed);
  const getLr = cls.lookup('get_lr') as Value;
  const closedForm = cls.lookup('_get_closed_form_lr');

  return {
    hasClosedForm: closedForm instanceof PyFunction,
    construct: () => {
      const a = args.map((v) => (v === OPTIMIZER ? optimizer : v));
      const k = new Map([...kwargs].map(([n, v]) => [n, v === OPTIMIZER ? optimizer : v] as [string, Value]));
      toPython();
      const init = cls.lookup('__init__');
      if (init instanceof PyFunction) initCall(init, [self, ...a], 'in __init__', k);
      else baseInit(a, k);
      fromPython();
    },
    getLr: (closed) => {
      toPython();
      self.attrs.set('_get_lr_called_within_step', true);
      let r: Value;
      try {
        r = stepCall(closed ? (closedForm as Value) : getLr, [self], `at last_epoch ${b.lastEpoch}`);
      } finally {
        self.attrs.set('_get_lr_called_within_step', false);
      }
      fromPython();
      return lrList(r, closed ? '_get_closed_form_lr' : 'get_lr');
    },
  };
}

function unwrap(v: Value): Value {
  return v instanceof Assumed ? v.value : v;
}

function num(v: Value | undefined): number | null {
  if (v === undefined) return null;
  const u = unwrap(v);
  return isNumber(u) ? toFloat(u) : null;
}

/** `collections.Counter(milestones)`, as MultiStepLR keeps them. */
function counter(v: Value): Value {
  const u = unwrap(v);
  if (!(u instanceof PyList || u instanceof PyTuple)) return v;
  const d = new PyDict();
  for (const x of u.items) {
    const n = d.get(x);
    d.set(x, typeof n === 'bigint' ? n + 1n : 1n);
  }
  return d;
}

/** What get_lr returned, as one lr per group (torch zips it with the groups). */
function lrList(r: Value, method: string): number[] {
  const u = unwrap(r);
  if (!(u instanceof PyList || u instanceof PyTuple)) throw new PyError('TypeError', `'${typeName(u)}' object is not iterable (${method}() must return one lr per param group)`);
  return u.items.map((x, i) => {
    const v = unwrap(x);
    if (!isNumber(v)) throw new PyError('TypeError', `${method}() returned a ${typeName(v)} for param group ${i}, not a number`);
    return toFloat(v);
  });
}
