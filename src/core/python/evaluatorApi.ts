/**
 * The narrow interface of the Python interpreter (evaluator.ts), in the spirit of pyright's
 * `TypeEvaluator`: what the code around the interpreter may call (`Evaluator`), what a call site
 * looks like (`CallSite`), the loops it is inside (`LoopFrame`), and what the interpreter asks of
 * the program it runs in (`Host`). Types only: every module of the analysis can import this file
 * without importing the interpreter (nor the interpreter them), so the type-only import cycles
 * through evaluator.ts are gone.
 *
 * The interpreter knows Python only. Everything a library or framework means (what a call of a
 * library name returns, which loops are epoch loops, which `with` blocks run once per N
 * iterations) reaches it through the Host hooks below, which the program answers from its
 * framework adapters (adapter.ts, adapters/).
 */
import type { Arg, Expr, Stmt } from './ast';
import type { OwnText } from '../l10n/translate';
import type { CallInfo, CodeHome, Opaque, PyClass, PyFunction, PyLib, Scope, Value } from './values';

export interface CallSite extends CallInfo {
  node: Extract<Expr, { t: 'call' }>;
  home: CodeHome;
  interp: Evaluator;
  /** File range of the call. */
  start: number;
  end: number;
  /** Keyword argument nodes by name, positional nodes in order. */
  argNodes: Arg[];
  /** `**x` arguments whose mapping is unknown, as written (`self.hparams.optimizer_hparams`). */
  unknownKwargs?: string[];
}

export type LoopKind = 'epoch' | 'batch' | 'unknown';

export interface LoopFrame {
  kind: LoopKind;
  variable: string | null;
  iterable: string;
  /** Iteration count when known (int or Assumed int). */
  count: Value | null;
  start: number;
  /** File offsets of optimizer.step() calls seen in this loop body so far. */
  optimizerSteps: number[];
  /** The same calls as file spans (start, end), in the order they ran. */
  optimizerCalls: { start: number; end: number }[];
  /** Enclosing conditions inside this loop's body that make code run only every N-th iteration, or in some of its iterations. */
  guards: LoopGuard[];
  /** The values of the loop variable, when the loop walks a range the program states (`for epoch in range(300)`). */
  range?: { start: bigint; step: bigint; length: bigint };
  /**
   * A `while step < max_steps:` loop whose counter is advanced inside an inner loop: `count` is the
   * number of counter increments in the whole loop (the inner loops' counts are already in it).
   */
  total?: boolean;
  /**
   * The loop as written, the scope it runs in and what it walks (abstract mode): for re-running
   * parts of its body once per iteration (a hand-written schedule's lr, see Host.onItemAssign).
   */
  node?: Stmt;
  scope?: Scope;
  home?: CodeHome;
  value?: Value;
  /** The top-level statement of the body being run now. */
  current?: Stmt;
  /** A scheduler's step() ran inside this loop (set by the host that records step calls). */
  stepped?: boolean;
  /** A counter loop (`while step < N: … step += 1`, `while True: … if step > N: break`): the counter, its value before the loop, its increment. */
  counter?: { name: string; start: Value; step: Value };
}

/**
 * Code under `if (step + 1) % N == 0:` (or inside a `with` block a host reads as such, see
 * Host.contextGuard) runs once per N iterations of the loop around it (gradient accumulation).
 */
export interface LoopGuard {
  /**
   * modulo: `if (i + 1) % N == 0:`; accumulate: a `with` block run once per N iterations; window:
   * a comparison of the loop variable with a known value (`if epoch > swa_start:` and its `else`),
   * true in `count` of the loop's iterations.
   */
  kind: 'modulo' | 'accumulate' | 'window';
  /** window: the iterations of the loop in which the condition holds. */
  count?: number;
  /** window: which of the loops around the code (0 the outermost) the condition counts. */
  depth?: number;
  /** The condition or context manager as written. */
  text: string;
  /** N when known (modulo: the right operand of `%`; a context manager's: left to the program, null here). */
  divisor: Value | null;
  /** For a context manager: the object whose method is entered. */
  object?: Value;
}

/** A loop as the interpreter sees it, for Host.classifyLoop. */
export interface LoopInfo {
  form: 'for' | 'while';
  /** The loop variable (`for` target, or the `while` counter) as written. */
  targetText: string;
  /** The iterable (`for`) or the condition (`while`) as written. */
  iterText: string;
  /** `for`: the iterable's expression and value. */
  iter?: Expr;
  value?: Value;
  home: CodeHome;
  /** The iteration count Python values give (a range, a list), or null. */
  count: Value | null;
  interp: Evaluator;
}

