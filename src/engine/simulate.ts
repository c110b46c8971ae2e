import type { Curve, OptimizerSpec, ScheduleSpec, SimulateOptions } from './spec';

/** Placeholder until the engine lands; the signature is final. */
export function simulate(_spec: ScheduleSpec, _optimizer: OptimizerSpec, _options: SimulateOptions): Curve {
  throw new Error('engine not implemented yet');
}
