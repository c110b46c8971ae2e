import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * The layering of the Python reading: the interpreter (src/core/python) knows Python only
 * (framework knowledge lives in the adapters, src/core/frameworks/adapters/), and no module of the
 * core imports itself back through others, type-only imports included.
 */
const ROOT = path.resolve(__dirname, '../../../..');
const CORE = path.join(ROOT, 'src/core');
const PYTHON = path.join(CORE, 'python');
const ADAPTERS = path.join(CORE, 'frameworks/adapters');
const SANDBOX = path.join(CORE, 'model/sandbox.ts');

/** The interpreter: these files may import each other, l10n and their parser only. */
const INTERPRETER = ['ast.ts', 'parse.ts', 'values.ts', 'builtins.ts', 'evaluatorApi.ts', 'evaluator.ts', 'blocks.ts', 'loopCarried.ts'];
/** The REPL-like harness (src/core/model/sandbox.ts): the interpreter run against a whole program (it may import program.ts, nothing framework-specific directly). */

/** Framework and library words that must not appear in the interpreter's code (comments aside). */
const FRAMEWORK_WORDS = [
  'lightning',
  'accelerat',
  'transformers',
  'deepspeed',
  'timm',
  'diffusers',
  'HfArgumentParser',
  'TrlParser',
  'save_hyperparameters',
  'configure_optimizers',
  'TrainingArguments',
  'Trainer',
  'tqdm',
  'torch',
  'prepare',
  'argparse',
  'numpy',
  'get_scheduler',
  'lr_scheduler',
  'no_grad',
];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The file's code without its comments (string literals and regular expressions kept: they are code). */
export function codeOf(text: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  let out = '';
  // Brace depth at each open `${` of a template literal, to rescan its continuation after the `}`.
  const templates: number[] = [];
  let braces = 0;
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    if (t === ts.SyntaxKind.SingleLineCommentTrivia || t === ts.SyntaxKind.MultiLineCommentTrivia) continue;
    if (t === ts.SyntaxKind.OpenBraceToken) braces++;
    else if (t === ts.SyntaxKind.CloseBraceToken) {
      if (templates.length && templates[templates.length - 1] === braces) {
        t = scanner.reScanTemplateToken(false);
        if (t === ts.SyntaxKind.TemplateTail) templates.pop();
      } else braces--;
    }
    if (t === ts.SyntaxKind.TemplateHead) templates.push(braces);
    // A `/` that starts a regular expression (the scanner cannot tell without the parser): rescan it as one.
    if (t === ts.SyntaxKind.SlashToken || t === ts.SyntaxKind.SlashEqualsToken) {
      const prev = out.trimEnd().slice(-1);
      if (prev === '' || '(,=:[!&|?{};'.includes(prev)) scanner.reScanSlashToken();
    }
    out += scanner.getTokenText() + ' ';
  }
  return out;
}

/** Framework words in a file's code. */
export function frameworkWordsIn(text: string): string[] {
  const code = codeOf(text).toLowerCase();
  return FRAMEWORK_WORDS.filter((w) => code.includes(w.toLowerCase()));
}

/** Relative imports of a file (`import`, `import type`, `export … from`, `import('…')` types), as absolute paths. */
export function importsOf(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const specs: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) specs.push(n.moduleSpecifier.text);
    if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) specs.push(n.argument.literal.text);
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) specs.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => {
      const p = path.resolve(path.dirname(file), s);
      return fs.existsSync(p + '.ts') ? p + '.ts' : fs.existsSync(path.join(p, 'index.ts')) ? path.join(p, 'index.ts') : p;
    });
}

