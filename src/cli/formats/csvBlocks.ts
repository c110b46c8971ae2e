/**
 * A long CSV written by two threads in bounded memory. The rows are cut into blocks of BLOCK_ROWS.
 * Each thread takes the next block nobody has (a shared counter), formats it into a buffer of its
 * own and writes it to the output's file descriptor when its turn comes (the `turn` cell: every
 * block before it is written). So both cores format and both write (putting 29 MB into the page
 * cache costs about a third of formatting it), nothing is copied from one thread to the other, a
 * thread that runs faster (the other shares its core with the garbage collector or the compiler)
 * takes more blocks instead of waiting, and what waits is at most PENDING blocks per thread (about
 * 1 MiB each), never half of the output.
 *
 * Each block has a state cell, set by compare-and-swap: which thread has it, and whether the worker
 * is writing it. So the main thread never waits long for a worker that is not running: a block the
 * worker has but has not written TAKEOVER_MS after its turn came (the worker is descheduled on a
 * busy machine, or stopped) the main thread takes over with the compare-and-swap the worker makes
 * before it writes, so exactly one of them writes the block; then `abandoned` is set and the main
 * thread writes every block left. The text is the same either way: both threads run writeRows over
 * the same plan.
 */
import type { ByteSink, CsvPlan } from './csv';
import { writeRows } from './csvWasm';
import { ReaderGone, writeAll } from '../output';

export const BLOCK_ROWS = 16_384;
/** Blocks a thread formats ahead of its turn. */
const PENDING = 2;
/** How long the main thread waits for a block the worker has before taking the rest over. */
const TAKEOVER_MS = 250;
/** How often a waiting thread looks at `abandoned` and `readerGone`. */
const POLL_MS = 50;

/** Int32 cells of the control array: the next block to write, the next block to take, `abandoned`, `readerGone`, then each block's state. */
export const CONTROL = { TURN: 0, NEXT: 1, ABANDONED: 2, READER_GONE: 3, STATES: 4 } as const;
/** A block's state: nobody's yet, the worker's (formatting it or waiting for its turn), the main thread's, or being written by the worker. */
export const BLOCK = { FREE: 0, WORKER: 1, MAIN: 2, WORKER_WRITES: 3 } as const;
/** `readerGone` when the worker's write failed otherwise than by the reader going away. */
const WRITE_FAILED = 2;

/** The shared memory of one CSV: the control cells, and the room one block's text needs. */
export interface CsvBlocks {
  control: SharedArrayBuffer;
  blockBytes: number;
}

const blockCount = (plan: CsvPlan) => Math.ceil(plan.total / BLOCK_ROWS);

export function csvBlocks(plan: CsvPlan): CsvBlocks {
  // A row needs at most plan.rowMax bytes (./csv.ts makes the same room per row).
  return { control: new SharedArrayBuffer((CONTROL.STATES + blockCount(plan)) * 4), blockBytes: (BLOCK_ROWS + 1) * plan.rowMax };
}

/** A block's text in a buffer of one thread's own. */
function blockSink(bytes: number): ByteSink {
  return {
    buf: new Uint8Array(bytes),
    pos: 0,
    flush() {
      throw new Error('a CSV block is larger than its buffer');
    },
  };
}

function format(sink: ByteSink, plan: CsvPlan, b: number): Uint8Array {
  sink.pos = 0;
  writeRows(sink, plan, b * BLOCK_ROWS, Math.min(plan.total, (b + 1) * BLOCK_ROWS));
  return sink.buf.subarray(0, sink.pos);
}

function advance(control: Int32Array, b: number): void {
  Atomics.store(control, CONTROL.TURN, b + 1);
  Atomics.notify(control, CONTROL.TURN);
}

/** A thread's blocks formatted ahead of their turn, in order, with the buffers to format into. */
class Ahead {
  readonly blocks: { b: number; text: Uint8Array; sink: ByteSink }[] = [];
  private readonly free: ByteSink[] = [];
  constructor(private readonly bytes: number) {}
  get full(): boolean {
    return this.blocks.length >= PENDING;
  }
  add(plan: CsvPlan, b: number): void {
    const sink = this.free.pop() ?? blockSink(this.bytes);
    this.blocks.push({ b, text: format(sink, plan, b), sink });
  }
  /** The first block, once written: its buffer is free again. */
  shift(): void {
    const done = this.blocks.shift();
    if (done) this.free.push(done.sink);
  }
}

/**
 * The main thread's side: every row of the plan written to `out`, in order, with the blocks the
 * worker took written by the worker. Returns once all are. What `out` held before (the header) must
 * be written before the worker starts: it may write the first block.
 */
