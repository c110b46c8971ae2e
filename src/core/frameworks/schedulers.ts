/**
 * Scheduler constructions: positional arguments named by the library's signature, values turned
 * into the engine's ArgValues (callables into LrCallables, sub-schedulers into nested specs), the
 * optimizer found, and every argument's source range recorded.
 */
import { setOwn } from '../engine/dict';
import type { ArgValue, ScheduleSpec } from '../engine/spec';
import { ownMessage } from '../l10n/translate';
import { SIGNATURES, type Library } from '../engine/signatures';
import { isGetScheduler, isSchedulerType, schedulerTypeName } from './getScheduler';
import { bareKind, familyOf, kindForPath } from '../engine/kinds';
import type { Expr } from '../python/ast';
import type { CallSite } from '../python/evaluatorApi';
import { OptimizerHost, SchedulerHost, type ArgRec, type FindingRec } from './hosts';
import { assumedOptimizer } from './optimizers';
import type { AnalysisContext } from './adapter';
import {
  Assumed,
  Opaque,
  PyBoundMethod,
  PyBuiltin,
  PyDict,
  PyFunction,
  PyLib,
  PyList,
  PyTuple,
  repr,
  typeName,
  type Value,
} from '../python/values';

/** Which scheduler, if any, a library path names (by the kind descriptors' modules). */
export function schedulerKind(path: string): { kind: string; library: Library } | null {
  return kindForPath(path);
}

/** A diffusers, timm or DeepSpeed scheduler path (`diffusers.optimization.get_scheduler`). */
export function familyKind(path: string): { kind: string; library: Library } | null {
  const k = kindForPath(path);
  return k && familyOf(k.kind)?.kindPrefix ? k : null;
}

export function isLiteralExpr(e: Expr): boolean {
  if (e.t === 'num' || e.t === 'str' || e.t === 'const') return true;
  if (e.t === 'unary' && (e.op === '-' || e.op === '+') && e.e.t === 'num') return true;
  return false;
}

export function constructScheduler(
  P: AnalysisContext,
  kind: string,
  library: Library,
  args: Value[],
  kwargs: Map<string, Value>,
  site: CallSite,
  /** The name the finding shows when it is not the kind's (timm's create_scheduler builds a create_scheduler_v2). */
  recordKind?: string,
): Value {
  const I = site.interp;
  const { rec, fresh } = P.record(recordKind ?? bareKind(kind), library, site);
  if (!fresh) {
    // Seen before: keep the first active reading.
    if (rec.active || I.inactive) return new SchedulerHost(rec, null);
  }
  rec.active = !I.inactive;
  rec.deps = new Set();
  rec.diagnostics = [];
  rec.callables = [];
  rec.children = [];
  const sig = SIGNATURES[kind];
  const names = sig.params.map((p) => p.name);
  const bound = new Map<string, Value>();
  const argRecs: ArgRec[] = [];
  const nodeText = (e: Expr) => site.home.text.slice(e.from, e.to);
  let pi = 0;
  for (const a of site.argNodes) {
    if (a.kind === 'pos') {
      const name = names[pi];
      const v = args[pi];
      pi++;
      if (name === undefined) {
        rec.diagnostics.push({ severity: 'error', ...ownMessage('{0}() takes at most {1} positional arguments', bareKind(kind), names.length), span: P.span(site, a) });
        continue;
      }
      if (v !== undefined) bound.set(name, v);
      argRecs.push({ name, text: nodeText(a.value), span: P.span(site, a.value), isLiteral: isLiteralExpr(a.value), positional: true });
    } else if (a.kind === 'kw') {
      const name = a.name as string;
      const v = kwargs.get(name);
      if (v !== undefined) bound.set(name, v);
      argRecs.push({ name, text: nodeText(a.value), span: P.span(site, a.value), isLiteral: isLiteralExpr(a.value), positional: false });
    }
  }
  // Keyword arguments that came from **kwargs.
  for (const [k, v] of kwargs) if (!bound.has(k)) bound.set(k, v);
  for (let i = pi; i < args.length && i < names.length; i++) if (!bound.has(names[i])) bound.set(names[i], args[i]);

  // The optimizer.
  let optimizer: OptimizerHost | null = null;
  const optV = unwrap(bound.get('optimizer'));
  if (optV instanceof OptimizerHost) optimizer = optV;
  else if (optV instanceof SchedulerHost) optimizer = optV.optimizer;

  const specArgs: Record<string, ArgValue> = {};
  const params: Record<string, unknown> = {};
  const childHosts: SchedulerHost[] = [];
  /** Arguments whose value is a Python float (the engine needs to know `10.0` from `10`). */
  const floats: string[] = [];
  for (const [name, v] of bound) {
    if (name === 'optimizer') continue;
    if (name === 'verbose' && library === 'torch') {
      rec.diagnostics.push({ severity: 'info', ...ownMessage('`verbose` is deprecated in PyTorch 2.x and does not change the schedule') });
      continue;
    }
    if (!names.includes(name) && !sig.varKeywords) {
      rec.diagnostics.push({
        severity: 'error',
        message: `${bareKind(kind)}() got an unexpected keyword argument '${name}'`,
        span: argRecs.find((a) => a.name === name)?.span,
      });
    }
    const av = toArgValue(P, rec, kind, name, v, site, childHosts);
    if (typeof unwrap(v) === 'number') floats.push(name);
    // setOwn: a `__proto__=` keyword is an argument like any other (a plain assignment would drop it).
    setOwn(specArgs, name, av);
    setOwn(params, name, displayValue(av, argRecs.find((a) => a.name === name)?.text));
  }
  if (isGetScheduler(kind) && typeof specArgs.name === 'string') {
    const n = schedulerTypeName(specArgs.name);
    specArgs.name = n;
    params.name = n;
    if (!isSchedulerType(kind, n)) rec.diagnostics.push({ severity: 'error', message: `'${n}' is not a valid SchedulerType` });
  }

  for (const ch of childHosts) {
    rec.children.push(ch.rec.id);
    ch.rec.parent = rec.id;
    if (!optimizer && ch.optimizer) optimizer = ch.optimizer;
  }
  if (!optimizer) {
    optimizer = assumedOptimizer(P, optV === undefined ? 'no optimizer argument' : `optimizer \`${repr(optV as Value).slice(0, 60)}\` not found in the code`);
    rec.diagnostics.push({ severity: 'warning', ...ownMessage('Could not find the optimizer this scheduler wraps; assuming one param group with lr=0.001') });
  }
  optimizer.deps.forEach((d) => rec.deps.add(d));
  rec.args = argRecs;
  rec.params = params;
  rec.spec = floats.length > 0 ? { kind, args: specArgs, floats } : { kind, args: specArgs };
  rec.optimizer = optimizer.spec;
  return new SchedulerHost(rec, optimizer);
}

