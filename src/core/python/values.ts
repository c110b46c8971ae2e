/**
 * The Python value model and Python's arithmetic. Python `int` is a JS bigint, `float` a JS number,
 * `bool` a JS boolean (an int subclass), `None` null, `str` a JS string; everything else is an object
 * below. `Opaque` is a value the analysis cannot know without running the program; `Assumed` is a
 * concrete value standing in for an unknown one, carrying the names of the assumptions it rests on.
 */
import type { Expr, Param, Stmt } from './ast';

export type Value = null | boolean | bigint | number | string | PyObject;

export abstract class PyObject {
  abstract readonly typeName: string;
}

export class PyList extends PyObject {
  readonly typeName = 'list';
  constructor(public items: Value[]) {
    super();
  }
}
export class PyTuple extends PyObject {
  readonly typeName = 'tuple';
  constructor(public items: Value[]) {
    super();
  }
}
export class PySet extends PyObject {
  readonly typeName = 'set';
  constructor(public items: Value[]) {
    super();
  }
}
export class PyDict extends PyObject {
  readonly typeName = 'dict';
  readonly map = new Map<string, [Value, Value]>();
  /** Keys are attributes too (`cfg.optimizer.lr`), as in OmegaConf's DictConfig; its methods come first. */
  attributes = false;
  get(k: Value): Value | undefined {
    return this.map.get(hashKey(k))?.[1];
  }
  set(k: Value, v: Value): void {
    this.map.set(hashKey(k), [k, v]);
  }
  keys(): Value[] {
    return [...this.map.values()].map((e) => e[0]);
  }
  delete(k: Value): void {
    this.map.delete(hashKey(k));
  }
}
export class PyRange extends PyObject {
  readonly typeName = 'range';
  constructor(
    public start: bigint,
    public stop: bigint,
    public step: bigint,
  ) {
    super();
  }
  get length(): bigint {
    const { start, stop, step } = this;
    if (step > 0n) return stop > start ? (stop - start + step - 1n) / step : 0n;
    return start > stop ? (start - stop - step - 1n) / -step : 0n;
  }
  at(i: bigint): bigint {
    return this.start + i * this.step;
  }
}
export class PySlice extends PyObject {
  readonly typeName = 'slice';
  constructor(
    public lo: Value,
    public hi: Value,
    public step: Value,
  ) {
    super();
  }
}

/** Where a function's code lives: the block it was parsed from (for file offsets). */
export interface CodeHome {
  /** File offset of the block the AST offsets are relative to. */
  base: number;
  /** Index of the top-level block. */
  blockIndex: number;
  /** The block's text (AST offsets index into it). */
  text: string;
}

