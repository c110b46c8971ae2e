/**
 * What each parameter the generator asks for may be, parsed from what the user types, with
 * messages that say what is wrong ("T_max must be a positive integer, got -3"). Rules are keyed by
 * the library's parameter name, with a per-kind override where one name means different things
 * (ReduceLROnPlateau's `factor` < 1, ConstantLR's `factor` in (0, 1]). Pure.
 */
import { english, type Translate } from '../l10n/translate';
import { formatPythonNumber } from '../panel/applyEdits';

export type ParamValue = number | string | number[];

export interface ParamRule {
  type: 'int' | 'float' | 'choice' | 'intList';
  /** Lower bound; exclusive when `minExclusive`. */
  min?: number;
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  choices?: readonly string[];
}

const posInt: ParamRule = { type: 'int', min: 1 };
const natInt: ParamRule = { type: 'int', min: 0 };
const posFloat: ParamRule = { type: 'float', min: 0, minExclusive: true };
const natFloat: ParamRule = { type: 'float', min: 0 };
const unit = (minExclusive: boolean, maxExclusive: boolean): ParamRule => ({ type: 'float', min: 0, max: 1, minExclusive, maxExclusive });
const choice = (...choices: string[]): ParamRule => ({ type: 'choice', choices });

const RULES: Readonly<Record<string, ParamRule>> = {
  step_size: posInt,
  T_max: posInt,
  T_0: posInt,
  T_mult: posInt,
  total_steps: posInt,
  num_training_steps: posInt,
  num_decay_steps: posInt,
  step_size_up: posInt,
  warmup_steps: posInt,
  total_iters: posInt,
  num_warmup_steps: natInt,
  patience: natInt,
  cooldown: natInt,
  timescale: posInt,
  milestones: { type: 'intList', min: 1 },
  gamma: posFloat,
  eta_min: natFloat,
  start_factor: unit(true, false),
  end_factor: unit(false, false),
  power: posFloat,
  base_lr: natFloat,
  max_lr: posFloat,
  min_lr: natFloat,
  pct_start: unit(true, true),
  div_factor: posFloat,
  final_div_factor: posFloat,
  num_cycles: posFloat,
  lr_end: natFloat,
  min_lr_rate: unit(false, false),
  min_lr_ratio: unit(false, false),
  factor: unit(true, false),
  threshold: natFloat,
  anneal_strategy: choice('cos', 'linear'),
  decay_type: choice('linear', 'cosine', '1-sqrt'),
  warmup_type: choice('linear', 'cosine', '1-sqrt'),
  threshold_mode: choice('rel', 'abs'),
  name: choice('linear', 'cosine', 'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup', 'inverse_sqrt'),
};

const KIND_RULES: Readonly<Record<string, ParamRule>> = {
  'CyclicLR.mode': choice('triangular', 'triangular2', 'exp_range'),
  'ReduceLROnPlateau.mode': choice('min', 'max'),
  'ReduceLROnPlateau.factor': unit(true, true),
  'get_reduce_on_plateau_schedule.mode': choice('min', 'max'),
  'get_reduce_on_plateau_schedule.factor': unit(true, true),
  'GreedyLR.mode': choice('min', 'max'),
  'GreedyLR.factor': unit(true, true),
  'get_greedy_schedule.mode': choice('min', 'max'),
  'get_greedy_schedule.factor': unit(true, true),
  'MultiplicativeLR.factor': posFloat,
  'ExponentialLR.gamma': posFloat,
};

/** The rule for parameter `name` of `kind` (kind-specific first), or undefined when free. */
export function ruleFor(kind: string, name: string): ParamRule | undefined {
  return KIND_RULES[`${kind}.${name}`] ?? RULES[name];
}

/** "a positive integer", "a number in (0, 1]", "one of 'cos', 'linear'". */
export function describeRule(r: ParamRule, t: Translate = english): string {
  if (r.type === 'choice') return t('one of {0}', (r.choices ?? []).map((c) => `'${c}'`).join(', '));
  if (r.type === 'intList') return t('a list of increasing positive integers (e.g. 30, 60, 90)');
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
