import * as vscode from 'vscode';
import type { Range } from '../core/model/types';

/** The analysis's plain Range (0-based lines/characters) as a vscode.Range. */
export function toVsRange(r: Range): vscode.Range {
  return new vscode.Range(r.startPos.line, r.startPos.character, r.endPos.line, r.endPos.character);
}
