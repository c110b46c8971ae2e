/**
 * What every rule needs: the source (lines, positions, statement lines), the findings, the curve
 * of a finding over any number of steps, how many times the loops really step a scheduler, and
 * the diagnostic builder (template + arguments → message).
 */
import { effectiveSchedule as effectiveOf } from '../frameworks/getScheduler';
import { periodRoundsUp } from '../frameworks/stepCalls';
import { format } from '../l10n/translate';
import { formatCount, formatLr } from '../present/summary';
import { curveFor, type FindingCurve } from '../model/curves';
import type { AnalysisResult, Range, SchedulerFinding, StepCall } from '../model/types';
import type { Fix, LintDiagnostic, RuleId, Severity } from './types';

export { formatCount, formatLr };

/** How many times a scheduler's `.step()` really runs, and how that number was made. */
export interface Run {
  steps: number;
  /** `20 × 250`, `3 × ⌈1,000 / 4⌉`. */
  expr: string;
  /** A Python expression for the same count, when every factor has one (`num_epochs * len(train_loader)`). */
  code: string | null;
  /** Names of assumed values the count depends on (`len(train_loader)`). */
  assumed: string[];
  call: StepCall;
  /** Every loop around the call, the callers' first. */
  loops: StepCall['loops'];
  /** Loop count of everything outside the innermost loop (epochs, when stepped per batch). */
  outer: number;
}

export class RuleContext {
  private readonly lineStarts: number[] = [0];
  private readonly curves = new Map<string, Float64Array>();

  private readonly cellLines: readonly number[];

