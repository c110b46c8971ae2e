/**
 * Whole numbers with thousands separators (`1000000` → `1,000,000`), the way the messages print
 * counts. Written out rather than `toLocaleString('en-US')`: that call loads ICU's number
 * formatting on first use (~13 ms, on the command line's critical path), and a message's text must
 * not depend on the host's locale data.
 */
export function groupThousands(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.round(n);
  const neg = r < 0;
  const digits = String(neg ? -r : r);
  if (digits.includes('e')) return String(r);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return neg ? `-${out}` : out;
}
