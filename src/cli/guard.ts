/**
 * The command line's guard (issue 14): every analysis runs in a worker_threads Worker with a heap
 * cap and a deadline, as the editor's does (src/worker/client.ts, src/vscode/workerSpawnNode.ts). A worker
 * that runs out of memory, crashes or overruns is terminated, its file reported in one line
 * ("analysis stopped: …") and the next file gets a new worker; the main thread only reads files
 * and formats results.
 * Not contained by a Worker: a V8 fatal error from one allocation past the cap (a JS array grown
 * to tens of MB in one step) aborts the whole process despite resourceLimits. The analysis charges
 * its allocations and the engine sizes its large arrays first (Float64Array) to stay clear of that;
 * only a child process would contain it, at about 2x the CPU and memory of a long curve's command.
 */
import type { Worker } from 'node:worker_threads';
import type { StopReason } from '../worker/client';
import type { Job, JobInput, JobReply } from './analysisJob';
import { CLI_HEAP_MB, startAnalysisWorker, type Prestarted } from './startWorker';

export { CLI_HEAP_MB };
/** One file's deadline, s (--timeout), from when the worker runs: far beyond the analysis' own wall-clock backstop (./load.ts). */
export const CLI_DEADLINE_S = 60;
/** How long a worker may take to start (load its bundle), s, before the start counts as failed. */
const START_LIMIT_S = 30;

export interface GuardLimits {
  heapMb: number;
  deadlineS: number;
}

export type Guarded<R> = { ok: true; reply: R } | { ok: false; reason: StopReason };

/** "it needed more than 512 MB of memory": why a file's analysis stopped, for `lr-lens: FILE: analysis stopped: …`. */
export function stoppedText(r: StopReason): string {
  switch (r.kind) {
    case 'memory':
      return `it needed more than ${r.detail} MB of memory (--max-memory MB raises the limit)`;
    case 'deadline':
      return `it took longer than ${r.detail} s (--timeout SECONDS raises the limit)`;
    case 'start':
      return `the analysis worker could not start (${r.detail})`;
    default:
      return `the analysis worker stopped (${r.detail})`;
  }
}

interface Pending {
  id: number;
  settle: (r: Guarded<JobReply>) => void;
  /** The start limit until the worker runs, then the job's deadline. */
  timer: ReturnType<typeof setTimeout>;
}

export class AnalysisGuard {
  private worker: Worker | undefined;
  private ready = false;
  private pending: Pending | undefined;
  private nextId = 1;
  /** Workers started (1 + replacements after a stopped file). */
  started = 0;

  /** A worker the launcher started (./bin.ts), until the first warm() takes it or drops it. */
  private prestarted: Prestarted | undefined;

  constructor(
    private readonly script: string,
    private readonly limits: GuardLimits,
    prestarted?: Prestarted,
  ) {
    this.prestarted = prestarted;
  }

  /**
   * Starts the worker now, so its start overlaps the main thread's reading (idempotent). The
   * launcher's worker is taken when it has this guard's heap cap, else terminated unused.
   */
  warm(): void {
    if (this.worker) return;
    const early = this.prestarted;
    this.prestarted = undefined;
    if (early && early.heapMb !== this.limits.heapMb) void early.worker.terminate();
    const w = early && early.heapMb === this.limits.heapMb ? early.worker : startAnalysisWorker(this.script, this.limits.heapMb);
    this.worker = w;
    this.ready = false;
    this.started++;
    w.stdout.resume();
    w.stderr.resume();
    w.unref();
    w.on('message', (m: JobReply | { ready: true }) => {
      if (w !== this.worker) return;
      if ('ready' in m) {
        this.ready = true;
        if (this.pending) this.startDeadline(this.pending);
        return;
      }
      const p = this.pending;
      if (!p || p.id !== m.id) return;
      this.finish({ ok: true, reply: m });
    });
    w.on('error', (e: Error & { code?: string }) => {
      if (w !== this.worker) return;
      this.fail(
        e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { kind: 'memory', detail: String(this.limits.heapMb) } : this.ready ? { kind: 'crash', detail: e.message } : { kind: 'start', detail: e.message },
      );
    });
    w.on('exit', (code) => {
      if (w !== this.worker) return;
      this.fail({ kind: this.ready ? 'crash' : 'start', detail: `exit code ${code}` });
    });
  }

  /** Runs one job in the worker (one at a time); never rejects: a stopped worker is a reason. */
  run(job: JobInput): Promise<Guarded<JobReply>> {
    if (this.pending) throw new Error('AnalysisGuard runs one job at a time');
    this.warm();
    const w = this.worker as Worker;
    const id = this.nextId++;
    return new Promise((settle) => {
      const pending: Pending = { id, settle, timer: setTimeout(() => this.fail({ kind: 'start', detail: `not running after ${START_LIMIT_S} s` }), START_LIMIT_S * 1000) };
      this.pending = pending;
      // The deadline counts the analysis, not the worker's start (a replacement loads its bundle first).
      if (this.ready) this.startDeadline(pending);
      w.ref();
      try {
        w.postMessage({ ...job, id } as Job);
      } catch (e) {
        this.fail({ kind: 'crash', detail: e instanceof Error ? e.message : String(e) });
      }
    });
  }

  private startDeadline(p: Pending): void {
    clearTimeout(p.timer);
    p.timer = setTimeout(() => this.fail({ kind: 'deadline', detail: String(this.limits.deadlineS) }), this.limits.deadlineS * 1000);
  }

  /** Ends the worker (the process can then exit); a job still in flight (a CSV's blocks when the reader went away) ends with it. */
  close(): void {
    if (this.prestarted) void this.prestarted.worker.terminate();
    this.prestarted = undefined;
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate();
    this.finish({ ok: false, reason: { kind: 'crash', detail: 'closed' } });
  }

  private finish(r: Guarded<JobReply>): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    this.worker?.unref();
    p.settle(r);
  }

  /** The worker failed: answer the job in flight, drop the worker; the next job starts a new one. */
  private fail(reason: StopReason): void {
    this.finish({ ok: false, reason });
    this.close();
  }
}
