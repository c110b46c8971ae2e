/**
 * What the engine is asked to simulate: a scheduler (or transformers schedule) description, the
 * optimizer it wraps, and how long to run it. Plain data plus callables, so the analysis layer can
 * build it from Python source and the webview can rebuild it from edited fields.
 */

/**
 * A Python callable such as an `lr_lambda` or CyclicLR's `scale_fn`, already turned into a
 * function of one number. It may throw: the engine reports the throw as an error at that step,
 * the way Python would have raised.
 */
export type LrCallable = ((x: number) => number) & {
  /** Optional batch form, bit-identical to calling the function step by step (LambdaLR's fast loop uses it). */
  fill?: FillLoop;
};

/** Writes `out[k * stride + offset] = base * f(first + k)` for k = 1..steps. */
export type FillLoop = (base: number, first: number, steps: number, out: Float64Array, stride: number, offset: number) => void;

/**
 * A user's `LRScheduler` subclass (`class CosineWarmup(LRScheduler)` with its own `get_lr`), as the
 * analysis read it: the engine (torch/subclass.ts) is torch's base class, and the program runs the
 * user's methods — its `__init__`, `get_lr`, `_get_closed_form_lr` — on the instance it makes.
 */
export interface SubclassProgram {
  readonly subclassOf: string;
  /** The class name, for messages. */
  readonly className: string;
  /** A fresh instance on `base`, before its `__init__` ran; `args` replace the constructor's number arguments of those names (an edit in the chart). */
  create(base: SubclassBase, args: Readonly<Record<string, ArgValue>>): SubclassInstance;
}

/** One instance of a subclass program. */
export interface SubclassInstance {
  /** Runs the user's `__init__`; its `super().__init__(optimizer, last_epoch)` calls `base.baseInit`. */
  construct(): void;
  /** `get_lr()` (`_get_closed_form_lr()` when `closedForm`): one lr per group, fewer leaving the others as they are (torch zips them). */
  getLr(closedForm: boolean): number[];
  readonly hasClosedForm: boolean;
}

/** The engine's base class as the program sees it (the state the Python attributes mirror). */
export interface SubclassBase {
  readonly paramGroups: readonly { lr: number; initialLr: number | undefined }[];
  readonly defaultLr: number;
  lastEpoch: number;
  stepCount: number;
  readonly baseLrs: readonly number[];
  /** Inside the construction-time step (no `_last_lr` yet). */
  readonly isInitial: boolean;
  /** `LRScheduler.__init__(optimizer, last_epoch)` up to the initial step (may raise KeyError). */
  initState(lastEpoch: number): void;
  /** The construction-time step: `_step_count = 0; self.step()`. */
  initialStep(): void;
}

export function isSubclassProgram(v: unknown): v is SubclassProgram {
  return typeof v === 'object' && v !== null && typeof (v as SubclassProgram).subclassOf === 'string' && typeof (v as SubclassProgram).create === 'function';
}

/** An argument value as the library would receive it. */
export type ArgValue =
  | number
  | string
  | boolean
  | null
  | LrCallable
  | SubclassProgram
  | ScheduleSpec
  | ArgValue[]
  | { [key: string]: ArgValue };

/**
 * A scheduler construction. `kind` is the torch class name (`StepLR`, `OneCycleLR`, …) or the
 * transformers function name (`get_linear_schedule_with_warmup`, `get_scheduler`, …) or class
 * (`GreedyLR`). `args` are keyword arguments by the library's own parameter names, without
 * `optimizer` (positional arguments must be mapped to names first, in `SIGNATURES` order).
 * Sub-schedulers of SequentialLR / ChainedScheduler are nested ScheduleSpecs in `args.schedulers`.
 */
export interface ScheduleSpec {
  kind: string;
  args: Record<string, ArgValue>;
  /**
   * Arguments the code writes as Python floats (`T_0=10.0`). A JS number cannot tell `10.0` from
   * `10`, and PyTorch refuses a float where it checks `isinstance(x, int)`.
   */
  floats?: string[];
}

