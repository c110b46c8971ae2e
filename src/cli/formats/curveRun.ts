/** A scheduler of a loaded file with its curve, and the lint diagnostics it owns. */
import { curveFor, type CurveOptions, type FindingCurve } from '../../analysis/curves';
import type { LintDiagnostic } from '../../analysis/diagnostics/index';
import type { SchedulerFinding } from '../../analysis/types';
import { ownerOf, placeOf, type Loaded, type Place } from '../load';

export interface SchedulerRun {
  finding: SchedulerFinding;
  fc: FindingCurve;
  place: Place;
  diagnostics: LintDiagnostic[];
}

export interface FileRun {
  file: Loaded;
  schedulers: SchedulerRun[];
  /** Lint diagnostics no scheduler owns. */
  loose: LintDiagnostic[];
}

export function runFile(file: Loaded, opts: CurveOptions): FileRun {
  const owned = new Map<number, LintDiagnostic[]>();
  const loose: LintDiagnostic[] = [];
  for (const d of file.diagnostics) {
    const owner = ownerOf(file, d);
    if (!owner) loose.push(d);
    else owned.set(owner.id, [...(owned.get(owner.id) ?? []), d]);
  }
  const schedulers = file.result.schedulers.map((f) => ({
    finding: f,
    fc: curveFor(f, opts),
    place: placeOf(file, { line: f.line - 1, character: f.range.startPos.character }),
    diagnostics: owned.get(f.id) ?? [],
  }));
  return { file, schedulers, loose };
}

/** `scheduler` or `#3` when it has no name. */
export function schedulerLabel(f: SchedulerFinding): string {
  return f.name ?? `#${f.id}`;
}