  /** `cellLines`: the first line of each notebook cell when `source` is the cells joined (ascending). */
  constructor(
    readonly result: AnalysisResult,
    readonly source: string,
    cellLines: readonly number[] = [],
    private readonly curveOf?: (f: SchedulerFinding) => FindingCurve,
  ) {
    this.cellLines = [...cellLines].sort((a, b) => a - b);
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  get findings(): SchedulerFinding[] {
    return this.result.schedulers;
  }

  finding(id: number | null): SchedulerFinding | undefined {
    return id === null ? undefined : this.result.schedulers.find((f) => f.id === id);
  }

  /** 0-based line of a file offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset of the end of a line, before its newline (and a `\r`). */
  lineEnd(line: number): number {
    let e = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.source.length;
    if (e > this.lineStart(line) && this.source[e - 1] === '\r') e--;
    return e;
  }

  /** Whether a line is the first of a notebook cell (not of the whole source). */
  startsCell(line: number): boolean {
    return line > 0 && this.cellLines.includes(line);
  }

  /** The 1-based line number a message shows: counted from the start of the line's cell in a notebook. */
  displayLine(line: number): number {
    let first = 0;
    for (const l of this.cellLines) if (l <= line) first = l;
    return line - first + 1;
  }

  /**
   * Where the line after `line` starts, for deleting `line` with its newline: `lineStart(line)`
   * when there is no next line in the text or in the line's notebook cell (as at the end of the text).
   */
  nextLineStart(line: number): number {
    return this.startsCell(line + 1) ? this.lineStart(line) : this.lineStart(line + 1);
  }

  lineText(line: number): string {
    return this.source.slice(this.lineStart(line), this.lineEnd(line));
  }

  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))?.[0] ?? '';
  }

  rangeOf(start: number, end: number): Range {
    const l0 = this.lineOf(start);
    const l1 = this.lineOf(end);
    return {
      start,
      end,
      startPos: { line: l0, character: start - this.lineStart(l0) },
      endPos: { line: l1, character: end - this.lineStart(l1) },
    };
  }

  /**
   * The line of a call that is a whole statement on one line (`lr_scheduler.step()  # comment`), or
   * null when it shares its line with other code or spans lines, so a quick fix can move it.
   */
  statementLine(r: Range): number | null {
    const line = this.lineOf(r.start);
    if (this.lineOf(r.end) !== line) return null;
    const text = this.lineText(line);
    const before = text.slice(0, r.start - this.lineStart(line));
    const after = text.slice(r.end - this.lineStart(line));
    return /^[ \t]*$/.test(before) && /^[ \t]*(#.*)?$/.test(after) ? line : null;
  }

  /** A fix that moves a one-line statement to just after another line, with that line's indentation. */
  moveLineAfter(line: number, after: number, title: Pick<Fix, 'title' | 'titleTemplate' | 'titleArgs'>): Fix | undefined {
    if (after <= line) return undefined;
    const text = this.lineText(line).trim();
    return {
      ...title,
      edits: [
        { start: this.lineStart(line), end: this.nextLineStart(line) > this.lineStart(line) ? this.nextLineStart(line) : this.lineEnd(line), newText: '' },
        { start: this.lineEnd(after), end: this.lineEnd(after), newText: '\n' + this.indentOf(after) + text },
      ],
    };
  }

  /** The lr of the first param group after k = 0 … steps scheduler steps (the engine's curve); NaN after an error. */
  lrs(f: SchedulerFinding, steps: number): Float64Array {
    const n = Math.max(0, Math.min(Math.floor(steps), 1_000_000));
    const key = `${f.id}:${n}`;
    let out = this.curves.get(key);
    if (out) return out;
    // The model's curve when it is of this run (not timm's, whose rows are calls here); else simulated.
    const shared = this.curveOf && !f.timm ? this.curveOf(f) : undefined;
    const { curve } = shared && shared.steps === n ? shared : curveFor(f, { steps: n });
    out = new Float64Array(n + 1).fill(NaN);
    for (let k = 0; k < curve.rows && k <= n; k++) out[k] = curve.lr[k * curve.groups];
    this.curves.set(key, out);
    return out;
  }

  /** The step call that drives a finding: its own first active call, else its parent's. */
  driver(f: SchedulerFinding): StepCall | null {
    const calls = f.stepCalls.filter((c) => c.loops.length > 0);
    if (calls.length) return calls[0];
    const p = this.finding(f.parent);
    return p ? this.driver(p) : null;
  }

  /** How many times the loops step `f` (its parent's loops for a child), or null when a count is unknown. */
  run(f: SchedulerFinding): Run | null {
    const call = this.driver(f);
    if (!call || !call.loops.length) return null;
    // Inside a function: its callers' loops come first; called from nowhere known, the count is unknown.
    if (call.callerLoops && !call.callerLoops.length) return null;
    const loops = [...(call.callerLoops ?? []), ...call.loops];
    const counts = loops.map((l) => l.count);
    if (counts.some((c) => c === null || !Number.isFinite(c) || c < 0)) return null;
    const acc = call.accumulation ?? null;
    if (acc && acc.every === null) return null;
    const inner = counts[counts.length - 1] as number;
    const outer = counts.slice(0, -1).reduce<number>((a, b) => a * (b as number), 1);
    const every = acc?.every ?? 1;
    if (acc?.kind === 'engine' && every > 1) {
      // A DeepSpeed engine: once every N of its step() calls, counted over the whole run.
      const total = counts.reduce<number>((a, b) => a * (b as number), 1);
      const names = loops.map((l) => loopCountCode(l.iterable));
      const assumed = this.result.assumptions.filter((a) => names.includes(a.name)).map((a) => a.name);
      return { steps: Math.floor(total / every), expr: `⌊${counts.map((c) => formatCount(c as number)).join(' × ')} / ${every}⌋`, code: null, assumed, call, loops, outer: counts.slice(0, -1).reduce<number>((a, b) => a * (b as number), 1) };
    }
    const ceil = acc !== null && periodRoundsUp(acc.kind, acc.text);
    const perInner = every === 1 ? inner : ceil ? Math.ceil(inner / every) : Math.floor(inner / every);
    const steps = outer * perInner;
    const parts = counts.slice(0, -1).map((c) => formatCount(c as number));
    const innerText = every === 1 ? formatCount(inner) : ceil ? `⌈${formatCount(inner)} / ${every}⌉` : `⌊${formatCount(inner)} / ${every}⌋`;
    parts.push(innerText);
    // Python for the count only when every loop is in the scheduler's own scope.
    const loopCode = call.callerLoops?.length ? [null] : call.loops.map((l) => loopCountCode(l.iterable));
    let code: string | null = null;
    if (loopCode.every((c) => c !== null)) {
      const factors = loopCode.map((c) => wrap(c as string));
      // An assumed period, even of 1, is written as the divisor the file names: a fix that wrote
      // the count without it would fix the assumption into the file.
      if (every !== 1 || acc?.assumed?.length) {
        const div = acc?.kind === 'modulo' ? moduloDivisorText(acc.text) : null;
        if (div !== null) {
          const n = factors[factors.length - 1];
          // ⌈a / b⌉ without `math`: -(-a // b).
          factors[factors.length - 1] = ceil ? `-(-${n} // ${wrap(div)})` : `(${n} // ${wrap(div)})`;
          if (ceil && factors.length > 1) factors[factors.length - 1] = `(${factors[factors.length - 1]})`;
          code = factors.join(' * ');
        }
      } else code = factors.join(' * ');
    }
    const names = [...loops.map((l) => loopCountCode(l.iterable)), ...(acc?.assumed ?? [])];
    const assumed = this.result.assumptions.filter((a) => names.includes(a.name)).map((a) => a.name);
    return { steps, expr: parts.join(' × '), code, assumed, call, loops, outer };
  }

  /** ` (len(train_loader) = 1,000 is assumed)` when the numbers rest on assumed values. */
  assumedNote(names: string[]): string {
    if (!names.length) return '';
    const shown = names.slice(0, 2).map((n) => {
      const a = this.result.assumptions.find((x) => x.name === n);
      return a ? `${n} = ${typeof a.value === 'number' ? formatCount(a.value) : a.value}` : n;
    });
    const note = ` (assuming ${shown.join(', ')})`;
    this.notes.set(note, names);
    return note;
  }

  /** The assumptions each note made by assumedNote names: a diagnostic carrying a note rests on them. */
  private readonly notes = new Map<string, string[]>();

  diag(rule: RuleId, severity: Severity, range: Range, template: string, args: (string | number)[], fix?: Fix): LintDiagnostic {
    const a = args.map(String);
    const assumed = [...new Set(a.flatMap((x) => this.notes.get(x) ?? []))];
    return { rule, severity, range, message: format(template, a), messageTemplate: template, args: a, ...(fix ? { fix } : {}), ...(assumed.length ? { assumed } : {}) };
  }
}

