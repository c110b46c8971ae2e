/**
 * Entry point: Python source → AnalysisResult. `analyze()` is one-shot; `Analyzer` keeps the parsed
 * blocks of the previous version of a document so re-analysis after an edit re-parses only what
 * changed. Nothing escapes: any failure becomes a diagnostic.
 */
import { accelerateInfo } from '../frameworks/accelerate';
import { accelerateState } from '../frameworks/adapters/accelerate';
import { lightningRunLength, lightningTrainers } from '../frameworks/adapters/lightning';
import { TRIGGER } from '../frameworks/adapters/index';
import { handledWrites, isHandWritten } from '../frameworks/adapters/handwritten';
import { declaredLength as declaredScheduleLength, familyOf, isMetricDriven } from '../engine/kinds';
import { AssumptionTable, DEFAULT_DATASET_SIZE, DEFAULT_RUN_LENGTH } from './assumptions';
import { rescanBlocks, scanBlocks, type BlockInfo, type ScanResult } from '../python/blocks';
import type { FindingRec, SpanRec, StepCallRec } from '../frameworks/hosts';
import { now } from '../python/parse';
import { unmodelled } from '../frameworks/unmodelled';
import { subclassVerdicts } from '../frameworks/subclass';
import { ParseCache, Program } from './program';
import { scheduleLength, stepping, timmProtocol, unitOf } from '../frameworks/stepCalls';
import { ownMessage } from '../l10n/translate';
import type { AnalysisResult, AnalyzeOptions, Assumption, Diagnostic, SchedulerFinding, StepCall } from './types';
import { Assumed, isNumber, Opaque, toFloat, type Value } from '../python/values';

/**
 * Wall-clock guard of one analysis, ms. The work budgets (ANALYSIS_OPS operations, parseBudget's
 * parser steps) bound the work and decide every result; this only fires when the machine is
 * starved, and then the analysis says it was too slow instead of returning a different answer.
 */
export const DEFAULT_TIME_LIMIT_MS = 5_000;

export class Analyzer {
  private readonly cache = new ParseCache();
  private previous: { src: string; blocks: BlockInfo[] } | null = null;

  analyze(source: string, options: AnalyzeOptions = {}): AnalysisResult {
    const t0 = now();
    try {
      return this.run(source, options, t0);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      return {
        schedulers: [],
        assumptions: [],
        diagnostics: [{ severity: 'error', ...ownMessage('Analysis failed: {0}', msg) }],
        timeMs: now() - t0,
        stats: { blocks: 0, parsedBlocks: 0, reusedBlocks: 0, ops: 0 },
      };
    }
  }

  private run(source: string, options: AnalyzeOptions, t0: number): AnalysisResult {
    if (typeof source !== 'string') source = String(source ?? '');
    this.cache.begin();
    const defaults = {
      datasetSize: options.defaultDatasetSize ?? DEFAULT_DATASET_SIZE,
      runLength: options.defaultRunLength ?? DEFAULT_RUN_LENGTH,
    };
    const table = new AssumptionTable(options.assumptions ?? {}, defaults);
    let scan: ScanResult;
    try {
      scan = this.previous ? rescanBlocks(this.previous, source, TRIGGER) : scanBlocks(source, TRIGGER);
    } catch {
      scan = scanBlocks(source, TRIGGER);
    }
    this.previous = { src: source, blocks: scan.blocks };
    const P = new Program(source, {
      assumptions: table,
      deadline: t0 + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS),
      cache: this.cache,
      scan,
      ...(options.files ? { files: options.files } : {}),
    });
    P.run();
    if (P.tooSlow) {
      return {
        schedulers: [],
        assumptions: [],
        diagnostics: [{ severity: 'error', ...ownMessage('The analysis took longer than {0} ms on this machine and was abandoned (no partial result is shown)', options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS) }],
        timeMs: now() - t0,
        stats: { blocks: P.blocks.length, parsedBlocks: this.cache.parsed, reusedBlocks: this.cache.reused, ops: P.interp.opsStart - P.interp.ops },
      };
    }
    // The generic info on `…['lr'] = …` stays off the writes the hand-written adapter modelled or explained.
    const handled = handledWrites(P);
    const lineOf = (at: number) => source.lastIndexOf('\n', at - 1);
    const verdicts = subclassVerdicts(P);
    for (const u of unmodelled(source, (name) => verdicts.get(name))) {
      if (u.rule === 'handwritten' && handled.some((h) => lineOf(h.start) === lineOf(u.start) || (h.start <= u.start && u.start < h.end))) continue;
      P.diagnostic('info', u.text, u.start, u.end);
    }
    const schedulers = P.findings.map((rec) => toFinding(P, rec, defaults.runLength));
    const diagnostics: Diagnostic[] = P.diagnostics.map(({ span, ...d }) => ({ ...d, ...(span ? { range: P.rangeOf(span.start, span.end) } : {}) }));
    return {
      schedulers,
      assumptions: table.all(),
      diagnostics,
      ...(P.fileRequests.size ? { files: [...P.fileRequests].map(([path, read]) => ({ path, read })) } : {}),
      timeMs: now() - t0,
      stats: {
        blocks: P.blocks.length,
        parsedBlocks: this.cache.parsed,
        reusedBlocks: this.cache.reused,
        ops: P.interp.opsStart - P.interp.ops,
      },
    };
  }
}

