/**
 * Activation time and hover latency measured in a real VS Code: runs the integration suite's
 * `LR Lens bench` tests (test/integration/bench.vscode.bench.ts, the bench suite LRLENS_SUITE=bench) in code-server through
 * scripts/run-integration-tests.mjs and reads the `LRLENS-BENCH {json}` line they print.
 * Returns the reason instead when the real VS Code is not installed (npm run setup:vscode).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export interface VscodeBench {
  /** activate() as the extension times it. */
  activateMs?: number;
  /** Opening a Python file until the extension is active (bundle load + activate). */
  openToActiveMs?: number | null;
  /** vscode.executeHoverProvider on a 5,000-line script right after an edit (analysis on demand). */
  hoverNewVersionMs?: number;
  /** The same, on an unchanged version (cached analysis and curve). */
  hoverSameVersionMs?: number;
  /** Longest time from a burst's last change event to its inline preview, ms (5,000-line script). */
  typingPreviewMaxMs?: number;
  /** Most CPU one analysis used while typing, ms. */
  typingAnalysisCpuMaxMs?: number | null;
  vscodeVersion?: string;
  unavailable?: string;
}

export function runVscodeBench(root: string): VscodeBench {
  if (process.env.LRLENS_BENCH_NO_VSCODE) return { unavailable: 'skipped (LRLENS_BENCH_NO_VSCODE)' };
  const r = spawnSync('node', [path.join(root, 'scripts/run-integration-tests.mjs')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 5 * 60_000,
    maxBuffer: 1 << 24,
    env: { ...process.env, LRLENS_SUITE: 'bench' },
  });
  const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const m = /LRLENS-BENCH (\{.*\})/.exec(out);
  if (m && r.status === 0) return JSON.parse(m[1]) as VscodeBench;
  if (/prerequisites missing|code-server is not installed/.test(out)) return { unavailable: 'real VS Code not installed (npm run setup:vscode)' };
  const last = out.trim().split('\n').filter((l) => /integration:|Error/.test(l)).pop() ?? `exit ${r.status}`;
  return { unavailable: `VS Code run failed: ${last.slice(0, 160)}` };
}
