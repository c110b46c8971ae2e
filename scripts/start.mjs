#!/usr/bin/env node
// `npm start`: builds LR Lens and opens examples/ in a real VS Code with the extension loaded.
//   - the desktop `code` when it is on the PATH:  code --extensionDevelopmentPath=<repo> examples/
//   - otherwise the offline code-server the tests use (`npm run setup:vscode` installs it into
//     .vscode-test/), on 127.0.0.1, printing the URL that loads this repository as the extension
//     under development (VS Code's URL payload, as scripts/run-e2e.mjs builds it). Ctrl+C stops it.
// Options: --web            use code-server even when `code` is on the PATH
//          --port <n>       code-server port (default: LRLENS_PORT, else 8080, else a free one)
//          --folder <dir>   folder to open (default examples/)
//          --no-build       skip `npm run build`
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CODE_SERVER_ENTRY, ROOT, USER_SETTINGS, codeServerVersion, freePort, portIsFree } from './lib/vscode-web.mjs';

const { values: opt } = parseArgs({
  options: {
    web: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.LRLENS_PORT || '' },
    folder: { type: 'string', default: path.join(ROOT, 'examples') },
    'no-build': { type: 'boolean', default: false },
  },
});
const folder = path.resolve(opt.folder);
const log = (...a) => console.log('[lr-lens start]', ...a);

if (!opt['no-build']) {
  log('building (npm run build)…');
  const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) {
    log('build failed');
    process.exit(b.status ?? 1);
  }
}

function onPath(cmd) {
  const r = spawnSync(process.platform === 'win32' ? 'where' : 'which', [cmd], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
}

if (!opt.web && onPath('code')) {
  const args = [`--extensionDevelopmentPath=${ROOT}`, folder];
  log(`code ${args.join(' ')}`);
  const child = spawn('code', args, { stdio: 'inherit', detached: process.platform !== 'win32', shell: process.platform === 'win32' });
  child.on('exit', (code) => process.exit(code ?? 0));
  child.on('error', (e) => {
    log(`could not start code: ${e.message}`);
    process.exit(1);
  });
} else {
  await startCodeServer();
}

async function startCodeServer() {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) {
    log(`no desktop \`code\` on the PATH and no code-server in ${path.relative(ROOT, path.dirname(CODE_SERVER_ENTRY))}.`);
    log('install the offline VS Code once with:  npm run setup:vscode');
    process.exit(2);
  }
  let port = Number(opt.port) || 8080;
  if (!(await portIsFree(port))) {
    if (opt.port) {
      log(`port ${port} is in use`);
      process.exit(2);
    }
    port = await freePort();
  }
  // A persistent private profile, so settings and layout survive between runs.
  const home = path.join(ROOT, '.vscode-test', 'start');
  const ud = path.join(home, 'ud');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.mkdirSync(path.join(home, 'extensions'), { recursive: true });
  const settingsFile = path.join(ud, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify(USER_SETTINGS, null, 2));

  const env = { ...process.env, EXTENSIONS_GALLERY: '{}' };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', ud,
    '--extensions-dir', path.join(home, 'extensions'),
    folder,
  ];
  const logFile = path.join(home, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const server = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = false;
  server.on('exit', (code, sig) => {
    exited = true;
    log(`code-server exited (${sig ?? code}); log: ${path.relative(ROOT, logFile)}`);
    process.exit(code ?? 1);
  });
  const stop = () => {
    if (!exited) {
      try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
    }
  };
  process.on('SIGINT', () => { stop(); setTimeout(() => process.exit(130), 500); });
  process.on('SIGTERM', () => { stop(); setTimeout(() => process.exit(143), 500); });
  process.on('exit', stop);

  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (exited) return;
    if (Date.now() > until) {
      log(`code-server did not start; see ${path.relative(ROOT, logFile)}`);
      stop();
      process.exit(2);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${ROOT}`],
    ['skipWelcome', 'true'],
  ];
  const url = `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log(`code-server ${codeServerVersion() ?? ''} is serving ${path.relative(ROOT, folder) || folder} with LR Lens loaded.`);
  log('open this URL in a browser (Ctrl+C here stops it):');
  console.log(`\n  ${url}\n`);
}
