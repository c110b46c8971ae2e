import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';

/** `T_0=10.0` is a float in Python: PyTorch refuses it, so the analysis must tell the engine. */
describe('analysis: Python floats reach the engine as floats', () => {
  const source = [
    'import torch',
    'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
    'a = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=10.0)',
    'b = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=10, T_mult=2)',
    'epochs = 5',
    'steps = 1000 / 10',
    'c = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, epochs=epochs, steps_per_epoch=steps)',
    'd = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, epochs=epochs, steps_per_epoch=1000 // 10)',
  ].join('\n');
  // Analyzed in each test, not once in the describe body: mutation testing ties what a test runs to that test.
  const byName = (n: string) => {
    const f = analyze(source).schedulers.find((s) => s.name === n);
    assert.ok(f, n);
    return f;
  };

  it('a literal float T_0 is refused with PyTorch message', () => {
    const { curve } = curveFor(byName('a'), { steps: 20 });
    assert.equal(curve.error?.message, 'Expected positive integer T_0, but got 10.0');
  });

  it('a computed float (true division) is refused too; floor division gives an int', () => {
    assert.equal(curveFor(byName('c'), { steps: 20 }).curve.error?.message, 'Expected positive integer steps_per_epoch, but got 100.0');
    assert.equal(curveFor(byName('d'), { steps: 20 }).curve.error, undefined);
  });

  it('ints are not marked', () => {
    assert.equal(byName('b').spec.floats, undefined);
    assert.equal(curveFor(byName('b'), { steps: 20 }).curve.error, undefined);
  });
});
