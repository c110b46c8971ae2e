/**
 * Values as Python source literals, for the code LR Lens writes: the generator's calls and the
 * chart's "Apply to code". Pure.
 */

/** True when a Python number literal is written as a float (`1.0`, `1e-3`, `5.`), not an int. */
function looksFloat(text: string): boolean {
  const t = text.trim().replace(/^[-+]\s*/, '');
  if (/^0[xob]/i.test(t)) return false;
  return /[.eE]/.test(t);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '_');
}

/**
 * A finite number as a Python literal: ints stay ints (`30`, `10_000` when the original used
 * underscores), floats round-trip exactly (`0.1`, `1e-7`, `3.0` when the original was a float).
 * Undefined for NaN and ±Infinity, which have no literal.
 */
export function formatPythonNumber(v: number, original?: string): string | undefined {
  if (!Number.isFinite(v)) return undefined;
  if (Object.is(v, -0)) return '-0.0';
  if (Number.isInteger(v)) {
    if (original !== undefined && looksFloat(original)) {
      const s = String(v);
      return /[e.]/.test(s) ? s : `${s}.0`;
    }
    if (!Number.isSafeInteger(v)) return String(v); // 1e+21: a float literal, still exact
    const s = String(Math.abs(v));
    const digits = original !== undefined && original.includes('_') ? groupThousands(s) : s;
    return v < 0 ? `-${digits}` : digits;
  }
  // JS shortest round-trip repr is a valid Python float literal (0.0001, 1e-7, 1.5e+300).
  return String(v);
}

/** A string as a Python string literal, keeping the original's quote character when it had one. */
export function formatPythonString(s: string, original?: string): string {
  const m = original?.trim().match(/^[rRbBuUfF]{0,2}('''|"""|'|")/);
  const quote = m && (m[1] === "'" || m[1] === "'''") ? "'" : '"';
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}
