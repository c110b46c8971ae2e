// sandbox.ts's answers pinned by value (issue 20): the repr of a value (an assumption's value, not
// the assumption), what is not one expression, a Python exception by its type and message, and the
// operation budget (10,000 unless told) by where it stops.
import * as assert from 'node:assert/strict';
import { evalPython } from '../../../src/core/model/sandbox';

describe('sandbox.ts pinned by value', () => {
  it("the repr of the expression's value, names looked up in the module", () => {
    assert.deepEqual(evalPython('import math', 'math.cos(0)'), { repr: '1.0' });
    assert.deepEqual(evalPython('def f(x):\n    return x * 2', 'f(3)'), { repr: '6' });
    assert.deepEqual(evalPython('x = 1\ny = x + 1', 'y * 10'), { repr: '20' });
    assert.deepEqual(evalPython('', "'a' + 'b'"), { repr: "'ab'" });
    assert.deepEqual(evalPython('import argparse\np = argparse.ArgumentParser()\np.add_argument("--lr", type=float, default=0.5)\nargs = p.parse_args()', 'args.lr'), { repr: '0.5' });
    // Only the first statement of the line is evaluated.
    assert.deepEqual(evalPython('', '1; 2'), { repr: '1' });
  });

  it("an assumed value is shown as its value: len() of an unknown loader is the default dataset size", () => {
    assert.deepEqual(evalPython('n = len(loader)', 'n'), { repr: '1000' });
    assert.deepEqual(evalPython('n = len(loader)', 'n + 1'), { repr: '1001' });
    // An unknown the module only names stays unknown, shown by its text.
    assert.deepEqual(evalPython('x = args.lr', 'x'), { repr: 'args.lr' });
  });

  it('not one expression: a statement, nothing, or text that does not parse is a SyntaxError', () => {
    const syntax = { error: { type: 'SyntaxError', message: 'invalid syntax' } };
    assert.deepEqual(evalPython('', 'x = 1'), syntax);
    assert.deepEqual(evalPython('', ''), syntax);
    assert.deepEqual(evalPython('', '1 +'), syntax);
    assert.deepEqual(evalPython('', 'if True: pass'), syntax);
  });

  it('a Python exception by its type and message', () => {
    assert.deepEqual(evalPython('', '1/0'), { error: { type: 'ZeroDivisionError', message: 'division by zero' } });
    assert.deepEqual(evalPython('', '[1, 2][5]'), { error: { type: 'IndexError', message: 'list index out of range' } });
    assert.deepEqual(evalPython('', 'undefined_name'), { error: { type: 'NameError', message: "name 'undefined_name' is not defined" } });
    assert.deepEqual(evalPython('def rec(n):\n    return rec(n + 1)', 'rec(0)'), { error: { type: 'RecursionError', message: 'maximum recursion depth exceeded' } });
    assert.deepEqual(evalPython('', '[0] * 10**8'), { error: { type: 'MemoryError', message: 'sequence too large for the analysis' } });
    assert.deepEqual(evalPython('', 'int("x")'), { error: { type: 'ValueError', message: "invalid literal for int() with base 10: 'x'" } });
  });

  it('the operation budget: 10,000 unless told, said as a BudgetError', () => {
    assert.deepEqual(evalPython('', 'sum(range(9990))'), { repr: '49895055' });
    const tooLong = { error: { type: 'BudgetError', message: 'range too long for the operation budget' } };
    assert.deepEqual(evalPython('', 'sum(range(9999))'), tooLong);
    assert.deepEqual(evalPython('', 'sum(range(20000))'), tooLong);
    assert.deepEqual(evalPython('', 'sum(range(20000))', { ops: 100_000 }), { repr: '199990000' });
    assert.deepEqual(evalPython('def spin(n):\n    while True:\n        n += 1', 'spin(0)', { ops: 50 }), { error: { type: 'BudgetError', message: 'operation budget exhausted' } });
  });
});
