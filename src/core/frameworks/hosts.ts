/**
 * Python objects the analysis models itself: optimizers, schedulers and the records behind them.
 * Calling `.step()` on them records where and how it was called.
 */
import type { LrCallable, OptimizerSpec, ScheduleSpec } from '../engine/spec';
import type { Library } from '../engine/signatures';
import type { CallSite, LoopFrame, LoopGuard } from '../python/evaluatorApi';
import type { StepUnit } from '../model/types';
import { HostObject, PyBuiltin, PyDict, PyList, type Value } from '../python/values';

export interface SpanRec {
  start: number;
  end: number;
}

export interface ArgRec {
  name: string;
  text?: string;
  span?: SpanRec;
  isLiteral: boolean;
  positional: boolean;
}

export interface StepCallRec {
  span: SpanRec;
  /** `whileLoop`: a `while` the interpreter ran, whose count (null) stayed unknown: the run length is not the loops'. */
  loops: { kind: LoopFrame['kind']; variable: string | null; iterable: string; count: Value | null; total?: boolean; whileLoop?: true }[];
  afterOptimizerStep: boolean | null;
  metric: string | null;
  active: boolean;
  /** optimizer.step() calls of the innermost loop around the call (the frame's list, filled as the body runs). */
  optimizerCalls: SpanRec[];
  /** Accumulation guards between the innermost loop and the call. */
  guards: LoopGuard[];
  /** Loops around the calls of the enclosing functions, outermost first. */
  callerLoops: StepCallRec['loops'];
  /** The call is inside a function body (its callers' loops may not all be known). */
  inFunction: boolean;
  /** timm's per-batch `step_update(num_updates)`; absent for `step(…)`. */
  method?: 'step_update';
  /**
   * A DeepSpeed engine's `step()`: the engine steps the scheduler only at a gradient-accumulation
   * boundary, once every `every` calls counted over the whole run (its `micro_steps`).
   */
  engine?: { every: Value | null; text: string };
}

export interface DiagRec {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** For LR Lens's own wording (ownMessage): the template and arguments to translate. */
  template?: string;
  args?: string[];
  span?: SpanRec;
}

export interface FindingRec {
  id: number;
  /** File offset of the call (and of the factory calls it was reached through): identifies the construction across repeated executions. */
  key: string;
  /** For a construction inside a user's factory function: where it is written (`span` is the factory's call). */
  definedAt?: SpanRec;
  kind: string;
  library: Library;
  span: SpanRec;
  args: ArgRec[];
  params: Record<string, unknown>;
  spec: ScheduleSpec;
  optimizer: OptimizerSpec;
  deps: Set<string>;
  names: string[];
  active: boolean;
  parent: number | null;
  children: number[];
  stepCalls: StepCallRec[];
  diagnostics: DiagRec[];
  /** Unit stated by the code itself (Lightning's "interval"). */
  unitHint?: StepUnit;
  /** The run it is sized for when no loop in the file steps it (a Trainer's optimizer steps, for the DeepSpeed schedule it builds). */
  runLength?: number;
  /** Lightning's `"frequency"`: the scheduler steps once every this many intervals. */
  frequency?: number;
  trainer?: Record<string, unknown>;
  callables: { fn: LrCallable; name: string }[];
  /** The run length and unit the code gives without step calls (a hand-written schedule's loops). */
  loopRun?: { unit: StepUnit; steps: number; source: string; deps: string[] };
  /** Set when the spec must be computed at the end (TrainingArguments). */
  finalize?: () => void;
  /**
   * Built by a framework on behalf of a user's function (Lightning's `trainer.fit(model)` calling
   * `configure_optimizers`): the offset of that function's call, where the finding goes when the call returns (see Program.onFactoryReturn).
   */
  builtFor?: number;
  /**
   * The framework call it was built through at module level (`trainer.fit(model)`): when one
   * construction is built through several, each is its own finding at its call (Program.run).
   */
  reachedThrough?: SpanRec;
  /** The assumptions that chose the branches it is built in (Evaluator.pathDeps). */
  chosenBy?: string[];
  /** The keywords of the Lightning `Trainer(…)` whose `fit` built it (its run length; else the file's Trainers). */
  lightningTrainer?: Map<string, Value>;
}

/** A dict of `optimizer.param_groups`: writing its `'lr'` by hand is a schedule (adapters/handwritten.ts). */
export class ParamGroupDict extends PyDict {
  constructor(
    readonly optimizer: OptimizerHost,
    readonly index: number,
  ) {
    super();
  }
}

