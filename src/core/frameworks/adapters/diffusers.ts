/**
 * 🤗 diffusers: `SchedulerType.COSINE` and `SchedulerType('cosine')` of `diffusers.optimization`
 * (its schedulers themselves are constructed from the kind tables, see ./schedulers.ts).
 */
import type { Adapter } from '../adapter';
import { Opaque } from '../../python/values';

const SCHEDULER_TYPE = /^diffusers(\.optimization)?\.SchedulerType$/;

export const diffusersAdapter: Adapter = {
  name: 'diffusers',
  libAttr: (path, name) => (SCHEDULER_TYPE.test(path) ? name.toLowerCase() : undefined),
  callLib: ({ path, args, site }) => (SCHEDULER_TYPE.test(path) ? (typeof args[0] === 'string' ? args[0] : new Opaque(site.text)) : undefined),
};
