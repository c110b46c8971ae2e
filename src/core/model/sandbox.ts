/**
 * Evaluate one Python expression against a module, with the same safe interpreter the lr functions
 * run in (concrete mode, operation budget). For tests, the REPL-like "what does the analysis think
 * this is" question, and the chart panel's expression previews.
 */
import { AssumptionTable, DEFAULT_DATASET_SIZE, DEFAULT_RUN_LENGTH } from './assumptions';
import { Interp } from '../python/evaluator';
import { parseBlock } from '../python/parse';
import { ParseCache, Program } from './program';
import { BudgetError, PyError, repr, type Scope } from '../python/values';

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
    // Stryker disable next-line UnaryOperator: a home's blockIndex is read only by hand-written training loops at module level, and an expression has none
    const v = I.eval(stmt.e, scope, { base: 0, blockIndex: -1, text: expression });
    // An assumption's repr is its value's (values.ts).
    return { repr: repr(v) };
  } catch (err) {
    if (err instanceof PyError) return { error: { type: err.pyType, message: err.message } };
    // Stryker disable next-line ConditionalExpression: past a PyError only a BudgetError is known to reach here (the line below is a last resort)
    if (err instanceof BudgetError) return { error: { type: 'BudgetError', message: err.message } };
    // Stryker disable next-line all: a last resort for a defect of the interpreter, which no known input reaches (hostile inputs end as Python errors or budgets)
    return { error: { type: 'InternalError', message: (err as Error)?.message ?? String(err) } };
  }
}
