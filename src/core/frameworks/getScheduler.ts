/**
 * `get_scheduler` by name — transformers' (also what TrainingArguments' `lr_scheduler_type`
 * builds) and diffusers' — resolved in one place: the name as SchedulerType spells it, whether it
 * is a valid SchedulerType, and the function it calls with which arguments (whether it steps on a
 * metric is its kind descriptor's, engine/kinds).
 */
import type { ScheduleSpec } from '../engine/spec';
import { SCHEDULER_TYPE_FUNCTIONS } from '../engine/signatures';
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