/** One-shot analysis of a file's text. */
export function analyze(source: string, options: AnalyzeOptions = {}): AnalysisResult {
  return new Analyzer().analyze(source, options);
}

function loopInfo(l: StepCallRec['loops'][number]): StepCall['loops'][number] {
  let n = l.count;
  if (n instanceof Assumed) n = n.value;
  return { kind: l.kind, variable: l.variable, iterable: l.iterable, count: n !== null && isNumber(n) ? toFloat(n) : null };
}

/**
 * An Accelerator's gradient_accumulation_steps that the file does not give
 * (`Accelerator(gradient_accumulation_steps=gas)` with `gas` from the command line): accelerate's
 * default, 1, as a named assumption the user can change, so the steps counted under
 * `accelerator.accumulate(...)` say what they rest on instead of leaving the period unknown.
 */
function accumulationSteps(P: Program, v: Value): Value {
  if (v instanceof Assumed || isNumber(v) || !(v instanceof Opaque)) return v;
  const range = v.range ? P.rangeOf(v.range.start, v.range.end) : undefined;
  // The reason the name heuristics give an unknown `args.gradient_accumulation_steps` (./assumptions.ts).
  const value = P.assumptions.use(v.text, 1, 'gradient accumulation unknown', range);
  return new Assumed(value, [v.text]);
}

/**
 * The gradient_accumulation_steps of the Accelerator whose `accumulate(...)` guards a step call
 * innermost (an assumption when the file does not give it), or undefined when no such guard or
 * Accelerator is known.
 */
function accumulatePeriod(P: Program, c: StepCallRec): Value | undefined {
  const g = c.guards[c.guards.length - 1];
  if (!g || g.kind !== 'accumulate') return undefined;
  const accelerators = accelerateState(P).accelerators;
  let n = g.object !== undefined && typeof g.object === 'object' && g.object !== null ? accelerators.get(g.object) : undefined;
  // One Accelerator in the file: that is the one being entered.
  if (n === undefined && accelerators.size === 1) n = [...accelerators.values()][0];
  return n === undefined ? undefined : accumulationSteps(P, n);
}

/** The innermost accumulation guard of a step call, with its period resolved; the assumptions the period rests on go to `deps`. */
function accumulationOf(P: Program, c: StepCallRec, deps: Set<string>): StepCall['accumulation'] {
  if (c.engine) {
    let e = c.engine.every;
    if (e instanceof Assumed) e = e.value;
    const n = e !== null && isNumber(e) ? toFloat(e) : null;
    return { kind: 'engine', text: c.engine.text, every: n !== null && Number.isInteger(n) && n >= 1 ? n : null };
  }
  const g = c.guards[c.guards.length - 1];
  // A window of the loop's iterations (`if epoch > swa_start:`) is counted in the run length, not an accumulation.
  if (!g || g.kind === 'window') return null;
  let n: Value | null | undefined = g.kind === 'accumulate' ? accumulatePeriod(P, c) : g.divisor;
  let assumed: string[] = [];
  if (n instanceof Assumed) {
    assumed = n.deps.filter((d) => P.assumptions.get(d));
    n.deps.forEach((d) => deps.add(d));
    n = n.value;
  }
  const every = n !== null && n !== undefined && isNumber(n) ? toFloat(n) : null;
  return { kind: g.kind, text: g.text, every: every !== null && Number.isInteger(every) && every >= 1 ? every : null, ...(assumed.length ? { assumed } : {}) };
}

function declaredLength(rec: FindingRec): number | null {
  return declaredScheduleLength(rec.spec);
}

