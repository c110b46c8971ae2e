/**
 * Thinning a long curve for output while keeping its shape: the rows are cut into buckets, and
 * each bucket keeps its first row and, for every param group, the row of its minimum and of its
 * maximum; the curve's last row is always kept. So a warm-up peak or a cosine trough survives any
 * thinning, which taking every N-th row alone would not guarantee.
 */
import type { Curve } from '../core/engine/spec';

export interface Thinning {
  /** Bucket of N rows (`--every N`). */
  every?: number;
  /** At most N rows in all (`--points N`). */
  points?: number;
}

/** The kept row indices in increasing order, or null for all rows. */
export function keptRows(curve: Pick<Curve, 'rows' | 'groups' | 'lr'>, t: Thinning): Int32Array | null {
  const rows = curve.rows;
  const g = Math.max(1, curve.groups);
  let size: number;
  if (t.every !== undefined) size = Math.max(1, Math.floor(t.every));
  else if (t.points !== undefined) {
    if (rows <= t.points) return null;
    // Each bucket keeps ≤ 1 + 2g rows, plus the last row: ⌊(N − 1) / (1 + 2g)⌋ buckets fit in N.
    const buckets = Math.max(1, Math.floor((t.points - 1) / (1 + 2 * g)));
    size = Math.ceil(rows / buckets);
  } else return null;
  if (size <= 1 || rows === 0) return null;
  const keep = new Uint8Array(rows);
  for (let from = 0; from < rows; from += size) {
    const to = Math.min(rows, from + size);
    keep[from] = 1;
    for (let j = 0; j < g; j++) {
      let lo = from;
      let hi = from;
      for (let k = from + 1; k < to; k++) {
        const v = curve.lr[k * g + j];
        if (v < curve.lr[lo * g + j]) lo = k;
        if (v > curve.lr[hi * g + j]) hi = k;
      }
      keep[lo] = 1;
      keep[hi] = 1;
    }
  }
  keep[rows - 1] = 1;
  let n = 0;
  for (let k = 0; k < rows; k++) n += keep[k];
  const out = new Int32Array(n);
  for (let k = 0, i = 0; k < rows; k++) if (keep[k]) out[i++] = k;
  return out;
}
