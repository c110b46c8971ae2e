#!/usr/bin/env node
// Runs the mocha suite out/test/integration/suite/index.js inside a REAL VS Code extension host:
// code-server (installed by `npm run setup:vscode`) + headless Debian chromium via playwright-core.
// Offline; no VS Code download. Builds nothing: run `npm run build` and `npm run compile-integration`
// first (`npm run test:integration` does the latter).
//
// The workbench opens test/fixtures/workspace with this repository as extensionDevelopmentPath and
// the suite as extensionTestsPath (VS Code's URL payload); the extension host calls the page's
// codeAutomationExit(code) when run() settles, and its console is relayed through codeAutomationLog.
//
// Last line printed, for wrappers:   integration: N passed, M failed, P pending (...)
// Exit code: 0 all passed, 1 test failures, 2 infrastructure problem or timeout.
// `--locale ko`: code-server in that display language running only the localization suite
// (test/integration/korean.vscode.test.ts, selected by LRLENS_SUITE=l10n); its line is `l10n: …`.
// Env: LRLENS_TEST_TIMEOUT_MS (global timeout, default 900000), LRLENS_TEST_GREP (mocha grep),
//      plus those of scripts/lib/vscode-web.mjs (LRLENS_VERBOSE=1, LRLENS_KEEP_SCRATCH=1, ...).
import path from 'node:path';
import { suiteReport } from './lib/report.mjs';
import { ROOT, WORKSPACE, codeServerVersion, makeLogger, missingPrerequisites, runExtensionTestsInPage, runGuarded } from './lib/vscode-web.mjs';

// Workbench chatter relayed with the host's output; shown only with LRLENS_VERBOSE=1.
const NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\] registered|Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|ChatSessionStore: )/;
const timeoutMs = Number(process.env.LRLENS_TEST_TIMEOUT_MS || 900_000);
const localeAt = process.argv.indexOf('--locale');
const locale = localeAt > 0 ? process.argv[localeAt + 1] : undefined;
// The suite index (inherited through code-server's environment) runs only the l10n suite.
if (locale) process.env.LRLENS_SUITE = 'l10n';
const NAME = locale ? 'l10n' : 'integration';
const log = makeLogger(NAME);
const report = suiteReport(NAME);

const problems = missingPrerequisites({ needTests: true });
if (problems.length) {
  for (const p of problems) log(`missing: ${p}`);
  report.notRun('prerequisites missing');
}

const result = await runGuarded(
  {
    name: NAME,
    log,
    timeoutMs,
    onAbort: report.onAbort,
  },
  async (session) => {
    await session.startCodeServer({ workspace: WORKSPACE, locale });
    const page = await session.launchBrowser({ language: locale });

    const url = session.workbenchUrl({
      folder: WORKSPACE,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'test', 'integration', 'suite', 'index'),
    });
    log('opening workbench with extensionDevelopmentPath + extensionTestsPath');
    const { exitCode, counts } = await runExtensionTestsInPage(page, url, { noise: NOISE });
    log(`extension host exited with code ${exitCode}`);

    return report.finish({ exitCode, counts }, `code-server ${codeServerVersion()}, ${log.elapsed().toFixed(1)} s`);
  },
);
report.exit(result, 'infrastructure error: code-server or chromium did not start');