/** Inputs of the schedule that are inf or nan (`lr = inf`, `eta_min = nan`), as `name = value`. */
function nonFiniteInputs(rec: FindingRec): string[] {
  const out: string[] = [];
  const show = (name: string, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) out.push(`\`${name}\` = ${Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf'}`);
  };
  rec.optimizer.paramGroups.forEach((g, i) => show(rec.optimizer.paramGroups.length > 1 ? `param_groups[${i}].lr` : 'lr', g.lr));
  const walk = (prefix: string, args: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(args)) {
      if (Array.isArray(v)) v.forEach((x, i) => (x && typeof x === 'object' && 'kind' in x ? walk(`${prefix}${k}[${i}].`, (x as { args: Record<string, unknown> }).args) : show(`${prefix}${k}[${i}]`, x)));
      else show(`${prefix}${k}`, v);
    }
  };
  walk('', rec.spec.args as Record<string, unknown>);
  return out;
}

/**
 * A call still being typed: its parentheses do not close (`CosineAnnealingLR(` — the parser's
 * recovery then swallows the lines after it as arguments), or a keyword argument has no value yet
 * (`T_max=`). Its curve would come from arguments that are not there.
 */
export function isIncompleteCall(text: string, args: readonly { text?: string; positional: boolean }[]): boolean {
  if (args.some((a) => a.text !== undefined && a.text.trim() === '')) return true;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const q = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += q.length;
      while (i < text.length && !text.startsWith(q, i)) i += text[i] === '\\' ? 2 : 1;
      i += q.length - 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return depth !== 0 || !/\)\s*$/.test(text);
}

