/**
 * Buffered output straight to a file descriptor (64 KiB at a time, written synchronously), so a
 * 10^6-row curve is never one giant string, and a reader that goes away (`lr-lens … | head`)
 * ends the program quietly instead of with an EPIPE stack trace.
 */
import { MAX_DOUBLE_BYTES, writeAscii, writeDouble, writeDoubleAt, writeInt } from './doubleText';
import { writeAll } from './stdio';

export { errorLine, ReaderGone, writeAll } from './stdio';

const encoder = new TextEncoder();

export class Output {
  readonly buf = new Uint8Array(1 << 16);
  pos = 0;
  constructor(readonly fd: number) {}

  flush(): void {
    if (this.pos > 0) writeAll(this.fd, this.buf, 0, this.pos);
    this.pos = 0;
  }

  /** Room for n more bytes. */
  room(n: number): void {
    if (this.pos + n > this.buf.length) this.flush();
  }

  text(s: string): void {
    if (s.length * 3 > this.buf.length - this.pos) {
      this.flush();
      if (s.length * 3 > this.buf.length) {
        const bytes = encoder.encode(s);
        writeAll(this.fd, bytes, 0, bytes.length);
        return;
      }
    }
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** Bytes already formatted (the worker's CSV rows), after what is buffered. */
  bytes(b: Uint8Array): void {
    if (b.length <= this.buf.length - this.pos) {
      this.buf.set(b, this.pos);
      this.pos += b.length;
      return;
    }
    this.flush();
    writeAll(this.fd, b, 0, b.length);
  }

  /** ASCII only (no check). */
  ascii(s: string): void {
    this.room(s.length);
    this.pos = writeAscii(this.buf, this.pos, s);
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.flush();
    this.buf[this.pos++] = b;
  }

  int(n: number): void {
    this.room(20);
    this.pos = writeInt(this.buf, this.pos, n);
  }

  /** String(values[i]) (without boxing the number), or `nonFinite` for NaN and ±Infinity when given. */
  doubleAt(values: Float64Array, i: number, nonFinite?: string): void {
    if (nonFinite !== undefined && !Number.isFinite(values[i])) return this.ascii(nonFinite);
    this.room(MAX_DOUBLE_BYTES);
    this.pos = writeDoubleAt(this.buf, this.pos, values, i);
  }

  /** String(v), or `nonFinite` for NaN and ±Infinity when given (JSON has no such numbers). */
  double(v: number, nonFinite?: string): void {
    if (nonFinite !== undefined && !Number.isFinite(v)) return this.ascii(nonFinite);
    this.room(MAX_DOUBLE_BYTES);
    this.pos = writeDouble(this.buf, this.pos, v);
  }
}
