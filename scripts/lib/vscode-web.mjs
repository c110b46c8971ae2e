// Shared plumbing for scripts/run-integration-tests.mjs and scripts/run-e2e.mjs:
// a real VS Code (code-server, installed by scripts/setup-test-vscode.sh) on a free 127.0.0.1 port,
// driven by Debian's chromium through playwright-core, with guaranteed cleanup.
//
// Every process started here carries LRLENS_RUN_ID=<unique id> in its environment; cleanup kills
// the code-server process group, closes the browser, and then kills any process still carrying
// that id (found through /proc/<pid>/environ), so nothing outlives a run, even after a timeout,
// a crash or Ctrl+C.
//
// Env: LRLENS_CODE_SERVER_DIR (default .vscode-test/code-server), LRLENS_CHROMIUM (default
// /usr/bin/chromium), LRLENS_KEEP_SCRATCH=1 (keep the scratch folder even on success),
// LRLENS_VERBOSE=1 (echo code-server's log and the workbench console).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { format } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_DIR = path.resolve(process.env.LRLENS_CODE_SERVER_DIR || path.join(ROOT, '.vscode-test', 'code-server'));
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'workspace');
export const CHROMIUM = process.env.LRLENS_CHROMIUM || '/usr/bin/chromium';
export const VERBOSE = process.env.LRLENS_VERBOSE === '1';

/** User settings seeded into the scratch profile: quiet, deterministic workbench. */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'editor.codeLens': true,
  'editor.minimap.enabled': false,
  'chat.commandCenter.enabled': false,
};

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export function makeLogger(tag) {
  const t0 = Date.now();
  const log = (...a) => console.log(`[${tag} ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
  log.elapsed = () => (Date.now() - t0) / 1000;
  return log;
}

export function codeServerVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Checks what a run needs; returns a list of human-readable problems (empty when all is there). */
export function missingPrerequisites({ needTests = false, needBuild = true } = {}) {
  const problems = [];
  if (!fs.existsSync(CODE_SERVER_ENTRY)) problems.push(`code-server is not installed in ${CODE_SERVER_DIR}: run \`npm run setup:vscode\``);
  if (!fs.existsSync(CHROMIUM)) problems.push(`no chromium at ${CHROMIUM}: run \`npm run setup:vscode\` (or set LRLENS_CHROMIUM)`);
  try {
    createRequire(path.join(ROOT, 'package.json')).resolve('playwright-core');
  } catch {
    problems.push('playwright-core is not installed: run `npm install`');
  }
  if (needBuild && !fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) problems.push('dist/extension.js is missing: run `npm run build`');
  if (needTests && !fs.existsSync(path.join(ROOT, 'out', 'test', 'integration', 'suite', 'index.js'))) {
    problems.push('out/test/integration/suite/index.js is missing: run `npm run compile-integration`');
  }
  return problems;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function portIsFree(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.once('connect', () => { sock.destroy(); resolve(false); });
    sock.once('error', () => resolve(true));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Pids (other than ours) whose environment contains LRLENS_RUN_ID=<runId>. Linux /proc only. */
function pidsOfRun(runId) {
  const needle = Buffer.from(`\0LRLENS_RUN_ID=${runId}\0`);
  const needleFirst = Buffer.from(`LRLENS_RUN_ID=${runId}\0`);
  const pids = [];
  let entries = [];
  try { entries = fs.readdirSync('/proc'); } catch { return pids; }
  for (const e of entries) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const env = fs.readFileSync(`/proc/${e}/environ`);
      if (env.includes(needle) || env.subarray(0, needleFirst.length).equals(needleFirst)) pids.push(Number(e));
    } catch { /* gone or not ours */ }
  }
  return pids;
}

function killQuietly(pid, signal) {
  try { process.kill(pid, signal); return true; } catch { return false; }
}

/**
 * One test session: scratch folder, code-server, chromium. Always call dispose() (the runners do it
 * in finally blocks, on signals, on the global timeout, and synchronously on process exit).
 */
