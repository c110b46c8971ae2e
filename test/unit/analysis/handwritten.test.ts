// Hand-written schedules (issue 16, item 5): a training loop that writes `param_group['lr']` itself
// is a finding, drawn over the loop's length by re-running the code that computes the lr. The
// numbers are CPython's, from running each fixture itself (scripts/make-handwritten-fixture.py).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor, curveRows } from '../../../src/core/model/curves';
import type { SchedulerFinding } from '../../../src/core/model/types';

const ROOT = path.resolve(__dirname, '../../../..');
const SCRIPTS = path.join(ROOT, 'test/fixtures/scripts');
const read = (f: string) => fs.readFileSync(path.join(SCRIPTS, f), 'utf8');

interface Case {
  script: string;
  finding: number;
  stride: number;
  rows: number;
  lr: number[][];
}
const EXPECTED = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/handwritten/expected.json'), 'utf8')) as { cases: Case[] };

const handWritten = (src: string, options = {}) => analyze(src, { timeLimitMs: 60_000, ...options }).schedulers.filter((f) => f.library === 'python');
const lrOf = (f: SchedulerFinding, steps?: number) => curveRows(curveFor(f, steps === undefined ? {} : { steps }).curve);
const lineOf = (src: string, needle: string) => src.slice(0, src.indexOf(needle)).split('\n').length;

