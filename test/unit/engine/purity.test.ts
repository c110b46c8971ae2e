import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The engine and the analysis are bundled into the webview and the web extension host: nothing
 * under them may import vscode or Node built-ins, or touch the DOM.
 */
const ROOT = path.resolve(__dirname, '../../../..');
const FORBIDDEN: Array<[RegExp, string]> = [
  [/from\s+['"]vscode['"]|require\(['"]vscode['"]\)/, 'imports vscode'],
  [/from\s+['"](node:)?(fs|path|os|child_process|process|util|crypto|worker_threads|events|stream)['"]/, 'imports a Node built-in'],
  [/\b(window|document)\s*\./, 'touches the DOM'],
  [/\bprocess\.(env|argv|exit|stdout|hrtime)/, 'uses Node process'],
];

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('pure layers stay pure', () => {
  for (const layer of ['src/engine', 'src/analysis', 'src/generator', 'src/logs', 'src/model']) {
    it(`${layer} has no vscode, Node built-ins or DOM`, () => {
      const files = sources(path.join(ROOT, layer));
      if (layer === 'src/engine') assert.ok(files.length > 5, 'engine sources found');
      if (layer === 'src/generator') assert.ok(files.length >= 5, 'generator sources found');
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        for (const [pattern, what] of FORBIDDEN) {
          assert.ok(!pattern.test(text), `${path.relative(ROOT, file)} ${what}`);
        }
      }
    });
  }
});
