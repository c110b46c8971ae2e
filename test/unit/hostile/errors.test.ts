// Python's exception names for what goes wrong (issue 14, item 6): V8's size limits are
// MemoryError/OverflowError, a bad numeric argument a ValueError, and only a real stack overflow
// is a RecursionError — in the analysis, in an lr function, and in the engine's error report.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';
import { evalPython } from '../../../src/core/model/sandbox';
import { isStackOverflow, pyErrorOf } from '../../../src/core/python/values';
import { simulate } from '../../../src/core/engine';

function overflowStack(): RangeError {
  const f = (n: number): number => f(n + 1) + 1;
  try {
    f(0);
  } catch (e) {
    return e as RangeError;
  }
  throw new Error('no stack overflow');
}

describe('Python exception names (values.ts pyErrorOf, the engine, lr functions)', () => {
  it('V8 RangeErrors map to the Python exception the program would raise', () => {
    assert.equal(pyErrorOf(new RangeError('Invalid array length'))?.pyType, 'MemoryError');
    assert.equal(pyErrorOf(new RangeError('Invalid string length'))?.pyType, 'MemoryError');
    assert.equal(pyErrorOf(new RangeError('Maximum BigInt size exceeded'))?.pyType, 'OverflowError');
    assert.equal(pyErrorOf(new RangeError('toFixed() digits argument must be between 0 and 100'))?.pyType, 'ValueError');
    const so = overflowStack();
    assert.ok(isStackOverflow(so));
    assert.equal(pyErrorOf(so), undefined);
    assert.equal(pyErrorOf(new TypeError('x')), undefined);
  });

  it('the engine reports a non-recursion RangeError from an lr function as MemoryError, a stack overflow as RecursionError', () => {
    const opt = { type: 'SGD', paramGroups: [{ lr: 0.1 }] };
    const sized = simulate({ kind: 'LambdaLR', args: { lr_lambda: () => { throw new RangeError('Invalid array length'); } } }, opt, { steps: 3 });
    assert.equal(sized.error?.type, 'MemoryError');
    const deep = simulate({ kind: 'LambdaLR', args: { lr_lambda: () => { throw overflowStack(); } } }, opt, { steps: 3 });
    assert.equal(deep.error?.type, 'RecursionError');
  });

  it('in the analysis: OverflowError, MemoryError, ValueError at their lines; RecursionError only for recursion', () => {
    const cases: [string, string][] = [
      ['n = pow(10, 10**9)', 'OverflowError'],
      ['n = 1 << 10**9', 'OverflowError'],
      ['n = len([0] + [0] * 99999 + [0] * 99999)', 'MemoryError'],
      ['n = len(list("x" * 200000))', 'MemoryError'],
      ['n = int("1" * 5000)', 'ValueError'],
      ['n = len("%.300f" % 1.5)', 'ValueError'],
    ];
    for (const [line, type] of cases) {
      const a = analyze(`import torch\nopt = torch.optim.SGD(p, lr=0.1)\n${line}\ns = torch.optim.lr_scheduler.StepLR(opt, step_size=n)\n`);
      const d = a.diagnostics.find((x) => x.message.startsWith(`${type}:`));
      assert.ok(d, `${line}: ${JSON.stringify(a.diagnostics.map((x) => x.message))}`);
      assert.equal(d.range?.startPos.line, 2, line);
      assert.ok(!a.diagnostics.some((x) => /RecursionError|Internal analysis error/.test(x.message)), line);
    }
    assert.deepEqual(evalPython('', 'pow(10, 10**9)').error?.type, 'OverflowError');
    assert.deepEqual(evalPython('', 'round(5, -10**8)'), { repr: '0' });
    assert.deepEqual(evalPython('', 'pow(3, 10**18, 7)'), { repr: String(3n ** (10n ** 18n % 6n) % 7n) });
  });

  it('an lr function: RecursionError for recursion, MemoryError for a sequence too large', () => {
    const src = (body: string) => `import torch\nopt = torch.optim.SGD(p, lr=0.1)\ndef f(step):\n${body}\ns = torch.optim.lr_scheduler.LambdaLR(opt, f)\n`;
    const rec = analyze(src('    return f(step + 1)')).schedulers[0];
    assert.equal(curveFor(rec, { steps: 3 }).curve.error?.type, 'RecursionError');
    const big = analyze(src('    a = [1]\n    for i in range(30):\n        a = a + a\n    return 1.0')).schedulers[0];
    assert.equal(curveFor(big, { steps: 3 }).curve.error?.type, 'MemoryError');
  });
});
