/**
 * The framework adapters, in the order they are asked (the first that answers wins): one file per
 * framework, each declaring what it recognises and what it means (see ../adapter.ts). Adding a
 * framework is one file here and one line in ADAPTERS.
 */
import type { Adapter } from '../adapter';
import { accelerateAdapter } from './accelerate';
import { argparseAdapter } from './argparse';
import { datasetsAdapter } from './datasets';
import { configAdapter } from './config';
import { deepspeedAdapter } from './deepspeed';
import { diffusersAdapter } from './diffusers';
import { handwrittenAdapter } from './handwritten';
import { lightningAdapter } from './lightning';
import { loopsAdapter } from './loops';
import { pythonAdapter } from './python';
import { schedulersAdapter } from './schedulers';
import { subclassAdapter } from './subclass';
import { timmAdapter } from './timm';
import { torchAdapter } from './torch';
import { transformersAdapter } from './transformers';

export const ADAPTERS: readonly Adapter[] = [
  loopsAdapter,
  lightningAdapter,
  // Config files and what their nodes build (instantiate calls the library path a node names).
  configAdapter,
  // timm's create_scheduler_v2 returns (scheduler, num_epochs): before the plain scheduler constructors.
  timmAdapter,
  schedulersAdapter,
  subclassAdapter,
  deepspeedAdapter,
  torchAdapter,
  datasetsAdapter,
  transformersAdapter,
  argparseAdapter,
  diffusersAdapter,
  handwrittenAdapter,
  pythonAdapter,
  // Last: its pass-through serves any `….prepare(…)`/`….initialize(…)` no adapter above claimed (deepspeed.initialize is).
  accelerateAdapter,
];

/** Words that make a block worth reading: what the adapters declare (schedulers, the Trainer, `.step(`, Lightning's hook, the families' names). */
export const TRIGGER = new RegExp(ADAPTERS.flatMap((a) => a.triggers ?? []).join('|'));

/** Canonical form of a module path (`transformers.optimization.X` → `transformers.X`), by the adapters' aliases. */
export function canonicalPath(path: string): string {
  for (const a of ADAPTERS) for (const [re, to] of a.aliases ?? []) path = path.replace(re, to);
  return path;
}

const byHook = new Map<keyof Adapter, readonly Adapter[]>();

/** The adapters that declare a hook, in order (computed once: some hooks run at every call). */
export function adaptersWith(hook: keyof Adapter): readonly Adapter[] {
  let l = byHook.get(hook);
  if (!l) byHook.set(hook, (l = ADAPTERS.filter((a) => a[hook] !== undefined)));
  return l;
}
