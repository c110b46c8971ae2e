/**
 * "Apply to code", the pure part: checks the page's requested argument changes against the current
 * analysis and document version and turns them into text replacements (the host makes them ONE
 * WorkspaceEdit, so one undo step). Formats values as Python literals itself; the page never sends
 * source text. No vscode import: unit-tested in plain Node.
 */
import { formatPythonNumber, formatPythonString } from '../../../core/python/literals';
import type { AnalysisResult, Range, SchedulerFinding } from '../../../core/model/types';
import { SIGNATURES } from '../../../core/engine/signatures';
import type { ArgumentEdit, EditValue } from './messages';
import { english, type Translate } from '../../../core/l10n/translate';

export interface Replacement {
  schedulerId: number;
  argument: string;
  /** Range to replace (for an insertion start === end). */
  start: number;
  end: number;
  /** Positions of start/end as VS Code counts them (only for replacements of written arguments). */
  range?: Range;
  oldText: string;
  newText: string;
}

export type ApplyPlan =
  | { ok: true; replacements: Replacement[]; summary: string }
  | { ok: false; message: string; stale?: boolean };

export const STALE_MESSAGE = 'The document changed since the chart was drawn; the chart has been refreshed, apply again.';

/** Longest text we show of a computed argument in a message. */
const SHOW = 60;

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > SHOW ? `${one.slice(0, SHOW - 1)}…` : one;
}

/** Any edit value as a Python literal, or undefined when it has none (NaN, Infinity). */
export function formatPythonLiteral(value: EditValue, original?: string): string | undefined {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return formatPythonNumber(value, original);
  if (typeof value === 'string') return formatPythonString(value, original);
  if (Array.isArray(value)) {
    const parts = value.map((v) => formatPythonNumber(v));
    if (parts.some((p) => p === undefined)) return undefined;
    const tuple = original?.trim().startsWith('(');
    if (tuple) return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
    return `[${parts.join(', ')}]`;
  }
  return undefined;
}

function describe(f: SchedulerFinding, t: Translate): string {
  return f.name ? t('`{0}` ({1}, line {2})', f.name, f.kind, f.line) : t('{0} on line {1}', f.kind, f.line);
}

/**
 * Where to insert `name=value` into a call that does not write that argument: just before the
 * closing parenthesis, after a comma. Undefined when the call text does not end with `)`.
 */
function insertionFor(source: string, f: SchedulerFinding, argument: string, literal: string): Replacement | undefined {
  const callText = source.slice(f.range.start, f.range.end);
  if (!callText.endsWith(')')) return undefined;
  const close = f.range.end - 1;
  // Walk back over whitespace and comments to the last meaningful character before `)`.
  let i = close - 1;
  const lineStartOf = (p: number) => source.lastIndexOf('\n', p) + 1;
  for (;;) {
    while (i > f.range.start && /\s/.test(source[i])) i--;
    // A comment on this line? (naive: a # outside strings; arguments are literals or names here)
    const ls = lineStartOf(i);
    const lineText = source.slice(ls, i + 1);
    const hash = lineText.indexOf('#');
    if (hash >= 0 && !/['"]/.test(lineText.slice(0, hash))) {
      i = ls + hash - 1;
      continue;
    }
    break;
  }
  const last = source[i];
  let text: string;
  if (last === '(') text = `${argument}=${literal}`;
  else if (last === ',') text = ` ${argument}=${literal}`;
  else text = `, ${argument}=${literal}`;
  return { schedulerId: f.id, argument, start: i + 1, end: i + 1, oldText: '', newText: text };
}

/**
 * Checks and plans the edits of an `applyToCode` message.
 * - `documentVersion` is the document's version now; `messageVersion` what the chart was drawn from.
 * - `analysis` must be the analysis of the document as it is now.
 * - `source` is the document text (for inserting arguments the call does not write yet).
 */
export function planApplyToCode(
  analysis: AnalysisResult,
  source: string,
  documentVersion: number,
  messageVersion: number,
  edits: readonly ArgumentEdit[],
  t: Translate = english,
): ApplyPlan {
  if (documentVersion !== messageVersion) return { ok: false, stale: true, message: t(STALE_MESSAGE) };
  if (edits.length === 0) return { ok: false, message: t('Nothing to apply: no argument was changed.') };
  const byId = new Map(analysis.schedulers.map((f) => [f.id, f]));
  const seen = new Set<string>();
  const out: Replacement[] = [];
  for (const e of edits) {
    const f = byId.get(e.schedulerId);
    if (!f) return { ok: false, stale: true, message: t('Scheduler #{0} is no longer in the file. {1}', e.schedulerId, t(STALE_MESSAGE)) };
    const key = `${f.id}:${e.argument}`;
    if (seen.has(key)) return { ok: false, message: t('`{0}` of {1} is changed twice in one request.', e.argument, describe(f, t)) };
    seen.add(key);
    const arg = f.arguments.find((a) => a.name === e.argument);
    const literal = formatPythonLiteral(e.value, arg?.text);
    if (literal === undefined) {
      return { ok: false, message: t('`{0}` of {1}: {2} has no Python literal (only finite numbers, strings, True/False/None and lists of numbers).', e.argument, describe(f, t), String(e.value)) };
    }
    if (!arg || arg.text === undefined || !arg.range) {
      const sig = SIGNATURES[f.kind];
      if (!sig || !sig.params.some((p) => p.name === e.argument) || e.argument === 'optimizer') {
        return { ok: false, message: t('{0} has no argument `{1}`.', f.kind, e.argument) };
      }
      const ins = insertionFor(source, f, e.argument, literal);
      if (!ins) return { ok: false, message: t('`{0}` is not written in {1} and LR Lens cannot find where to add it — add it in the code.', e.argument, describe(f, t)) };
      out.push(ins);
      continue;
    }
    if (!arg.isLiteral) {
      return {
        ok: false,
        message: t('`{0}` is computed (`{1}`), not a literal — edit it in the code.', e.argument, clip(arg.text)),
      };
    }
    const { start, end } = arg.range;
    const current = source.slice(start, end);
    if (current !== arg.text) return { ok: false, stale: true, message: t(STALE_MESSAGE) };
    if (current === literal) continue; // unchanged
    out.push({ schedulerId: f.id, argument: e.argument, start, end, range: arg.range, oldText: current, newText: literal });
  }
  if (out.length === 0) return { ok: false, message: t('Nothing to apply: the code already has these values.') };
  // Overlapping replacements would make a WorkspaceEdit fail: refuse them up front.
  const sorted = [...out].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end || (sorted[i].start === sorted[i - 1].start && sorted[i].end === sorted[i - 1].end && sorted[i].start === sorted[i].end)) {
      return { ok: false, message: t('The changes to `{0}` and `{1}` overlap in the code; apply them one at a time.', sorted[i - 1].argument, sorted[i].argument) };
    }
  }
  const summary = out.map((r) => `${r.argument} = ${r.newText.replace(/^,?\s*\w+=/, '')}`).join(', ');
  return { ok: true, replacements: out, summary };
}
