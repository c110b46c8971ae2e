/** A plain text replacement in a document's offsets (start === end for an insertion). Pure. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** Applies non-overlapping edits to a string (for tests and previews of the result). */
export function applyTextEdits(source: string, edits: readonly TextEdit[]): string {
  // From the end backwards; of two insertions at one offset, the first listed ends up first (as in VS Code).
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.i - a.i);
  let out = source;
  for (const { e } of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
