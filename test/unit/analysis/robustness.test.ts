// Broken input never throws and never takes long: truncated files, half-typed calls, syntax errors,
// deep nesting, a 1 MB line, binary garbage.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, Analyzer } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';
import { ANALYSIS_OPS } from '../../../src/core/model/program';

const SCRIPTS_DIR = path.resolve(__dirname, '../../../../test/fixtures/scripts');
/**
 * A hang guard, not a speed check: the work is bounded by the operation budget (asserted below);
 * speed is measured by `npm run bench`. Only an analysis stuck far beyond any budget trips this.
 */
const LIMIT_MS = 2_000;

function timed(src: string, analyzer?: Analyzer): number {
  const t0 = performance.now();
  const r = (analyzer ?? new Analyzer()).analyze(src);
  const ms = performance.now() - t0;
  // Broken input is the user's, never the analysis': no failure of its own is reported.
  const own = r.diagnostics.filter((d) => /^(Analysis failed|Internal analysis error)/.test(d.message));
  assert.deepEqual(own.map((d) => d.message), [], `analysis failed on ${JSON.stringify(src.slice(0, 120))}`);
  assert.ok(r.stats.ops <= ANALYSIS_OPS, `${r.stats.ops} operations, over the budget of ${ANALYSIS_OPS}`);
  for (const f of r.schedulers) {
    // Every finding can be simulated without throwing.
    curveFor(f, { steps: Math.min(f.naturalSteps, 2000) });
  }
  return ms;
}

describe('analysis: robustness', function () {
  this.timeout(60_000);
  const fixtures = fs.readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith('.py'));

  for (const file of fixtures) {
    it(`${file} truncated at every 97th character`, () => {
      const src = fs.readFileSync(path.join(SCRIPTS_DIR, file), 'utf8');
      let worst = 0;
      for (let cut = 0; cut <= src.length; cut += 97) worst = Math.max(worst, timed(src.slice(0, cut)));
      assert.ok(worst < LIMIT_MS, `slowest truncation took ${worst.toFixed(1)} ms`);
    });
  }

  it('half-typed calls and syntax errors', () => {
    const snippets = [
      'import torch\nopt = torch.optim.SGD(p, lr=\nsched = torch.optim.lr_scheduler.StepLR(opt, ',
      'import torch\nsched = torch.optim.lr_scheduler.StepLR(',
      'import torch\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=)',
      'import torch\nsched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: )',
      'import torch\nsched = torch.optim.lr_scheduler.LambdaLR(opt, lambda : 1)',
      'def f(:\n  return\nscheduler = f(',
      'import torch\nopt = torch.optim.SGD(p, lr=0.1)\nsched = torch.optim.lr_scheduler.MultiStepLR(opt, [30, 60,, 90])',
      'if x\n  scheduler = torch.optim.lr_scheduler.StepLR(opt, 3)\nelse:',
      'class A(:\n    def configure_optimizers(self) return',
      '@\ndef\nclass\nfor in :\nwhile\ntry:\nexcept\nlambda\n',
      'x = """unterminated\nscheduler = StepLR(opt, 5)',
      "x = 'unterminated\nscheduler.step()",
      'scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=1e999999, gamma=-0.0)',
      'import torch\nopt = torch.optim.SGD(p, lr=0.1)\nscheduler = torch.optim.lr_scheduler.StepLR(opt, 2 ** 2 ** 2 ** 2 ** 2)',
      'import torch\nopt = torch.optim.SGD(p, lr=0.1)\nscheduler = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: [][e])',
      'def f():\n    return f()\nscheduler = torch.optim.lr_scheduler.StepLR(opt, f())',
      'import torch\nwhile True:\n    scheduler = torch.optim.lr_scheduler.StepLR(opt, 3)\n    scheduler.step()',
      'a = a + 1\nscheduler = torch.optim.lr_scheduler.StepLR(opt, a)',
      'x = [1]\nx.append(x)\nscheduler = torch.optim.lr_scheduler.MultiStepLR(opt, x)',
    ];
    for (const s of snippets) {
      const ms = timed(s);
      assert.ok(ms < LIMIT_MS, `${JSON.stringify(s)} took ${ms.toFixed(1)} ms`);
    }
  });

  it('binary garbage', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let k = 0; k < 20; k++) {
      let s = '';
      for (let i = 0; i < 5000; i++) s += String.fromCharCode(Math.floor(rand() * 65536));
      const ms = timed(s);
      assert.ok(ms < LIMIT_MS, `garbage ${k} took ${ms.toFixed(1)} ms`);
    }
    const bytes = Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    assert.ok(timed(bytes) < LIMIT_MS);
    assert.ok(timed('\u0000'.repeat(10000) + 'scheduler.step()') < LIMIT_MS);
  });

  it('10,000-level nesting (brackets, unary operators, attributes, calls) and 1,000-level indentation', () => {
    const parens = 'import torch\nscheduler = torch.optim.lr_scheduler.StepLR(opt, ' + '('.repeat(10000) + '1' + ')'.repeat(10000) + ')';
    const lists = 'x = ' + '['.repeat(10000) + ']'.repeat(10000) + '\nscheduler = torch.optim.lr_scheduler.StepLR(opt, 3)';
    const unclosed = 'scheduler = torch.optim.lr_scheduler.StepLR(opt, ' + '('.repeat(10000);
    let indent = '';
    const blocks: string[] = [];
    // Indentation nesting: 1,000 levels is already 500 kB of leading spaces.
    for (let i = 0; i < 1000; i++) {
      blocks.push(indent + 'if x:');
      indent += ' ';
    }
    blocks.push(indent + 'scheduler = torch.optim.lr_scheduler.StepLR(opt, 3)');
    const deepIf = blocks.join('\n');
    const unary = 'import torch\nscheduler = torch.optim.lr_scheduler.StepLR(opt, ' + '-'.repeat(10000) + '1)';
    const attrs = 'scheduler = torch.optim.lr_scheduler.StepLR(opt, a' + '.b'.repeat(10000) + ')';
    const calls = 'scheduler = torch.optim.lr_scheduler.StepLR(opt, f' + '()'.repeat(10000) + ')';
    for (const [name, s] of Object.entries({ parens, lists, unclosed, deepIf, unary, attrs, calls })) {
      const ms = timed(s);
      assert.ok(ms < LIMIT_MS, `${name} took ${ms.toFixed(1)} ms`);
    }
  });

  it('a 1 MB line', () => {
    const data = 'x = [' + '1.5, '.repeat(200_000) + ']\n';
    const src = 'import torch\n' + data + 'opt = torch.optim.SGD(p, lr=0.1)\nscheduler = torch.optim.lr_scheduler.StepLR(opt, 3)\n';
    const ms = timed(src);
    assert.ok(ms < LIMIT_MS, `took ${ms.toFixed(1)} ms`);
    const r = analyze(src);
    assert.equal(r.schedulers.length, 1, 'the scheduler after the huge line is still found');
    const comment = '# ' + 'x'.repeat(1_000_000) + '\nimport torch\nopt = torch.optim.SGD(p, lr=0.1)\ns = torch.optim.lr_scheduler.StepLR(opt, 3)';
    assert.ok(timed(comment) < LIMIT_MS);
    const str = 's = "' + 'y'.repeat(1_000_000) + '"';
    assert.ok(timed(str) < LIMIT_MS);
  });

  it('many schedulers and loops stay within budget', () => {
    const lines = ['import torch', 'opt = torch.optim.SGD(p, lr=0.1)'];
    for (let i = 0; i < 300; i++) lines.push(`s${i} = torch.optim.lr_scheduler.StepLR(opt, ${i + 1})`);
    lines.push('for e in range(1000000):', '    for b in loader:', ...Array.from({ length: 300 }, (_, i) => `        s${i}.step()`));
    const ms = timed(lines.join('\n'));
    assert.ok(ms < LIMIT_MS * 3, `took ${ms.toFixed(1)} ms`);
  });
});

