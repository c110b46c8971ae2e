import { ownMessage } from '../l10n/translate';
import { typeError, valueError } from './errors';
import { pyRepr } from './pyMath';
import { SIGNATURES } from './signatures';
import { isSubclassProgram, type ArgValue, type LrCallable, type ScheduleSpec, type SubclassProgram } from './spec';

/**
 * Reads a ScheduleSpec's arguments the way Python binds them: defaults from the signature,
 * TypeError for unknown or missing arguments, and a message that names the argument when a
 * value has the wrong type or is NaN.
 */
export class Args {
  private readonly values = new Map<string, ArgValue>();

  constructor(
    readonly kind: string,
    given: Record<string, ArgValue>,
    /** Python name in messages, e.g. `StepLR.__init__()` or `get_wsd_schedule()`. */
    private readonly callName = SIGNATURES[kind]?.library === 'torch' || /^[A-Z]/.test(kind) ? `${kind}.__init__()` : `${kind}()`,
    private readonly floats: readonly string[] = [],
  ) {
    const signature = SIGNATURES[kind];
    if (!signature) throw valueError(ownMessage("unknown scheduler '{0}'", kind));
    const known = new Set(signature.params.map((p) => p.name));
    for (const name of Object.keys(given)) {
      if (name === 'optimizer') continue;
      if (!known.has(name) && !signature.varKeywords) throw typeError(`${this.callName} got an unexpected keyword argument '${name}'`, name);
      this.values.set(name, given[name]);
    }
    for (const p of signature.params) {
      if (p.name === 'optimizer' || this.values.has(p.name)) continue;
      if (p.default === undefined) {
        throw typeError(`${this.callName} missing 1 required positional argument: '${p.name}'`, p.name);
      }
      this.values.set(p.name, p.default);
    }
  }

  /** The code wrote this argument as a Python float (ScheduleSpec.floats). */
  isFloat(name: string): boolean {
    return this.floats.includes(name);
  }

  raw(name: string): ArgValue {
    return this.values.get(name) ?? null;
  }

  isNone(name: string): boolean {
    return this.raw(name) === null;
  }

  number(name: string): number {
    return toNumber(this.raw(name), name);
  }

  /** A number, or null when the argument is None. */
  optionalNumber(name: string): number | null {
    const v = this.raw(name);
    return v === null ? null : toNumber(v, name);
  }

  /** A number that must be an integer (Python `int`). */
  integer(name: string): number {
    const v = this.number(name);
    if (!Number.isInteger(v)) throw valueError(ownMessage('{0} must be an integer, got {1}', name, pyRepr(v)), name);
    return v;
  }

  bool(name: string): boolean {
    const v = this.raw(name);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (v === null) return false;
    throw typeError(ownMessage('{0} must be True or False', name), name);
  }

  string(name: string): string {
    const v = this.raw(name);
    if (typeof v !== 'string') throw typeError(ownMessage('{0} must be a string, got {1}', name, describe(v)), name);
    return v;
  }

  callable(name: string): LrCallable {
    const v = this.raw(name);
    if (typeof v !== 'function') throw typeError(`${name} should be a function, but got ${describe(v)}`, name);
    return v as LrCallable;
  }

  optionalCallable(name: string): LrCallable | null {
    return this.isNone(name) ? null : this.callable(name);
  }

  /** A scalar or a list with one value per param group, as PyTorch's `_format_param` accepts. */
  perGroupNumbers(name: string, groups: number): number[] {
    const v = this.raw(name);
    if (Array.isArray(v)) {
      if (v.length !== groups) {
        throw valueError(
          `${name} must have the same length as optimizer.param_groups. ${name} has ${v.length} values, param_groups has ${groups}.`,
          name,
        );
      }
      return v.map((x, i) => toNumber(x, `${name}[${i}]`));
    }
    const x = toNumber(v, name);
    return new Array<number>(groups).fill(x);
  }

  /** A callable or a list of callables, one per param group (LambdaLR's `lr_lambda`). */
  perGroupCallables(name: string, groups: number): LrCallable[] {
    const v = this.raw(name);
    if (Array.isArray(v)) {
      if (v.length !== groups) throw valueError(`Expected ${groups} lr_lambdas, but got ${v.length}`, name);
      return v.map((f, i) => {
        if (typeof f !== 'function') throw typeError(`${name}[${i}] should be a function, but got ${describe(f)}`, name);
        return f as LrCallable;
      });
    }
    const f = this.callable(name);
    return new Array<LrCallable>(groups).fill(f);
  }

  /** The arguments `**kwargs` took (names the signature does not have). */
  extras(): Record<string, ArgValue> {
    const known = new Set(SIGNATURES[this.kind].params.map((p) => p.name));
    const out: Record<string, ArgValue> = {};
    for (const [k, v] of this.values) if (!known.has(k)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  }

  /** A user's scheduler subclass as the analysis read it (spec.ts's SubclassProgram). */
  subclassProgram(name: string): SubclassProgram {
    const v = this.raw(name);
    if (!isSubclassProgram(v)) throw typeError(ownMessage('{0} must be a scheduler class read from the code, got {1}', name, describe(v)), name);
    return v;
  }

  numberList(name: string): number[] {
    const v = this.raw(name);
    if (!Array.isArray(v)) throw typeError(ownMessage('{0} must be a list of numbers, got {1}', name, describe(v)), name);
    return v.map((x, i) => toNumber(x, `${name}[${i}]`));
  }

  scheduleList(name: string): ScheduleSpec[] {
    const v = this.raw(name);
    if (!Array.isArray(v)) throw typeError(ownMessage('{0} must be a list of schedulers, got {1}', name, describe(v)), name);
    return v.map((s, i) => {
      if (!isScheduleSpec(s)) throw typeError(ownMessage('{0} is not a scheduler', `${name}[${i}]`), name);
      return s;
    });
  }

  /** A dict argument (get_scheduler's `scheduler_specific_kwargs`), or {} for None. */
  dict(name: string): Record<string, ArgValue> {
    const v = this.raw(name);
    if (v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v) || isScheduleSpec(v)) {
      throw typeError(ownMessage('{0} must be a dict, got {1}', name, describe(v)), name);
    }
    return v as Record<string, ArgValue>;
  }
}

export function isScheduleSpec(v: ArgValue): v is ScheduleSpec {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as ScheduleSpec).kind === 'string' && typeof (v as ScheduleSpec).args === 'object';
}

function toNumber(v: ArgValue, name: string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'number') throw typeError(ownMessage('{0} must be a number, got {1}', name, describe(v)), name);
  if (Number.isNaN(v)) throw valueError(ownMessage('{0} is NaN; a learning-rate schedule needs a real number here', name), name);
  return v;
}

function describe(v: ArgValue): string {
  if (v === null) return 'None';
  if (typeof v === 'function') return 'function';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return pyRepr(v);
  if (Array.isArray(v)) return 'list';
  return typeof v;
}
