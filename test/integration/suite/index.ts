// Mocha entry point loaded by VS Code's extension host (extensionTestsPath).
// Runs unchanged under @vscode/test-electron (desktop VS Code, scripts/test-electron.mjs) and under
// code-server driven by headless Chromium (scripts/run-integration-tests.mjs).
//
// Discovers out/test/integration/**/*.vscode.test.js. After the run it prints one line in a fixed
// format that the runners parse:
//   LRLENS-RESULT {"passed":N,"failed":M,"pending":P}
// Env: LRLENS_TEST_GREP (only tests whose full title matches this regex); LRLENS_SUITE=l10n runs only
// the localization suite (*.l10n.vscode.test.js, in a Korean VS Code: run-integration-tests.mjs
// --locale ko), which the default run leaves out; LRLENS_SUITE=bench runs only the measurements of
// `npm run bench` (*.vscode.bench.js): they are a benchmark, never counted among the tests.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export const RESULT_PREFIX = 'LRLENS-RESULT ';

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (entry.isFile() && (entry.name.endsWith('.vscode.test.js') || entry.name.endsWith('.vscode.bench.js'))) out.push(full);
  }
  return out.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false, // output is relayed through the extension host's console
    timeout: 30_000,
    slow: 5_000,
  });
  if (process.env.LRLENS_TEST_GREP) mocha.grep(new RegExp(process.env.LRLENS_TEST_GREP));
  const testsRoot = path.resolve(__dirname, '..');
  const suite = process.env.LRLENS_SUITE ?? 'integration';
  const kindOf = (f: string) => (f.endsWith('.vscode.bench.js') ? 'bench' : f.endsWith('.l10n.vscode.test.js') ? 'l10n' : 'integration');
  const files = findTests(testsRoot).filter((f) => kindOf(f) === suite);
  for (const f of files) mocha.addFile(f);

  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      console.log(`${RESULT_PREFIX}${JSON.stringify({ passed: 0, failed: 1, pending: 0 })}`);
      reject(new Error(`no *.vscode.test.js files under ${testsRoot}`));
      return;
    }
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats ?? { passes: 0, failures, pending: 0 };
        console.log(`${RESULT_PREFIX}${JSON.stringify({ passed: s.passes, failed: s.failures, pending: s.pending })}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      console.log(`${RESULT_PREFIX}${JSON.stringify({ passed: 0, failed: 1, pending: 0 })}`);
      reject(err);
    }
  });
}
