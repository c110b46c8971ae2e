/**
 * Seeded mutations of Python training scripts for the fuzz suites: truncation, line and token
 * deletion/duplication/swaps, random characters (brackets, quotes, unicode, control characters),
 * hostile number literals, deep nesting, endless loops and recursion in lr functions.
 * Deterministic for a seed, so a failure prints the seed and can be replayed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** mulberry32: small, fast, good enough for test-case generation. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const ROOT = path.resolve(__dirname, '../../../..');

/** The fixture scripts and the examples, by file name relative to the repository. */
export function fuzzCorpus(): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const dir of ['test/fixtures/scripts', 'examples']) {
    for (const f of fs.readdirSync(path.join(ROOT, dir)).sort()) {
      if (f.endsWith('.py')) out.push({ file: `${dir}/${f}`, text: fs.readFileSync(path.join(ROOT, dir, f), 'utf8') });
    }
  }
  return out;
}

/** Identifiers, numbers, strings, and single punctuation characters, with their offsets. */
const TOKEN = /[A-Za-z_]\w*|\d[\w.]*(?:[eE][-+]?\d+)?|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s\w]/g;
const NUMBER = /(?<![\w.])\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?(?![\w.])/g;

function tokens(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const m of text.matchAll(TOKEN)) out.push({ start: m.index as number, end: (m.index as number) + m[0].length });
  return out;
}

export const HOSTILE_NUMBERS = [
  '1e400', '-1e400', '-0', '-0.0', "float('nan')", "float('inf')", "-float('inf')", '10**10**10', '2**1000', '1e-400',
  '0', '-1', '-999999999', '99999999999999999999999999', '0x7fffffffffffffff', '1/0', '0.0/0.0', 'True', 'None', '"5"',
  '[]', '()', '1j', '5e-324', '1.7976931348623157e308', '(1e308 * 10 - 1e308 * 10)', 'int("x")', '--1', '~0',
  // Work just under and over the operation budget.
  '249999', '1999999', 'len([i * i for i in range(1999000)])', 'sum(i for i in range(10**6))', 'len(",".join(str(i) for i in range(200000)))',
  'len([[j for j in range(1000)] for i in range(1000)])', 'len("ab" * 10**7)', 'len([0] * 10**6)',
];

const INSERTS = [
  '(', ')', '[', ']', '{', '}', '"', "'", '"""', "'''", ':', ',', '=', '\\', '#', '\n', '\r', '\t', '    ', '\0', '@',
  'é', 'λ', '学習率', '🚀', '\u200b', '\u202e', '\ud800', '\udfff', '\u0301', '\ufeff', 'lambda', 'def ', 'class ',
  'if ', 'else:', 'return ', 'yield ', 'await ', '**', '*', '.', ';', 'None', 'f"{', '}"', 'b"\\xff"',
];

/** Text of the line at `offset`'s indentation for a body inside a `def` on line index `li`. */
function bodyIndent(lines: string[], li: number): string {
  for (let j = li + 1; j < lines.length; j++) {
    if (lines[j].trim() === '') continue;
    return /^\s*/.exec(lines[j])?.[0] ?? '    ';
  }
  return `${/^\s*/.exec(lines[li])?.[0] ?? ''}    `;
}

export type Mutation = (text: string, r: Rng) => string;