/** What the interpreter needs from the program around it. */
export interface Host {
  lookupGlobal(name: string, pos: number): Value | undefined;
  libAttr(lib: PyLib, name: string, I: Evaluator): Value;
  callLib(lib: PyLib, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value;
  /** A function assigned a name it declares `global` (abstract mode): a global the blocks do not bind. */
  assignGlobal?(name: string, value: Value): void;
  /** A value is assigned to a variable (to name schedulers). */
  onAssign(target: string, value: Value): void;
  /** An Opaque value used as a number: returns the assumed value. */
  assume(o: Opaque): Value;
  /** Record that a function body ran (to know which ones discovery still has to visit). */
  onEnterFunction(fn: PyFunction): void;
  diagnostic(severity: 'error' | 'warning' | 'info', message: string | OwnText, start: number, end: number): void;
  /** A call of an unknown callable ran. */
  onCall?(site: CallSite): void;
  /** A call of an unknown callable whose result the host knows (a wrapper handing back what it is given). */
  opaqueCall?(fn: Opaque, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value | undefined;
  /** A call (by the callee's name or text) that reads the calling function's own frame, like `locals()`; undefined when it is no such call. */
  frameCall?(callee: string, scope: Scope): Value | undefined;
  /** `x.name(...)` ran on the path taken (abstract mode), with the receiver's value. */
  onMethodCall?(site: CallSite, receiver: Value, name: string, receiverText: string): void;
  /** `with x.name(...):` inside a loop: a guard when the block runs once per N iterations. `receiver` evaluates `x`. */
  contextGuard?(name: string, text: string, receiver: () => Value): LoopGuard | null;
  /** What a loop walks (epochs, batches) and how many times, beyond what Python values say. */
  classifyLoop?(loop: LoopInfo): { kind: LoopKind; count: Value | null };
  /** A decorator (as written, without its arguments) that hands the function back unchanged. */
  transparentDecorator?(text: string): boolean;
  /** Whether a statement is about what the analysis looks for: unresolved branches and errors are said there. */
  relevant?(text: string): boolean;
  /** Whether a user function hands back the scheduler it builds (each call site is then its own construction). */
  isFactory?(fn: PyFunction): boolean;
  /** A factory call returned (see isFactory). */
  onFactoryReturn?(result: Value, site: CallSite): void;
  /**
   * `x[key] = value` (or `x[key] op= value`) ran on the path taken or not (abstract mode): `at` is
   * the target's file range, `statement` the whole statement's, `scope` the scope it ran in.
   */
  onItemAssign?(obj: Value, key: Value, value: Value, at: { start: number; end: number }, statement: { start: number; end: number }, scope: Scope): void;
  /**
   * A class deriving a class the interpreter has none for (`class Warmup(lr_scheduler.LRScheduler)`) is
   * called (abstract mode): what the call makes, or undefined to make a plain instance and run its `__init__`.
   */
  instantiate?(cls: PyClass, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value | undefined;
  /** `super().name` found in no class of the file, where the MRO reaches `libBase` (a base value the interpreter has no class for). */
  superAttr?(self: Value, libBase: Value, name: string): Value | undefined;
  /** `a if cond else b` with cond unknown: `a`, recorded as an assumption named by the expression. */
  assumeChoice?(text: string, value: Value, range: { start: number; end: number }): Value;
  /** `x.name` of an unknown `x` (abstract mode) whose value the host knows (`accelerator.distributed_type`); undefined: unknown. */
  opaqueAttr?(obj: Opaque, name: string, text: string, range: { start: number; end: number }): Value | undefined;
}

/** The interpreter as the rest of the analysis uses it (evaluator.ts's Interp implements it). */
export interface Evaluator {
  readonly host: Host;
  readonly mode: 'abstract' | 'concrete';
  readonly abstract: boolean;
  ops: number;
  readonly opsStart: number;
  deadline: number;
  inactive: boolean;
  loops: LoopFrame[];
  callerLoops: LoopFrame[];
  callDepth: number;
  modulePos: number;
  readonly factorySites: number[];
  /** Assumptions the branches being run were chosen by (`if accelerator.distributed_type == …:` with an assumed value), outermost first. */
  readonly pathDeps: string[];
  tick(): void;
  alloc(n: number): void;
  allocChars(n: number): void;
  spend(n: number): void;
  mayMutate(obj: Value): boolean;
  lookup(name: string, scope: Scope, home: CodeHome, node: { from: number; to: number }): Value;
  getAttr(obj: Value, name: string, home: CodeHome, node: { from: number; to: number }): Value;
  concretize(v: Value): Value;
  call(fn: Value, args: Value[], kwargs: Map<string, Value>, site: CallSite, scope?: Scope): Value;
  callFunction(fn: PyFunction, args: Value[], kwargs: Map<string, Value>): Value;
  instantiate(cls: PyClass, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value;
  iterValues(v: Value): Value[] | null;
  /** The last value a call expression produced when it was an object of the host (HostObject), by its node. */
  resultOf(node: Expr): Value | undefined;
}
