/**
 * Every command LR Lens registers, in one table: package.json's `contributes.commands` lists exactly
 * the public ones (a unit test checks), and every surface — hover links, code lenses, the chart
 * panel, the generator, the training log — refers to them through this table. Pure (the hover's
 * command links are built in plain Node too).
 */
export const COMMANDS = {
  showChart: 'lrLens.showChart',
  editAssumptions: 'lrLens.editAssumptions',
  setAssumption: 'lrLens.setAssumption',
  toggleInlinePreview: 'lrLens.toggleInlinePreview',
  toggleCodeLens: 'lrLens.toggleCodeLens',
  openSample: 'lrLens.openSample',
  generateScheduler: 'lrLens.generateScheduler',
  changeScheduler: 'lrLens.changeScheduler',
  compareWithLog: 'lrLens.compareWithLog',
} as const;

/** Registered in the extension's test mode or for its own tests only: not in package.json. */
export const INTERNAL_COMMANDS = {
  stats: 'lrLens.internal.stats',
  workerDeadline: 'lrLens.internal.workerDeadline',
  chartPanelState: 'lrLens.test.chartPanelState',
  chartPanelReceive: 'lrLens.test.chartPanelReceive',
  generatorState: 'lrLens.test.generatorState',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