export const MUTATIONS: Record<string, Mutation> = {
  truncate: (t, r) => t.slice(0, r.int(t.length + 1)),
  deleteLine: (t, r) => {
    const ls = t.split('\n');
    ls.splice(r.int(ls.length), 1);
    return ls.join('\n');
  },
  duplicateLine: (t, r) => {
    const ls = t.split('\n');
    const i = r.int(ls.length);
    ls.splice(i, 0, ls[i]);
    return ls.join('\n');
  },
  swapLines: (t, r) => {
    const ls = t.split('\n');
    const i = r.int(ls.length);
    const j = r.int(ls.length);
    [ls[i], ls[j]] = [ls[j], ls[i]];
    return ls.join('\n');
  },
  deleteToken: (t, r) => {
    const ts = tokens(t);
    if (!ts.length) return t;
    const k = r.pick(ts);
    return t.slice(0, k.start) + t.slice(k.end);
  },
  duplicateToken: (t, r) => {
    const ts = tokens(t);
    if (!ts.length) return t;
    const k = r.pick(ts);
    return t.slice(0, k.end) + (r.chance(0.5) ? ' ' : '') + t.slice(k.start, k.end) + t.slice(k.end);
  },
  swapTokens: (t, r) => {
    const ts = tokens(t);
    if (ts.length < 2) return t;
    let a = r.pick(ts);
    let b = r.pick(ts);
    if (a.start > b.start) [a, b] = [b, a];
    if (a.start === b.start) return t;
    return t.slice(0, a.start) + t.slice(b.start, b.end) + t.slice(a.end, b.start) + t.slice(a.start, a.end) + t.slice(b.end);
  },
  insertChars: (t, r) => {
    const at = r.int(t.length + 1);
    let s = '';
    for (let n = 1 + r.int(3); n > 0; n--) s += r.chance(0.8) ? r.pick(INSERTS) : String.fromCharCode(r.int(0x3000));
    return t.slice(0, at) + s + t.slice(at);
  },
  hostileNumber: (t, r) => {
    const ms = [...t.matchAll(NUMBER)];
    if (!ms.length) return t;
    const m = r.pick(ms);
    const at = m.index as number;
    return t.slice(0, at) + r.pick(HOSTILE_NUMBERS) + t.slice(at + m[0].length);
  },
  deepNesting: (t, r) => {
    const ms = [...t.matchAll(NUMBER)];
    if (!ms.length) return t;
    const m = r.pick(ms);
    const at = m.index as number;
    const depth = r.pick([20, 60, 149, 151, 300, 2000]);
    const [open, close] = r.pick([['(', ')'], ['[', '][0]'], ['-', ''], ['not ', ''], ['(lambda: ', ')()'], ['{0: ', '}[0]']]);
    const wrapped = open === '-' || open === 'not ' ? open.repeat(depth) + m[0] : open.repeat(depth) + m[0] + close.repeat(depth);
    return t.slice(0, at) + wrapped + t.slice(at + m[0].length);
  },
  endlessLambda: (t, r) => {
    // The body of an lr function never returns: an endless loop or endless iteration.
    const body = r.pick([
      '[0 for _ in iter(int, 1)][0]',
      '(lambda f: f(f))(lambda f: f(f))',
      'sum(range(10**12))',
      'len([i for i in range(10**9)])',
      'max(x for x in iter(lambda: 1, 2))',
    ]);
    const ms = [...t.matchAll(/lambda\s*[\w, ]*:/g)];
    if (ms.length) {
      const m = r.pick(ms);
      const at = (m.index as number) + m[0].length;
      return `${t.slice(0, at)} ${body} or ${t.slice(at)}`;
    }
    return endlessDef(t, r);
  },
  endlessDef: (t, r) => endlessDef(t, r),
  recursion: (t, r) => {
    // A def that recurses forever (or very deep), used where a number was.
    const name = `_rec${r.int(100)}`;
    const def = r.pick([
      `def ${name}(n):\n    return ${name}(n + 1)\n`,
      `def ${name}(n):\n    return ${name}(n - 1) + 1 if n else 0\n`,
      `def ${name}(n):\n    return ${name}(n) * ${name}(n)\n`,
    ]);
    const ms = [...t.matchAll(NUMBER)];
    const m = ms.length ? r.pick(ms) : undefined;
    const used = m ? t.slice(0, m.index as number) + `${name}(${r.pick(['0', '10000', '10**6'])})` + t.slice((m.index as number) + m[0].length) : t;
    // Put the def at the start of a random top-level line.
    const ls = used.split('\n');
    const tops = ls.map((l, i) => (/^\S/.test(l) ? i : -1)).filter((i) => i >= 0);
    const at = tops.length ? r.pick(tops) : 0;
    ls.splice(at, 0, def);
    return ls.join('\n');
  },
};

/** Top-level line indexes of a script (where a statement can be inserted). */
function topLines(ls: string[]): number[] {
  const tops = ls.map((l, i) => (/^\S/.test(l) && !/^(else|elif|except|finally)\b/.test(l) ? i : -1)).filter((i) => i >= 0);
  return tops.length ? tops : [0];
}

/** Inserts top-level `code` at a random top-level line, and uses `use` (an expression) in place of a random number. */
function insertTop(t: string, r: Rng, code: string, use?: string): string {
  let out = t;
  if (use) {
    const ms = [...t.matchAll(NUMBER)];
    if (ms.length) {
      const m = r.pick(ms);
      out = t.slice(0, m.index as number) + use + t.slice((m.index as number) + m[0].length);
    }
  }
  const ls = out.split('\n');
  ls.splice(r.pick(topLines(ls)), 0, code);
  return ls.join('\n');
}

/** Names that are properties of every JS object: must be ordinary unknown Python names to the analysis. */
export const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'prototype'];