/** One param group of the optimizer as the scheduler first sees it. */
export interface ParamGroupSpec {
  lr: number;
  /** Present when the optimizer was restored from a checkpoint (needed for `last_epoch >= 0`). */
  initial_lr?: number;
  momentum?: number;
  betas?: [number, number];
  /** timm's per-group multiplier: every lr a timm scheduler sets is multiplied by it. */
  lr_scale?: number;
}

export interface OptimizerSpec {
  /** Class name: `SGD`, `Adam`, `AdamW`, … Decides whether momentum or beta1 can be cycled. */
  type: string;
  paramGroups: ParamGroupSpec[];
  /**
   * The optimizer's constructor `lr` (`optimizer.defaults["lr"]`), which transformers' polynomial
   * and cosine-with-min-lr schedules read. Defaults to the first group's lr.
   */
  defaultLr?: number;
}

export interface SimulateOptions {
  /** How many times `optimizer.step(); scheduler.step()` runs. At most MAX_STEPS. */
  steps: number;
  /** For metric-driven schedules (ReduceLROnPlateau, GreedyLR): the value passed at step k is metrics[k-1]. */
  metrics?: ArrayLike<number>;
  /**
   * Storage to reuse for the result instead of allocating it (a 10^6-step curve is 8 MB, and
   * allocating it costs about as much as computing it): used when long enough, and the returned
   * curve's arrays are then views of these. For callers that recompute the same curve repeatedly,
   * such as the chart while a parameter is being edited; the previous curve is overwritten.
   */
  buffers?: { lr?: Float64Array; momentum?: Float64Array };
  /**
   * Where a result without such a buffer is stored, `size` values (default: a new Float64Array):
   * the CLI's worker stores a long curve in shared memory, so the main thread reads it without a copy.
   */
  allocate?: (size: number) => Float64Array;
  /** Records the lr only, not a cycled momentum (the CLI's CSV prints no momentum: 8 MB less for 10^6 steps). */
  lrOnly?: boolean;
  /**
   * timm: how `step_update` and `step(epoch)` are called (train.py's loop). The curve then has one
   * row per call, `metrics` one value per epoch, and `steps` is not used. Without it a timm
   * scheduler gets `steps` epochs of one `step(epoch)` call each.
   */
  protocol?: { epochs: number; updatesPerEpoch: number; epochCalls?: boolean };
  /**
   * Saves the state of the budget the lr functions share (the analysis's simulation budget) and
   * returns what puts it back: a fast loop that gives up part-way is redone one step at a time,
   * and what it spent is given back first, so no call is charged twice.
   */
  checkpoint?: () => () => void;
}

/** Where the real library would raise. `atStep` is 1-based; 0 means the constructor raised. */
export interface ScheduleError {
  atStep: number;
  /** Python exception type the library raises: ValueError, KeyError, … */
  type: string;
  message: string;
  /** The argument the message is about, when there is one. */
  argument?: string;
  /** For a message LR Lens words itself (not the library's): its English template and arguments, to translate. */
  template?: string;
  args?: string[];
}

/**
 * The simulated curve. Rows are stored flat, row-major: the lr of group g after k steps is
 * `lr[k * groups + g]`. Row 0 is the lr right after construction. When the library would raise
 * partway, `rows` stops before that step and `error` says where and why.
 */
export interface Curve {
  groups: number;
  rows: number;
  lr: Float64Array;
  /** Momentum (or Adam's beta1) per row and group, when the schedule cycles it. */
  momentum?: Float64Array;
  error?: ScheduleError;
  /** timm curves: the protocol the rows follow (row 0 "init", then one row per call; see timmCallLabel). */
  protocol?: { epochs: number; updatesPerEpoch: number; epochCalls?: boolean };
}

/** Refuse longer runs with a message instead of running out of memory. */
export const MAX_STEPS = 10_000_000;
