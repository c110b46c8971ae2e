import * as vscode from 'vscode';

/** Activated on Python files; wires the providers and commands of LR Lens. */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('lrLens.showChart', () => {
      void vscode.window.showInformationMessage('LR Lens: the chart panel is not built yet.');
    }),
  );
}

export function deactivate(): void {}
