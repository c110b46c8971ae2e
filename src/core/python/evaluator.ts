/**
 * The safe Python interpreter. It runs in two modes:
 * - `abstract`: reading the program without running it. Unknown values (`Opaque`) flow through,
 *   both branches of an `if` are visited (the untaken ones as "inactive"), long loops run once.
 * - `concrete`: running a user's lr function for the engine, with a per-call operation budget.
 * No I/O, no imports at run time, nothing outside the builtins below.
 */
import { groupThousands } from '../l10n/numbers';
import type { Expr, Param, Span, Stmt } from './ast';
import {
  Assumed,
  BudgetError,
  MAX_ITEMS,
  MAX_STR_CHARS,
  isStackOverflow,
  pyErrorOf,
  HostObject,
  Opaque,
  PyBoundMethod,
  PyBuiltin,
  PyClass,
  PyDict,
  PyError,
  PyFunction,
  PyInstance,
  PyLib,
  PyList,
  PyObject,
  PyRange,
  PySet,
  PySlice,
  PySuper,
  PyTuple,
  binaryOp,
  hashKey,
  inheritsUnmodelled,
  isInt,
  isNumber,
  pyCompare,
  pyEquals,
  repr,
  toBig,
  toFloat,
  truthy,
  typeName,
  unaryOp,
  type CodeHome,
  type Scope,
  type Value,
} from './values';
import { ownMessage } from '../l10n/translate';
import { BUILTINS } from './builtins';

/** The builtin `super`: zero-argument super() reads the calling method's frame (Interp.superOf). */
const SUPER = BUILTINS.get('super');
import type { CallSite, Evaluator, Host, LoopFrame, LoopGuard, LoopKind } from './evaluatorApi';
import { now } from './parse';
import { loopCarriedNames } from './loopCarried';

const NORMAL = 0;
const RETURN = 1;
const BREAK = 2;
const CONTINUE = 3;
/** An exception was raised while reading the program (abstract mode): stop this body. */
const RAISED = 4;

export interface InterpOptions {
  mode: 'abstract' | 'concrete';
  /** Operation budget. */
  ops: number;
  /** Absolute time limit (ms, from now()) for abstract mode. */
  deadline?: number;
}

/** Longest `seq * n` the analysis builds (each item costs an operation). */
const MAX_REPEAT = 100_000;

export class Interp implements Evaluator {
  mode: 'abstract' | 'concrete';
  ops: number;
  readonly opsStart: number;
  deadline: number;
  inactive = false;
  loops: LoopFrame[] = [];
  /** Loops around the calls of the functions being executed (outermost first): `train_one_epoch(...)` inside `for epoch in ...`. */
  callerLoops: LoopFrame[] = [];
  callDepth = 0;
  /** Index of the top-level block being executed: globals are looked up before it. */
  modulePos = Infinity;
  private retVal: Value = null;
  private readonly activeFns = new Set<object>();
  private spends = 0;
  /** Call sites of the user factories being executed (see Host.isFactory), outermost first. */
  readonly factorySites: number[] = [];
  /** Assumptions the branches being run were chosen by (see Evaluator.pathDeps). */
  readonly pathDeps: string[] = [];
  /**
   * Objects made while reading a branch the program does not take: only these may be changed there.
   * Everything else belongs to the path the program takes (`if False: cfg["lr"] *= 10` leaves cfg alone).
   */
  private readonly madeInactive = new WeakSet<object>();
  /** The assignment statement whose targets are being assigned (for Host.onItemAssign). */
  private statement: Span | null = null;
  /** The last host object each call expression produced, by its node (see resultOf). */
  private readonly results = new WeakMap<object, Value>();

  constructor(
    readonly host: Host,
    opts: InterpOptions,
  ) {
    this.mode = opts.mode;
    this.ops = opts.ops;
    this.opsStart = opts.ops;
    this.deadline = opts.deadline ?? Infinity;
  }

  get abstract(): boolean {
    return this.mode === 'abstract';
  }

  resultOf(node: Expr): Value | undefined {
    return this.results.get(node);
  }

  /** Whether the host reads a statement as being about what the analysis looks for (Host.relevant). */
  private relevant(text: string): boolean {
    return this.host.relevant?.(text) ?? false;
  }

  /**
   * While set (concrete mode, re-running parts of the program: src/core/python/replay.ts), the only
   * containers and instances that may be changed: the ones made by this run and the ones the caller
   * adds. Changing an object of the analysed program raises instead, so a second run computes what
   * the first did.
   */
  sandbox: WeakSet<object> | null = null;

  /** An object may be changed in place: always on the path taken, in an untaken branch only if made there. */
  mayMutate(obj: Value): boolean {
    if (this.sandbox && (obj instanceof PyDict || obj instanceof PyList || obj instanceof PySet || obj instanceof PyInstance || obj instanceof PyClass) && !this.sandbox.has(obj))
      throw new PyError('RuntimeError', `LR Lens does not change a ${typeName(obj)} of the program while it re-runs the loop`);
    return !this.inactive || (typeof obj === 'object' && obj !== null && this.madeInactive.has(obj));
  }

  private made<T extends Value>(v: T): T {
    if (typeof v === 'object' && v !== null) {
      if (this.inactive) this.madeInactive.add(v);
      this.sandbox?.add(v);
    }
    return v;
  }

  tick(): void {
    // Never below 0: after the budget is spent, every further operation is refused, none counted.
    if (this.ops <= 0) throw new BudgetError('operation budget exhausted');
    this.ops--;
    // The wall-clock guard (see Program's TOO_SLOW): it refuses the whole analysis, never cuts it short.
    if ((this.ops & 1023) === 0 && this.deadline !== Infinity && now() > this.deadline) throw new BudgetError('too slow');
  }

  /**
   * Charges the building of `n` items (a list, a tuple, the characters of a string iterated)
   * before it happens: one operation each past the first 64, a MemoryError past MAX_ITEMS or past
   * what is left of the budget (a local failure: the value becomes unknown, the analysis goes on).
   */
  alloc(n: number): void {
    // `!(n > 64)`: a size that is not a number (a slice of non-integers) is not charged (and never poisons the budget).
    if (!(n > 64)) return;
    if (n > MAX_ITEMS || n > this.ops) throw new PyError('MemoryError', `a sequence of ${groupThousands(n)} items is too large for the analysis (at most ${groupThousands(MAX_ITEMS)})`);
    this.spend(n);
  }

  /** Charges a string of `n` characters before it is built (16 characters an operation, at most MAX_STR_CHARS). */
  allocChars(n: number): void {
    if (!(n > 1024)) return;
    if (n > MAX_STR_CHARS || n / 16 > this.ops) throw new PyError('MemoryError', `a string of ${groupThousands(n)} characters is too large for the analysis (at most ${groupThousands(MAX_STR_CHARS)})`);
    this.spend(Math.ceil(n / 16));
  }

  /** Charges `n` operations at once (work done outside the tick of each operation), n ≤ ops. */
  spend(n: number): void {
    if (!(n > 0)) return;
    this.ops -= Math.min(n, this.ops);
    if (this.deadline !== Infinity && (++this.spends & 63) === 0 && now() > this.deadline) throw new BudgetError('too slow');
  }

  text(home: CodeHome, s: Span): string {
    return home.text.slice(s.from, s.to);
  }

  // -------------------------------------------------------------------------------------------
  // Names

  lookup(name: string, scope: Scope, home: CodeHome, node: Span): Value {
    for (let s: Scope | null = scope; s; s = s.parent) {
      if (s.kind === 'class' && s !== scope) continue;
      const v = s.vars.get(name);
      if (v !== undefined) return v;
      if (s.kind === 'module') break;
      if (s.kind === 'function' && s.locals?.has(name) && !s.globals?.has(name)) {
        if (this.abstract) return new Opaque(name, this.range(home, node), 'call');
        throw new PyError('UnboundLocalError', `local variable '${name}' referenced before assignment`);
      }
    }
    const g = this.host.lookupGlobal(name, this.modulePos);
    if (g !== undefined) return g;
    const b = BUILTINS.get(name);
    if (b !== undefined) return b;
    if (this.abstract) return new Opaque(name, this.range(home, node));
    throw new PyError('NameError', `name '${name}' is not defined`);
  }

  range(home: CodeHome, s: Span): { start: number; end: number } {
    return { start: home.base + s.from, end: home.base + s.to };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  eval(e: Expr, scope: Scope, home: CodeHome): Value {
    this.tick();
    switch (e.t) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 'const':
        return e.v === 'Ellipsis' ? new Opaque('...') : e.v;
      case 'fstr':
        return new Opaque(this.text(home, e), this.range(home, e), 'call');
      case 'name':
        return this.lookup(e.id, scope, home, e);
      case 'paren':
        return this.eval(e.e, scope, home);
      case 'attr':
        return this.getAttr(this.eval(e.obj, scope, home), e.name, home, e);
      case 'sub': {
        const obj = this.eval(e.obj, scope, home);
        const idx = e.index.t === 'slice' ? this.evalSlice(e.index, scope, home) : this.eval(e.index, scope, home);
        return this.subscript(obj, idx, home, e);
      }
      case 'slice':
        return this.evalSlice(e, scope, home);
      case 'call':
        return this.evalCall(e, scope, home);
      case 'bin':
        return this.binop(e.op, this.eval(e.l, scope, home), this.eval(e.r, scope, home), home, e);
      case 'unary': {
        const v = this.eval(e.e, scope, home);
        if (e.op === 'not') {
          const t = this.truth(v);
          return t === null ? new Opaque(this.text(home, e), this.range(home, e), 'call') : !t;
        }
        return this.unary(e.op, v, home, e);
      }
      case 'bool': {
        const l = this.eval(e.l, scope, home);
        const t = this.truth(l);
        if (t === null) {
          // Unknown left side: `x or default` is commonly the default.
          if (e.op === 'or') {
            const r = this.eval(e.r, scope, home);
            return l instanceof Opaque && l.hint !== 'call' ? l : r;
          }
          return new Opaque(this.text(home, e), this.range(home, e), 'call');
        }
        if (e.op === 'and') return t ? this.eval(e.r, scope, home) : l;
        return t ? l : this.eval(e.r, scope, home);
      }
      case 'cmp':
        return this.compare(e, scope, home);
      case 'ifexp': {
        const t = this.truth(this.eval(e.test, scope, home));
        if (t === null) {
          const a = this.eval(e.body, scope, home);
          // `256 if gpu_available() else 64`: the first value, as a named assumption.
          if (this.abstract && this.host.assumeChoice && isNumber(unwrapAssumed(a))) return this.host.assumeChoice(this.text(home, e), a, this.range(home, e));
          return a instanceof Opaque ? a : new Opaque(this.text(home, e), this.range(home, e), 'call');
        }
        return t ? this.eval(e.body, scope, home) : this.eval(e.orelse, scope, home);
      }
      case 'lambda':
        return this.makeFunction('<lambda>', e.params, e.body, scope, home, e, []);
      case 'list':
      case 'tuple':
      case 'set': {
        const items: Value[] = [];
        for (const x of e.elts) {
          if (x.t === 'star') {
            const v = this.eval(x.e, scope, home);
            const it = this.iterValues(v);
            if (it) {
              this.alloc(items.length + it.length);
              for (const y of it) items.push(y);
            } else items.push(new Opaque(this.text(home, x), this.range(home, x), 'call'));
          } else items.push(this.eval(x, scope, home));
        }
        return this.made(e.t === 'list' ? new PyList(items) : e.t === 'tuple' ? new PyTuple(items) : new PySet(items));
      }
      case 'dict': {
        const d = new PyDict();
        for (let i = 0; i < e.values.length; i++) {
          const k = e.keys[i];
          const v = this.eval(e.values[i], scope, home);
          if (k === null) {
            const src = unwrapAssumed(v);
            if (src instanceof PyDict) for (const [kk, vv] of src.map.values()) d.set(kk, vv);
          } else d.set(this.eval(k, scope, home), v);
        }
        return this.made(d);
      }
      case 'comp':
        return this.made(this.comprehension(e, scope, home));
      case 'star':
        return this.eval(e.e, scope, home);
      case 'walrus': {
        const v = this.eval(e.value, scope, home);
        scope.vars.set(e.target, v);
        return v;
      }
      case 'error':
        if (e.unsupported) throw new PyError('TypeError', e.unsupported);
        // Said, never silent: the value of an expression nested past the parser's depth is unknown.
        if (e.tooDeep && this.abstract && !this.inactive)
          this.host.diagnostic('info', ownMessage('Skipped an expression nested deeper than the analysis follows: its value is unknown'), home.base + e.from, home.base + Math.min(e.to, e.from + 200));
        if (this.abstract) return new Opaque(e.text || '?', this.range(home, e), 'call');
        throw new PyError('SyntaxError', 'invalid syntax');
    }
  }

