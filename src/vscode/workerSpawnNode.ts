/**
 * The analysis worker on desktop: a worker_threads Worker with a hard memory cap. The web build
 * replaces this module by workerSpawnWeb.ts (scripts/build.mjs), so no Node built-in reaches it.
 */
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import type { WorkerLike } from '../worker/client';
import { ANALYSIS_HEAP_MB, type VetReply } from '../worker/protocol';

/** The worker's heap cap: a file that needs more is stopped, the extension host is not touched. */
export const WORKER_HEAP_MB = ANALYSIS_HEAP_MB;

export function workerSpawner(extensionUri: vscode.Uri): (() => WorkerLike) | undefined {
  const file = vscode.Uri.joinPath(extensionUri, 'dist', 'analysisWorker.js').fsPath;
  return () => {
    const w = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 } });
    w.unref();
    return {
      post: (m) => w.postMessage(m),
      listen(onReply, onFailure) {
        // Before the worker says it runs, a failure means it could not start (a missing bundle): no isolation, not a verdict on the file.
        let ready = false;
        w.on('message', (m: VetReply | { ready: true }) => {
          if ('ready' in m) ready = true;
          else onReply(m);
        });
        w.on('error', (e: Error & { code?: string }) =>
          onFailure(
            e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { kind: 'memory', detail: String(WORKER_HEAP_MB) } : ready ? { kind: 'crash', detail: e.message } : { kind: 'start', detail: e.message },
          ),
        );
        w.on('exit', (code) => onFailure(ready ? { kind: 'crash', detail: `exit code ${code}` } : { kind: 'start', detail: `exit code ${code}` }));
      },
      terminate: () => void w.terminate(),
    };
  };
}
