/**
 * The schedule engine: pure TypeScript, no vscode, no DOM, no Node built-ins. Bundled into the
 * extension host, the webview and the CLI.
 */
export * from './spec';
export * from './signatures';
export { simulate, curveRow, curveRows } from './simulate';
export { FAMILIES, bareKind, familyOfKind, type FamilyDescriptor, type FamilyLibrary } from './families';
export { timmCallLabel, timmBatchRows, callsPerEpoch, createSchedulerV2Plan, type TimmProtocol } from './timm/schedulers';
export { DIFFUSERS_SCHEDULER_TYPES } from './diffusers/optimization';
export { DEEPSPEED_CONFIG_TYPES } from './deepspeed/lrSchedules';
