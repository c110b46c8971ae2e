/**
 * 🤗 Accelerate: `Accelerator(...)` options, `accelerator.prepare(…)` (recorded, and handing back
 * what it is given — the same pass-through serves apex's `amp.initialize`), and
 * `with accelerator.accumulate(model):` (the body runs once per gradient_accumulation_steps
 * iterations). What a prepared scheduler means for its curve is in ../accelerate.ts.
 */
import type { Adapter, AnalysisContext } from '../adapter';
import { acceleratorOptions, prepareTarget, type AcceleratorOptions, type PrepareRec } from '../accelerate';
import { Assumed, HostObject, isNumber, Opaque, PyTuple, type Value } from '../../python/values';
import type { CallSite } from '../../python/evaluatorApi';
import { UnknownExamplesLength } from '../torchData';

export interface AccelerateState {
  /** `Accelerator(...)` objects and their gradient_accumulation_steps (for `with accelerator.accumulate(...)`). */
  accelerators: Map<object, Value>;
  /** Options of each `Accelerator(...)` call, by its offset. */
  options: Map<number, AcceleratorOptions>;
  /** `accelerator.prepare(...)` calls, by offset. */
  prepares: Map<number, PrepareRec>;
}

const KEY = {};

export function accelerateState(cx: AnalysisContext): AccelerateState {
  return cx.state(KEY, () => ({ accelerators: new Map(), options: new Map(), prepares: new Map() }));
}

/**
 * Wrappers that hand back the objects they are given (accelerate's `prepare`, apex's
 * `amp.initialize`): the objects when one of them is the analysis' own, else undefined. `callee`
 * is a library path or a call's callee as written.
 */
export function passThrough(callee: string, args: Value[]): Value | undefined {
  if (!/(^|\.)(prepare|initialize)$/.test(callee) || !args.some((a) => a instanceof HostObject)) return undefined;
  // accelerate's prepare shards a loader among the processes: one over a dataset of unknown size says so.
  const accelerator = prepareTarget(callee);
  const out = accelerator === null ? args : args.map((a) => (a instanceof Opaque && a.length instanceof UnknownExamplesLength ? Object.assign(a.renamed(a.text), { length: a.length.sharded(`${accelerator}.num_processes`) }) : a));
  return out.length === 1 ? out[0] : new PyTuple(out);
}

/**
 * An Accelerator's gradient_accumulation_steps: accelerate's default 1 when not given, the value when
 * known (an int, or an Assumed one), else an unknown named by the argument as written
 * (`Accelerator(gradient_accumulation_steps=GAS)` → `GAS`), which ../../model/analyze.ts assumes
 * when an `accelerator.accumulate(...)` guard uses it.
 */
function accumulationValue(v: Value | undefined, site: CallSite): Value {
  if (v === undefined) return 1n;
  if (v instanceof Assumed || isNumber(v)) return v;
  const arg = site.node.args.find((a) => a.kind === 'kw' && a.name === 'gradient_accumulation_steps');
  if (!arg) return v instanceof Opaque ? v : new Opaque('gradient_accumulation_steps');
  const { from, to } = arg.value;
  return new Opaque(site.home.text.slice(from, to), { start: site.home.base + from, end: site.home.base + to });
}

/** `DistributedType` of accelerate (a `str` enum whose values are its names), path canonical. */
const DISTRIBUTED_TYPE = /^accelerate(\.utils(\.dataclasses)?)?\.DistributedType$/;

export const accelerateAdapter: Adapter = {
  name: 'accelerate',
  libAttr: (path, name) => (DISTRIBUTED_TYPE.test(path) && /^[A-Z][A-Z_]*$/.test(name) ? name : undefined),
  // `accelerator.distributed_type`: set at launch (`accelerate config`), as the process count is; a
  // plain run (DistributedType.NO, one process) is assumed, named, so the branches it chooses —
  // `if accelerator.distributed_type == DistributedType.MEGATRON_LM:` — say what they rest on.
  opaqueAttr: (obj, name, text, range, cx) => {
    if (name !== 'distributed_type' || !accelerateState(cx).accelerators.has(obj)) return undefined;
    const v = cx.assumptions.use(text, 'NO', 'set at launch (accelerate config): a plain run without DeepSpeed, FSDP or Megatron-LM is assumed', cx.rangeOf(range.start, range.end));
    return new Assumed(String(v), [text]);
  },
  callLib: ({ path, lib, args, kwargs, site }, cx) => {
    if (/(^|\.)Accelerator$/.test(lib.path)) {
      const r = new Opaque(site.text, { start: site.start, end: site.end }, 'call');
      const s = accelerateState(cx);
      s.accelerators.set(r, accumulationValue(kwargs.get('gradient_accumulation_steps'), site));
      s.options.set(site.start, acceleratorOptions(kwargs));
      return r;
    }
    // (After deepspeed's adapter, which claims `deepspeed.initialize`.)
    return passThrough(path, args) ?? passThrough(site.text.replace(/\(.*$/s, ''), args);
  },
  onCall: (site, cx) => {
    const accelerator = prepareTarget(site.text);
    const prepares = accelerateState(cx).prepares;
    if (accelerator !== null && !prepares.has(site.start)) prepares.set(site.start, { start: site.start, end: site.end, accelerator, args: site.argTexts });
  },
  opaqueCall: (fn, args) => passThrough(fn.text, args),
  contextGuard: (name, text, receiver) => (name === 'accumulate' ? { kind: 'accumulate', text, divisor: null, object: receiver() } : undefined),
};