  private evalSlice(e: Extract<Expr, { t: 'slice' }>, scope: Scope, home: CodeHome): Value {
    return new PySlice(
      e.lo ? this.eval(e.lo, scope, home) : null,
      e.hi ? this.eval(e.hi, scope, home) : null,
      e.step ? this.eval(e.step, scope, home) : null,
    );
  }

  /** Truthiness, or null when unknown. */
  truth(v: Value): boolean | null {
    if (v instanceof Opaque) {
      if (this.abstract) return null;
      throw new PyError('NameError', `cannot evaluate \`${v.text}\` without running the program`);
    }
    if (v instanceof PyLib) return true;
    return truthy(v);
  }

  /** Make a number out of an unknown, recording an assumption (abstract mode) or failing. */
  concretize(v: Value): Value {
    if (v instanceof Opaque) {
      if (v.hint === 'call' || v.hint === 'loop') return v;
      return this.host.assume(v);
    }
    if (v instanceof PyLib) return this.host.assume(new Opaque(v.path.split('.').pop() ?? v.path));
    return v;
  }

  binop(op: string, a: Value, b: Value, home: CodeHome, node: Span): Value {
    if (a instanceof Opaque || b instanceof Opaque || a instanceof PyLib || b instanceof PyLib) {
      if (op === '+' && (typeof a === 'string' || typeof b === 'string'))
        return new Opaque(this.text(home, node), this.range(home, node), 'call');
      if (op === '%' && typeof a === 'string') return new Opaque(this.text(home, node), this.range(home, node), 'call');
      a = this.concretize(a);
      b = this.concretize(b);
      if (a instanceof Opaque || b instanceof Opaque || a instanceof PyLib || b instanceof PyLib) {
        const sticky = (a instanceof Opaque && a.hint === 'loop') || (b instanceof Opaque && b.hint === 'loop');
        if (!this.abstract) {
          const o = (a instanceof Opaque ? a : b) as Opaque;
          throw new PyError('NameError', `cannot evaluate \`${o.text}\` without running the program`);
        }
        return new Opaque(this.text(home, node), this.range(home, node), sticky ? 'loop' : 'call');
      }
    }
    let deps: string[] | null = null;
    if (a instanceof Assumed) {
      deps = a.deps;
      a = a.value;
    }
    if (b instanceof Assumed) {
      deps = deps ? union(deps, b.deps) : b.deps;
      b = b.value;
    }
    if (a instanceof HostObject || b instanceof HostObject) {
      const r = (a instanceof HostObject ? a.binary?.(op, b, false) : undefined) ?? (b instanceof HostObject ? b.binary?.(op, a, true) : undefined);
      if (r !== undefined) return deps ? new Assumed(r, deps) : r;
      if (this.abstract) return new Opaque(this.text(home, node), this.range(home, node), 'call');
    }
    if (op === '*') this.chargeRepeat(a, b);
    else if (op === '+') this.chargeConcat(a, b);
    const r = binaryOp(op, a, b);
    return deps ? new Assumed(r, deps) : r;
  }

