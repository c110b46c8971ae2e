/**
 * Rules comparing a schedule's own length with how many times the loops step it: the wrong unit
 * (per epoch vs per batch), a declared length that does not match, a warm-up longer than training,
 * and a CosineAnnealingLR that turns around before the run ends.
 */
import { roleOf } from '../engine/kinds';
import type { ArgumentInfo, SchedulerFinding } from '../model/types';
import { effectiveSchedule, formatCount, formatLr, loopCountCode, num, shardedLoader, type Run, type RuleContext } from './context';
import { titled, type Fix, type LintDiagnostic } from './types';

/** PyTorch schedules whose length arguments are usually written in epochs. */
const EPOCH_LENGTH_ARGS: Record<string, string> = {
  CosineAnnealingLR: 'T_max',
  StepLR: 'step_size',
  LinearLR: 'total_iters',
  ConstantLR: 'total_iters',
  PolynomialLR: 'total_iters',
  CosineAnnealingWarmRestarts: 'T_0',
};

const arg = (f: SchedulerFinding, name: string): ArgumentInfo | undefined => f.arguments.find((a) => a.name === name && a.range);

/** Families whose schedules are sized in optimizer steps (num_training_steps, total_num_steps) and stepped every batch. */
const STEP_SIZED = new Set(['transformers', 'diffusers', 'deepspeed']);

/** The argument of a resolved schedule that has `role` (num_training_steps, DeepSpeed's total_num_steps, warmup_num_steps). */
function withRole(eff: { kind: string; args: Record<string, unknown> }, role: 'runLength' | 'warmup'): string | undefined {
  return Object.keys(eff.args).find((k) => roleOf(eff.kind, k) === role);
}

/** The schedule's declared length and the argument that declares it. */
export function declared(f: SchedulerFinding): { steps: number; arg?: ArgumentInfo; name: string } | null {
  const a = f.spec.args;
  if (f.kind === 'OneCycleLR') {
    // PyTorch uses total_steps whenever it is given, and refuses one ≤ 0 at construction (the engine's error says so).
    const t = num(a.total_steps);
    if (t !== null) return t > 0 ? { steps: t, arg: arg(f, 'total_steps'), name: 'total_steps' } : null;
    const e = num(a.epochs);
    const s = num(a.steps_per_epoch);
    return e !== null && s !== null ? { steps: e * s, arg: arg(f, 'steps_per_epoch'), name: 'epochs × steps_per_epoch' } : null;
  }
  if (!STEP_SIZED.has(f.library) || f.kind === 'TrainingArguments') return null;
  const eff = effectiveSchedule(f);
  if (/constant|inverse_sqrt|plateau|greedy/i.test(eff.kind)) return null;
  const name = withRole(eff, 'runLength') ?? 'num_training_steps';
  const t = num(eff.args[name]);
  return t !== null && t > 0 ? { steps: t, arg: arg(f, name), name } : null;
}

function nameOf(f: SchedulerFinding): string {
  return f.name ?? 'scheduler';
}