export class OptimizerHost extends HostObject {
  readonly typeName: string;
  /** While a hand-written schedule's loop is re-run: the param groups it writes (one list, kept between iterations). */
  replayGroups: PyList | null = null;
  /** Fresh param-group dicts as the optimizer was built. */
  groupDicts(): PyList {
    return new PyList(
      this.spec.paramGroups.map((g, i) => {
        const d = new ParamGroupDict(this, i);
        d.set('lr', g.lr);
        if (g.initial_lr !== undefined) d.set('initial_lr', g.initial_lr);
        if (g.lr_scale !== undefined) d.set('lr_scale', g.lr_scale);
        return d;
      }),
    );
  }
  constructor(
    public spec: OptimizerSpec & { defaultLr?: number },
    public deps: string[],
  ) {
    super();
    this.typeName = spec.type;
  }
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'step':
        return new PyBuiltin('step', (_a, _k, call) => {
          const site = call as CallSite;
          for (const f of site.interp.loops) {
            f.optimizerSteps.push(site.start);
            if (!f.optimizerCalls.some((c) => c.start === site.start)) f.optimizerCalls.push({ start: site.start, end: site.end });
          }
          return null;
        });
      case 'zero_grad':
        return new PyBuiltin('zero_grad', () => null);
      case 'param_groups':
        return this.replayGroups ?? this.groupDicts();
      case 'defaults': {
        const d = new PyDict();
        d.set('lr', this.spec.defaultLr ?? this.spec.paramGroups[0]?.lr ?? null);
        return d;
      }
    }
    return undefined;
  }
}

export class SchedulerHost extends HostObject {
  readonly typeName: string;
  constructor(
    public rec: FindingRec,
    public optimizer: OptimizerHost | null,
  ) {
    super();
    this.typeName = rec.kind;
  }
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'step_update':
      case 'step':
        if (name === 'step_update' && !this.rec.spec.kind.startsWith('timm.')) return undefined;
        return new PyBuiltin(name, (args, kwargs, call) => {
          const site = call as CallSite;
          const I = site.interp;
          const loops = I.loops;
          let after: boolean | null = null;
          if (loops.length) {
            const inner = loops[loops.length - 1];
            after = inner.optimizerSteps.some((o) => o < site.start) ? true : inner.optimizerSteps.length ? false : null;
            if (after === null && loops.some((f) => f.optimizerSteps.length)) after = true;
          }
          for (const f of loops) f.stepped = true;
          if (this.rec.stepCalls.some((s) => s.span.start === site.start)) return null;
          // timm: step(epoch, metric) and step_update(num_updates, metric): the metric is the second argument.
          const timm = this.rec.spec.kind.startsWith('timm.');
          const metricNode = timm
            ? site.argNodes.filter((a) => a.kind === 'pos')[1] ?? site.argNodes.find((a) => a.name === 'metric')
            : site.argNodes.find((a) => a.kind === 'pos' || a.name === 'metrics');
          this.rec.stepCalls.push({
            span: { start: site.start, end: site.end },
            loops: loops.map(loopRecord),
            afterOptimizerStep: after,
            metric: metricNode ? site.home.text.slice(metricNode.value.from, metricNode.value.to) : null,
            active: !I.inactive,
            optimizerCalls: loops.length ? loops[loops.length - 1].optimizerCalls : [],
            guards: loops.length ? [...loops[loops.length - 1].guards] : [],
            callerLoops: I.callerLoops.map(loopRecord),
            inFunction: I.callDepth > 0,
            ...(name === 'step_update' ? { method: 'step_update' as const } : {}),
          });
          void args;
          void kwargs;
          return null;
        });
      case 'optimizer':
        return this.optimizer ?? undefined;
      case 'get_last_lr':
        return new PyBuiltin('get_last_lr', () => new PyList(this.rec.optimizer.paramGroups.map((g) => g.lr)));
      case 'base_lrs':
        return new PyList(this.rec.optimizer.paramGroups.map((g) => g.initial_lr ?? g.lr));
    }
    return undefined;
  }
}

/**
 * A loop around a step call, as the call records it. A `while` loop the interpreter runs (its
 * condition known each time) knows its count only once it ends, after the calls in it: its count
 * is then read from the loop when asked.
 */
function loopRecord(f: LoopFrame): StepCallRec['loops'][number] {
  const r: StepCallRec['loops'][number] = { kind: f.kind, variable: f.variable, iterable: f.iterable, count: f.count, ...(f.total ? { total: true } : {}) };
  if (f.count === null && f.node?.t === 'while') {
    Object.defineProperty(r, 'count', { get: () => f.count, enumerable: true });
    r.whileLoop = true;
  }
  return r;
}
