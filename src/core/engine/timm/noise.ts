/**
 * timm's lr noise: `torch.Generator().manual_seed(seed)` then `torch.randn(1, generator=g).item()`
 * (redrawn while |n| ≥ noise_pct), or `torch.rand` for noise_type 'uniform'. That is PyTorch's CPU
 * generator: MT19937 seeded with the low 32 bits of the seed; `randn` of one float32 value draws a
 * double by Box–Muller from two 53-bit uniforms (the sine half kept for the next draw) and rounds
 * it to float32; `rand` takes 24 bits of one 32-bit draw.
 * aten/src/ATen/core/MT19937RNGEngine.h, DistributionsHelper.h, TransformationHelper.h
 */
const N = 624;
const M = 397;

class MT19937 {
  private readonly state = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    const s = this.state;
    s[0] = seed >>> 0;
    for (let j = 1; j < N; j++) {
      const prev = s[j - 1] ^ (s[j - 1] >>> 30);
      // 1812433253 * prev + j, mod 2^32, without losing bits to float rounding.
      s[j] = (Math.imul(1812433253, prev) + j) >>> 0;
    }
  }

  next(): number {
    const s = this.state;
    if (this.index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (s[k] & 0x80000000) | (s[(k + 1) % N] & 0x7fffffff);
        s[k] = s[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = s[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

/** PyTorch's `uniform_real_distribution<double>`: 53 bits of random64() = (hi << 32) | lo. */
function uniform53(g: MT19937): number {
  const hi = g.next();
  const lo = g.next();
  return ((hi & 0x1fffff) * 4294967296 + lo) * 2 ** -53;
}

/** `_calculate_noise(t)` with `noise_seed + t` as the seed. */
export function torchNoise(seed: number, noiseType: string, noisePct: number): number {
  // manual_seed takes a 64-bit seed; the engine keeps its low 32 bits.
  const g = new MT19937(Number(BigInt.asUintN(32, BigInt(Math.trunc(seed)))));
  if (noiseType !== 'normal') {
    const u = (g.next() & 0xffffff) * 2 ** -24;
    return 2 * (u - 0.5) * noisePct;
  }
  let cached: number | null = null;
  for (let draws = 0; draws < 10_000; draws++) {
    let n: number;
    if (cached !== null) {
      n = cached;
      cached = null;
    } else {
      const u1 = uniform53(g);
      const u2 = uniform53(g);
      const r = Math.sqrt(-2.0 * Math.log(1.0 - u2));
      const theta = 2.0 * Math.PI * u1;
      cached = r * Math.sin(theta);
      n = r * Math.cos(theta);
    }
    const noise = Math.fround(n);
    if (Math.abs(noise) < noisePct) return noise;
  }
  return 0;
}
