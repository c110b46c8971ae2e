// The last line each runner prints for scripts/test-all.mjs (and its exit code), shared by the runners
// of a mocha suite in a page (run-integration-tests.mjs, run-web-tests.mjs: suiteReport) and the
// runners of named checks (run-e2e.mjs, run-vsix-test.mjs: checkReport). Both print that line once
// whatever happens: not run, aborted by runGuarded, an infrastructure error, or the result.

/** `NAME: N passed, M failed, P pending (note)` for a suite whose counts come from the page. */
export function suiteReport(name) {
  let printed = false;
  const print = (r, note) => {
    printed = true;
    console.log(`${name}: ${r.passed} passed, ${r.failed} failed, ${r.pending ?? 0} pending (${note})`);
  };
  const failedRun = (note) => print({ passed: 0, failed: 1 }, note);
  return {
    /** Prints `not run: why` and exits 2. */
    notRun(why) {
      failedRun(`not run: ${why}`);
      process.exit(2);
    },
    /** runGuarded's onAbort. */
    onAbort(why) {
      failedRun(`aborted: ${why}`);
    },
    /** What runGuarded's body returns for runExtensionTestsInPage's { exitCode, counts }. */
    finish({ exitCode, counts }, note) {
      if (!counts) {
        failedRun(`no LRLENS-RESULT line from the suite, host exit code ${exitCode}; ${note}`);
        return { exitCode: 2, keepScratch: true };
      }
      const ok = exitCode === 0 && counts.failed === 0 && counts.passed > 0;
      print(counts, note);
      return { exitCode: ok ? 0 : 1, keepScratch: !ok };
    },
    /** Exits with runGuarded's result; `infraNote` is the line's note when nothing printed it yet. */
    exit(result, infraNote) {
      if (!printed) failedRun(infraNote);
      process.exit(result?.exitCode ?? 2);
    },
  };
}

/** `NAME: N passed, M failed[, K skipped] (note)` over the checks recorded with record(). */
export function checkReport(name, log, { skips = false } = {}) {
  const checks = []; // { name, status: 'passed'|'failed'|'skipped', detail }
  const count = (s) => checks.filter((c) => c.status === s).length;
  const summaryLine = (note) => `${name}: ${count('passed')} passed, ${count('failed')} failed${skips ? `, ${count('skipped')} skipped` : ''} (${note})`;
  const failed = () => checks.some((c) => c.status === 'failed');
  return {
    checks,
    record(check, status, detail = '') {
      checks.push({ name: check, status, detail });
      const mark = { passed: '✔', failed: '✘', skipped: '-' }[status];
      log(`${mark} ${check}: ${status}${detail ? ` - ${detail}` : ''}`);
    },
    /** Prints `not run: why` as one failed check and exits 2. */
    notRun(why) {
      checks.push({ name: 'run', status: 'failed', detail: `not run: ${why}` });
      console.log(summaryLine(`not run: ${why}`));
      process.exit(2);
    },
    /** runGuarded's onAbort. */
    onAbort(why) {
      checks.push({ name: 'run', status: 'failed', detail: why });
      console.log(summaryLine(`aborted: ${why}`));
    },
    /** Prints the line; what runGuarded's body returns. */
    finish(note) {
      const anyFailed = failed();
      console.log(summaryLine(note));
      return { exitCode: anyFailed ? 1 : 0, keepScratch: anyFailed };
    },
    /** Exits with runGuarded's result, printing the line first if runGuarded gave up before finish(). */
    exit(result) {
      if (result?.exitCode === 2 && !failed()) {
        checks.push({ name: 'run', status: 'failed', detail: 'infrastructure error' });
        console.log(summaryLine('infrastructure error: code-server or chromium did not start'));
      }
      process.exit(result?.exitCode ?? 2);
    },
  };
}
