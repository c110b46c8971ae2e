import * as vscode from 'vscode';

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
}

export const SECTION = 'lrLens';

export const DEFAULT_SETTINGS: LrLensSettings = {
  codeLensEnabled: true,
  inlinePreviewEnabled: true,
  defaultRunLength: 1000,
  defaultDatasetSize: 1000,
  logScale: false,
};

/** Setting keys under `lrLens.` by field. */
export const KEYS: Record<keyof LrLensSettings, string> = {
  codeLensEnabled: 'codeLens.enabled',
  inlinePreviewEnabled: 'inlinePreview.enabled',
  defaultRunLength: 'defaultRunLength',
  defaultDatasetSize: 'defaultDatasetSize',
  logScale: 'chart.logScale',
};

function positiveInt(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.min(Math.round(v), 10_000_000) : fallback;
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
  };
}

/** True when the change touches any LR Lens setting in `fields` (all when omitted). */
export function affects(e: vscode.ConfigurationChangeEvent, fields?: (keyof LrLensSettings)[]): boolean {
  const keys = fields ? fields.map((f) => KEYS[f]) : Object.values(KEYS);
  return keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
