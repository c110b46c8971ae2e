/**
 * The registry of scheduler kinds: every family's descriptors (one file per family in this
 * folder), and what the rest of LR Lens derives from them — signatures, the engine's builders,
 * run lengths, markers, summary flags, assumption defaults, the generator's rules and imports, and
 * which library path names which kind. Adding a kind to a family: its descriptor in the family's
 * file, its engine file, tests. Adding a family: its file, and its line in FAMILY_LIST.
 */
import { msg } from '../../l10n/translate';
import type { ArgValue, ScheduleSpec } from '../spec';
import { DEEPSPEED } from './deepspeed';
import { DIFFUSERS } from './diffusers';
import { PYTHON } from './python';
import { NAMED_ROLES, ROLE_ASSUMPTIONS, type ParamRole, type RunDefaults } from './roles';
import { TIMM } from './timm';
import { TORCH } from './torch';
import { TRANSFORMERS } from './transformers';
import type { FamilyDescriptor, KindDescriptor, LengthContext, Marker, MarkerContext, MarkerKind, ParamRule } from './types';

export type { FamilyDescriptor, KindDescriptor, Marker, MarkerKind, ParamDecl, ParamRule } from './types';

/** Every family, in the order names are looked up (torch and transformers first). */
export const FAMILY_LIST = [TORCH, TRANSFORMERS, DIFFUSERS, TIMM, DEEPSPEED, PYTHON] as const;

export type Library = (typeof FAMILY_LIST)[number]['library'];

interface Entry {
  d: KindDescriptor;
  family: FamilyDescriptor<Library>;
}

const BY_KIND = new Map<string, Entry>();
for (const family of FAMILY_LIST as readonly FamilyDescriptor<Library>[]) {
  for (const d of family.kinds) {
    if (BY_KIND.has(d.kind)) throw new Error(`scheduler kind ${d.kind} is declared twice`);
    if (family.kindPrefix && !d.kind.startsWith(family.kindPrefix)) throw new Error(`${d.kind} lacks its family's prefix ${family.kindPrefix}`);
    BY_KIND.set(d.kind, { d, family });
  }
}

/** Every kind, in registry order. */
export const ALL_KINDS: readonly KindDescriptor[] = [...BY_KIND.values()].map((e) => e.d);

export function descriptorOf(kind: string): KindDescriptor | undefined {
  return BY_KIND.get(kind)?.d;
}

export function familyOf(kind: string): FamilyDescriptor<Library> | undefined {
  return BY_KIND.get(kind)?.family;
}

/** The name as the library spells it: `diffusers.get_scheduler` → `get_scheduler`. */
export function bareKind(kind: string): string {
  const f = familyOf(kind) ?? (FAMILY_LIST as readonly FamilyDescriptor<Library>[]).find((x) => x.kindPrefix && kind.startsWith(x.kindPrefix));
  return f && f.kindPrefix ? kind.slice(f.kindPrefix.length) : kind;
}

/** The kind whose parameters name a kind's arguments (get_reduce_on_plateau_schedule's are ReduceLROnPlateau's). */
function paramsOwner(kind: string): KindDescriptor | undefined {
  const d = descriptorOf(kind);
  return d?.forwardsTo ? descriptorOf(d.forwardsTo) ?? d : d;
}

// ---- which path names which kind

/** The kind a library path (`torch.optim.lr_scheduler.StepLR`, `diffusers.optimization.get_scheduler`) names, if any. */
export function kindForPath(path: string): { kind: string; library: Library } | null {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return null;
  const mod = path.slice(0, dot);
  const name = path.slice(dot + 1);
  for (const f of FAMILY_LIST as readonly FamilyDescriptor<Library>[]) {
    const e = BY_KIND.get(f.kindPrefix + name);
    if (!e || e.family !== f) continue;
    if ((e.d.modules ?? f.modules).test(mod)) return { kind: e.d.kind, library: f.library };
  }
  return null;
}

/** Class names and family words that make a source block worth reading. */
export function triggerWords(): string[] {
  const names = ALL_KINDS.map((d) => bareKind(d.kind)).filter((k) => /^[A-Z]/.test(k) && k !== 'ParamwiseScheduler');
  return [...new Set(names), ...(FAMILY_LIST as readonly FamilyDescriptor<Library>[]).flatMap((f) => f.triggers)];
}

// ---- the engine

/** `step()` takes a metric (ReduceLROnPlateau, `get_scheduler('greedy', …)`, timm's plateau). */
export function isMetricDriven(spec: { kind: string; args: Readonly<Record<string, ArgValue>> }): boolean {
  const m = descriptorOf(spec.kind)?.metricDriven;
  return typeof m === 'function' ? m(spec.args) : m === true;
}

const CYCLIC_NAMES = new Set(ALL_KINDS.filter((d) => d.cyclic).map((d) => bareKind(d.kind)));

/** A kind (as a finding names it: bare) whose rise at the start is a cycle, not a warm-up. */
export function isCyclicKind(name: string): boolean {
  return CYCLIC_NAMES.has(name) || CYCLIC_NAMES.has(bareKind(name));
}

// ---- run lengths

