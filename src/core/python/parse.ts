/**
 * Parsing with @lezer/python and conversion of the lezer tree into the small AST of `ast.ts`.
 * One top-level block is parsed at a time (see `blocks.ts`). Conversion recurses with a depth cap,
 * so pathological nesting gives an `error` node instead of a stack overflow.
 */
import { parser } from '@lezer/python';
import { TreeFragment, type SyntaxNode, type Tree } from '@lezer/common';
import type { Arg, CompFor, Expr, Param, Span, Stmt } from './ast';

const MAX_DEPTH = 120;

export interface ParsedBlock {
  text: string;
  tree: Tree;
  stmts: Stmt[];
  /** Number of lezer error nodes. */
  errors: number;
  /** The parse hit its work budget (PARSE_STEPS_PER_CHAR) and stopped early. */
  truncated: boolean;
}

export function now(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}

/**
 * Work budget of one block's parse, in lezer `advance()` calls: deterministic, unlike a time limit.
 * Real training scripts take 0.12–0.22 advances per character (yolov5's train.py 0.215, HF's
 * run_qa_no_trainer.py 0.180), so 1 per character parses every real block completely (garbage
 * that lezer recovers from character by character takes 1 per character); the cap bounds what a
 * pathological block can cost.
 */
export const PARSE_STEPS_PER_CHAR = 1;
export const PARSE_MAX_STEPS = 250_000;
export function parseBudget(chars: number): number {
  return Math.min(PARSE_MAX_STEPS, 1_000 + PARSE_STEPS_PER_CHAR * chars);
}

/**
 * Parse one block. When `prev` (an earlier version of the same block) is given, the unchanged
 * prefix and suffix of its tree are reused through lezer's TreeFragments.
 */
