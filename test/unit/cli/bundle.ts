// The CLI bundle the tests run: built once per test process from the current sources with the
// project's own build script (scripts/build.mjs --only=cli), so a test never runs a stale
// dist/cli.js and never skips because it is missing: a failed build fails the test loudly.
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../../..');
export const CLI = path.join(ROOT, 'dist/cli.js');

let built = false;

export function buildCli(): string {
  if (built) return CLI;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--only=cli'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `scripts/build.mjs --only=cli failed:\n${r.stdout}\n${r.stderr}`);
  built = true;
  return CLI;
}

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
  signal: NodeJS.Signals | null;
}

/** Runs `node dist/cli.js ARGS` (built first). */
export function cli(args: string[], options: SpawnSyncOptions & { nodeArgs?: string[] } = {}): CliRun {
  buildCli();
  const { nodeArgs = [], ...rest } = options;
  const r = spawnSync(process.execPath, [...nodeArgs, CLI, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 30, ...rest });
  return { code: r.status, out: String(r.stdout ?? ''), err: String(r.stderr ?? ''), signal: r.signal };
}

/** A stack trace line (`    at f (file:1:2)`): never in the CLI's output. */
export const STACK = /^\s+at .+[:(]/m;
