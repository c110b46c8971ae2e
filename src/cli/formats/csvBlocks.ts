/**
 * A long CSV written by two threads in bounded memory. The rows are cut into blocks of BLOCK_ROWS;
 * the main thread formats the even blocks, the analysis worker the odd ones, each into a buffer of
 * its own, and each thread writes its own blocks to the output's file descriptor, in order: a block
 * is written when the `turn` cell says every block before it is. So both cores format and both
 * write (putting 29 MB into the page cache costs about as much as formatting it), nothing is copied
 * from one thread to the other, and what waits is one block per thread (about 1 MiB), never half of
 * the output. While one thread writes, the other formats its next block.
 *
 * Each block has a state cell. A block is claimed before it is formatted (compare-and-swap), so the
 * main thread never waits for a worker that is not running: a worker's block it finds unclaimed
 * (the worker is behind, descheduled on a busy machine, or stopped) it formats and writes itself;
 * one the worker claimed but has not written TAKEOVER_MS after its turn came, the main thread takes
 * over with a second compare-and-swap, the one the worker makes before it writes, so exactly one of
 * them writes the block; then `abandoned` is set and the main thread writes every block left. The
 * text is the same either way: both threads run writeRows over the same plan.
 */
import type { ByteSink, CsvPlan } from './csv';
import { writeRows } from './csvWasm';
import { ReaderGone, writeAll } from '../output';

export const BLOCK_ROWS = 16_384;
/** How long the main thread waits for a block the worker claimed before taking the rest over. */
const TAKEOVER_MS = 250;
/** How often a waiting thread looks at `abandoned` and `readerGone`. */
const POLL_MS = 50;

/** Int32 cells of the control array: the next block to write, `abandoned`, `readerGone`, then each block's state. */
export const CONTROL = { TURN: 0, ABANDONED: 1, READER_GONE: 2, STATES: 3 } as const;
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

/** Whether block b is the worker's to format. */
const workers = (b: number) => b % 2 === 1;

/** A block's text in a buffer of its own: one thread's, reused for each of its blocks. */
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

/**
 * The main thread's side: every row of the plan written to `out` (whose buffered text, the header,
 * goes first), in order, with the worker's blocks written by the worker. Returns once all are.
 */
export function writeSharedCsv(out: { flush(): void; bytes(b: Uint8Array): void }, plan: CsvPlan, blocks: CsvBlocks): void {
  const control = new Int32Array(blocks.control);
  const count = blockCount(plan);
  const sink = blockSink(blocks.blockBytes);
  /** For a block taken over while `sink` holds the next one (made when the first is). */
  let spare: ByteSink | undefined;
  let abandoned = false;

  /** Writes a block's text now (none stays buffered: the worker writes the next block itself) and passes the turn on. */
  const write = (text: Uint8Array, b: number) => {
    out.bytes(text);
    out.flush();
    advance(control, b);
  };
  /** Formats and writes a worker's block b whose turn has come. */
  const takeOver = (b: number) => write(format((spare ??= blockSink(blocks.blockBytes)), plan, b), b);
  /** Waits until every block before `target` is written, taking over a worker's block that does not come. */
  const waitTurn = (target: number) => {
    let deadline = Date.now() + TAKEOVER_MS;
    for (let turn = Atomics.load(control, CONTROL.TURN); turn < target; turn = Atomics.load(control, CONTROL.TURN)) {
      const gone = Atomics.load(control, CONTROL.READER_GONE);
      if (gone === WRITE_FAILED) throw new Error('the analysis worker could not write its CSV rows');
      if (gone) throw new ReaderGone();
      const state = Atomics.load(control, CONTROL.STATES + turn);
      // The block at the turn is a worker's block the main thread did not take: the worker has it.
      if (state !== BLOCK.WORKER_WRITES && (abandoned || Date.now() >= deadline) && Atomics.compareExchange(control, CONTROL.STATES + turn, BLOCK.WORKER, BLOCK.MAIN) === BLOCK.WORKER) {
        abandoned = true;
        Atomics.store(control, CONTROL.ABANDONED, 1);
        takeOver(turn);
        deadline = Date.now() + TAKEOVER_MS;
        continue;
      }
      // Being written (the worker won its turn): wait for the write, however long the reader takes.
      Atomics.wait(control, CONTROL.TURN, turn, state === BLOCK.WORKER_WRITES ? POLL_MS : Math.max(1, Math.min(POLL_MS, deadline - Date.now())));
    }
  };

  try {
    for (let b = 0; b < count; b++) {
      if (workers(b) && Atomics.compareExchange(control, CONTROL.STATES + b, BLOCK.FREE, BLOCK.MAIN) !== BLOCK.FREE) continue;
      // Formatted while the worker writes the block before it.
      const text = format(sink, plan, b);
      waitTurn(b);
      write(text, b);
    }
    waitTurn(count);
  } finally {
    // Done, or the reader went away: the worker has nothing more to write.
    Atomics.store(control, CONTROL.ABANDONED, 1);
    Atomics.notify(control, CONTROL.TURN);
  }
}

/** The worker's side: its blocks, each formatted, then written to `fd` at its turn; stops when abandoned. */
export function fillCsvBlocks(plan: CsvPlan, blocks: CsvBlocks, fd: number): void {
  const control = new Int32Array(blocks.control);
  const sink = blockSink(blocks.blockBytes);
  for (let b = 1, count = blockCount(plan); b < count; b += 2) {
    if (Atomics.load(control, CONTROL.ABANDONED)) return;
    // The main thread formats a block it reached first.
    if (Atomics.compareExchange(control, CONTROL.STATES + b, BLOCK.FREE, BLOCK.WORKER) !== BLOCK.FREE) continue;
    const text = format(sink, plan, b);
    for (let turn = Atomics.load(control, CONTROL.TURN); turn !== b; turn = Atomics.load(control, CONTROL.TURN)) {
      if (turn > b || Atomics.load(control, CONTROL.ABANDONED)) return;
      Atomics.wait(control, CONTROL.TURN, turn, POLL_MS);
    }
    // Taken over by the main thread while this one was late: it writes the block, and the rest.
    if (Atomics.compareExchange(control, CONTROL.STATES + b, BLOCK.WORKER, BLOCK.WORKER_WRITES) !== BLOCK.WORKER) return;
    try {
      writeAll(fd, text, 0, text.length);
    } catch (e) {
      // The reader went away, or the write failed: the main thread ends the command (quietly, or with an internal error).
      Atomics.store(control, CONTROL.READER_GONE, e instanceof ReaderGone ? 1 : WRITE_FAILED);
      Atomics.notify(control, CONTROL.TURN);
      if (e instanceof ReaderGone) return;
      throw e;
    }
    advance(control, b);
  }
}
