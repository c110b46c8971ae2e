// Fuzz: 10,000 seeded mutants of the fixture scripts and examples (truncations, line/token edits,
// random characters, hostile numbers, deep nesting, endless loops and recursion in lr functions,
// and issue 14's classes: doubling loops, zip(*…), list(str), huge pow/round arguments, long
// rebind chains, many param groups with long runs, __proto__/constructor/toString names).
// For every mutant: analyze() returns (never throws), within its operation budget, in at most 100 ms
// plus 2 µs per operation counted (a bound of work the budget does not count, on any machine);
// every finding's curve over its natural run is computed without a throw (or stops at the
// simulation budget with a message), and its values are finite or the curve reports the error.
// The cases run in two child processes capped at 512 MB: a case that kills its process (a V8 fatal
// error) is a failure with its seed, and the rest go on in a new process.
// A failure prints the seed: LRLENS_FUZZ_SEED=<seed> LRLENS_FUZZ_N=1 replays it.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { CaseResult } from './analysisCase';
import { LIMIT_MS, MS_PER_OP, corpusSize } from './analysisCase';

const N = Number(process.env.LRLENS_FUZZ_N ?? 10_000);
const FIRST_SEED = Number(process.env.LRLENS_FUZZ_SEED ?? 1);
const CHILD = path.join(__dirname, 'analysisChild.js');
const CHILDREN = N >= 100 ? 2 : 1;

/** Runs seeds [first, end) in child processes, one after another; a dead process is recorded and replaced. */
async function runRange(first: number, end: number, results: CaseResult[], deaths: string[]): Promise<void> {
  let next = first;
  while (next < end) {
    const started = next;
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, ['--max-old-space-size=512', CHILD, String(started), String(end - started)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let buf = '';
      let current: number | undefined;
      let stderr = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => {
        buf += d;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line.startsWith('S ')) current = Number(line.slice(2));
          else if (line.startsWith('D ')) {
            results.push(JSON.parse(line.slice(2)) as CaseResult);
            next = (current ?? next) + 1;
            current = undefined;
          }
        }
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
      child.on('close', (code, signal) => {
        if (current !== undefined) {
          const fatal = /FATAL ERROR[^\n]*|Fatal[^\n]*/.exec(stderr)?.[0] ?? stderr.trim().split('\n').slice(-1)[0] ?? '';
          deaths.push(`seed ${current}: the fuzz process died (exit ${code}, signal ${signal}): ${fatal} (replay: LRLENS_FUZZ_SEED=${current} LRLENS_FUZZ_N=1)`);
          next = current + 1;
        } else if (next < end) {
          deaths.push(`seeds ${next}..${end - 1}: the fuzz process ended early (exit ${code}, signal ${signal}): ${stderr.slice(-300)}`);
          next = end;
        }
        resolve();
      });
    });
  }
}

describe('fuzz: analysis of mutated scripts', function () {
  this.timeout(600_000);

  it(`${N.toLocaleString('en-US')} mutants: no throw, ≤ ${LIMIT_MS} ms + ${MS_PER_OP * 1000} µs per operation, within the operation budget, natural-run curves finite or reported (child processes)`, async () => {
    assert.ok(corpusSize() >= 10, 'the fixture scripts and examples are there');
    const t0 = performance.now();
    const results: CaseResult[] = [];
    const deaths: string[] = [];
    const per = Math.ceil(N / CHILDREN);
    await Promise.all(
      Array.from({ length: CHILDREN }, (_, k) => runRange(FIRST_SEED + k * per, Math.min(FIRST_SEED + N, FIRST_SEED + (k + 1) * per), results, deaths)),
    );
    const times = results.map((r) => r.ms).sort((a, b) => a - b);
    const counts: Record<string, number> = {};
    for (const r of results) for (const a of r.applied) counts[a] = (counts[a] ?? 0) + 1;
    const q = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1) : '-');
    const findings = results.reduce((s, r) => s + r.findings, 0);
    const nonFinite = results.reduce((s, r) => s + r.nonFinite, 0);
    const maxOps = results.reduce((s, r) => Math.max(s, r.ops), 0);
    console.log(
      `      ${results.length} mutants (seeds ${FIRST_SEED}..${FIRST_SEED + N - 1}, ${CHILDREN} processes) in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `analysis ms p50 ${q(0.5)} p99 ${q(0.99)} max ${q(1)}; ${findings} findings simulated over their natural runs (${nonFinite} with inf/nan lr, reported); most operations ${maxOps}\n` +
        `      mutations: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
    const failures = [...deaths, ...results.filter((r) => r.failure).map((r) => r.failure as string)];
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${N} mutants failed`);
    assert.equal(results.length + deaths.filter((d) => d.startsWith('seed ')).length, N, 'every seed ran');
  });
});
