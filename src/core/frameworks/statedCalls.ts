/**
 * A call of a class the file imports from another module (`TrainArgs(lr_warmup_steps=100, …)`,
 * litgpt's setup() default): its class is not read, so the object is unknown, but it remembers
 * the keywords it was given. Reading one of them back (`train.lr_warmup_steps`) gives the stated
 * value as a named assumption — the class is taken to be a dataclass, whose field keeps what it
 * was given — never silently; an attribute the call did not state stays unknown. Python only
 * (no framework): library.ts makes these objects for calls no adapter claimed, the python
 * adapter's `known` reads them.
 */
import { assumptionName } from '../model/assumptions';
import type { AnalysisContext } from './adapter';
import type { CallSite } from '../python/evaluatorApi';
import { Assumed, Opaque, type Value } from '../python/values';

/** What a call of a class of another module (`TrainArgs(lr_warmup_steps=100, …)`) stated: its keywords, as values and as written. */
interface StatedCall {
  callee: string;
  kwargs: Map<string, Value>;
  texts: Map<string, { text: string; start: number; end: number }>;
}

const STATED = {};

function statedCalls(cx: AnalysisContext): WeakMap<Opaque, StatedCall> {
  return cx.state(STATED, () => new WeakMap<Opaque, StatedCall>());
}

/**
 * `TrainArgs(save_interval=1000, lr_warmup_steps=100)` of a class the file imports from another
 * module: an unknown object (its class is not read), which remembers the keywords it was given.
 * A class name is Capitalized (PEP 8); a function's result (`get_config(lr=…)`) is not taken to keep its keywords.
 */
export function statedCall(path: string, kwargs: Map<string, Value>, site: CallSite, cx: AnalysisContext): Opaque | undefined {
  const callee = path.slice(path.lastIndexOf('.') + 1);
  if (!kwargs.size || !/^_*[A-Z]\w*[a-z]\w*$/.test(callee)) return undefined;
  const texts = new Map<string, { text: string; start: number; end: number }>();
  for (const a of site.argNodes) {
    if (a.kind !== 'kw' || !a.name) continue;
    texts.set(a.name, { text: site.home.text.slice(a.from, a.to), start: site.home.base + a.from, end: site.home.base + a.to });
  }
  const o = new Opaque(site.text, { start: site.start, end: site.end }, 'call');
  statedCalls(cx).set(o, { callee, kwargs, texts });
  return o;
}

/**
 * `train.lr_warmup_steps` of such an object: the keyword its call stated, as a named assumption
 * (the class is taken to be a dataclass, whose field keeps the value given): never silently, and
 * an attribute the call did not state stays unknown.
 */
export function statedField(o: Opaque, cx: AnalysisContext): Value | undefined {
  const owner = o.owner;
  if (!owner) return undefined;
  const call = statedCalls(cx).get(owner);
  const field = /\.([A-Za-z_]\w*)$/.exec(o.text)?.[1];
  if (!call || !field || !call.kwargs.has(field)) return undefined;
  let v = call.kwargs.get(field) as Value;
  const deps: string[] = [];
  if (v instanceof Assumed) {
    deps.push(...v.deps);
    v = v.value;
  }
  const number = typeof v === 'bigint' || typeof v === 'number' ? v : null;
  if (number === null && typeof v !== 'string' && v !== null) return undefined;
  const name = assumptionName(o.text);
  const at = call.texts.get(field);
  const source = `${call.callee}(${at?.text ?? field + '=…'})`;
  const shown = v === null ? 'None' : number !== null ? Number(number) : (v as string);
  const u = cx.assumptions.use(name, shown, 'assumed a dataclass field of the call that made it', at ? cx.rangeOf(at.start, at.end) : undefined, undefined, source);
  cx.collecting?.add(name);
  deps.push(name);
  // The user's override of the name replaces the stated value.
  if (u === 'None') return new Assumed(null, deps);
  const out: Value = typeof u === 'number' ? (typeof number === 'bigint' && Number.isInteger(u) ? BigInt(u) : u) : u;
  return new Assumed(out, deps);
}