/** Strongly connected components of more than one module, or a module importing itself (Tarjan). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(c);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

const rel = (p: string) => path.relative(CORE, p);

describe('analysis: the interpreter knows Python only', () => {
  const inInterpreter = new Set(INTERPRETER.map((f) => path.join(PYTHON, f)));
  const graph = new Map(sources(CORE).map((f) => [f, importsOf(f, fs.readFileSync(f, 'utf8'))]));

  it('the checks see framework words and imports when they are there', () => {
    assert.deepEqual(frameworkWordsIn("if (fn.name === 'save_hyperparameters' && scope) return x; // tqdm"), ['save_hyperparameters']);
    assert.deepEqual(frameworkWordsIn('if (/(^|\\.)(prepare|initialize)$/.test(fn.text)) {}'), ['prepare']);
    assert.deepEqual(frameworkWordsIn('/** Lightning, accelerate and torch, in a comment */\nconst a = 1;'), []);
    assert.deepEqual(importsOf(path.join(PYTHON, 'x.ts'), "import type { A } from '../frameworks/adapter';\nexport { B } from './values';\ntype C = import('../frameworks/hosts').FindingRec;"), [
      path.join(CORE, 'frameworks/adapter.ts'),
      path.join(PYTHON, 'values.ts'),
      path.join(CORE, 'frameworks/hosts.ts'),
    ]);
  });

  for (const file of [...INTERPRETER.map((f) => path.join(PYTHON, f)), SANDBOX]) {
    const name = path.basename(file);
    it(`${name} has no framework names in its code`, () => {
      assert.ok(fs.existsSync(file), `${name} exists`);
      assert.deepEqual(frameworkWordsIn(fs.readFileSync(file, 'utf8')), [], `${name} names frameworks in its code`);
    });
  }

  for (const name of INTERPRETER) {
    it(`${name} imports only the interpreter and l10n (directly or not)`, () => {
      const seen = new Set<string>();
      const todo = [path.join(PYTHON, name)];
      while (todo.length) {
        const f = todo.pop() as string;
        if (seen.has(f)) continue;
        seen.add(f);
        for (const d of graph.get(f) ?? importsOf(f, fs.readFileSync(f, 'utf8'))) {
          const ok = inInterpreter.has(d) || d.startsWith(path.join(CORE, 'l10n'));
          assert.ok(ok, `${name} reaches ${path.relative(ROOT, d)} (through ${path.relative(ROOT, f)})`);
          todo.push(d);
        }
      }
    });
  }

  it('sandbox.ts imports no adapter or framework module directly', () => {
    const deps = (graph.get(SANDBOX) ?? []).map(rel);
    assert.ok(deps.length > 0, 'sandbox.ts imports found');
    for (const d of deps) assert.ok(!d.startsWith(`frameworks${path.sep}`), `sandbox.ts imports ${d}`);
  });

  it('the interpreter reaches no adapter even at run time: adapters are only registered in adapters/index.ts', () => {
    const registry = path.join(ADAPTERS, 'index.ts');
    const adapterFiles = sources(ADAPTERS).filter((f) => f !== registry);
    assert.ok(adapterFiles.length >= 10, 'one file per framework');
    const text = fs.readFileSync(registry, 'utf8');
    for (const f of adapterFiles) assert.ok(text.includes(`from './${path.basename(f, '.ts')}'`), `${rel(f)} is registered in adapters/index.ts`);
  });
});

describe('analysis: no import cycles (type-only imports included)', () => {
  it('the cycle check finds a cycle when there is one', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    assert.deepEqual(cyclesOf(g).map((c) => c.sort()), [['a', 'b', 'c']]);
    assert.deepEqual(cyclesOf(new Map([['a', ['b']], ['b', []]])), []);
  });

  it('the Python reading, the frameworks, the model and the lint rules have none', () => {
    const files = ['python', 'frameworks', 'model', 'lint'].flatMap((d) => sources(path.join(CORE, d)));
    assert.ok(files.length > 40, 'sources found');
    const graph = new Map(files.map((f) => [f, importsOf(f, fs.readFileSync(f, 'utf8'))]));
    const cycles = cyclesOf(graph).map((c) => c.map(rel).sort().join(' ↔ '));
    assert.deepEqual(cycles, []);
  });
});
