// A child process of the analysis fuzz (analysis.test.ts): runs seeds FIRST .. FIRST+N-1 and
// prints `S <seed>` before and `D <json>` after each, so the parent knows the seed of a case that
// ends the process (a V8 fatal error, out of memory).
import { runCase } from './analysisCase';

const first = Number(process.argv[2]);
const n = Number(process.argv[3]);
for (let seed = first; seed < first + n; seed++) {
  process.stdout.write(`S ${seed}\n`);
  process.stdout.write(`D ${JSON.stringify(runCase(seed))}\n`);
}
