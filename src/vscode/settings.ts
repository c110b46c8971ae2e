import * as vscode from 'vscode';
import { DEFAULT_DATASET_SIZE, DEFAULT_RUN_LENGTH } from '../core/model/assumptions';
import { DEFAULT_SIMULATION_BUDGET } from '../core/model/curves';
import type { RuleId } from '../core/lint/types';

/** How a setting's value is read: a switch, a count (1 … 10^7), or a simulation budget (10^6 … 10^10). */
type Kind = 'flag' | 'count' | 'budget';

interface SettingSpec {
  /** Under `lrLens.`, as in package.json's `contributes.configuration`. */
  key: string;
  kind: Kind;
  default: boolean | number;
  /** For a diagnostic rule's switch: the rule. */
  rule?: RuleId;
}

const flag = (key: string, d: boolean) => ({ key, kind: 'flag' as const, default: d });
const count = (key: string, d: number) => ({ key, kind: 'count' as const, default: d });
const rule = (id: RuleId, key: string) => ({ key: `diagnostics.${key}`, kind: 'flag' as const, default: true, rule: id });

/**
 * The `lrLens.*` settings, one row each: the field, its key, how it is read and its default.
 * Everything else here (the typed settings, the keys, the defaults, the rule switches) is derived
 * from it; package.json's `contributes.configuration` mirrors it (an integration test checks every
 * key and default).
 */
export const SETTINGS = {
  codeLensEnabled: flag('codeLens.enabled', true),
  inlinePreviewEnabled: flag('inlinePreview.enabled', true),
  /** Steps simulated when the code shows no run length. */
  defaultRunLength: count('defaultRunLength', DEFAULT_RUN_LENGTH),
  /** Batches per epoch assumed for `len(loader)`. */
  defaultDatasetSize: count('defaultDatasetSize', DEFAULT_DATASET_SIZE),
  logScale: flag('chart.logScale', false),
  /** Schedule diagnostics in the Problems panel. */
  diagnosticsEnabled: flag('diagnostics.enabled', true),
  diagnosticsStepOrder: rule('step-order', 'stepOrder'),
  diagnosticsStepUnit: rule('step-unit', 'stepUnit'),
  diagnosticsStepCount: rule('step-count', 'stepCount'),
  diagnosticsWarmupTooLong: rule('warmup-too-long', 'warmupTooLong'),
  diagnosticsTmaxShort: rule('tmax-short', 'tmaxShort'),
  diagnosticsPolyLrEnd: rule('poly-lr-end', 'polyLrEnd'),
  diagnosticsMinLrMissing: rule('min-lr-missing', 'minLrMissing'),
  diagnosticsSequentialMilestones: rule('sequential-milestones', 'sequentialMilestones'),
  diagnosticsSequentialPlateau: rule('sequential-plateau', 'sequentialPlateau'),
  diagnosticsPlateauNoMetric: rule('plateau-no-metric', 'plateauNoMetric'),
  diagnosticsVerboseRemoved: rule('verbose-removed', 'verboseRemoved'),
  diagnosticsStepEpochDeprecated: rule('step-epoch-deprecated', 'stepEpochDeprecated'),
  diagnosticsNeverStepped: rule('never-stepped', 'neverStepped'),
  /** Operations one simulated curve may cost (steps × groups × schedulers + lr-function operations). */
  simulationBudget: { key: 'simulation.budget', kind: 'budget' as const, default: DEFAULT_SIMULATION_BUDGET },
} satisfies Record<string, SettingSpec>;

type Table = typeof SETTINGS;

/** The `lrLens.*` settings, typed. */
export type LrLensSettings = { [K in keyof Table]: Table[K]['kind'] extends 'flag' ? boolean : number };

export const SECTION = 'lrLens';

const FIELDS = Object.keys(SETTINGS) as (keyof LrLensSettings)[];
const spec = (f: keyof LrLensSettings): SettingSpec => SETTINGS[f];

export const DEFAULT_SETTINGS: LrLensSettings = Object.fromEntries(FIELDS.map((f) => [f, spec(f).default])) as LrLensSettings;

/** Setting keys under `lrLens.` by field. */
export const KEYS: Record<keyof LrLensSettings, string> = Object.fromEntries(FIELDS.map((f) => [f, spec(f).key])) as Record<keyof LrLensSettings, string>;

function positiveInt(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.min(Math.round(v), 10_000_000) : fallback;
}

function budgetSetting(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1_000_000 ? Math.min(Math.round(v), 10_000_000_000) : fallback;
}

export function readSettings(scope?: vscode.ConfigurationScope): LrLensSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const out: Record<string, boolean | number> = {};
  for (const f of FIELDS) {
    const { key, kind, default: d } = spec(f);
    const v = c.get(key);
    // A switch is on unless set to false (off unless set to true when its default is off).
    out[f] = kind === 'flag' ? (d === true ? v !== false : v === true) : kind === 'count' ? positiveInt(v, d as number) : budgetSetting(v, d as number);
  }
  return out as LrLensSettings;
}

/** True when the change touches any LR Lens setting in `fields` (all when omitted). */
export function affects(e: vscode.ConfigurationChangeEvent, fields?: (keyof LrLensSettings)[]): boolean {
  const keys = fields ? fields.map((f) => KEYS[f]) : Object.values(KEYS);
  return keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}

/** The settings field that switches each diagnostic rule on or off. */
export const RULE_SETTINGS = Object.fromEntries(
  FIELDS.flatMap((f) => {
    const r = spec(f).rule;
    return r ? [[r, f]] : [];
  }),
) as Record<RuleId, keyof LrLensSettings>;

/** Rules switched on (false: off) for src/core/lint's lint(). */
export function ruleSwitches(s: LrLensSettings): Record<RuleId, boolean> {
  const out = {} as Record<RuleId, boolean>;
  for (const [rule, field] of Object.entries(RULE_SETTINGS) as [RuleId, keyof LrLensSettings][]) out[rule] = s[field] !== false;
  return out;
}
