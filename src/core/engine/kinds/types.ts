/**
 * A scheduler kind, declared once: its parameters (positional order, defaults, what each one is —
 * a length, a rate, an lr — and what the generator accepts for it), how the engine builds it, its
 * natural and declared run length, its chart markers, whether it is cyclic or metric-driven, and
 * how it is stepped. Engine signatures, the builder table, run-length rules, markers, summary
 * flags, assumption defaults and the generator's rules and imports are all read from these.
 * Pure: no vscode, no DOM, no Node.
 */
import type { Args } from '../args';
import type { SimOptimizer } from '../optimizer';
import type { ArgValue, ScheduleSpec } from '../spec';
import type { Steppable } from '../torch/lrScheduler';
import type { ParamRole } from './roles';

/** What the generator accepts for a parameter (parsed by src/core/generator/params.ts). */
export interface ParamRule {
  /** `text`: a Python string, checked by the library itself (diffusers' step_rules). */
  type: 'int' | 'float' | 'choice' | 'intList' | 'text';
  /** Lower bound; exclusive when `minExclusive`. */
  min?: number;
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  choices?: readonly string[];
}

export interface ParamDecl {
  name: string;
  /** Absent when the argument is required. `null` is Python's None. */
  default?: ArgValue;
  /** What the value is: decides the assumption used when the code's value is unknown (./roles.ts). */
  role?: ParamRole;
  /** What the generator (and a typed-in value) may be. */
  rule?: ParamRule;
}

/** Builds the kind's engine object from named arguments; `construct` builds a nested spec (SequentialLR's children, a factory's target). */
export type KindBuilder = (opt: SimOptimizer, a: Args, construct: (spec: ScheduleSpec, opt: SimOptimizer) => Steppable) => Steppable;

/** A number argument, when it is a finite number. */
export type NumberOf = (name: string) => number | null;

export type MarkerKind = 'warmup' | 'milestone' | 'restart';

export interface Marker {
  /** In the scheduler's own steps. */
  step: number;
  kind: MarkerKind;
  label: string;
}

/** What a kind's `markers` hook draws with. */
export interface MarkerContext {
  args: Readonly<Record<string, unknown>>;
  /** Finite number arguments. */
  num: NumberOf;
  /** Finite numbers of a list argument. */
  nums(name: string): number[];
  /** The last step markers may be placed at. */
  limit: number;
  /** The warm-up end already marked (a `warmup`-role argument), when there is one. */
  warmup: number | null;
  add(step: number | null, kind: MarkerKind, label: string): void;
  /** A marker every `period` steps from `start`. */
  periodic(start: number, period: number, kind: MarkerKind, label: string): void;
  /** Markers of a nested spec over [0, steps], in its own steps. */
  child(spec: unknown, steps: number): Marker[];
}

/** What a kind's run-length hooks read. */
export interface LengthContext {
  num: NumberOf;
  nums(name: string): number[];
  args: Readonly<Record<string, ArgValue>>;
  /** The natural length of a nested spec (SequentialLR's last child). */
  lengthOf(spec: ScheduleSpec): number;
}

export interface KindDescriptor {
  /** The ScheduleSpec kind: the library's name, qualified by the family's prefix (`timm.CosineLRScheduler`). */
  kind: string;
  /** Parameters in the library's positional order (`optimizer` where the library takes it positionally). */
  params: readonly ParamDecl[];
  /** Accepts `**kwargs` passed on to another scheduler. */
  varKeywords?: boolean;
  /** The kind whose parameters `**kwargs` are (get_reduce_on_plateau_schedule → ReduceLROnPlateau): its names in messages and rules. */
  forwardsTo?: string;
  /** Python modules the name is imported from, when not the family's (torch's SWALR: `torch.optim.swa_utils`). */
  modules?: RegExp;
  /** The module the generator imports it from, when not the family's. */
  importFrom?: string;
  build: KindBuilder;
  /** `step()` takes a metric; a function when it depends on the arguments (`get_scheduler('reduce_lr_on_plateau')`). */
  metricDriven?: boolean | ((args: Readonly<Record<string, ArgValue>>) => boolean);
  /** Its rise at the start is a cycle, not a warm-up (the summary then reports no warm-up). */
  cyclic?: boolean;
  /** How long to draw it when the loops do not say (the default: the family's rule). */
  naturalLength?(c: LengthContext, fallback: number): number;
  /** The length the schedule itself is sized for (OneCycleLR's total_steps); preferred over the loops'. */
  declaredLength?(c: LengthContext): number | null;
  /** Chart markers besides the warm-up end. */
  markers?(c: MarkerContext): void;
  /** The spec the markers are drawn for (get_scheduler: the function its name calls). */
  resolve?(spec: { kind: string; args: Record<string, unknown> }): { kind: string; args: Record<string, unknown> };
  /** Rules of values the generator asks under this kind that are not its parameters (MultiplicativeLR's `factor`, written into its lr_lambda). */
  askedRules?: Readonly<Record<string, ParamRule>>;
  /** Why the generator does not offer it (else a catalogue entry must reach it; a unit test checks). */
  notGenerated?: string;
}

export interface FamilyDescriptor<L extends string = string> {
  library: L;
  /** The library's name as shown (the generator's library pick). */
  label: string;
  /** Module paths that export the family's schedulers, as a user imports them. */
  modules: RegExp;
  /** `kindPrefix + name` is the ScheduleSpec kind (empty for torch and transformers). */
  kindPrefix: string;
  /** The module the generator imports a kind from (`kind → module`). */
  importFrom?(name: string): string;
  /**
   * `step`: one `scheduler.step()` per optimizer step, as torch. `timm`: timm's two calls,
   * `step_update(num_updates)` per batch and `step(epoch)` per epoch (see src/core/engine/timm).
   */
  protocol: 'step' | 'timm';
  /** No module exports its kinds (a hand-written schedule: the code is the schedule); `modules` then matches nothing. */
  noModule?: true;
  /** Words that make a source block worth reading besides the kinds' class names. */
  triggers: string[];
  kinds: readonly KindDescriptor[];
}
