// A ByteSink that keeps everything written (as the CLI's Output, but in memory), for the CSV tests.
import type { ByteSink } from '../../../src/cli/formats/csv';

export class Memory implements ByteSink {
  buf: Uint8Array;
  pos = 0;
  private parts: Buffer[] = [];
  /** `size`: the buffer's bytes; a small one makes the writers flush often. */
  constructor(size = 1 << 16) {
    this.buf = new Uint8Array(size);
  }
  flush(): void {
    this.parts.push(Buffer.from(this.buf.subarray(0, this.pos)));
    this.pos = 0;
  }
  bytes(b: Uint8Array): void {
    this.flush();
    this.parts.push(Buffer.from(b));
  }
  text(): string {
    this.flush();
    return Buffer.concat(this.parts).toString('latin1');
  }
}