describe('analysis: hand-written schedules (param_group["lr"] = …)', () => {
  for (const c of EXPECTED.cases) {
    it(`${c.script} #${c.finding}: the lr of each of its ${c.rows} iterations is CPython's`, () => {
      const f = handWritten(read(c.script))[c.finding];
      assert.ok(f, 'found');
      assert.equal(f.naturalSteps, c.rows, 'run length');
      const rows = lrOf(f);
      let worst = 0;
      for (let t = 0; t < c.rows; t++) {
        assert.equal(rows[t].length, c.lr[t].length, `groups at ${t}`);
        for (let g = 0; g < rows[t].length; g++) {
          const want = c.lr[t][g];
          const d = Math.abs(rows[t][g] - want) / Math.max(Math.abs(want), 1e-300);
          worst = Math.max(worst, want === 0 ? Math.abs(rows[t][g]) : d);
        }
      }
      assert.ok(worst <= 1e-12, `largest relative difference ${worst}`);
      // After the loop nothing writes the lr: the row past the last iteration keeps it.
      assert.deepEqual(rows[c.rows], rows[c.rows - 1]);
    });
  }

  it("nanoGPT's `while True` breaking once iter_num > max_iters trains max_iters + 1 iterations, per step, at the write", () => {
    const src = read('hand_nanogpt.py');
    const [f] = handWritten(src);
    assert.equal(f.kind, "hand-written (param_group['lr'])");
    assert.equal(f.spec.kind, 'python.hand_written');
    assert.equal(f.unit, 'step');
    assert.equal(f.naturalSteps, 5001);
    assert.match(f.naturalStepsSource, /while True: … if iter_num > max_iters/);
    assert.equal(f.line, lineOf(src, "param_group['lr'] = lr"));
    assert.equal(f.incomplete, undefined);
    assert.deepEqual(f.assumptions, []);
    // Nothing else is said about the write: it is drawn.
    assert.ok(!analyze(src).diagnostics.some((d) => /set by hand/.test(d.message)));
  });

  it('the break condition and where the counter is advanced decide the count, as in Python', () => {
    const loop = (body: string[]) =>
      ['import torch', 'opt = torch.optim.SGD([], lr=0.1)', 'it = 0', 'max_iters = 100', 'while True:', ...body.map((l) => '    ' + l), ''].join('\n');
    const write = ['for g in opt.param_groups:', "    g['lr'] = 0.1 * (1 - it / 200)"];
    const cases: [string[], number, number][] = [
      // [body, iterations, lr of the first iteration's `it`]
      [[...write, 'opt.step()', 'it += 1', 'if it > max_iters:', '    break'], 101, 0],
      [[...write, 'opt.step()', 'it += 1', 'if it >= max_iters:', '    break'], 100, 0],
      [['if it >= max_iters:', '    break', ...write, 'opt.step()', 'it += 1'], 101, 0],
      [['it += 1', ...write, 'opt.step()', 'if it == max_iters:', '    break'], 100, 1],
    ];
    for (const [body, n, first] of cases) {
      const [f] = handWritten(loop(body));
      assert.equal(f?.naturalSteps, n, body.join('; '));
      const rows = lrOf(f);
      assert.equal(rows[0][0], 0.1 * (1 - first / 200), body.join('; '));
      assert.equal(rows[n - 1][0], 0.1 * (1 - (first + n - 1) / 200), body.join('; '));
    }
  });

  it('a scheduler stepped in a `while True` loop that breaks on its counter is stepped that many times', () => {
    const src = [
      'import torch',
      'opt = torch.optim.SGD([], lr=0.1)',
      'sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=1000)',
      'step = 0',
      'while True:',
      '    opt.step()',
      '    sched.step()',
      '    step += 1',
      '    if step >= 1000:',
      '        break',
      '',
    ].join('\n');
    const f = analyze(src).schedulers[0];
    assert.equal(f.naturalSteps, 1000);
    assert.equal(f.unit, 'step');
  });

  it("MAE's per-iteration adjust_learning_rate(optimizer, data_iter_step / len(data_loader) + epoch, args): at the call, defined at the write", () => {
    const src = read('hand_mae.py');
    const [f] = handWritten(src);
    assert.equal(f.kind, 'hand-written (param_group["lr"])');
    assert.equal(f.line, lineOf(src, '            adjust_learning_rate(optimizer, data_iter_step'));
    assert.equal(src.slice(f.range.start, f.range.end), 'adjust_learning_rate(optimizer, data_iter_step / len(data_loader) + epoch, args)');
    assert.equal(f.definedAt && src.slice(f.definedAt.start, f.definedAt.end), 'param_group["lr"] = lr');
    // 40 epochs × 1,280 / 64 batches, from argparse's defaults and the DataLoader.
    assert.equal(f.naturalSteps, 800);
    assert.equal(f.unit, 'step');
    assert.deepEqual(f.baseLrs, [1.5e-4 * 64 / 256]);
    // The lr_scale branch is part of what is re-run: no "could not follow" info on it.
    assert.ok(!analyze(src).diagnostics.some((d) => /set by hand/.test(d.message)));
  });

  it('a step decay written once per epoch (old pytorch/examples imagenet) is drawn per epoch, with `global args`', () => {
    const src = read('hand_step_decay.py');
    const [f] = handWritten(src);
    assert.equal(f.unit, 'epoch');
    assert.equal(f.naturalSteps, 90);
    assert.equal(src.slice(f.range.start, f.range.end), 'adjust_learning_rate(optimizer, epoch)');
    const rows = lrOf(f);
    assert.deepEqual([rows[0][0], rows[29][0], rows[30][0], rows[60][0], rows[89][0]], [0.1, 0.1, 0.1 * 0.1 ** 1, 0.1 * 0.1 ** 2, 0.1 * 0.1 ** 2]);
  });

  it('unknown inputs are named assumptions, and an override moves the curve', () => {
    const src = read('hand_assumed.py');
    const [f] = handWritten(src);
    assert.deepEqual(f.assumptions.map((a) => a.name).sort(), ['cfg.epochs', 'cfg.lr']);
    assert.equal(f.naturalSteps, 10);
    const [g] = handWritten(src, { assumptions: { 'cfg.lr': 0.5, 'cfg.epochs': 4 } });
    assert.equal(g.naturalSteps, 4);
    assert.deepEqual(lrOf(g).map((r) => r[0]), [0.5, 0.5 * (1 - 1 / 4) ** 2, 0.5 * (1 - 2 / 4) ** 2, 0.5 * (1 - 3 / 4) ** 2, 0.5 * (1 - 3 / 4) ** 2]);
  });

  it('one group written, the other kept: per group, loop-carried state (`global_step += 1`, `g["lr"] *= 0.1`) as in Python', () => {
    const src = read('hand_milestones.py');
    const [m, poly] = handWritten(src);
    assert.equal(m.kind, "hand-written (g['lr'])");
    assert.equal(m.unit, 'epoch');
    const mr = lrOf(m).map((r) => r[0]);
    assert.deepEqual([mr[29], mr[30], mr[59], mr[60], mr[80]], [0.05, 0.05 * 0.1, 0.05 * 0.1, 0.05 * 0.1 * 0.1, 0.05 * 0.1 * 0.1 * 0.1]);
    assert.equal(poly.kind, "hand-written (opt2.param_groups[0]['lr'])");
    assert.deepEqual(poly.baseLrs, [0.01, 0.1]);
    assert.ok(lrOf(poly).every((r) => r[1] === 0.1));
    // Asked for the same rows twice (the chart, then the hover), the state starts again.
    assert.deepEqual(lrOf(poly, 12), lrOf(poly).slice(0, 13));
  });

  it('yolov5: a warm-up written by hand beside a LambdaLR on the same optimizer is not drawn as a schedule of its own, and said on both', () => {
    const src = read('hand_yolo_warmup.py');
    const r = analyze(src, { timeLimitMs: 60_000 });
    assert.deepEqual(r.schedulers.map((f) => f.kind), ['LambdaLR']);
    const info = r.diagnostics.find((d) => /set by hand here while `LambdaLR`/.test(d.message));
    assert.equal(info?.range?.startPos.line, lineOf(src, "x['lr'] = np.interp") - 1);
    assert.ok(r.schedulers[0].diagnostics.some((d) => /also set by hand at line \d+/.test(d.message)));
  });

  it('what cannot be followed says why at the write: outside any loop, an optimizer of another file, a loop of unknown length', () => {
    const once = analyze("import torch\nopt = torch.optim.SGD([], lr=0.1)\nfor g in opt.param_groups:\n    g['lr'] = 0.01\n");
    assert.equal(once.schedulers.length, 0);
    assert.ok(once.diagnostics.some((d) => d.range?.startPos.line === 3 && /outside any loop whose length LR Lens can count/.test(d.message)));
    // util/lr_sched.py alone (MAE): the optimizer comes from another file.
    const alone = analyze("import math\n\ndef adjust_learning_rate(optimizer, epoch, args):\n    lr = args.lr * epoch\n    for param_group in optimizer.param_groups:\n        param_group['lr'] = lr\n    return lr\n");
    assert.equal(alone.schedulers.length, 0);
    assert.deepEqual(
      alone.diagnostics.filter((d) => /set by hand/.test(d.message)).map((d) => [d.range?.startPos.line, d.message]),
      [[5, "`param_group['lr']` is set by hand in `adjust_learning_rate`, which this file does not call from a training loop (another file may): LR Lens draws no curve for it"]],
    );
    // …and its call in the batch loop of another file (MAE's engine_pretrain.py) says where the lr is set.
    const caller = analyze('import util.lr_sched as lr_sched\ndef train_one_epoch(model, data_loader, optimizer, epoch, args):\n    for data_iter_step, (samples, _) in enumerate(data_loader):\n        lr_sched.adjust_learning_rate(optimizer, data_iter_step / len(data_loader) + epoch, args)\n        optimizer.step()\n');
    assert.ok(caller.diagnostics.some((d) => d.range?.startPos.line === 3 && /`lr_sched\.adjust_learning_rate\(…\)` sets the lr in code LR Lens does not read/.test(d.message)));
    // A write LR Lens never reaches keeps the generic info.
    const never = analyze("import torch\nclass Trainer:\n    pass\nif False:\n    opt.param_groups[0]['lr'] = 0.1\n");
    assert.ok(never.diagnostics.some((d) => d.range?.startPos.line === 4 && /`opt\.param_groups\[0\]\['lr'\]` is set by hand here, but LR Lens could not follow it/.test(d.message)));
    const unknown = analyze("import torch\nopt = torch.optim.SGD([], lr=0.1)\nwhile not done():\n    for g in opt.param_groups:\n        g['lr'] *= 0.99\n    opt.step()\n");
    assert.equal(unknown.schedulers.length, 0);
    assert.ok(unknown.diagnostics.some((d) => d.range?.startPos.line === 4 && d.severity === 'info'));
  });

  it('an lr the code cannot compute is an error at its iteration, never a number made up', () => {
    const src = "import torch\nopt = torch.optim.SGD([], lr=0.1)\nfor step in range(100):\n    lr = 0.1 if step < 50 else model.lr\n    for g in opt.param_groups:\n        g['lr'] = lr\n    opt.step()\n";
    const [f] = handWritten(src);
    const c = curveFor(f).curve;
    assert.equal(c.rows, 50);
    assert.equal(c.error?.atStep, 50);
    assert.match(c.error?.message ?? '', /'model' is not defined/);
  });

  it("a loop that changes an object of the program the lr reads (`args.lr *= 0.9`) is an error, never the analysis' single pass; a second run computes the same", () => {
    const src = [
      'import argparse',
      'import torch',
      'parser = argparse.ArgumentParser()',
      "parser.add_argument('--lr', type=float, default=0.1)",
      'args = parser.parse_args()',
      'opt = torch.optim.SGD([], lr=args.lr)',
      'for epoch in range(30):',
      '    args.lr = args.lr * 0.9',
      '    for g in opt.param_groups:',
      "        g['lr'] = args.lr",
      '    opt.step()',
      '',
    ].join('\n');
    const [f] = handWritten(src);
    const a = curveFor(f).curve;
    const b = curveFor(f).curve;
    assert.equal(a.rows, 0);
    assert.match(a.error?.message ?? '', /does not change a Namespace of the program while it re-runs the loop/);
    assert.deepEqual([b.rows, b.error?.message], [a.rows, a.error?.message]);
  });

  it('a costly lr function over a long loop stops at the simulation budget with a message', () => {
    const src = [
      'import torch',
      'opt = torch.optim.SGD([], lr=0.1)',
      'def get_lr(it):',
      '    s = 0',
      '    for k in range(300):',
      '        s += k',
      '    return 0.1 / (1 + it + s * 0)',
      'for it in range(500000):',
      '    for g in opt.param_groups:',
      "        g['lr'] = get_lr(it)",
      '    opt.step()',
      '',
    ].join('\n');
    const [f] = handWritten(src);
    assert.equal(f.naturalSteps, 500000);
    const c = curveFor(f, { budget: 2_000_000 }).curve;
    assert.equal(c.error?.type, 'BudgetError');
    assert.match(c.error?.message ?? '', /simulation budget of 2,000,000 operations/);
    assert.ok(c.rows > 100 && c.rows < 2000, String(c.rows));
  });
});
