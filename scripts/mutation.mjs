// The mutation subset CI runs (issue 20): StrykerJS over the files of the pure core whose score has
// reached the aim, so a change that leaves a behaviour of theirs unpinned fails `npm test`. The
// whole list (`npm run mutation`) takes hours on 2 cores; these take minutes.
//   node scripts/mutation.mjs            run the subset, print one line per file and the summary
// Last line: `mutation: N passed, M failed` (a file below AIM is failed).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Files whose score meets the aim (README "Mutation testing"): CI keeps them there. */
// validate.ts (99.0%), stepCalls.ts (96.2%), args.ts (96.7%) and errors.ts (100%) reached the aim with a narrowed spec; with the whole spec their
// static mutants run every test (tens of minutes on 2 cores), so they stay out of CI until that is narrowed.
export const CI_FILES = ['src/core/model/assumptions.ts', 'src/core/model/cells.ts', 'src/core/model/sandbox.ts'];
export const AIM = 85;

const r = spawnSync('npx', ['stryker', 'run', '--reporters', 'json,clear-text'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, LRLENS_MUTATE: CI_FILES.join(',') },
  timeout: 30 * 60_000,
});
let passed = 0;
let failed = 0;
const report = path.join(ROOT, 'reports', 'mutation', 'mutation.json');
if (r.status !== 0 || !fs.existsSync(report)) {
  console.log(`mutation: stryker exited ${r.status ?? r.signal}`);
  failed = CI_FILES.length;
} else {
  const files = JSON.parse(fs.readFileSync(report, 'utf8')).files;
  for (const f of CI_FILES) {
    const ms = files[f]?.mutants ?? [];
    const count = (s) => ms.filter((m) => m.status === s).length;
    const detected = count('Killed') + count('Timeout');
    const valid = ms.length - count('CompileError') - count('RuntimeError') - count('Ignored');
    const score = valid ? (100 * detected) / valid : 0;
    const ok = valid > 0 && score >= AIM;
    if (ok) passed++;
    else failed++;
    console.log(`mutation: ${f}: ${score.toFixed(1)}% (${detected} of ${valid} mutants detected; aim ${AIM}%) ${ok ? 'ok' : 'BELOW THE AIM'}`);
  }
}
console.log(`mutation: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
