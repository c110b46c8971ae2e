/**
 * One small interface between the program (program.ts) and what libraries and frameworks mean.
 *
 * The interpreter knows Python only (evaluatorApi.ts's Host is all it asks); the program answers
 * its questions by asking the framework adapters, one file per framework under adapters/ and
 * registered in one list (adapters/index.ts). An adapter declares what it recognises — library
 * paths it calls or reads attributes of, unknown callables (`accelerator.prepare(…)`), methods
 * called on values, loops, `with` blocks, decorators, trigger words — and what those mean, through
 * the hooks below. Every hook is optional, and `undefined` means "not mine": the next adapter is
 * asked, then the program's Python-only default applies.
 *
 * Adapters call the program through AnalysisContext (never the Program class itself) and the
 * interpreter through Evaluator: both are interfaces, so no module under adapters/ imports
 * program.ts or evaluator.ts (no import cycles, type-only ones included).
 */
import type { LrCallable } from '../engine/spec';
import type { Library } from '../engine/signatures';
import type { OwnText } from '../l10n/translate';
import type { Span } from '../python/ast';
import type { AssumptionTable } from '../model/assumptions';
import type { BudgetedCall } from '../python/callables';
import type { CallSite, Evaluator, Host, LoopGuard, LoopInfo, LoopKind } from '../python/evaluatorApi';
import type { FindingRec, SpanRec } from './hosts';
import type { LoopReplay, ReplayPlan } from '../python/replay';
import type { Range } from '../model/types';
import type { Opaque, PyBoundMethod, PyBuiltin, PyClass, PyFunction, PyLib, Scope, Value } from '../python/values';

/** What the program offers adapters (program.ts's Program implements it). */
export interface AnalysisContext {
  readonly src: string;
  /** The abstract interpreter reading the file. */
  readonly interp: Evaluator;
  readonly assumptions: AssumptionTable;
  readonly findings: FindingRec[];
  /** While set, the names of the assumptions made (what an lr function reads). */
  collecting: Set<string> | null;
  /** The finding of a construction at `site` (one per call site and factory path). */
  record(kind: string, library: Library, site: CallSite): { rec: FindingRec; fresh: boolean };
  /** A Python callable as the engine's LrCallable. */
  makeCallable(fn: PyFunction | PyBoundMethod | PyBuiltin, name: string): LrCallable;
  /** Re-runs a slice of a loop nest one iteration at a time (a hand-written schedule: src/core/python/replay.ts). */
  makeReplay(plan: ReplayPlan): LoopReplay;
  /**
   * A concrete interpreter for the engine's calls into the user's code (a scheduler subclass's
   * methods), with `hooks` answering what this program does not; `onAssumed` hears the
   * assumptions that code itself makes (not those of the blocks run to find a global).
   */
  caller(name: string, hooks: Pick<Host, 'superAttr'>, onAssumed?: (names: string[]) => void): BudgetedCall;
  /** An unknown scheduler argument: a default chosen by the parameter it is passed to. */
  assumeNumber(o: Opaque, param: string, kind?: string): { name: string; value: number; deps?: string[] };
  rangeOf(start: number, end: number): Range;
  span(site: CallSite, node: Span): SpanRec;
  /** The text of a file the script reads, when the host gave it (null otherwise; the request is recorded). */
  readFile(path: string): string | null;
  diagnostic(severity: 'error' | 'warning' | 'info', message: string | OwnText, start: number, end: number): void;
  /** Whether a text mentions what the analysis looks for (the adapters' trigger words). */
  relevant(text: string): boolean;
  /** Per-analysis state of an adapter, made by `init` on first use. */
  state<T>(key: object, init: () => T): T;
}

/** A call of a class of the file that derives a library class: the class, its library bases (canonical paths, by the class that names each), the arguments. */
export interface ClassCall {
  cls: PyClass;
  bases: { owner: PyClass; base: PyLib; path: string }[];
  args: Value[];
  kwargs: Map<string, Value>;
  site: CallSite;
}

