/**
 * Re-running parts of a loop nest, one iteration at a time, in the concrete interpreter: what a
 * hand-written schedule needs (the lr a training loop computes and writes at each iteration). The
 * caller says which statements of the innermost function's loop bodies to run (a slice: the ones
 * that lead to the lr and the ones they read) and how each loop's variables are bound at its k-th
 * iteration; the statements run in Python's order with Python's values, in a scope of their own
 * above the one the loop ran in during the analysis, so nothing the analysis holds is changed.
 * Each iteration has CALLABLE_OPS operations and is charged to the simulation's budget.
 * Python only: what the statements mean is the caller's.
 */
import type { Stmt } from './ast';
import type { LrCallable } from '../engine/spec';
import { CALLABLE_OPS, chargeSimulationOps, trackCallable } from './callables';
import { Interp } from './evaluator';
import type { Host } from './evaluatorApi';
import { BudgetError, Opaque, isStackOverflow, pyErrorOf, type CodeHome, type Scope, type Value } from './values';

export interface ReplayBinding {
  name: string;
  value: Value;
  /** The file range of the loop target it is bound to (a caller's loop variable reaches the function as this Opaque). */
  range?: { start: number; end: number };
}

export interface ReplayLevel {
  count: number;
  /** The loop variables at iteration k. */
  bind(k: number): ReplayBinding[];
  /** Statements of this loop's body run before the inner loop (the innermost: up to and including the lr's), and after it. Empty for a caller's loop. */
  pre: Stmt[];
  post: Stmt[];
}

export interface ReplayPlan {
  /** Outermost first; the innermost is the loop the lr is written in. */
  levels: ReplayLevel[];
  /** The scope the innermost loop ran in, and its code. */
  scope: Scope;
  home: CodeHome;
  /** Index of the top-level block the loop is in (globals are read as they are before it), or Infinity. */
  modulePos: number;
  /** Names bound in the loop's scope for the whole run (a stand-in for an optimizer built in another file). */
  bindings?: ReadonlyMap<string, Value>;
  /** Called before the first iteration (a fresh optimizer state): the objects the loop may change (its param groups). */
  reset(): object[];
  /** After the innermost `pre`: the values of this iteration (each param group's lr). */
  read(): number[];
  /** For messages: what is run (`param_group['lr']`). */
  name: string;
  /** Around each call of a group's callable (the optimizer's param groups swapped in and out). */
  enter?(): void;
  leave?(): void;
}

/** Iteration t of the loop nest → its values, run in order (a call for an earlier t starts again from 0). */
export class LoopReplay {
  private readonly I: Interp;
  private next = 0;
  private prev: number[] | null = null;
  private scope: Scope | null = null;
  private last: number[] = [];
  private readonly total: number;

  constructor(
    host: Host,
    private readonly plan: ReplayPlan,
  ) {
    this.I = new Interp(host, { mode: 'concrete', ops: CALLABLE_OPS });
    this.total = plan.levels.reduce((a, l) => a * l.count, 1);
  }

  /** Param group `g`'s lr at iteration t, as the engine's LrCallable (its operations reported by callableOps). */
  callable(g: number): LrCallable {
    const fn = (t: number): number => {
      this.plan.enter?.();
      try {
        return this.at(t)[g];
      } finally {
        this.plan.leave?.();
      }
    };
    trackCallable(fn, this.I);
    return fn;
  }

  /** Iterations the loops run. */
  get length(): number {
    return this.total;
  }

  /** The values at iteration t; past the last iteration, the last ones (nothing writes the lr after the loop). */
  at(t: number): number[] {
    if (!(t >= 0)) t = 0;
    if (t >= this.total) t = this.total - 1;
    if (t < this.next - 1 || this.scope === null) this.restart();
    try {
      while (this.next <= t) {
        this.iteration(this.next);
        this.next++;
      }
    } catch (err) {
      // The next call starts again from the first iteration (and raises here again).
      this.scope = null;
      throw err;
    }
    return this.last;
  }

  private restart(): void {
    this.next = 0;
    this.prev = null;
    this.scope = { vars: new Map(this.plan.bindings ?? []), parent: this.plan.scope, kind: 'function' };
    // Only what this run makes, and what the caller says the loop changes, may be changed.
    this.I.sandbox = new WeakSet(this.plan.reset());
  }

  private indices(t: number): number[] {
    const ls = this.plan.levels;
    const out = new Array<number>(ls.length);
    for (let j = ls.length - 1; j >= 0; j--) {
      out[j] = t % ls[j].count;
      t = Math.floor(t / ls[j].count);
    }
    return out;
  }

  private iteration(t: number): void {
    const I = this.I;
    const ls = this.plan.levels;
    const scope = this.scope as Scope;
    const idx = this.indices(t);
    const m = ls.length;
    let from = 0;
    if (this.prev) {
      from = idx.findIndex((k, j) => k !== (this.prev as number[])[j]);
      if (from < 0) from = m - 1;
    }
    I.ops = CALLABLE_OPS;
    I.callDepth = 0;
    I.modulePos = this.plan.modulePos;
    try {
      // The loops that finished an iteration (inner ones first; the innermost's `post` ran already).
      if (this.prev) for (let j = m - 2; j >= from; j--) this.run(ls[j].post, scope);
      for (let j = from; j < m; j++) {
        for (const b of ls[j].bind(idx[j])) this.bindOne(b, scope);
        this.run(ls[j].pre, scope);
      }
      this.last = this.plan.read();
      this.run(ls[m - 1].post, scope);
    } catch (err) {
      throw this.pythonError(err, t);
    } finally {
      chargeSimulationOps(CALLABLE_OPS - I.ops, this.plan.name);
    }
    this.prev = idx;
  }

  /** A loop variable: bound by name, and wherever the function holds the caller's loop variable it stands for. */
  private bindOne(b: ReplayBinding, scope: Scope): void {
    scope.vars.set(b.name, b.value);
    if (!b.range) return;
    for (const [name, v] of this.plan.scope.vars) {
      if (v instanceof Opaque && v.hint === 'loop' && v.range && v.range.start === b.range.start && v.range.end === b.range.end) scope.vars.set(name, b.value);
    }
  }

  private run(stmts: Stmt[], scope: Scope): void {
    if (stmts.length) this.I.execBody(stmts, scope, this.plan.home);
  }

  private pythonError(err: unknown, t: number): Error {
    const named = (e: Error, type: string) => Object.assign(e, { name: type, pyType: type });
    if (err instanceof BudgetError) return named(new Error(`${this.plan.name}: iteration ${t} exceeded its ${CALLABLE_OPS.toLocaleString('en-US')}-operation budget (infinite loop?)`), 'RuntimeError');
    if (isStackOverflow(err)) return named(new Error(`${this.plan.name}: maximum recursion depth exceeded`), 'RecursionError');
    const pe = pyErrorOf(err);
    if (pe) return named(new Error(pe.message), pe.pyType);
    return err instanceof Error ? err : new Error(String(err));
  }
}
