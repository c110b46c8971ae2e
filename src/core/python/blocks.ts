/**
 * A fast lexical pre-scan of a Python file (no parser): it splits the file into top-level blocks
 * (one top-level statement each, with its indented body and any `elif`/`else`/`except` parts and
 * decorators), records which names a simple top-level statement binds, and the line-start table.
 * The analysis parses only the blocks it needs, which keeps a 5,000-line script cheap, and caches
 * parsed blocks by text, which makes re-analysis after an edit cheap.
 */

export type BlockKind = 'simple' | 'def' | 'class' | 'import' | 'compound' | 'other';

export interface BlockInfo {
  /** File offset of the first character. */
  start: number;
  /** File offset just past the last character (trailing blank lines and comments excluded). */
  end: number;
  kind: BlockKind;
  /** Names a simple statement, def or class binds at module level (lexically). */
  binds: string[];
  /** For `x.f(...)`, `x.a = …`, `x[k] = …`: the object the statement may change in place. */
  mutates: string | null;
  /** The text matches the trigger the scan was given (words that make a block worth reading). */
  trigger: boolean;
  /** Deepest bracket nesting seen. */
  maxDepth: number;
  /** Longest physical line. */
  maxLine: number;
}

export interface ScanResult {
  blocks: BlockInfo[];
  /** Offsets where each line starts (lineStarts[0] === 0). */
  lineStarts: number[];
}

const CONTINUATION_KEYWORDS = /^(else|elif|except|finally)\b/;
const COMPOUND_KEYWORDS = /^(if|for|while|with|try|match|async\s+for|async\s+with)\b/;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}
function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** Lexical state carried from one physical line to the next. */
interface LexState {
  /** Bracket depth (never below 0). */
  depth: number;
  maxDepth: number;
  /** Inside a string literal (one spanning lines: a triple-quoted one). */
  inString: boolean;
  quote: number;
  triple: boolean;
  raw: boolean;
  /** The line ended with a backslash continuation. */
  continued: boolean;
}

function lexState(): LexState {
  return { depth: 0, maxDepth: 0, inString: false, quote: 0, triple: false, raw: false, continued: false };
}

/**
 * The Python line scanner: one physical line from `i`, skipping strings (single, triple, raw, with
 * escapes) and comments, counting brackets and seeing a backslash continuation. Returns the offset
 * of the line's end (its newline, or the end of the text) and whether the line has code or string
 * content.
 */
function scanLine(src: string, i: number, st: LexState): { end: number; content: boolean } {
  const n = src.length;
  let lineHasContent = false;
  let k = i;
  st.continued = false;
  while (k < n) {
    const c = src.charCodeAt(k);
    if (c === 10) break;
    if (st.inString) {
      if (c === 92 /* \ */ && !st.raw) {
        k += 2;
        continue;
      }
      if (c === st.quote) {
        // A closing quote is the line's content too (a line holding only `"""` ends the statement).
        lineHasContent = true;
        if (!st.triple) {
          st.inString = false;
          k++;
          continue;
        }
        if (src.charCodeAt(k + 1) === st.quote && src.charCodeAt(k + 2) === st.quote) {
          st.inString = false;
          k += 3;
          continue;
        }
      }
      k++;
      lineHasContent = true;
      continue;
    }
    if (c === 35 /* # */) {
      while (k < n && src.charCodeAt(k) !== 10) k++;
      break;
    }
    if (c === 34 || c === 39) {
      lineHasContent = true;
      // Look back for a string prefix containing r.
      let p = k - 1;
      st.raw = false;
      while (p >= i && isIdentChar(src.charCodeAt(p)) && k - p <= 2) {
        const pc = src.charCodeAt(p) | 32;
        if (pc === 114) st.raw = true;
        p--;
      }
      st.quote = c;
      if (src.charCodeAt(k + 1) === c && src.charCodeAt(k + 2) === c) {
        st.triple = true;
        k += 3;
      } else {
        st.triple = false;
        k++;
      }
      st.inString = true;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) {
      st.depth++;
      if (st.depth > st.maxDepth) st.maxDepth = st.depth;
    } else if (c === 41 || c === 93 || c === 125) {
      if (st.depth > 0) st.depth--;
    } else if (c === 92 /* \ */) {
      // Backslash continuation if only whitespace follows.
      let q = k + 1;
      while (q < n && (src.charCodeAt(q) === 32 || src.charCodeAt(q) === 13)) q++;
      if (q >= n || src.charCodeAt(q) === 10) st.continued = true;
    }
    if (c !== 32 && c !== 9 && c !== 13) lineHasContent = true;
    k++;
  }
  // A single-quoted string cannot span lines (without a backslash): recover.
  if (st.inString && !st.triple) st.inString = false;
  return { end: k, content: lineHasContent };
}

/**
 * For each physical line, whether it continues a statement begun on an earlier line: inside
 * brackets, inside a triple-quoted string, or after a backslash.
 */
