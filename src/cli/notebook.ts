/**
 * Jupyter notebooks (.ipynb) for the CLI: the Python code cells joined exactly as the editor joins
 * them (src/core/model/cells.ts concatCells), and every position of that text mapped back to its
 * cell, its line in the cell, and the line and column of the .ipynb file itself (where the cell's
 * source string sits in the JSON), which is what SARIF and GitHub annotations point at.
 */
import { concatCells, type CellSlice } from '../core/model/cells';

interface CellInFile {
  /** 0-based index among all the notebook's cells (markdown included). */
  index: number;
  slice: CellSlice;
  /** The source as stored: one string, or the list of strings (usually one per line). */
  parts: string[];
  /** 0-based line and column of the opening quote of each part in the .ipynb text (null: not found). */
  partPos: ({ line: number; col: number } | null)[];
}

export interface Notebook {
  /** The code cells joined with newlines: the text analyzed. */
  text: string;
  cells: CellInFile[];
  /** The first line of each code cell in `text` (lint's cellLines). */
  cellLines: number[];
}

/** Where a position of the joined text is, for a person and for the .ipynb file. */
export interface NotebookPlace {
  /** 1-based cell number in the notebook (markdown cells counted). */
  cell: number;
  /** 1-based line and column in the cell. */
  cellLine: number;
  cellColumn: number;
  /** 1-based line and column in the .ipynb text. */
  fileLine: number;
  fileColumn: number;
}

const MAX_DEPTH = 256;

/**
 * The 0-based line and column of each string that is a cell's `source` (or an element of it), by
 * cell index: a scan of the JSON text that follows only the path cells[i].source[j].
 */
function sourcePositions(raw: string): Map<number, ({ line: number; col: number } | null)[]> {
  const out = new Map<number, ({ line: number; col: number } | null)[]>();
  // The path: for each open container, the key (objects) or index (arrays) of the current value.
  const keys: (string | number)[] = [];
  const isArray: boolean[] = [];
  let pendingKey: string | null = null;
  let line = 0;
  let lineStart = 0;
  const n = raw.length;
  const onValue = (startLine: number, startCol: number, isString: boolean): void => {
    // keys = ['cells', i, 'source'] (a string source) or ['cells', i, 'source', j].
    const d = keys.length;
    if (!isString || keys[0] !== 'cells' || typeof keys[1] !== 'number') return;
    if (d === 3 && keys[2] === 'source') out.set(keys[1], [{ line: startLine, col: startCol }]);
    else if (d === 4 && keys[2] === 'source' && typeof keys[3] === 'number') {
      const list = out.get(keys[1]) ?? [];
      list[keys[3]] = { line: startLine, col: startCol };
      out.set(keys[1], list);
    }
  };
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    } else if (c === 34) {
      const startLine = line;
      const startCol = i - lineStart;
      let j = i + 1;
      let s = '';
      let simple = true;
      for (; j < n; j++) {
        const d = raw.charCodeAt(j);
        if (d === 92) {
          simple = false;
          j++;
        } else if (d === 34) break;
      }
      const inObject = isArray.length > 0 && !isArray[isArray.length - 1];
      // A string in an object is a key when no key is pending, else the value.
      if (inObject && pendingKey === null) {
        s = simple ? raw.slice(i + 1, j) : (JSON.parse(raw.slice(i, j + 1)) as string);
        pendingKey = s;
        keys[keys.length - 1] = s;
      } else {
        onValue(startLine, startCol, true);
        pendingKey = null;
      }
      i = j;
    } else if (c === 123 || c === 91) {
      if (isArray.length >= MAX_DEPTH) break;
      isArray.push(c === 91);
      keys.push(c === 91 ? 0 : '');
      pendingKey = null;
    } else if (c === 125 || c === 93) {
      isArray.pop();
      keys.pop();
      pendingKey = null;
      if (isArray.length && !isArray[isArray.length - 1]) pendingKey = 'done';
    } else if (c === 44) {
      if (isArray.length && isArray[isArray.length - 1]) keys[keys.length - 1] = (keys[keys.length - 1] as number) + 1;
      else pendingKey = null;
    }
  }
  return out;
}

