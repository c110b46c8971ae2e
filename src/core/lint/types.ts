/**
 * Plain-data diagnostics of a training script's lr schedule (the Problems panel, the CLI's
 * `diagnostics`). Each has a stable rule id, a message with numbers, the template and arguments
 * it was built from (so the VS Code layer can localize it), and a quick fix when the fix is
 * mechanical. Edits are file offsets into the analyzed source.
 */
import { format } from '../l10n/translate';
import type { Range } from '../model/types';

export type RuleId =
  | 'step-order'
  | 'step-unit'
  | 'step-count'
  | 'warmup-too-long'
  | 'tmax-short'
  | 'poly-lr-end'
  | 'min-lr-missing'
  | 'sequential-milestones'
  | 'sequential-plateau'
  | 'plateau-no-metric'
  | 'verbose-removed'
  | 'step-epoch-deprecated'
  | 'never-stepped';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  /** `title` before formatting (`{0}` placeholders filled from `titleArgs`), for vscode.l10n.t. */
  titleTemplate: string;
  titleArgs: string[];
  /** Non-overlapping edits of the analyzed source. */
  edits: TextEdit[];
}

export interface LintDiagnostic {
  rule: RuleId;
  severity: Severity;
  range: Range;
  message: string;
  /** `message` before formatting: `{0}`-style placeholders, filled from `args` (vscode.l10n.t). */
  messageTemplate: string;
  args: string[];
  fix?: Fix;
  /** The assumptions its numbers rest on, by name (the editor offers to set them). */
  assumed?: string[];
}

export interface RuleInfo {
  id: RuleId;
  /** The setting under `lrLens.diagnostics.` that switches it off. */
  setting: string;
  /** One line for the settings UI. */
  description: string;
}

/** Every rule, in the order of the issue that introduced them. Ids are stable (ignore comments name them). */
export const RULES: readonly RuleInfo[] = [
  { id: 'step-order', setting: 'stepOrder', description: '`scheduler.step()` before `optimizer.step()` in the same loop (the first lr is skipped).' },
  { id: 'step-unit', setting: 'stepUnit', description: 'A per-batch schedule stepped once per epoch, or a schedule sized in epochs stepped every batch.' },
  { id: 'step-count', setting: 'stepCount', description: '`total_steps` / `num_training_steps` that do not match how many times the loops step the scheduler (gradient accumulation included, and accelerate\'s num_processes scheduler steps per call when more than one process is assumed).' },
  { id: 'warmup-too-long', setting: 'warmupTooLong', description: 'A warm-up as long as training or longer (transformers, SequentialLR/ChainedScheduler with LinearLR or ConstantLR, a LambdaLR warm-up): the lr never reaches its peak.' },
  { id: 'tmax-short', setting: 'tmaxShort', description: '`CosineAnnealingLR` with `T_max` shorter than the run: the lr climbs back up.' },
  { id: 'poly-lr-end', setting: 'polyLrEnd', description: 'transformers\' polynomial decay with `lr_end` not below the optimizer\'s lr (ValueError).' },
  { id: 'min-lr-missing', setting: 'minLrMissing', description: '`cosine_with_min_lr` without `min_lr` or `min_lr_rate` (ValueError).' },
  { id: 'sequential-milestones', setting: 'sequentialMilestones', description: '`SequentialLR` whose milestones are not one fewer than its schedulers (ValueError).' },
  { id: 'sequential-plateau', setting: 'sequentialPlateau', description: '`SequentialLR` holding `ReduceLROnPlateau` (ValueError).' },
  { id: 'plateau-no-metric', setting: 'plateauNoMetric', description: '`ReduceLROnPlateau.step()` called without the metric it watches (TypeError).' },
  { id: 'verbose-removed', setting: 'verboseRemoved', description: '`verbose=` passed to a PyTorch scheduler (deprecated in 2.2, removed in 2.7).' },
  { id: 'step-epoch-deprecated', setting: 'stepEpochDeprecated', description: '`scheduler.step(epoch)`: deprecated, and the lr arrives one epoch late.' },
  { id: 'never-stepped', setting: 'neverStepped', description: 'A scheduler nothing steps: no `.step()` call and no other use of it, so the lr never follows the schedule.' },
];

export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

/** A fix title with its template and arguments. */
export function titled(template: string, ...args: (string | number)[]): Pick<Fix, 'title' | 'titleTemplate' | 'titleArgs'> {
  const a = args.map(String);
  return { title: format(template, a), titleTemplate: template, titleArgs: a };
}
