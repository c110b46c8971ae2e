/**
 * Notebook cells: a scheduler in one cell usually refers to an optimizer or loader defined in the
 * cells above it, and is stepped by a training loop in a cell below it (which says whether it steps
 * per batch or per epoch, and how many times). So a cell is analyzed as the concatenation of all the
 * notebook's code cells in order (the evaluation is sequential, so a later cell cannot change the
 * arguments a scheduler was built with), and only the findings of the cell itself are kept, mapped
 * back into the cell's coordinates. Pure (used by the host's analysis cache and the chart page).
 */
import type { AnalysisResult, Range } from './types';

/** Where one cell sits inside the concatenated source. */
export interface CellSlice {
  /** Lines before the cell's first line. */
  lineOffset: number;
  /** Characters (UTF-16) before the cell's first character. */
  charOffset: number;
  /** Lines of the cell. */
  lines: number;
}

/** The code cells joined with newlines, and where cell `index` is in that text. */
export function concatCells(cells: readonly string[], index: number): { text: string; slice: CellSlice } {
  let lineOffset = 0;
  let charOffset = 0;
  for (let i = 0; i < index && i < cells.length; i++) {
    charOffset += cells[i].length + 1;
    lineOffset += lineCount(cells[i]);
  }
  return { text: cells.join('\n'), slice: { lineOffset, charOffset, lines: lineCount(cells[index] ?? '') } };
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

/** The findings of one cell, with ranges moved from the concatenated source into the cell. */
export function cellView(a: AnalysisResult, slice: CellSlice): AnalysisResult {
  const { lineOffset, charOffset, lines } = slice;
  const inCell = (r?: Range) => !!r && r.startPos.line >= lineOffset && r.startPos.line < lineOffset + lines;
  const move = (r: Range): Range => ({
    start: r.start - charOffset,
    end: r.end - charOffset,
    startPos: { line: r.startPos.line - lineOffset, character: r.startPos.character },
    endPos: { line: r.endPos.line - lineOffset, character: r.endPos.character },
  });
  const opt = <T extends { range?: Range }>(x: T): T => {
    if (!x.range) return x;
    if (!inCell(x.range)) {
      const { range: _dropped, ...rest } = x;
      return rest as T;
    }
    return { ...x, range: move(x.range) };
  };
  const schedulers = a.schedulers
    .filter((f) => inCell(f.range))
    .map((f) => ({
      ...f,
      range: move(f.range),
      line: f.line - lineOffset,
      arguments: f.arguments.map(opt),
      assumptions: f.assumptions.map(opt),
      diagnostics: f.diagnostics.map(opt),
      stepCalls: f.stepCalls
        .filter((c) => inCell(c.range))
        .map((c) => ({ ...c, range: move(c.range), ...(c.optimizerSteps ? { optimizerSteps: c.optimizerSteps.filter(inCell).map(move) } : {}) })),
    }));
  return { ...a, schedulers, assumptions: a.assumptions.map(opt), diagnostics: a.diagnostics.map(opt) };
}