export function writeSharedCsv(out: { flush(): void; bytes(b: Uint8Array): void }, plan: CsvPlan, blocks: CsvBlocks): void {
  const control = new Int32Array(blocks.control);
  const count = blockCount(plan);
  const ahead = new Ahead(blocks.blockBytes);
  let abandoned = false;
  /** The turn being waited for (a worker's block), and until when. */
  let waitingFor = -1;
  let deadline = 0;

  /** Writes a block's text now (none stays buffered: the worker may write the next block) and passes the turn on. */
  const write = (text: Uint8Array, b: number) => {
    out.bytes(text);
    out.flush();
    advance(control, b);
  };

  try {
    for (let turn = Atomics.load(control, CONTROL.TURN); turn < count; turn = Atomics.load(control, CONTROL.TURN)) {
      const gone = Atomics.load(control, CONTROL.READER_GONE);
      if (gone === WRITE_FAILED) throw new Error('the analysis worker could not write its CSV rows');
      if (gone) throw new ReaderGone();
      const first = ahead.blocks[0];
      if (first && first.b === turn) {
        write(first.text, turn);
        ahead.shift();
        continue;
      }
      if (!ahead.full) {
        const b = Atomics.add(control, CONTROL.NEXT, 1);
        if (b < count) {
          Atomics.store(control, CONTROL.STATES + b, BLOCK.MAIN);
          ahead.add(plan, b);
          continue;
        }
      }
      // The block at the turn is the worker's (or being taken by it): wait for it, or take it over.
      if (waitingFor !== turn) {
        waitingFor = turn;
        deadline = Date.now() + TAKEOVER_MS;
      }
      const state = Atomics.load(control, CONTROL.STATES + turn);
      if (state !== BLOCK.WORKER_WRITES && (abandoned || Date.now() >= deadline) && Atomics.compareExchange(control, CONTROL.STATES + turn, state, BLOCK.MAIN) === state) {
        abandoned = true;
        Atomics.store(control, CONTROL.ABANDONED, 1);
        const sink = blockSink(blocks.blockBytes);
        write(format(sink, plan, turn), turn);
        continue;
      }
      // Being written (the worker won its turn): wait for the write, however long the reader takes.
      Atomics.wait(control, CONTROL.TURN, turn, state === BLOCK.WORKER_WRITES ? POLL_MS : Math.max(1, Math.min(POLL_MS, deadline - Date.now())));
    }
  } finally {
    // Done, or the reader went away: the worker has nothing more to write.
    Atomics.store(control, CONTROL.ABANDONED, 1);
    Atomics.notify(control, CONTROL.TURN);
  }
}

/** The worker's side: blocks taken, formatted, then written to `fd` at their turn; stops when abandoned. */
export function fillCsvBlocks(plan: CsvPlan, blocks: CsvBlocks, fd: number): void {
  const control = new Int32Array(blocks.control);
  const count = blockCount(plan);
  const ahead = new Ahead(blocks.blockBytes);
  let taking = true;
  for (;;) {
    if (Atomics.load(control, CONTROL.ABANDONED)) return;
    const turn = Atomics.load(control, CONTROL.TURN);
    const first = ahead.blocks[0];
    // The main thread took this one over (this thread was late): it writes the rest.
    if (first && first.b < turn) return;
    if (first && first.b === turn) {
      if (Atomics.compareExchange(control, CONTROL.STATES + turn, BLOCK.WORKER, BLOCK.WORKER_WRITES) !== BLOCK.WORKER) return;
      try {
        writeAll(fd, first.text, 0, first.text.length);
      } catch (e) {
        // The reader went away, or the write failed: the main thread ends the command (quietly, or with an internal error).
        Atomics.store(control, CONTROL.READER_GONE, e instanceof ReaderGone ? 1 : WRITE_FAILED);
        Atomics.notify(control, CONTROL.TURN);
        if (e instanceof ReaderGone) return;
        throw e;
      }
      advance(control, turn);
      ahead.shift();
      continue;
    }
    if (taking && !ahead.full) {
      const b = Atomics.add(control, CONTROL.NEXT, 1);
      if (b >= count) taking = false;
      // Taken: unless the main thread took it over first (a late worker's block, at its turn).
      else if (Atomics.compareExchange(control, CONTROL.STATES + b, BLOCK.FREE, BLOCK.WORKER) === BLOCK.FREE) ahead.add(plan, b);
      else return;
      continue;
    }
    if (!first) return;
    Atomics.wait(control, CONTROL.TURN, turn, POLL_MS);
  }
}
