/**
 * Library schedulers of every family (torch, transformers, timm, diffusers, DeepSpeed): a call of a
 * path the engine's kind tables name (`torch.optim.lr_scheduler.StepLR`,
 * `transformers.get_scheduler`, `diffusers.optimization.get_scheduler`) constructs that scheduler
 * (../schedulers.ts); `from <a kind's module> import *` brings its names (by the kind descriptors).
 */
import type { Adapter, AnalysisContext } from '../adapter';
import { constructScheduler, schedulerKind } from '../schedulers';
import { kindForPath, triggerWords } from '../../engine/kinds';
import { PyLib } from '../../python/values';

/** The scheduler class and function names of every family, and the words each family's table adds. */
const KIND_NAMES = triggerWords();

const SCHED_CALL = 'LR|Scheduler|_schedule\\w*|get_scheduler|LambdaLR|SequentialLR';

/**
 * A function that hands back the scheduler it builds: `return LambdaLR(…)`, or `return name` where
 * the body assigns name from a scheduler-looking call. Read from its text.
 */
function isFactoryFunction(text: string, cx: AnalysisContext): boolean {
  if (!cx.relevant(text)) return false;
  for (const m of text.matchAll(/\breturn\s+([A-Za-z_][\w.]*)\s*(\(|$|\n|#)/gm)) {
    const target = m[1];
    if (m[2] === '(') {
      if (cx.relevant(target) || /LR$|_schedule|get_scheduler/.test(target)) return true;
    } else if (new RegExp(`\\b${target.replace(/\./g, '\\.')}\\s*=\\s*[\\w.]*(${SCHED_CALL})`).test(text)) return true;
  }
  return false;
}

export const schedulersAdapter: Adapter = {
  name: 'schedulers',
  triggers: ['[Ss]cheduler', '_schedule', '\\.step(_update)?\\s*\\(', ...KIND_NAMES],
  isFactory: isFactoryFunction,
  starImport: (mod, name) => (kindForPath(mod + '.' + name) ? new PyLib(mod + '.' + name) : undefined),
  callLib: ({ path, args, kwargs, site }, cx) => {
    const sk = schedulerKind(path);
    return sk ? constructScheduler(cx, sk.kind, sk.library, args, kwargs, site) : undefined;
  },
};