function cellSource(cell: { source?: unknown }): string[] | null {
  const s = cell.source;
  if (typeof s === 'string') return [s];
  if (Array.isArray(s) && s.every((x) => typeof x === 'string')) return s as string[];
  return null;
}

/** A notebook's Python code cells, or the reason it cannot be read as one. */
export function readNotebook(raw: string): Notebook | { error: string } {
  let nb: { cells?: unknown; metadata?: Record<string, unknown>; nbformat?: unknown };
  try {
    nb = JSON.parse(raw) as typeof nb;
  } catch (e) {
    return { error: `not a notebook (invalid JSON: ${(e as Error).message})` };
  }
  if (!nb || typeof nb !== 'object' || !Array.isArray(nb.cells)) return { error: 'not a notebook (no "cells" list)' };
  const meta = (nb.metadata ?? {}) as { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } };
  const language = String(meta.language_info?.name ?? meta.kernelspec?.language ?? 'python').toLowerCase();
  const positions = sourcePositions(raw);
  const cells: CellInFile[] = [];
  (nb.cells as unknown[]).forEach((c, index) => {
    if (!c || typeof c !== 'object') return;
    const cell = c as { cell_type?: unknown; source?: unknown; metadata?: { vscode?: { languageId?: unknown } } };
    if (cell.cell_type !== 'code') return;
    // VS Code's ipynb serializer: a cell's own language (metadata.vscode.languageId), else the notebook's.
    const lang = String(cell.metadata?.vscode?.languageId ?? language).toLowerCase();
    if (lang !== 'python') return;
    const parts = cellSource(cell);
    if (!parts) return;
    const pos = positions.get(index) ?? [];
    cells.push({ index, slice: { lineOffset: 0, charOffset: 0, lines: 1 }, parts, partPos: parts.map((_, i) => pos[i] ?? null) });
  });
  if (cells.length === 0 && (nb.cells as unknown[]).length > 0 && language !== 'python') return { error: `not a Python notebook (language ${language})` };
  const { text, slices } = concatCells(
    cells.map((c) => c.parts.join('')),
    0,
  );
  cells.forEach((c, i) => (c.slice = slices[i]));
  return { text, cells, cellLines: slices.map((s) => s.lineOffset) };
}

/** The cell holding a 0-based line of the joined text (the last cell for a line past the end). */
function cellAt(nb: Notebook, line: number): CellInFile | undefined {
  let lo = 0;
  let hi = nb.cells.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (nb.cells[mid].slice.lineOffset <= line) lo = mid;
    else hi = mid - 1;
  }
  return nb.cells[lo];
}

/** Where each line of a cell starts: the part holding it and the offset in that part. */
function lineStarts(parts: readonly string[]): { part: number; offset: number }[] {
  const out = [{ part: 0, offset: 0 }];
  parts.forEach((part, p) => {
    for (let i = 0; i < part.length; i++) {
      if (part.charCodeAt(i) !== 10) continue;
      out.push(i + 1 < part.length || p === parts.length - 1 ? { part: p, offset: i + 1 } : { part: p + 1, offset: 0 });
    }
  });
  return out;
}

/** A 0-based (line, character) of the joined text → cell and .ipynb coordinates. */
export function placeIn(nb: Notebook, line: number, character: number): NotebookPlace | null {
  const cell = cellAt(nb, line);
  if (!cell) return null;
  const cellLine = Math.max(0, line - cell.slice.lineOffset);
  const starts = lineStarts(cell.parts);
  const start = starts[Math.min(cellLine, starts.length - 1)];
  const part = cell.parts[start.part] ?? '';
  const at = cell.partPos[start.part] ?? null;
  // The column inside the JSON string literal: the escaped length of what precedes the character
  // in that literal (earlier lines of the same part stay on the literal's line as \n).
  const before = part.slice(0, start.offset + character);
  const fileColumn = at ? at.col + 1 + JSON.stringify(before).length - 2 + 1 : character + 1;
  return {
    cell: cell.index + 1,
    cellLine: cellLine + 1,
    cellColumn: character + 1,
    fileLine: at ? at.line + 1 : 1,
    fileColumn,
  };
}
