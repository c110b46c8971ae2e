/**
 * Starting the command line's analysis worker (dist/cliWorker.js): with the heap cap of the guard
 * (./guard.ts) that runs jobs in it. The launcher (./bin.ts) starts it before anything else loads,
 * so the worker's start (a new V8 isolate and Node environment, then its bundle) overlaps the main
 * thread's loading of the rest of the command line; the guard takes it over (`Prestarted`).
 */
import { Worker } from 'node:worker_threads';
import { ANALYSIS_HEAP_MB } from '../worker/protocol';

/** The worker's heap cap, MB (--max-memory): the editor's; the work budgets end honest scripts far sooner. */
export const CLI_HEAP_MB = ANALYSIS_HEAP_MB;

/** A worker started before its guard, with the heap cap it was started with. */
export interface Prestarted {
  worker: Worker;
  heapMb: number;
}

export function startAnalysisWorker(script: string, heapMb: number): Worker {
  return new Worker(script, {
    // As the editor's worker (src/vscode/workerSpawnNode.ts), with the old generation as chosen and a
    // smaller young generation: the worker lives on while a long CSV is written (it formats half),
    // and 4 MB instead of 32 keeps about 4 MB of its pages out of the command's peak memory, at the
    // same speed (measured on yolov5's train.py, run_glue_no_trainer.py and nanoGPT's train.py).
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 4, stackSizeMb: 4 },
    // The worker's own output is the analysis' business: nothing of it reaches the terminal.
    stdout: true,
    stderr: true,
  });
}

/** The commands that analyze in the worker. */
const ANALYZING = new Set(['analyze', 'diagnostics', 'compare']);

/**
 * Whether the command line `argv` will run an analysis with the default heap cap, so its worker can
 * start now, before the arguments are parsed: an analyzing command without --help, --version or
 * --max-memory (with that one the guard starts its own worker once the value is checked). A wrong
 * guess costs a worker that is terminated unused.
 */
export function prestartsWorker(argv: readonly string[]): boolean {
  if (!ANALYZING.has(argv[0] ?? '')) return false;
  return !argv.some((a) => a === '-h' || a === '--help' || a === '-V' || a === '--version' || a === '--max-memory' || a.startsWith('--max-memory='));
}
