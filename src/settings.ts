import * as vscode from 'vscode';
import { DEFAULT_DATASET_SIZE, DEFAULT_RUN_LENGTH } from './analysis/assumptions';
import { DEFAULT_SIMULATION_BUDGET } from './analysis/curves';
import type { RuleId } from './analysis/diagnostics/types';

/** The `lrLens.*` settings, typed. Mirrors `contributes.configuration` in package.json. */
export interface LrLensSettings {
  /** `lrLens.codeLens.enabled` */
  codeLensEnabled: boolean;
  /** `lrLens.inlinePreview.enabled` */
  inlinePreviewEnabled: boolean;
  /** `lrLens.defaultRunLength`: steps simulated when the code shows no run length. */
  defaultRunLength: number;
  /** `lrLens.defaultDatasetSize`: batches per epoch assumed for `len(loader)`. */
  defaultDatasetSize: number;
  /** `lrLens.chart.logScale` */
  logScale: boolean;
  /** `lrLens.diagnostics.enabled`: schedule diagnostics in the Problems panel. */
  diagnosticsEnabled: boolean;
  /** `lrLens.diagnostics.stepOrder`: rule `step-order`. */
  diagnosticsStepOrder: boolean;
  /** `lrLens.diagnostics.stepUnit`: rule `step-unit`. */
  diagnosticsStepUnit: boolean;
  /** `lrLens.diagnostics.stepCount`: rule `step-count`. */
  diagnosticsStepCount: boolean;
  /** `lrLens.diagnostics.warmupTooLong`: rule `warmup-too-long`. */
  diagnosticsWarmupTooLong: boolean;
  /** `lrLens.diagnostics.tmaxShort`: rule `tmax-short`. */
  diagnosticsTmaxShort: boolean;
  /** `lrLens.diagnostics.polyLrEnd`: rule `poly-lr-end`. */
  diagnosticsPolyLrEnd: boolean;
  /** `lrLens.diagnostics.minLrMissing`: rule `min-lr-missing`. */
  diagnosticsMinLrMissing: boolean;
  /** `lrLens.diagnostics.sequentialMilestones`: rule `sequential-milestones`. */
  diagnosticsSequentialMilestones: boolean;
  /** `lrLens.diagnostics.sequentialPlateau`: rule `sequential-plateau`. */
  diagnosticsSequentialPlateau: boolean;
  /** `lrLens.diagnostics.plateauNoMetric`: rule `plateau-no-metric`. */
  diagnosticsPlateauNoMetric: boolean;
  /** `lrLens.diagnostics.verboseRemoved`: rule `verbose-removed`. */
  diagnosticsVerboseRemoved: boolean;
  /** `lrLens.diagnostics.stepEpochDeprecated`: rule `step-epoch-deprecated`. */
  diagnosticsStepEpochDeprecated: boolean;
  /** `lrLens.diagnostics.neverStepped`: rule `never-stepped`. */
  diagnosticsNeverStepped: boolean;
  /** `lrLens.simulation.budget`: operations one simulated curve may cost (steps × groups × schedulers + lr-function operations). */
  simulationBudget: number;
}

export const SECTION = 'lrLens';

export const DEFAULT_SETTINGS: LrLensSettings = {
  codeLensEnabled: true,
  inlinePreviewEnabled: true,
  defaultRunLength: DEFAULT_RUN_LENGTH,
  defaultDatasetSize: DEFAULT_DATASET_SIZE,
  logScale: false,
  diagnosticsEnabled: true,
  diagnosticsStepOrder: true,
  diagnosticsStepUnit: true,
  diagnosticsStepCount: true,
  diagnosticsWarmupTooLong: true,
  diagnosticsTmaxShort: true,
  diagnosticsPolyLrEnd: true,
  diagnosticsMinLrMissing: true,
  diagnosticsSequentialMilestones: true,
  diagnosticsSequentialPlateau: true,
  diagnosticsPlateauNoMetric: true,
  diagnosticsVerboseRemoved: true,
  diagnosticsStepEpochDeprecated: true,
  diagnosticsNeverStepped: true,
  simulationBudget: DEFAULT_SIMULATION_BUDGET,
};

/** Setting keys under `lrLens.` by field. */
export const KEYS: Record<keyof LrLensSettings, string> = {
  codeLensEnabled: 'codeLens.enabled',
  inlinePreviewEnabled: 'inlinePreview.enabled',
  defaultRunLength: 'defaultRunLength',
  defaultDatasetSize: 'defaultDatasetSize',
  logScale: 'chart.logScale',
  diagnosticsEnabled: 'diagnostics.enabled',
  diagnosticsStepOrder: 'diagnostics.stepOrder',
  diagnosticsStepUnit: 'diagnostics.stepUnit',
  diagnosticsStepCount: 'diagnostics.stepCount',
  diagnosticsWarmupTooLong: 'diagnostics.warmupTooLong',
  diagnosticsTmaxShort: 'diagnostics.tmaxShort',
  diagnosticsPolyLrEnd: 'diagnostics.polyLrEnd',
  diagnosticsMinLrMissing: 'diagnostics.minLrMissing',
  diagnosticsSequentialMilestones: 'diagnostics.sequentialMilestones',
  diagnosticsSequentialPlateau: 'diagnostics.sequentialPlateau',
  diagnosticsPlateauNoMetric: 'diagnostics.plateauNoMetric',
  diagnosticsVerboseRemoved: 'diagnostics.verboseRemoved',
  diagnosticsStepEpochDeprecated: 'diagnostics.stepEpochDeprecated',
  diagnosticsNeverStepped: 'diagnostics.neverStepped',
  simulationBudget: 'simulation.budget',
};

