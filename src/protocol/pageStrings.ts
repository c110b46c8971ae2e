/**
 * The English templates the chart page shows (its literal `t(…)`/`msg(…)` calls) and the assumption
 * reasons the analysis it reruns can record. The host sends the page this list translated
 * (vscode.l10n.t), so the page needs no bundle of its own. test/unit/l10n/bundle.test.ts keeps the
 * list equal to what the page's code and the analysis use.
 */
export const PAGE_TEMPLATES: readonly string[] = [
  'Dismiss',
  'epoch',
  'step',
  'learning rate',
  'momentum',
  'preview: {0}',
  '{0} (steps per epoch unknown)',
  'Log y (auto)',
  'Log y',
  'Linear y',
  'x: epochs',
  'x: steps',
  'Switch the x axis between optimizer steps and epochs',
  'Steps per epoch are not known for this file',
  'recomputed by the editor',
  'inactive branch',
  'line {0}',
  'Show in the editor',
  'Computed in the code: {0}',
  'Not written in the code (default {0})',
  'required',
  'A Python callable or structure: edit it in the code',
  'default',
  'Assumptions',
  '{0} — line {1}',
  'run length',
  'epochs',
  'steps',
  'This schedule calls Python code (a lambda or function): the chart reruns it here as you edit a field.',
  'This schedule calls Python code (a lambda or function): the editor recomputes it when you change a field.',
  'Metric-driven: drawn for a metric that never improves (the earliest possible reductions).',
  'Apply to code ({0})',
  'Apply to code',
  'The chart failed: {0}',
  '{0} group {1}',
  '{0} momentum',
  'warm-up end',
  'step decay',
  'milestone',
  'LinearLR end',
  'ConstantLR end',
  'decay end',
  'warm-up end (peak)',
  'annealing end',
  'restart',
  'cycle',
  'decay start',
  'next scheduler',
  '{0} raises when constructed: {1}: {2}',
  '{0} raises at step {1}: {2}: {3}',
];

export const ASSUMPTION_REASONS: readonly string[] = [
  'base lr unknown',
  'batch size unknown',
  'batches per epoch unknown',
  'cycle length unknown',
  'dataset size unknown',
  'decay factor unknown',
  'decay period unknown',
  'gradient accumulation unknown',
  'learning rate unknown',
  'minimum lr unknown',
  'momentum unknown',
  'no metric series given (--metrics); the schedule reacts to the metric passed to step()',
  'number of devices unknown',
  'number of epochs unknown',
  'number of processes unknown',
  'patience unknown',
  'peak lr unknown',
  'period unknown',
  'run length unknown',
  'value unknown without running the program',
  'warm-up fraction unknown',
  'warm-up length unknown',
];

/** English template → the template in the display language; keys outside the lists are dropped. */
export type PageStrings = Record<string, string>;

/** Every template the host translates for the page. */
export const ALL_PAGE_TEMPLATES: readonly string[] = [...PAGE_TEMPLATES, ...ASSUMPTION_REASONS];
