/**
 * The whitelist: Python builtins and the `math` module, with Python's semantics (int vs float,
 * banker's rounding, `max` returning the original object). Anything that touches the outside world
 * (`open`, `__import__`, `eval`, `exec`, `input`) is refused.
 */
import type { CallSite } from './evaluatorApi';
import {
  Assumed,
  HostObject,
  Opaque,
  PyFile,
  PyBuiltin,
  PyDict,
  PyError,
  PyFunction,
  PyInstance,
  PyLib,
  PyList,
  PyRange,
  PySet,
  PyTuple,
  floatToInt,
  floatRepr,
  isInt,
  isNumber,
  pyCompare,
  repr,
  roundHalfEven,
  toBig,
  toFloat,
  truthy,
  typeName,
  MAX_INT_DIGITS,
  binaryOp,
  bigMod,
  type CallInfo,
  type Value,
} from './values';

type Impl = (args: Value[], kwargs: Map<string, Value>, call: CallInfo) => Value;

function site(call: CallInfo): CallSite {
  return call as CallSite;
}

/**
 * Wrap a function of concrete arguments: unknowns become assumptions (or the call stays unknown),
 * assumed values are unwrapped and the result carries their names.
 */
function numeric(impl: Impl): Impl {
  return (args, kwargs, call) => {
    const s = site(call);
    let deps: string[] | null = null;
    const plain: Value[] = [];
    for (let a of args) {
      if (a instanceof Opaque || a instanceof PyLib) a = s.interp.concretize(a);
      if (a instanceof Opaque) {
        if (!s.interp.abstract) throw new PyError('NameError', `cannot evaluate \`${a.text}\` without running the program`);
        return new Opaque(call.text, { start: s.start, end: s.end }, a.hint === 'loop' ? 'loop' : 'call');
      }
      if (a instanceof Assumed) {
        deps = deps ? [...new Set([...deps, ...a.deps])] : a.deps;
        a = a.value;
      }
      plain.push(a);
    }
    const r = impl(plain, kwargs, call);
    return deps ? new Assumed(r, deps) : r;
  };
}

function needFloat(v: Value, fname: string): number {
  if (isNumber(v)) return toFloat(v);
  // `math.ceil()`: the argument is missing.
  if (v === undefined) throw new PyError('TypeError', `${fname}() takes exactly one argument (0 given)`);
  throw new PyError('TypeError', `must be real number, not ${typeName(v)}`.replace('must', `${fname}() argument must`));
}

function mathFn(name: string, f: (x: number) => number, domain?: (x: number) => boolean): PyBuiltin {
  return new PyBuiltin(
    name,
    numeric((args) => {
      if (args.length !== 1) throw new PyError('TypeError', `math.${name}() takes exactly one argument (${args.length} given)`);
      const x = needFloat(args[0], 'math.' + name);
      // As CPython's math module: NaN in gives NaN out, never a domain error.
      if (domain && !Number.isNaN(x) && !domain(x)) throw new PyError('ValueError', 'math domain error');
      const r = f(x);
      if (!Number.isFinite(r) && Number.isFinite(x)) throw new PyError('OverflowError', 'math range error');
      return r;
    }),
  );
}

function intResult(name: string, f: (x: number) => number): PyBuiltin {
  return new PyBuiltin(
    name,
    numeric((args) => {
      const a = args[0];
      if (isInt(a)) return toBig(a);
      const x = needFloat(a, 'math.' + name);
      return floatToInt(f(x));
    }),
  );
}

