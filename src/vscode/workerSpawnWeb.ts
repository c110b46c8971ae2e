/**
 * The analysis worker in the web extension host (vscode.dev, github.dev): a nested Web Worker.
 * Browsers give a worker no memory cap of its own; the deadline and the analysis' budgets bound it.
 * Replaces workerSpawnNode.ts in the web build (scripts/build.mjs).
 */
import * as vscode from 'vscode';
import type { WorkerLike } from '../worker/client';
import type { VetReply } from '../worker/protocol';

interface WebWorker {
  postMessage(m: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: VetReply | { ready: true } }) => void) | null;
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
        // Before the worker says it runs, a failure means it could not start (blocked, not found): no isolation, not a verdict on the file.
        let ready = false;
        w.onmessage = (e) => {
          if ('ready' in e.data) ready = true;
          else onReply(e.data);
        };
        w.onerror = (e) => {
          e.preventDefault?.();
          onFailure({ kind: ready ? 'crash' : 'start', detail: e.message ?? 'error' });
        };
      },
      terminate: () => w.terminate(),
    };
  };
}
