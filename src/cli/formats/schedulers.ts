/** Which schedulers of a file a curve command writes, how each is named, and the rows it writes of timm's. */
import type { FindingCurve } from '../../core/model/curves';
import type { SchedulerFinding } from '../../core/model/types';

/** `scheduler` or `#3` when it has no name. */
export function schedulerLabel(f: SchedulerFinding): string {
  return f.name ?? `#${f.id}`;
}

/**
 * The curve as the command line writes it: timm's as the engine's one row per call (the oracle's
 * form; the editor draws the same run per optimizer step), every other as it is.
 */
export function callRows(fc: FindingCurve): FindingCurve {
  if (!fc.calls) return fc;
  const { calls, ...rest } = fc;
  return { ...rest, curve: calls };
}

/** `--scheduler NAME|#ID`: the runs it names (by id, name or alias), all without it; empty: none matched. */
export function pickSchedulers<T extends { finding: SchedulerFinding }>(runs: T[], wanted: string | undefined): T[] {
  if (wanted === undefined) return runs;
  const byId = /^#?(\d+)$/.exec(wanted);
  return runs.filter((r) => (byId ? r.finding.id === Number(byId[1]) : r.finding.name === wanted || r.finding.aliases.includes(wanted)));
}
