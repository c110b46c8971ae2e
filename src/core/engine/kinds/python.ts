/**
 * Schedules no library makes: a training loop that writes `param_group['lr']` itself. One kind,
 * whose only argument is the lr the code computes at each iteration (per param group); found by
 * src/core/frameworks/adapters/handwritten.ts.
 */
import { HandWritten } from '../python/handWritten';
import type { FamilyDescriptor } from './types';

export const PYTHON: FamilyDescriptor<'python'> = {
  library: 'python',
  label: 'Python (hand-written)',
  // No module exports it: the code is the schedule.
  modules: /(?!)/,
  kindPrefix: 'python.',
  protocol: 'step',
  noModule: true,
  triggers: [],
  kinds: [
    {
      kind: 'python.hand_written',
      params: [{ name: 'lr_at' }],
      build: (opt, a) => new HandWritten(opt, a.perGroupCallables('lr_at', opt.groups.length)),
      // Its length is the loop's, which the analysis always gives.
      naturalLength: (_c, fallback) => fallback,
      notGenerated: 'a hand-written schedule is the code itself',
    },
  ],
};
