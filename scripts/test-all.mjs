// `npm test`: builds, then runs every suite — unit tests in plain Node, integration tests inside a
// real VS Code (code-server), and the end-to-end webview check in a real browser — and ends with
// one line totalled over all of them: `N passed, M failed`.
import { spawn } from 'node:child_process';

const suites = [];

function run(cmd, args, { env } = {}) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const relay = (stream, target) =>
      stream.on('data', (d) => {
        out += d;
        target.write(d);
      });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
    child.on('error', (e) => resolve({ code: 1, out: String(e) }));
  });
}

function lastMatch(text, re) {
  let m;
  let last = null;
  const g = new RegExp(re.source, 'gm');
  while ((m = g.exec(text))) last = m;
  return last;
}

async function step(name, cmd, args) {
  console.log(`\n── ${name} ──`);
  const r = await run(cmd, args);
  if (r.code !== 0) {
    suites.push({ name, passed: 0, failed: 1, note: `${name} failed (exit ${r.code})` });
    return false;
  }
  return true;
}

const only = process.argv.slice(2);
const want = (s) => only.length === 0 || only.includes(s);

if (await step('build', 'npm', ['run', '--silent', 'build'])) {
  const compiled = await step('compile tests', 'npx', ['tsc', '-p', 'tsconfig.test.json']);
  const compiledIntegration = await step('compile integration tests', 'npx', ['tsc', '-p', 'tsconfig.integration.json']);

  if (compiled && want('unit')) {
    console.log('\n── unit tests (plain Node) ──');
    const r = await run('npx', ['mocha']);
    const passing = lastMatch(r.out, /^\s*(\d+) passing/);
    const failing = lastMatch(r.out, /^\s*(\d+) failing/);
    const pendingM = lastMatch(r.out, /^\s*(\d+) pending/);
    const passed = passing ? Number(passing[1]) : 0;
    const failed = failing ? Number(failing[1]) : r.code === 0 ? 0 : 1;
    const pending = pendingM ? Number(pendingM[1]) : 0;
    // A suite that skips tests it is meant to run has not passed: each skipped test counts as failed.
    suites.push({ name: 'unit', passed, failed: failed + pending, note: pending ? `${pending} skipped (a skip is a failure)` : undefined });
  }

  for (const [name, script, flag] of [
    ['integration', 'scripts/run-integration-tests.mjs', 'integration'],
    ['l10n', 'scripts/run-integration-tests.mjs', 'l10n'],
    ['e2e', 'scripts/run-e2e.mjs', 'e2e'],
    ['web', 'scripts/run-web-tests.mjs', 'web'],
    ['vsix', 'scripts/run-vsix-test.mjs', 'vsix'],
  ]) {
    if (!compiledIntegration || !want(flag)) continue;
    console.log(`\n── ${name} (real VS Code) ──`);
    // In `npm test` the chart must really be drawn: a missing code lens fails the e2e suite.
    const r = await run('node', name === 'e2e' ? [script, '--require-lens'] : name === 'l10n' ? [script, '--locale', 'ko'] : [script]);
    const m = lastMatch(r.out, new RegExp(`^${name}: (\\d+) passed, (\\d+) failed(?:, (\\d+) (?:pending|skipped))?(.*)$`));
    if (!m) {
      suites.push({ name, passed: 0, failed: 1, note: 'no summary line' });
      continue;
    }
    const notRun = /not run/.test(m[4] ?? '');
    const skipped = Number(m[3] ?? 0);
    suites.push({
      name,
      passed: Number(m[1]),
      failed: Number(m[2]) + skipped,
      note: notRun
        ? `not run — install a real VS Code first: npm run setup:vscode`
        : skipped
          ? `${skipped} skipped (a skip is a failure)`
          : undefined,
    });
  }
}

// The mutation subset (scripts/mutation.mjs): each file of it counts as one passed or failed test.
if (want('mutation')) {
  console.log('\n── mutation (StrykerJS, the CI subset) ──');
  const r = await run('node', ['scripts/mutation.mjs']);
  const m = lastMatch(r.out, /^mutation: (\d+) passed, (\d+) failed$/);
  suites.push(m ? { name: 'mutation', passed: Number(m[1]), failed: Number(m[2]) } : { name: 'mutation', passed: 0, failed: 1, note: 'no summary line' });
}

// The speed table runs in CI too. It rebuilds dist/ for production, so it goes last. It is a
// benchmark, not a test: it is reported on its own line and counted in neither total. Only a bench
// that could not run (a crash, no table written) fails the run.
let benchLine = null;
let benchBroke = false;
if (want('bench')) {
  console.log('\n── bench (npm run bench) ──');
  const r = await run('npm', ['run', '--silent', 'bench']);
  const ok = r.code === 0 && /wrote bench\/results\.json/.test(r.out);
  benchBroke = !ok;
  benchLine = ok ? 'bench: ran, table written to bench/results.json (a benchmark, not counted as tests)' : `bench: did not run (npm run bench exit ${r.code})`;
}

console.log('\n── summary ──');
for (const s of suites) console.log(`${s.name}: ${s.passed} passed, ${s.failed} failed${s.note ? ` (${s.note})` : ''}`);
if (benchLine) console.log(benchLine);
const passed = suites.reduce((a, s) => a + s.passed, 0);
const failed = suites.reduce((a, s) => a + s.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 && !benchBroke ? 0 : 1);
