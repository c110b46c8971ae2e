/** A scheduler of a loaded file with its curve, and the lint diagnostics it owns. */
import type { FindingCurve } from '../../core/model/curves';
import type { LintDiagnostic } from '../../core/lint/index';
import type { SchedulerFinding } from '../../core/model/types';
import { ownerOf, placeOf, type Loaded, type Place } from '../load';
import { callRows } from './schedulers';

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

/**
 * The file's schedulers with their curves from its document model (simulated in the analysis worker),
 * as the command line writes them (./schedulers.ts callRows).
 */
export function runFile(file: Loaded): FileRun {
  const owned = new Map<number, LintDiagnostic[]>();
  const loose: LintDiagnostic[] = [];
  for (const d of file.diagnostics) {
    const owner = ownerOf(file, d);
    if (!owner) loose.push(d);
    else owned.set(owner.id, [...(owned.get(owner.id) ?? []), d]);
  }
  const schedulers = file.result.schedulers.map((f) => ({
    finding: f,
    fc: callRows(curveOf(file, f)),
    place: placeOf(file, { line: f.line - 1, character: f.range.startPos.character }),
    diagnostics: owned.get(f.id) ?? [],
  }));
  return { file, schedulers, loose };
}

function curveOf(file: Loaded, f: SchedulerFinding): FindingCurve {
  const c = file.curves.get(f.id);
  if (!c) throw new Error(`no curve of scheduler #${f.id} from the analysis worker`);
  return c;
}

