/**
 * How a generated call names its scheduler, following what the file already does
 * (`from torch.optim.lr_scheduler import X`, `lr_scheduler.X`, `torch.optim.lr_scheduler.X`,
 * `transformers.X`), and the import edit it needs: a name added to an existing `from … import`,
 * or a new import line after the last top-level import — never a duplicate. Pure.
 */
import { bareKind, importModule } from '../engine/kinds';
import type { TextEdit } from './edits';

/** The module a kind is imported from (its descriptor's, else its family's). */
export function moduleOf(kind: string): string {
  return importModule(kind) ?? 'transformers.optimization';
}

/** Modules that export the same names as the one the generator imports from (`from timm.scheduler.cosine_lr import …`). */
const MODULE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'transformers.optimization': ['transformers.optimization', 'transformers'],
  'timm.scheduler': ['timm.scheduler', 'timm.scheduler.cosine_lr', 'timm.scheduler.tanh_lr', 'timm.scheduler.step_lr', 'timm.scheduler.multistep_lr', 'timm.scheduler.poly_lr', 'timm.scheduler.plateau_lr'],
  'diffusers.optimization': ['diffusers.optimization', 'diffusers'],
};

export interface FromImport {
  module: string;
  /** Imported name → local name. `*` imports everything. */
  names: Map<string, string>;
  start: number;
  end: number;
  /** Parenthesized `from m import (a, b)`. */
  parenthesized: boolean;
  /** Column 0 (module level). */
  topLevel: boolean;
}

export interface ImportStatement {
  start: number;
  end: number;
  topLevel: boolean;
}