export class PyFunction extends PyObject {
  readonly typeName = 'function';
  constructor(
    public name: string,
    public params: Param[],
    public defaults: (Value | undefined)[],
    /** Expression body (lambda) or statements (def). */
    public body: Expr | Stmt[],
    public closure: Scope,
    public home: CodeHome,
    public node: { from: number; to: number },
    public locals: Set<string>,
    public decorators: string[] = [],
  ) {
    super();
  }
  /** The class whose body defines it (Python's `__class__` cell, which zero-argument `super()` reads). */
  owner?: PyClass;
}
export class PyBoundMethod extends PyObject {
  readonly typeName = 'method';
  constructor(
    public self: Value,
    public fn: PyFunction | PyBuiltin,
  ) {
    super();
  }
}
export type BuiltinImpl = (args: Value[], kwargs: Map<string, Value>, call: CallInfo) => Value;
export interface CallInfo {
  /** Source text of the call, for naming unknowns. */
  text: string;
  /** Source texts of the positional arguments. */
  argTexts: string[];
}
export class PyBuiltin extends PyObject {
  readonly typeName = 'builtin_function_or_method';
  constructor(
    public name: string,
    public impl: BuiltinImpl,
  ) {
    super();
  }
}
export class PyClass extends PyObject {
  readonly typeName = 'type';
  readonly attrs = new Map<string, Value>();
  /** Annotated fields in order, for dataclasses: name and whether it has a default. */
  fields: { name: string; hasDefault: boolean }[] = [];
  isDataclass = false;
  /** The values of the bases the interpreter has no class for (a library's `PyLib`, an unknown), in `baseTexts` order. */
  libBases: Value[] = [];
  constructor(
    public name: string,
    public bases: PyClass[],
    public baseTexts: string[],
  ) {
    super();
  }
  /** The classes of the method resolution order, this one first (depth first, left to right, each once: C3 for the hierarchies scripts write). */
  mro(): PyClass[] {
    const out: PyClass[] = [];
    const visit = (c: PyClass, depth: number) => {
      if (depth > 20 || out.includes(c)) return;
      out.push(c);
      for (const b of c.bases) visit(b, depth + 1);
    };
    visit(this, 0);
    return out;
  }
  lookup(name: string): Value | undefined {
    if (this.attrs.has(name)) return this.attrs.get(name);
    for (const b of this.bases) {
      const v = b.lookup(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}
export class PyInstance extends PyObject {
  readonly typeName: string;
  readonly attrs = new Map<string, Value>();
  constructor(public cls: PyClass | null, typeName?: string) {
    super();
    this.typeName = typeName ?? cls?.name ?? 'object';
  }
}
/** `super()` inside a method of `cls`, bound to `self`: attributes come from the classes after `cls` in the MRO. */
export class PySuper extends PyObject {
  readonly typeName = 'super';
  constructor(
    public cls: PyClass,
    public self: Value,
  ) {
    super();
  }
}
/** A name from a library we model by path: `torch.optim.SGD`, `transformers.get_scheduler`, `math`. */
export class PyLib extends PyObject {
  readonly typeName = 'module';
  constructor(public path: string) {
    super();
  }
}
/** A file object (`open(path)`, `with open(path) as f`): its path only; nothing is read. */
export class PyFile extends PyObject {
  readonly typeName = 'TextIOWrapper';
  constructor(public path: string) {
    super();
  }
}
/** A value that cannot be known without running the program, with the source text it came from. */
export class Opaque extends PyObject {
  readonly typeName = 'unknown';
  constructor(
    public text: string,
    /** File range of the expression, when known. */
    public range?: { start: number; end: number },
    /** What the value is known to be (a DataLoader, a dataset, …), for better defaults. */
    public hint?: string,
    /** How many items it has, when known although the items are not: an int, or an Assumed int (what `len()` and a `for` loop over it count). */
    public length?: Value,
  ) {
    super();
  }

  /** For `x.name` of an unknown `x`: `x` (what a method called on it is called on). */
  owner?: Opaque;

  /** The same unknown under another name, read at another place (`len(train_loader)` for a loader's unknown length). */
  renamed(text: string, range?: { start: number; end: number }): Opaque {
    const o = Object.create(Object.getPrototypeOf(this) as object) as Opaque;
    Object.assign(o, this);
    o.text = text;
    if (range) o.range = range;
    return o;
  }
}
/** A concrete value that stands for an unknown one. */
export class Assumed extends PyObject {
  readonly typeName = 'assumed';
  constructor(
    public value: Value,
    public deps: string[],
  ) {
    super();
  }
}

/** Any value the analysis layer adds: optimizers, schedulers, argparse objects. */
export abstract class HostObject extends PyObject {
  getAttr(_name: string): Value | undefined {
    return undefined;
  }
  /** `self op other` (`reflected`: `other op self`), Python's `__truediv__`/`__rtruediv__`…; undefined: not supported. */
  binary?(op: string, other: Value, reflected: boolean): Value | undefined;
  /** `os.fspath(self)` (a path object: `open(path)`), when it is one. */
  fspath?(): string;
  /** `str(self)`, when it is more than `<type>`. */
  toStr?(): string;
}

export interface Scope {
  vars: Map<string, Value>;
  parent: Scope | null;
  kind: 'module' | 'function' | 'class';
  /** Names assigned in this function (Python's local rule). */
  locals?: Set<string>;
  /** Names declared `global`. */
  globals?: Set<string>;
  /** For module-level block scopes: the block index, to look up earlier blocks. */
  blockIndex?: number;
  /** A method's frame: the class defining it and its first argument (what zero-argument `super()` binds). */
  method?: { cls: PyClass; self: Value };
}

export class PyError extends Error {
  constructor(
    public pyType: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown when an operation budget runs out. */
export class BudgetError extends Error {}

/** Most items one list, tuple, set or dict the analysis builds may hold (each costs an operation). */
export const MAX_ITEMS = 100_000;
/** Longest string the analysis builds (16 characters cost an operation). */
export const MAX_STR_CHARS = 1_000_000;
/** Python 3.11+'s limit on int ↔ str conversion (sys.get_int_max_str_digits()). */
export const MAX_INT_DIGITS = 4300;

/** JS's own stack overflow (deep recursion in the analysis itself, not in the analysed program). */
export function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

/**
 * The Python exception a JS engine error stands for, when it is one the program itself would hit:
 * V8's size limits are Python's MemoryError or OverflowError, a bad numeric argument a ValueError.
 * Undefined for a stack overflow (see isStackOverflow) and for errors that are bugs of the analysis.
 */
export function pyErrorOf(err: unknown): PyError | undefined {
  if (err instanceof PyError) return err;
  if (!(err instanceof RangeError) || isStackOverflow(err)) return undefined;
  const m = err.message;
  if (/bigint/i.test(m)) return new PyError('OverflowError', 'integer too large for the analysis');
  if (/invalid (array|string|typed array) length|array buffer allocation|out of memory|invalid count/i.test(m))
    return new PyError('MemoryError', 'value too large for the analysis');
  return new PyError('ValueError', m);
}

// ---------------------------------------------------------------------------------------------
// Basic predicates and conversions

export function isInt(v: Value): v is bigint | boolean {
  return typeof v === 'bigint' || typeof v === 'boolean';
}
export function isNumber(v: Value): v is bigint | boolean | number {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
}
export function toBig(v: bigint | boolean): bigint {
  return typeof v === 'boolean' ? (v ? 1n : 0n) : v;
}
export function toFloat(v: bigint | boolean | number): number {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
}

export function typeName(v: Value): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'str';
    default:
      return v.typeName;
  }
}

export function hashKey(v: Value): string {
  if (v === null) return 'None';
  switch (typeof v) {
    case 'boolean':
      return 'n' + (v ? '1' : '0');
    case 'bigint':
      return 'n' + v.toString();
    case 'number':
      return Number.isInteger(v) ? 'n' + BigInt(v).toString() : 'f' + v;
    case 'string':
      return 's' + v;
    default:
      if (v instanceof PyTuple) return 't(' + v.items.map(hashKey).join(',') + ')';
      if (v instanceof Assumed) return hashKey(v.value);
      if (v instanceof Opaque) return 'o' + v.text;
      return 'x' + v.typeName;
  }
}

export function truthy(v: Value): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'string':
      return v.length > 0;
    default:
      if (v instanceof PyList || v instanceof PyTuple || v instanceof PySet) return v.items.length > 0;
      if (v instanceof PyDict) return v.map.size > 0;
      if (v instanceof PyRange) return v.length > 0n;
      if (v instanceof Assumed) return truthy(v.value);
      return true;
  }
}

/** Python's repr of a float. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = x.toExponential().split('e');
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp < -4 || exp >= 16) {
    out = digits[0] + (digits.length > 1 ? '.' + digits.slice(1) : '') + 'e' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  } else if (exp < 0) {
    out = '0.' + '0'.repeat(-exp - 1) + digits;
  } else if (digits.length <= exp + 1) {
    out = digits + '0'.repeat(exp + 1 - digits.length) + '.0';
  } else {
    out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  }
  return (neg ? '-' : '') + out;
}

export function repr(v: Value, depth = 0): string {
  if (depth > 8) return '...';
  if (v === null) return 'None';
  switch (typeof v) {
    case 'boolean':
      return v ? 'True' : 'False';
    case 'bigint':
      return v.toString();
    case 'number':
      return floatRepr(v);
    case 'string':
      return "'" + v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
    default:
      if (v instanceof PyList) return '[' + v.items.map((x) => repr(x, depth + 1)).join(', ') + ']';
      if (v instanceof PyTuple)
        return '(' + v.items.map((x) => repr(x, depth + 1)).join(', ') + (v.items.length === 1 ? ',)' : ')');
      if (v instanceof PyDict)
        return '{' + [...v.map.values()].map(([k, x]) => repr(k, depth + 1) + ': ' + repr(x, depth + 1)).join(', ') + '}';
      if (v instanceof Assumed) return repr(v.value, depth);
      if (v instanceof Opaque) return v.text;
      if (v instanceof PyFunction) return `<function ${v.name}>`;
      if (v instanceof PyLib) return v.path;
      if (v instanceof HostObject && v.toStr) return v.toStr();
      return `<${v.typeName}>`;
  }
}

export function str(v: Value): string {
  return typeof v === 'string' ? v : repr(v);
}

// ---------------------------------------------------------------------------------------------
// Arithmetic on concrete values (no Opaque/Assumed: the evaluator unwraps those first)

function unsupported(op: string, a: Value, b: Value): PyError {
  return new PyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

const MAX_BIG_BITS = 100_000n;

function checkBig(x: bigint): bigint {
  const bits = x < 0n ? -x : x;
  if (bits > 1n << MAX_BIG_BITS) throw new PyError('OverflowError', 'integer too large for the analysis');
  return x;
}

export function floatDivmod(vx: number, wx: number): [number, number] {
  if (wx === 0) throw new PyError('ZeroDivisionError', 'float divmod()');
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = wx < 0 ? -0.0 : 0.0;
  }
  let floordiv: number;
  if (div) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = vx / wx < 0 || Object.is(vx / wx, -0) ? -0.0 : 0.0;
  }
  return [floordiv, mod];
}

export function bigFloorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
export function bigMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
}

function seqRepeat(items: Value[], n: Value): Value[] | null {
  if (!isInt(n)) return null;
  const k = Number(toBig(n));
  if (k <= 0) return [];
  if (items.length * k > 1_000_000) throw new PyError('MemoryError', 'sequence too large for the analysis');
  const out: Value[] = [];
  for (let i = 0; i < k; i++) out.push(...items);
  return out;
}

export function binaryOp(op: string, a: Value, b: Value): Value {
  const aNum = isNumber(a);
  const bNum = isNumber(b);
  if (aNum && bNum) {
    const bothInt = isInt(a) && isInt(b);
    if (bothInt) {
      const x = toBig(a);
      const y = toBig(b);
      switch (op) {
        case '+':
          return x + y;
        case '-':
          return x - y;
        case '*':
          return checkBig(x * y);
        case '/':
          if (y === 0n) throw new PyError('ZeroDivisionError', 'division by zero');
          return intTrueDiv(x, y);
        case '//':
          return bigFloorDiv(x, y);
        case '%':
          return bigMod(x, y);
        case '**':
          if (y < 0n) {
            if (x === 0n) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
            return Math.pow(Number(x), Number(y));
          }
          if ((x > 1n || x < -1n) && y > 200_000n) throw new PyError('OverflowError', 'integer too large for the analysis');
          return checkBig(x ** y);
        case '&':
          return x & y;
        case '|':
          return x | y;
        case '^':
          return x ^ y;
        case '<<':
          if (y < 0n) throw new PyError('ValueError', 'negative shift count');
          if (y > 100_000n) throw new PyError('OverflowError', 'integer too large for the analysis');
          return checkBig(x << y);
        case '>>':
          if (y < 0n) throw new PyError('ValueError', 'negative shift count');
          return x >> y;
      }
      throw unsupported(op, a, b);
    }
    const x = toFloat(a);
    const y = toFloat(b);
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        if (y === 0) throw new PyError('ZeroDivisionError', 'float division by zero');
        return x / y;
      case '//':
        if (y === 0) throw new PyError('ZeroDivisionError', 'float floor division by zero');
        return floatDivmod(x, y)[0];
      case '%':
        if (y === 0) throw new PyError('ZeroDivisionError', 'float modulo');
        return floatDivmod(x, y)[1];
      case '**':
        return floatPow(x, y);
    }
    throw unsupported(op, a, b);
  }
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (a instanceof PyList && b instanceof PyList) return new PyList([...a.items, ...b.items]);
    if (a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
  }
  if (op === '*') {
    if (typeof a === 'string' && isInt(b)) return a.repeat(Math.max(0, Math.min(1_000_000, Number(toBig(b)))));
    if (typeof b === 'string' && isInt(a)) return b.repeat(Math.max(0, Math.min(1_000_000, Number(toBig(a)))));
    if (a instanceof PyList) {
      const r = seqRepeat(a.items, b);
      if (r) return new PyList(r);
    }
    if (a instanceof PyTuple) {
      const r = seqRepeat(a.items, b);
      if (r) return new PyTuple(r);
    }
    if (b instanceof PyList) {
      const r = seqRepeat(b.items, a);
      if (r) return new PyList(r);
    }
  }
  if (op === '|' && a instanceof PyDict && b instanceof PyDict) {
    const d = new PyDict();
    for (const [k, v] of a.map.values()) d.set(k, v);
    for (const [k, v] of b.map.values()) d.set(k, v);
    return d;
  }
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  throw unsupported(op, a, b);
}

function intTrueDiv(x: bigint, y: bigint): number {
  const limit = 1n << 53n;
  const ax = x < 0n ? -x : x;
  const ay = y < 0n ? -y : y;
  if (ax <= limit && ay <= limit) return Number(x) / Number(y);
  // Large ints: scale to keep precision (correct rounding is not guaranteed here).
  return Number(x) / Number(y);
}

export function floatPow(x: number, y: number): number {
  if (x === 0 && y < 0) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
  if (x < 0 && !Number.isInteger(y) && Number.isFinite(y))
    throw new PyError('ValueError', 'math domain error (negative number raised to a fractional power gives a complex number)');
  if (x === 1 || y === 0) return 1;
  const r = Math.pow(x, y);
  if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y))
    throw new PyError('OverflowError', "(34, 'Numerical result out of range')");
  return r;
}

function percentFormat(fmt: string, arg: Value): string {
  const args = arg instanceof PyTuple ? arg.items : [arg];
  let i = 0;
  return fmt.replace(/%([-+ 0#]*\d*(?:\.\d+)?)([sdifgre%])/g, (_m, spec: string, conv: string) => {
    if (conv === '%') return '%';
    if (i >= args.length) throw new PyError('TypeError', 'not enough arguments for format string');
    const v = args[i++];
    if (conv === 's' || conv === 'r') return conv === 's' ? str(v) : repr(v);
    if (conv === 'd' || conv === 'i') return isNumber(v) ? String(Math.trunc(toFloat(v))) : str(v);
    const digits = /\.(\d+)/.exec(spec);
    if (!isNumber(v)) return str(v);
    const x = toFloat(v);
    if (conv === 'f') return x.toFixed(digits ? Number(digits[1]) : 6);
    if (conv === 'e') return x.toExponential(digits ? Number(digits[1]) : 6);
    return String(x);
  });
}

export function unaryOp(op: string, a: Value): Value {
  if (op === 'not') return !truthy(a);
  if (isNumber(a)) {
    if (isInt(a)) {
      const x = toBig(a);
      if (op === '-') return -x;
      if (op === '+') return x;
      if (op === '~') return ~x;
    } else {
      if (op === '-') return -a;
      if (op === '+') return a;
    }
  }
  throw new PyError('TypeError', `bad operand type for unary ${op}: '${typeName(a)}'`);
}

/** Python ==. */
export function pyEquals(a: Value, b: Value): boolean {
  if (isNumber(a) && isNumber(b)) {
    if (isInt(a) && isInt(b)) return toBig(a) === toBig(b);
    return toFloat(a) === toFloat(b);
  }
  if (a === null || b === null) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
    if (a.items.length !== b.items.length) return false;
    return a.items.every((x, i) => pyEquals(x, b.items[i]));
  }
  if (a instanceof PyDict && b instanceof PyDict) {
    if (a.map.size !== b.map.size) return false;
    for (const [k, [, v]] of a.map) {
      const o = b.map.get(k);
      if (!o || !pyEquals(v, o[1])) return false;
    }
    return true;
  }
  return a === b;
}

