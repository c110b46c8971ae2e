/**
 * A generated call tree as the engine's ScheduleSpec: the preview is `simulate()` of exactly this,
 * and the round-trip test checks that the emitted Python, analyzed, gives the same curve. Pure.
 */
import { simulateSchedule } from '../model/curves';
import { METRIC_DRIVEN_KINDS } from '../engine/signatures';
import { familyOf } from '../engine/kinds';
import type { ArgValue, Curve, LrCallable, OptimizerSpec, ScheduleSpec } from '../engine/spec';
import type { GenCall, GenCallable, GenValue } from './catalogue';

/**
 * The JavaScript twin of each generated Python callable, operation for operation (Python's int /
 * int true division and JavaScript's division of the same exact doubles round the same way).
 */
export function callableOf(c: GenCallable): LrCallable {
  switch (c.callable) {
    case 'warmupLinearDecay': {
      const { warmup, total } = c;
      return (step: number) => (step < warmup ? step / warmup : Math.max(0.0, (total - step) / (total - warmup)));
    }
    case 'constantFactor': {
      const f = c.factor;
      return () => f;
    }
  }
}

export function isCall(v: GenValue): v is GenCall {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'kind' in v;
}

export function isCallable(v: GenValue): v is GenCallable {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'callable' in v;
}

function toArg(v: GenValue): ArgValue {
  if (isCall(v)) return toSpec(v);
  if (isCallable(v)) return callableOf(v);
  if (Array.isArray(v)) return (v as Array<number | GenCall>).map((x) => (typeof x === 'number' ? x : toSpec(x)));
  return v;
}

export function toSpec(call: GenCall): ScheduleSpec {
  const args: Record<string, ArgValue> = {};
  for (const [k, v] of Object.entries(call.args)) args[k] = toArg(v);
  return { kind: call.kind, args };
}

/** The optimizer the preview assumes: the file's type and lr, one param group (SGD with momentum for cycling). */
export function previewOptimizer(lr: number, type = 'SGD'): OptimizerSpec {
  return { type, defaultLr: lr, paramGroups: [{ lr, ...(type === 'SGD' ? { momentum: 0.9 } : { betas: [0.9, 0.999] as [number, number] }) }] };
}

/**
 * The curve of a generated call, as the editor will draw it once inserted: the same run
 * (src/core/model/curves.ts simulateSchedule), metric-driven kinds with the one synthetic metric policy
 * in the call's own mode. A timm call is stepped as the generator writes it into the loops (train.py's
 * `step_update` after each of `stepsPerEpoch` optimizer steps, `step(epoch + 1)` at each epoch's end)
 * and drawn as the lr each optimizer step trains with; without batches per epoch each step is an epoch.
 */
export function simulateCall(call: GenCall, optimizer: OptimizerSpec, steps: number, stepsPerEpoch?: number): Curve {
  const md = METRIC_DRIVEN_KINDS.has(call.kind);
  if (familyOf(call.kind)?.protocol === 'timm') {
    const U = stepsPerEpoch !== undefined && stepsPerEpoch > 0 ? stepsPerEpoch : 0;
    return simulateSchedule(toSpec(call), optimizer, steps, md, { updatesPerEpoch: U, epochCalls: true });
  }
  return simulateSchedule(toSpec(call), optimizer, steps, md);
}
