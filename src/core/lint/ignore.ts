/**
 * `# lr-lens: ignore` silences LR Lens on a line: as a trailing comment on the line a diagnostic
 * starts on, or alone on the line just above it (in the same notebook cell). `# lr-lens: ignore[step-order, tmax-short]`
 * silences only the rules named.
 */
import type { RuleContext } from './context';
import { titled, type Fix, type LintDiagnostic, type RuleId } from './types';

const IGNORE = /#\s*lr-lens:\s*ignore(?:\[([^\]]*)\])?/i;

/** The rules a line's comment ignores: 'all', a list, or null for none. */
export function ignoredOn(line: string): 'all' | string[] | null {
  const hash = commentStart(line);
  if (hash < 0) return null;
  const m = IGNORE.exec(line.slice(hash));
  if (!m) return null;
  return m[1] === undefined ? 'all' : m[1].split(',').map((s) => s.trim()).filter(Boolean);
}

/** Index of the `#` that starts a comment, outside string literals (-1: none). */
function commentStart(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return i;
  }
  return -1;
}

function covers(ign: 'all' | string[] | null, rule: RuleId): boolean {
  return ign === 'all' || (Array.isArray(ign) && ign.includes(rule));
}

export function isIgnored(ctx: RuleContext, d: LintDiagnostic): boolean {
  const line = d.range.startPos.line;
  if (covers(ignoredOn(ctx.lineText(line)), d.rule)) return true;
  // The line above a notebook cell's first line is the previous cell's: it says nothing about this one.
  const above = line > 0 && !ctx.startsCell(line) ? ctx.lineText(line - 1) : '';
  return /^\s*#/.test(above) && covers(ignoredOn(above), d.rule);
}

/** A fix that appends `# lr-lens: ignore[rule]` to the diagnostic's line. */
export function ignoreFix(ctx: RuleContext, d: LintDiagnostic): Fix {
  const line = d.range.startPos.line;
  const text = ctx.lineText(line);
  const end = ctx.lineEnd(line);
  const trimmed = text.replace(/\s+$/, '');
  const at = ctx.lineStart(line) + trimmed.length;
  return {
    ...titled('Ignore {0} on this line', d.rule),
    edits: [{ start: at, end, newText: `  # lr-lens: ignore[${d.rule}]` }],
  };
}