/** Python <, returning -1/0/1 ordering or throwing TypeError. */
export function pyCompare(a: Value, b: Value, op: string): number {
  if (isNumber(a) && isNumber(b)) {
    if (isInt(a) && isInt(b)) {
      const x = toBig(a);
      const y = toBig(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const x = toFloat(a);
    const y = toFloat(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      if (!pyEquals(a.items[i], b.items[i])) return pyCompare(a.items[i], b.items[i], op);
    }
    return a.items.length - b.items.length;
  }
  throw new PyError('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Round half to even, as Python's round(x). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5) return 2 * Math.round(x / 2);
  return r;
}

export function floatToInt(x: number): bigint {
  if (Number.isNaN(x)) throw new PyError('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
  return BigInt(Math.trunc(x));
}

/** A JS number handed to a Python callable: whole numbers become ints. */
export function fromJsNumber(x: number): Value {
  return Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER ? BigInt(x) : x;
}

/** A class with a base the interpreter has no class for (a library's: `class CosineWarmup(lr_scheduler._LRScheduler)`). */
export function inheritsUnmodelled(cls: PyClass, depth = 0): boolean {
  if (cls.baseTexts.length) return true;
  return depth < 10 && cls.bases.some((b) => inheritsUnmodelled(b, depth + 1));
}
