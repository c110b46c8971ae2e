/**
 * 🤗 Accelerate's `accelerator.prepare(…)`: a scheduler passed through it is wrapped in
 * AcceleratedScheduler, whose step() (with the default split_batches=False and
 * step_scheduler_with_optimizer=True) steps the real scheduler `num_processes` times, once the
 * gradients are synchronized; prepared dataloaders are sharded, so `len(loader)` after prepare is
 * the per-process length. (accelerate/scheduler.py, AcceleratedScheduler.step.)
 */
import type { FindingRec } from './hosts';
import type { AssumptionTable } from '../model/assumptions';
import type { Value } from '../python/values';

export interface PrepareRec {
  start: number;
  end: number;
  /** `accelerator` in `accelerator.prepare(…)`. */
  accelerator: string;
  /** Source texts of the positional arguments. */
  args: string[];
}

/** Options of an `Accelerator(...)` call that change how a prepared scheduler is stepped. */
export interface AcceleratorOptions {
  splitBatches: Value | undefined;
  stepWithOptimizer: Value | undefined;
  /** A `dataloader_config=` (which can set split_batches) whose value the analysis does not read. */
  dataloaderConfig: boolean;
}

export function acceleratorOptions(kwargs: Map<string, Value>): AcceleratorOptions {
  return { splitBatches: kwargs.get('split_batches'), stepWithOptimizer: kwargs.get('step_scheduler_with_optimizer'), dataloaderConfig: kwargs.has('dataloader_config') };
}

/** `accelerator.prepare` → `accelerator`, or null when the call is not a prepare. */
export function prepareTarget(fnText: string): string | null {
  const m = /^(.*)\.prepare$/.exec(fnText.replace(/\(.*$/s, '').trim());
  return m ? m[1] : null;
}

export interface AccelerateInfo {
  /** The prepare call that wrapped the scheduler. */
  start: number;
  end: number;
  accelerator: string;
  /**
   * How many times one `.step()` call steps the real scheduler (when the gradients are synced):
   * the process count, 1 with split_batches=True or step_scheduler_with_optimizer=False, null when
   * the Accelerator's options are unknown.
   */
  stepsPerCall: number | null;
  /** The assumption the process count comes from (`accelerator.num_processes`), when it is used. */
  processes: string | null;
  /** Argument texts of the prepare calls that ran before the scheduler was built (dataloaders sharded before it was sized). */
  preparedBefore: string[];
}

const truthy = (v: Value | undefined): boolean | null => (v === undefined ? null : v === true ? true : v === false ? false : null);

/**
 * What accelerate does to a scheduler passed through prepare, given the file's Accelerators
 * (exactly one must be known to read its options).
 */
export function accelerateInfo(rec: FindingRec, prepares: PrepareRec[], accelerators: AcceleratorOptions[], table: AssumptionTable): AccelerateInfo | null {
  const p = prepares.find((x) => x.start >= rec.span.end && x.args.some((a) => rec.names.includes(a.trim())));
  if (!p) return null;
  const preparedBefore = prepares.filter((x) => x.end <= rec.span.start).flatMap((x) => x.args.map((a) => a.trim()));
  const base = { start: p.start, end: p.end, accelerator: p.accelerator, preparedBefore };
  if (accelerators.length !== 1) return { ...base, stepsPerCall: null, processes: null };
  const o = accelerators[0];
  const split = truthy(o.splitBatches);
  const withOpt = truthy(o.stepWithOptimizer);
  if (withOpt === false || split === true) return { ...base, stepsPerCall: 1, processes: null };
  if ((o.splitBatches !== undefined && split === null) || (o.stepWithOptimizer !== undefined && withOpt === null) || o.dataloaderConfig)
    return { ...base, stepsPerCall: null, processes: null };
  const name = `${p.accelerator}.num_processes`;
  const v = table.use(name, 1, 'number of processes unknown: set at launch (accelerate launch --num_processes, torchrun --nproc_per_node); a prepared scheduler is stepped this many times per call');
  const n = typeof v === 'number' ? v : Number(v);
  return { ...base, stepsPerCall: Number.isInteger(n) && n >= 1 ? n : null, processes: name };
}
