import { Args } from './args';
import { valueError } from './errors';
import { bareKind, descriptorOf } from './kinds';
import { ownMessage } from '../l10n/translate';
import type { SimOptimizer } from './optimizer';
import type { ScheduleSpec } from './spec';
import type { Steppable } from './torch/lrScheduler';

/** Constructs the scheduler `spec` describes on `optimizer`, mutating it as the library does: by its kind descriptor's builder (src/core/engine/kinds). */
export function construct(spec: ScheduleSpec, optimizer: SimOptimizer): Steppable {
  const d = descriptorOf(spec.kind);
  if (!d) throw valueError(ownMessage("LR Lens does not know the scheduler '{0}'", spec.kind));
  const bare = bareKind(spec.kind);
  const callName = bare !== spec.kind ? (/^[A-Z]/.test(bare) ? `${bare}.__init__()` : `${bare}()`) : undefined;
  // A kind that forwards **kwargs (get_reduce_on_plateau_schedule) reads them as its target's arguments, and
  // the target is what refuses a wrong one: `ReduceLROnPlateau.__init__() got an unexpected keyword argument`.
  const args = d.forwardsTo ? new Args(d.forwardsTo, spec.args, undefined, spec.floats) : new Args(spec.kind, spec.args, callName, spec.floats);
  return d.build(optimizer, args, construct);
}