export function continuationLines(src: string): boolean[] {
  const st = lexState();
  const out: boolean[] = [];
  for (let i = 0; ; ) {
    out.push(st.depth > 0 || st.inString || st.continued);
    const { end } = scanLine(src, i, st);
    // A backslash-newline inside a string: the lines it joins continue it.
    for (let p = src.indexOf('\n', i); p >= 0 && p < end; p = src.indexOf('\n', p + 1)) out.push(true);
    if (end >= src.length) break;
    i = end + 1;
  }
  return out;
}

/** Scan the whole file in one pass. Linear; never throws for any input. */
export function scanBlocks(src: string, trigger: RegExp): ScanResult {
  return withLineStarts(scanFrom(src, 0, trigger).blocks, src);
}

export function lineStartsOf(src: string): number[] {
  const out = [0];
  for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/**
 * Scan blocks from `from` (a line start outside any statement). With `syncAt`, stop before a block
 * that would start where `syncAt` says the rest is already known.
 */
function scanFrom(src: string, from: number, trigger: RegExp, syncAt?: (start: number) => boolean): { blocks: BlockInfo[]; stoppedAt: number | null } {
  const n = src.length;
  const blocks: BlockInfo[] = [];
  let stoppedAt: number | null = null;
  const st = lexState();
  let i = from;
  let cur: BlockInfo | null = null;
  let lineStart = 0;
  let maxLine = 0;

  const closeBlock = () => {
    if (cur) {
      cur.maxDepth = st.maxDepth;
      cur.maxLine = maxLine;
      blocks.push(cur);
    }
    cur = null;
  };

  while (i <= n) {
    // At the start of a physical line.
    lineStart = i;
    if (!st.inString && st.depth === 0 && !st.continued) {
      // Find first non-blank char.
      let j = i;
      while (j < n && (src.charCodeAt(j) === 32 || src.charCodeAt(j) === 9 || src.charCodeAt(j) === 12)) j++;
      const c = j < n ? src.charCodeAt(j) : -1;
      const blank = c === -1 || c === 10 || c === 13 || c === 35; /* # */
      if (!blank && j === i) {
        // A column-0 statement: starts a new block unless it continues the previous one.
        const head = src.slice(j, Math.min(n, j + 12));
        const continues =
          cur !== null && (CONTINUATION_KEYWORDS.test(head) || isDecoratorOnly(src, cur as BlockInfo));
        if (!continues) {
          if (syncAt && j > from && syncAt(j)) {
            stoppedAt = j;
            break;
          }
          closeBlock();
          st.maxDepth = 0;
          maxLine = 0;
          cur = { start: j, end: j, kind: 'other', binds: [], mutates: null, trigger: false, maxDepth: 0, maxLine: 0 };
        }
      }
    }
    // Scan the physical line.
    const line = scanLine(src, i, st);
    const k = line.end;
    const lineHasContent = line.content;
    if (k - lineStart > maxLine) maxLine = k - lineStart;
    if (lineHasContent && cur) {
      let e = k;
      while (e > lineStart && (src.charCodeAt(e - 1) === 13 || src.charCodeAt(e - 1) === 32)) e--;
      (cur as BlockInfo).end = Math.max((cur as BlockInfo).end, e);
    }
    if (k >= n) break;
    i = k + 1;
  }
  closeBlock();
  for (const b of blocks) classify(src, b, trigger);
  return { blocks, stoppedAt };
}

/**
 * Re-scan after an edit: blocks before the change are kept, the changed region is scanned again,
 * and once a block starts where an old block started in the unchanged tail, the old blocks are
 * reused (shifted). Proportional to the edit, not to the file.
 */
export function rescanBlocks(prev: { src: string; blocks: BlockInfo[] }, src: string, trigger: RegExp): ScanResult {
  const a = prev.src;
  const la = a.length;
  const lb = src.length;
  const max = Math.min(la, lb);
  let p = 0;
  const CH = 4096;
  while (p + CH <= max && a.slice(p, p + CH) === src.slice(p, p + CH)) p += CH;
  while (p < max && a.charCodeAt(p) === src.charCodeAt(p)) p++;
  let s = 0;
  while (s + CH <= max - p && a.slice(la - s - CH, la - s) === src.slice(lb - s - CH, lb - s)) s += CH;
  while (s < max - p && a.charCodeAt(la - 1 - s) === src.charCodeAt(lb - 1 - s)) s++;
  const delta = lb - la;
  const old = prev.blocks;
  // Rescan from the block before the one holding the change (an edit can join it to the previous).
  let k0 = -1;
  for (let i = old.length - 1; i >= 0; i--)
    if (old[i].start <= p) {
      k0 = i;
      break;
    }
  k0 = Math.max(0, k0 - 1);
  const from = k0 === 0 ? 0 : old[k0].start;
  const oldStarts = new Map<number, number>();
  for (let i = k0; i < old.length; i++) if (old[i].start >= la - s) oldStarts.set(old[i].start, i);
  const res = scanFrom(src, from, trigger, (j) => j >= lb - s && oldStarts.has(j - delta));
  const blocks = old.slice(0, k0).concat(res.blocks);
  if (res.stoppedAt !== null) {
    const first = oldStarts.get(res.stoppedAt - delta) as number;
    for (let i = first; i < old.length; i++) blocks.push({ ...old[i], start: old[i].start + delta, end: old[i].end + delta });
  }
  return withLineStarts(blocks, src);
}

/** Line starts are computed on first use (only ranges of findings need them). */
function withLineStarts(blocks: BlockInfo[], src: string): ScanResult {
  let cached: number[] | null = null;
  return {
    blocks,
    get lineStarts() {
      return (cached ??= lineStartsOf(src));
    },
  };
}

function isDecoratorOnly(src: string, b: BlockInfo): boolean {
  // A block that so far holds only decorator lines continues into the decorated def/class.
  if (src.charCodeAt(b.start) !== 64 /* @ */) return false;
  const text = src.slice(b.start, b.end);
  return !/^(?:async\s+)?(?:def|class)\s/m.test(text);
}

/** Decide the block's kind and the names it binds, lexically. */
const DEEP_PREFIX = /(?:[-+~]\s*){200}|(?:\bnot\s+){200}|(?:\blambda\b[^:\n]{0,40}:\s*){200}/;

function classify(src: string, b: BlockInfo, trigger: RegExp): void {
  b.trigger = trigger.test(src.slice(b.start, b.end));
  // Long chains of prefix operators nest as deeply as brackets do.
  if (b.end - b.start > 400) {
    const text = src.slice(b.start, Math.min(b.end, b.start + 2_000_000));
    if (/[-+~]\s*[-+~]\s*[-+~]|not\s+not|lambda/.test(text) && DEEP_PREFIX.test(text)) b.maxDepth = Math.max(b.maxDepth, 10_000);
  }
  const head = src.slice(b.start, Math.min(b.end, b.start + 200));
  let m: RegExpExecArray | null;
  if (head.charCodeAt(0) === 64 /* @ */) {
    const text = src.slice(b.start, b.end);
    m = /^(?:async\s+)?(def|class)\s+([A-Za-z_]\w*)/m.exec(text);
    if (m) {
      b.kind = m[1] === 'def' ? 'def' : 'class';
      b.binds = [m[2]];
    }
    return;
  }
  if ((m = /^(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(head))) {
    b.kind = 'def';
    b.binds = [m[1]];
    return;
  }
  if ((m = /^class\s+([A-Za-z_]\w*)/.exec(head))) {
    b.kind = 'class';
    b.binds = [m[1]];
    return;
  }
  if (/^(import|from)\s/.test(head)) {
    b.kind = 'import';
    return;
  }
  if (COMPOUND_KEYWORDS.test(head)) {
    b.kind = 'compound';
    return;
  }
  b.kind = 'simple';
  b.binds = simpleTargets(src, b.start, b.end);
  if (!b.binds.length) {
    const mm = /^([A-Za-z_]\w*)\s*[.[]/.exec(head);
    if (mm) b.mutates = mm[1];
  }
}

/**
 * Names bound by `a = …`, `a, b = …`, `a: T = …`, `a = b = …`, `a += …`. Attribute and subscript
 * targets bind nothing. Stops at the first token that cannot be part of a target list.
 */
function simpleTargets(src: string, start: number, end: number): string[] {
  const names: string[] = [];
  let pending: string[] = [];
  let k = start;
  let afterEq = false;
  const limit = Math.min(end, start + 2000);
  for (;;) {
    while (k < limit && (src.charCodeAt(k) === 32 || src.charCodeAt(k) === 9)) k++;
    if (k >= limit) return names;
    const c = src.charCodeAt(k);
    if (isIdentStart(c)) {
      let e = k + 1;
      while (e < limit && isIdentChar(src.charCodeAt(e))) e++;
      pending.push(src.slice(k, e));
      k = e;
      continue;
    }
    if (c === 44 /* , */ || c === 40 || c === 41 || c === 91 || c === 93 || c === 42 /* * */) {
      if (afterEq && c !== 44) return names;
      if (c === 91 && pending.length > 0 && !/[,(\s]$/.test(src.slice(k - 1, k))) return names; // subscript
      k++;
      continue;
    }
    if (c === 58 /* : annotation */) {
      if (afterEq) return names;
      if (src.charCodeAt(k + 1) === 61) return names; // walrus at top: not a target
      names.push(...pending);
      return names;
    }
    if (c === 61 /* = */) {
      if (src.charCodeAt(k + 1) === 61) return names;
      names.push(...pending);
      pending = [];
      afterEq = true;
      k++;
      continue;
    }
    // Augmented assignment: `a += 1` binds a.
    if (!afterEq && '+-*/%&|^@<>'.includes(src[k])) {
      const rest = src.slice(k, k + 4);
      if (/^(\+|-|\*\*?|\/\/?|%|&|\||\^|@|<<|>>)=/.test(rest) && !/^(<=|>=)/.test(rest)) names.push(...pending);
      return names;
    }
    return names;
  }
}

/** 0-based line and character of an offset. */
export function positionAt(lineStarts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - lineStarts[lo] };
}
