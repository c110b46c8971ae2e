/**
 * A long CSV written by two threads in bounded memory. The rows are cut into blocks of BLOCK_ROWS;
 * the main thread formats the even blocks straight into its output, the analysis worker formats the
 * odd ones into one of SLOTS slots of shared memory, and the main thread writes each slot when its
 * turn in the text comes and hands the slot back. So both cores format, the text is written in
 * order, and what waits is at most SLOTS blocks (about 1 MiB each), never half of the output.
 *
 * The main thread never depends on the worker: a slot not filled within TAKEOVER_MS (a worker that
 * stopped, or was not scheduled) makes it set `abandoned` and format every remaining block itself.
 * The text is the same either way: both threads run writeCsvRows over the same plan.
 */
import { writeCsvRows, type ByteSink, type CsvPlan } from './csv';

export const BLOCK_ROWS = 16_384;
const SLOTS = 2;
/** How long the main thread waits for one of the worker's blocks before formatting it itself. */
const TAKEOVER_MS = 2_000;
/** How often a waiting worker looks at `abandoned`. */
const POLL_MS = 100;

// Int32 cells of the control array: per slot its state (0 free, 1 filled) and its byte count; then `abandoned`.
const LENGTH = SLOTS;
const ABANDONED = 2 * SLOTS;
const CELLS = 2 * SLOTS + 1;

/** The shared memory of one CSV: the control cells, then the slots. */
export interface CsvBlocks {
  control: SharedArrayBuffer;
  slots: SharedArrayBuffer;
  slotBytes: number;
}

/** A row needs at most this many bytes (./csv.ts makes the same room per row). */
function slotSize(plan: CsvPlan): number {
  return (BLOCK_ROWS + 1) * plan.rowMax;
}

export function csvBlocks(plan: CsvPlan): CsvBlocks {
  const slotBytes = slotSize(plan);
  return { control: new SharedArrayBuffer(CELLS * 4), slots: new SharedArrayBuffer(SLOTS * slotBytes), slotBytes };
}

/** Whether block b is the worker's. */
const workers = (b: number) => b % 2 === 1;

/** The main thread's side: every row of the plan into `out`, in order. */
export function writeSharedCsv(out: ByteSink & { bytes(b: Uint8Array): void }, plan: CsvPlan, blocks: CsvBlocks): void {
  const control = new Int32Array(blocks.control);
  const slots = new Uint8Array(blocks.slots);
  const count = Math.ceil(plan.total / BLOCK_ROWS);
  let abandoned = false;
  for (let b = 0, k = 0; b < count; b++) {
    const from = b * BLOCK_ROWS;
    const to = Math.min(plan.total, from + BLOCK_ROWS);
    if (!workers(b) || abandoned) {
      writeCsvRows(out, plan, from, to);
      continue;
    }
    const slot = k++ % SLOTS;
    if (Atomics.wait(control, slot, 0, TAKEOVER_MS) === 'timed-out' && Atomics.load(control, slot) === 0) {
      abandoned = true;
      Atomics.store(control, ABANDONED, 1);
      writeCsvRows(out, plan, from, to);
      continue;
    }
    out.bytes(slots.subarray(slot * blocks.slotBytes, slot * blocks.slotBytes + Atomics.load(control, LENGTH + slot)));
    Atomics.store(control, slot, 0);
    Atomics.notify(control, slot);
  }
}

/** The worker's side: its blocks into the slots, each when the main thread has handed it back; stops when abandoned. */
export function fillCsvBlocks(plan: CsvPlan, blocks: CsvBlocks): void {
  const control = new Int32Array(blocks.control);
  const count = Math.ceil(plan.total / BLOCK_ROWS);
  for (let b = 1, k = 0; b < count; b += 2, k++) {
    const slot = k % SLOTS;
    while (Atomics.load(control, slot) !== 0) {
      if (Atomics.load(control, ABANDONED)) return;
      Atomics.wait(control, slot, 1, POLL_MS);
    }
    if (Atomics.load(control, ABANDONED)) return;
    const sink: ByteSink = {
      buf: new Uint8Array(blocks.slots, slot * blocks.slotBytes, blocks.slotBytes),
      pos: 0,
      flush() {
        throw new Error('a CSV block is larger than its slot');
      },
    };
    writeCsvRows(sink, plan, b * BLOCK_ROWS, Math.min(plan.total, (b + 1) * BLOCK_ROWS));
    Atomics.store(control, LENGTH + slot, sink.pos);
    Atomics.store(control, slot, 1);
    Atomics.notify(control, slot);
  }
}
