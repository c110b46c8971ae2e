#!/usr/bin/env node
// The same integration suite under desktop VS Code via @vscode/test-electron, for machines WITH
// internet access (it downloads VS Code into .vscode-test/). Offline machines and CI use
// scripts/run-integration-tests.mjs (code-server) instead.
// Env: LRLENS_VSCODE_VERSION (default 'stable'; e.g. '1.90.0' for the oldest supported engine).
// On a headless Linux box run it under xvfb-run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
try {
  const code = await runTests({
    version: process.env.LRLENS_VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'suite', 'index'),
    launchArgs: [
      path.join(root, 'test', 'fixtures', 'workspace'),
      '--disable-extensions', // other installed extensions; the one under development still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
  process.exit(code);
} catch (err) {
  console.error('test-electron: failed to run the integration tests:', err?.message || err);
  process.exit(1);
}
