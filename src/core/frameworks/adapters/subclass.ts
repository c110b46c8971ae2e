/**
 * The file's own scheduler classes: `class CosineWarmupScheduler(optim.lr_scheduler._LRScheduler)`
 * (any import spelling, a subclass of another such class, or of a torch scheduler whose get_lr it
 * replaces), constructed with an optimizer, is a scheduler whose get_lr the interpreter runs
 * (../subclass.ts).
 */
import type { Adapter } from '../adapter';
import { constructSubclass } from '../subclass';

export const subclassAdapter: Adapter = {
  name: 'subclass',
  triggers: ['\\b_?LRScheduler\\b'],
  instantiate: (call, cx) => constructSubclass(cx, call),
};
