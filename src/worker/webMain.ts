// The analysis worker in the web extension host (a nested Web Worker, started by src/vscode/workerSpawnWeb.ts).
import { serve } from './serve';

const scope = globalThis as unknown as {
  onmessage: ((e: { data: Parameters<typeof serve>[0] }) => void) | null;
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
};
// Loaded and running: failures from now on are the analysis', not the worker's start.
scope.postMessage({ ready: true }, []);
scope.onmessage = (e) => {
  const r = serve(e.data);
  if (r) scope.postMessage(r.reply, r.transfer);
};
