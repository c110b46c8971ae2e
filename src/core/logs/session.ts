/**
 * Script + log → the comparison the CLI prints and the chart draws: analyze, fill the assumptions
 * the log answers, analyze again with them, compare the primary scheduler with the log.
 */
import { analyze } from '../model/analyze';
import type { AnalysisResult, AnalyzeOptions } from '../model/types';
import { fillFromLog, markFilled, type Filled } from './fill';
import { compareFinding, primaryFinding, type FindingComparison } from './forFinding';
import type { LogOverlay } from './types';
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

/** What the chart page is sent to draw a session's log over its curve (null: nothing compared). */
export function overlayOf(session: LogSession, log: TrainingLog): LogOverlay | null {
  const c = session.comparison;
  if (!c) return null;
  return {
    format: log.format,
    schedulerId: c.schedulerId,
    tag: c.series.tag,
    group: c.group,
    float32: c.series.float32,
    steps: c.series.points.map((p) => p.step),
    values: c.series.points.map((p) => p.value),
    stepsPerRow: c.stepsPerRow,
    stepsPerEpoch: log.run.stepsPerEpoch ?? null,
    epochRestarts: [...log.run.epochRestarts],
    loggingSteps: log.run.loggingSteps ?? null,
    ...(c.metric ? { metric: c.metric } : {}),
    filled: { ...session.filled.reasons },
  };
}