export const MATH = new Map<string, Value>([
  ['pi', Math.PI],
  ['e', Math.E],
  ['tau', 2 * Math.PI],
  ['inf', Infinity],
  ['nan', NaN],
  ['cos', mathFn('cos', Math.cos, Number.isFinite)],
  ['sin', mathFn('sin', Math.sin, Number.isFinite)],
  ['tan', mathFn('tan', Math.tan, Number.isFinite)],
  ['acos', mathFn('acos', Math.acos, (x) => x >= -1 && x <= 1)],
  ['asin', mathFn('asin', Math.asin, (x) => x >= -1 && x <= 1)],
  ['atan', mathFn('atan', Math.atan)],
  ['cosh', mathFn('cosh', Math.cosh)],
  ['sinh', mathFn('sinh', Math.sinh)],
  ['tanh', mathFn('tanh', Math.tanh)],
  ['exp', mathFn('exp', Math.exp)],
  ['expm1', mathFn('expm1', Math.expm1)],
  ['log1p', mathFn('log1p', Math.log1p, (x) => x > -1)],
  ['log2', mathFn('log2', Math.log2, (x) => x > 0)],
  ['log10', mathFn('log10', Math.log10, (x) => x > 0)],
  ['sqrt', mathFn('sqrt', Math.sqrt, (x) => x >= 0)],
  ['fabs', mathFn('fabs', Math.abs)],
  ['radians', mathFn('radians', (x) => (x * Math.PI) / 180)],
  ['degrees', mathFn('degrees', (x) => (x * 180) / Math.PI)],
  ['ceil', intResult('ceil', Math.ceil)],
  ['floor', intResult('floor', Math.floor)],
  ['trunc', intResult('trunc', Math.trunc)],
  [
    'log',
    new PyBuiltin(
      'log',
      numeric((args) => {
        const x = needFloat(args[0], 'math.log');
        if (x <= 0) throw new PyError('ValueError', 'math domain error');
        if (args.length > 1) {
          const b = needFloat(args[1], 'math.log');
          if (b <= 0 || b === 1) throw new PyError(b === 1 ? 'ZeroDivisionError' : 'ValueError', b === 1 ? 'float division by zero' : 'math domain error');
          return Math.log(x) / Math.log(b);
        }
        return Math.log(x);
      }),
    ),
  ],
  [
    'pow',
    new PyBuiltin(
      'pow',
      numeric((args) => {
        const x = needFloat(args[0], 'math.pow');
        const y = needFloat(args[1], 'math.pow');
        if (x === 0 && y < 0) throw new PyError('ValueError', 'math domain error');
        if (x < 0 && !Number.isInteger(y)) throw new PyError('ValueError', 'math domain error');
        if (x === 1 || y === 0) return 1;
        const r = Math.pow(x, y);
        if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw new PyError('OverflowError', 'math range error');
        return r;
      }),
    ),
  ],
  ['atan2', new PyBuiltin('atan2', numeric((a) => Math.atan2(needFloat(a[0], 'atan2'), needFloat(a[1], 'atan2'))))],
  ['hypot', new PyBuiltin('hypot', numeric((a) => Math.hypot(...a.map((x) => needFloat(x, 'hypot')))))],
  ['fmod', new PyBuiltin('fmod', numeric((a) => needFloat(a[0], 'fmod') % needFloat(a[1], 'fmod')))],
  [
    'copysign',
    new PyBuiltin(
      'copysign',
      numeric((a) => {
        const x = Math.abs(needFloat(a[0], 'copysign'));
        const y = needFloat(a[1], 'copysign');
        return y < 0 || Object.is(y, -0) ? -x : x;
      }),
    ),
  ],
  ['isfinite', new PyBuiltin('isfinite', numeric((a) => Number.isFinite(needFloat(a[0], 'isfinite'))))],
  ['isinf', new PyBuiltin('isinf', numeric((a) => Math.abs(needFloat(a[0], 'isinf')) === Infinity))],
  ['isnan', new PyBuiltin('isnan', numeric((a) => Number.isNaN(needFloat(a[0], 'isnan'))))],
  [
    'isclose',
    new PyBuiltin(
      'isclose',
      numeric((a, k) => {
        const x = needFloat(a[0], 'isclose');
        const y = needFloat(a[1], 'isclose');
        const rel = k.has('rel_tol') ? toFloat(k.get('rel_tol') as number) : 1e-9;
        const abs = k.has('abs_tol') ? toFloat(k.get('abs_tol') as number) : 0;
        return x === y || Math.abs(x - y) <= Math.max(rel * Math.max(Math.abs(x), Math.abs(y)), abs);
      }),
    ),
  ],
  [
    'gcd',
    new PyBuiltin(
      'gcd',
      numeric((a) => {
        let x = toBig(a[0] as bigint);
        let y = toBig(a[1] as bigint);
        if (x < 0n) x = -x;
        if (y < 0n) y = -y;
        while (y) [x, y] = [y, x % y];
        return x;
      }),
    ),
  ],
  [
    'factorial',
    new PyBuiltin(
      'factorial',
      numeric((a) => {
        if (!isInt(a[0])) throw new PyError('TypeError', "'float' object cannot be interpreted as an integer");
        const n = toBig(a[0]);
        if (n < 0n) throw new PyError('ValueError', 'factorial() not defined for negative values');
        if (n > 2000n) throw new PyError('OverflowError', 'factorial too large for the analysis');
        let r = 1n;
        for (let i = 2n; i <= n; i++) r *= i;
        return r;
      }),
    ),
  ],
]);

