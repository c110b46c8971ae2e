/**
 * The scheduler families beyond torch and transformers (diffusers, timm, DeepSpeed): the Python
 * modules their names live in, the prefix their kinds carry in a ScheduleSpec (diffusers'
 * `get_scheduler` is not transformers', so kinds are qualified: `diffusers.get_scheduler`), and
 * how they are stepped. Each family is declared once, in its file under src/core/engine/kinds.
 */
import { FAMILY_LIST, bareKind, type FamilyDescriptor as KindFamily, type Library } from './kinds';

export type FamilyLibrary = Exclude<Library, 'torch' | 'transformers'>;

export type FamilyDescriptor = KindFamily<FamilyLibrary>;

/** The families whose kinds carry a prefix. */
export const FAMILIES: readonly FamilyDescriptor[] = (FAMILY_LIST as readonly KindFamily<Library>[]).filter(
  (f): f is FamilyDescriptor => f.kindPrefix !== '',
);

/** The family a qualified kind belongs to, or undefined for torch and transformers kinds. */
export function familyOfKind(kind: string): FamilyDescriptor | undefined {
  for (const f of FAMILIES) if (kind.startsWith(f.kindPrefix)) return f;
  return undefined;
}

export { bareKind };
