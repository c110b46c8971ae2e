/**
 * The scheduler families beyond torch and transformers, each declared once: the Python modules its
 * names live in, the prefix its kinds carry in a ScheduleSpec (diffusers' `get_scheduler` is not
 * transformers', so kinds are qualified: `diffusers.get_scheduler`), and how it is stepped.
 * The analysis (recognition, star imports, trigger words), the engine (builders, signatures) and
 * the display layers (the name shown) all read this table.
 */
export type FamilyLibrary = 'diffusers' | 'timm' | 'deepspeed';

export interface FamilyDescriptor {
  library: FamilyLibrary;
  /** Module paths that export the family's schedulers, as a user imports them. */
  modules: RegExp;
  /** `kindPrefix + name` is the ScheduleSpec kind. */
  kindPrefix: string;
  /**
   * `step`: one `scheduler.step()` per optimizer step, as torch. `timm`: timm's two calls,
   * `step_update(num_updates)` per batch and `step(epoch)` per epoch (see src/engine/timm).
   */
  protocol: 'step' | 'timm';
  /** Words that make a source block worth reading (the family's constructors). */
  triggers: string[];
}

export const FAMILIES: readonly FamilyDescriptor[] = [
  {
    library: 'diffusers',
    modules: /^diffusers(\.optimization)?$/,
    kindPrefix: 'diffusers.',
    protocol: 'step',
    triggers: ['get_scheduler', '_schedule'],
  },
  {
    library: 'timm',
    modules: /^timm\.scheduler(\.(scheduler_factory|cosine_lr|tanh_lr|step_lr|multistep_lr|poly_lr|plateau_lr))?$/,
    kindPrefix: 'timm.',
    protocol: 'timm',
    triggers: ['LRScheduler', 'create_scheduler'],
  },
  {
    library: 'deepspeed',
    modules: /^deepspeed\.runtime\.lr_schedules$/,
    kindPrefix: 'deepspeed.',
    protocol: 'step',
    triggers: ['WarmupLR', 'WarmupDecayLR', 'WarmupCosineLR', 'OneCycle', 'LRRangeTest'],
  },
];

/** The family a qualified kind belongs to, or undefined for torch and transformers kinds. */
export function familyOfKind(kind: string): FamilyDescriptor | undefined {
  for (const f of FAMILIES) if (kind.startsWith(f.kindPrefix)) return f;
  return undefined;
}

/** The name as the library spells it: `diffusers.get_scheduler` → `get_scheduler`. */
export function bareKind(kind: string): string {
  const f = familyOfKind(kind);
  return f ? kind.slice(f.kindPrefix.length) : kind;
}