function toFinding(P: Program, rec: FindingRec, runLength: number): SchedulerFinding {
  if (rec.finalize) {
    try {
      rec.finalize();
    } catch (err) {
      rec.diagnostics.push({ severity: 'warning', ...ownMessage("Could not compute the Trainer's schedule: {0}", (err as Error).message) });
    }
  }
  // Call each lr function on a few inputs now, so unknowns it reads become assumptions before the
  // curve is drawn, and obvious failures are reported here.
  P.collecting = new Set();
  for (const c of rec.callables) {
    for (const x of [0, 1]) {
      try {
        c.fn(x);
      } catch {
        break;
      }
    }
  }
  for (const d of P.collecting) rec.deps.add(d);
  P.collecting = null;
  const st = rec.loopRun ? { ...rec.loopRun, deps: new Set(rec.loopRun.deps) } : stepping(rec, P.findings, (c) => accumulatePeriod(P, c) ?? null);
  const deps = new Set([...rec.deps, ...st.deps, ...(rec.chosenBy ?? [])]);
  let natural = st.steps ?? rec.runLength ?? scheduleLength(rec.spec, runLength);
  let naturalSource = st.steps !== null ? st.source : 'schedule';
  // timm: one row per call of train.py's two-level loop.
  const timm = familyOf(rec.spec.kind)?.protocol === 'timm' ? timmProtocol(rec, runLength) : undefined;
  if (timm) {
    timm.deps.forEach((d) => deps.add(d));
    natural = timm.epochs * (timm.updatesPerEpoch + (timm.epochCalls ? 1 : 0));
    naturalSource = timm.source;
    st.unit = timm.updatesPerEpoch > 0 ? 'step' : 'epoch';
  }
  // A schedule that declares its own length (num_training_steps, OneCycleLR's total_steps) was
  // sized for the run: prefer it when the loops say otherwise (early `break`, accumulation).
  const declared = declaredLength(rec);
  if (!timm && st.steps !== null && declared !== null && declared !== st.steps) {
    rec.diagnostics.push({ severity: 'info', ...ownMessage('The loops run {0} steps ({1}); the schedule declares {2}, which is used', st.steps, st.source, declared) });
    natural = declared;
    naturalSource = 'schedule';
  }
  // Lightning steps the schedulers configure_optimizers returns: as long as the file's Trainer runs, every `frequency` intervals.
  let lightningSteps: number | null = null;
  if (st.steps === null && rec.unitHint) {
    const frequency = rec.frequency ?? 1;
    P.collecting = new Set();
    const l = lightningRunLength(rec.unitHint, rec.lightningTrainer ? [rec.lightningTrainer] : lightningTrainers(P), frequency, P);
    P.collecting = null;
    if (l && declared === null) {
      natural = lightningSteps = l.steps;
      naturalSource = l.source;
      l.deps.forEach((d) => deps.add(d));
    }
    if (frequency > 1 && l && l.steps === 0 && rec.unitHint === 'step' && l.batches !== undefined && frequency > l.batches)
      rec.diagnostics.push({ severity: 'warning', ...ownMessage('Lightning never steps this scheduler: its frequency {0} is more than the {1} batches of an epoch, and batch_idx starts again each epoch', frequency, l.batches) });
    else if (frequency > 1 && l && l.steps === 0 && rec.unitHint === 'epoch' && l.epochs !== undefined && frequency > l.epochs)
      rec.diagnostics.push({ severity: 'warning', ...ownMessage('Lightning never steps this scheduler: its frequency {0} is more than the {1} epochs the Trainer runs', frequency, l.epochs) });
    else if (frequency > 1)
      rec.diagnostics.push({
        severity: 'info',
        ...(rec.unitHint === 'step'
          ? ownMessage('Lightning steps it once every {0} batches (`frequency`): the curve has one point per scheduler step', frequency)
          : ownMessage('Lightning steps it once every {0} epochs (`frequency`): the curve has one point per scheduler step', frequency)),
      });
  }
  const infinite = nonFiniteInputs(rec);
  if (infinite.length) {
    const names = infinite.join(', ');
    rec.diagnostics.push({
      severity: 'warning',
      ...(infinite.length > 1
        ? ownMessage('{0} are not a finite number: PyTorch computes inf or nan learning rates from them', names)
        : ownMessage('{0} is not a finite number: PyTorch computes inf or nan learning rates from it', names)),
    });
  }
  const r = (s: SpanRec) => P.rangeOf(s.start, s.end);
  const acc = accelerateInfo(rec, [...accelerateState(P).prepares.values()], [...accelerateState(P).options.values()], P.assumptions);
  if (acc?.processes) deps.add(acc.processes);
  const accumulations = rec.stepCalls.map((c) => accumulationOf(P, c, deps));
  const assumptions: Assumption[] = [];
  for (const d of deps) {
    const a = P.assumptions.get(d);
    if (a) assumptions.push(a);
  }
  const range = r(rec.span);
  // A hand-written schedule is at a statement (`param_group['lr'] = lr`), not a call being typed.
  const incomplete = !isHandWritten(rec) && isIncompleteCall(P.src.slice(rec.span.start, rec.span.end), rec.args);
  const metricDriven = isMetricDriven(rec.spec);
  return {
    id: rec.id,
    name: rec.names[0] ?? null,
    aliases: [...rec.names],
    kind: rec.kind,
    library: rec.library,
    range,
    line: range.startPos.line + 1,
    ...(rec.definedAt ? { definedAt: r(rec.definedAt) } : {}),
    ...(incomplete ? { incomplete: true } : {}),
    arguments: rec.args.map((a) => ({
      name: a.name,
      ...(a.text !== undefined ? { text: a.text } : {}),
      ...(a.span ? { range: r(a.span) } : {}),
      isLiteral: a.isLiteral,
      positional: a.positional,
    })),
    params: rec.params,
    spec: rec.spec,
    optimizer: rec.optimizer,
    baseLrs: rec.optimizer.paramGroups.map((g) => g.lr),
    unit: st.unit,
    // A Lightning frequency that never fires: no step at all.
    naturalSteps: timm || lightningSteps === 0 ? Math.min(natural, 1_000_000) : Math.max(1, Math.min(natural, 1_000_000)),
    naturalStepsSource: naturalSource,
    stepCalls: rec.stepCalls.map((c, i) => ({
      range: r(c.span),
      loops: c.loops.map(loopInfo),
      unit: unitOf(c),
      afterOptimizerStep: c.afterOptimizerStep,
      metric: c.metric,
      optimizerSteps: [...c.optimizerCalls].sort((a, b) => a.start - b.start).map(r),
      accumulation: accumulations[i],
      callerLoops: c.inFunction ? c.callerLoops.map(loopInfo) : null,
      ...(c.method ? { method: c.method } : {}),
    })),
    assumptions,
    diagnostics: rec.diagnostics.map(({ span, ...d }) => ({ ...d, ...(span ? { range: r(span) } : {}) })),
    active: rec.active,
    parent: rec.parent,
    children: [...rec.children],
    metricDriven,
    ...(acc ? { accelerate: { range: r(acc), accelerator: acc.accelerator, stepsPerCall: acc.stepsPerCall, processes: acc.processes, preparedBefore: acc.preparedBefore } } : {}),
    ...(rec.trainer ? { trainer: rec.trainer } : {}),
    ...(timm ? { timm: { epochs: timm.epochs, updatesPerEpoch: timm.updatesPerEpoch, epochCalls: timm.epochCalls, source: timm.source } } : {}),
  };
}