function positiveInt(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.min(Math.round(v), 10_000_000) : fallback;
}

function budgetSetting(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1_000_000 ? Math.min(Math.round(v), 10_000_000_000) : fallback;
}

export function readSettings(scope?: vscode.ConfigurationScope): LrLensSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const d = DEFAULT_SETTINGS;
  return {
    codeLensEnabled: c.get<boolean>(KEYS.codeLensEnabled, d.codeLensEnabled) !== false,
    inlinePreviewEnabled: c.get<boolean>(KEYS.inlinePreviewEnabled, d.inlinePreviewEnabled) !== false,
    defaultRunLength: positiveInt(c.get(KEYS.defaultRunLength), d.defaultRunLength),
    defaultDatasetSize: positiveInt(c.get(KEYS.defaultDatasetSize), d.defaultDatasetSize),
    logScale: c.get<boolean>(KEYS.logScale, d.logScale) === true,
    diagnosticsEnabled: c.get<boolean>(KEYS.diagnosticsEnabled, true) !== false,
    diagnosticsStepOrder: c.get<boolean>(KEYS.diagnosticsStepOrder, true) !== false,
    diagnosticsStepUnit: c.get<boolean>(KEYS.diagnosticsStepUnit, true) !== false,
    diagnosticsStepCount: c.get<boolean>(KEYS.diagnosticsStepCount, true) !== false,
    diagnosticsWarmupTooLong: c.get<boolean>(KEYS.diagnosticsWarmupTooLong, true) !== false,
    diagnosticsTmaxShort: c.get<boolean>(KEYS.diagnosticsTmaxShort, true) !== false,
    diagnosticsPolyLrEnd: c.get<boolean>(KEYS.diagnosticsPolyLrEnd, true) !== false,
    diagnosticsMinLrMissing: c.get<boolean>(KEYS.diagnosticsMinLrMissing, true) !== false,
    diagnosticsSequentialMilestones: c.get<boolean>(KEYS.diagnosticsSequentialMilestones, true) !== false,
    diagnosticsSequentialPlateau: c.get<boolean>(KEYS.diagnosticsSequentialPlateau, true) !== false,
    diagnosticsPlateauNoMetric: c.get<boolean>(KEYS.diagnosticsPlateauNoMetric, true) !== false,
    diagnosticsVerboseRemoved: c.get<boolean>(KEYS.diagnosticsVerboseRemoved, true) !== false,
    diagnosticsStepEpochDeprecated: c.get<boolean>(KEYS.diagnosticsStepEpochDeprecated, true) !== false,
    diagnosticsNeverStepped: c.get<boolean>(KEYS.diagnosticsNeverStepped, true) !== false,
    simulationBudget: budgetSetting(c.get(KEYS.simulationBudget), d.simulationBudget),
  };
}

/** True when the change touches any LR Lens setting in `fields` (all when omitted). */
export function affects(e: vscode.ConfigurationChangeEvent, fields?: (keyof LrLensSettings)[]): boolean {
  const keys = fields ? fields.map((f) => KEYS[f]) : Object.values(KEYS);
  return keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}

/** The settings field that switches each diagnostic rule on or off. */
export const RULE_SETTINGS: Record<RuleId, keyof LrLensSettings> = {
  'step-order': 'diagnosticsStepOrder',
  'step-unit': 'diagnosticsStepUnit',
  'step-count': 'diagnosticsStepCount',
  'warmup-too-long': 'diagnosticsWarmupTooLong',
  'tmax-short': 'diagnosticsTmaxShort',
  'poly-lr-end': 'diagnosticsPolyLrEnd',
  'min-lr-missing': 'diagnosticsMinLrMissing',
  'sequential-milestones': 'diagnosticsSequentialMilestones',
  'sequential-plateau': 'diagnosticsSequentialPlateau',
  'plateau-no-metric': 'diagnosticsPlateauNoMetric',
  'verbose-removed': 'diagnosticsVerboseRemoved',
  'step-epoch-deprecated': 'diagnosticsStepEpochDeprecated',
  'never-stepped': 'diagnosticsNeverStepped',
};

/** Rules switched on (false: off) for src/analysis/diagnostics's lint(). */
export function ruleSwitches(s: LrLensSettings): Record<RuleId, boolean> {
  const out = {} as Record<RuleId, boolean>;
  for (const [rule, field] of Object.entries(RULE_SETTINGS) as [RuleId, keyof LrLensSettings][]) out[rule] = s[field] !== false;
  return out;
}
