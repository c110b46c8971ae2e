/**
 * The user's lr functions (`lr_lambda`, `scale_fn`, a `def`) as the engine calls them: each call
 * runs in a fresh concrete interpreter with its own operation budget, and a simulation can cap
 * the operations all its calls spend together.
 */
import { groupThousands } from '../l10n/numbers';
import type { LrCallable } from '../engine/spec';
import { LibraryError } from '../engine/errors';
import { ownMessage } from '../l10n/translate';
import { Interp } from './evaluator';
import type { CallSite, Host } from './evaluatorApi';
import { Assumed, BudgetError, fromJsNumber, isNumber, isStackOverflow, pyErrorOf, toFloat, typeName, type PyBoundMethod, type PyBuiltin, type PyFunction, type Value } from './values';

/** Operation budget of one call of a user's lr function (concrete mode). */
export const CALLABLE_OPS = 10_000;

/**
 * The operations left to the lr functions of the simulation running now (curves.ts sets it around
 * one simulate() call): a 6,000-operation `def` called at each of 10^6 steps stops at the budget
 * with a message instead of running for minutes. Undefined outside a simulation (no limit but each
 * call's own CALLABLE_OPS).
 */
let simulationOps: { left: number; limit: number } | undefined;

/** Runs `f` (one simulation) with `left` operations for all the lr-function calls it makes (`limit`: the whole budget, for the message). */
export function withSimulationOps<T>(left: number, limit: number, f: () => T): T {
  const saved = simulationOps;
  simulationOps = { left, limit };
  try {
    return f();
  } finally {
    simulationOps = saved;
  }
}

/**
 * The simulation budget's state now (SimulateOptions.checkpoint): the function returned puts it
 * back, for a fast loop the engine gives up and redoes step by step. Nothing outside a simulation.
 */
export function simulationOpsCheckpoint(): () => void {
  const s = simulationOps;
  if (!s) return () => {};
  const left = s.left;
  return () => {
    s.left = left;
  };
}

/** The interpreter behind each lr function handed to the engine, to report what its last call used. */
const callableInterps = new WeakMap<LrCallable, Interp>();

/** An lr function run by `I` outside makeCallable (a hand-written schedule's replay): callableOps reports it too. */
export function trackCallable(fn: LrCallable, I: Interp): void {
  callableInterps.set(fn, I);
}

/** Operations the last call of an lr function made by the analysis used (≤ CALLABLE_OPS), or undefined for other functions. */
export function callableOps(fn: LrCallable): number | undefined {
  const I = callableInterps.get(fn);
  return I ? I.opsStart - I.ops : undefined;
}

/** Calls a Python callable with a fresh budget of CALLABLE_OPS, charged to the simulation running now; `what` names the call in the budget message. */
export type BudgetedCall = (fn: Value, args: Value[], what: string, kwargs?: Map<string, Value>) => Value;

/**
 * A concrete interpreter on `host` for calls the engine makes into the user's code, one at a
 * time: each call gets CALLABLE_OPS operations, and what it spends is charged to the simulation
 * running now (withSimulationOps). Python errors come back as errors named by their Python type;
 * running out of either budget is an error that says so (never a value cut short).
 */
export function budgetedCaller(host: Host, name: string): { call: BudgetedCall; interp: Interp } {
  const I = new Interp(host, { mode: 'concrete', ops: CALLABLE_OPS });
  const site = {
    node: { t: 'call', fn: { t: 'name', id: name, from: 0, to: 0 }, args: [], from: 0, to: 0 },
    home: { base: 0, blockIndex: -1, text: '' },
    interp: I,
    start: 0,
    end: 0,
    argNodes: [],
    text: `${name}(x)`,
    argTexts: ['x'],
  } as unknown as CallSite;
  const call: BudgetedCall = (fn, args, what, kwargs) => {
    I.ops = CALLABLE_OPS;
    I.callDepth = 0;
    I.modulePos = Infinity;
    let r: Value;
    try {
      r = I.call(fn, args, kwargs ?? new Map(), site);
    } catch (err) {
      if (err instanceof BudgetError) {
        throw named(new Error(`${name} exceeded its 10,000-operation budget when called ${what} (infinite loop?)`), 'RuntimeError');
      }
      // Python's own names: a stack overflow is a RecursionError, V8's size limits MemoryError or OverflowError.
      if (isStackOverflow(err)) throw named(new Error(`${name}: maximum recursion depth exceeded`), 'RecursionError');
      const pe = pyErrorOf(err);
      if (pe) throw named(new Error(pe.message), pe.pyType);
      throw err;
    }
    if (simulationOps) {
      simulationOps.left -= CALLABLE_OPS - I.ops;
      if (simulationOps.left < 0) {
        const limit = groupThousands(simulationOps.limit);
        throw new LibraryError('BudgetError', ownMessage('{0} used up the simulation budget of {1} operations (its calls at every step and param group); raise the setting lrLens.simulation.budget to simulate further', name, limit));
      }
    }
    return r;
  };
  return { call, interp: I };
}

/** A Python callable as the engine's LrCallable, run by a fresh concrete interpreter with a budget of CALLABLE_OPS per call. */
export function makeCallable(host: Host, fn: PyFunction | PyBoundMethod | PyBuiltin, name: string): LrCallable {
  const { call, interp } = budgetedCaller(host, name);
  const fnOfX = (x: number): number => {
    let r = call(fn, [fromJsNumber(x)], `with ${x}`);
    if (r instanceof Assumed) r = r.value;
    if (isNumber(r)) return toFloat(r);
    throw named(new Error(`unsupported operand type(s) for *: 'float' and '${typeName(r)}'`), 'TypeError');
  };
  callableInterps.set(fnOfX, interp);
  return fnOfX;
}

/** A Python error as the engine reports it (its `pyType`). */
export function pythonError(type: string, message: string): Error {
  return named(new Error(message), type);
}

/** The engine reads `pyType` for the Python exception type of a throw. */
function named(e: Error, name: string): Error {
  e.name = name;
  (e as Error & { pyType: string }).pyType = name;
  return e;
}

/**
 * Charges `used` operations of a run of the user's code (one iteration of a hand-written schedule's
 * loop, see replay.ts) to the simulation running now, as each lr-function call is charged.
 */
export function chargeSimulationOps(used: number, name: string): void {
  if (!simulationOps) return;
  simulationOps.left -= used;
  if (simulationOps.left < 0) {
    const limit = simulationOps.limit.toLocaleString('en-US');
    throw new LibraryError('BudgetError', ownMessage('{0} used up the simulation budget of {1} operations (its calls at every step and param group); raise the setting lrLens.simulation.budget to simulate further', name, limit));
  }
}
