/**
 * What each parameter the generator asks for may be, parsed from what the user types, with
 * messages that say what is wrong ("T_max must be a positive integer, got -3"). The rules are the
 * kind descriptors' (src/core/engine/kinds): the kind's own parameter first (ReduceLROnPlateau's
 * `factor` < 1, ConstantLR's in (0, 1]), else the name's wherever it is declared. Pure.
 */
import { english, type Translate } from '../l10n/translate';
import { ruleFor as kindRule, type ParamRule } from '../engine/kinds';
import { formatPythonNumber } from '../python/literals';

export type ParamValue = number | string | number[];

export type { ParamRule } from '../engine/kinds';

/** The rule for parameter `name` asked under `kind` (the kind descriptors'), or undefined when free. */
export function ruleFor(kind: string, name: string): ParamRule | undefined {
  return kindRule(kind, name);
}

/** "a positive integer", "a number in (0, 1]", "one of 'cos', 'linear'". */
export function describeRule(r: ParamRule, t: Translate = english): string {
  if (r.type === 'choice') return t('one of {0}', (r.choices ?? []).map((c) => `'${c}'`).join(', '));
  if (r.type === 'intList') return t('a list of increasing positive integers (e.g. 30, 60, 90)');
  if (r.type === 'text') return t('a string');
  if (r.type === 'int') {
    if (r.min === 1) return t('a positive integer');
    if (r.min === 0) return t('an integer ≥ 0');
    return t('an integer');
  }
  if (r.min !== undefined && r.max !== undefined) {
    return t('a number in {0}', `${r.minExclusive ? '(' : '['}${r.min}, ${r.max}${r.maxExclusive ? ')' : ']'}`);
  }
  if (r.min !== undefined) return r.minExclusive ? t('a number > {0}', r.min) : t('a number ≥ {0}', r.min);
  return t('a number');
}

const INT = /^[+-]?\d+(_\d+)*$/;
const FLOAT = /^[+-]?((\d+(_\d+)*)?\.?\d*(_\d+)*([eE][+-]?\d+)?)$/;

function inRange(v: number, r: ParamRule): boolean {
  if (r.min !== undefined && (r.minExclusive ? !(v > r.min) : !(v >= r.min))) return false;
  if (r.max !== undefined && (r.maxExclusive ? !(v < r.max) : !(v <= r.max))) return false;
  return true;
}

export type Parsed = { ok: true; value: ParamValue } | { ok: false; message: string };

/** Parses what the user typed for parameter `name` of `kind`. */
export function parseParam(kind: string, name: string, text: string, tr: Translate = english): Parsed {
  const r = ruleFor(kind, name) ?? { type: 'float' };
  const t = text.trim();
  const bad = (): Parsed => ({ ok: false, message: tr('{0} must be {1}, got {2}', name, describeRule(r, tr), t === '' ? tr('nothing') : t) });
  if (r.type === 'choice') {
    const s = t.replace(/^(['"])(.*)\1$/, '$2');
    return r.choices?.includes(s) ? { ok: true, value: s } : bad();
  }
  // Checked by the library itself when the engine builds it (validate.ts runs the constructor).
  if (r.type === 'text') {
    const s = t.replace(/^(['"])(.*)\1$/, '$2');
    return s !== '' ? { ok: true, value: s } : bad();
  }
  if (r.type === 'intList') {
    const parts = t.replace(/^[[(]|[\])]$/g, '').split(',').map((p) => p.trim()).filter((p) => p !== '');
    if (!parts.length || parts.some((p) => !INT.test(p))) return bad();
    const out = parts.map((p) => Number(p.replace(/_/g, '')));
    for (let i = 0; i < out.length; i++) {
      if (!Number.isSafeInteger(out[i]) || out[i] < (r.min ?? 1) || (i > 0 && out[i] <= out[i - 1])) return bad();
    }
    return { ok: true, value: out };
  }
  if (r.type === 'int') {
    if (!INT.test(t)) return bad();
    const v = Number(t.replace(/_/g, ''));
    return Number.isSafeInteger(v) && inRange(v, r) ? { ok: true, value: v } : bad();
  }
  if (t === '' || !FLOAT.test(t) || !/\d/.test(t)) return bad();
  const v = Number(t.replace(/_/g, ''));
  return Number.isFinite(v) && inRange(v, r) ? { ok: true, value: v } : bad();
}

/** A value as the user would type it (the input box's initial text). */
export function formatParam(kind: string, name: string, v: ParamValue): string {
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'string') return v;
  return pythonNumber(kind, name, v);
}

/** A number as a Python literal: floats stay floats (`0.0`, `1.0`) for float parameters. */
export function pythonNumber(kind: string, name: string, v: number): string {
  const float = ruleFor(kind, name)?.type === 'float';
  return formatPythonNumber(v, float ? '0.0' : undefined) ?? String(v);
}