/** round(x, n) for a float: decimal rounding of the exact binary value, ties to even. */
function roundFloat(x: number, nd: number): number {
  if (nd > 20) return x;
  // Past 10**308 every float rounds to a signed zero (Python: round(5.0, -400) == 0.0).
  if (nd < -308) return x < 0 || Object.is(x, -0) ? -0 : 0;
  if (nd < 0) {
    const p = Math.pow(10, -nd);
    return roundHalfEven(x / p) * p;
  }
  const full = Math.abs(x).toFixed(Math.min(100, nd + 30));
  const dot = full.indexOf('.');
  const rest = full.slice(dot + 1 + nd);
  let s = Math.abs(x).toFixed(nd);
  if (/^50*$/.test(rest)) {
    // An exact tie: round half to even on the last kept digit.
    const kept = full.slice(0, dot + 1 + nd).replace(/\.$/, '');
    const lastDigit = Number(kept[kept.length - 1]);
    if (lastDigit % 2 === 0) s = kept;
  }
  const v = Number(s);
  return x < 0 ? -v : v;
}

function toIntValue(v: Value): Value {
  if (isInt(v)) return toBig(v);
  if (typeof v === 'number') return floatToInt(v);
  if (typeof v === 'string') {
    const t = v.trim().replace(/_/g, '');
    if (/^[-+]?\d+$/.test(t)) {
      if (t.replace(/^[-+]?0*/, '').length > MAX_INT_DIGITS)
        throw new PyError('ValueError', `Exceeds the limit (${MAX_INT_DIGITS} digits) for integer string conversion: value has ${t.replace(/^[-+]/, '').length} digits; use sys.set_int_max_str_digits() to increase the limit`);
      return BigInt(t);
    }
    throw new PyError('ValueError', `invalid literal for int() with base 10: ${repr(v)}`);
  }
  throw new PyError('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
}

export function toFloatValue(v: Value): number {
  if (isNumber(v)) return toFloat(v);
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase().replace(/_/g, '');
    if (/^[-+]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^[-+]?nan$/.test(t)) return NaN;
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) return Number(t);
    throw new PyError('ValueError', `could not convert string to float: ${repr(v)}`);
  }
  throw new PyError('TypeError', `float() argument must be a string or a real number, not '${typeName(v)}'`);
}

function minMax(which: 'min' | 'max'): Impl {
  return (args, kwargs, call) => {
    const s = site(call);
    let items: Value[] | null = args.length === 1 ? s.interp.iterValues(args[0]) : args;
    if (items === null) {
      if (s.interp.abstract) return new Opaque(call.text, { start: s.start, end: s.end }, 'call');
      throw new PyError('TypeError', `'${typeName(args[0])}' object is not iterable`);
    }
    if (items.length > 64) s.interp.spend(items.length);
    if (items.length === 0) {
      if (kwargs.has('default')) return kwargs.get('default') as Value;
      throw new PyError('ValueError', `${which}() arg is an empty sequence`);
    }
    // Unknowns: concretize so the comparison can be made.
    let deps: string[] | null = null;
    items = items.map((v) => {
      let x = v instanceof Opaque ? s.interp.concretize(v) : v;
      if (x instanceof Assumed) {
        deps = deps ? [...new Set([...deps, ...x.deps])] : x.deps;
        x = x.value;
      }
      return x;
    });
    if (items.some((x) => x instanceof Opaque)) {
      if (s.interp.abstract) return new Opaque(call.text, { start: s.start, end: s.end }, 'call');
      throw new PyError('NameError', `cannot evaluate \`${call.text}\` without running the program`);
    }
    let best = items[0];
    for (let i = 1; i < items.length; i++) {
      const c = pyCompare(items[i], best, which === 'max' ? '>' : '<');
      if (which === 'max' ? c > 0 : c < 0) best = items[i];
    }
    return deps ? new Assumed(best, deps) : best;
  };
}

