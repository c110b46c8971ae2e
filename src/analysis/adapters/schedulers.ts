/**
 * Library schedulers of every family (torch, transformers, timm, diffusers, DeepSpeed): a call of a
 * path the engine's kind tables name (`torch.optim.lr_scheduler.StepLR`,
 * `transformers.get_scheduler`, `diffusers.optimization.get_scheduler`) constructs that scheduler
 * (../schedulers.ts); `from <a family's module> import *` brings its names.
 */
import type { Adapter } from '../adapter';
import { constructScheduler, familyKind, schedulerKind } from '../schedulers';
import { SIGNATURES } from '../../engine/signatures';
import { FAMILIES, bareKind } from '../../engine/families';
import { PyLib } from '../values';

/** The scheduler class and function names of every family, and the words each family's table adds. */
const KIND_NAMES = [
  ...new Set(Object.keys(SIGNATURES).map(bareKind).filter((k) => /^[A-Z]/.test(k) && k !== 'ParamwiseScheduler')),
  ...FAMILIES.flatMap((f) => f.triggers),
];

export const schedulersAdapter: Adapter = {
  name: 'schedulers',
  triggers: ['[Ss]cheduler', '_schedule', '\\.step(_update)?\\s*\\(', ...KIND_NAMES],
  starImport: (mod, name) => (familyKind(mod + '.' + name) ? new PyLib(mod + '.' + name) : undefined),
  callLib: ({ path, args, kwargs, site }, cx) => {
    const sk = schedulerKind(path);
    return sk ? constructScheduler(cx, sk.kind, sk.library, args, kwargs, site) : undefined;
  },
};
