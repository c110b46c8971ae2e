/**
 * Schedule diagnostics: pure rules over an AnalysisResult and the source it came from. Each rule
 * can be switched off; `# lr-lens: ignore` comments silence a line. Never throws: a rule that
 * fails is skipped.
 */
import type { FindingCurve } from '../model/curves';
import type { AnalysisResult, SchedulerFinding } from '../model/types';
import { neverStepped, plateauNoMetric, stepEpochDeprecated, stepOrder } from './stepCallRules';
import { minLrMissing, polyLrEnd, sequentialMilestones, sequentialPlateau, verboseRemoved } from './argumentRules';
import { RuleContext } from './context';
import { ignoreFix, isIgnored } from './ignore';
import { stepCount, stepUnit, tmaxShort, warmupTooLong } from './runLengthRules';
import { torchWarmupTooLong } from './torchWarmupRules';
import { timmStepCount, timmWarmupTooLong } from './timmRules';
import { processStepCount } from './processRules';
import type { Fix, LintDiagnostic, RuleId, TextEdit } from './types';

export * from './types';
export { ignoredOn } from './ignore';

const CHECKS: Record<RuleId, (ctx: RuleContext) => LintDiagnostic[]> = {
  'step-order': stepOrder,
  'step-unit': stepUnit,
  'step-count': (ctx) => [...stepCount(ctx), ...processStepCount(ctx), ...timmStepCount(ctx)],
  'warmup-too-long': (ctx) => [...warmupTooLong(ctx), ...torchWarmupTooLong(ctx), ...timmWarmupTooLong(ctx)],
  'tmax-short': tmaxShort,
  'poly-lr-end': polyLrEnd,
  'min-lr-missing': minLrMissing,
  'sequential-milestones': sequentialMilestones,
  'sequential-plateau': sequentialPlateau,
  'plateau-no-metric': plateauNoMetric,
  'verbose-removed': verboseRemoved,
  'step-epoch-deprecated': stepEpochDeprecated,
  'never-stepped': neverStepped,
};

/** A more specific rule that already explains the same scheduler's length. */
const SUPERSEDES: Partial<Record<RuleId, RuleId[]>> = {
  'step-unit': ['step-count', 'tmax-short'],
};

export interface LintOptions {
  /** Rules switched off (false); every rule runs by default. */
  rules?: Partial<Record<RuleId, boolean>>;
  /** Called with a rule that threw (the rule is skipped). */
  onError?: (rule: RuleId, error: unknown) => void;
  /**
   * When `source` is a notebook's code cells joined (src/core/model/cells.ts): the first line of
   * each cell. A comment line above a cell's first line does not ignore it, line numbers in
   * messages count from the cell's start, and a fix that deletes a cell's last line keeps the
   * newline that joins it to the next cell.
   */
  cellLines?: readonly number[];
  /**
   * The document model's curve of a finding (src/core/model/documentModel.ts): rules that read the lr
   * over the finding's own run use it instead of simulating again, so their numbers are the lens's.
   */
  curveOf?: (f: SchedulerFinding) => FindingCurve;
}

export interface LintResult {
  diagnostics: LintDiagnostic[];
  /** Per diagnostic (same order): a fix that adds `# lr-lens: ignore[rule]` to its line. */
  ignoreFixes: Fix[];
}

/** The diagnostics of one analyzed source, sorted by position. */
export function lint(result: AnalysisResult, source: string, options: LintOptions = {}): LintResult {
  const ctx = new RuleContext(result, source, options.cellLines, options.curveOf);
  let all: LintDiagnostic[] = [];
  for (const [rule, check] of Object.entries(CHECKS) as [RuleId, (c: RuleContext) => LintDiagnostic[]][]) {
    if (options.rules?.[rule] === false) continue;
    try {
      all.push(...check(ctx));
    } catch (e) {
      options.onError?.(rule, e);
    }
  }
  // Drop what a more specific diagnostic on the same scheduler already says.
  for (const [rule, drops] of Object.entries(SUPERSEDES) as [RuleId, RuleId[]][]) {
    const lines = new Set(all.filter((d) => d.rule === rule).map((d) => schedulerOf(result, d)));
    all = all.filter((d) => !drops.includes(d.rule) || !lines.has(schedulerOf(result, d)));
  }
  all = all.filter((d) => !isIgnored(ctx, d));
  all.sort((a, b) => a.range.start - b.range.start || a.rule.localeCompare(b.rule));
  return { diagnostics: all, ignoreFixes: all.map((d) => ignoreFix(ctx, d)) };
}

/** The scheduler call a diagnostic's range lies in, or one of its step calls (else a key of the diagnostic's own start, below 0). */
export function schedulerOf(result: AnalysisResult, d: LintDiagnostic): number {
  const within = (r: { start: number; end: number }) => r.start <= d.range.start && d.range.end <= r.end;
  const f = result.schedulers.find((s) => within(s.range) || s.stepCalls.some((c) => within(c.range)));
  return f ? f.id : -1 - d.range.start;
}

/** Applies non-overlapping edits to a text (tests, the CLI). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
