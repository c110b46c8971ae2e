// The layers, as folders, and the direction of their imports (issue 15): every relative import of
// every source file is resolved and checked against the table below, and the pure layers are
// checked for the vscode API, Node built-ins and the DOM. A wrong import fails here by name.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

type Layer = 'core' | 'protocol' | 'vscode' | 'worker' | 'cli' | 'page';

/** The layer of a repository path, or null outside the sources. */
function layerOf(rel: string): Layer | null {
  if (rel.startsWith('src/core/')) return 'core';
  if (/^src\/features\/[^/]+\/protocol\//.test(rel)) return 'protocol';
  if (rel.startsWith('src/vscode/') || /^src\/features\/[^/]+\/host\//.test(rel)) return 'vscode';
  if (rel.startsWith('src/worker/')) return 'worker';
  if (rel.startsWith('src/cli/')) return 'cli';
  if (rel.startsWith('webview/')) return 'page';
  return null;
}

/** What each layer may import. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  // Pure: the engine, the Python reading, the model, lint, presentation, the generator, logs, l10n.
  core: ['core'],
  // The chart's messages and the models both sides compute: pure too.
  protocol: ['core', 'protocol'],
  // The extension: VS Code's API over the model; it starts the worker and hosts the chart.
  vscode: ['core', 'protocol', 'vscode', 'worker'],
  worker: ['core', 'worker'],
  // The command line: the same model, each file analyzed in a capped worker (the worker client).
  cli: ['core', 'cli', 'worker'],
  // The chart page: the same engine and analysis, the shared protocol; never the extension.
  page: ['core', 'protocol', 'page'],
};

/** Inside the core: the engine, the messages' translation and the Python interpreter stand alone. */
const CORE_INNER: Record<string, readonly string[]> = {
  engine: ['engine', 'l10n'],
  l10n: ['l10n'],
  // The interpreter knows Python only: no framework, no model.
  python: ['python', 'l10n', 'engine'],
};

const NODE = /^(node:)?(fs|path|os|child_process|process|util|crypto|worker_threads|events|stream|url|module|readline|zlib|http|https|net|tty|v8|perf_hooks)(\/.*)?$/;
const DOM = /\b(window|document|navigator|localStorage)\s*\./;

function sources(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((e) => {
    const p = path.posix.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Module specifiers of imports, re-exports, require() and import() in a TypeScript source (comments removed). */
function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of code.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

function resolve(from: string, spec: string): string | null {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const c of [base, `${base}.ts`, `${base}/index.ts`]) if (fs.existsSync(path.join(ROOT, c)) && fs.statSync(path.join(ROOT, c)).isFile()) return c;
  return null;
}

describe('layers: folders and the direction of imports', () => {
  const files = ['src', 'webview'].flatMap(sources);

  it('every source file is in a layer', () => {
    assert.ok(files.length > 150, `${files.length} source files`);
    assert.deepEqual(files.filter((f) => layerOf(f) === null), []);
    for (const layer of ['core', 'protocol', 'vscode', 'worker', 'cli', 'page'] as Layer[]) assert.ok(files.some((f) => layerOf(f) === layer), `${layer} has files`);
  });

  it('every relative import resolves and goes in the allowed direction', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const file of files) {
      const from = layerOf(file)!;
      for (const spec of specifiers(fs.readFileSync(path.join(ROOT, file), 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(file, spec);
        if (!target) {
          wrong.push(`${file}: '${spec}' does not resolve`);
          continue;
        }
        checked++;
        const to = layerOf(target);
        if (!to || !MAY_IMPORT[from].includes(to)) wrong.push(`${file} (${from}) imports ${target} (${to})`);
        if (from === 'core' && to === 'core') {
          const inner = file.split('/')[2];
          const allowed = CORE_INNER[inner];
          if (allowed && !allowed.includes(target.split('/')[2])) wrong.push(`${file} (core/${inner}) imports ${target}`);
        }
      }
    }
    assert.ok(checked > 500, `${checked} imports checked`);
    assert.deepEqual(wrong, []);
  });

  it('only the extension layer imports vscode; the pure layers import no Node built-in and touch no DOM', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const layer = layerOf(file)!;
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const specs = specifiers(text);
      if (layer !== 'vscode' && specs.includes('vscode')) wrong.push(`${file} (${layer}) imports vscode`);
      if ((layer === 'core' || layer === 'protocol' || layer === 'page') && specs.some((s) => NODE.test(s))) wrong.push(`${file} (${layer}) imports a Node built-in`);
      if ((layer === 'core' || layer === 'protocol') && DOM.test(text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, ''))) wrong.push(`${file} (${layer}) touches the DOM`);
      if ((layer === 'core' || layer === 'protocol') && /\bprocess\.(env|argv|exit|stdout|hrtime|cpuUsage)/.test(text)) wrong.push(`${file} (${layer}) uses Node's process`);
    }
    assert.deepEqual(wrong, []);
  });

  it('the checker itself catches a wrong import (core → vscode layer, page → extension)', () => {
    assert.equal(layerOf('src/core/model/analyze.ts'), 'core');
    assert.ok(!MAY_IMPORT.core.includes(layerOf('src/vscode/extension.ts')!));
    assert.ok(!MAY_IMPORT.page.includes(layerOf('src/features/chart/host/chartPanel.ts')!));
    assert.deepEqual(specifiers("import a from './x';\nexport { b } from '../y';\nimport type { C } from \"vscode\";\n// import z from './no';\nconst w = require('./w');"), ['./x', '../y', 'vscode', './w']);
  });
});
