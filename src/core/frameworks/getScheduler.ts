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

/**
 * `get_scheduler` (transformers' and TrainingArguments', which builds one; diffusers') resolved to
 * the function it calls, with the arguments it passes on (diffusers' own routing: num_cycles only
 * to cosine_with_restarts, power only to polynomial, nothing of the run to constant).
 */
export function effectiveSchedule(spec: ScheduleSpec): { kind: string; args: Record<string, unknown>; viaName: string | null } {
  if (spec.kind === 'diffusers.get_scheduler') {
    const name = schedulerTypeName(spec.args.name ?? '');
    const t = Object.prototype.hasOwnProperty.call(DIFFUSERS_SCHEDULER_TYPES, name) ? DIFFUSERS_SCHEDULER_TYPES[name] : undefined;
    if (!t) return { kind: spec.kind, args: spec.args as Record<string, unknown>, viaName: name };
    const a = spec.args;
    const args: Record<string, unknown> =
      name === 'constant'
        ? {}
        : name === 'piecewise_constant'
          ? { step_rules: a.step_rules }
          : name === 'constant_with_warmup'
            ? { num_warmup_steps: a.num_warmup_steps }
            : {
                num_warmup_steps: a.num_warmup_steps,
                num_training_steps: a.num_training_steps,
                ...(name === 'cosine_with_restarts' ? { num_cycles: a.num_cycles } : {}),
                ...(name === 'polynomial' ? { power: a.power } : {}),
              };
    return { kind: 'diffusers.' + t.fn, args, viaName: name };
  }
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