function lengthContext(spec: ScheduleSpec, fallback: number): LengthContext {
  const a = spec.args;
  return {
    args: a,
    num: (k) => (typeof a[k] === 'number' && Number.isFinite(a[k] as number) ? (a[k] as number) : null),
    nums: (k) => (Array.isArray(a[k]) ? (a[k] as unknown[]).filter((x): x is number => typeof x === 'number') : []),
    lengthOf: (s) => naturalLength(s, fallback),
  };
}

/** How long to draw a schedule when the loops do not say: the kind's rule, else its num_training_steps, else `fallback`. */
export function naturalLength(spec: ScheduleSpec, fallback: number): number {
  const c = lengthContext(spec, fallback);
  const d = descriptorOf(spec.kind);
  if (d?.naturalLength) return d.naturalLength(c, fallback);
  return c.num('num_training_steps') || fallback;
}

/** The length a schedule is sized for (num_training_steps, OneCycleLR's total_steps), when it declares one. */
export function declaredLength(spec: ScheduleSpec): number | null {
  const c = lengthContext(spec, 0);
  const d = descriptorOf(spec.kind);
  if (d?.declaredLength) return d.declaredLength(c);
  const t = c.num('num_training_steps');
  return t !== null && t > 0 ? t : null;
}

// ---- parameter roles: assumption defaults

const ROLE_BY_NAME = new Map<string, ParamRole>(Object.entries(NAMED_ROLES) as [string, ParamRole][]);
const RULE_BY_NAME = new Map<string, ParamRule>();
for (const d of ALL_KINDS) {
  for (const p of d.params) {
    if (p.role && !ROLE_BY_NAME.has(p.name)) ROLE_BY_NAME.set(p.name, p.role);
    if (p.rule && !RULE_BY_NAME.has(p.name)) RULE_BY_NAME.set(p.name, p.rule);
  }
}

/** What parameter `name` of `kind` is: its own declaration, else what the name is wherever it is declared. */
export function roleOf(kind: string, name: string): ParamRole | undefined {
  return paramsOwner(kind)?.params.find((p) => p.name === name)?.role ?? ROLE_BY_NAME.get(name);
}

/** Default for a scheduler parameter whose value is unknown, or null when its role does not say. */
export function defaultForParam(kind: string, param: string, d: RunDefaults): { value: number; reason: string } | null {
  const role = roleOf(kind, param);
  return role ? ROLE_ASSUMPTIONS[role](d) : null;
}

// ---- the generator

/** What the generator accepts for `name` asked under `kind`: the kind's declaration, else the name's wherever declared. */
export function ruleFor(kind: string, name: string): ParamRule | undefined {
  const d = descriptorOf(kind);
  return paramsOwner(kind)?.params.find((p) => p.name === name)?.rule ?? d?.askedRules?.[name] ?? RULE_BY_NAME.get(name);
}

/** The module a generated call imports `kind` from. */
export function importModule(kind: string): string | undefined {
  const e = BY_KIND.get(kind);
  if (!e) return undefined;
  return e.d.importFrom ?? e.family.importFrom?.(bareKind(kind));
}

// ---- chart markers

const MAX_MARKERS = 200;

/** Markers of one spec over [0, steps] in its own steps (offset for SequentialLR children). */
export function markersOf(specIn: { kind: string; args: Record<string, unknown> } | null, steps: number, offset = 0, depth = 0): Marker[] {
  if (!specIn || depth > 6) return [];
  const spec = descriptorOf(specIn.kind)?.resolve?.(specIn) ?? specIn;
  const a = spec.args;
  const out: Marker[] = [];
  const limit = steps - offset;
  const num = (k: string) => {
    const v = a[k];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const add = (step: number | null, kind: MarkerKind, label: string) => {
    if (step !== null && step > 0 && step <= limit && out.length < MAX_MARKERS) out.push({ step, kind, label });
  };
  // timm's lengths count epochs (or updates, by t_in_epochs) while its chart is drawn per optimizer
  // step: its warm-up is not marked in its own steps (the spec does not say the updates per epoch).
  const warmupName = familyOf(spec.kind)?.protocol === 'timm' ? undefined : Object.keys(a).find((k) => roleOf(spec.kind, k) === 'warmup');
  const warmup = warmupName !== undefined ? num(warmupName) : null;
  if (warmup !== null && warmup > 0) add(warmup, 'warmup', msg('warm-up end'));
  const c: MarkerContext = {
    args: a,
    num,
    nums: (k) => {
      const v = a[k];
      return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)) : [];
    },
    limit,
    warmup,
    add,
    periodic: (start, period, kind, label) => {
      if (!(period > 0)) return;
      for (let s = start; s <= limit && out.length < MAX_MARKERS; s += period) out.push({ step: s, kind, label });
    },
    child: (k, childSteps) => markersOf(k as { kind: string; args: Record<string, unknown> }, childSteps, 0, depth + 1),
  };
  descriptorOf(spec.kind)?.markers?.(c);
  // Dedupe (same step and kind), sort.
  const seen = new Set<string>();
  return out
    .filter((m) => {
      const k = `${m.kind}:${m.step}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((x, y) => x.step - y.step);
}