export class Session {
  constructor(name, log) {
    this.name = name;
    this.log = log;
    this.runId = `${name}-${process.pid}-${Math.random().toString(16).slice(2, 6)}`;
    this.scratch = path.join(ROOT, '.vscode-test', 'runs', this.runId);
    // code-server puts a unix socket in the user-data dir; socket paths are limited to 107 bytes.
    if (`${this.scratch}/ud/code-server-ipc.sock`.length > 100) {
      this.scratch = fs.mkdtempSync(path.join(os.tmpdir(), `lrlens-${name}-`));
    }
    this.port = undefined;
    this.server = undefined;
    this.context = undefined;
    this.page = undefined;
    this.disposed = false;
    this.consoleTail = [];
    fs.mkdirSync(this.scratch, { recursive: true });
    this._onExit = () => this.killEverythingSync();
    process.on('exit', this._onExit);
  }

  get baseUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  get logFile() {
    return path.join(this.scratch, 'code-server.log');
  }

  childEnv(extra = {}) {
    const env = {};
    for (const [k, v] of Object.entries(process.env)) {
      // Don't let a VS Code this may run inside (terminal, test-electron) leak into ours.
      if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') continue;
      env[k] = v;
    }
    return { ...env, ...extra, LRLENS_RUN_ID: this.runId };
  }

  get extensionsDir() {
    return path.join(this.scratch, 'extensions');
  }

  /** code-server's environment: private XDG folders, no extension gallery, this run's id. */
  codeServerEnv() {
    return this.childEnv({
      XDG_CONFIG_HOME: path.join(this.scratch, 'xdg-config'),
      XDG_DATA_HOME: path.join(this.scratch, 'xdg-data'),
      XDG_CACHE_HOME: path.join(this.scratch, 'xdg-cache'),
      // No extension gallery (open-vsx.org is unreachable offline; its failures only add noise).
      EXTENSIONS_GALLERY: '{}',
    });
  }

  /**
   * Installs a .vsix into this session's extensions folder with code-server's own CLI
   * (`--install-extension`), as a user would; call before startCodeServer(). Returns its output.
   */
  installExtension(vsix) {
    fs.mkdirSync(this.extensionsDir, { recursive: true });
    const r = spawnSync(process.execPath, [
      CODE_SERVER_ENTRY,
      '--user-data-dir', path.join(this.scratch, 'ud'),
      '--extensions-dir', this.extensionsDir,
      '--install-extension', vsix,
    ], { env: this.codeServerEnv(), encoding: 'utf8', timeout: 120_000 });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    if (r.status !== 0) throw new Error(`code-server --install-extension ${path.basename(vsix)} failed (exit ${r.status ?? r.signal}): ${tail(out, 20)}`);
    return out;
  }

  /** Starts code-server on a free port with a private profile and waits for /healthz. */
  async startCodeServer({ workspace = WORKSPACE, settings = USER_SETTINGS, locale = undefined } = {}) {
    const ud = path.join(this.scratch, 'ud');
    fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
    fs.mkdirSync(this.extensionsDir, { recursive: true });
    fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const env = this.codeServerEnv();
    for (let attempt = 1; attempt <= 3; attempt++) {
      this.port = await freePort();
      const args = [
        CODE_SERVER_ENTRY,
        '--bind-addr', `127.0.0.1:${this.port}`,
        '--auth', 'none',
        '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--user-data-dir', ud,
        '--extensions-dir', this.extensionsDir,
        // Display language (vscode.env.language; the extension's l10n bundle and package.nls.<locale>.json).
        ...(locale ? ['--locale', locale] : []),
        workspace,
      ];
      const out = fs.openSync(this.logFile, 'a');
      // detached: own process group, so dispose() can signal code-server and all its children at once.
      const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', out, out] });
      fs.closeSync(out);
      this.server = child;
      let exited = false;
      child.once('exit', (code, sig) => { exited = true; this.serverExit = { code, sig }; });
      this.log(`code-server ${codeServerVersion()} starting on ${this.baseUrl} (pid ${child.pid}, scratch ${path.relative(ROOT, this.scratch)})`);
      const until = Date.now() + 60_000;
      while (Date.now() < until && !exited) {
        try {
          const res = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
          if (res.ok) {
            this.log('code-server healthy');
            return;
          }
        } catch { /* not up yet */ }
        await sleep(250);
      }
      const logText = fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
      if (exited && /EADDRINUSE/.test(logText) && attempt < 3) {
        this.log(`port ${this.port} was taken, retrying`);
        continue;
      }
      await this.stopServer();
      throw new Error(`code-server did not become healthy on ${this.baseUrl}; last log lines:\n${tail(logText, 30)}`);
    }
  }

