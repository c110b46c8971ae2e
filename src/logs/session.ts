/**
 * Script + log → the comparison the CLI prints and the chart draws: analyze, fill the assumptions
 * the log answers, analyze again with them, compare the primary scheduler with the log.
 */
import { analyze } from '../analysis/analyze';
import type { AnalysisResult, AnalyzeOptions } from '../analysis/types';
import { fillFromLog, markFilled, type Filled } from './fill';
import { compareFinding, primaryFinding, type FindingComparison } from './forFinding';
import type { TrainingLog } from './types';

export interface LogSession {
  analysis: AnalysisResult;
  filled: Filled;
  comparison: FindingComparison | null;
}

export function compareWithLog(source: string, log: TrainingLog, options: AnalyzeOptions = {}): LogSession {
  const user = options.assumptions ?? {};
  const analyzeWith = (o: AnalyzeOptions) => analyze(source, { ...options, ...o });
  let filled: Filled;
  try {
    filled = fillFromLog(analyzeWith, log, user, source);
  } catch {
    filled = { overrides: {}, reasons: {} };
  }
  const analysis = markFilled(analyze(source, { ...options, assumptions: { ...user, ...filled.overrides } }), filled.reasons);
  const f = primaryFinding(analysis.schedulers);
  return { analysis, filled, comparison: f ? compareFinding(f, log, source) : null };
}
