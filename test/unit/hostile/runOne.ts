// One hostile input, in a process of its own (hostile.test.ts starts it with a memory cap):
// analyze the file, simulate every finding over its natural run, print what the user would read.
import { readFileSync } from 'node:fs';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';

export interface HostileReport {
  messages: string[];
  params: Record<string, unknown>[];
  ms: number;
  maxRssMb: number;
}

const file = process.argv[2];
const t0 = performance.now();
// No wall-clock backstop: the result must come from the operation budgets alone (deterministic); the test bounds the time.
const a = analyze(readFileSync(file, 'utf8'), { timeLimitMs: 600_000 });
const messages = a.diagnostics.map((d) => d.message);
const params: Record<string, unknown>[] = [];
for (const f of a.schedulers) {
  params.push(f.params);
  messages.push(...f.diagnostics.map((d) => d.message));
  const c = curveFor(f);
  if (c.curve.error) messages.push(`${c.curve.error.type}: ${c.curve.error.message}`);
}
const report: HostileReport = { messages, params, ms: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(JSON.stringify(report));
