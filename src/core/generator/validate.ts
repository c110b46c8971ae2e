/**
 * Checks a complete set of answers before anything is written: each value against its rule, the
 * relations between them (warm-up shorter than the run, …), and finally the engine itself, which
 * raises exactly where the library's constructor would. Messages say what is wrong. Pure.
 */
import type { CatalogueEntry, GenCall, GenContext } from './catalogue';
import { formatParam, parseParam, type ParamValue } from './params';
import { previewOptimizer, simulateCall } from './spec';
import { english, localize, type Translate } from '../l10n/translate';
import { bareKind } from '../engine/kinds';

/** A parameter's default: the replaced call's value when it has the parameter and the value is valid here, else the file's default. */
export function defaultOf(entry: CatalogueEntry, name: string, ctx: GenContext, before: Readonly<Record<string, unknown>>): ParamValue {
  const q = entry.params.find((x) => x.name === name)!;
  const old = ctx.existing?.[name];
  if (old !== undefined && parseParam(entry.kind, name, formatParam(entry.kind, name, old)).ok) return old;
  return q.default(ctx, before);
}

export type Resolved = { ok: true; values: Record<string, ParamValue>; call: GenCall } | { ok: false; message: string };

/** Relations between parameters the library would accept but that make no schedule worth writing. */
function crossCheck(entry: CatalogueEntry, v: Readonly<Record<string, ParamValue>>, ctx: GenContext, t: Translate): string | undefined {
  const n = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : undefined);
  const warm = n('num_warmup_steps');
  const total = n('num_training_steps');
  if (warm !== undefined && total !== undefined && warm >= total) {
    return t('num_warmup_steps ({0}) must be smaller than num_training_steps ({1})', warm, total);
  }
  const decay = n('num_decay_steps');
  if (entry.kind === 'get_wsd_schedule' && warm !== undefined && decay !== undefined && total !== undefined && warm + decay > total) {
    return t('num_warmup_steps + num_decay_steps ({0}) must not exceed num_training_steps ({1})', warm + decay, total);
  }
  const wt = n('warmup_t');
  const ti = n('t_initial');
  if (wt !== undefined && ti !== undefined && wt >= ti) return t('warmup_t ({0}) must be smaller than t_initial ({1})', wt, ti);
  const dw = n('warmup_num_steps');
  const dt = n('total_num_steps');
  if (dw !== undefined && dt !== undefined && dw >= dt) return t('warmup_num_steps ({0}) must be smaller than total_num_steps ({1})', dw, dt);
  const w = n('warmup_steps');
  if (w !== undefined && w >= ctx.steps) return t('warmup_steps ({0}) must be shorter than the run ({1} steps)', w, ctx.steps);
  const base = n('base_lr');
  const max = n('max_lr');
  if (entry.kind === 'CyclicLR' && base !== undefined && max !== undefined && base >= max) return t('base_lr ({0}) must be smaller than max_lr ({1})', base, max);
  const lo = n('min_lr');
  if (entry.kind !== 'CyclicLR' && lo !== undefined && max !== undefined && lo >= max) return t('min_lr ({0}) must be smaller than max_lr ({1})', lo, max);
  return undefined;
}

/**
 * The entry's values from `given` (numbers, lists or text as typed; missing ones take the file's
 * defaults), checked, with the call they build. The constructor is run by the engine, so an
 * argument the library refuses comes back with the library's message.
 */
export function resolveValues(
  entry: CatalogueEntry,
  given: Readonly<Record<string, unknown>>,
  ctx: GenContext,
  optimizerType = 'SGD',
  t: Translate = english,
): Resolved {
  const values: Record<string, ParamValue> = {};
  for (const q of entry.params) {
    const raw = Object.prototype.hasOwnProperty.call(given, q.name) ? given[q.name] : defaultOf(entry, q.name, ctx, values);
    const text = typeof raw === 'string' ? raw : Array.isArray(raw) || typeof raw === 'number' ? formatParam(entry.kind, q.name, raw as ParamValue) : String(raw);
    const parsed = parseParam(entry.kind, q.name, text, t);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    values[q.name] = parsed.value;
  }
  const unknown = Object.keys(given).filter((k) => !entry.params.some((q) => q.name === k));
  if (unknown.length) return { ok: false, message: t('{0} has no parameter {1} (it asks for {2})', t(entry.title), unknown.join(', '), entry.params.map((q) => q.name).join(', ') || t('nothing')) };
  const cross = crossCheck(entry, values, ctx, t);
  if (cross) return { ok: false, message: cross };
  const call = entry.build(values, ctx);
  const curve = simulateCall(call, previewOptimizer(ctx.lr, optimizerType), 1);
  if (curve.error && curve.error.atStep === 0) return { ok: false, message: t('{0} would raise {1}: {2}', bareKind(entry.kind), curve.error.type, localize(curve.error, t)) };
  return { ok: true, values, call };
}
