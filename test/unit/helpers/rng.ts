/** A deterministic generator (xorshift32) for reproducible random test inputs: unsigned 32-bit integers. */
export function xorshift(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}
