// What the programPinned_* suites share: the scripts' first lines and how a result is read back.
import { AssumptionTable, DEFAULT_DATASET_SIZE, DEFAULT_RUN_LENGTH } from '../../../src/core/model/assumptions';
import { ParseCache, Program } from '../../../src/core/model/program';
import type { AnalysisResult } from '../../../src/core/model/types';

/** An optimizer, for a scheduler to be built on. */
export const HEAD = 'import torch\nopt = torch.optim.SGD(params, lr=0.1)\n';
/** A scheduler whose step_size reads `x`: what the lines before bound it to. */
export const USE_X = '\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=x)\n';

/** Each scheduler's step_size. */
export const stepSize = (r: AnalysisResult) => r.schedulers.map((f) => f.params.step_size);
/** The diagnostics as [severity, message, 0-based line]. */
export const diags = (r: AnalysisResult) => r.diagnostics.map((d) => [d.severity, d.message, d.range?.startPos.line]);
/** The diagnostics as [severity, message, 0-based line, start offset, end offset]. */
export const diagsAt = (r: AnalysisResult) => r.diagnostics.map((d) => [d.severity, d.message, d.range?.startPos.line, d.range?.start, d.range?.end]);

/** A Program over `src` with the analysis' defaults (not run). */
export function newProgram(src: string, opts: { deadline?: number; cache?: ParseCache } = {}): Program {
  return new Program(src, {
    assumptions: new AssumptionTable({}, { datasetSize: DEFAULT_DATASET_SIZE, runLength: DEFAULT_RUN_LENGTH }),
    deadline: opts.deadline ?? Infinity,
    cache: opts.cache ?? new ParseCache(),
  });
}
