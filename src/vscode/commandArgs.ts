import * as vscode from 'vscode';
import { isPythonDocument } from './documents';

/**
 * Arguments of the commands a hover link or the code lens runs (`lrLens.showChart`,
 * `lrLens.editAssumptions`). A command link carries its arguments in the markdown, so they are
 * checked as untrusted input: the URI must name a Python document or notebook open in this window
 * (never a file to open, a web address or another scheme's resource), the id a small whole number.
 */
export interface ChartCommandArgs {
  uri?: vscode.Uri;
  schedulerId?: number;
}

/** The validated arguments, or a reason to refuse them. No argument at all is valid (the active editor). */
export function chartCommandArgs(uriArg: unknown, idArg: unknown): ChartCommandArgs | { refused: string } {
  const out: ChartCommandArgs = {};
  if (uriArg !== undefined && uriArg !== null) {
    let uri: vscode.Uri | undefined;
    if (uriArg instanceof vscode.Uri) uri = uriArg;
    else if (typeof uriArg === 'string' && uriArg.length > 0 && uriArg.length <= 4096) {
      try {
        uri = vscode.Uri.parse(uriArg, true);
      } catch {
        uri = undefined;
      }
    }
    if (!uri) return { refused: 'the document argument is not a URI' };
    const key = uri.toString();
    const open =
      vscode.workspace.textDocuments.some((d) => isPythonDocument(d) && !d.isClosed && d.uri.toString() === key) ||
      vscode.workspace.notebookDocuments.some((nb) => nb.uri.toString() === key && nb.getCells().some((c) => isPythonDocument(c.document)));
    if (!open) return { refused: `${key.slice(0, 200)} is not an open Python document or notebook` };
    out.uri = uri;
  }
  if (idArg !== undefined && idArg !== null) {
    if (typeof idArg !== 'number' || !Number.isInteger(idArg) || idArg < 0 || idArg > 1_000_000) return { refused: 'the scheduler id is not a whole number' };
    out.schedulerId = idArg;
  }
  return out;
}
