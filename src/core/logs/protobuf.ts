/**
 * A minimal protobuf wire-format reader: varints, fixed 32/64-bit and length-delimited fields.
 *
 * Why not a library: `@bufbuild/protobuf` (2.17.0, checked with `npm view`) is well kept and
 * browser-safe, and would fit; but the event files need four fields of three messages (Event,
 * Summary.Value, TensorProto), this reader is 80 lines with no code generation, and every bundle
 * (extension host, web extension, page, CLI) would otherwise carry a dependency for it. protobufjs
 * builds decoders with `new Function`, which the page's CSP forbids. Every read is bounds-checked
 * and throws `WireError` on truncated or malformed input; nothing loops without consuming bytes.
 */
export class WireError extends Error {}

export class WireReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as a JS number (exact up to 2^53; int64 steps are far below). */
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    throw new WireError('varint longer than 10 bytes');
  }

  /** A field key: field number and wire type. */
  key(): { field: number; wire: number } {
    const k = this.varint();
    const field = Math.floor(k / 8);
    if (field < 1) throw new WireError('field number 0');
    return { field, wire: k % 8 };
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new WireError('truncated field');
  }

  float(): number {
    this.need(4);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }

  double(): number {
    this.need(8);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  /** A length-delimited field: the range of its bytes, consumed. */
  bytes(): { start: number; end: number } {
    const n = this.varint();
    this.need(n);
    const start = this.pos;
    this.pos += n;
    return { start, end: this.pos };
  }

  sub(r: { start: number; end: number }): WireReader {
    return new WireReader(this.buf, r.start, r.end);
  }

  string(r: { start: number; end: number }): string {
    return new TextDecoder('utf-8', { fatal: false }).decode(this.buf.subarray(r.start, r.end));
  }

  /** Skips a field of this wire type. */
  skip(wire: number): void {
    switch (wire) {
      case 0:
        this.varint();
        return;
      case 1:
        this.need(8);
        this.pos += 8;
        return;
      case 2:
        this.bytes();
        return;
      case 5:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new WireError(`unsupported wire type ${wire}`);
    }
  }
}
