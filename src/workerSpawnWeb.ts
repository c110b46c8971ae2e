/**
 * The analysis worker in the web extension host (vscode.dev, github.dev): a nested Web Worker.
 * Browsers give a worker no memory cap of its own; the deadline and the analysis' budgets bound it.
 * Replaces workerSpawnNode.ts in the web build (scripts/build.mjs).
 */
import * as vscode from 'vscode';
import type { WorkerLike } from './workerClient';
import type { VetReply } from './worker/protocol';

interface WebWorker {
  postMessage(m: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: VetReply }) => void) | null;
  onerror: ((e: { message?: string; preventDefault?: () => void }) => void) | null;
}

export const WORKER_HEAP_MB = undefined;

export function workerSpawner(extensionUri: vscode.Uri): (() => WorkerLike) | undefined {
  const Ctor = (globalThis as { Worker?: new (url: string) => WebWorker }).Worker;
  if (typeof Ctor !== 'function') return undefined;
  const url = vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'analysisWorker.js').toString(true);
  return () => {
    const w = new Ctor(url);
    return {
      post: (m) => w.postMessage(m),
      listen(onReply, onFailure) {
        w.onmessage = (e) => onReply(e.data);
        w.onerror = (e) => {
          e.preventDefault?.();
          onFailure({ kind: 'crash', detail: e.message ?? 'error' });
        };
      },
      terminate: () => w.terminate(),
    };
  };
}