export function parseBlock(text: string, prev?: { text: string; tree: Tree }, maxSteps = parseBudget(text.length)): ParsedBlock {
  let fragments: readonly TreeFragment[] | undefined;
  if (prev) {
    const a = prev.text;
    let p = 0;
    const max = Math.min(a.length, text.length);
    while (p < max && a.charCodeAt(p) === text.charCodeAt(p)) p++;
    let s = 0;
    while (s < max - p && a.charCodeAt(a.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
    fragments = TreeFragment.applyChanges(TreeFragment.addTree(prev.tree), [
      { fromA: p, toA: a.length - s, fromB: p, toB: text.length - s },
    ]);
  }
  const partial = parser.startParse(text, fragments);
  let tree: Tree | null = null;
  let truncated = false;
  let count = 0;
  while (!(tree = partial.advance())) {
    if (++count > maxSteps && !truncated) {
      truncated = true;
      partial.stopAt(partial.parsedPos);
    }
  }
  const conv = new Converter(text);
  const stmts = conv.block(tree.topNode, 0);
  return { text, tree, stmts, errors: conv.errors, truncated };
}

function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', ';', '.']);

class Converter {
  errors = 0;
  constructor(private readonly text: string) {}

  private src(n: { from: number; to: number }): string {
    return this.text.slice(n.from, n.to);
  }
  private span(n: { from: number; to: number }): Span {
    return { from: n.from, to: n.to };
  }
  private err(n: { from: number; to: number }): Expr {
    this.errors++;
    return { t: 'error', text: this.src(n).slice(0, 200), from: n.from, to: n.to };
  }

  /** Statements of a Script or Body node. */
  block(n: SyntaxNode, d: number): Stmt[] {
    const out: Stmt[] = [];
    if (d > MAX_DEPTH) {
      this.errors++;
      return [{ t: 'error', text: 'nesting too deep', from: n.from, to: n.to }];
    }
    for (const c of children(n)) {
      if (c.name === ':' || c.type.isError) {
        if (c.type.isError) this.errors++;
        continue;
      }
      this.stmtInto(c, d + 1, out);
    }
    return out;
  }

  private stmtInto(n: SyntaxNode, d: number, out: Stmt[]): void {
    if (n.name === 'StatementGroup') {
      for (const c of children(n)) if (c.name !== ';') this.stmtInto(c, d, out);
      return;
    }
    const s = this.stmt(n, d);
    if (s) out.push(s);
  }

  private stmt(n: SyntaxNode, d: number): Stmt | null {
    const sp = this.span(n);
    const ks = children(n);
    switch (n.name) {
      case 'ExpressionStatement':
        return { t: 'expr', e: this.exprList(ks, d), ...sp };
      case 'AssignStatement':
        return this.assign(n, ks, d);
      case 'UpdateStatement': {
        const i = ks.findIndex((k) => k.name === 'UpdateOp');
        if (i < 1) return { t: 'error', text: this.src(n), ...sp };
        return {
          t: 'augassign',
          target: this.exprList(ks.slice(0, i), d),
          op: this.src(ks[i]).slice(0, -1),
          value: this.exprList(ks.slice(i + 1), d),
          ...sp,
        };
      }
      case 'PassStatement':
        return { t: 'pass', ...sp };
      case 'BreakStatement':
        return { t: 'break', ...sp };
      case 'ContinueStatement':
        return { t: 'continue', ...sp };
      case 'ReturnStatement':
        return { t: 'return', value: ks.length > 1 ? this.exprList(ks.slice(1), d) : null, ...sp };
      case 'RaiseStatement': {
        const fromIdx = ks.findIndex((k) => k.name === 'from');
        const parts = ks.slice(1, fromIdx < 0 ? undefined : fromIdx);
        return { t: 'raise', e: parts.length ? this.expr(parts[0], d) : null, ...sp };
      }
      case 'AssertStatement': {
        const parts = ks.slice(1).filter((k) => k.name !== ',');
        return {
          t: 'assert',
          test: parts[0] ? this.expr(parts[0], d) : this.err(n),
          msg: parts[1] ? this.expr(parts[1], d) : null,
          ...sp,
        };
      }
      case 'ScopeStatement':
        return { t: 'global', names: ks.filter((k) => k.name === 'VariableName').map((k) => this.src(k)), ...sp };
      case 'DeleteStatement':
        return { t: 'del', targets: ks.slice(1).filter((k) => k.name !== ',').map((k) => this.expr(k, d)), ...sp };
      case 'ImportStatement':
        return this.importStmt(n, ks);
      case 'IfStatement': {
        const tests: Expr[] = [];
        const bodies: Stmt[][] = [];
        let orelse: Stmt[] | null = null;
        for (let i = 0; i < ks.length; i++) {
          const k = ks[i];
          if (k.name === 'if' || k.name === 'elif') {
            const test = ks[i + 1];
            const body = ks[i + 2];
            tests.push(test && test.name !== 'Body' ? this.expr(test, d) : this.err(k));
            bodies.push(body && body.name === 'Body' ? this.block(body, d) : []);
            i += 2;
          } else if (k.name === 'else') {
            const body = ks[i + 1];
            orelse = body && body.name === 'Body' ? this.block(body, d) : [];
            i += 1;
          }
        }
        return { t: 'if', tests, bodies, orelse, ...sp };
      }
      case 'WhileStatement': {
        const bodies = ks.filter((k) => k.name === 'Body');
        const test = ks[1] && ks[1].name !== 'Body' ? this.expr(ks[1], d) : this.err(n);
        return {
          t: 'while',
          test,
          body: bodies[0] ? this.block(bodies[0], d) : [],
          orelse: bodies[1] ? this.block(bodies[1], d) : null,
          ...sp,
        };
      }
      case 'ForStatement': {
        const forI = ks.findIndex((k) => k.name === 'for');
        const inI = ks.findIndex((k) => k.name === 'in');
        const bodyI = ks.findIndex((k) => k.name === 'Body');
        if (forI < 0 || inI < 0) return { t: 'error', text: this.src(n).slice(0, 200), ...sp };
        const bodies = ks.filter((k) => k.name === 'Body');
        return {
          t: 'for',
          target: this.exprList(ks.slice(forI + 1, inI), d),
          iter: this.exprList(ks.slice(inI + 1, bodyI < 0 ? undefined : bodyI), d),
          body: bodies[0] ? this.block(bodies[0], d) : [],
          orelse: bodies[1] ? this.block(bodies[1], d) : null,
          ...sp,
        };
      }
      case 'TryStatement': {
        let body: Stmt[] = [];
        const handlers: Stmt[][] = [];
        let orelse: Stmt[] | null = null;
        let final: Stmt[] | null = null;
        let mode = 'try';
        for (const k of ks) {
          if (k.name === 'try' || k.name === 'except' || k.name === 'else' || k.name === 'finally') mode = k.name;
          else if (k.name === 'Body') {
            const b = this.block(k, d);
            if (mode === 'try') body = b;
            else if (mode === 'except') handlers.push(b);
            else if (mode === 'else') orelse = b;
            else final = b;
          }
        }
        return { t: 'try', body, handlers, orelse, final, ...sp };
      }
      case 'WithStatement': {
        const items: { e: Expr; as: Expr | null }[] = [];
        let body: Stmt[] = [];
        for (let i = 0; i < ks.length; i++) {
          const k = ks[i];
          if (k.name === 'with' || k.name === 'async' || k.name === ',') continue;
          if (k.name === 'Body') body = this.block(k, d);
          else if (k.name === 'as') {
            if (items.length && ks[i + 1]) items[items.length - 1].as = this.expr(ks[i + 1], d);
            i++;
          } else items.push({ e: this.expr(k, d), as: null });
        }
        return { t: 'with', items, body, ...sp };
      }
      case 'FunctionDefinition':
        return this.funcDef(n, ks, d, []);
      case 'ClassDefinition':
        return this.classDef(n, ks, d, []);
      case 'DecoratedStatement': {
        const decorators: Expr[] = [];
        for (const k of ks) {
          if (k.name === 'Decorator') decorators.push(this.decorator(k, d));
          else if (k.name === 'FunctionDefinition') return this.funcDef(k, children(k), d, decorators, sp);
          else if (k.name === 'ClassDefinition') return this.classDef(k, children(k), d, decorators, sp);
        }
        return { t: 'error', text: this.src(n).slice(0, 200), ...sp };
      }
      default:
        if (n.type.isError) {
          this.errors++;
          return null;
        }
        // An expression used as a statement in error recovery, or an unsupported statement.
        if (/Statement$|Definition$/.test(n.name)) return { t: 'error', text: this.src(n).slice(0, 200), ...sp };
        return { t: 'expr', e: this.expr(n, d), ...sp };
    }
  }

  private assign(n: SyntaxNode, ks: SyntaxNode[], d: number): Stmt {
    const sp = this.span(n);
    const groups: SyntaxNode[][] = [[]];
    let annotated = false;
    for (const k of ks) {
      if (k.name === 'AssignOp') groups.push([]);
      else if (k.name === 'TypeDef') annotated = true;
      else groups[groups.length - 1].push(k);
    }
    if (annotated && groups.length === 1) {
      return { t: 'annassign', target: this.exprList(groups[0], d), value: null, ...sp };
    }
    const exprs = groups.map((g) => this.exprList(g, d));
    const value = exprs.pop() as Expr;
    if (annotated) return { t: 'annassign', target: exprs[0], value, ...sp };
    return { t: 'assign', targets: exprs, value, ...sp };
  }

  /** Comma-separated expressions; more than one (or a trailing comma) make a tuple. */
  private exprList(ks: SyntaxNode[], d: number): Expr {
    const items = ks.filter((k) => k.name !== ',');
    const hasComma = ks.some((k) => k.name === ',');
    if (items.length === 0) {
      const at = ks[0] ?? { from: 0, to: 0 };
      return { t: 'error', text: '', from: at.from, to: at.to };
    }
    if (items.length === 1 && !hasComma) return this.expr(items[0], d);
    const elts: Expr[] = [];
    for (let i = 0; i < items.length; i++) {
      const k = items[i];
      if (k.name === '*' && items[i + 1]) {
        const e = this.expr(items[i + 1], d);
        elts.push({ t: 'star', e, double: false, from: k.from, to: e.to });
        i++;
      } else elts.push(this.expr(k, d));
    }
    return { t: 'tuple', elts, from: ks[0].from, to: ks[ks.length - 1].to };
  }

  private funcDef(n: SyntaxNode, ks: SyntaxNode[], d: number, decorators: Expr[], outer?: Span): Stmt {
    const sp = outer ?? this.span(n);
    const nameNode = ks.find((k) => k.name === 'VariableName');
    const paramNode = ks.find((k) => k.name === 'ParamList');
    const body = ks.find((k) => k.name === 'Body');
    return {
      t: 'def',
      name: nameNode ? this.src(nameNode) : '<anonymous>',
      nameSpan: nameNode ? this.span(nameNode) : this.span(n),
      params: paramNode ? this.params(paramNode, d) : [],
      body: body ? this.block(body, d) : [],
      decorators,
      ...sp,
    };
  }

  private classDef(n: SyntaxNode, ks: SyntaxNode[], d: number, decorators: Expr[], outer?: Span): Stmt {
    const sp = outer ?? this.span(n);
    const nameNode = ks.find((k) => k.name === 'VariableName');
    const argList = ks.find((k) => k.name === 'ArgList');
    const body = ks.find((k) => k.name === 'Body');
    return {
      t: 'class',
      name: nameNode ? this.src(nameNode) : '<anonymous>',
      bases: argList ? this.args(argList, d) : [],
      body: body ? this.block(body, d) : [],
      decorators,
      ...sp,
    };
  }

  private decorator(n: SyntaxNode, d: number): Expr {
    let e: Expr | null = null;
    for (const k of children(n)) {
      if (k.name === 'VariableName') {
        const name = this.src(k);
        e = e ? { t: 'attr', obj: e, name, from: e.from, to: k.to } : { t: 'name', id: name, ...this.span(k) };
      } else if (k.name === 'ArgList' && e) {
        e = { t: 'call', fn: e, args: this.args(k, d), from: e.from, to: k.to };
      }
    }
    return e ?? this.err(n);
  }

  private importStmt(n: SyntaxNode, ks: SyntaxNode[]): Stmt {
    const sp = this.span(n);
    if (ks[0]?.name === 'from') {
      let level = 0;
      const modParts: string[] = [];
      let i = 1;
      for (; i < ks.length && ks[i].name !== 'import'; i++) {
        const k = ks[i];
        if (k.name === '.' && modParts.length === 0) level++;
        else if (k.name === '...') level += 3;
        else if (k.name === 'VariableName') modParts.push(this.src(k));
      }
      const names: { name: string; as: string | null }[] = [];
      for (i++; i < ks.length; i++) {
        const k = ks[i];
        if (k.name === 'VariableName' || k.name === '*') {
          const isAs = ks[i + 1]?.name === 'as';
          names.push({ name: this.src(k), as: isAs && ks[i + 2] ? this.src(ks[i + 2]) : null });
          if (isAs) i += 2;
        }
      }
      return { t: 'from', module: modParts.join('.'), level, names, ...sp };
    }
    const names: { path: string; as: string | null }[] = [];
    let cur: string[] = [];
    for (let i = 1; i < ks.length; i++) {
      const k = ks[i];
      if (k.name === 'VariableName') cur.push(this.src(k));
      else if (k.name === 'as') {
        names.push({ path: cur.join('.'), as: ks[i + 1] ? this.src(ks[i + 1]) : null });
        cur = [];
        i++;
      } else if (k.name === ',') {
        if (cur.length) names.push({ path: cur.join('.'), as: null });
        cur = [];
      }
    }
    if (cur.length) names.push({ path: cur.join('.'), as: null });
    return { t: 'import', names, ...sp };
  }

  private params(n: SyntaxNode, d: number): Param[] {
    const out: Param[] = [];
    const ks = children(n);
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      if (k.name === 'VariableName') {
        out.push({ name: this.src(k), kind: 'normal', default: null, ...this.span(k) });
      } else if (k.name === '*' || k.name === '**') {
        const next = ks[i + 1];
        if (next && next.name === 'VariableName') {
          out.push({ name: this.src(next), kind: k.name === '*' ? 'star' : 'dstar', default: null, from: k.from, to: next.to });
          i++;
        } else out.push({ name: '*', kind: 'kwonly-marker', default: null, ...this.span(k) });
      } else if (k.name === 'TypeDef' && out.length) {
        const ann = children(k).find((c) => c.name !== ':');
        if (ann) out[out.length - 1].annotation = this.expr(ann, d);
      } else if (k.name === 'AssignOp' && out.length && ks[i + 1]) {
        out[out.length - 1].default = this.expr(ks[i + 1], d);
        out[out.length - 1].to = ks[i + 1].to;
        i++;
      }
    }
    return out;
  }

  args(n: SyntaxNode, d: number): Arg[] {
    const out: Arg[] = [];
    const ks = children(n);
    if (ks.some((k) => k.name === 'for')) {
      // f(x for x in y): a generator argument.
      const inner = ks.filter((k) => k.name !== '(' && k.name !== ')');
      const e = this.comprehension('gen', inner, n, d);
      return [{ kind: 'pos', value: e, from: e.from, to: e.to }];
    }
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      if (k.name === '(' || k.name === ')' || k.name === ',') continue;
      if (k.type.isError) {
        this.errors++;
        continue;
      }
      if (k.name === 'VariableName' && ks[i + 1]?.name === 'AssignOp') {
        const v = ks[i + 2];
        const value = v && !PUNCT.has(v.name) ? this.expr(v, d) : this.err(ks[i + 1]);
        out.push({ kind: 'kw', name: this.src(k), value, from: k.from, to: value.to });
        i += 2;
      } else if ((k.name === '*' || k.name === '**') && ks[i + 1]) {
        const value = this.expr(ks[i + 1], d);
        out.push({ kind: k.name === '*' ? 'star' : 'dstar', value, from: k.from, to: value.to });
        i++;
      } else {
        const value = this.expr(k, d);
        out.push({ kind: 'pos', value, from: value.from, to: value.to });
      }
    }
    return out;
  }

  expr(n: SyntaxNode, d: number): Expr {
    if (d > MAX_DEPTH) return { ...(this.err(n) as Extract<Expr, { t: 'error' }>), tooDeep: true };
    d++;
    const sp = this.span(n);
    switch (n.name) {
      case 'Number': {
        const text = this.src(n);
        // An imaginary literal is valid Python, but the analysis only models int and float.
        if (/[jJ]$/.test(text)) return { t: 'error', text, unsupported: `complex number ${text}: LR Lens computes with int and float only`, ...sp };
        return { t: 'num', v: parseNumber(text), ...sp };
      }
      case 'String':
        return { t: 'str', v: parseString(this.src(n)), ...sp };
      case 'FormatString':
        return { t: 'fstr', ...sp };
      case 'ContinuedString': {
        const ks = children(n);
        if (ks.some((k) => k.name !== 'String')) return { t: 'fstr', ...sp };
        return { t: 'str', v: ks.map((k) => parseString(this.src(k))).join(''), ...sp };
      }
      case 'Boolean':
        return { t: 'const', v: this.src(n) === 'True', ...sp };
      case 'None':
        return { t: 'const', v: null, ...sp };
      case 'Ellipsis':
        return { t: 'const', v: 'Ellipsis', ...sp };
      case 'VariableName':
        return { t: 'name', id: this.src(n), ...sp };
      case 'MemberExpression': {
        const ks = children(n);
        const obj = ks[0] ? this.expr(ks[0], d) : this.err(n);
        if (ks[1]?.name === '.') {
          const prop = ks[2];
          // `0.` and `1. + x` (MAE's `default=0.`, `(1. + math.cos(…))`): lezer reads a number then a
          // member access with no name; Python reads a float.
          if ((!prop || (prop.name === '⚠' && prop.from === prop.to)) && obj.t === 'num' && ks[0].to === ks[1].from && /^\d[\d_]*$/.test(this.src(ks[0]))) return { t: 'num', v: parseNumber(this.src(ks[0]) + '.'), from: sp.from, to: ks[1].to };
          return { t: 'attr', obj, name: prop ? this.src(prop) : '', ...sp };
        }
        // Subscript: [ index ] with possible slices and commas.
        const inner = ks.slice(2, ks[ks.length - 1]?.name === ']' ? -1 : undefined);
        return { t: 'sub', obj, index: this.subscript(inner, n, d), ...sp };
      }
      case 'CallExpression': {
        const ks = children(n);
        const fn = ks[0] ? this.expr(ks[0], d) : this.err(n);
        const argList = ks.find((k) => k.name === 'ArgList');
        return { t: 'call', fn, args: argList ? this.args(argList, d) : [], ...sp };
      }
      case 'ParenthesizedExpression': {
        const ks = children(n).filter((k) => k.name !== '(' && k.name !== ')');
        if (ks.length !== 1) return this.err(n);
        return { t: 'paren', e: this.expr(ks[0], d), ...sp };
      }
      case 'TupleExpression': {
        const ks = children(n).filter((k) => k.name !== '(' && k.name !== ')');
        const e = this.exprList(ks, d);
        if (e.t === 'tuple') return { ...e, ...sp };
        return { t: 'tuple', elts: ks.length ? [e] : [], ...sp };
      }
      case 'ArrayExpression':
      case 'SetExpression': {
        const ks = children(n).filter((k) => !['[', ']', '{', '}', ','].includes(k.name));
        const elts: Expr[] = [];
        for (let i = 0; i < ks.length; i++) {
          const k = ks[i];
          if (k.name === '*' && ks[i + 1]) {
            const e = this.expr(ks[i + 1], d);
            elts.push({ t: 'star', e, double: false, from: k.from, to: e.to });
            i++;
          } else if (!k.type.isError) elts.push(this.expr(k, d));
        }
        return { t: n.name === 'ArrayExpression' ? 'list' : 'set', elts, ...sp };
      }
      case 'DictionaryExpression': {
        const ks = children(n).filter((k) => !['{', '}', ','].includes(k.name));
        const keys: (Expr | null)[] = [];
        const values: Expr[] = [];
        for (let i = 0; i < ks.length; i++) {
          const k = ks[i];
          if (k.name === '**' && ks[i + 1]) {
            keys.push(null);
            values.push(this.expr(ks[i + 1], d));
            i++;
          } else if (ks[i + 1]?.name === ':' && ks[i + 2]) {
            keys.push(this.expr(k, d));
            values.push(this.expr(ks[i + 2], d));
            i += 2;
          } else if (!k.type.isError) {
            this.errors++;
          }
        }
        return { t: 'dict', keys, values, ...sp };
      }
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'DictionaryComprehensionExpression':
      case 'ComprehensionExpression': {
        const kind =
          n.name === 'ArrayComprehensionExpression'
            ? 'list'
            : n.name === 'SetComprehensionExpression'
              ? 'set'
              : n.name === 'DictionaryComprehensionExpression'
                ? 'dict'
                : 'gen';
        const ks = children(n).filter((k) => !['[', ']', '{', '}', '(', ')'].includes(k.name));
        return this.comprehension(kind, ks, n, d);
      }
      case 'UnaryExpression': {
        const ks = children(n);
        if (ks.length < 2) return this.err(n);
        const op = this.src(ks[0]);
        const inner = this.expr(ks[1], d);
        // lezer-python reads `not a and b` as `not (a and b)`; Python's `not` binds tighter than
        // `and`/`or`, so push it down to the leftmost operand.
        if (op === 'not' && inner.t === 'bool') return pushNot(inner, ks[0].from);
        return { t: 'unary', op, e: inner, ...sp };
      }
      case 'BinaryExpression':
        return this.binary(n, d);
      case 'ConditionalExpression': {
        const ks = children(n);
        const ifI = ks.findIndex((k) => k.name === 'if');
        const elseI = ks.findIndex((k) => k.name === 'else');
        if (ifI !== 1 || elseI !== 3 || !ks[4]) return this.err(n);
        return { t: 'ifexp', body: this.expr(ks[0], d), test: this.expr(ks[2], d), orelse: this.expr(ks[4], d), ...sp };
      }
      case 'LambdaExpression': {
        const ks = children(n);
        const pl = ks.find((k) => k.name === 'ParamList');
        const colon = ks.findIndex((k) => k.name === ':');
        const body = colon >= 0 ? ks[colon + 1] : undefined;
        return { t: 'lambda', params: pl ? this.params(pl, d) : [], body: body ? this.expr(body, d) : this.err(n), ...sp };
      }
      case 'NamedExpression': {
        const ks = children(n);
        if (ks.length < 3) return this.err(n);
        return { t: 'walrus', target: this.src(ks[0]), value: this.expr(ks[2], d), ...sp };
      }
      case 'AwaitExpression': {
        const ks = children(n);
        return ks[1] ? this.expr(ks[1], d) : this.err(n);
      }
      default:
        return this.err(n);
    }
  }

  private subscript(ks: SyntaxNode[], n: SyntaxNode, d: number): Expr {
    // Split on commas at this level; each part may be a slice a:b:c.
    const parts: SyntaxNode[][] = [[]];
    for (const k of ks) {
      if (k.name === ',') parts.push([]);
      else parts[parts.length - 1].push(k);
    }
    const items = parts.filter((p) => p.length > 0).map((p) => this.slicePart(p, d));
    if (items.length === 1 && parts.length === 1) return items[0];
    if (items.length === 0) return this.err(n);
    return { t: 'tuple', elts: items, from: items[0].from, to: items[items.length - 1].to };
  }

  private slicePart(p: SyntaxNode[], d: number): Expr {
    if (!p.some((k) => k.name === ':')) return this.expr(p[0], d);
    const slots: (Expr | null)[] = [null, null, null];
    let slot = 0;
    for (const k of p) {
      if (k.name === ':') slot++;
      else if (slot < 3) slots[slot] = this.expr(k, d);
    }
    return { t: 'slice', lo: slots[0], hi: slots[1], step: slots[2], from: p[0].from, to: p[p.length - 1].to };
  }

  private comprehension(kind: 'list' | 'set' | 'gen' | 'dict', ks: SyntaxNode[], n: SyntaxNode, d: number): Expr {
    const firstFor = ks.findIndex((k) => k.name === 'for');
    if (firstFor < 1) return this.err(n);
    let elt: Expr;
    let value: Expr | null = null;
    if (kind === 'dict') {
      const colon = ks.findIndex((k) => k.name === ':');
      if (colon < 0 || colon > firstFor) return this.err(n);
      elt = this.expr(ks[0], d);
      value = this.expr(ks[colon + 1], d);
    } else elt = this.expr(ks[0], d);
    const gens: CompFor[] = [];
    let i = firstFor;
    while (i < ks.length) {
      if (ks[i].name === 'for') {
        const inI = ks.findIndex((k, j) => j > i && k.name === 'in');
        if (inI < 0 || !ks[inI + 1]) return this.err(n);
        gens.push({ target: this.exprList(ks.slice(i + 1, inI), d), iter: this.expr(ks[inI + 1], d), ifs: [] });
        i = inI + 2;
      } else if (ks[i].name === 'if' && ks[i + 1] && gens.length) {
        gens[gens.length - 1].ifs.push(this.expr(ks[i + 1], d));
        i += 2;
      } else if (ks[i].name === 'async') i++;
      else return this.err(n);
    }
    return { t: 'comp', kind, elt, value, gens, ...this.span(n) };
  }

  private binary(n: SyntaxNode, d: number): Expr {
    const sp = this.span(n);
    const ks = children(n);
    if (ks.length < 3) return this.err(n);
    const l = ks[0];
    const r = ks[ks.length - 1];
    const opNodes = ks.slice(1, -1);
    const op = opNodes.map((k) => this.src(k)).join(' ');
    if (op === 'and' || op === 'or') return { t: 'bool', op, l: this.expr(l, d), r: this.expr(r, d), ...sp };
    const isCmp = opNodes[0].name === 'CompareOp' || /^(in|not in|is|is not)$/.test(op);
    if (isCmp) {
      const left = this.expr(l, d);
      const right = this.expr(r, d);
      // Chained comparison: the left operand is itself an unparenthesized comparison.
      if (left.t === 'cmp') return { t: 'cmp', ops: [...left.ops, op], operands: [...left.operands, right], ...sp };
      return { t: 'cmp', ops: [op], operands: [left, right], ...sp };
    }
    return { t: 'bin', op, l: this.expr(l, d), r: this.expr(r, d), ...sp };
  }
}

