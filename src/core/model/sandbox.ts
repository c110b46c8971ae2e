/**
 * Evaluate one Python expression against a module, with the same safe interpreter the lr functions
 * run in (concrete mode, operation budget). For tests, the REPL-like "what does the analysis think
 * this is" question, and the chart panel's expression previews.
 */
import { AssumptionTable, DEFAULT_DATASET_SIZE, DEFAULT_RUN_LENGTH } from './assumptions';
import { Interp } from '../python/evaluator';
import { parseBlock } from '../python/parse';
import { ParseCache, Program } from './program';
import { Assumed, BudgetError, PyError, repr, type Scope } from '../python/values';

export interface EvalResult {
  /** Python repr of the value (`3`, `3.5`, `[1, 2]`, `'cosine'`). */
  repr?: string;
  /** The Python exception, or `BudgetError` when the operation budget ran out. */
  error?: { type: string; message: string };
}

export function evalPython(moduleSource: string, expression: string, opts: { ops?: number } = {}): EvalResult {
  try {
    const table = new AssumptionTable({}, { datasetSize: DEFAULT_DATASET_SIZE, runLength: DEFAULT_RUN_LENGTH });
    const P = new Program(moduleSource, { assumptions: table, deadline: Infinity, cache: new ParseCache() });
    const parsed = parseBlock(expression);
    const stmt = parsed.stmts[0];
    if (!stmt || stmt.t !== 'expr' || parsed.errors) return { error: { type: 'SyntaxError', message: 'invalid syntax' } };
    const I = new Interp(P, { mode: 'concrete', ops: opts.ops ?? 10_000 });
    I.modulePos = Infinity;
    const scope: Scope = { vars: new Map(), parent: null, kind: 'module', blockIndex: Infinity };
    let v = I.eval(stmt.e, scope, { base: 0, blockIndex: -1, text: expression });
    if (v instanceof Assumed) v = v.value;
    return { repr: repr(v) };
  } catch (err) {
    if (err instanceof PyError) return { error: { type: err.pyType, message: err.message } };
    if (err instanceof BudgetError) return { error: { type: 'BudgetError', message: err.message } };
    return { error: { type: 'InternalError', message: (err as Error)?.message ?? String(err) } };
  }
}
