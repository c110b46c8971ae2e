/**
 * The `lr-lens` command (dist/cli.js, the package's bin). It starts the analysis worker first
 * (./startWorker.ts), then loads the rest of the command line (dist/cliMain.js, ./main.ts), whose
 * loading then overlaps the worker's own start instead of coming before it; so this file stays
 * small and loads nothing else.
 */
import { join } from 'node:path';
import { errorLine } from './stdio';
import { CLI_HEAP_MB, prestartsWorker, startAnalysisWorker, type Prestarted } from './startWorker';

const argv = process.argv.slice(2);
let prestarted: Prestarted | undefined;
if (prestartsWorker(argv)) {
  const worker = startAnalysisWorker(join(__dirname, 'cliWorker.js'), CLI_HEAP_MB);
  // Until the guard runs a job in it, the worker keeps the process from nothing.
  worker.unref();
  prestarted = { worker, heapMb: CLI_HEAP_MB };
}

// Never a stack trace: whatever escapes main() ends as one line.
process.on('uncaughtException', (err) => {
  errorLine(`lr-lens: internal error: ${(err as Error)?.message ?? String(err)}`);
  process.exit(3);
});

// Beside this file in dist/, its own bundle (scripts/build.mjs); a path, not a module name, so this bundle does not take it in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require(join(__dirname, 'cliMain.js')) as typeof import('./main');
// Everything is written synchronously (./output.ts): exit as soon as main() is done, without waiting for the worker to wind down.
void main(argv, prestarted).then((code) => process.exit(code));