/** A per-batch schedule stepped once per epoch, or an epoch-sized one stepped every batch. */
export function stepUnit(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    if (f.parent !== null || !f.active) continue;
    const run = ctx.run(f);
    if (!run) continue;
    const c = run.call;
    // Stepped per epoch: what says the schedule is per batch is its declared length (OneCycleLR, the
    // step-sized families' num_training_steps; declared() leaves out TrainingArguments and plateau)
    // or CyclicLR's cycle; an epoch-unit step of anything else is as it should be.
    if (c.unit === 'epoch') {
      const d = declared(f);
      const lrs = ctx.lrs(f, Math.min(Math.max(d?.steps ?? 0, run.steps), 1_000_000));
      const fix = perBatchFix(ctx, f, run);
      if (d && d.steps > run.steps) {
        out.push(
          ctx.diag(
            'step-unit',
            'warning',
            d.arg?.range ?? c.range,
            '{0} is a per-batch schedule sized for {1} steps ({2}), but `{3}.step()` runs once per epoch, {4} times: the lr is {5} after the last epoch instead of {6} at step {1}{7}',
            [f.kind, formatCount(d.steps), d.name, nameOf(f), formatCount(run.steps), formatLr(lrs[run.steps]), formatLr(lrs[d.steps]), ctx.assumedNote(run.assumed)],
            fix,
          ),
        );
      } else if (f.kind === 'CyclicLR') {
        const up = num(f.spec.args.step_size_up) ?? 2000;
        const down = num(f.spec.args.step_size_down) ?? up;
        if (run.steps < up + down) {
          out.push(
            ctx.diag(
              'step-unit',
              'warning',
              arg(f, 'step_size_up')?.range ?? c.range,
              'CyclicLR\'s cycle is {0} steps (step_size_up {1} + step_size_down {2}), but `{3}.step()` runs once per epoch, {4} times: not one cycle completes and the lr only moves from {5} to {6}',
              [formatCount(up + down), formatCount(up), formatCount(down), nameOf(f), formatCount(run.steps), formatLr(lrs[0]), formatLr(lrs[run.steps])],
              fix,
            ),
          );
        }
      }
      continue;
    }
    const param = EPOCH_LENGTH_ARGS[f.kind];
    if (!param || c.unit !== 'step' || run.loops.length < 2) continue;
    const a = arg(f, param);
    const L = num(f.spec.args[param]);
    const epochs = run.loops.slice(0, -1).reduce((p, l) => p * (l.count ?? NaN), 1);
    const perEpoch = run.steps / epochs;
    if (!a || L === null || !(L > 0) || !Number.isFinite(epochs) || perEpoch <= 1) continue;
    const inEpochs = L <= epochs && (/epoch/i.test(a.text ?? '') || L === epochs);
    if (!inEpochs) continue;
    const lrs = ctx.lrs(f, Math.min(run.steps, 1_000_000));
    const batchCode = loopCountCode(run.loops[run.loops.length - 1].iterable);
    const fix: Fix | undefined =
      batchCode && a.range && !run.call.accumulation
        ? { ...titled('Size {0} in steps: `{0}={1}`', param, `${wrapCode(a.text ?? '')} * ${batchCode}`), edits: [{ start: a.range.start, end: a.range.end, newText: `${wrapCode(a.text ?? '')} * ${batchCode}` }] }
        : undefined;
    out.push(
      ctx.diag(
        'step-unit',
        'warning',
        a.range as NonNullable<ArgumentInfo['range']>,
        '{0}={1} counts epochs, but `{2}.step()` runs every batch, {3} = {4} times: {5} is used up after {1} of {4} steps ({6}% of training), where the lr is already {7}{8}',
        [param, formatCount(L), nameOf(f), run.expr, formatCount(run.steps), param, pct(L, run.steps), formatLr(lrs[Math.min(L, run.steps)]), ctx.assumedNote(run.assumed)],
        fix,
      ),
    );
  }
  return out;
}

/** Move `scheduler.step()` from the epoch loop to just after the `optimizer.step()` of the batch loop inside it. */
function perBatchFix(ctx: RuleContext, f: SchedulerFinding, run: Run): Fix | undefined {
  const c = run.call;
  const line = ctx.statementLine(c.range);
  if (line === null) return undefined;
  const indent = ctx.indentOf(line).length;
  const inner = [...(c.optimizerSteps ?? [])].reverse().find((o) => o.start < c.range.start && ctx.indentOf(o.startPos.line).length > indent);
  const oLine = inner ? ctx.statementLine(inner) : null;
  if (oLine === null) return undefined;
  // Insert after the optimizer step (above), delete the epoch-level line.
  const next = ctx.nextLineStart(line);
  return {
    ...titled('Step `{0}` every batch, after `optimizer.step()`', nameOf(f)),
    edits: [
      { start: ctx.lineEnd(oLine), end: ctx.lineEnd(oLine), newText: '\n' + ctx.indentOf(oLine) + ctx.lineText(line).trim() },
      next > ctx.lineStart(line) ? { start: ctx.lineStart(line), end: next, newText: '' } : { start: ctx.lineEnd(line - 1), end: ctx.lineEnd(line), newText: '' },
    ],
  };
}

function wrapCode(t: string): string {
  return /^[\w.]+$/.test(t.trim()) || /^[\w.]+\([^()]*\)$/.test(t.trim()) ? t.trim() : `(${t.trim()})`;
}

function pct(part: number, whole: number): string {
  const p = (100 * part) / whole;
  return p >= 10 ? p.toFixed(0) : p >= 1 ? p.toFixed(1) : p.toPrecision(1);
}

