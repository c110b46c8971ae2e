/**
 * A generated call tree as idiomatic Python: keyword arguments by the library's names, floats
 * written as floats, nested schedulers one per line, a `def lr_lambda(step)` for LambdaLR (the
 * tutorial's shape) and a `lambda` for MultiplicativeLR's constant factor. Pure.
 */
import { formatPythonString } from '../python/literals';
import type { GenCall, GenCallable, GenValue } from './catalogue';
import { pythonNumber } from './params';
import { isCall, isCallable } from './spec';
import { bareKind } from '../engine/kinds';

export interface EmitOptions {
  /** The optimizer expression (`optimizer`, `self.optimizer`). */
  optimizer: string;
  /** How each kind is written (`StepLR`, `lr_scheduler.StepLR`); defaults to the name as the library spells it (`timm.CosineLRScheduler` → `CosineLRScheduler`). */
  callee?: (kind: string) => string;
  /** One indentation level (4 spaces unless the file uses something else). */
  indentUnit?: string;
  /** Name for a generated `def` (default `lr_lambda`). */
  lambdaName?: string;
  /** Longest line (PEP 8 / black: 88) before arguments go one per line. */
  maxLine?: number;
  /** Characters before the call on its first line (indentation and `scheduler = `). */
  firstLineWidth?: number;
  /** An argument's text to write instead of the value (the replaced call's own expression), or undefined. */
  keep?: (name: string, value: GenValue) => string | undefined;
}

export interface Emitted {
  /** Statements to put before the scheduler's line (a `def`), lines without the base indentation. */
  before: string[];
  /** The call expression; continuation lines are relative to the base indentation (prefix them with it). */
  expr: string[];
}

function defFor(c: Extract<GenCallable, { callable: 'warmupLinearDecay' }>, name: string, unit: string): string[] {
  const w = c.warmup;
  const t = c.total;
  return [
    `def ${name}(step):`,
    `${unit}# linear warm-up for ${w} steps, then linear decay to 0 at step ${t}`,
    `${unit}if step < ${w}:`,
    `${unit}${unit}return step / ${w}`,
    `${unit}return max(0.0, (${t} - step) / (${t} - ${w}))`,
  ];
}

/**
 * The Python for `call`. `before` holds helper definitions; `expr` the call, on one line when it
 * is short and flat, else one argument per line with a trailing comma.
 */
export function emitCall(call: GenCall, opts: EmitOptions): Emitted {
  const unit = opts.indentUnit ?? '    ';
  const callee = opts.callee ?? ((k: string) => bareKind(k));
  const lambdaName = opts.lambdaName ?? 'lr_lambda';
  const maxLine = opts.maxLine ?? 88;
  const before: string[] = [];

  const value = (kind: string, name: string, v: GenValue): string => {
    const kept = typeof v === 'number' || typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'number')) ? opts.keep?.(name, v) : undefined;
    if (kept !== undefined) return kept;
    if (v === null) return 'None';
    if (v === true) return 'True';
    if (v === false) return 'False';
    if (typeof v === 'number') return pythonNumber(kind, name, v);
    if (typeof v === 'string') return formatPythonString(v);
    if (isCallable(v)) {
      if (v.callable === 'constantFactor') return `lambda epoch: ${pythonNumber('MultiplicativeLR', 'factor', v.factor)}`;
      before.push(...defFor(v, lambdaName, unit));
      return lambdaName;
    }
    if (isCall(v)) return oneLine(v);
    return `[${(v as Array<number | GenCall>).map((x) => (typeof x === 'number' ? String(x) : oneLine(x))).join(', ')}]`;
  };

  /** Positional head: transformers' and diffusers' get_scheduler take the name first; ChainedScheduler no optimizer (its children have it). */
  const head = (c: GenCall): { parts: string[]; rest: Array<[string, GenValue]> } => {
    const entries = Object.entries(c.args);
    if (c.kind === 'get_scheduler' || c.kind === 'diffusers.get_scheduler') {
      return { parts: [value(c.kind, 'name', c.args.name), opts.optimizer], rest: entries.filter(([k]) => k !== 'name') };
    }
    if (c.kind === 'ChainedScheduler') return { parts: [], rest: entries };
    return { parts: [opts.optimizer], rest: entries };
  };

  function argTexts(c: GenCall): string[] {
    const { parts, rest } = head(c);
    return [...parts, ...rest.map(([k, v]) => `${k}=${value(c.kind, k, v)}`)];
  }

  function oneLine(c: GenCall): string {
    return `${callee(c.kind)}(${argTexts(c).join(', ')})`;
  }

  const nested = Object.values(call.args).some((v) => Array.isArray(v) && v.some((x) => typeof x === 'object'));
  const flat = oneLine(call);
  if (!nested && (opts.firstLineWidth ?? 0) + flat.length <= maxLine) return { before, expr: [flat] };

  // One argument per line; a list of schedulers one per line inside it.
  before.length = 0;
  const lines = [`${callee(call.kind)}(`];
  const { parts, rest } = head(call);
  for (const p of parts) lines.push(`${unit}${p},`);
  for (const [k, v] of rest) {
    const prefix = `${k}=`;
    if (Array.isArray(v) && v.some((x) => typeof x === 'object')) {
      lines.push(`${unit}${prefix}[`);
      for (const x of v as GenCall[]) lines.push(`${unit}${unit}${oneLine(x)},`);
      lines.push(`${unit}],`);
    } else {
      lines.push(`${unit}${prefix}${value(call.kind, k, v)},`);
    }
  }
  lines.push(')');
  return { before, expr: lines };
}
