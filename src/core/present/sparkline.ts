/**
 * Pure rendering of a learning-rate curve into small pictures: an SVG (for hovers, as a base64
 * data URI, since VS Code strips inline <svg> from markdown) and a unicode block sparkline (for
 * end-of-line previews). No vscode, no DOM, no Node built-ins.
 */

/** The values of one param group of a curve (lr[k * groups + group]). */
export function groupSeries(curve: { groups: number; rows: number; lr: ArrayLike<number> }, group = 0): Float64Array {
  const g = Math.max(1, curve.groups);
  const out = new Float64Array(curve.rows);
  for (let k = 0; k < curve.rows; k++) out[k] = curve.lr[k * g + group];
  return out;
}

/** Minimum and maximum of the finite values (NaN when there are none). */
export function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

/**
 * Splits n values into `buckets` contiguous ranges and returns, per bucket, [min, max, mean] over
 * the finite values (NaN for an empty bucket). With n < buckets, one bucket per value.
 */
export function bucketize(values: ArrayLike<number>, buckets: number): { min: number; max: number; mean: number }[] {
  const n = values.length;
  const b = Math.max(1, Math.min(buckets, n));
  const out: { min: number; max: number; mean: number }[] = [];
  for (let i = 0; i < b && n > 0; i++) {
    const from = Math.floor((i * n) / b);
    const to = Math.max(from + 1, Math.floor(((i + 1) * n) / b));
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    let count = 0;
    for (let k = from; k < to; k++) {
      const v = values[k];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      sum += v;
      count++;
    }
    out.push(count ? { min: lo, max: hi, mean: sum / count } : { min: NaN, max: NaN, mean: NaN });
  }
  return out;
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * A unicode sparkline of `width` characters (▁▂▃▄▅▆▇█), each the mean of its share of the values,
 * scaled from the smallest to the largest of those means. A flat curve is a row of ▄; no values give ''.
 */
export function unicodeSparkline(values: ArrayLike<number>, width = 16): string {
  if (values.length === 0 || width <= 0) return '';
  const buckets = bucketize(values, width);
  // Scale by the bucket means, so the highest bucket is █ and the lowest ▁.
  const [lo, hi] = extent(buckets.map((b) => b.mean));
  if (Number.isNaN(lo)) return '·'.repeat(buckets.length);
  const span = hi - lo;
  const flat = span === 0 || span <= Math.abs(hi) * 1e-12;
  let s = '';
  for (const b of buckets) {
    if (Number.isNaN(b.mean)) s += ' ';
    else if (flat) s += BLOCKS[3];
    else s += BLOCKS[Math.max(0, Math.min(BLOCKS.length - 1, Math.round(((b.mean - lo) / span) * (BLOCKS.length - 1))))];
  }
  return s;
}

export interface SvgOptions {
  width?: number;
  height?: number;
  stroke?: string;
  fill?: string;
  /** Plot log10(lr) instead of lr (zeros and negatives are dropped). */
  logScale?: boolean;
  /** Mark this row (e.g. the end of warm-up) with a dashed vertical line. */
  markRow?: number;
}

/**
 * An SVG line chart of the values, min/max per pixel column so steps and spikes survive any
 * downsampling. ASCII only (so it can be base64-encoded without a UTF-8 step).
 */
export function sparklineSvg(values: ArrayLike<number>, opts: SvgOptions = {}): string {
  const width = opts.width ?? 240;
  const height = opts.height ?? 48;
  const stroke = opts.stroke ?? '#3794ff';
  const fill = opts.fill ?? 'rgba(55,148,255,0.18)';
  const pad = 2;
  const n = values.length;
  let series: ArrayLike<number> = values;
  if (opts.logScale) {
    const logv = new Float64Array(n);
    for (let i = 0; i < n; i++) logv[i] = values[i] > 0 ? Math.log10(values[i]) : NaN;
    series = logv;
  }
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`;
  const [lo, hi] = extent(series);
  if (n === 0 || Number.isNaN(lo)) return `${head}<line x1="0" y1="${height / 2}" x2="${width}" y2="${height / 2}" stroke="#888" stroke-dasharray="3 3"/></svg>`;
  const span = hi - lo || Math.abs(hi) || 1;
  const flat = hi - lo === 0;
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const y = (v: number) => (flat ? pad + innerH / 2 : pad + innerH - ((v - lo) / span) * innerH);
  const cols = Math.max(1, Math.min(n, Math.floor(innerW)));
  const pts: string[] = [];
  const buckets = bucketize(series, cols);
  const xAt = (i: number) => (buckets.length === 1 ? pad + innerW / 2 : pad + (i * innerW) / (buckets.length - 1));
  const r = (v: number) => (Math.round(v * 10) / 10).toString();
  let prev: { max: number; min: number } | undefined;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i];
    if (Number.isNaN(b.mean)) continue;
    const x = r(xAt(i));
    // Draw the column from the side the line comes from, so a drop is vertical, not a zigzag.
    const rising = prev ? b.max > prev.max : true;
    if (b.min === b.max) pts.push(`${x},${r(y(b.min))}`);
    else if (rising) pts.push(`${x},${r(y(b.min))}`, `${x},${r(y(b.max))}`);
    else pts.push(`${x},${r(y(b.max))}`, `${x},${r(y(b.min))}`);
    prev = b;
  }
  if (pts.length === 1) {
    const yy = pts[0].split(',')[1];
    pts.splice(0, 1, `${pad},${yy}`, `${pad + innerW},${yy}`);
  }
  const first = pts[0].split(',')[0];
  const last = pts[pts.length - 1].split(',')[0];
  const base = r(pad + innerH);
  let mark = '';
  if (opts.markRow !== undefined && opts.markRow > 0 && opts.markRow < n) {
    const mx = r(pad + (opts.markRow / Math.max(1, n - 1)) * innerW);
    mark = `<line x1="${mx}" y1="${pad}" x2="${mx}" y2="${r(pad + innerH)}" stroke="#888" stroke-width="1" stroke-dasharray="2 2"/>`;
  }
  return (
    head +
    `<polygon points="${first},${base} ${pts.join(' ')} ${last},${base}" fill="${fill}" stroke="none"/>` +
    mark +
    `<polyline points="${pts.join(' ')}" fill="none" stroke="${stroke}" stroke-width="1.5" stroke-linejoin="round"/>` +
    '</svg>'
  );
}

/**
 * `data:image/svg+xml;base64,…` for an SVG string. `btoa` (a global of Node, browsers and web
 * workers alike) takes Latin-1 only: any character past ASCII is written as an XML character
 * reference first, which the SVG reads as the same character.
 */
export function svgDataUri(svg: string): string {
  const ascii = svg.replace(/[^\x00-\x7f]/gu, (c) => `&#x${c.codePointAt(0)!.toString(16)};`);
  return `data:image/svg+xml;base64,${btoa(ascii)}`;
}