/** A declared length (OneCycleLR, num_training_steps) that differs from the loops' step count. */
export function stepCount(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    if (f.parent !== null || !f.active) continue;
    const d = declared(f);
    const run = ctx.run(f);
    // Stepped per epoch fewer times than sized, step-unit says why; stepped more often, this overruns as in a batch loop.
    if (!d || !run || (run.call.unit === 'epoch' && run.steps < d.steps) || run.steps === 0) continue;
    const D = d.steps;
    // A scheduler prepared by 🤗 Accelerate with several processes assumed is stepped that many times
    // per call. Over a loader whose length was read after its prepare (the per-process length), the
    // loops' count is calls: the scheduler steps processes × that. Sized for the calls alone, that is
    // processStepCount's case (./processRules.ts). Over a length read before the prepare (the whole
    // loader's), processes × the per-process calls are about the loops' count as read.
    const perCall = f.accelerate?.stepsPerCall ?? 1;
    if (run.steps === D || run.steps * perCall === D) continue;
    // The process count's assumption (a count above 1 always comes from one: ../frameworks/accelerate.ts).
    const processes = perCall > 1 && shardedLoader(ctx, f, run.loops[run.loops.length - 1].iterable) !== null ? (f.accelerate?.processes ?? null) : null;
    const N = processes ? run.steps * perCall : run.steps;
    const expr = processes ? `${formatCount(perCall)} × ${run.expr}` : run.expr;
    const acc = run.call.accumulation ?? null;
    // The count without accumulation, to say so when the declared length counted batches.
    const batches = acc ? run.loops.reduce((p, l) => p * (l.count as number), 1) : N;
    const accNote = acc && batches === D ? `; ${formatCount(D)} counts batches, but under \`${acc.text}\` the scheduler steps once every ${acc.every} batches` : '';
    const code = processes && run.code ? `${run.code} * ${processes}` : run.code;
    const fix: Fix | undefined =
      d.arg?.range && code && d.name !== 'epochs × steps_per_epoch'
        ? { ...titled("Set {0} to the loops' count: `{1}`", d.name, code), edits: [{ start: d.arg.range.start, end: d.arg.range.end, newText: code }] }
        : undefined;
    const assumed = ctx.assumedNote(processes ? [...run.assumed, processes] : run.assumed);
    if (f.kind === 'OneCycleLR' && N > D) {
      out.push(
        ctx.diag(
          'step-count',
          'error',
          d.arg?.range ?? f.range,
          'OneCycleLR is sized for {0} steps ({1}) but is stepped {2} = {3} times: PyTorch raises ValueError ("Tried to step {4} times") at step {4}{5}{6}',
          [formatCount(D), d.name, expr, formatCount(N), formatCount(D + 1), accNote, assumed],
          fix,
        ),
      );
      continue;
    }
    const lrs = ctx.lrs(f, Math.max(N, D));
    // A curve that stops before (the library raises: its error is the finding's) has no lr to say.
    if (Number.isNaN(lrs[Math.min(N, D)]) || Number.isNaN(lrs[D])) continue;
    if (N > D) {
      out.push(
        ctx.diag(
          'step-count',
          'warning',
          d.arg?.range ?? f.range,
          '{0} is sized for {1} steps ({2}) but is stepped {3} = {4} times: the schedule ends at step {1} and the last {5} steps train at lr {6}{7}{8}',
          [f.kind, formatCount(D), d.name, expr, formatCount(N), formatCount(N - D), formatLr(lrs[D]), accNote, assumed],
          fix,
        ),
      );
    } else {
      out.push(
        ctx.diag(
          'step-count',
          'warning',
          d.arg?.range ?? f.range,
          '{0} is sized for {1} steps ({2}) but is stepped {3} = {4} times: training ends at lr {5} instead of {6}, {7}% of the schedule never runs{8}{9}',
          [f.kind, formatCount(D), d.name, expr, formatCount(N), formatLr(lrs[N]), formatLr(lrs[D]), pct(D - N, D), accNote, assumed],
          fix,
        ),
      );
    }
  }
  return out;
}