/** A call of a library name: the canonical path (`transformers.get_scheduler`) and the value called. */
export interface LibCall {
  path: string;
  lib: PyLib;
  args: Value[];
  kwargs: Map<string, Value>;
  site: CallSite;
}

export interface Adapter {
  readonly name: string;
  /** Regular-expression fragments that make a block worth reading (`configure_optimizers`). */
  readonly triggers?: readonly string[];
  /** Module path spellings of the same module: `[/^pytorch_lightning\b/, 'lightning']`. */
  readonly aliases?: readonly (readonly [RegExp, string])[];
  /** `from module import *` then `name`: the library value, or undefined. */
  starImport?(module: string, name: string, cx: AnalysisContext): Value | undefined;
  /** `lib.name` of a library value (path canonical): `transformers.SchedulerType.COSINE` → 'cosine'. */
  libAttr?(path: string, name: string, I: Evaluator, cx: AnalysisContext): Value | undefined;
  /** A call of a library name: what it returns. An adapter may also only observe (and return undefined). */
  callLib?(call: LibCall, cx: AnalysisContext): Value | undefined;
  /** Any call of a library name or an unknown callable ran (after the call). */
  onCall?(site: CallSite, cx: AnalysisContext): void;
  /** `x.name` of an unknown `x` whose value the adapter knows (`accelerator.distributed_type`, a named assumption): see Host.opaqueAttr. */
  opaqueAttr?(obj: Opaque, name: string, text: string, range: { start: number; end: number }, cx: AnalysisContext): Value | undefined;
  /** A call of an unknown callable (`metric_logger.log_every(loader)`): what it returns. */
  opaqueCall?(fn: Opaque, args: Value[], kwargs: Map<string, Value>, site: CallSite, cx: AnalysisContext): Value | undefined;
  /** A call that reads the calling function's frame (`self.save_hyperparameters()`). */
  frameCall?(callee: string, scope: Scope, cx: AnalysisContext): Value | undefined;
  /** `x.name(...)` ran on the path taken. */
  onMethodCall?(site: CallSite, receiver: Value, name: string, receiverText: string, cx: AnalysisContext): void;
  /** `with x.name(...):` inside a loop: a guard when the block runs once per N iterations. */
  contextGuard?(name: string, text: string, receiver: () => Value, cx: AnalysisContext): LoopGuard | null | undefined;
  /** What a loop walks and how many times; undefined: not this adapter's. */
  classifyLoop?(loop: LoopInfo, cx: AnalysisContext): { kind: LoopKind; count: Value | null } | undefined;
  /** A decorator that hands the function back unchanged (`torch.no_grad`). */
  transparentDecorator?(text: string): boolean;
  /** A value an unknown has before any assumption is made (`self.trainer.max_epochs` from the file's Trainer). */
  known?(o: Opaque, cx: AnalysisContext): Value | undefined;
  /** A simple statement binding a name whose in-place changes change another object: `group = parser.add_argument_group(…)` → group changes parser. */
  changesThrough?(statement: string): { name: string; target: string } | undefined;
  /** Whether a user function (its source) hands back the scheduler it builds: each of its call sites is then its own construction. */
  isFactory?(functionText: string, cx: AnalysisContext): boolean;
  /** `x[key] = value` ran (abstract mode): see Host.onItemAssign. */
  onItemAssign?(obj: Value, key: Value, value: Value, at: SpanRec, statement: SpanRec, scope: Scope, cx: AnalysisContext): void;
  /** A class of the file deriving a library class is called (`CosineWarmupScheduler(optimizer, …)`): what it makes, or undefined. */
  instantiate?(call: ClassCall, cx: AnalysisContext): Value | undefined;
  /** A method of a class ran on its own (discovery), with what it returned (`configure_optimizers`). */
  methodReturned?(name: string, result: Value, cx: AnalysisContext): void;
}
