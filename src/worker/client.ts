/**
 * The extension host's side of the analysis worker: one worker at a time, one request at a time,
 * each with a deadline. A worker that crashes (out of memory under its resourceLimits), exits or
 * misses the deadline is terminated and the request answered with the reason; the next request
 * starts a new worker. Nothing here can throw into the caller: every failure is a VetResult.
 */
import type { ModelInputs } from '../core/model/documentModel';
import type { ForgetRequest, VetCurve, VetReply, VetRequest } from './protocol';

/** What the platform gives (worker_threads on desktop, a Web Worker on the web). */
export interface WorkerLike {
  post(message: VetRequest | ForgetRequest): void;
  /** Replies; failures (crash, exit, error) with a reason in English. */
  listen(onReply: (reply: VetReply) => void, onFailure: (reason: StopReason) => void): void;
  terminate(): void;
}

/** Why the worker stopped: the kind (translated by the VS Code layer, see stoppedText) and a detail in English. */
export interface StopReason {
  kind: 'memory' | 'deadline' | 'crash' | 'start' | 'shutdown';
  detail: string;
}

export type VetResult = { ok: true; curves: VetCurve[]; ms: number } | { ok: false; reason: StopReason };

/** How long one analysis and its curves may take in the worker. The budgets end real work well before. */
export const WORKER_DEADLINE_MS = 20_000;

interface Pending {
  req: VetRequest;
  resolve: (r: VetResult) => void;
}

export class AnalysisWorkerClient {
  private worker: WorkerLike | undefined;
  private current: (Pending & { timer: ReturnType<typeof setTimeout> }) | undefined;
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private disposed = false;
  /** Workers started (1 + replacements), for the log and the tests. */
  started = 0;
  /** Requests the worker answered (the analysis ran there), for the tests. */
  answered = 0;

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly log: (m: string) => void,
    /** Settable by the integration tests (lrLens.internal.workerDeadline). */
    public deadlineMs = WORKER_DEADLINE_MS,
  ) {}

  /** Analyzes `text` and simulates its findings in the worker. A queued request for the same key is replaced (its text is stale). */
  run(key: string, text: string, inputs: ModelInputs): Promise<VetResult> {
    if (this.disposed) return Promise.resolve({ ok: false, reason: { kind: 'shutdown', detail: 'the extension is shutting down' } });
    return new Promise<VetResult>((settle) => {
      let resolve = (r: VetResult) => settle(r);
      const req: VetRequest = { id: this.nextId++, key, text, inputs };
      for (let i = this.queue.length - 1; i >= 0; i--) {
        const q = this.queue[i];
        if (q.req.key === key) {
          this.queue.splice(i, 1);
          // The newer text's result answers the older request too: same document, later version.
          const chained = q.resolve;
          const own = resolve;
          resolve = (r) => {
            chained(r);
            own(r);
          };
        }
      }
      this.queue.push({ req, resolve });
      this.pump();
    });
  }

  forget(key: string): void {
    try {
      this.worker?.post({ id: -1, forget: key });
    } catch {
      // A dead worker forgets everything anyway.
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    for (const q of this.queue.splice(0)) q.resolve({ ok: false, reason: { kind: 'shutdown', detail: 'the extension is shutting down' } });
  }

  private pump(): void {
    if (this.current || !this.queue.length || this.disposed) return;
    const next = this.queue.shift() as Pending;
    try {
      if (!this.worker) this.worker = this.start();
      const timer = setTimeout(() => this.fail({ kind: 'deadline', detail: `${this.deadlineMs / 1000}` }), this.deadlineMs);
      this.current = { ...next, timer };
      this.worker.post(next.req);
    } catch (e) {
      this.current = undefined;
      this.stop();
      next.resolve({ ok: false, reason: { kind: 'start', detail: e instanceof Error ? e.message : String(e) } });
      this.pump();
    }
  }

  private start(): WorkerLike {
    const w = this.spawn();
    this.started++;
    if (this.started > 1) this.log(`analysis worker replaced (${this.started - 1} replacement${this.started > 2 ? 's' : ''})`);
    w.listen(
      (reply) => {
        if (w !== this.worker) return;
        const c = this.current;
        if (!c || c.req.id !== reply.id) return;
        clearTimeout(c.timer);
        this.current = undefined;
        this.answered++;
        c.resolve(reply.ok ? { ok: true, curves: reply.curves, ms: reply.ms } : { ok: false, reason: { kind: 'crash', detail: reply.reason } });
        this.pump();
      },
      (reason) => {
        if (w === this.worker) this.fail(reason);
      },
    );
    return w;
  }

  /** The worker failed on the current request: answer it, drop the worker, go on with a new one. */
  private fail(reason: StopReason): void {
    const c = this.current;
    this.current = undefined;
    this.stop();
    if (c) {
      clearTimeout(c.timer);
      c.resolve({ ok: false, reason });
    }
    this.pump();
  }

  private stop(): void {
    const w = this.worker;
    this.worker = undefined;
    if (this.current) clearTimeout(this.current.timer);
    try {
      w?.terminate();
    } catch {
      // Already gone.
    }
  }
}