function forbidden(name: string): PyBuiltin {
  return new PyBuiltin(name, (_a, _k, call) => {
    const s = site(call);
    if (s.interp.abstract) return new Opaque(call.text, { start: s.start, end: s.end }, 'call');
    throw new PyError('PermissionError', `${name}() is not allowed in the lr-function sandbox`);
  });
}

function exceptionClass(name: string): PyBuiltin {
  return new PyBuiltin(name, (args) => {
    const e = new PyInstance(null, name);
    e.attrs.set('__exc_message__', args.length ? (typeof args[0] === 'string' ? args[0] : repr(args[0])) : '');
    return e;
  });
}

function rangeImpl(args: Value[]): Value {
  for (const a of args) if (!isInt(a)) throw new PyError('TypeError', `'${typeName(a)}' object cannot be interpreted as an integer`);
  const b = args.map((a) => toBig(a as bigint));
  if (b.length === 1) return new PyRange(0n, b[0], 1n);
  if (b[2] === 0n) throw new PyError('ValueError', 'range() arg 3 must not be zero');
  return new PyRange(b[0], b[1], b[2] ?? 1n);
}

const b = (name: string, impl: Impl) => [name, new PyBuiltin(name, impl)] as [string, Value];

export const BUILTINS = new Map<string, Value>([
  b('int', numeric((a) => (a.length === 0 ? 0n : toIntValue(a[0])))),
  b('float', numeric((a) => (a.length === 0 ? 0 : toFloatValue(a[0])))),
  b('bool', (a) => (a.length === 0 ? false : a[0] instanceof Assumed ? truthy(a[0].value) : truthy(a[0]))),
  b('str', (a) => (a.length === 0 ? '' : typeof a[0] === 'string' ? a[0] : typeof a[0] === 'number' ? floatRepr(a[0]) : repr(a[0]))),
  b(
    'abs',
    numeric((a) => {
      const x = a[0];
      if (isInt(x)) {
        const v = toBig(x);
        return v < 0n ? -v : v;
      }
      if (typeof x === 'number') return Math.abs(x);
      throw new PyError('TypeError', `bad operand type for abs(): '${typeName(x)}'`);
    }),
  ),
  b(
    'round',
    numeric((a) => {
      const x = a[0];
      if (a.length > 1 && a[1] !== null && !isInt(a[1])) throw new PyError('TypeError', `'${typeName(a[1])}' object cannot be interpreted as an integer`);
      const nd = a.length > 1 && a[1] !== null ? Number(toBig(a[1] as bigint)) : null;
      if (isInt(x)) {
        if (nd === null || nd >= 0) return toBig(x);
        const v = toBig(x);
        // round(5, -10**8): 10**(10**8) is never built; past the number's digits the result is 0.
        if (-nd > (v < 0n ? -v : v).toString().length) return 0n;
        const p = 10n ** BigInt(-nd);
        const q = v / p;
        const r = v - q * p;
        let res = q;
        if (2n * (r < 0n ? -r : r) > p || (2n * (r < 0n ? -r : r) === p && q % 2n !== 0n)) res += v < 0n ? -1n : 1n;
        return res * p;
      }
      if (typeof x !== 'number') throw new PyError('TypeError', `type ${typeName(x)} doesn't define __round__ method`);
      if (nd === null) return floatToInt(roundHalfEven(x));
      if (!Number.isFinite(x)) return x;
      return roundFloat(x, nd);
    }),
  ),
  b('min', minMax('min')),
  b('max', minMax('max')),
  b(
    'sum',
    numeric((a, _k, call) => {
      const items = site(call).interp.iterValues(a[0]);
      if (!items) throw new PyError('TypeError', 'sum() argument is not iterable');
      if (items.length > 64) site(call).interp.spend(items.length);
      let acc: Value = a.length > 1 ? a[1] : 0n;
      for (const x of items) {
        const u = x instanceof Assumed ? x.value : x;
        if (!isNumber(u)) throw new PyError('TypeError', `unsupported operand type(s) for +: '${typeName(acc)}' and '${typeName(u)}'`);
        acc = isInt(acc) && isInt(u) ? toBig(acc) + toBig(u) : toFloat(acc as number) + toFloat(u);
      }
      return acc;
    }),
  ),
  b('len', (a, _k, call) => {
    const s = site(call);
    let v = a[0];
    if (v instanceof Assumed) v = v.value;
    if (v instanceof PyList || v instanceof PyTuple || v instanceof PySet) return BigInt(v.items.length);
    if (v instanceof PyDict) return BigInt(v.map.size);
    if (typeof v === 'string') return BigInt(v.length);
    if (v instanceof PyRange) return v.length;
    if (v instanceof Opaque || v instanceof PyLib || (v instanceof PyInstance && !(v.cls?.lookup('__len__') instanceof PyFunction))) {
      if (v instanceof Opaque && v.length !== undefined) return v.length instanceof Opaque ? s.interp.concretize(v.length.renamed(`len(${call.argTexts[0] ?? '?'})`, { start: s.start, end: s.end })) : v.length;
      if (v instanceof Opaque && v.hint === 'loop') return new Opaque(call.text, { start: s.start, end: s.end }, 'loop');
      return s.interp.concretize(new Opaque(`len(${call.argTexts[0] ?? '?'})`, { start: s.start, end: s.end }, 'len'));
    }
    if (v instanceof PyInstance) {
      const f = v.cls?.lookup('__len__');
      if (f instanceof PyFunction) return s.interp.callFunction(f, [v], new Map());
    }
    if (s.interp.abstract) return s.interp.concretize(new Opaque(`len(${call.argTexts[0] ?? '?'})`, { start: s.start, end: s.end }, 'len'));
    throw new PyError('TypeError', `object of type '${typeName(v)}' has no len()`);
  }),
  b('range', numeric(rangeImpl)),
  b('enumerate', (a, k, call) => {
    const items = site(call).interp.iterValues(a[0]);
    if (!items) {
      const s = site(call);
      return a[0] instanceof Opaque ? new Opaque(call.text, { start: s.start, end: s.end }, a[0].hint, a[0].length) : new Opaque(call.text, undefined, 'call');
    }
    site(call).interp.alloc(2 * items.length);
    const start = a.length > 1 ? toBig(a[1] as bigint) : k.has('start') ? toBig(k.get('start') as bigint) : 0n;
    return new PyList(items.map((x, i) => new PyTuple([BigInt(i) + start, x])));
  }),
  b('zip', (a, _k, call) => {
    const lists = a.map((x) => site(call).interp.iterValues(x));
    if (lists.some((l) => l === null)) return new Opaque(call.text, undefined, 'call');
    let n = lists.length ? Infinity : 0;
    for (const l of lists) n = Math.min(n, (l as Value[]).length);
    // zip(*[[1] * 60000] * 60000): n tuples of len(lists) items, charged before any is built.
    site(call).interp.alloc(n);
    site(call).interp.alloc(n * lists.length);
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(new PyTuple(lists.map((l) => (l as Value[])[i])));
    return new PyList(out);
  }),
  b('list', (a, _k, call) => {
    if (a.length === 0) return new PyList([]);
    const it = site(call).interp.iterValues(a[0]);
    if (it) site(call).interp.alloc(it.length);
    return it ? new PyList([...it]) : new Opaque(call.text, undefined, 'call');
  }),
  b('tuple', (a, _k, call) => {
    if (a.length === 0) return new PyTuple([]);
    const it = site(call).interp.iterValues(a[0]);
    if (it) site(call).interp.alloc(it.length);
    return it ? new PyTuple([...it]) : new Opaque(call.text, undefined, 'call');
  }),
  b('set', (a, _k, call) => {
    if (a.length === 0) return new PySet([]);
    const it = site(call).interp.iterValues(a[0]);
    if (it) site(call).interp.alloc(it.length);
    return it ? new PySet([...it]) : new Opaque(call.text, undefined, 'call');
  }),
  b('sorted', (a, _k, call) => {
    const it = site(call).interp.iterValues(a[0]);
    if (!it) return new Opaque(call.text, undefined, 'call');
    // n log n comparisons.
    site(call).interp.alloc(it.length);
    if (it.length > 64) site(call).interp.spend(Math.ceil(it.length * Math.log2(it.length)));
    return new PyList([...it].sort((x, y) => pyCompare(x instanceof Assumed ? x.value : x, y instanceof Assumed ? y.value : y, '<')));
  }),
  b('reversed', (a, _k, call) => {
    const it = site(call).interp.iterValues(a[0]);
    if (it) site(call).interp.alloc(it.length);
    return it ? new PyList([...it].reverse()) : new Opaque(call.text, undefined, 'call');
  }),
  b('any', (a, _k, call) => {
    const it = site(call).interp.iterValues(a[0]);
    return it ? it.some((x) => truthy(x)) : new Opaque(call.text, undefined, 'call');
  }),
  b('all', (a, _k, call) => {
    const it = site(call).interp.iterValues(a[0]);
    return it ? it.every((x) => truthy(x)) : new Opaque(call.text, undefined, 'call');
  }),
  b('dict', (a, k) => {
    const d = new PyDict();
    const src = a[0] instanceof Assumed ? a[0].value : a[0];
    if (src instanceof PyDict) for (const [kk, vv] of src.map.values()) d.set(kk, vv);
    else if (src instanceof PyList || src instanceof PyTuple)
      for (const p of src.items) if (p instanceof PyTuple || p instanceof PyList) d.set(p.items[0], p.items[1]);
    for (const [kk, vv] of k) d.set(kk, vv);
    return d;
  }),
  b(
    'pow',
    numeric((a) => {
      if (a.length < 2) throw new PyError('TypeError', `pow() missing required argument 'exp' (pos 2)`);
      const [x, y, mod] = a;
      if (!isNumber(x) || !isNumber(y)) throw new PyError('TypeError', `unsupported operand type(s) for ** or pow(): '${typeName(x)}' and '${typeName(y)}'`);
      if (mod !== undefined && mod !== null) {
        // pow(x, y, m): square-and-multiply, never the full power.
        if (!isInt(x) || !isInt(y) || !isInt(mod)) throw new PyError('TypeError', 'pow() 3rd argument not allowed unless all arguments are integers');
        const m = toBig(mod);
        if (m === 0n) throw new PyError('ValueError', 'pow() 3rd argument cannot be 0');
        let e = toBig(y);
        if (e < 0n) throw new PyError('ValueError', 'base is not invertible for the given modulus');
        let base = bigMod(toBig(x), m);
        let r = bigMod(1n, m);
        while (e > 0n) {
          if (e & 1n) r = bigMod(r * base, m);
          base = bigMod(base * base, m);
          e >>= 1n;
        }
        return r;
      }
      // The same size checks as `x ** y` (pow(10, 10**9) is an OverflowError, not 20 s of work).
      return binaryOp('**', x, y);
    }),
  ),
  b(
    'divmod',
    numeric((a) => {
      const [x, y] = a;
      if (isInt(x) && isInt(y)) {
        const p = toBig(x);
        const q = toBig(y);
        if (q === 0n) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
        let d = p / q;
        if (p % q !== 0n && p < 0n !== q < 0n) d -= 1n;
        return new PyTuple([d, p - d * q]);
      }
      const fx = toFloat(x as number);
      const fy = toFloat(y as number);
      const m = fx - Math.floor(fx / fy) * fy;
      return new PyTuple([Math.floor(fx / fy), m]);
    }),
  ),
  b('isinstance', (a) => {
    const v = a[0] instanceof Assumed ? a[0].value : a[0];
    const types = a[1] instanceof PyTuple ? a[1].items : [a[1]];
    const names = types.map((t) => (t instanceof PyBuiltin ? t.name : t instanceof PyLib ? t.path : ''));
    const tn = typeName(v);
    return names.some((n) => n === tn || (n === 'int' && tn === 'bool') || n === 'object');
  }),
  b('getattr', (a, _k, call) => {
    const s = site(call);
    const name = a[1];
    if (typeof name !== 'string') return new Opaque(call.text, undefined, 'call');
    const obj = a[0];
    if (obj instanceof PyInstance && !obj.attrs.has(name) && !obj.cls?.lookup(name) && a.length > 2) return a[2];
    return s.interp.getAttr(obj, name, s.home, s.node);
  }),
  b('hasattr', (a, _k, call) => {
    const obj = a[0];
    if (obj instanceof PyInstance && typeof a[1] === 'string') return obj.attrs.has(a[1]) || obj.cls?.lookup(a[1]) !== undefined;
    // An object the analysis does not model (a model from create_model, a library object): unknown,
    // so `assert hasattr(model, 'num_classes')` does not stop the function.
    if (obj instanceof Opaque || obj instanceof HostObject || obj instanceof PyLib || obj instanceof Assumed) return new Opaque(call.text, undefined, 'call');
    return false;
  }),
  b('print', () => null),
  b('callable', (a) => a[0] instanceof PyFunction || a[0] instanceof PyBuiltin),
  b('map', (a, _k, call) => {
    const s = site(call);
    const it = s.interp.iterValues(a[1] ?? null);
    if (!it) return new Opaque(call.text, undefined, 'call');
    s.interp.alloc(it.length);
    return new PyList(it.map((x) => s.interp.call(a[0], [x], new Map(), s)));
  }),
  b('filter', (a, _k, call) => {
    const s = site(call);
    const it = s.interp.iterValues(a[1] ?? null);
    if (!it) return new Opaque(call.text, undefined, 'call');
    s.interp.alloc(it.length);
    return new PyList(it.filter((x) => (a[0] === null ? truthy(x) : truthy(s.interp.call(a[0], [x], new Map(), s)))));
  }),
  b('super', (_a, _k, call) => new Opaque(call.text, undefined, 'call')),
  b('type', (a) => new PyBuiltin(typeName(a[0]), () => null)),
  // `open("config.yaml")` names a file: a loader the analysis knows (yaml, json) may have its text
  // from the host. Nothing is opened; in an lr function open() stays forbidden.
  b('open', (a, _k, call) => {
    const s = site(call);
    if (!s.interp.abstract) throw new PyError('PermissionError', 'open() is not allowed in the lr-function sandbox');
    const p = a[0] instanceof Assumed ? a[0].value : a[0];
    const path = typeof p === 'string' ? p : p instanceof HostObject ? p.fspath?.() : undefined;
    return path !== undefined ? new PyFile(path) : new Opaque(call.text, { start: s.start, end: s.end }, 'call');
  }),
  ...['__import__', 'eval', 'exec', 'compile', 'input', 'globals', 'locals', 'vars', 'setattr', 'delattr', 'exit', 'quit', 'breakpoint', 'memoryview', 'help'].map(
    (n) => [n, forbidden(n)] as [string, Value],
  ),
  ...[
    'Exception',
    'ValueError',
    'TypeError',
    'KeyError',
    'IndexError',
    'RuntimeError',
    'ZeroDivisionError',
    'NotImplementedError',
    'AssertionError',
    'AttributeError',
    'StopIteration',
  ].map((n) => [n, exceptionClass(n)] as [string, Value]),
  ['None', null],
  ['True', true],
  ['False', false],
  ['__name__', '__main__'],
  // The script's own path, relative to its folder (what a host reads config files beside): `os.path.dirname(__file__)` is ''.
  ['__file__', '__file__'],
]);
