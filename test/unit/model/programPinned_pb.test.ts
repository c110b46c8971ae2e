// program.ts's block machinery pinned by value (issue 20): the limits of the statements it parses at
// each side, how lazy execution falls back to file order past its depth, what a block that stops
// half-way leaves bound, how budget and internal errors are said, which blocks are read for a name
// (wide blocks by word, the latest binding first), in-place changes replayed only between the
// binding and the use, star imports and names assigned under `global`.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';
import { ParseCache, Program } from '../../../src/core/model/program';
import * as parse from '../../../src/core/python/parse';
import type { ParsedBlock } from '../../../src/core/python/parse';
import type { AnalysisResult } from '../../../src/core/model/types';
import { diagsAt, HEAD, newProgram, stepSize, USE_X } from './programPinnedHelpers';

const diags = diagsAt;
/** The diagnostics saying a statement was not read. */
const skipped = (r: AnalysisResult) => diags(r).filter((d) => /^Skipped a statement/.test(String(d[1])));

/** A Program over `src` with the analysis' defaults, run. */
function program(src: string, opts: { deadline?: number; cache?: ParseCache } = {}): Program {
  const P = newProgram(src, opts);
  P.run();
  return P;
}

/** Run `f` with the clock (python/parse's now) reading `t`. */
function atTime<T>(t: number, f: () => T): T {
  const clock = parse as unknown as { now: () => number };
  const real = clock.now;
  clock.now = () => t;
  try {
    return f();
  } finally {
    clock.now = real;
  }
}

