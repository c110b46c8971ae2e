/**
 * DeepSpeed: `deepspeed.initialize(model=…, optimizer=…, config=…)` and the optimizer and
 * scheduler its config (a dict, or a JSON config file the host hands over) declares; see ../deepspeed.ts.
 */
import type { Adapter } from '../adapter';
import { deepspeedInitialize } from '../deepspeed';

export const deepspeedAdapter: Adapter = {
  name: 'deepspeed',
  triggers: ['deepspeed\\.initialize'],
  callLib: ({ path, args, kwargs, site }, cx) => (path === 'deepspeed.initialize' ? deepspeedInitialize(cx, args, kwargs, site) : undefined),
};
