/**
 * Public types of the analysis layer. Plain data (plus the engine's ScheduleSpec, whose callables
 * are functions), so the VS Code layer, the webview and the CLI can all use them.
 */
import type { OptimizerSpec, ScheduleSpec } from '../engine/spec';
import type { Library } from '../engine/signatures';

/** 0-based line and character, as VS Code counts them (UTF-16 code units). */
export interface Position {
  line: number;
  character: number;
}

/** A source range: file offsets plus positions. */
export interface Range {
  start: number;
  end: number;
  startPos: Position;
  endPos: Position;
}

export interface Assumption {
  /** What is assumed, as the code says it: `len(train_dataloader)`, `args.epochs`, `metrics`. */
  name: string;
  value: number | string;
  /** Why it had to be assumed. */
  reason: string;
  range?: Range;
  /** The value came from AnalyzeOptions.assumptions. */
  overridden?: boolean;
  /** Where the value is read from, as written (`TrainArgs(lr_warmup_steps=100)`), when the code states it somewhere the analysis cannot confirm applies. */
  source?: string;
  /**
   * A loader's length in batches whose dataset the code does not size but whose batch size it
   * states: what the user knows (the number of examples) and how it becomes batches, so the editor
   * can ask for examples and set `len(loader)` = ⌈examples / batchSize⌉ (⌊…⌋ with drop_last).
   */
  examples?: {
    dataset: string;
    batchSize: number;
    dropLast: boolean;
    /** The loader was sharded by 🤗 Accelerate's prepare: per process ⌈batches / num_processes⌉, this assumption's value. */
    processes?: string;
  };
}

export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  /** In English; a message LR Lens words itself also carries its `template` and `args` (src/core/l10n/translate.ts ownMessage). */
  message: string;
  template?: string;
  args?: string[];
  range?: Range;
}

/** One argument of a scheduler call as written. */
export interface ArgumentInfo {
  /** The library's parameter name. */
  name: string;
  /** The argument as written (source text), or undefined when the default is used. */
  text?: string;
  /** Range of the value expression. */
  range?: Range;
  /** A plain literal (number, string, True/False/None, negative number) that can be rewritten in place. */
  isLiteral: boolean;
  /** Positional or keyword. */
  positional: boolean;
}

export type StepUnit = 'step' | 'epoch' | 'unknown';

/** One `scheduler.step(...)` call found in the code. */
export interface StepCall {
  range: Range;
  /** Loops around the call, outermost first. */
  loops: { kind: 'epoch' | 'batch' | 'unknown'; variable: string | null; iterable: string; count: number | null }[];
  /** Inside the batch loop (per step), the epoch loop (per epoch), or neither. */
  unit: StepUnit;
  /** `optimizer.step()` was called before this call in the same loop body. */
  afterOptimizerStep: boolean | null;
  /** Source text of the metric passed to step() (ReduceLROnPlateau), if any. */
  metric: string | null;
  /** The optimizer.step() calls in the innermost loop around this call, in the order they ran. */
  optimizerSteps?: Range[];
  /**
   * The call runs once every `every` iterations of its innermost loop: under `if (step + 1) % N == 0:`
   * or `with accelerator.accumulate(model):` (N = the Accelerator's gradient_accumulation_steps);
   * `engine`: a DeepSpeed engine's `step()`, which steps the scheduler once every N calls counted
   * over the whole run (N = the ds_config's gradient_accumulation_steps). `assumed`: the
   * assumptions N rests on (an Accelerator's gradient_accumulation_steps the file does not give).
   */
  accumulation?: { kind: 'modulo' | 'accumulate' | 'engine'; text: string; every: number | null; assumed?: string[] } | null;
  /**
   * For a call inside a function: the loops around the function's call (`for epoch in …:
   * train_one_epoch(…)`), outermost first; `loops` are the function's own. Null outside functions.
   */
  callerLoops?: StepCall['loops'] | null;
  /** timm's per-batch `step_update(num_updates)`; absent for `step(…)`. */
  method?: 'step_update';
}