  /** Workbench URL; `payload` entries are VS Code's URL payload ([key, value] pairs). */
  workbenchUrl({ folder = WORKSPACE, extensionDevelopmentPath, extensionTestsPath } = {}) {
    const host = `127.0.0.1:${this.port}`;
    const payload = [];
    if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${host}${extensionDevelopmentPath}`]);
    if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${host}${extensionTestsPath}`]);
    payload.push(['skipWelcome', 'true']);
    return `${this.baseUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }

  /** Headless Debian chromium with a fresh profile, via playwright-core. */
  /**
   * `language` (e.g. 'ko'): the workbench's display language. code-server's `--locale` alone does
   * not set it without a language pack, whose nls.messages.js sets globalThis._VSCODE_NLS_LANGUAGE;
   * this sets that global the same way (the workbench's own messages stay English), so the
   * workbench reports the language to the extension host (vscode.env.language) and asks the server
   * for manifests translated with package.nls.<language>.json, as with a real language pack.
   */
  async launchBrowser({ viewport = { width: 1400, height: 900 }, language = undefined } = {}) {
    const require = createRequire(path.join(ROOT, 'package.json'));
    const { chromium } = require('playwright-core');
    const udd = path.join(this.scratch, 'chromium-profile');
    this.context = await chromium.launchPersistentContext(udd, {
      executablePath: CHROMIUM,
      headless: true,
      viewport,
      args: CHROMIUM_ARGS,
      env: this.childEnv(),
      handleSIGINT: false, // our own handlers close the browser and code-server together
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    if (language) await this.context.addInitScript((lang) => { globalThis._VSCODE_NLS_LANGUAGE = lang; }, language);
    this.page = this.context.pages()[0] || (await this.context.newPage());
    this.page.on('console', (msg) => {
      const line = `[workbench ${msg.type()}] ${msg.text()}`;
      this.consoleTail.push(line);
      if (this.consoleTail.length > 60) this.consoleTail.shift();
      if (VERBOSE) console.log(line);
    });
    this.page.on('pageerror', (err) => {
      const line = `[workbench pageerror] ${err.message}`;
      this.consoleTail.push(line);
      if (VERBOSE) console.log(line);
    });
    this.log(`chromium launched (${CHROMIUM}, headless)`);
    return this.page;
  }

  async stopServer() {
    const child = this.server;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    killQuietly(-child.pid, 'SIGTERM');
    const t = await Promise.race([gone.then(() => 'exited'), sleep(5000).then(() => 'timeout')]);
    if (t === 'timeout') {
      this.log('code-server ignored SIGTERM for 5 s: SIGKILL');
      killQuietly(-child.pid, 'SIGKILL');
      await Promise.race([gone, sleep(2000)]);
    }
  }

  /** Closes chromium, stops code-server, kills leftovers of this run, checks the port is free. */
  async dispose({ keepScratch = false } = {}) {
    if (this.disposed) return;
    this.disposed = true;
    if (this.context) {
      await Promise.race([this.context.close().catch(() => {}), sleep(10_000)]);
    }
    await this.stopServer();
    let leftovers = pidsOfRun(this.runId);
    if (leftovers.length) {
      const names = leftovers.map((pid) => {
        try { return `${pid}(${fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim()})`; } catch { return String(pid); }
      });
      this.log(`killing ${leftovers.length} leftover process(es) of this run: ${names.join(' ')}`);
      for (const pid of leftovers) killQuietly(pid, 'SIGKILL');
      await sleep(300);
      leftovers = pidsOfRun(this.runId);
      if (leftovers.length) this.log(`WARNING: still alive: ${leftovers.join(' ')}`);
    }
    if (this.port && !(await portIsFree(this.port))) this.log(`WARNING: port ${this.port} is still in use`);
    process.removeListener('exit', this._onExit);
    if (keepScratch || process.env.LRLENS_KEEP_SCRATCH === '1') {
      this.log(`scratch kept: ${path.relative(ROOT, this.scratch)} (code-server.log, ud/logs)`);
    } else {
      fs.rmSync(this.scratch, { recursive: true, force: true });
    }
  }

  /** Last resort on process exit (synchronous): SIGKILL whatever of this run is still alive. */
  killEverythingSync() {
    if (this.disposed) return;
    if (this.server?.pid) killQuietly(-this.server.pid, 'SIGKILL');
    for (const pid of pidsOfRun(this.runId)) killQuietly(pid, 'SIGKILL');
  }

  codeServerLogTail(n = 30) {
    try { return tail(fs.readFileSync(this.logFile, 'utf8'), n); } catch { return '(no code-server log)'; }
  }
}

const RESULT_RE = /LRLENS-RESULT (\{.*\})/;

/**
 * Opens `url`, a workbench whose URL or configuration names an extensionTestsPath, and waits for
 * the extension host to call the page's codeAutomationExit(code) (VS Code's own browser-test hook)
 * when the suite's run() settles. The host's console is relayed through codeAutomationLog (lines
 * matching `noise` only with LRLENS_VERBOSE=1). Returns { exitCode, counts }, counts being the
 * suite's `LRLENS-RESULT {"passed":N,"failed":M,"pending":P}` line (undefined if it never came).
 */
export async function runExtensionTestsInPage(page, url, { noise = /^$/ } = {}) {
  let counts;
  const seeResult = (text) => {
    const m = RESULT_RE.exec(text);
    if (m && !counts) {
      try { counts = JSON.parse(m[1]); } catch { /* malformed: ignore */ }
    }
  };
  let exitCode;
  let onExit;
  const exited = new Promise((r) => (onExit = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // The host forwards console.log's arguments (mocha uses '%s' formats): format them like Node.
    const text = format(...(Array.isArray(args) ? args : [args]));
    seeResult(text);
    if (noise.test(text) && !VERBOSE) return;
    (type === 'error' ? console.error : console.log)(text);
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    exitCode = code;
    onExit();
  });
  // Fallback: some builds forward extension-host console output to the page console instead.
  page.on('console', (msg) => seeResult(msg.text()));
  page.on('crash', () => { exitCode = 'page crashed'; onExit(); });
  await page.goto(url);
  await exited;
  return { exitCode, counts };
}

export function tail(text, n) {
  return text.split('\n').filter(Boolean).slice(-n).join('\n');
}

/**
 * Runs `main(session)` with a global timeout and signal handling; always disposes the session.
 * `main` returns { exitCode, keepScratch }. Exit code 2 = infrastructure problem or timeout.
 */
export async function runGuarded({ name, log, timeoutMs, onAbort }, main) {
  const session = new Session(name, log);
  let finished = false;
  const abort = async (why, code) => {
    if (finished) return;
    finished = true;
    log(`ABORT: ${why}`);
    try { onAbort?.(why); } catch { /* report only */ }
    const tailText = session.codeServerLogTail(20);
    if (tailText) console.log(`--- code-server log (last lines) ---\n${tailText}\n---`);
    await session.dispose({ keepScratch: true });
    process.exit(code);
  };
  const timer = setTimeout(() => void abort(`global timeout after ${Math.round(timeoutMs / 1000)} s`, 2), timeoutMs);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, () => void abort(`received ${sig}`, 130));
  let result = { exitCode: 2, keepScratch: true };
  try {
    result = await main(session);
  } catch (err) {
    if (finished) return;
    log(`ERROR: ${err?.stack || err}`);
    if (session.consoleTail.length) console.log(`--- workbench console (last lines) ---\n${session.consoleTail.slice(-20).join('\n')}\n---`);
    result = { exitCode: 2, keepScratch: true, error: err };
  }
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  await session.dispose({ keepScratch: result.keepScratch });
  return result;
}
