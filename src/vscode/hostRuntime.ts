/**
 * The few things the VS Code layer needs from its runtime, written with globals that both of VS Code's
 * extension hosts have: Node (desktop, code-server) and the web worker (vscode.dev, github.dev), where
 * there is no `require('crypto')`, no `Buffer` and no `process`. The web bundle (dist/web/extension.js,
 * built for the browser platform by scripts/build.mjs) fails to build if anything imports a Node module.
 */

/** A CSP nonce: 24 base64 characters from the platform's cryptographic random source. */
export function nonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, '');
}

/** The bytes of a base64 string (a `data:` URL's payload). */
export function bytesOfBase64(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/**
 * A CPU-time stopwatch (user + system ms of this extension host process) where the runtime has one
 * (Node); undefined in a web worker, which has no process CPU clock.
 */
export function cpuStopwatch(): (() => number) | undefined {
  const proc = (globalThis as { process?: { cpuUsage?: (prev?: { user: number; system: number }) => { user: number; system: number } } }).process;
  const cpuUsage = proc?.cpuUsage;
  if (typeof cpuUsage !== 'function') return undefined;
  const start = cpuUsage.call(proc);
  return () => {
    const d = cpuUsage.call(proc, start);
    return (d.user + d.system) / 1000;
  };
}
