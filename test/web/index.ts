// Mocha entry point for VS Code's WEB-WORKER extension host (vscode.dev's runtime), loaded as
// extensionTestsPath by scripts/run-web-tests.mjs. Bundled for the browser by that script (esbuild,
// platform browser): no Node built-ins here or in the tests. Prints the same result line as the
// Node integration suite:   LRLENS-RESULT {"passed":N,"failed":M,"pending":P}
import 'mocha/mocha';
import { registerTests } from './extension.web.test';

/** Counts only; the runner logs each test itself (mocha's default HTML reporter needs a DOM). */
const QuietReporter = (globalThis as unknown as { Mocha: typeof Mocha }).Mocha.reporters.Base;

export function run(): Promise<void> {
  mocha.setup({ ui: 'bdd', reporter: QuietReporter, timeout: 60_000, color: false });
  registerTests();
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats ?? { passes: 0, failures, pending: 0 };
        console.log(`LRLENS-RESULT ${JSON.stringify({ passed: s.passes, failed: s.failures, pending: s.pending })}`);
        if (failures > 0) reject(new Error(`${failures} web test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t) => console.log(`  ✔ ${t.fullTitle()} (${t.duration} ms)`));
      runner.on('fail', (t, err) => console.error(`  ✘ ${t.fullTitle()}: ${err instanceof Error ? err.message : String(err)}`));
    } catch (err) {
      console.log(`LRLENS-RESULT ${JSON.stringify({ passed: 0, failed: 1, pending: 0 })}`);
      reject(err);
    }
  });
}