  /** `a + b` of sequences builds len(a) + len(b) items (a doubling loop doubles it each time): charged first. */
  private chargeConcat(a: Value, b: Value): void {
    if (typeof a === 'string' && typeof b === 'string') this.allocChars(a.length + b.length);
    else if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) this.alloc(a.items.length + b.items.length);
  }

  /** `seq * n` builds len(seq) × n items: charged to the budget before it is built. */
  private chargeRepeat(a: Value, b: Value): void {
    const len = (v: Value) => (typeof v === 'string' ? v.length : v instanceof PyList || v instanceof PyTuple ? v.items.length : -1);
    const count = (v: Value) => (typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : -1);
    const size = len(a) >= 0 && count(b) > 0 ? len(a) * count(b) : len(b) >= 0 && count(a) > 0 ? len(b) * count(a) : 0;
    if (size <= 64) return;
    // Too long for what is left of the budget: a local failure (the value becomes unknown), not the end of the analysis.
    if (size > Math.min(this.ops, MAX_REPEAT)) throw new PyError('MemoryError', 'sequence too large for the analysis');
    this.spend(size);
  }

  unary(op: string, v: Value, home: CodeHome, node: Span): Value {
    v = this.concretize(v);
    if (v instanceof Opaque) {
      if (!this.abstract) throw new PyError('NameError', `cannot evaluate \`${v.text}\` without running the program`);
      return new Opaque(this.text(home, node), this.range(home, node), v.hint);
    }
    if (v instanceof Assumed) return new Assumed(unaryOp(op, v.value), v.deps);
    return unaryOp(op, v);
  }

  private compare(e: Extract<Expr, { t: 'cmp' }>, scope: Scope, home: CodeHome): Value {
    let left = this.eval(e.operands[0], scope, home);
    let deps: string[] | null = null;
    for (let i = 0; i < e.ops.length; i++) {
      let right = this.eval(e.operands[i + 1], scope, home);
      const op = e.ops[i];
      const ordering = op === '<' || op === '>' || op === '<=' || op === '>=';
      let l = left;
      let r = right;
      if (l instanceof Opaque || r instanceof Opaque || l instanceof PyLib || r instanceof PyLib) {
        const numericOther = isNumber(unwrapAssumed(l instanceof Opaque ? r : l));
        if (ordering || ((op === '==' || op === '!=') && numericOther)) {
          l = this.concretize(l);
          r = this.concretize(r);
        }
        if (l instanceof Opaque || r instanceof Opaque || l instanceof PyLib || r instanceof PyLib) {
          if (!this.abstract) {
            const o = (l instanceof Opaque ? l : r) as Opaque;
            throw new PyError('NameError', `cannot evaluate \`${o.text}\` without running the program`);
          }
          return new Opaque(this.text(home, e), this.range(home, e), 'call');
        }
      }
      if (l instanceof Assumed) {
        deps = deps ? union(deps, l.deps) : l.deps;
        l = l.value;
      }
      if (r instanceof Assumed) {
        deps = deps ? union(deps, r.deps) : r.deps;
        r = r.value;
      }
      let ok: boolean;
      switch (op) {
        case '==':
          ok = pyEquals(l, r);
          break;
        case '!=':
          ok = !pyEquals(l, r);
          break;
        case 'is':
          ok = l === r || (l === null && r === null) || (typeof l === 'boolean' && l === r);
          break;
        case 'is not':
          ok = !(l === r || (l === null && r === null));
          break;
        case 'in':
        case 'not in': {
          const found = this.contains(r, l);
          if (found === null) {
            if (this.abstract) return new Opaque(this.text(home, e), this.range(home, e), 'call');
            throw new PyError('TypeError', `argument of type '${typeName(r)}' is not iterable`);
          }
          ok = op === 'in' ? found : !found;
          break;
        }
        default: {
          const c = pyCompare(l, r, op);
          ok = op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
        }
      }
      if (!ok) return deps ? new Assumed(false, deps) : false;
      left = right;
      right = null;
    }
    return deps ? new Assumed(true, deps) : true;
  }

  private contains(container: Value, item: Value): boolean | null {
    if (typeof container === 'string') return typeof item === 'string' ? container.includes(item) : null;
    if (container instanceof PyDict) return container.map.has(hashKey(item));
    const items = this.iterValues(container);
    if (!items) return null;
    if (items.length > 64) this.spend(items.length);
    return items.some((x) => pyEquals(x, item));
  }

  private comprehension(e: Extract<Expr, { t: 'comp' }>, scope: Scope, home: CodeHome): Value {
    const inner: Scope = { vars: new Map(), parent: scope, kind: 'function' };
    const out: Value[] = [];
    const d = new PyDict();
    const loop = (gi: number): boolean => {
      if (gi === e.gens.length) {
        if (e.kind === 'dict') d.set(this.eval(e.elt, inner, home), this.eval(e.value as Expr, inner, home));
        else out.push(this.eval(e.elt, inner, home));
        return true;
      }
      const g = e.gens[gi];
      const iterV = this.eval(g.iter, gi === 0 ? scope : inner, home);
      const items = this.iterValues(iterV);
      if (!items) return false;
      // Built over an assumed length (`range(args.pop_size)`): the result is as unknown as the length.
      if (this.abstract && (iterV instanceof Assumed || this.inactive) && items.length > 16) return false;
      for (const it of items) {
        this.tick();
        this.assign(g.target, it, inner, home);
        let pass = true;
        for (const c of g.ifs) {
          const t = this.truth(this.eval(c, inner, home));
          if (t === null) return false;
          if (!t) {
            pass = false;
            break;
          }
        }
        if (pass && !loop(gi + 1)) return false;
      }
      return true;
    };
    if (!loop(0)) {
      if (!this.abstract) throw new PyError('NameError', `cannot evaluate \`${this.text(home, e)}\``);
      return new Opaque(this.text(home, e), this.range(home, e), 'call');
    }
    if (e.kind === 'dict') return d;
    if (e.kind === 'set') return new PySet(out);
    return new PyList(out);
  }

  // -------------------------------------------------------------------------------------------
  // Attributes and subscripts

  getAttr(obj: Value, name: string, home: CodeHome, node: Span): Value {
    if (obj instanceof Assumed) {
      const v = this.getAttr(obj.value, name, home, node);
      return v instanceof PyObject && !(v instanceof Assumed) ? v : new Assumed(v, obj.deps);
    }
    if (obj instanceof Opaque) {
      const known = this.abstract ? this.host.opaqueAttr?.(obj, name, this.text(home, node), this.range(home, node)) : undefined;
      if (known !== undefined) return known;
      // `accelerator.num_processes`, `cfg.train.lr`: a named unknown that can become an assumption.
      const attr = new Opaque(this.text(home, node), this.range(home, node), obj.hint === 'loop' ? 'loop' : undefined);
      attr.owner = obj;
      return attr;
    }
    if (obj instanceof PyLib) return this.host.libAttr(obj, name, this);
    if (obj instanceof PySuper) return this.superAttr(obj, name, home, node);
    if (obj instanceof HostObject) {
      const v = obj.getAttr(name);
      if (v !== undefined) return v;
      return new Opaque(this.text(home, node), this.range(home, node), 'call');
    }
    if (obj instanceof PyInstance) {
      const v = obj.attrs.get(name);
      if (v !== undefined) return v;
      const cv = obj.cls?.lookup(name);
      if (cv !== undefined) {
        if (cv instanceof PyFunction) {
          if (cv.decorators.includes('staticmethod')) return cv;
          if (cv.decorators.includes('property')) return this.callFunction(cv, [obj], new Map());
          return new PyBoundMethod(obj, cv);
        }
        return cv;
      }
      if (obj.cls && obj.cls.baseTexts.length && this.abstract) {
        // Inherited from a library class we do not model.
        return new Opaque(this.text(home, node), this.range(home, node), 'call');
      }
      if (this.abstract) return new Opaque(this.text(home, node), this.range(home, node));
      throw new PyError('AttributeError', `'${obj.typeName}' object has no attribute '${name}'`);
    }
    if (obj instanceof PyClass) {
      const v = obj.lookup(name);
      if (v !== undefined) return v;
      if (this.abstract) return new Opaque(this.text(home, node), this.range(home, node), 'call');
      throw new PyError('AttributeError', `type object '${obj.name}' has no attribute '${name}'`);
    }
    const m = builtinMethod(obj, name, this);
    if (m) return m;
    if (obj instanceof PyDict && obj.attributes) {
      const v = obj.get(name);
      if (v !== undefined) return v;
      if (this.abstract) return new Opaque(this.text(home, node), this.range(home, node));
      throw new PyError('AttributeError', `Missing key ${name}`);
    }
    if (this.abstract) return new Opaque(this.text(home, node), this.range(home, node), 'call');
    throw new PyError('AttributeError', `'${typeName(obj)}' object has no attribute '${name}'`);
  }

  subscript(obj: Value, idx: Value, home: CodeHome, node: Span): Value {
    let deps: string[] | null = null;
    if (obj instanceof Assumed) {
      deps = obj.deps;
      obj = obj.value;
    }
    if (idx instanceof Assumed) {
      deps = deps ? union(deps, idx.deps) : idx.deps;
      idx = idx.value;
    }
    const wrap = (v: Value) => (deps && !(v instanceof PyObject && !(v instanceof PyTuple || v instanceof PyList)) ? new Assumed(v, deps) : v);
    if (obj instanceof Opaque || obj instanceof PyLib || obj instanceof HostObject || idx instanceof Opaque) {
      const hint = obj instanceof Opaque ? (obj.hint === 'call' ? undefined : obj.hint) : undefined;
      return new Opaque(this.text(home, node), this.range(home, node), hint);
    }
    if (obj instanceof PyDict) {
      const v = obj.get(idx);
      if (v === undefined) {
        if (this.abstract) return new Opaque(this.text(home, node), this.range(home, node));
        throw new PyError('KeyError', repr(idx));
      }
      return wrap(v);
    }
    if (obj instanceof PyRange && isInt(idx)) {
      // range(10**9)[k]: computed, not materialised.
      const n = obj.length;
      let i = toBig(idx);
      if (i < 0n) i += n;
      if (i < 0n || i >= n) throw new PyError('IndexError', 'range object index out of range');
      return wrap(obj.at(i));
    }
    if (obj instanceof PyList || obj instanceof PyTuple || typeof obj === 'string' || obj instanceof PyRange) {
      const items: Value[] | string =
        typeof obj === 'string' ? obj : obj instanceof PyRange ? (this.iterValues(obj) as Value[]) : obj.items;
      if (idx instanceof PySlice) {
        const n = items.length;
        const step = idx.step === null ? 1 : Number(toBig(idx.step as bigint));
        if (step === 0) throw new PyError('ValueError', 'slice step cannot be zero');
        const norm = (v: Value, dflt: number) => {
          if (v === null) return dflt;
          let x = Number(toBig(v as bigint));
          if (x < 0) x += n;
          return step > 0 ? Math.max(0, Math.min(n, x)) : Math.max(-1, Math.min(n - 1, x));
        };
        const lo = norm(idx.lo, step > 0 ? 0 : n - 1);
        const hi = norm(idx.hi, step > 0 ? n : -1);
        this.alloc(Math.max(0, Math.ceil((hi - lo) / step)));
        const out: Value[] = [];
        if (step > 0) for (let i = lo; i < hi; i += step) out.push(typeof items === 'string' ? items[i] : items[i]);
        else for (let i = lo; i > hi; i += step) out.push(typeof items === 'string' ? items[i] : items[i]);
        if (typeof obj === 'string') return out.join('');
        return obj instanceof PyTuple ? new PyTuple(out) : new PyList(out);
      }
      if (!isInt(idx)) throw new PyError('TypeError', `${typeName(obj)} indices must be integers or slices, not ${typeName(idx)}`);
      let i = Number(toBig(idx));
      if (i < 0) i += items.length;
      if (i < 0 || i >= items.length) throw new PyError('IndexError', `${typeName(obj)} index out of range`);
      return wrap(items[i]);
    }
    if (this.abstract) return new Opaque(this.text(home, node), this.range(home, node), 'call');
    throw new PyError('TypeError', `'${typeName(obj)}' object is not subscriptable`);
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  private evalCall(e: Extract<Expr, { t: 'call' }>, scope: Scope, home: CodeHome): Value {
    // `x.name()`: the receiver is kept for the host (Host.onMethodCall), evaluated exactly as `x.name` would be.
    let receiver: Value | undefined;
    let fn: Value;
    if (e.fn.t === 'attr' && this.abstract) {
      this.tick();
      receiver = this.eval(e.fn.obj, scope, home);
      fn = this.getAttr(receiver, e.fn.name, home, e.fn);
    } else fn = this.eval(e.fn, scope, home);
    const args: Value[] = [];
    const kwargs = new Map<string, Value>();
    const argTexts: string[] = [];
    let unknownKwargs: string[] | undefined;
    for (const a of e.args) {
      const v = this.eval(a.value, scope, home);
      if (a.kind === 'pos') {
        args.push(v);
        argTexts.push(this.text(home, a.value));
      } else if (a.kind === 'kw') kwargs.set(a.name as string, v);
      else if (a.kind === 'star') {
        const items = this.iterValues(v);
        if (items) this.alloc(args.length + items.length);
        if (items) for (const it of items) args.push(it);
        else if (!this.abstract) throw new PyError('TypeError', 'argument after * must be an iterable');
      } else {
        const d = unwrapAssumed(v);
        if (d instanceof PyDict) {
          for (const [k, vv] of d.map.values()) if (typeof k === 'string') kwargs.set(k, vv);
        } else if (!this.abstract) throw new PyError('TypeError', 'argument after ** must be a mapping');
        else (unknownKwargs ??= []).push(this.text(home, a.value));
      }
    }
    const site: CallSite = {
      node: e,
      home,
      interp: this,
      start: home.base + e.from,
      end: home.base + e.to,
      argNodes: e.args,
      text: this.text(home, e),
      argTexts,
      ...(unknownKwargs ? { unknownKwargs } : {}),
    };
    if (!this.inactive && e.fn.t === 'attr' && receiver !== undefined) this.host.onMethodCall?.(site, receiver, e.fn.name, this.text(home, e.fn.obj));
    const r = this.call(fn, args, kwargs, site, scope);
    if (r instanceof HostObject) this.results.set(e, r);
    return r;
  }

  call(fn: Value, args: Value[], kwargs: Map<string, Value>, site: CallSite, scope?: Scope): Value {
    if (fn instanceof Assumed) fn = fn.value;
    if (fn instanceof PyFunction) return this.callUser(fn, args, kwargs, site);
    if (fn instanceof PyBoundMethod) {
      if (fn.fn instanceof PyFunction) return this.callUser(fn.fn, [fn.self, ...args], kwargs, site);
      return fn.fn.impl([fn.self, ...args], kwargs, site);
    }
    if (fn instanceof PyBuiltin) {
      if (fn === SUPER) return this.superOf(args, scope);
      if (scope && this.host.frameCall) {
        const r = this.host.frameCall(fn.name, scope);
        if (r !== undefined) return r;
      }
      // float(x) of an unknown x is that unknown: the parameter it reaches decides what to assume.
      if ((fn.name === 'float' || fn.name === 'int') && this.abstract && args.length === 1 && args[0] instanceof Opaque && args[0].hint !== 'len') return args[0];
      const r = fn.impl(args, kwargs, site);
      // What a builtin computes from assumed values (`list(range(30, epochs, 30))`) rests on their assumptions.
      return this.abstract ? restsOn(r, args, kwargs) : r;
    }
    if (fn instanceof PyClass) return this.instantiate(fn, args, kwargs, site);
    if (fn instanceof PyLib) return this.host.callLib(fn, args, kwargs, site);
    if (fn instanceof Opaque) {
      if (!this.abstract) throw new PyError('NameError', `cannot call \`${fn.text}\` without running the program`);
      if (scope && this.host.frameCall) {
        const r = this.host.frameCall(fn.text, scope);
        if (r !== undefined) return r;
      }
      this.host.onCall?.(site);
      const known = this.host.opaqueCall?.(fn, args, kwargs, site);
      if (known !== undefined) return known;
      return new Opaque(site.text, { start: site.start, end: site.end }, fn.hint === 'loop' ? 'loop' : 'call');
    }
    if (this.abstract) return new Opaque(site.text, { start: site.start, end: site.end }, 'call');
    throw new PyError('TypeError', `'${typeName(fn)}' object is not callable`);
  }

  /** `super()` (the method's class and first argument) or `super(C, obj)`. */
  private superOf(args: Value[], scope: Scope | undefined): Value {
    if (args.length >= 2) {
      const c = unwrapAssumed(args[0]);
      if (c instanceof PyClass) return new PySuper(c, args[1]);
    } else if (args.length === 0) {
      for (let s: Scope | null = scope ?? null; s; s = s.parent) {
        if (s.method) return new PySuper(s.method.cls, s.method.self);
        if (s.kind === 'module') break;
      }
    }
    if (this.abstract) return new Opaque('super()', undefined, 'call');
    throw new PyError('RuntimeError', 'super(): no arguments');
  }

  /** `super().name`: the first class after `sup.cls` in the MRO of `self`'s class that has it, else the library base's (Host.superAttr). */
  private superAttr(sup: PySuper, name: string, home: CodeHome, node: Span): Value {
    const self = sup.self;
    const start = self instanceof PyInstance && self.cls ? self.cls.mro() : sup.cls.mro();
    const i = start.indexOf(sup.cls);
    const after = i >= 0 ? start.slice(i + 1) : sup.cls.mro().slice(1);
    for (const c of after) {
      if (!c.attrs.has(name)) continue;
      const v = c.attrs.get(name) as Value;
      if (v instanceof PyFunction) {
        if (v.decorators.includes('staticmethod')) return v;
        if (v.decorators.includes('property')) return this.callFunction(v, [self], new Map());
        return new PyBoundMethod(self, v);
      }
      return v;
    }
    for (const c of [sup.cls, ...after]) {
      for (const b of c.libBases) {
        const v = this.host.superAttr?.(self, b, name);
        if (v !== undefined) return v;
      }
    }
    if (name === '__init__' && !after.some((c) => c.libBases.length) && !sup.cls.libBases.length) return new PyBuiltin('__init__', () => null);
    if (this.abstract) return new Opaque(this.text(home, node), this.range(home, node), 'call');
    throw new PyError('AttributeError', `'super' object has no attribute '${name}'`);
  }

  /** A user function called from a call site: a factory (Host.isFactory) makes its construction per call site. */
  private callUser(fn: PyFunction, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    if (!this.abstract || !this.host.isFactory?.(fn)) return this.callFunction(fn, args, kwargs);
    this.factorySites.push(site.start);
    try {
      const r = this.callFunction(fn, args, kwargs);
      this.host.onFactoryReturn?.(r, site);
      return r;
    } finally {
      this.factorySites.pop();
    }
  }

  instantiate(cls: PyClass, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    if (this.abstract && this.host.instantiate && inheritsUnmodelled(cls)) {
      const made = this.host.instantiate(cls, args, kwargs, site);
      if (made !== undefined) return made;
    }
    const inst = this.made(new PyInstance(cls));
    if (cls.isDataclass) {
      let i = 0;
      for (const f of allFields(cls)) {
        let v: Value | undefined;
        if (i < args.length) v = args[i++];
        else if (kwargs.has(f.name)) v = kwargs.get(f.name);
        else if (f.hasDefault) v = cls.lookup(f.name);
        if (v === undefined) v = new Opaque(`${cls.name}.${f.name}`, { start: site.start, end: site.end });
        if (v instanceof PyInstance && v.typeName === 'Field') v = v.attrs.get('default') ?? null;
        inst.attrs.set(f.name, v);
      }
      const post = cls.lookup('__post_init__');
      if (post instanceof PyFunction) this.callFunction(post, [inst], new Map());
      return inst;
    }
    const init = cls.lookup('__init__');
    if (init instanceof PyFunction) this.callFunction(init, [inst, ...args], kwargs);
    return inst;
  }

  makeFunction(
    name: string,
    params: Param[],
    body: Expr | Stmt[],
    scope: Scope,
    home: CodeHome,
    node: Span,
    decorators: string[],
  ): PyFunction {
    const defaults = params.map((p) => (p.default ? this.eval(p.default, scope, home) : undefined));
    const locals = Array.isArray(body) ? localNames(body, params) : new Set(params.map((p) => p.name));
    return new PyFunction(name, params, defaults, body, scope, home, node, locals, decorators);
  }

  callFunction(fn: PyFunction, args: Value[], kwargs: Map<string, Value>): Value {
    this.tick();
    if (this.callDepth > 30 || (this.abstract && this.activeFns.has(fn.node))) {
      if (this.abstract) return new Opaque(fn.name + '(...)', undefined, 'call');
      throw new PyError('RecursionError', 'maximum recursion depth exceeded');
    }
    const scope: Scope = { vars: new Map(), parent: fn.closure, kind: 'function', locals: fn.locals };
    if (fn.owner && args.length) scope.method = { cls: fn.owner, self: args[0] };
    this.bindParams(fn, args, kwargs, scope);
    if (!Array.isArray(fn.body)) {
      this.callDepth++;
      try {
        return this.eval(fn.body, scope, fn.home);
      } finally {
        this.callDepth--;
      }
    }
    this.callDepth++;
    this.activeFns.add(fn.node);
    const saved = { inactive: this.inactive, loops: this.loops, callerLoops: this.callerLoops };
    if (this.loops.length) this.callerLoops = [...this.callerLoops, ...this.loops];
    this.loops = [];
    if (this.abstract) this.host.onEnterFunction(fn);
    try {
      this.retVal = null;
      const c = this.execBody(fn.body, scope, fn.home);
      if (c === RAISED) return new Opaque(fn.name + '(...)', undefined, 'call');
      return c === RETURN ? this.retVal : null;
    } finally {
      this.callDepth--;
      this.activeFns.delete(fn.node);
      this.inactive = saved.inactive;
      this.loops = saved.loops;
      this.callerLoops = saved.callerLoops;
    }
  }

  private bindParams(fn: PyFunction, args: Value[], kwargs: Map<string, Value>, scope: Scope): void {
    const kw = new Map(kwargs);
    let ai = 0;
    let kwOnly = false;
    const ps = fn.params;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i];
      if (p.kind === 'kwonly-marker') {
        kwOnly = true;
        continue;
      }
      if (p.kind === 'star') {
        scope.vars.set(p.name, new PyTuple(args.slice(ai)));
        ai = args.length;
        kwOnly = true;
        continue;
      }
      if (p.kind === 'dstar') {
        const d = new PyDict();
        for (const [k, v] of kw) d.set(k, v);
        kw.clear();
        scope.vars.set(p.name, d);
        continue;
      }
      let v: Value | undefined;
      if (!kwOnly && ai < args.length) v = args[ai++];
      else if (kw.has(p.name)) {
        v = kw.get(p.name);
        kw.delete(p.name);
      } else v = fn.defaults[i];
      if (v === undefined) {
        if (!this.abstract)
          throw new PyError('TypeError', `${fn.name}() missing 1 required positional argument: '${p.name}'`);
        v = this.annotatedDefault(fn, p) ?? new Opaque(p.name, { start: fn.home.base + p.from, end: fn.home.base + p.to });
      }
      scope.vars.set(p.name, v);
    }
    if (!this.abstract) {
      if (ai < args.length)
        throw new PyError('TypeError', `${fn.name}() takes ${ai} positional arguments but ${args.length} were given`);
      for (const k of kw.keys()) throw new PyError('TypeError', `${fn.name}() got an unexpected keyword argument '${k}'`);
    }
  }

  /** An unpassed `args: TrainArgs` parameter (a function read on its own): the dataclass with its defaults. */
  private annotatedDefault(fn: PyFunction, p: Param): Value | undefined {
    if (!p.annotation || p.annotation.t !== 'name') return undefined;
    const cls = unwrapAssumed(this.lookup(p.annotation.id, fn.closure, fn.home, p.annotation));
    if (!(cls instanceof PyClass) || !cls.isDataclass) return undefined;
    const site = { node: { t: 'call', fn: p.annotation, args: [], from: p.from, to: p.to }, home: fn.home, interp: this, start: fn.home.base + p.from, end: fn.home.base + p.to, argNodes: [], text: p.name, argTexts: [] } as unknown as CallSite;
    const inst = this.instantiate(cls, [], new Map(), site);
    // Fields without a default stay unknown, named as the code reads them (`args.data_dir`).
    if (inst instanceof PyInstance)
      for (const [k, v] of inst.attrs) if (v instanceof Opaque && v.text === `${cls.name}.${k}`) inst.attrs.set(k, new Opaque(`${p.name}.${k}`, v.range));
    return inst;
  }

  // -------------------------------------------------------------------------------------------
  // Iteration

  /** The items of an iterable, or null when unknown. */
  iterValues(v: Value): Value[] | null {
    if (v instanceof Assumed) v = v.value;
    if (v instanceof PyList || v instanceof PyTuple || v instanceof PySet) return v.items;
    if (v instanceof PyDict) return v.keys();
    if (typeof v === 'string') {
      // list('x' * 10**6), `for c in s`: one item per character.
      this.alloc(v.length);
      return [...v];
    }
    if (v instanceof PyRange) {
      const n = v.length;
      if (n > BigInt(Math.max(0, this.ops))) throw new BudgetError('range too long for the operation budget');
      // Building the items is work too: one operation each, charged before the allocation.
      this.spend(Number(n));
      const out: Value[] = [];
      for (let i = 0n; i < n; i++) out.push(v.at(i));
      return out;
    }
    return null;
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  execBody(stmts: Stmt[], scope: Scope, home: CodeHome): number {
    for (const s of stmts) {
      const c = this.exec(s, scope, home);
      if (c !== NORMAL) return c;
    }
    return NORMAL;
  }

  exec(s: Stmt, scope: Scope, home: CodeHome): number {
    this.tick();
    if (this.abstract) {
      try {
        return this.execInner(s, scope, home);
      } catch (err) {
        if (err instanceof BudgetError) throw err;
        // A nesting too deep for the analysis' own stack: stop with a message (never a wrong value).
        if (isStackOverflow(err)) throw new BudgetError('nesting too deep for the analysis');
        // What a statement raises (a V8 RangeError named as the Python error it stands for) is said
        // only on the path taken, on a line about the schedule, and not when it comes from an
        // unknown value meeting arithmetic (that only means "unknown"); Python that LR Lens does
        // not compute with (`1j`) and its own limits are always said.
        // Anything else (a bug of the analysis included) makes the statement's targets unknown.
        const pe = pyErrorOf(err);
        // The analysis' own limits (a V8 limit named as Python's error, MemoryError, OverflowError,
        // RecursionError, CPython's 4,300-digit limit) are said on any line reached: the value is absent.
        const limit =
          pe !== undefined && (!(err instanceof PyError) || /^(MemoryError|OverflowError|RecursionError)$/.test(pe.pyType) || /Exceeds the limit|for the analysis|LR Lens/.test(pe.message));
        if (pe && !this.inactive && (limit || (!/'(unknown|assumed)'/.test(pe.message) && this.relevant(this.text(home, s)))))
          this.host.diagnostic('warning', `${pe.pyType}: ${pe.message}`, home.base + s.from, home.base + s.to);
        this.bindOpaqueTargets(s, scope, home);
        return NORMAL;
      }
    }
    return this.execInner(s, scope, home);
  }

  private bindOpaqueTargets(s: Stmt, scope: Scope, home: CodeHome): void {
    if (s.t === 'assign') for (const t of s.targets) this.assign(t, new Opaque(this.text(home, s.value), this.range(home, s.value), 'call'), scope, home);
  }

  private execInner(s: Stmt, scope: Scope, home: CodeHome): number {
    switch (s.t) {
      case 'expr':
        this.eval(s.e, scope, home);
        return NORMAL;
      case 'assign': {
        const v = this.eval(s.value, scope, home);
        this.statement = s;
        for (const t of s.targets) this.assign(t, v, scope, home);
        this.statement = null;
        return NORMAL;
      }
      case 'annassign':
        if (s.value) this.assign(s.target, this.eval(s.value, scope, home), scope, home);
        return NORMAL;
      case 'augassign': {
        const cur = this.eval(s.target, scope, home);
        const rhs = this.eval(s.value, scope, home);
        if (cur instanceof PyList && s.op === '+') {
          const items = this.iterValues(rhs);
          if (items) {
            if (this.mayMutate(cur)) cur.items.push(...items);
            return NORMAL;
          }
        }
        const r = this.binop(s.op, cur, rhs, home, s);
        this.statement = s;
        this.assign(s.target, r, scope, home);
        this.statement = null;
        return NORMAL;
      }
      case 'if':
        return this.execIf(s, scope, home);
      case 'for':
        return this.execFor(s, scope, home);
      case 'while':
        return this.execWhile(s, scope, home);
      case 'def': {
        const decos = s.decorators.map((d) => this.text(home, d).replace(/\(.*$/s, ''));
        let fn: Value = this.makeFunction(s.name, s.params, s.body, scope, home, s, decos.map((d) => d.split('.').pop() as string));
        for (let i = s.decorators.length - 1; i >= 0; i--) {
          const name = decos[i].split('.').pop();
          if (name === 'staticmethod' || name === 'classmethod' || name === 'property' || /cache|wraps/.test(decos[i]) || this.host.transparentDecorator?.(decos[i]))
            continue;
          const d = this.eval(s.decorators[i], scope, home);
          if (d instanceof PyFunction) fn = this.callFunction(d, [fn], new Map());
          else if (d instanceof PyBuiltin) {
            // A library's decorator the host models (`@hydra.main(…)` binds the config): kept when it hands back a function.
            const r = d.impl([fn], new Map(), { text: decos[i], argTexts: [] });
            if (r instanceof PyFunction) fn = r;
          }
        }
        scope.vars.set(s.name, fn);
        return NORMAL;
      }
      case 'class':
        scope.vars.set(s.name, this.makeClass(s, scope, home));
        return NORMAL;
      case 'return':
        this.retVal = s.value ? this.eval(s.value, scope, home) : null;
        return RETURN;
      case 'pass':
        return NORMAL;
      case 'break':
        return BREAK;
      case 'continue':
        return CONTINUE;
      case 'import':
      case 'from':
        this.execImport(s, scope);
        return NORMAL;
      case 'try': {
        if (this.abstract) {
          let c = this.execBody(s.body, scope, home);
          if (c === RAISED) c = NORMAL;
          if (c === NORMAL && s.orelse) c = this.execBody(s.orelse, scope, home);
          const saved = this.inactive;
          this.inactive = true;
          for (const h of s.handlers) this.execBody(h, forkScope(scope), home);
          this.inactive = saved;
          if (s.final) {
            const f = this.execBody(s.final, scope, home);
            if (f !== NORMAL) return f;
          }
          return c;
        }
        let c: number;
        try {
          c = this.execBody(s.body, scope, home);
          if (c === NORMAL && s.orelse) c = this.execBody(s.orelse, scope, home);
        } catch (err) {
          if (!(err instanceof PyError) || s.handlers.length === 0) throw err;
          c = this.execBody(s.handlers[0], scope, home);
        } finally {
          if (s.final) this.execBody(s.final, scope, home);
        }
        return c;
      }
      case 'with': {
        let guard: LoopGuard | null = null;
        for (const it of s.items) {
          const v = this.eval(it.e, scope, home);
          if (it.as) this.assign(it.as, v instanceof Opaque ? new Opaque(this.text(home, it.as), this.range(home, it.as), 'call') : v, scope, home);
          if (!guard && it.e.t === 'call' && it.e.fn.t === 'attr' && this.host.contextGuard) {
            const recv = it.e.fn.obj;
            guard = this.host.contextGuard(it.e.fn.name, this.text(home, it.e), () => this.eval(recv, scope, home));
          }
        }
        return this.withGuard(guard, () => this.execBody(s.body, scope, home));
      }
      case 'raise': {
        if (this.abstract) return RAISED;
        const v = s.e ? this.eval(s.e, scope, home) : null;
        if (v instanceof PyInstance && v.attrs.has('__exc_message__'))
          throw new PyError(v.typeName, String(v.attrs.get('__exc_message__')));
        throw new PyError(v instanceof PyBuiltin ? v.name : 'Exception', v instanceof PyBuiltin ? '' : repr(v));
      }
      case 'assert': {
        const t = this.truth(this.eval(s.test, scope, home));
        if (t === false) {
          // A validation: the analysis follows the path on which the program goes on.
          if (this.abstract) return NORMAL;
          throw new PyError('AssertionError', s.msg ? repr(this.eval(s.msg, scope, home)) : '');
        }
        return NORMAL;
      }
      case 'global':
        scope.globals ??= new Set();
        for (const n of s.names) scope.globals.add(n);
        return NORMAL;
      case 'del':
        for (const t of s.targets) if (t.t === 'name') scope.vars.delete(t.id);
        return NORMAL;
      case 'error':
        return NORMAL;
    }
  }

  private execImport(s: Extract<Stmt, { t: 'import' | 'from' }>, scope: Scope): void {
    if (!this.abstract) throw new PyError('ImportError', 'imports are not allowed inside an lr function');
    if (s.t === 'import') {
      for (const n of s.names) {
        if (n.as) scope.vars.set(n.as, new PyLib(n.path));
        else {
          const top = n.path.split('.')[0];
          scope.vars.set(top, new PyLib(top));
        }
      }
      return;
    }
    const mod = s.level > 0 ? '.' + s.module : s.module;
    for (const n of s.names) {
      if (n.name === '*') {
        scope.vars.set('*' + mod, new PyLib(mod));
        continue;
      }
      scope.vars.set(n.as ?? n.name, new PyLib(mod + '.' + n.name));
    }
  }

  private execIf(s: Extract<Stmt, { t: 'if' }>, scope: Scope, home: CodeHome): number {
    let taken = -1;
    let unknown = false;
    const deferred: number[] = [];
    // The assumptions that decided a test (`accelerator.distributed_type == DistributedType.MEGATRON_LM` false with its assumed value).
    const chosenBy: string[] = [];
    for (let i = 0; i < s.tests.length; i++) {
      const tv = this.eval(s.tests[i], scope, home);
      const t = this.truth(tv);
      // `if train_iterator.epoch >= train.epochs: break` decided only by assumed values: as unknown.
      if (this.abstract && tv instanceof Assumed && exitsEarly(s.bodies[i])) {
        deferred.push(i);
        continue;
      }
      if (this.abstract && alwaysRaises(s.bodies[i])) {
        // `if …: raise` is validation: the program goes on only where the condition is false.
        if (t === true && !this.inactive)
          this.host.diagnostic(
            'info',
            ownMessage('`{0}` is true with the values the analysis has, and the program raises here; the analysis follows the path on which it goes on', this.text(home, s.tests[i]).slice(0, 80)),
            home.base + s.tests[i].from,
            home.base + s.tests[i].to,
          );
        continue;
      }
      if (t === null) {
        if (!this.abstract) throw new PyError('NameError', 'unknown condition');
        // `if callbacks.stop_training: return`, `if step < resume_step: continue`: an early exit whose
        // condition is unknown is taken to be the exception; the analysis follows the path that goes on.
        if (exitsEarly(s.bodies[i])) {
          deferred.push(i);
          continue;
        }
        unknown = true;
        taken = i;
        // Said only where it can matter: a branch about the schedule, and not for `if (i + 1) % N == 0:`
        // (read as gradient accumulation).
        if (this.relevant(this.text(home, s)) && !this.moduloGuard(s.tests[i], scope, home)) {
          this.host.diagnostic(
            'info',
            ownMessage('Could not resolve `{0}`; assuming this branch is taken', this.text(home, s.tests[i]).slice(0, 80)),
            home.base + s.tests[i].from,
            home.base + s.tests[i].to,
          );
        }
        break;
      }
      if (this.abstract && tv instanceof Assumed) chosenBy.push(...tv.deps.filter((d) => !chosenBy.includes(d)));
      if (t) {
        taken = i;
        break;
      }
      deferred.push(i);
    }
    // What is built in any of its branches rests on those assumptions (taken or not).
    const depth = this.pathDeps.length;
    this.pathDeps.push(...chosenBy);
    try {
      return this.runIf(s, scope, home, taken, unknown, deferred);
    } finally {
      this.pathDeps.length = depth;
    }
  }

  private runIf(s: Extract<Stmt, { t: 'if' }>, scope: Scope, home: CodeHome, taken: number, unknown: boolean, deferred: number[]): number {
    // Branches after the taken one (and the else) are visited as inactive.
    if (this.abstract) {
      for (let i = taken + 1; i < s.tests.length; i++) deferred.push(i);
    }
    let c = NORMAL;
    const body = (i: number, sc: Scope) => this.withGuard(this.moduloGuard(s.tests[i], scope, home) ?? this.windowGuard(s.tests[i], scope, home, false), () => this.execBody(s.bodies[i], sc, home));
    // `else` of `if epoch > swa_start:` runs in the other iterations.
    const orelse = (sc: Scope) => this.withGuard(s.tests.length === 1 ? this.windowGuard(s.tests[0], scope, home, true) : null, () => this.execBody(s.orelse as Stmt[], sc, home));
    if (taken >= 0) c = body(taken, scope);
    else if (s.orelse && !(this.abstract && alwaysRaises(s.orelse))) c = orelse(scope);
    // (`else: raise` with every condition false is validation too: the program goes on where one holds.)
    if (this.abstract) {
      const saved = this.inactive;
      this.inactive = !unknown || saved ? true : saved;
      if (unknown) this.inactive = true;
      for (const i of deferred) if (i !== taken) body(i, forkScope(scope));
      if (taken >= 0 && s.orelse) orelse(forkScope(scope));
      this.inactive = saved;
    }
    return c === RAISED ? RAISED : c;
  }

  /** Runs `f` with `guard` on the innermost loop's guard stack (abstract mode, inside a loop). */
  private withGuard(guard: LoopGuard | null, f: () => number): number {
    const frame = this.abstract && guard ? this.loops[this.loops.length - 1] : undefined;
    if (!frame || !guard) return f();
    frame.guards.push(guard);
    try {
      return f();
    } finally {
      frame.guards.pop();
    }
  }

  /** `x % N == 0` (also inside `and`/`or`): the guard of a gradient-accumulation step, with N evaluated. */
  private moduloGuard(test: Expr, scope: Scope, home: CodeHome): LoopGuard | null {
    if (!this.abstract || !this.loops.length) return null;
    let e: Expr = test;
    while (e.t === 'paren') e = e.e;
    if (e.t === 'bool') {
      // `... % N == 0 or step == len(loader) - 1` still steps about once per N.
      const g = this.moduloGuard(e.l, scope, home) ?? this.moduloGuard(e.r, scope, home);
      return g ? { ...g, text: this.text(home, test) } : null;
    }
    if (e.t !== 'cmp' || e.ops.length !== 1 || e.ops[0] !== '==') return null;
    let [l, r] = e.operands;
    if (l.t === 'num') [l, r] = [r, l];
    while (l.t === 'paren') l = l.e;
    if (r.t !== 'num' || Number(r.v) !== 0 || l.t !== 'bin' || l.op !== '%') return null;
    let divisor: Value | null = null;
    try {
      // An unknown N (`args.gradient_accumulation_steps`) is the assumption the test itself made: the
      // run length follows its value (and its override) and names it.
      divisor = this.concretize(this.eval(l.r, scope, home));
    } catch {
      divisor = null;
    }
    return { kind: 'modulo', text: this.text(home, test), divisor };
  }

  /**
   * `if epoch > swa_start:` (`<`, `<=`, `>=`, either side) inside a loop over a range the program
   * states: the iterations of the innermost loop in which it holds (`negate`: its `else`), so a
   * step call under it is counted that many times, not once per iteration.
   */
  private windowGuard(test: Expr, scope: Scope, home: CodeHome, negate: boolean): LoopGuard | null {
    if (!this.abstract || !this.loops.length) return null;
    let e: Expr = test;
    while (e.t === 'paren') e = e.e;
    // `use_swa and epoch >= E - swa_epochs` with `use_swa` known true (its `else` too: the other side decides).
    // Only expressions without calls are evaluated again here (a second call could change the program's state).
    const pure = (x: Expr): boolean =>
      x.t === 'num' || x.t === 'const' || x.t === 'str' || x.t === 'name' ||
      (x.t === 'attr' && pure(x.obj)) || (x.t === 'sub' && pure(x.obj) && pure(x.index)) ||
      (x.t === 'bin' && pure(x.l) && pure(x.r)) || (x.t === 'unary' && pure(x.e)) || (x.t === 'paren' && pure(x.e)) ||
      (x.t === 'bool' && pure(x.l) && pure(x.r)) || (x.t === 'cmp' && x.operands.every(pure));
    if (e.t === 'bool' && e.op === 'and') {
      const known = (x: Expr): boolean | null => {
        if (!pure(x)) return null;
        try {
          const v = this.eval(x, scope, home);
          return typeof v === 'boolean' ? v : null;
        } catch {
          return null;
        }
      };
      const g = known(e.l) === true ? this.windowGuard(e.r, scope, home, negate) : known(e.r) === true ? this.windowGuard(e.l, scope, home, negate) : null;
      return g ? { ...g, text: (negate ? 'not ' : '') + this.text(home, test) } : null;
    }
    if (e.t !== 'cmp' || e.ops.length !== 1 || !['<', '<=', '>', '>='].includes(e.ops[0])) return null;
    let [l, rhs] = e.operands;
    let op = e.ops[0];
    // The loop whose variable is compared: the innermost, or one around it (`if epoch <= swa_start:` in the batch loop).
    const nameOf = (x: Expr) => (x.t === 'name' ? x.id : null);
    let depth = -1;
    for (let i = this.loops.length - 1; i >= 0 && depth < 0; i--) {
      const v = this.loops[i].variable;
      if (v && (nameOf(l) === v || nameOf(rhs) === v)) depth = i;
    }
    if (depth < 0) return null;
    const frame = this.loops[depth];
    const r = frame.range;
    if (!r) return null;
    if (nameOf(l) !== frame.variable) {
      [l, rhs] = [rhs, l];
      op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[op];
    }
    if (!pure(rhs)) return null;
    let bound: Value;
    try {
      bound = this.eval(rhs, scope, home);
    } catch {
      return null;
    }
    if (bound instanceof Assumed) bound = bound.value;
    if (!isNumber(bound) || typeof bound === 'boolean') return null;
    const c = toFloat(bound);
    if (!Number.isFinite(c)) return null;
    const holds = (v: number) => (op === '<' ? v < c : op === '<=' ? v <= c : op === '>' ? v > c : v >= c) !== negate;
    // The values are monotonic in the iteration: the condition holds on a prefix or a suffix; found by bisection.
    const n = r.length;
    if (n <= 0n) return { kind: 'window', text: this.text(home, test), divisor: null, count: 0, depth };
    const at = (k: bigint) => Number(r.start + k * r.step);
    const first = holds(at(0n));
    let lo = 0n;
    let hi = n; // the first k where holds(at(k)) !== first, or n
    while (lo < hi) {
      const mid = (lo + hi) / 2n;
      if (holds(at(mid)) === first) lo = mid + 1n;
      else hi = mid;
    }
    const count = Number(first ? lo : n - lo);
    return { kind: 'window', text: (negate ? 'not ' : '') + this.text(home, test), divisor: null, count, depth };
  }

  private execFor(s: Extract<Stmt, { t: 'for' }>, scope: Scope, home: CodeHome): number {
    const iterV = this.eval(s.iter, scope, home);
    const items = this.abstract ? this.abstractItems(iterV) : this.iterValues(iterV);
    if (!this.abstract && items === null) throw new PyError('TypeError', `'${typeName(iterV)}' object is not iterable`);
    const frame = this.abstract ? this.loopFrame(s, iterV, home, scope) : null;
    if (frame) this.loops = [...this.loops, frame];
    try {
      // A long loop is read once: an epoch or batch loop, or one whose length is itself an assumption.
      // In a branch the program does not take, a long loop is only read for what it constructs: once too.
      if (items === null || (this.abstract && frame && (frame.kind !== 'unknown' || iterV instanceof Assumed || this.inactive) && items.length > 16)) {
        // Run the body once with an unknown loop variable.
        const before = this.abstract ? this.carriedBefore(s.body, scope) : null;
        this.assign(s.target, new Opaque(this.text(home, s.target), this.range(home, s.target), 'loop'), scope, home);
        const c = this.execLoopBody(frame, s.body, scope, home);
        if (before) this.forgetCarried(before, scope, this.range(home, s.iter));
        if (c === RETURN) return c;
      } else {
        for (const it of items) {
          this.tick();
          this.assign(s.target, it, scope, home);
          const c = this.execLoopBody(frame, s.body, scope, home);
          if (c === BREAK) return NORMAL;
          if (c === RETURN || c === RAISED) return c;
        }
      }
    } finally {
      if (frame) this.loops = this.loops.slice(0, -1);
    }
    if (s.orelse) return this.execBody(s.orelse, scope, home);
    return NORMAL;
  }

  /** A loop's body, with the statement running now kept on its frame (LoopFrame.current). */
  private execLoopBody(frame: LoopFrame | null, stmts: Stmt[], scope: Scope, home: CodeHome): number {
    if (!frame) return this.execBody(stmts, scope, home);
    const saved = frame.current;
    try {
      for (const st of stmts) {
        frame.current = st;
        const c = this.exec(st, scope, home);
        if (c !== NORMAL) return c;
      }
      return NORMAL;
    } finally {
      frame.current = saved;
    }
  }

  private abstractItems(v: Value): Value[] | null {
    const u = unwrapAssumed(v);
    if (u instanceof PyRange) return u.length > 10_000n ? null : this.iterValues(u);
    return this.iterValues(v);
  }

  private loopFrame(s: Extract<Stmt, { t: 'for' }>, iterV: Value, home: CodeHome, scope: Scope): LoopFrame {
    const targetText = this.text(home, s.target);
    const iterText = this.text(home, s.iter);
    const variable = s.target.t === 'name' ? s.target.id : targetText;
    let count: Value | null = null;
    const u = unwrapAssumed(iterV);
    if (u instanceof PyRange) count = iterV instanceof Assumed ? new Assumed(u.length, iterV.deps) : u.length;
    else if (u instanceof PyList || u instanceof PyTuple) count = BigInt(u.items.length);
    else if (u instanceof Opaque && u.length !== undefined) count = u.length;
    // What the loop walks (epochs, batches) and a length the program knows beyond Python's values: the host's.
    let kind: LoopKind = 'unknown';
    if (this.host.classifyLoop) ({ kind, count } = this.host.classifyLoop({ form: 'for', targetText, iterText, iter: s.iter, value: iterV, home, count, interp: this }));
    // A length known only as an unknown (a loader over a dataset of unknown size) that no adapter named.
    if (count instanceof Opaque) count = this.concretize(count);
    const range = u instanceof PyRange && (iterV instanceof Assumed ? iterV.deps.length === 0 : true) ? { start: u.start, step: u.step, length: u.length } : undefined;
    return { kind, variable, iterable: iterText.replace(/\s+/g, ' '), count, start: home.base + s.from, optimizerSteps: [], optimizerCalls: [], guards: [], node: s, scope, home, value: iterV, ...(range ? { range } : {}) };
  }

  private execWhile(s: Extract<Stmt, { t: 'while' }>, scope: Scope, home: CodeHome): number {
    if (this.abstract) {
      const c = this.counterWhile(s, scope, home);
      if (c !== null) return c;
    }
    // Abstract mode: the loop is a frame of the step calls inside it (`for epoch …: while not done: …
    // if (it + 1) % 4 == 0: scheduler.step()`), its count the iterations it ran once it ends (null
    // when its condition is unknown or it is cut short), so a guard in its body is its own.
    // Its kind is read from what the condition compares (`state["step_count"] < max_steps`: steps),
    // and its count rests on the assumptions the condition's values did (`max_steps` from a guess).
    const frame: LoopFrame | null = this.abstract ? this.whileFrame(s, scope, home) : null;
    if (frame) this.loops = [...this.loops, frame];
    // The count's assumptions are gathered once, from the condition's last evaluation, when it is set.
    let tv: Value | null = null;
    const counted = (n: number): Value => {
      const deps = new Set<string>();
      this.conditionDeps(s.test, tv, scope, home, deps);
      return deps.size ? new Assumed(BigInt(n), [...deps]) : BigInt(n);
    };
    const before = this.abstract ? this.carriedBefore(s.body, scope) : null;
    try {
      let iterations = 0;
      for (;;) {
        this.tick();
        tv = this.eval(s.test, scope, home);
        const t = this.truth(tv);
        if (t === null || (this.abstract && iterations >= 1000)) {
          // Cut short with its condition still true: said at the loop when a scheduler is stepped in it.
          if (t !== null && frame?.stepped) {
            this.host.diagnostic(
              'info',
              ownMessage('LR Lens follows the first 1,000 iterations of `while {0}` only: it does not count how often the loop runs', this.text(home, s.test).slice(0, 80)),
              home.base + s.test.from,
              home.base + s.test.to,
            );
          }
          // Unknown condition (abstract mode): run the body once.
          const c = iterations === 0 ? this.execLoopBody(frame, s.body, scope, home) : NORMAL;
          // Read once or cut short: what the body carries from one iteration to the next is unknown after it.
          if (before) this.forgetCarried(before, scope, this.range(home, s.test));
          return c === RETURN ? c : NORMAL;
        }
        if (!t) break;
        iterations++;
        const c = this.execLoopBody(frame, s.body, scope, home);
        if (c === BREAK) {
          if (frame) frame.count = counted(iterations);
          return NORMAL;
        }
        if (c === RETURN || c === RAISED) return c;
      }
      if (frame) frame.count = counted(iterations);
    } finally {
      if (frame) this.loops = this.loops.slice(0, -1);
    }
    if (s.orelse) return this.execBody(s.orelse, scope, home);
    return NORMAL;
  }

  /**
   * The assumptions a `while` condition's truth rests on: its value's, and for an `and`/`or` chain
   * each comparison's (Python's `a and b` is b, whose deps leave out a's). A comparison is evaluated
   * again only when its operands are names, attributes, subscripts by constants or constants, which
   * run no code.
   */
  private conditionDeps(e: Expr, v: Value | null, scope: Scope, home: CodeHome, deps: Set<string>): void {
    if (v instanceof Assumed) v.deps.forEach((d) => deps.add(d));
    while (e.t === 'paren' || (e.t === 'unary' && e.op === 'not')) e = e.e;
    if (e.t === 'bool') {
      this.conditionDeps(e.l, null, scope, home, deps);
      this.conditionDeps(e.r, null, scope, home, deps);
    } else if (v === null && e.t === 'cmp' && e.operands.every((o) => plainOperand(o))) {
      try {
        const c = this.eval(e, scope, home);
        if (c instanceof Assumed) c.deps.forEach((d) => deps.add(d));
      } catch {
        // An operand that raises: the condition's own evaluation says so.
      }
    }
  }

  /** The frame of a `while` the interpreter runs (its count set when it ends), of the kind the host reads from what its condition compares. */
  private whileFrame(s: Extract<Stmt, { t: 'while' }>, scope: Scope, home: CodeHome): LoopFrame {
    // The first comparison of an `and`/`or` chain (`step_count < max_steps and it.epoch < epochs`: steps).
    let test: Expr = s.test;
    for (;;) {
      if (test.t === 'paren') test = test.e;
      else if (test.t === 'unary' && test.op === 'not') test = test.e;
      else if (test.t === 'bool') test = test.l;
      else break;
    }
    const compared = test.t === 'cmp' ? test.operands[0] : test;
    const iterText = this.text(home, s.test).replace(/\s+/g, ' ');
    const kind: LoopKind = this.host.classifyLoop?.({ form: 'while', targetText: this.text(home, compared), iterText, home, count: null, interp: this }).kind ?? 'unknown';
    return { kind, variable: null, iterable: `while ${iterText}`, count: null, start: home.base + s.from, optimizerSteps: [], optimizerCalls: [], guards: [], node: s, scope, home };
  }

  /**
   * `while step < max_steps: … step += 1` (abstract mode): a loop of (max_steps - step) / 1
   * iterations, read once like a long `for`, with the counter at its final value afterwards. Null
   * when the loop is not of that form (or short enough to run).
   */
  private counterWhile(s: Extract<Stmt, { t: 'while' }>, scope: Scope, home: CodeHome): number | null {
    let test: Expr = s.test;
    while (test.t === 'paren') test = test.e;
    if ((test.t === 'const' && test.v === true) || (test.t === 'num' && Number(test.v) === 1)) return this.breakCounterWhile(s, scope, home);
    if (test.t !== 'cmp' || test.ops.length !== 1) return null;
    let [l, r] = test.operands;
    let op = test.ops[0];
    if (op === '>' || op === '>=') {
      [l, r] = [r, l];
      op = op === '>' ? '<' : '<=';
    }
    if ((op !== '<' && op !== '<=') || l.t !== 'name') return null;
    const name = l.id;
    const inc = findIncrement(s.body, name, 0);
    if (!inc) return null;
    const num = (v: Value): { n: number; deps: string[] } | null => {
      const c = v instanceof Opaque ? this.concretize(v) : v;
      const x = unwrapAssumed(c);
      return isNumber(x) ? { n: toFloat(x), deps: c instanceof Assumed ? c.deps : [] } : null;
    };
    const start = num(this.lookup(name, scope, home, l));
    const stop = num(this.eval(r, scope, home));
    const step = num(this.eval(inc.value, scope, home));
    if (!start || !stop || !step || !(step.n > 0) || !Number.isFinite(stop.n - start.n)) return null;
    const count = Math.max(0, Math.ceil((stop.n - start.n + (op === '<=' ? 1 : 0)) / step.n));
    if (count <= 16 && !inc.nested) return null;
    const deps = union(union(start.deps, stop.deps), step.deps);
    const countV: Value = deps.length ? new Assumed(BigInt(count), deps) : BigInt(count);
    const kind: LoopKind = this.host.classifyLoop?.({ form: 'while', targetText: name, iterText: this.text(home, s.test), home, count: countV, interp: this }).kind ?? 'unknown';
    const startValue = this.lookup(name, scope, home, l);
    const frame: LoopFrame = {
      kind,
      variable: name,
      iterable: this.text(home, s.test),
      count: countV,
      start: home.base + s.from,
      optimizerSteps: [],
      optimizerCalls: [],
      guards: [],
      ...(inc.nested ? { total: true } : { counter: { name, start: startValue, step: this.eval(inc.value, scope, home) } }),
      node: s,
      scope,
      home,
    };
    return this.readCounterLoop(s, frame, scope, home, name, start.n + count * step.n, deps);
  }

  /** Reads a counter loop's body once (when it runs at all), leaving the counter at `finalN` afterwards. */
  private readCounterLoop(s: Extract<Stmt, { t: 'while' }>, frame: LoopFrame, scope: Scope, home: CodeHome, name: string, finalN: number, deps: string[]): number {
    const startV = unwrapAssumed(this.lookup(name, scope, home, s));
    const n = unwrapAssumed(frame.count as Value);
    if (typeof n === 'bigint' && n > 0n) {
      const before = this.carriedBefore(s.body, scope, name);
      this.loops = [...this.loops, frame];
      try {
        const c = this.execLoopBody(frame, s.body, scope, home);
        if (c === RETURN) return c;
      } finally {
        this.loops = this.loops.slice(0, -1);
        // The counter is set to its final value below; what else the body carries is unknown.
        this.forgetCarried(before, scope, this.range(home, s.test));
      }
    }
    const finalV: Value = isInt(startV) && Number.isInteger(finalN) ? BigInt(finalN) : finalN;
    scope.vars.set(name, deps.length ? new Assumed(finalV, deps) : finalV);
    if (s.orelse) return this.execBody(s.orelse, scope, home);
    return NORMAL;
  }

  /**
   * `while True: … step += 1 … if step > max_steps: break` (nanoGPT's loop; abstract mode): the
   * counter is advanced at the top level of the body and one top-level `if` on it breaks out. The
   * iterations that begin are counted up to the one that breaks (the counter's value at the check
   * includes the increment when it comes first), and the body is read once. Null for any other
   * `while True` (or one short enough to run).
   */
  private breakCounterWhile(s: Extract<Stmt, { t: 'while' }>, scope: Scope, home: CodeHome): number | null {
    let checkAt = -1;
    let name = '';
    let op = '';
    let limit: Expr | null = null;
    for (let i = 0; i < s.body.length && checkAt < 0; i++) {
      const st = s.body[i];
      if (st.t !== 'if' || st.tests.length !== 1 || st.orelse || !st.bodies[0].some((b) => b.t === 'break')) continue;
      let t: Expr = st.tests[0];
      while (t.t === 'paren') t = t.e;
      if (t.t !== 'cmp' || t.ops.length !== 1) continue;
      let [a, b] = t.operands;
      let o = t.ops[0];
      if (b.t === 'name' && a.t !== 'name') {
        [a, b] = [b, a];
        o = o === '<' ? '>' : o === '<=' ? '>=' : o;
      }
      if (a.t !== 'name' || (o !== '>' && o !== '>=' && o !== '==')) continue;
      checkAt = i;
      name = a.id;
      op = o;
      limit = b;
    }
    if (checkAt < 0 || !limit) return null;
    const incAt = s.body.findIndex((st) => st.t === 'augassign' && st.op === '+' && st.target.t === 'name' && st.target.id === name);
    if (incAt < 0) return null;
    const inc = s.body[incAt] as Extract<Stmt, { t: 'augassign' }>;
    const num = (v: Value): { n: number; deps: string[] } | null => {
      const c = v instanceof Opaque ? this.concretize(v) : v;
      const x = unwrapAssumed(c);
      return isNumber(x) ? { n: toFloat(x), deps: c instanceof Assumed ? c.deps : [] } : null;
    };
    const startValue = this.lookup(name, scope, home, s);
    const start = num(startValue);
    const stop = num(this.eval(limit, scope, home));
    const stepValue = this.eval(inc.value, scope, home);
    const step = num(stepValue);
    if (!start || !stop || !step || !(step.n > 0) || !Number.isFinite(stop.n - start.n)) return null;
    // The counter's value at the check of iteration k is a + k * step.
    const a = start.n + (incAt < checkAt ? step.n : 0);
    let k: number;
    if (op === '>') k = Math.max(0, Math.floor((stop.n - a) / step.n) + 1);
    else if (op === '>=') k = Math.max(0, Math.ceil((stop.n - a) / step.n));
    else {
      const q = (stop.n - a) / step.n;
      if (!(q >= 0) || !Number.isInteger(q)) return null;
      k = q;
    }
    const count = k + 1;
    if (count <= 16 || count > 1e9) return null;
    const deps = union(union(start.deps, stop.deps), step.deps);
    const countV: Value = deps.length ? new Assumed(BigInt(count), deps) : BigInt(count);
    const test = this.text(home, s.body[checkAt]).split('\n')[0].replace(/:\s*$/, '').replace(/^if\s+/, '');
    const kind: LoopKind = this.host.classifyLoop?.({ form: 'while', targetText: name, iterText: test, home, count: countV, interp: this }).kind ?? 'unknown';
    const frame: LoopFrame = {
      kind,
      variable: name,
      iterable: `while True: … if ${test}: break`,
      count: countV,
      start: home.base + s.from,
      optimizerSteps: [],
      optimizerCalls: [],
      guards: [],
      counter: { name, start: startValue, step: stepValue },
      node: s,
      scope,
      home,
    };
    return this.readCounterLoop(s, frame, scope, home, name, start.n + (k + (incAt < checkAt ? 1 : 0)) * step.n, deps);
  }

  /** The values now of the names a loop body carries (loopCarried.ts), but `except`, before the body is read. */
  private carriedBefore(body: Stmt[], scope: Scope, except?: string): Map<string, Value | undefined> {
    const before = new Map<string, Value | undefined>();
    for (const n of loopCarriedNames(body)) if (n !== except) before.set(n, scope.vars.get(n));
    return before;
  }

  /**
   * After a loop read fewer times than the program runs it (abstract mode): each carried name its
   * body rebound holds one reading's value, not the program's, so it becomes an unknown of that
   * name (a use is a named assumption, never the one reading's number).
   */
  private forgetCarried(before: Map<string, Value | undefined>, scope: Scope, at: { start: number; end: number }): void {
    for (const [n, v] of before) {
      const after = scope.vars.get(n);
      if (after !== undefined && after !== v) scope.vars.set(n, new Opaque(n, at, 'carried'));
    }
  }

  private makeClass(s: Extract<Stmt, { t: 'class' }>, scope: Scope, home: CodeHome): PyClass {
    const bases: PyClass[] = [];
    const baseTexts: string[] = [];
    const libBases: Value[] = [];
    for (const b of s.bases) {
      if (b.kind !== 'pos') continue;
      const v = this.eval(b.value, scope, home);
      if (v instanceof PyClass) bases.push(v);
      else {
        baseTexts.push(this.text(home, b.value));
        libBases.push(v instanceof Assumed ? v.value : v);
      }
    }
    const cls = new PyClass(s.name, bases, baseTexts);
    cls.libBases = libBases;
    cls.isDataclass = s.decorators.some((d) => /dataclass/.test(this.text(home, d))) || bases.some((b) => b.isDataclass);
    const cscope: Scope = { vars: cls.attrs, parent: scope, kind: 'class' };
    for (const st of s.body) {
      if (st.t === 'annassign' && st.target.t === 'name') {
        cls.fields.push({ name: st.target.id, hasDefault: st.value !== null });
      }
      this.exec(st, cscope, home);
    }
    // The methods written in the body: their `__class__` (zero-argument super()).
    for (const v of cls.attrs.values()) if (v instanceof PyFunction && v.owner === undefined && v.home === home && v.closure === cscope) v.owner = cls;
    for (const [k, v] of cls.attrs) {
      // dataclasses.field(default=...) → the default.
      if (v instanceof PyInstance && v.typeName === 'Field') {
        const d = v.attrs.get('default');
        if (d !== undefined) cls.attrs.set(k, d);
        else cls.fields = cls.fields.map((f) => (f.name === k ? { ...f, hasDefault: false } : f));
      }
    }
    return cls;
  }

  assign(target: Expr, v: Value, scope: Scope, home: CodeHome): void {
    switch (target.t) {
      case 'name':
        scope.vars.set(target.id, v);
        // `global args` then `args = …` in a function: other functions read it as a global.
        if (this.abstract && scope.kind === 'function' && scope.globals?.has(target.id)) this.host.assignGlobal?.(target.id, v);
        this.host.onAssign(target.id, v);
        return;
      case 'paren':
        return this.assign(target.e, v, scope, home);
      case 'tuple':
      case 'list': {
        const items = this.iterValues(v);
        const starAt = target.elts.findIndex((x) => x.t === 'star');
        for (let i = 0; i < target.elts.length; i++) {
          const t = target.elts[i];
          if (t.t === 'star') {
            const rest = items ? items.slice(i, items.length - (target.elts.length - 1 - i)) : [];
            this.assign(t.e, new PyList(rest), scope, home);
            continue;
          }
          let item: Value;
          if (items) {
            const j = starAt >= 0 && i > starAt ? items.length - (target.elts.length - i) : i;
            if (j >= items.length || j < 0) {
              if (!this.abstract) throw new PyError('ValueError', 'not enough values to unpack');
              item = new Opaque(this.text(home, t), this.range(home, t), 'call');
            } else item = items[j];
          } else {
            if (!this.abstract) throw new PyError('TypeError', `cannot unpack non-iterable ${typeName(v)} object`);
            const hint = v instanceof Opaque && v.hint === 'loop' ? 'loop' : v instanceof Opaque && v.hint === 'call' ? 'call' : undefined;
            item = new Opaque(this.text(home, t), this.range(home, t), hint);
          }
          this.assign(t, item, scope, home);
        }
        return;
      }
      case 'attr': {
        const obj = unwrapAssumed(this.eval(target.obj, scope, home));
        if (!this.mayMutate(obj)) return;
        if (obj instanceof PyInstance) obj.attrs.set(target.name, v);
        else if (obj instanceof PyClass) obj.attrs.set(target.name, v);
        else if (obj instanceof PyDict && obj.attributes) obj.set(target.name, v);
        else if (obj instanceof HostObject) (obj as HostObject & { setAttr?: (n: string, v: Value) => void }).setAttr?.(target.name, v);
        this.host.onAssign(this.text(home, target), v);
        return;
      }
      case 'sub': {
        // (Evaluating the target may run other statements: a lazily executed block.)
        const statement = this.statement;
        const obj = unwrapAssumed(this.eval(target.obj, scope, home));
        const idx = target.index.t === 'slice' ? null : unwrapAssumed(this.eval(target.index, scope, home));
        if (!this.mayMutate(obj)) return;
        if (this.abstract && idx !== null && this.host.onItemAssign) {
          const st = statement ?? target;
          this.host.onItemAssign(obj, idx, v, this.range(home, target), this.range(home, st), scope);
        }
        if (obj instanceof PyDict && idx !== null) obj.set(idx, v);
        else if (obj instanceof PyList && isInt(idx as Value)) {
          let i = Number(toBig(idx as bigint));
          if (i < 0) i += obj.items.length;
          if (i >= 0 && i < obj.items.length) obj.items[i] = v;
          else if (!this.abstract) throw new PyError('IndexError', 'list assignment index out of range');
        }
        return;
      }
      default:
        return;
    }
  }
}

// ---------------------------------------------------------------------------------------------

export function unwrapAssumed(v: Value): Value {
  return v instanceof Assumed ? v.value : v;
}

export function union(a: string[], b: string[]): string[] {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  const s = new Set(a);
  for (const x of b) s.add(x);
  return [...s];
}

/** A branch that ends the program: a `raise` (or `sys.exit()`) among its top-level statements. */
function alwaysRaises(body: Stmt[]): boolean {
  return body.some((st) => {
    if (st.t === 'raise') return true;
    if (st.t !== 'expr' || st.e.t !== 'call') return false;
    const f = st.e.fn;
    return (f.t === 'name' && (f.id === 'exit' || f.id === 'quit')) || (f.t === 'attr' && f.name === 'exit' && f.obj.t === 'name' && f.obj.id === 'sys');
  });
}

/** A branch that leaves the loop or function early: `return`, `break` or `continue` among its top-level statements. */
function exitsEarly(body: Stmt[]): boolean {
  return body.some((st) => st.t === 'return' || st.t === 'break' || st.t === 'continue');
}

/** `name += value` in a loop body (not in nested functions): the value, and whether it sits in an inner loop. */
function findIncrement(body: Stmt[], name: string, depth: number): { value: Expr; nested: boolean } | null {
  for (const st of body) {
    if (st.t === 'augassign' && st.op === '+' && st.target.t === 'name' && st.target.id === name) return { value: st.value, nested: depth > 0 };
    const inner = (b: Stmt[] | null | undefined, d: number) => (b ? findIncrement(b, name, d) : null);
    let r: { value: Expr; nested: boolean } | null = null;
    switch (st.t) {
      case 'for':
      case 'while':
        r = inner(st.body, depth + 1);
        break;
      case 'if':
        for (const b of st.bodies) if (!r) r = inner(b, depth);
        if (!r) r = inner(st.orelse, depth);
        break;
      case 'with':
        r = inner(st.body, depth);
        break;
      case 'try':
        r = inner(st.body, depth);
        break;
    }
    if (r) return r;
  }
  return null;
}

function forkScope(scope: Scope): Scope {
  return { ...scope, vars: new Map(scope.vars) };
}

function allFields(cls: PyClass): { name: string; hasDefault: boolean }[] {
  const out: { name: string; hasDefault: boolean }[] = [];
  const seen = new Set<string>();
  const visit = (c: PyClass) => {
    for (const b of c.bases) visit(b);
    for (const f of c.fields) {
      if (seen.has(f.name)) {
        const i = out.findIndex((x) => x.name === f.name);
        out[i] = f;
      } else {
        seen.add(f.name);
        out.push(f);
      }
    }
  };
  visit(cls);
  return out;
}

/** Names a function body assigns (Python's rule for locals), not looking into nested functions. */
export function localNames(body: Stmt[], params: Param[]): Set<string> {
  const out = new Set(params.map((p) => p.name));
  const target = (e: Expr) => {
    if (e.t === 'name') out.add(e.id);
    else if (e.t === 'tuple' || e.t === 'list') e.elts.forEach(target);
    else if (e.t === 'star' || e.t === 'paren') target(e.e);
  };
  const globals = new Set<string>();
  const walk = (ss: Stmt[]) => {
    for (const s of ss) {
      switch (s.t) {
        case 'assign':
          s.targets.forEach(target);
          break;
        case 'annassign':
        case 'augassign':
          target(s.target);
          break;
        case 'for':
          target(s.target);
          walk(s.body);
          if (s.orelse) walk(s.orelse);
          break;
        case 'while':
          walk(s.body);
          if (s.orelse) walk(s.orelse);
          break;
        case 'if':
          s.bodies.forEach(walk);
          if (s.orelse) walk(s.orelse);
          break;
        case 'try':
          walk(s.body);
          s.handlers.forEach(walk);
          if (s.orelse) walk(s.orelse);
          if (s.final) walk(s.final);
          break;
        case 'with':
          for (const it of s.items) if (it.as) target(it.as);
          walk(s.body);
          break;
        case 'def':
        case 'class':
          out.add(s.name);
          break;
        case 'import':
          for (const n of s.names) out.add(n.as ?? n.path.split('.')[0]);
          break;
        case 'from':
          for (const n of s.names) out.add(n.as ?? n.name);
          break;
        case 'global':
          s.names.forEach((n) => globals.add(n));
          break;
      }
    }
  };
  walk(body);
  for (const g of globals) out.delete(g);
  return out;
}

const MUTATORS = new Set(['append', 'extend', 'insert', 'pop', 'sort', 'update', 'setdefault', 'remove', 'clear']);

/** `r` carrying the assumptions of the assumed arguments it was computed from (as it is when it carries some already, is None, or none are). */
function restsOn(r: Value, args: Value[], kwargs: Map<string, Value>): Value {
  if (r === null || r instanceof Assumed || r instanceof Opaque) return r;
  let deps: string[] | null = null;
  for (const v of args) if (v instanceof Assumed) deps = deps ? union(deps, v.deps) : v.deps;
  for (const v of kwargs.values()) if (v instanceof Assumed) deps = deps ? union(deps, v.deps) : v.deps;
  return deps ? new Assumed(r, deps) : r;
}

/** Methods of built-in types: list.append, dict.get, str.lower, … */
function builtinMethod(obj: Value, name: string, I: Interp): PyBuiltin | null {
  const m = (impl: (args: Value[], kwargs: Map<string, Value>) => Value) => new PyBuiltin(name, (a, k) => impl(a, k));
  // In a branch the program does not take, objects of the path taken are left as they are.
  if ((obj instanceof PyDict || obj instanceof PyList) && MUTATORS.has(name) && !I.mayMutate(obj))
    return m(() => (name === 'pop' || name === 'setdefault' ? new Opaque(`${name}(...)`, undefined, 'call') : null));
  if (obj instanceof PyDict) {
    switch (name) {
      case 'get':
        return m((a) => {
          const v = obj.get(a[0]);
          return v !== undefined ? v : a.length > 1 ? a[1] : null;
        });
      case 'keys':
        return m(() => (I.alloc(obj.map.size), new PyList(obj.keys())));
      case 'values':
        return m(() => (I.alloc(obj.map.size), new PyList([...obj.map.values()].map((e) => e[1]))));
      case 'items':
        return m(() => (I.alloc(obj.map.size), new PyList([...obj.map.values()].map((e) => new PyTuple([e[0], e[1]])))));
      case 'update':
        return m((a, k) => {
          const src = unwrapAssumed(a[0] ?? null);
          if (src instanceof PyDict) for (const [kk, vv] of src.map.values()) obj.set(kk, vv);
          for (const [kk, vv] of k) obj.set(kk, vv);
          return null;
        });
      case 'pop':
        return m((a) => {
          const v = obj.get(a[0]);
          obj.map.delete(hashKey(a[0]));
          if (v !== undefined) return v;
          if (a.length > 1) return a[1];
          throw new PyError('KeyError', repr(a[0]));
        });
      case 'setdefault':
        return m((a) => {
          const v = obj.get(a[0]);
          if (v !== undefined) return v;
          obj.set(a[0], a[1] ?? null);
          return a[1] ?? null;
        });
      case 'copy':
        return m(() => {
          I.alloc(obj.map.size);
          const d = new PyDict();
          for (const [k, v] of obj.map.values()) d.set(k, v);
          return d;
        });
    }
    return null;
  }
  if (obj instanceof PyList) {
    switch (name) {
      case 'append':
        return m((a) => {
          if (obj.items.length >= MAX_ITEMS) I.alloc(obj.items.length + 1);
          obj.items.push(a[0] ?? null);
          return null;
        });
      case 'extend':
        return m((a) => {
          const it = I.iterValues(a[0] ?? null);
          if (it) {
            I.alloc(obj.items.length + it.length);
            for (const x of [...it]) obj.items.push(x);
          }
          return null;
        });
      case 'insert':
        return m((a) => {
          obj.items.splice(Number(toBig(a[0] as bigint)), 0, a[1] ?? null);
          return null;
        });
      case 'pop':
        return m((a) => {
          if (obj.items.length === 0) throw new PyError('IndexError', 'pop from empty list');
          const i = a.length ? Number(toBig(a[0] as bigint)) : -1;
          return obj.items.splice(i < 0 ? obj.items.length + i : i, 1)[0];
        });
      case 'index':
        return m((a) => {
          const i = obj.items.findIndex((x) => pyEquals(x, a[0]));
          if (i < 0) throw new PyError('ValueError', `${repr(a[0])} is not in list`);
          return BigInt(i);
        });
      case 'copy':
        return m(() => (I.alloc(obj.items.length), new PyList([...obj.items])));
      case 'sort':
        return m(() => {
          obj.items.sort((x, y) => pyCompare(x, y, '<'));
          return null;
        });
    }
    return null;
  }
  if (typeof obj === 'string') {
    switch (name) {
      case 'lower':
        return m(() => obj.toLowerCase());
      case 'upper':
        return m(() => obj.toUpperCase());
      case 'strip':
        return m(() => obj.trim());
      case 'startswith':
        return m((a) => typeof a[0] === 'string' && obj.startsWith(a[0]));
      case 'endswith':
        return m((a) => typeof a[0] === 'string' && obj.endsWith(a[0]));
      case 'replace':
        return m((a) => {
          const parts = obj.split(String(a[0]));
          I.alloc(parts.length);
          I.allocChars(obj.length + (parts.length - 1) * (String(a[1]).length - String(a[0]).length));
          return parts.join(String(a[1]));
        });
      case 'split':
        return m((a) => {
          const parts = a.length && a[0] !== null ? obj.split(String(a[0])) : obj.trim().split(/\s+/);
          I.alloc(parts.length);
          return new PyList(parts);
        });
      case 'join':
        return m((a) => {
          const it = I.iterValues(a[0] ?? null);
          if (!it) return new Opaque('str.join(...)');
          const parts = it.map((x) => (typeof x === 'string' ? x : repr(x)));
          I.allocChars(parts.reduce((n, x) => n + x.length, 0) + Math.max(0, parts.length - 1) * obj.length);
          return parts.join(obj);
        });
      case 'format':
        return m(() => new Opaque(repr(obj) + '.format(...)', undefined, 'call'));
    }
    return null;
  }
  if (typeof obj === 'number' && name === 'is_integer') return m(() => Number.isInteger(obj));
  return null;
}

export { isNumber, toFloat, typeName, repr };
export { NORMAL, RETURN };

/** An operand whose evaluation runs no code: a name, an attribute or constant subscript of one, a constant. */
function plainOperand(e: Expr): boolean {
  while (e.t === 'paren') e = e.e;
  if (e.t === 'name' || e.t === 'num' || e.t === 'const' || e.t === 'str') return true;
  if (e.t === 'attr') return plainOperand(e.obj);
  if (e.t === 'sub') return plainOperand(e.obj) && plainOperand(e.index);
  return false;
}