/** Issue 14's hostile classes, as mutations. */
export const HOSTILE_MUTATIONS: Record<string, Mutation> = {
  doublingLoop: (t, r) => {
    const v = `_d${r.int(100)}`;
    const [init, grow] = r.pick([
      ['[0]', `${v} = ${v} + ${v}`],
      ['(0,)', `${v} = ${v} + ${v}`],
      ['"x"', `${v} = ${v} + ${v}`],
      ['[1]', `${v}.extend(${v})`],
      ['[0]', `${v} = [${v}, ${v}]`],
      ['"ab"', `${v} = ${v} * 2`],
    ]);
    const n = r.pick([10, 17, 26, 40, 64]);
    return insertTop(t, r, `${v} = ${init}\nfor _i in range(${n}):\n    ${grow}`, r.chance(0.7) ? `len(${v})` : undefined);
  },
  zipStar: (t, r) => {
    const n = r.pick(['60000', '1000', '10**5', '3']);
    const e = r.pick([`list(zip(*[[1] * ${n}] * ${n}))`, `len(list(zip(*[range(${n})] * ${n})))`, `[a for a in zip(*[[0] * ${n}] * 2)]`]);
    return insertTop(t, r, `_z = ${e}`, r.chance(0.6) ? 'len(_z)' : undefined);
  },
  listOfString: (t, r) => {
    const s = r.pick(['"x" * 10**6', '"ab" * 99999', '"-" * 65', 'str(2**300000)', '"é" * 50000 + "🚀" * 50000']);
    const f = r.pick(['list', 'tuple', 'sorted', 'set', 'reversed', 'enumerate']);
    return insertTop(t, r, `_s = ${f}(${s})`, r.chance(0.6) ? 'len(_s)' : undefined);
  },
  hugeArgs: (t, r) => {
    const e = r.pick([
      'pow(10, 10**9)', 'pow(2, 10**6, 1000)', 'pow(10, -10**9)', 'pow(10.0, 10**9)', 'round(5, -10**8)', 'round(5.5, 10**8)',
      'round(1e300, -400)', 'int("9" * 5000)', '"%.500f" % 0.1', '"%1000000000d" % 1', 'math.factorial(10**6)', '2 ** 2 ** 20', '1 << 10**9',
    ]);
    const ms = [...t.matchAll(NUMBER)];
    if (!ms.length) return insertTop(t, r, `_h = ${e}`);
    const m = r.pick(ms);
    return t.slice(0, m.index as number) + e + t.slice((m.index as number) + m[0].length);
  },
  rebindChain: (t, r) => {
    const n = r.pick([30, 300, 1000]);
    const v = `_c${r.int(10)}`;
    const chain = r.chance(0.5)
      ? [`${v} = 0`, ...Array.from({ length: n }, () => `${v} = ${v} + 1`)]
      : [`${v}0 = 1`, ...Array.from({ length: n }, (_, i) => `${v}${i + 1} = ${v}${i} + 1`)];
    const last = chain[chain.length - 1].split(' = ')[0];
    return insertTop(t, r, chain.join('\n'), last);
  },
  manyGroups: (t, r) => {
    const g = r.pick([2, 50, 1000, 5000]);
    const steps = r.pick(['10**6', '10**5', '10**7', '3000']);
    const kind = r.pick([
      'torch.optim.lr_scheduler.StepLR(_opt, step_size=10)',
      'torch.optim.lr_scheduler.LambdaLR(_opt, lambda s: 0.99 ** s)',
      'torch.optim.lr_scheduler.ChainedScheduler([torch.optim.lr_scheduler.ExponentialLR(_opt, gamma=0.9)] * 100)',
      'torch.optim.lr_scheduler.OneCycleLR(_opt, max_lr=0.1, total_steps=' + steps + ')',
    ]);
    const code = [
      'import torch',
      `_opt = torch.optim.SGD([{"params": [p], "lr": 0.1} for p in range(${g})], lr=0.1)`,
      `_sch = ${kind}`,
      `for _step in range(${steps}):`,
      '    _opt.step()',
      '    _sch.step()',
    ].join('\n');
    return `${t}\n${code}\n`;
  },
  protoNames: (t, r) => {
    const n = r.pick(PROTO_NAMES);
    const code = r.pick([
      `_p = get_scheduler("${n}", optimizer, num_warmup_steps=10, num_training_steps=100)`,
      `${n} = 7`,
      `_p = {"${n}": 3}["${n}"]`,
      `_p = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, ${n.replace(/^__defineGetter__$/, 'constructor')}=3)`,
      `_p = torch.optim.lr_scheduler.StepLR(optimizer, **{"${n}": 1, "step_size": 5})`,
      `class _K:\n    ${n} = 3\n_p = _K.${n}`,
    ]);
    return insertTop(t, r, code, r.chance(0.4) ? n : undefined);
  },
};

function endlessDef(t: string, r: Rng): string {
  const ls = t.split('\n');
  const defs = ls.map((l, i) => (/^\s*def\s/.test(l) ? i : -1)).filter((i) => i >= 0);
  if (!defs.length) return t;
  const li = r.pick(defs);
  const ind = bodyIndent(ls, li);
  const loop = r.pick([
    [`${ind}while True:`, `${ind}    pass`],
    [`${ind}while 1:`, `${ind}    x = [0] * 10`],
    [`${ind}for _ in iter(int, 1):`, `${ind}    continue`],
    [`${ind}n = 0`, `${ind}while n >= 0:`, `${ind}    n += 1`],
  ]);
  ls.splice(li + 1, 0, ...loop);
  return ls.join('\n');
}

Object.assign(MUTATIONS, HOSTILE_MUTATIONS);

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** One mutant: 1 to 3 stacked mutations of `text`, chosen by `r`; returns the names applied. */
export function mutate(text: string, r: Rng): { text: string; applied: string[] } {
  const applied: string[] = [];
  let out = text;
  for (let n = 1 + (r.chance(0.6) ? 0 : r.int(3)); n > 0; n--) {
    const name = r.pick(MUTATION_NAMES);
    out = MUTATIONS[name](out, r);
    applied.push(name);
  }
  return { text: out, applied };
}
