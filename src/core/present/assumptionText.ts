/**
 * Why a value is assumed, as every surface says it: the reason, and for a loader's length over a
 * dataset of unknown size what it stands for in examples (`len(train_loader)` = 1,000 batches of
 * 32 from `train_dataset`, about 32,000 examples), which is what a user knows of their data.
 */
import type { Assumption } from '../model/types';
import { english, type Translate } from '../l10n/translate';
import { formatCount } from './summary';

/** The examples a number of batches stands for: exact for drop_last (⌊N/B⌋ batches hold N − N mod B), at most this many otherwise (the last batch may be short). */
export function examplesOf(a: Assumption, processes = 1): number | null {
  if (!a.examples || typeof a.value !== 'number' || !Number.isFinite(a.value)) return null;
  return a.value * a.examples.batchSize * (a.examples.processes && processes > 1 ? processes : 1);
}

/** The process count a sharded loader's assumption is divided by (its `processes` assumption's value, 1 otherwise). */
export function processesFor(a: Assumption, all: readonly Assumption[]): number {
  const p = a.examples?.processes ? all.find((x) => x.name === a.examples?.processes)?.value : undefined;
  return typeof p === 'number' && Number.isInteger(p) && p >= 1 ? p : 1;
}

/**
 * Batches of a number of examples, as DataLoader makes them (⌈N / B⌉, ⌊N / B⌋ with drop_last),
 * per process after Accelerate's prepare (⌈batches / P⌉, its even_batches default).
 */
export function batchesOf(examples: number, e: NonNullable<Assumption['examples']>, processes = 1): number {
  const batches = e.dropLast ? Math.floor(examples / e.batchSize) : Math.ceil(examples / e.batchSize);
  return e.processes && processes > 1 ? Math.ceil(batches / processes) : batches;
}

export function assumptionReason(a: Assumption, t: Translate = english): string {
  const reason = a.source ? t('{0}: `{1}`', t(a.reason), a.source) : t(a.reason);
  const n = examplesOf(a);
  if (n === null || !a.examples) return reason;
  return t('{0}: batches of {1} from `{2}`, about {3} examples', reason, formatCount(a.examples.batchSize), a.examples.dataset, formatCount(n));
}

/** The code lens's tooltip over a finding's assumptions: one line each, `name = value (why, where it is read from)`. */
export function assumptionsTooltip(assumptions: readonly Assumption[], t: Translate = english): string {
  return assumptions.map((a) => `${a.name} = ${a.value} (${assumptionReason(a, t)})`).join('\n');
}
