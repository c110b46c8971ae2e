import { nameTable } from './dict';
import type { ArgValue } from './spec';
import { ALL_KINDS, familyOf, type Library } from './kinds';

export type { Library } from './kinds';
export { SCHEDULER_TYPE_FUNCTIONS } from './kinds/transformers';

/**
 * Parameter lists of every scheduler the engine knows, in the library's positional order, with
 * their defaults — derived from the kind descriptors (src/core/engine/kinds). The analysis uses them to
 * name positional arguments; the chart panel and the generator use them to show every argument
 * with its default. `optimizer` is listed where the library takes it positionally, but never
 * appears in a ScheduleSpec's args (it is the OptimizerSpec).
 */
export interface ParameterInfo {
  name: string;
  /** Absent when the argument is required. `null` is Python's None. */
  default?: ArgValue;
}

export interface Signature {
  library: Library;
  params: ParameterInfo[];
  /** Accepts `**kwargs` passed through to another scheduler (get_reduce_on_plateau_schedule, …). */
  varKeywords?: boolean;
}

export const SIGNATURES: Readonly<Record<string, Signature>> = nameTable(
  Object.fromEntries(
    ALL_KINDS.map((d) => {
      const sig: Signature = {
        library: (familyOf(d.kind) as { library: Library }).library,
        params: d.params.map((p) => ('default' in p ? { name: p.name, default: p.default } : { name: p.name })),
      };
      if (d.varKeywords) sig.varKeywords = true;
      return [d.kind, sig];
    }),
  ),
);

/** Kinds whose step() always takes a metric (get_scheduler's depends on its name: see isMetricDriven). */
export const METRIC_DRIVEN_KINDS: ReadonlySet<string> = new Set(ALL_KINDS.filter((d) => d.metricDriven === true).map((d) => d.kind));

export function isKnownKind(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(SIGNATURES, kind);
}
