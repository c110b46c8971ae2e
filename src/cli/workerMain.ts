// The command line's analysis worker (worker_threads, started by src/cli/guard.ts with resourceLimits):
// analyzes, lints and simulates one file per message (src/cli/analysisJob.ts).
import { parentPort } from 'node:worker_threads';
import { runJob, type Job } from './analysisJob';

// For ./workerLoad.ts, which warms V8's code cache of this bundle by running jobs at build time.
export { runJob };

// Loaded and running: failures from now on are the file's, not the worker's start.
parentPort?.postMessage({ ready: true });
parentPort?.on('message', (job: Job) => {
  const r = runJob(job);
  try {
    parentPort?.postMessage(r.reply, r.transfer);
  } catch (e) {
    // A result structured clone cannot carry (never expected): the file's failure, said in one line.
    parentPort?.postMessage({ id: job.id, ok: false, error: `the result could not be sent: ${e instanceof Error ? e.message : String(e)}` });
  }
});
