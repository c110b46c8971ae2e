/**
 * Library names, resolved through whatever import style the code used: `torch.optim.lr_scheduler.X`,
 * `from torch.optim import lr_scheduler`, `import transformers`, `from transformers.optimization
 * import get_scheduler`, argparse, dataclasses, math. A library name is a `PyLib` value carrying its
 * full dotted path; attribute access extends the path and calls are answered by the framework
 * adapters (adapters/index.ts), asked in order.
 */
import type { AnalysisContext } from './adapter';
import { adaptersWith, canonicalPath } from './adapters/index';
import type { CallSite, Evaluator } from '../python/evaluatorApi';
import { Opaque, PyLib, type Value } from '../python/values';
import { statedCall } from './statedCalls';

export { canonicalPath };

export function libAttr(cx: AnalysisContext, lib: PyLib, name: string, I: Evaluator): Value {
  const path = canonicalPath(lib.path);
  for (const a of adaptersWith('libAttr')) {
    const v = a.libAttr?.(path, name, I, cx);
    if (v !== undefined) return v;
  }
  return new PyLib(lib.path + '.' + name);
}

export function callLib(cx: AnalysisContext, lib: PyLib, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const call = { path: canonicalPath(lib.path), lib, args, kwargs, site };
  for (const a of adaptersWith('callLib')) {
    const v = a.callLib?.(call, cx);
    if (v !== undefined) return v;
  }
  return statedCall(call.path, kwargs, site, cx) ?? new Opaque(site.text, { start: site.start, end: site.end }, 'call');
}

/** `from module import *` then `name`: the library value an adapter gives it, or undefined. */
export function starImport(cx: AnalysisContext, mod: string, name: string): Value | undefined {
  for (const a of adaptersWith('starImport')) {
    const v = a.starImport?.(mod, name, cx);
    if (v !== undefined) return v;
  }
  return undefined;
}
