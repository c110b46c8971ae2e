// What the fuzz suites found, pinned as plain tests (the seed that found each is in the title).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';
import { ANALYSIS_OPS } from '../../../src/core/model/program';
import { evalPython } from '../../../src/core/model/sandbox';
import { simulate } from '../../../src/core/engine';
import { hoverMarkdown } from '../../../src/core/present/hoverMarkdown';
import { finding } from '../editor/fixtures';

const HEAD = 'import torch\nfrom torch.optim import lr_scheduler\nopt = torch.optim.SGD(params, lr=LR)\n';

describe('fuzz regressions', () => {
  it('a % format with fewer arguments than conversions is a TypeError at its line, not an internal error (seed 5983)', () => {
    const a = analyze(`${HEAD}w = "%1000000000d" "%1000000000d" % 1\ns = lr_scheduler.StepLR(opt, step_size=len(w))\n`);
    // Not a line about the schedule: the value is unknown and the step_size it feeds is a named assumption (issue 13's noise rule).
    assert.ok(!a.diagnostics.some((d) => /Internal analysis error/.test(d.message)), JSON.stringify(a.diagnostics));
    assert.deepEqual(a.schedulers[0].assumptions.map((x) => x.name), ['len(w)', 'LR']);
    assert.deepEqual(evalPython('', '"%d %d" % (1,)'), { error: { type: 'TypeError', message: 'not enough arguments for format string' } });
  });

  it('a broken yolo script keeps a whole-number operation count (seed 8616: NaN operations)', () => {
    const src = readFileSync(path.join(__dirname, '../../../../test/fixtures/scripts/yolo_lambda.py'), 'utf8')
      .replace('elif name == "SGD":', 'elif name [= "SGD":')
      .replace('hyp["lr0"], hyp["momentum"], hyp["weight_decay"]', 'hyp["lr0"], hyp="momentum"], hyp["weight_decay"]');
    const a = analyze(src);
    assert.ok(Number.isInteger(a.stats.ops) && a.stats.ops > 0 && a.stats.ops <= ANALYSIS_OPS, String(a.stats.ops));
  });

  it('a malformed \\x / \\u escape in a string is kept as written, never "Analysis failed: Invalid code point NaN" (seed 4241)', () => {
    for (const lit of ["'\\xZZ'", "'\\u12G4'", "'\\U0011ffff'"]) {
      const src = `${HEAD.replace('LR', '0.1')}name = ${lit}\ns = lr_scheduler.StepLR(opt, step_size=3)\n`;
      const r = analyze(src);
      assert.deepEqual(r.diagnostics.filter((d) => /Analysis failed/.test(d.message)), [], lit);
      assert.equal(r.schedulers.length, 1, lit);
      assert.equal(r.schedulers[0].spec.args.step_size, 3);
    }
  });

  it('building a long range is charged to the operation budget: no 250 ms analysis hidden behind a few operations', () => {
    // Before: range(1999000) was materialized for free (16 operations, ~240 ms, past the time limit).
    for (const expr of ['[i * i for i in range(1999000)]', '",".join(str(i) for i in range(1999000))', '[[j for j in range(1000)] for i in range(1000)]']) {
      const src = `${HEAD.replace('LR', '0.1')}x = ${expr}\ns = lr_scheduler.StepLR(opt, step_size=x)\n`;
      const r = analyze(src);
      const stop = r.diagnostics.find((d) => /stopped early/.test(d.message));
      // The operation budget, not the clock, is what stopped it: the same result on any machine.
      assert.match(stop?.message ?? '', /Analysis stopped early: (range too long for the operation budget|operation budget exhausted)/, expr);
      assert.ok(r.stats.ops <= ANALYSIS_OPS);
    }
  });

  it('an imaginary literal (1j) is reported as unsupported, never read as nan (seeds 1960, 2783, 5127)', () => {
    assert.deepEqual(evalPython('', '1j'), { error: { type: 'TypeError', message: 'complex number 1j: LR Lens computes with int and float only' } });
    assert.equal(evalPython('', '(1 - 3 / 300) * (1J - 0.01) + 0.01').error?.type, 'TypeError');
    // In an lr_lambda: the engine reports the TypeError at the first step instead of drawing nan.
    const r = analyze(`${HEAD.replace('LR', '0.01')}s = lr_scheduler.LambdaLR(opt, lambda x: (1 - x / 300) * (1j - 0.01) + 0.01)\n`);
    assert.equal(r.schedulers.length, 1);
    const { curve } = curveFor(r.schedulers[0], { steps: 10 });
    assert.equal(curve.error?.type, 'TypeError');
    assert.match(curve.error?.message ?? '', /complex number 1j/);
    // At module level: a diagnostic, and the value becomes an assumption rather than nan.
    const m = analyze(`lrf = 1j\n${HEAD.replace('LR', '0.01 * lrf')}s = lr_scheduler.StepLR(opt, 3)\n`);
    assert.ok(m.diagnostics.some((d) => /complex number 1j/.test(d.message)));
    assert.ok(m.schedulers[0].baseLrs.every(Number.isFinite), `base lr ${m.schedulers[0].baseLrs}`);
  });

  it('an infinite lr or argument is a warning on the finding (seeds 1245, 2375, 3757, 6968)', () => {
    const r = analyze(`${HEAD.replace('LR', '1e400')}s = lr_scheduler.CosineAnnealingLR(opt, T_max=85, eta_min=float('inf'))\n`);
    const f = r.schedulers[0];
    const w = f.diagnostics.find((d) => /not a finite number/.test(d.message));
    assert.ok(w, JSON.stringify(f.diagnostics));
    assert.equal(w.severity, 'warning');
    assert.match(w.message, /`lr` = inf, `eta_min` = inf are not a finite number/);
    // A finite script has no such warning.
    const ok = analyze(`${HEAD.replace('LR', '0.1')}s = lr_scheduler.CosineAnnealingLR(opt, T_max=85)\n`);
    assert.ok(!ok.schedulers[0].diagnostics.some((d) => /finite/.test(d.message)));
  });

  it('inf/nan in a curve (as PyTorch computes it) is reported by curveFor and shown in the hover (seed 1540)', () => {
    // max(nan, x) is nan in Python: LambdaLR multiplies the base lr by nan, no exception.
    const r = analyze(`${HEAD.replace('LR', '0.1')}s = lr_scheduler.LambdaLR(opt, lambda k: 1.0 if k < 5 else max(float('nan'), 0.5))\n`);
    const fc = curveFor(r.schedulers[0], { steps: 8 });
    assert.equal(fc.curve.error, undefined);
    assert.equal(fc.curve.lr[4], 0.1);
    assert.ok(Number.isNaN(fc.curve.lr[5]));
    assert.deepEqual(fc.nonFinite, { atStep: 5, group: 0, value: NaN });
    const md = hoverMarkdown('u', r.schedulers[0], fc.curve);
    assert.match(md, /⚠ the lr is nan from step 5: what PyTorch computes from these values/);
    // A finite curve has neither.
    const f = finding({ kind: 'StepLR', args: { step_size: 3 } });
    const c = simulate(f.spec, f.optimizer, { steps: 10 });
    assert.equal(curveFor(f, { steps: 10 }).nonFinite, undefined);
    assert.doesNotMatch(hoverMarkdown('u', f, c), /what PyTorch computes/);
  });
});
