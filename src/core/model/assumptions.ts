/**
 * Named assumptions: every value the analysis cannot know (a dataset's length, a value read from a
 * YAML file) is replaced by a default that is recorded here with its reason. The user can override
 * any of them by name and re-run.
 */
import type { Assumption, Range } from './types';

export const DEFAULT_DATASET_SIZE = 1000;
export const DEFAULT_RUN_LENGTH = 100;

/** The name an assumption is listed and overridden by: the code's text, cut to 120 characters ("…" as `...`). */
export function assumptionName(text: string): string {
  return text.length > 120 ? text.slice(0, 117) + '...' : text;
}

export interface AssumptionDefaults {
  datasetSize: number;
  runLength: number;
}

export class AssumptionTable {
  private readonly used = new Map<string, Assumption>();
  constructor(
    private readonly overrides: Record<string, number | string>,
    readonly defaults: AssumptionDefaults,
  ) {}

  /** Use an assumption: the override when the user gave one, else the default. */
  use(name: string, value: number | string, reason: string, range?: Range, examples?: Assumption['examples'], source?: string): number | string {
    const existing = this.used.get(name);
    if (existing) return existing.value;
    const over = Object.prototype.hasOwnProperty.call(this.overrides, name) ? this.overrides[name] : undefined;
    const a: Assumption = { name, value: over ?? value, reason, ...(range ? { range } : {}), ...(examples ? { examples } : {}), ...(source ? { source } : {}) };
    if (over !== undefined) a.overridden = true;
    this.used.set(name, a);
    return a.value;
  }

  get(name: string): Assumption | undefined {
    return this.used.get(name);
  }

  all(): Assumption[] {
    return [...this.used.values()];
  }
}

/**
 * A sensible default for an unknown value, judged by the text it came from (`args.epochs`,
 * `config["lr"]`, `len(train_dataloader)`) or the parameter it is passed to.
 */
export function guessDefault(text: string, d: AssumptionDefaults): { value: number; reason: string } {
  // `args["--bert-lr"]` (docopt) reads as bert_lr.
  const t = text.toLowerCase().replace(/-/g, '_');
  if (/^len\(/.test(t)) {
    return { value: d.datasetSize, reason: 'dataset size unknown' };
  }
  const last = t.replace(/["'\]\)]+$/g, '').split(/[.\[("' ]+/).filter(Boolean).pop() ?? t;
  const rules: [RegExp, number, string][] = [
    [/warmup.*(ratio|frac|pct|proportion|percent)/, 0.1, 'warm-up fraction unknown'],
    [/(min|end|final).*(lr|learning_rate)|eta_min|lr_(min|end)/, 0, 'minimum lr unknown'],
    [/max_lr|peak_lr/, 0.01, 'peak lr unknown'],
    // yolov5's hyp["lrf"]: the final lr as a fraction of the initial one.
    [/^lrf$|final_lr_frac|min_lr_ratio|min_lr_rate/, 0.01, 'final lr fraction unknown'],
    // A name that ends in lr is one (`bert_lr`); `lr_warmup_steps` is a length, `lr_warmup_decay` a factor.
    [/(^|_)(lr|learning_rate|base_lr|init_lr)$|^learning_rate|^lr$/, 0.001, 'learning rate unknown'],
    [/warmup.*(decay|factor)|start_factor|(^|_)factor$/, 1 / 3, 'warm-up factor unknown'],
    // As for num_warmup_steps: a tenth of the run (0 would divide by zero in `step / warmup_steps`).
    [/warmup/, Math.round(d.runLength / 10), 'warm-up length unknown'],
    [/(grad|gradient)_?acc/, 1, 'gradient accumulation unknown'],
    [/num_processes|world_size|num_gpus|n_gpu|num_devices|nproc/, 1, 'number of processes unknown'],
    [/stepping_batches|max_steps|total_steps|num_training_steps/, d.runLength, 'run length unknown'],
    [/batch/, 32, 'batch size unknown'],
    // The epoch a run is at (`args.start_epoch`, litgpt's `train_iterator.epoch`, `checkpoint["epoch"]`): its start.
    [/^(start|current|cur|init|initial|resume|begin|last)_?epoch$/, 0, 'current epoch unknown: assumed at the start'],
    [/epoch/, 10, 'number of epochs unknown'],
    [/gamma|factor|decay_rate|lr_decay/, 0.1, 'decay factor unknown'],
    [/(step_size|decay_steps|decay_epochs|lr_step)/, 30, 'decay period unknown'],
    [/patience/, 10, 'patience unknown'],
    [/(max_steps|total|num_training|train_steps|iters|iterations|t_max|steps)/, d.runLength, 'run length unknown'],
    [/(world_size|num_gpus|n_gpu|gpus|devices)/, 1, 'number of devices unknown'],
    [/momentum|beta/, 0.9, 'momentum unknown'],
    [/(dataset|data|loader|samples|examples)/, d.datasetSize, 'dataset size unknown'],
  ];
  // The last part of the name first (`args.lr_warmup_steps` is a warm-up length), then the whole text.
  // A bare `epoch` is the current one when read from an iterator, a state or a checkpoint, else a count.
  if (last === 'epoch' && /(iter|loader|sampler|state|checkpoint|ckpt)[\w]*(\.|\[["'])epoch/.test(t)) return { value: 0, reason: 'current epoch unknown: assumed at the start' };
  for (const [re, value, reason] of rules) if (re.test(last)) return { value, reason };
  for (const [re, value, reason] of rules) if (re.test(t)) return { value, reason };
  return { value: 1, reason: 'value unknown without running the program' };
}

/** Default for a scheduler parameter whose value is unknown: by its role in the kind descriptors (src/core/engine/kinds/roles.ts). */
export { defaultForParam } from '../engine/kinds';
