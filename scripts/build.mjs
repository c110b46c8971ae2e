// One esbuild script, several bundles of the same pure modules:
// the extension host (node/cjs), the web-worker extension host of vscode.dev / github.dev
// (browser/cjs: any Node built-in import fails this build), the webview page (browser/iife) and the CLI (node).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--only=cli` (tests of the command line): one bundle only.
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'info',
  legalComments: 'none',
};

/** The web extension starts its worker with `new Worker(url)`: workerSpawnNode.ts (worker_threads) is replaced by workerSpawnWeb.ts. */
const webWorkerSpawn = {
  name: 'web-worker-spawn',
  setup(build) {
    build.onResolve({ filter: /\/workerSpawnNode$/ }, () => ({ path: path.resolve('src/vscode/workerSpawnWeb.ts') }));
  },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    plugins: [webWorkerSpawn],
  },
  // The analysis worker: worker_threads on desktop, a nested Web Worker on the web.
  {
    ...common,
    entryPoints: ['src/worker/nodeMain.ts'],
    outfile: 'dist/analysisWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    ...common,
    entryPoints: ['src/worker/webMain.ts'],
    outfile: 'dist/web/analysisWorker.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
  },
  {
    ...common,
    // The package's `bin` (lr-lens): the shebang makes it runnable as installed by npm. A launcher:
    // it starts the analysis worker, then loads dist/cliMain.js (src/cli/bin.ts).
    name: 'cli',
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    name: 'cli',
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cliMain.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    define: { LR_LENS_VERSION: JSON.stringify(version) },
  },
  {
    ...common,
    // The CLI's analysis worker (src/cli/guard.ts starts it beside dist/cli.js, with a heap cap):
    // the analysis and the engine live here, the CLI's main thread only reads and formats.
    name: 'cli',
    entryPoints: ['src/cli/workerMain.ts'],
    outfile: 'dist/cliAnalysis.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    define: { LR_LENS_VERSION: JSON.stringify(version) },
  },
  {
    ...common,
    // The worker's entry: runs dist/cliAnalysis.js from V8's code cache, made below.
    name: 'cli',
    entryPoints: ['src/cli/workerLoad.ts'],
    outfile: 'dist/cliWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
]
  .filter((b) => b.entryPoints.every((e) => existsSync(e)))
  .filter((b) => !only || b.name === only)
  .map(({ name: _name, ...b }) => b);

/**
 * The CLI's CSV row writer as WebAssembly (src/cli/wasm/csvRows.ts, AssemblyScript; read by
 * src/cli/formats/csvWasm.ts from beside the bundles): no runtime, no allocation, no abort import;
 * SIMD (Node 16.4 and later; where a Node has none, the module does not compile and the CSV is
 * written by JavaScript).
 */
async function buildCsvRowsWasm() {
  const { main } = await import('assemblyscript/asc');
  const { error, stderr } = await main(
    ['src/cli/wasm/csvRows.ts', '--outFile', 'dist/csvRows.wasm', '-O3', '--enable', 'simd', '--runtime', 'stub', '--noAssert', '--use', 'abort=', '--noExportRuntime'],
    {},
  );
  if (error) throw new Error(`building dist/csvRows.wasm failed: ${error.message}\n${stderr.toString()}`);
}

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  const cli = builds.some((b) => b.outfile === 'dist/cli.js');
  await Promise.all([...builds.map((b) => esbuild.build(b)), ...(cli ? [buildCsvRowsWasm()] : [])]);
  // The analysis bundle's code cache (src/cli/workerLoad.ts), made by the Node that builds it; another
  // Node version rejects it and compiles the bundle as before.
  if (builds.some((b) => b.outfile === 'dist/cliWorker.js')) {
    const made = spawnSync(process.execPath, ['dist/cliWorker.js', '--make-code-cache'], { stdio: 'inherit' });
    if (made.status !== 0) throw new Error(`making dist/cliAnalysis.cache failed (exit ${made.status ?? made.signal})`);
  }
}