export interface SchedulerFinding {
  id: number;
  /** Variable the scheduler is assigned to, or null. */
  name: string | null;
  /** Every variable it was assigned to. */
  aliases: string[];
  /** The class or function as named in the library (StepLR, get_scheduler, TrainingArguments, …). */
  kind: string;
  library: Library;
  /** Range of the whole call. */
  range: Range;
  /** 1-based line of the call. */
  line: number;
  /**
   * Built inside a user's factory function (`def get_linear_schedule_with_warmup(...): return
   * LambdaLR(...)`): where the construction is written; `range` is then the factory's call.
   */
  definedAt?: Range;
  /** A call still being typed (unclosed parentheses, `T_max=` with no value): no curve should be shown for it. */
  incomplete?: boolean;
  /** The arguments as written, by the library's names. */
  arguments: ArgumentInfo[];
  /** Resolved arguments, JSON-friendly (callables shown by their source text). */
  params: Record<string, unknown>;
  /** What the engine simulates. */
  spec: ScheduleSpec;
  optimizer: OptimizerSpec;
  /** Each param group's lr before the scheduler touches it. */
  baseLrs: number[];
  unit: StepUnit;
  /** Run length the code shows (epochs × batches, or the schedule's own length). */
  naturalSteps: number;
  /** Where naturalSteps came from. */
  naturalStepsSource: string;
  stepCalls: StepCall[];
  assumptions: Assumption[];
  diagnostics: Diagnostic[];
  /** Reached on the path the analysis resolved (false: in an if-branch whose condition is false). */
  active: boolean;
  /** For children of SequentialLR/ChainedScheduler: the composite's id. */
  parent: number | null;
  children: number[];
  /** Metric-driven (ReduceLROnPlateau, GreedyLR): needs a metric series. */
  metricDriven: boolean;
  /**
   * Passed through 🤗 Accelerate's `prepare` (wrapped in AcceleratedScheduler): where, how many times
   * one `.step()` steps it (the process count; null when the Accelerator's options are unknown), the
   * assumption the count comes from, and the prepare arguments that ran before the scheduler was built.
   */
  accelerate?: { range: Range; accelerator: string; stepsPerCall: number | null; processes: string | null; preparedBefore: string[] };
  /**
   * timm: how the loops call the scheduler (train.py's protocol): epochs, `step_update` calls per
   * epoch (0 when the code never calls it) and whether `step(epoch)` is called. The curve has one
   * row per call; `naturalSteps` counts the calls.
   */
  timm?: { epochs: number; updatesPerEpoch: number; epochCalls: boolean; source: string };
  /** For TrainingArguments: the inputs the Trainer's schedule was computed from. */
  trainer?: Record<string, unknown>;
}

export interface AnalysisResult {
  schedulers: SchedulerFinding[];
  /** Assumptions made anywhere in the file. */
  assumptions: Assumption[];
  diagnostics: Diagnostic[];
  /** Milliseconds spent. */
  timeMs: number;
  /**
   * Files the script reads that the analysis used or wanted (a ds_config JSON): `read` false when
   * AnalyzeOptions.files did not have it. A host reads those (inside the workspace only) and
   * analyzes again with them, and re-analyzes when one changes.
   */
  files?: { path: string; read: boolean }[];
  /** Blocks parsed (for diagnostics of the analysis itself). */
  stats: { blocks: number; parsedBlocks: number; reusedBlocks: number; ops: number };
}

export interface AnalyzeOptions {
  /** Overrides of assumptions by name (`{"len(train_dataloader)": 500}`). */
  assumptions?: Record<string, number | string>;
  /** Default for an unknown dataset length (batches per epoch). Default 1000. */
  defaultDatasetSize?: number;
  /** Default for an unknown run length. Default 100 (DEFAULT_RUN_LENGTH, also the default of the editor setting lrLens.defaultRunLength). */
  defaultRunLength?: number;
  /** The text of files the script reads (config files), by the path the script names them with (see AnalysisResult.files). */
  files?: Readonly<Record<string, string>>;
  /** Wall-clock backstop for one analysis, ms. Default 250; the operation budget normally binds first. */
  timeLimitMs?: number;
}
