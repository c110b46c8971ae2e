/**
 * The schedule engine: pure TypeScript, no vscode, no DOM, no Node built-ins. Bundled into the
 * extension host, the webview and the CLI.
 */
export * from './spec';
export * from './signatures';
export { simulate, curveRow, curveRows } from './simulate';
