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
  'Training log {0}: {1}',
  'Training log {0}: the scheduler it was compared with is not drawn.',
  'Training log {0}: {1} logged values; the first differs at step {2} (largest difference {3}).',
  'Training log {0}: {1} logged values.',
  'Compare with log…',
  "Draw the run's own training log over the predicted curve (trainer_state.json, TensorBoard, Lightning or W&B CSV)",
  'log leaves the plan at step {0}',
  'logged: {0}',
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

/**
 * The messages the analysis and the engine word themselves (their `ownMessage(…)` templates): the
 * page reruns both, so it shows these too. test/unit/l10n/bundle.test.ts keeps the list current.
 */
export const OWN_MESSAGES: readonly string[] = [
  'Analysis failed: {0}',
  'Analysis stopped early: operation budget exhausted',
  'Analysis stopped early: range too long for the operation budget',
  'Analysis stopped early: time limit reached',
  'Analysis stopped early: {0}',
  'Argument {0} is a {1}, which the analysis cannot pass on',
  "Could not compute the Trainer's schedule: {0}",
  'Could not find the optimizer this scheduler wraps; assuming one param group with lr=0.001',
  'Could not resolve `{0}` ({1}) without running the program',
  'Could not resolve `{0}`; assuming this branch is taken',
  'Internal analysis error: {0}',
  "LR Lens does not know the scheduler '{0}'",
  'No metric value for step {0}: only {1} values were given.',
  'Parsing stopped early (time limit)',
  'Skipped a statement too large to analyze',
  'Skipped a statement with a line longer than {0} characters',
  'Skipped a statement with nesting deeper than {0} brackets',
  'The Trainer is given its own scheduler through optimizers=; this schedule is not used',
  'The loops run {0} steps ({1}); the schedule declares {2}, which is used',
  'The number of steps must be a whole number ≥ 0, got {0}.',
  '`verbose` is deprecated in PyTorch 2.x and does not change the schedule',
  "unknown scheduler '{0}'",
  '{0} are not a finite number: PyTorch computes inf or nan learning rates from them',
  '{0} is NaN; a learning-rate schedule needs a real number here',
  '{0} is not a finite number: PyTorch computes inf or nan learning rates from it',
  '{0} is not a scheduler',
  '{0} lr is not a number',
  '{0} must be True or False',
  '{0} must be a dict, got {1}',
  '{0} must be a list of numbers, got {1}',
  '{0} must be a list of schedulers, got {1}',
  '{0} must be a number, got {1}',
  '{0} must be a string, got {1}',
  '{0} must be an integer, got {1}',
  '{0} must be positive, got {1}',
  '{0} steps is more than LR Lens simulates (at most {1}).',
  '{0}() takes at most {1} positional arguments',
  '{0}.step() needs a metric value (e.g. the validation loss) at every step, and none was given.',
];

/**
 * What the page says about a training log it compares (src/logs/compare.ts's reasons, which the
 * page reruns on its own curve, and src/logs/fill.ts's assumption reasons).
 * test/unit/logs/pageStrings.test.ts keeps the list equal to those files' templates.
 */
export const LOG_MESSAGES: readonly string[] = [
  'Logged one step late: each value at step s is the plan after s − 1 scheduler steps, i.e. the lr used by step s (newer transformers log it before the scheduler steps). Not a schedule bug.',
  'Restarted: from step {0} the lr follows the plan from its beginning again, as if the scheduler was created anew at step {1} (the logged epoch also restarts at step {2}). A run resumed from a checkpoint without the scheduler state does this.',
  'Restarted: from step {0} the lr follows the plan from its beginning again, as if the scheduler was created anew at step {1}. A run resumed from a checkpoint without the scheduler state does this.',
  'Skipped scheduler steps: the run falls behind the plan by {0} steps (step: lag {1}) and stays behind. With fp16, a step whose gradients overflow skips the optimizer and the scheduler; a loop that skips batches does the same.',
  'Squeezed {0}×: the value at step s is the plan at step {0}·s, so the scheduler was stepped {0} times per logged step (Accelerate steps a prepared scheduler once per process; a schedule sized in optimizer steps stepped per micro-batch does too).',
  'Stretched {0}×: the value at step s is the plan at step s ÷ {0}, so the scheduler was stepped once per {0} logged steps (gradient accumulation, with steps counted in micro-batches).',
  'The logged lr leaves the plan at step {0}: logged {1}, planned {2} ({3} apart). No simple reason (off by one, skipped steps, a restart, a stretch) explains all logged values.',
  'The logged lr matches the plan at all {0} compared steps, but {1} logged values come after step {2}, where the planned schedule ends: the run was longer than the code plans.',
  'The logged lr matches the plan at all {0} logged steps (to float32 precision).',
  'The logged lr matches the plan at all {0} logged steps (to float32 precision). The logged epoch starts again at steps {1} (a resumed run); the lr does not, so the scheduler state was restored.',
  'from the training log: the epochs it ran',
  'from the training log: the run length it records',
  'from the training log: the run length its learning rates fit (steps per epoch × whole epochs)',
  'from the training log: the steps per epoch it shows',
];

/** English template → the template in the display language; keys outside the lists are dropped. */
export type PageStrings = Record<string, string>;

/** Every template the host translates for the page. */
export const ALL_PAGE_TEMPLATES: readonly string[] = [...PAGE_TEMPLATES, ...ASSUMPTION_REASONS, ...OWN_MESSAGES, ...LOG_MESSAGES];
