/** Helpers the family descriptor files declare parameters with. */
import type { Args } from '../args';
import { valueError } from '../errors';
import type { ArgValue } from '../spec';
import type { SimOptimizer } from '../optimizer';
import type { ScheduleSpec } from '../spec';
import type { Steppable } from '../torch/lrScheduler';
import type { KindDescriptor, LengthContext, ParamDecl } from './types';

export type ParamOptions = Omit<ParamDecl, 'name' | 'default'>;

export const req = (name: string, o: ParamOptions = {}): ParamDecl => ({ name, ...o });
export const opt = (name: string, def: ArgValue, o: ParamOptions = {}): ParamDecl => ({ name, default: def, ...o });
export const OPTIMIZER = req('optimizer');
export const LAST_EPOCH = opt('last_epoch', -1);

/** A per-group list argument (`min_lr=[…]`), with torch's error when its length is not the groups'. */
export function minLrList(a: Args, name: string, groups: number, plural: string): number[] {
  const v = a.raw(name);
  if (Array.isArray(v) && v.length !== groups) throw valueError(`expected ${groups} ${plural}, got ${v.length}`, name);
  return a.perGroupNumbers(name, groups);
}

/** The run a warm-up schedule spans: its num_training_steps, else five warm-ups (at least the fallback). */
export function fiveWarmups(c: LengthContext, fallback: number): number {
  const t = c.num('num_training_steps');
  if (t) return t;
  const w = c.num('num_warmup_steps');
  return w ? Math.max(fallback, w * 5) : fallback;
}

type TableBuilder = (opt: SimOptimizer, a: Args) => Steppable;
type TableConstruct = (kind: string, args: Record<string, ArgValue>, opt: SimOptimizer) => Steppable;

/**
 * Descriptors for a family whose engine file exports its signatures and builders as tables
 * (diffusers, timm, DeepSpeed): one per signature, with `extra` adding what the tables do not say
 * (lengths, markers, flags) and `decl` each parameter's role and generator rule (by kind and name,
 * read from the library's signature). The builder table is made once, handing nested kinds to the registry.
 */
export function fromTables(
  signatures: Readonly<Record<string, { params: readonly { name: string; default?: ArgValue }[]; varKeywords?: boolean }>>,
  builders: (construct: TableConstruct) => Record<string, TableBuilder>,
  extra: (kind: string) => Partial<KindDescriptor> = () => ({}),
  decl: (kind: string, name: string) => ParamOptions | undefined = () => undefined,
): KindDescriptor[] {
  let table: Record<string, TableBuilder> | null = null;
  let construct: ((spec: ScheduleSpec, opt: SimOptimizer) => Steppable) | null = null;
  const tableOf = (c: (spec: ScheduleSpec, opt: SimOptimizer) => Steppable) => {
    construct = c;
    table ??= builders((kind, args, opt) => (construct as (spec: ScheduleSpec, opt: SimOptimizer) => Steppable)({ kind, args }, opt));
    return table;
  };
  return Object.entries(signatures).map(([kind, sig]) => ({
    kind,
    params: sig.params.map((p) => ({ ...p, ...decl(kind, p.name) })),
    ...(sig.varKeywords ? { varKeywords: true } : {}),
    build: (opt, a, c) => tableOf(c)[kind](opt, a),
    ...extra(kind),
  }));
}