function unwrap(v: Value | undefined): Value | undefined {
  return v instanceof Assumed ? v.value : v;
}

function toArgValue(
  P: AnalysisContext,
  rec: FindingRec,
  kind: string,
  param: string,
  v: Value,
  site: CallSite,
  children: SchedulerHost[],
  depth = 0,
): ArgValue {
  if (depth > 20) return null;
  if (v instanceof Assumed) {
    v.deps.forEach((d) => rec.deps.add(d));
    v = v.value;
  }
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map((x) => toArgValue(P, rec, kind, param, x, site, children, depth + 1));
  if (v instanceof PyDict) {
    const o: Record<string, ArgValue> = {};
    for (const [k, x] of v.map.values()) setOwn(o, String(k), toArgValue(P, rec, kind, String(k), x, site, children, depth + 1));
    return o;
  }
  if (v instanceof PyFunction || v instanceof PyBoundMethod || v instanceof PyBuiltin) {
    const name = v instanceof PyFunction ? (v.name === '<lambda>' ? param : v.name) : param;
    const fn = P.makeCallable(v, name);
    rec.callables.push({ fn, name });
    return fn;
  }
  if (v instanceof SchedulerHost) {
    children.push(v);
    return v.rec.spec as ScheduleSpec;
  }
  if (v instanceof Opaque || v instanceof PyLib) {
    const o = v instanceof Opaque ? v : new Opaque(v.path);
    if (param === 'name' && isGetScheduler(kind)) {
      const a = P.assumptions.use(o.text, 'linear', 'scheduler name unknown', o.range ? P.rangeOf(o.range.start, o.range.end) : undefined);
      rec.deps.add(o.text);
      return String(a);
    }
    // A string parameter (timm's `sched`, a `warmup_type`): its default, as a named assumption.
    const def = SIGNATURES[kind]?.params.find((p) => p.name === param)?.default;
    if (typeof def === 'string') {
      const a = P.assumptions.use(o.text, def, 'value unknown; the default is used', o.range ? P.rangeOf(o.range.start, o.range.end) : undefined);
      rec.deps.add(o.text);
      return String(a);
    }
    if (param === 'lr_lambda' || param === 'scale_fn' || param === 'schedulers') {
      rec.diagnostics.push({ severity: 'error', ...ownMessage('Could not resolve `{0}` ({1}) without running the program', o.text, param) });
      return null;
    }
    const a = P.assumeNumber(o, param, kind);
    rec.deps.add(a.name);
    a.deps?.forEach((d) => rec.deps.add(d));
    return a.value;
  }
  rec.diagnostics.push({ severity: 'warning', ...ownMessage('Argument {0} is a {1}, which the analysis cannot pass on', param, typeName(v)) });
  return null;
}

/** A JSON-friendly view of an argument: callables shown by their source. */
export function displayValue(v: ArgValue, text?: string): unknown {
  if (typeof v === 'function') return text ?? '<function>';
  if (Array.isArray(v)) return v.map((x) => displayValue(x));
  if (v && typeof v === 'object') {
    if ('kind' in v && 'args' in v && typeof (v as ScheduleSpec).kind === 'string') return `<${(v as ScheduleSpec).kind}>`;
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(o, k, displayValue(x as ArgValue));
    return o;
  }
  return v;
}