describe('program.ts pinned by value: blocks, lookups, errors', () => {
  it('a line of exactly 20,000 characters is read, one more is skipped', () => {
    const line = (chars: number) => analyze(HEAD + 'x = len("' + 'a'.repeat(chars - 11) + '")' + USE_X);
    assert.deepEqual(stepSize(line(20_000)), [19_989]);
    assert.deepEqual(diags(line(20_000)), []);
    assert.deepEqual(diags(line(20_001)), [['info', 'Skipped a statement with a line longer than 20000 characters', 2, 51, 251]]);
    assert.deepEqual(stepSize(line(20_001)), [33]);
  });

  it('a statement of exactly 400,000 characters is read, one more is skipped', () => {
    // `x = len([` then 57,141 lines of `    1,` then ` ])`: 400,000 characters; two spaces make 400,001.
    const big = (pad: number) => analyze(HEAD + 'x = len([\n' + '    1,\n'.repeat(57_141) + ' '.repeat(pad) + '])' + USE_X);
    const read = big(1);
    assert.deepEqual(stepSize(read), [57_141]);
    assert.deepEqual(diags(read), []);
    assert.deepEqual(diags(big(2)), [['info', 'Skipped a statement too large to analyze', 2, 51, 251]]);
  });

  it('nesting of exactly 150 brackets is read (the expression is then the evaluator\'s to refuse), 151 is skipped', () => {
    const deep = (n: number) => analyze(HEAD + 'x = ' + '('.repeat(n) + '1' + ')'.repeat(n) + USE_X);
    assert.deepEqual(skipped(deep(150)), []);
    assert.deepEqual(skipped(deep(151)), [['info', 'Skipped a statement with nesting deeper than 150 brackets', 2, 51, 251]]);
  });

  it('a statement skipped for one limit is said by that limit: a long line at exactly 150 brackets, a large statement with a line of exactly 20,000', () => {
    // 149 parentheses around `len("…")`: 150 deep, on a line of 20,299 characters.
    const longLine = analyze(HEAD + 'x = ' + '('.repeat(149) + 'len("' + 'a'.repeat(19_990) + '")' + ')'.repeat(149) + USE_X);
    assert.deepEqual(diags(longLine), [['info', 'Skipped a statement with a line longer than 20000 characters', 2, 51, 251]]);
    // Over 400,000 characters, its longest line exactly 20,000.
    const large = analyze(HEAD + 'x = len([\n' + '    1,\n'.repeat(57_141) + '"' + 'a'.repeat(19_996) + '"])' + USE_X);
    assert.deepEqual(diags(large), [['info', 'Skipped a statement too large to analyze', 2, 51, 251]]);
    assert.deepEqual(stepSize(large), [33]);
  });

  it('a statement refused for its indentation is said over its first 200 characters', () => {
    const src = HEAD + 'def f():\n' + '    # ' + 'p'.repeat(5000) + '\n' + Array.from({ length: 105 }, (_, i) => ' '.repeat(i + 1) + 'if True:\n').join('') + ' '.repeat(106) + 'x = 3\n    return x\nx = f()' + USE_X;
    assert.deepEqual(diags(analyze(src)), [['info', 'Skipped a statement with more than 99 levels of indentation', 2, 51, 251]]);
  });

  it('a statement whose parse hits the parser\'s work budget is said over its whole range', () => {
    // About 294,000 characters lezer reads token by token as errors: more steps than the budget allows.
    const garbage = 'x = [\n' + '    $ $ $ $ $ $ $ $ $ $ $ $\n'.repeat(10_500) + ']';
    const r = analyze(HEAD + garbage + USE_X);
    assert.deepEqual(diags(r), [['warning', 'Parsing stopped early: the statement is too large to parse completely', 2, 51, 51 + garbage.length]]);
    assert.equal(r.diagnostics[0].template, 'Parsing stopped early: the statement is too large to parse completely');
  });

  it('a statement with a parse error is said from 20,001 characters; 20,000 and a large one without errors are not', () => {
    // `x = len([` + 2,853 lines `    1,` + `    1 +* 2,` + padding + `])`: 20,000 characters with a padding of 5.
    const withError = (pad: number) => analyze(HEAD + 'x = len([\n' + '    1,\n'.repeat(2853) + '    1 +* 2,\n' + ' '.repeat(pad) + '])' + USE_X);
    assert.deepEqual(diags(withError(5)), []);
    assert.deepEqual(diags(withError(6)), [['info', 'Part of this statement could not be parsed (too large or too deeply nested): the values it binds are unknown', 2, 51, 251]]);
    const clean = analyze(HEAD + 'x = len([\n' + '    1,\n'.repeat(5000) + '])' + USE_X);
    assert.deepEqual(diags(clean), []);
    assert.deepEqual(stepSize(clean), [5000]);
  });

  it('past the lazy-execution depth every earlier block is run in file order, unrelated ones included; short of it only what is needed', () => {
    // The trigger needs x, x needs x{n}, … x0: x0 is reached 24 blocks deep when n is 22.
    const chain = (n: number) => analyze('import torch, json\nopt = torch.optim.SGD(params, lr=0.1)\nextra = json.load(open("extra.json"))\nx0 = 1\n' + Array.from({ length: n }, (_, i) => `x${i + 1} = x${i} + 1`).join('\n') + `\nx = x${n}` + USE_X);
    const short = chain(21);
    assert.deepEqual(stepSize(short), [22]);
    assert.equal(short.files, undefined);
    const deep = chain(22);
    assert.deepEqual(stepSize(deep), [23]);
    assert.deepEqual(deep.files, [{ path: 'extra.json', read: false }]);
    assert.deepEqual(diags(deep).map((d) => d.slice(0, 3)), [
      ['info', '`json.load` reads `extra.json`, which LR Lens has not read (a file inside the workspace, beside the script): values from it are unknown', 2],
    ]);
  });

  it('a block stopped by a budget: what it bound before is kept, what it did not bind is unknown, never an earlier binding', () => {
    const kept = analyze(HEAD + 'warmup = 3; total = sum(range(10**9))\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=warmup)\n');
    assert.deepEqual(stepSize(kept), [3]);
    assert.deepEqual(kept.schedulers[0].assumptions, []);
    // `epochs + …` read the earlier `epochs = 10` before the range stopped it: epochs is unknown, not 10.
    const unknown = analyze(HEAD + 'epochs = 10\nepochs = epochs + sum(1 for _ in range(10**9))\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=epochs)\n');
    assert.deepEqual(stepSize(unknown), [33]);
    assert.deepEqual(unknown.schedulers[0].assumptions.map((a) => [a.name, a.value]), [['epochs', 33]]);
    assert.deepEqual(diags(unknown), [['warning', 'Analysis stopped early: range too long for the operation budget', 3, 63, 109]]);
  });

  it('the operation budget spent in a block run lazily is said once, at that block, and nothing after it is run', () => {
    const r = analyze(HEAD + 'def f(n):\n    t = 0\n    for i in range(n):\n        for j in range(n):\n            t += 1\n    return t\nx = f(5000)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=x * 2)\nsched2 = torch.optim.lr_scheduler.StepLR(opt, step_size=3)\n');
    assert.deepEqual(diags(r), [['warning', 'Analysis stopped early: operation budget exhausted', 8, 153, 164]]);
    assert.deepEqual(r.schedulers, []);
    assert.equal(r.stats.ops, 250_000);
  });

  it('an error inside the analysis is said at the statement (its first 200 characters) and the other statements are still read', () => {
    class BrokenCache extends ParseCache {
      override get(): ParsedBlock {
        throw new Error('parser crashed');
      }
    }
    const src = HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5, last_epoch=-1, verbose=False)  # ' + 'c'.repeat(150) + '\nother = torch.optim.lr_scheduler.StepLR(opt, step_size=4)\n';
    const P = program(src, { cache: new BrokenCache() });
    const first = HEAD.length;
    const second = src.indexOf('other');
    assert.deepEqual(
      P.diagnostics.map((d) => [d.severity, d.message, d.span?.start, d.span?.end]),
      [
        ['warning', 'Internal analysis error: parser crashed', first, first + 200],
        ['warning', 'Internal analysis error: parser crashed', second, src.length - 1],
      ],
    );
    assert.equal(P.diagnostics[0].template, 'Internal analysis error: {0}');
    assert.equal(P.tooSlow, false);
    assert.deepEqual(P.findings, []);
  });

  it('the wall clock: at the deadline the analysis goes on, past it nothing more is run', () => {
    const src = HEAD + 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3)\nother = torch.optim.lr_scheduler.StepLR(opt, step_size=4)\ndef main():\n    s = torch.optim.lr_scheduler.StepLR(opt, step_size=5)\n';
    const onTime = atTime(1000, () => program(src, { deadline: 1000 }));
    assert.equal(onTime.tooSlow, false);
    assert.deepEqual(onTime.findings.map((f) => f.params.step_size), [3, 4, 5]);
    const late = atTime(1000.5, () => program(src, { deadline: 1000 }));
    assert.equal(late.tooSlow, true);
    assert.deepEqual(late.findings, []);
    assert.deepEqual(late.diagnostics, []);
    // The first statement that needed parsing found the deadline passed; no other block was run.
    assert.deepEqual(late.blocks.map((b) => b.state), [0, 0, 2, 0, 0]);
  });

  it('a wide block (if, for, with) is read for a name only where it has the name as a word', () => {
    const base = 'import torch, json\nopt = torch.optim.SGD(params, lr=0.1)\nsteps = 5\n';
    const use = 'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=steps)\n';
    // `warmup_steps` and `cfg.steps` hold the text "steps" but not the name: the block is not run.
    const other = analyze(base + 'if args.resume:\n    warmup_steps = json.load(open("resume.json"))["warmup_steps"]\n    cfg.steps = warmup_steps\n' + use);
    assert.deepEqual(stepSize(other), [5]);
    assert.equal(other.files, undefined);
    assert.equal(other.stats.ops, analyze(base + use).stats.ops);
    // The name as a word: the block is run (and binds it).
    const word = analyze(base + 'if args.resume:\n    steps = json.load(open("resume.json"))["steps"]\n' + use);
    assert.deepEqual(word.files, [{ path: 'resume.json', read: false }]);
    assert.deepEqual(word.schedulers[0].assumptions.map((a) => a.name), ['json.load(open("resume.json"))["steps"]']);
  });

  it('a name that is not ASCII (γ) bound under an if is found', () => {
    const r = analyze(HEAD + 'if args.decay == "fast":\n    γ = 0.5\nelse:\n    γ = 0.9\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=γ)\n');
    assert.deepEqual(r.schedulers.map((f) => f.params), [{ step_size: 2, gamma: 0.5 }]);
  });

  it('the latest binding before the use wins, whether it is a simple statement or under an if', () => {
    assert.deepEqual(stepSize(analyze(HEAD + 'if args.debug:\n    step = 2\nstep = 10\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=step)\n')), [10]);
    assert.deepEqual(stepSize(analyze(HEAD + 'step = 10\nfor _ in range(1):\n    step = 2\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=step)\n')), [2]);
    assert.deepEqual(stepSize(analyze(HEAD + 'step = 10\nif args.debug:\n    step = 2\nstep = 7\nfor _ in range(1):\n    step = 3\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=step)\n')), [3]);
  });

  it('in-place changes are replayed between the binding and the use only: a change after parse_args does not count', () => {
    const r = analyze('import torch, argparse\nparser = argparse.ArgumentParser()\nparser.add_argument("--epochs", type=int, default=12)\nargs = parser.parse_args()\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=args.epochs)\nparser.set_defaults(epochs=99)\n');
    assert.deepEqual(stepSize(r), [12]);
  });

  it('star imports: not before they are written, the first that has the name, spacing as Python allows, not in a comment', () => {
    const after = analyze(HEAD + 'sched = StepLR(opt, step_size=7)\nfrom torch.optim.lr_scheduler import *\n');
    assert.deepEqual(after.schedulers, []);
    // `from transformers import *` has no StepLR: the next star import is asked.
    assert.deepEqual(stepSize(analyze('import torch\nfrom transformers import *\nfrom torch.optim.lr_scheduler import *\nopt = torch.optim.SGD(params, lr=0.1)\nsched = StepLR(opt, step_size=7)\n')), [7]);
    assert.deepEqual(stepSize(analyze('import torch\nfrom  torch.optim.lr_scheduler  import  *\nopt = torch.optim.SGD(params, lr=0.1)\nsched = StepLR(opt, step_size=7)\n')), [7]);
    assert.deepEqual(analyze('import torch  # was: from torch.optim.lr_scheduler import *\nopt = torch.optim.SGD(params, lr=0.1)\nsched = StepLR(opt, step_size=7)\n').schedulers, []);
  });

  it('a name assigned under `global` in a function that ran is read when no star import has it', () => {
    const r = analyze('import torch, argparse\nfrom torch.optim.lr_scheduler import *\ndef main():\n    global args\n    args = argparse.Namespace(step=4)\n    run()\ndef run():\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n    sched = StepLR(opt, step_size=args.step)\nif __name__ == "__main__":\n    main()\n');
    assert.deepEqual(stepSize(r), [4]);
  });

  it('a name assigned under `global` by two functions run on their own: each reads its own latest value', () => {
    const r = analyze('import torch\n\ndef make_optimizer(model):\n    return torch.optim.SGD(model.parameters(), lr=base_lr)\n\ndef pretrain(model):\n    global base_lr\n    base_lr = 0.5\n    opt = make_optimizer(model)\n    return torch.optim.lr_scheduler.StepLR(opt, step_size=10)\n\ndef finetune(model):\n    global base_lr\n    base_lr = 0.01\n    opt = make_optimizer(model)\n    return torch.optim.lr_scheduler.StepLR(opt, step_size=2)\n');
    assert.deepEqual(r.schedulers.map((f) => [f.line, f.params.step_size, f.baseLrs]), [
      [10, 10, [0.5]],
      [16, 2, [0.01]],
    ]);
  });

  it('after discovery a name reads as the module left it at every step of the curve, even when a block run for the curve assigns it again', () => {
    // Python: `factor = …` sets scale to 0.5, then build() sets it to 1.0 before LambdaLR is built; the
    // curve is 0.1 * 1.0 * 0.9 ** epoch. The analysis runs `factor = …` only when the curve needs factor.
    const r = analyze('import torch\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\ndef set_scale(s):\n    global scale\n    scale = s\ndef build():\n    set_scale(1.0)\n    return torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda)\ndef lr_lambda(epoch):\n    return scale * factor ** epoch\nfactor = set_scale(0.5) or 0.9\nsched = build()\n');
    const lr = Array.from(curveFor(r.schedulers[0], { steps: 3 }).curve.lr);
    assert.deepEqual(lr.map((v) => Number(v.toPrecision(12))), [0.1, 0.09, 0.081, 0.0729]);
  });

  it("a parser bound again (timm's config parser, then the training parser): the first one's arguments are not replayed and cost nothing", () => {
    const training = 'parser = argparse.ArgumentParser(description="PyTorch ImageNet Training")\nparser.add_argument("--epochs", type=int, default=12)\nargs = parser.parse_args()\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=args.epochs)\n';
    const config = 'config_parser = parser = argparse.ArgumentParser(description="Training Config", add_help=False)\nparser.add_argument("-c", "--config", default="", type=str)\n';
    const both = analyze('import torch, argparse\n' + config + training);
    assert.deepEqual(stepSize(both), [12]);
    assert.equal(both.stats.ops, analyze('import torch, argparse\n' + training).stats.ops);
  });
});
