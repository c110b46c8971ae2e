/**
 * A long CSV written by two threads in bounded memory. The rows are cut into blocks of BLOCK_ROWS;
 * the main thread formats the even blocks straight into its output, the analysis worker formats the
 * odd ones into one of SLOTS slots of shared memory, and the main thread writes each slot when its
 * turn in the text comes and hands the slot back. So both cores format, the text is written in
 * order, and what waits is at most SLOTS blocks (about 1 MiB each), never half of the output.
 *
 * Each block is claimed before it is formatted (an atomic compare-and-swap), so the main thread
 * never waits for a worker that is not running: a worker's block it reaches unclaimed (the worker
 * is behind, descheduled on a busy machine, or stopped) it formats itself; one the worker claimed
 * but has not filled within TAKEOVER_MS makes it set `abandoned` and format every remaining block
 * itself. The text is the same either way: both threads run writeRows over the same plan.
 */
import type { ByteSink, CsvPlan } from './csv';
import { writeRows } from './csvWasm';

export const BLOCK_ROWS = 16_384;
const SLOTS = 2;
/** How long the main thread waits for a block the worker claimed before formatting the rest itself. */
const TAKEOVER_MS = 250;
/** How often a waiting worker looks at `abandoned`. */
const POLL_MS = 50;

// Int32 cells of the control array: per slot the block it holds (+1; 0: free) and its byte count;
// `abandoned`; then per block who claimed it (0 nobody, WORKER, MAIN).
const LENGTH = SLOTS;
const ABANDONED = 2 * SLOTS;
const CLAIMS = 2 * SLOTS + 1;
const WORKER = 1;
const MAIN = 2;

/** The shared memory of one CSV: the control cells, then the slots. */
export interface CsvBlocks {
  control: SharedArrayBuffer;
  slots: SharedArrayBuffer;
  slotBytes: number;
}

const blockCount = (plan: CsvPlan) => Math.ceil(plan.total / BLOCK_ROWS);

export function csvBlocks(plan: CsvPlan): CsvBlocks {
  // A row needs at most plan.rowMax bytes (./csv.ts makes the same room per row).
  const slotBytes = (BLOCK_ROWS + 1) * plan.rowMax;
  return { control: new SharedArrayBuffer((CLAIMS + blockCount(plan)) * 4), slots: new SharedArrayBuffer(SLOTS * slotBytes), slotBytes };
}

/** Whether block b is the worker's to format, and the slot it goes to. */
const workers = (b: number) => b % 2 === 1;
const slotOf = (b: number) => ((b - 1) / 2) % SLOTS;

/** The main thread's side: every row of the plan into `out`, in order. */
export function writeSharedCsv(out: ByteSink & { bytes(b: Uint8Array): void }, plan: CsvPlan, blocks: CsvBlocks): void {
  const control = new Int32Array(blocks.control);
  const slots = new Uint8Array(blocks.slots);
  let abandoned = false;
  for (let b = 0, count = blockCount(plan); b < count; b++) {
    const from = b * BLOCK_ROWS;
    const to = Math.min(plan.total, from + BLOCK_ROWS);
    if (!workers(b) || abandoned || Atomics.compareExchange(control, CLAIMS + b, 0, MAIN) === 0) {
      writeRows(out, plan, from, to);
      continue;
    }
    // The worker claimed it: its slot holds it once filled.
    const slot = slotOf(b);
    const deadline = Date.now() + TAKEOVER_MS;
    let held = Atomics.load(control, slot);
    while (held !== b + 1 && Date.now() < deadline) {
      Atomics.wait(control, slot, held, Math.max(1, deadline - Date.now()));
      held = Atomics.load(control, slot);
    }
    if (held !== b + 1) {
      abandoned = true;
      Atomics.store(control, ABANDONED, 1);
      writeRows(out, plan, from, to);
      continue;
    }
    out.bytes(slots.subarray(slot * blocks.slotBytes, slot * blocks.slotBytes + Atomics.load(control, LENGTH + slot)));
    Atomics.store(control, slot, 0);
    Atomics.notify(control, slot);
  }
}

/** The worker's side: its blocks into the slots, each once the main thread has handed the slot back; stops when abandoned. */
export function fillCsvBlocks(plan: CsvPlan, blocks: CsvBlocks): void {
  const control = new Int32Array(blocks.control);
  for (let b = 1, count = blockCount(plan); b < count; b += 2) {
    const slot = slotOf(b);
    for (let held = Atomics.load(control, slot); held !== 0; held = Atomics.load(control, slot)) {
      if (Atomics.load(control, ABANDONED)) return;
      Atomics.wait(control, slot, held, POLL_MS);
    }
    if (Atomics.load(control, ABANDONED)) return;
    // The main thread formats a block it reached first.
    if (Atomics.compareExchange(control, CLAIMS + b, 0, WORKER) !== 0) continue;
    const sink: ByteSink = {
      buf: new Uint8Array(blocks.slots, slot * blocks.slotBytes, blocks.slotBytes),
      pos: 0,
      flush() {
        throw new Error('a CSV block is larger than its slot');
      },
    };
    writeRows(sink, plan, b * BLOCK_ROWS, Math.min(plan.total, (b + 1) * BLOCK_ROWS));
    Atomics.store(control, LENGTH + slot, sink.pos);
    Atomics.store(control, slot, b + 1);
    Atomics.notify(control, slot);
  }
}
