/**
 * Writing to the process's descriptors whole and quietly, for ./output.ts and the launcher
 * (./bin.ts, which loads nothing else before the worker starts): a full non-blocking pipe is waited
 * out, a reader that went away is ReaderGone (main() exits quietly), stderr never throws.
 */
import { writeSync } from 'node:fs';

/** Thrown when the reader closed the pipe: main() exits quietly. */
export class ReaderGone extends Error {
  constructor() {
    super('output closed by the reader');
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** buf[from, to) written to fd whole (a full non-blocking pipe waited out); ReaderGone when the reader closed it. */
export function writeAll(fd: number, buf: Uint8Array, from: number, to: number): void {
  while (from < to) {
    try {
      from += writeSync(fd, buf, from, to - from);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE' || code === 'ECONNRESET' || code === 'ERR_STREAM_DESTROYED') throw new ReaderGone();
      // A non-blocking pipe that is full: wait for the reader.
      if (code === 'EAGAIN') Atomics.wait(sleeper, 0, 0, 1);
      else throw err;
    }
  }
}

const encoder = new TextEncoder();

/** A line on stderr; never throws. */
export function errorLine(message: string): void {
  try {
    const bytes = encoder.encode(message.endsWith('\n') ? message : message + '\n');
    writeAll(2, bytes, 0, bytes.length);
  } catch {
    // stderr closed: nothing more to say.
  }
}
