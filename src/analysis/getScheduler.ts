/**
 * `get_scheduler` by name — transformers' (also what TrainingArguments' `lr_scheduler_type`
 * builds) and diffusers' — resolved in one place: the name as SchedulerType spells it, whether it
 * is a valid SchedulerType, the function it calls with which arguments, and whether that function
 * steps on a metric.
 */
import type { ScheduleSpec } from '../engine/spec';
import { METRIC_DRIVEN_KINDS, SCHEDULER_TYPE_FUNCTIONS } from '../engine/signatures';
import { DIFFUSERS_SCHEDULER_TYPES } from '../engine/diffusers/optimization';

/** The kinds that choose their schedule by a SchedulerType name. */
export function isGetScheduler(kind: string): boolean {
  return kind === 'get_scheduler' || kind === 'diffusers.get_scheduler';
}

/** A SchedulerType as written (`'COSINE'`, `'SchedulerType.COSINE'`, `SchedulerType.COSINE`) → its value (`'cosine'`). */
export function schedulerTypeName(v: unknown): string {
  return String(v).toLowerCase().replace(/^schedulertype\./, '');
}

/** Whether `name` (already normalised) is a SchedulerType of the family of `kind`. */
export function isSchedulerType(kind: string, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(kind === 'diffusers.get_scheduler' ? DIFFUSERS_SCHEDULER_TYPES : SCHEDULER_TYPE_FUNCTIONS, name);
}

/** transformers' `get_scheduler(name, …)`: the kind of the function the name calls (undefined for an unknown name). */
export function getSchedulerTarget(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(SCHEDULER_TYPE_FUNCTIONS, name) ? SCHEDULER_TYPE_FUNCTIONS[name] : undefined;
}

/** A transformers `get_scheduler` spec whose name picks a metric-driven schedule (reduce_lr_on_plateau, greedy). */
export function isMetricDrivenGetScheduler(spec: ScheduleSpec): boolean {
  if (spec.kind !== 'get_scheduler') return false;
  const target = getSchedulerTarget(String(spec.args.name));
  return target !== undefined && METRIC_DRIVEN_KINDS.has(target);
}

/** transformers' `get_scheduler` (and TrainingArguments, which builds one) resolved to the function it calls. */
export function effectiveSchedule(spec: ScheduleSpec): { kind: string; args: Record<string, unknown>; viaName: string | null } {
  if (spec.kind !== 'get_scheduler') return { kind: spec.kind, args: spec.args as Record<string, unknown>, viaName: null };
  const name = String(spec.args.name ?? '');
  const ssk = (spec.args.scheduler_specific_kwargs ?? {}) as Record<string, unknown>;
  const kind = getSchedulerTarget(name) ?? spec.kind;
  return {
    kind,
    args: { num_warmup_steps: spec.args.num_warmup_steps, num_training_steps: spec.args.num_training_steps, ...(ssk && typeof ssk === 'object' ? ssk : {}) },
    viaName: name,
  };
}