/** A factor of a product as Python: a name or one call (`len(loader)`) as it is, anything else in parentheses. */
function wrap(code: string): string {
  if (/^[\w.]+$/.test(code)) return code;
  const open = /^[\w.]+\(/.exec(code)?.[0].length;
  if (open === undefined || !code.endsWith(')')) return `(${code})`;
  // One call only when its `(` closes at the very end (`len(a) + len(b)` is two calls and a sum).
  let depth = 1;
  for (let i = open; i < code.length - 1; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) return `(${code})`;
  }
  return code;
}

/** Python for a loop's iteration count: `range(n)` → `n`, `enumerate(loader)` → `len(loader)`. */
export function loopCountCode(iterable: string): string | null {
  const t = iterable.trim();
  let m = /^range\(\s*([^,()]+(?:\([^()]*\))?[^,()]*)\s*\)$/.exec(t);
  if (m) return m[1].trim();
  m = /^range\(\s*0\s*,\s*([^,]+?)\s*\)$/.exec(t);
  if (m) return m[1];
  m = /^(?:enumerate|tqdm|tqdm\.tqdm|iter)\(\s*([\w.]+)\s*(?:,.*)?\)$/s.exec(t);
  if (m) return `len(${m[1]})`;
  if (/^[A-Za-z_][\w.]*$/.test(t)) return `len(${t})`;
  return null;
}

/** `(step + 1) % args.gradient_accumulation_steps == 0` → `args.gradient_accumulation_steps`. */
export function moduloDivisorText(test: string): string | null {
  const m = /%\s*([A-Za-z_][\w.]*|\d+)\s*==\s*0/.exec(test);
  return m ? m[1] : null;
}

/** transformers' `get_scheduler` (and TrainingArguments, which builds one) resolved to the function it calls. */
export function effectiveSchedule(f: SchedulerFinding): { kind: string; args: Record<string, unknown>; viaName: string | null } {
  return effectiveOf(f.spec);
}

export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The call's text between `.step(` and its closing parenthesis. */
export function stepArgs(ctx: RuleContext, r: Range): { start: number; end: number; text: string } | null {
  const text = ctx.source.slice(r.start, r.end);
  const open = text.lastIndexOf('step(');
  if (open < 0 || !text.endsWith(')')) return null;
  const start = r.start + open + 5;
  const end = r.end - 1;
  return { start, end, text: ctx.source.slice(start, end).trim() };
}

/**
 * The loader the innermost loop iterates, when it was passed to a prepare before the scheduler was
 * built and every `len(loader)` the analysis read came after that prepare (so it is the sharded length).
 */
export function shardedLoader(ctx: RuleContext, f: SchedulerFinding, iterable: string): string | null {
  const code = loopCountCode(iterable);
  const m = code && /^len\(([\w.]+)\)$/.exec(code);
  if (!m || !f.accelerate?.preparedBefore.includes(m[1])) return null;
  const a = ctx.result.assumptions.find((x) => x.name === code);
  const prepare = ctx.source.lastIndexOf('.prepare(', f.range.start);
  // The first use of len(loader) is the assumption's range: it must follow the loader's prepare.
  return a?.range && prepare >= 0 && a.range.start > prepare ? m[1] : null;
}
