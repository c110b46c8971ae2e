import * as vscode from 'vscode';
import type { Fix } from '../core/lint/index';
import { DIAGNOSTIC_SOURCE, type ScheduleDiagnostics } from './diagnostics';
import { SET_ASSUMPTION } from './setAssumption';

/**
 * Quick fixes for LR Lens's diagnostics: the edits the pure rules computed (for the analyzed
 * version of the document only), and "ignore this line" for every diagnostic.
 */
export class ScheduleQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly diagnostics: ScheduleDiagnostics,
    private readonly log: (message: string) => void,
  ) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    try {
      if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
      const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      if (!ours.length) return [];
      const actions: vscode.CodeAction[] = [];
      const ignores: vscode.CodeAction[] = [];
      for (const item of this.diagnostics.itemsFor(doc, ours)) {
        if (item.lint.fix) {
          const a = action(doc, item.lint.fix, vscode.l10n.t(item.lint.fix.titleTemplate, ...item.lint.fix.titleArgs), item.diagnostic);
          a.isPreferred = true;
          actions.push(a);
        }
        // A diagnostic whose numbers rest on assumed values: set them (a loader's length as a number of examples).
        for (const name of item.lint.assumed ?? []) {
          const a = new vscode.CodeAction(vscode.l10n.t('Set the assumed {0}…', name), vscode.CodeActionKind.QuickFix);
          a.command = { command: SET_ASSUMPTION, title: a.title, arguments: [doc.uri.toString(), name] };
          a.diagnostics = [item.diagnostic];
          actions.push(a);
        }
        if (item.ignore) ignores.push(action(doc, item.ignore, vscode.l10n.t(item.ignore.titleTemplate, ...item.ignore.titleArgs), item.diagnostic));
      }
      return [...actions, ...ignores];
    } catch (e) {
      this.log(`quick fixes failed: ${e instanceof Error ? e.stack : String(e)}`);
      return [];
    }
  }
}

function action(doc: vscode.TextDocument, fix: Fix, title: string, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  a.edit = edit;
  a.diagnostics = [diagnostic];
  return a;
}