/** num_warmup_steps ≥ the training length: the lr never reaches its peak. */
export function warmupTooLong(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    if (!STEP_SIZED.has(f.library) || f.metricDriven) continue;
    const eff = effectiveSchedule(f);
    const wName = withRole(eff, 'warmup') ?? 'num_warmup_steps';
    // DeepSpeed's warm-up has a default (1,000 steps) the code need not write.
    const W = num(eff.args[wName] ?? (f.library === 'deepspeed' ? 1000 : undefined));
    if (W === null || W <= 0) continue;
    let T = num(eff.args[withRole(eff, 'runLength') ?? 'num_training_steps']);
    if (T === null || /constant_with_warmup|inverse_sqrt|WarmupLR$/.test(eff.kind)) {
      const run = ctx.run(f);
      T = run ? run.steps : null;
    }
    if (T === null || T <= 0 || W < T) continue;
    const lrs = ctx.lrs(f, T);
    let peak = -Infinity;
    for (let k = 0; k <= T; k++) if (lrs[k] > peak) peak = lrs[k];
    const a = arg(f, wName) ?? arg(f, 'num_warmup_steps') ?? arg(f, 'warmup_steps') ?? arg(f, 'warmup_ratio');
    // DeepSpeed's WarmupLR and WarmupDecayLR warm up to warmup_max_lr (default 0.001), not the optimizer's lr.
    const target = /^deepspeed\.Warmup(Decay)?LR$/.test(eff.kind) ? (num(eff.args.warmup_max_lr) ?? 0.001) : (f.optimizer.defaultLr ?? f.baseLrs[0]);
    // The two lengths are the finding's only numbers besides its lrs: what it assumes beyond an lr, W or T rests on.
    const lengths = f.assumptions.filter((x) => !/learning rate|\blr\b|momentum/.test(x.reason)).map((x) => x.name);
    out.push(
      ctx.diag(
        'warmup-too-long',
        'warning',
        a?.range ?? f.range,
        'The warm-up is {0} steps but training is {1} steps: the lr never reaches {2}; it peaks at {3} at step {4}{5}',
        [formatCount(W), formatCount(T), formatLr(target), formatLr(peak), formatCount(T), ctx.assumedNote(lengths)],
      ),
    );
  }
  return out;
}

/** CosineAnnealingLR whose T_max is shorter than the steps it gets: the lr climbs back up. */
export function tmaxShort(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    if (f.kind !== 'CosineAnnealingLR' || !f.active) continue;
    const T = num(f.spec.args.T_max);
    const run = ctx.run(f);
    if (T === null || T <= 0 || !run) continue;
    // A child of SequentialLR runs from its milestone to the next one (or the end).
    let N = run.steps;
    let segment = '';
    let offset: string | null = null;
    const p = ctx.finding(f.parent);
    if (p) {
      if (p.kind !== 'SequentialLR') continue;
      const i = p.children.indexOf(f.id);
      const ms = Array.isArray(p.spec.args.milestones) ? (p.spec.args.milestones as unknown[]).map(num) : [];
      if (i < 0 || ms.some((m) => m === null)) continue;
      const from = i > 0 ? (ms[i - 1] as number) : 0;
      const to = i < ms.length ? (ms[i] as number) : run.steps;
      N = Math.max(0, to - from);
      if (i > 0) {
        segment = ` (SequentialLR runs it from step ${formatCount(from)} to ${formatCount(to)})`;
        const mArg = p.arguments.find((a) => a.name === 'milestones');
        offset = i === ms.length && mArg?.text && /^\[[^,\]]+\]$/.test(mArg.text.trim()) ? mArg.text.trim().slice(1, -1).trim() : null;
      } else if (i < ms.length) continue;
    }
    if (T >= N) continue;
    const lrs = ctx.lrs(f, N);
    const end = Math.min(2 * T, N);
    const a = arg(f, 'T_max');
    let fix: Fix | undefined;
    if (a?.range && run.code && !run.call.accumulation && (!p || offset !== null || p.children.indexOf(f.id) === 0)) {
      const code = offset !== null ? `${run.code} - ${/^[\w.]+$/.test(offset) ? offset : `(${offset})`}` : run.code;
      fix = { ...titled("Set T_max to the run's length: `{0}`", code), edits: [{ start: a.range.start, end: a.range.end, newText: code }] };
    }
    out.push(
      ctx.diag(
        'tmax-short',
        'warning',
        a?.range ?? f.range,
        'T_max = {0} but the scheduler is stepped {1} times{2}: the lr reaches {3} at step {0}, then climbs back to {4} at step {5} of {1}{6}',
        [formatCount(T), formatCount(N), segment || (run.expr.includes('×') ? ` (${run.expr})` : ''), formatLr(lrs[T]), formatLr(lrs[end]), formatCount(end), ctx.assumedNote(run.assumed)],
        fix,
      ),
    );
  }
  return out;
}
