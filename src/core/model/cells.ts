/**
 * Notebook cells: a scheduler in one cell usually refers to an optimizer or loader defined in the
 * cells above it, and is stepped by a training loop in a cell below it (which says whether it steps
 * per batch or per epoch, and how many times). So a cell is analyzed as the concatenation of all the
 * notebook's code cells in order (the evaluation is sequential, so a later cell cannot change the
 * arguments a scheduler was built with), and only the findings of the cell itself are kept, mapped
 * back into the cell's coordinates. Pure (used by the host's analysis cache and the chart page).
 */
import type { Fix, LintDiagnostic, LintResult, TextEdit } from '../lint/index';
import type { AnalysisResult, Position, Range } from './types';

/** Where one cell sits inside the concatenated source. */
export interface CellSlice {
  /** Lines before the cell's first line. */
  lineOffset: number;
  /** Characters (UTF-16) before the cell's first character. */
  charOffset: number;
  /** Lines of the cell. */
  lines: number;
}

/** Where every cell is in the code cells joined with newlines. */
export function cellSlices(cells: readonly string[]): CellSlice[] {
  const out: CellSlice[] = [];
  let lineOffset = 0;
  let charOffset = 0;
  for (const cell of cells) {
    const lines = lineCount(cell);
    out.push({ lineOffset, charOffset, lines });
    lineOffset += lines;
    charOffset += cell.length + 1;
  }
  return out;
}

/** The code cells joined with newlines, where cell `index` is in that text, and where every cell is. */
export function concatCells(cells: readonly string[], index: number): { text: string; slice: CellSlice; slices: CellSlice[] } {
  const slices = cellSlices(cells);
  const after = slices.length ? slices[slices.length - 1] : undefined;
  const slice = slices[index] ?? (index < 0 || !after ? { lineOffset: 0, charOffset: 0, lines: 1 } : { lineOffset: after.lineOffset + after.lines, charOffset: after.charOffset + cells[cells.length - 1].length + 1, lines: 1 });
  return { text: cells.join('\n'), slice, slices };
}

/** Lines as VS Code counts them (a trailing newline starts one more, empty, line). */
function lineCount(s: string): number {
  let n = 1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (s.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

function inCell(r: Range | undefined, slice: CellSlice): r is Range {
  return !!r && r.startPos.line >= slice.lineOffset && r.startPos.line < slice.lineOffset + slice.lines;
}

/** A range of the concatenated source in the cell's coordinates. */
function moveRange(r: Range, slice: CellSlice): Range {
  return {
    start: r.start - slice.charOffset,
    end: r.end - slice.charOffset,
    startPos: { line: r.startPos.line - slice.lineOffset, character: r.startPos.character },
    endPos: { line: r.endPos.line - slice.lineOffset, character: r.endPos.character },
  };
}

/** The findings of one cell, with ranges moved from the concatenated source into the cell. */
export function cellView(a: AnalysisResult, slice: CellSlice): AnalysisResult {
  const opt = <T extends { range?: Range }>(x: T): T => {
    if (!x.range) return x;
    if (!inCell(x.range, slice)) {
      const { range: _dropped, ...rest } = x;
      return rest as T;
    }
    return { ...x, range: moveRange(x.range, slice) };
  };
  const within = (r: Range | undefined) => inCell(r, slice);
  const move = (r: Range) => moveRange(r, slice);
  const schedulers = a.schedulers
    .filter((f) => within(f.range))
    .map((f) => ({
      ...f,
      range: move(f.range),
      line: f.line - slice.lineOffset,
      arguments: f.arguments.map(opt),
      assumptions: f.assumptions.map(opt),
      diagnostics: f.diagnostics.map(opt),
      stepCalls: f.stepCalls
        .filter((c) => within(c.range))
        .map((c) => ({ ...c, range: move(c.range), ...(c.optimizerSteps ? { optimizerSteps: c.optimizerSteps.filter(within).map(move) } : {}) })),
    }));
  return { ...a, schedulers, assumptions: a.assumptions.map(opt), diagnostics: a.diagnostics.map(opt) };
}

/** The end of a cell in the concatenated source: its offset (before the joining newline) and position. */
function cellEnd(text: string, slice: CellSlice): { offset: number; pos: Position } {
  let line = slice.lineOffset;
  let lineStart = slice.charOffset;
  let i = slice.charOffset;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (line === slice.lineOffset + slice.lines - 1) break;
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    line++;
    lineStart = i + 1;
  }
  return { offset: i, pos: { line, character: i - lineStart } };
}

/** The diagnostics of one cell, out of the lint of the whole notebook (diagnostics and ignore fixes in the same order). */
export interface CellLint {
  diagnostics: LintDiagnostic[];
  /** The `# lr-lens: ignore[rule]` fix of each diagnostic (undefined: it would edit outside the cell). */
  ignoreFixes: (Fix | undefined)[];
}

/**
 * The diagnostics of a notebook's lint (`lint` of the concatenated code cells `text` with the full
 * analysis) that start in one cell, moved into the cell's coordinates (a range running past the
 * cell's end is cut at it). A fix is kept only when all its edits lie in the cell (an edit of two
 * cells cannot be applied as one cell's edit); the diagnostic stays without it.
 */
export function lintInCell(result: LintResult, text: string, slice: CellSlice): CellLint {
  const end = cellEnd(text, slice);
  const out: CellLint = { diagnostics: [], ignoreFixes: [] };
  result.diagnostics.forEach((d, i) => {
    if (!inCell(d.range, slice)) return;
    const clipped: Range = d.range.end <= end.offset ? d.range : { ...d.range, end: end.offset, endPos: end.pos };
    const { fix, ...rest } = d;
    const moved = fix && moveFix(fix, slice, end.offset);
    out.diagnostics.push({ ...rest, range: moveRange(clipped, slice), ...(moved ? { fix: moved } : {}) });
    out.ignoreFixes.push(moveFix(result.ignoreFixes[i], slice, end.offset));
  });
  return out;
}

/** A fix's edits in the cell's offsets, or undefined when one of them is not inside the cell. */
function moveFix(fix: Fix | undefined, slice: CellSlice, endOffset: number): Fix | undefined {
  if (!fix) return undefined;
  const edits: TextEdit[] = [];
  for (const e of fix.edits) {
    if (e.start < slice.charOffset || e.end > endOffset) return undefined;
    edits.push({ ...e, start: e.start - slice.charOffset, end: e.end - slice.charOffset });
  }
  return { ...fix, edits };
}
