// The analysis worker on desktop (worker_threads, started by src/vscode/workerSpawnNode.ts with resourceLimits).
import { parentPort } from 'node:worker_threads';
import { serve } from './serve';

// Loaded and running: failures from now on are the analysis', not the worker's start.
parentPort?.postMessage({ ready: true });
parentPort?.on('message', (req) => {
  const r = serve(req);
  if (r) parentPort?.postMessage(r.reply, r.transfer);
});