describe('analysis: incremental re-analysis gives the same result as a fresh one', () => {
  function summary(r: ReturnType<typeof analyze>) {
    return JSON.stringify(
      r.schedulers.map((f) => ({ ...f, spec: undefined, range: f.range, arguments: f.arguments })),
      (_k, v) => (typeof v === 'function' ? 'fn' : v),
    );
  }
  const fixtures = fs.readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith('.py'));
  for (const file of fixtures) {
    it(`${file} under a sequence of edits`, () => {
      let src = fs.readFileSync(path.join(SCRIPTS_DIR, file), 'utf8');
      const inc = new Analyzer();
      // Equality is a property of the incremental algorithm, not of the wall-clock guards: give both
      // analyses room so a loaded machine cannot cut one parse short and not the other.
      const roomy = { timeLimitMs: 5_000 };
      inc.analyze(src, roomy);
      let seed = 7;
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
      const inserts = ['\n', ' ', 'x', '(', ')', '"', '"""', '#', '\n    ', '\nif x:\n', '0', ' = 5\n', 'scheduler'];
      for (let k = 0; k < 60; k++) {
        const at = rand(src.length + 1);
        if (k % 3 === 2 && src.length > 10) src = src.slice(0, at) + src.slice(Math.min(src.length, at + 1 + rand(20)));
        else src = src.slice(0, at) + inserts[rand(inserts.length)] + src.slice(at);
        assert.equal(summary(inc.analyze(src, roomy)), summary(analyze(src, roomy)), `after edit ${k} at ${at}`);
      }
    });
  }
});