function pushNot(e: Extract<Expr, { t: 'bool' }>, from: number): Expr {
  const l = e.l.t === 'bool' ? pushNot(e.l, from) : ({ t: 'unary', op: 'not', e: e.l, from, to: e.l.to } as Expr);
  return { ...e, l, from };
}

export function parseNumber(text: string): bigint | number {
  const t = text.replace(/_/g, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t) || /^0[oO][0-7]+$/.test(t) || /^0[bB][01]+$/.test(t)) {
    try {
      return BigInt(t);
    } catch {
      return NaN;
    }
  }
  if (/^[0-9]+$/.test(t)) return BigInt(t);
  if (/[jJ]$/.test(t)) return NaN;
  return Number(t);
}

export function parseString(text: string): string {
  const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(text);
  if (!m) return text;
  const prefix = m[1].toLowerCase();
  const q = m[2];
  let body = text.slice(m[0].length);
  if (body.endsWith(q)) body = body.slice(0, body.length - q.length);
  if (prefix.includes('r')) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\n|.)/g, (_all, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '\\':
        return '\\';
      case "'":
        return "'";
      case '"':
        return '"';
      case '\n':
        return '';
      case 'x':
      case 'u':
      case 'U':
      {
        // A malformed escape (`\xZ`, a code point past U+10FFFF) is a SyntaxError in Python: kept as written.
        const cp = parseInt(e.slice(1), 16);
        return Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\\' + e;
      }
      case '0':
        return e.length === 1 ? '\0' : String.fromCharCode(parseInt(e, 8));
      default:
        return /^[0-7]+$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : '\\' + e;
    }
  });
}