/** The import statements of a file (skipping strings is not needed: a docstring rarely starts a line with `from x import`). */
export function scanImports(source: string): { froms: FromImport[]; plain: Array<ImportStatement & { module: string; alias: string | null }>; all: ImportStatement[] } {
  const froms: FromImport[] = [];
  const plain: Array<ImportStatement & { module: string; alias: string | null }> = [];
  const all: ImportStatement[] = [];
  const re = /^([ \t]*)(from[ \t]+([\w.]+)[ \t]+import[ \t]+|import[ \t]+)/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) {
    const start = m.index;
    const topLevel = m[1].length === 0;
    let i = m.index + m[0].length;
    let depth = 0;
    // The statement ends at a newline outside parentheses and not after a backslash.
    while (i < source.length) {
      const c = source[i];
      if (c === '(') depth++;
      else if (c === ')') depth = Math.max(0, depth - 1);
      else if (c === '#') {
        while (i < source.length && source[i] !== '\n') i++;
        continue;
      } else if (c === '\\' && source[i + 1] === '\n') {
        i += 2;
        continue;
      } else if (c === '\n' && depth === 0) break;
      i++;
    }
    let end = i;
    while (end > start && /[ \t\r]/.test(source[end - 1])) end--;
    const body = source.slice(m.index + m[0].length, end).replace(/#[^\n]*/g, '').replace(/\\\n/g, ' ');
    all.push({ start, end, topLevel });
    if (m[3]) {
      const names = new Map<string, string>();
      for (const part of body.replace(/[()]/g, ' ').split(',')) {
        const t = part.trim().split(/\s+as\s+/);
        if (t[0]) names.set(t[0].trim(), (t[1] ?? t[0]).trim());
      }
      froms.push({ module: m[3], names, start, end, parenthesized: /^\s*\(/.test(body), topLevel });
    } else {
      for (const part of body.split(',')) {
        const t = part.trim().split(/\s+as\s+/);
        if (t[0]) plain.push({ start, end, topLevel, module: t[0].trim(), alias: t[1]?.trim() ?? null });
      }
    }
    re.lastIndex = Math.max(end, m.index + 1);
  }
  return { froms, plain, all };
}

export interface ImportPlan {
  /** How the code names each kind (`StepLR`, `lr_scheduler.StepLR`, `transformers.get_…`). */
  callee: Map<string, string>;
  edits: TextEdit[];
}

/** Where a new import line goes: after the last top-level import, else after the module docstring and leading comments. */
export function newImportOffset(source: string, imports: ImportStatement[]): { offset: number; prefix: string } {
  const top = imports.filter((s) => s.topLevel);
  if (top.length) {
    const last = top[top.length - 1];
    return { offset: last.end, prefix: '\n' };
  }
  let i = 0;
  // Shebang, encoding and other leading comments or blank lines.
  const lead = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/.exec(source);
  i = lead ? lead[0].length : 0;
  const doc = /^[rRuU]?("""|''')[\s\S]*?\1[^\n]*\n?/.exec(source.slice(i));
  if (doc) i += doc[0].length;
  return { offset: i, prefix: '' };
}

/**
 * The names the generated code uses for `kinds`, and the import edits that make them resolve,
 * following the file's existing import style for each module.
 */
export function planImports(source: string, kinds: readonly string[], eol = '\n'): ImportPlan {
  const { froms, plain, all } = scanImports(source);
  const callee = new Map<string, string>();
  const missing = new Map<string, string[]>();
  for (const kind of kinds) {
    const mod = moduleOf(kind);
    // The name as the library spells it (`timm.CosineLRScheduler` is imported as CosineLRScheduler).
    const name = bareKind(kind);
    const modules = MODULE_ALIASES[mod] ?? [mod];
    // Already imported by name (or `*`)?
    const named = froms.find((f) => f.topLevel && modules.includes(f.module) && (f.names.has(name) || f.names.has('*')));
    if (named) {
      callee.set(kind, named.names.get(name) ?? name);
      continue;
    }
    const qualified = qualifiedPrefix(source, mod, froms, plain);
    if (qualified) {
      callee.set(kind, `${qualified}.${name}`);
      continue;
    }
    callee.set(kind, name);
    const list = missing.get(mod) ?? [];
    list.push(name);
    missing.set(mod, list);
  }
  const edits: TextEdit[] = [];
  const newLines: string[] = [];
  for (const [mod, names] of missing) {
    const existing = froms.find((f) => f.topLevel && f.module === mod);
    if (existing) edits.push(extendImport(source, existing, names, eol));
    else newLines.push(`from ${mod} import ${names.join(', ')}`);
  }
  if (newLines.length) {
    const { offset, prefix } = newImportOffset(source, all);
    const text = (prefix ? eol : '') + newLines.join(eol) + (prefix ? '' : eol);
    edits.push({ start: offset, end: offset, newText: text });
  }
  return { callee, edits };
}

/** `lr_scheduler` / `sched` / `torch.optim.lr_scheduler` / `transformers` when the file writes module-qualified names. */
function qualifiedPrefix(source: string, mod: string, froms: FromImport[], plain: Array<{ module: string; alias: string | null }>): string | undefined {
  const dot = mod.lastIndexOf('.');
  if (dot > 0) {
    const parent = froms.find((f) => f.module === mod.slice(0, dot) && f.names.has(mod.slice(dot + 1)));
    if (parent) return parent.names.get(mod.slice(dot + 1));
  }
  const aliased = plain.find((p) => p.module === mod && p.alias);
  if (aliased?.alias) return aliased.alias;
  const root = mod.split('.')[0];
  const rootImported = plain.some((p) => p.module === root && !p.alias) || plain.some((p) => p.module === mod && !p.alias);
  if (!rootImported) return undefined;
  // Plain `import torch`: qualify only when the file already writes the qualified names itself;
  // `import transformers` alone is enough for transformers.
  if (mod === 'transformers') return 'transformers';
  return source.includes(`${mod}.`) ? mod : undefined;
}

/** Adds names to an existing `from m import a, b` (inside its parentheses when it has them). */
function extendImport(source: string, f: FromImport, names: string[], eol: string): TextEdit {
  const text = source.slice(f.start, f.end);
  if (f.parenthesized) {
    const close = f.start + text.lastIndexOf(')');
    let j = close - 1;
    while (j > f.start && /\s/.test(source[j])) j--;
    const trailingComma = source[j] === ',';
    const multiline = text.includes('\n');
    if (multiline) {
      const lastLineStart = source.lastIndexOf('\n', j) + 1;
      const indent = /^[ \t]*/.exec(source.slice(lastLineStart))![0];
      const add = names.map((n) => `${indent}${n},`).join(eol);
      return { start: j + 1, end: j + 1, newText: `${trailingComma ? '' : ','}${eol}${add}` };
    }
    return { start: j + 1, end: j + 1, newText: `${trailingComma ? ' ' : ', '}${names.join(', ')}` };
  }
  // Before a trailing comment, if any.
  const hash = text.indexOf('#');
  let at = hash >= 0 ? f.start + hash : f.end;
  while (at > f.start && /[ \t]/.test(source[at - 1])) at--;
  return { start: at, end: at, newText: `, ${names.join(', ')}` };
}
