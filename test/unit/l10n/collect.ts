/**
 * Finds every English template the code can hand to a translation function, by reading the source
 * with the TypeScript parser: literal arguments of `t(…)`, `tr(…)`, `hostT(…)`, `msg(…)`,
 * `ownMessage(…)` (the analysis' and the engine's own messages, which the display layers translate),
 * `vscode.l10n.t(…)`, `titled(…)` and the template of `ctx.diag(…)`, through `cond ? 'a' : 'b'` and
 * `const template = '…'` in the same file. A call whose template is none of those is reported as
 * dynamic, with its expression, so the test can require it to read a known registry.
 */
import * as fs from 'fs';
import * as path from 'path';
import ts from 'typescript';

export interface Found {
  template: string;
  where: string;
}

export interface Dynamic {
  where: string;
  /** `file: expression` of the template argument, e.g. `src/vscode/generatorCommands.ts: e.title`. */
  key: string;
}

const SIMPLE = new Set(['t', 'tr', 'hostT', 'msg', 'titled', 'ownMessage']);

/** Index of the template argument of a translating call, or -1. */
function templateIndex(call: ts.CallExpression, only?: ReadonlySet<string>): number {
  const c = call.expression;
  if (only) return ts.isIdentifier(c) && only.has(c.text) ? 0 : -1;
  if (ts.isIdentifier(c)) return SIMPLE.has(c.text) ? 0 : -1;
  if (ts.isPropertyAccessExpression(c)) {
    const name = c.name.text;
    if (name === 't' && ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === 'l10n') return 0;
    if (name === 'diag' && ts.isIdentifier(c.expression) && c.expression.text === 'ctx') return 3;
  }
  return -1;
}

export function listTs(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) listTs(full, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

/** `only`: count just the calls of these functions (e.g. `ownMessage`). */
export function collectTemplates(root: string, files: string[], only?: ReadonlySet<string>): { found: Found[]; dynamic: Dynamic[] } {
  const found: Found[] = [];
  const dynamic: Dynamic[] = [];
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const consts = new Map<string, ts.Expression>();
    const gather = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && !consts.has(n.name.text)) consts.set(n.name.text, n.initializer);
      ts.forEachChild(n, gather);
    };
    gather(sf);
    const line = (n: ts.Node) => `${rel}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const resolve = (e: ts.Expression, depth = 0): string[] | null => {
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
      if (ts.isParenthesizedExpression(e)) return resolve(e.expression, depth);
      if (ts.isConditionalExpression(e)) {
        const a = resolve(e.whenTrue, depth);
        const b = resolve(e.whenFalse, depth);
        return a && b ? [...a, ...b] : null;
      }
      if (ts.isIdentifier(e) && depth < 3 && consts.has(e.text)) return resolve(consts.get(e.text)!, depth + 1);
      return null;
    };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const i = templateIndex(n, only);
        const arg = i >= 0 ? n.arguments[i] : undefined;
        if (arg) {
          const r = resolve(arg);
          if (r) for (const template of r) found.push({ template, where: line(n) });
          else dynamic.push({ where: line(n), key: `${rel}: ${arg.getText(sf)}` });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { found, dynamic };
}

/** The `{0}`, `{1}` … a template uses, sorted and deduplicated. */
export function placeholders(template: string): string[] {
  return [...new Set(template.match(/\{\d+\}/g) ?? [])].sort();
}

/**
 * The reasons the analysis records with an assumed value (`reason: '…'` literals, and the last
 * element of `[pattern, value, 'reason']` rows), which the hover, the lens and the page translate.
 */
export function collectReasons(files: string[]): string[] {
  const out = new Set<string>();
  for (const file of files) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (n: ts.Node): void => {
      if (ts.isPropertyAssignment(n) && n.name.getText(sf) === 'reason' && (ts.isStringLiteral(n.initializer) || ts.isNoSubstitutionTemplateLiteral(n.initializer))) out.add(n.initializer.text);
      if (ts.isArrayLiteralExpression(n) && n.elements.length === 3 && ts.isRegularExpressionLiteral(n.elements[0]) && ts.isStringLiteral(n.elements[2])) out.add(n.elements[2].text);
      // `assumptions.use(name, value, 'reason')` (the assumption table's own calls).
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'use' && n.arguments.length >= 3 && ts.isStringLiteral(n.arguments[2])) out.add(n.arguments[2].text);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return [...out].sort();
}
