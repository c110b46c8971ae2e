/**
 * warm-up-too-long for PyTorch's idioms: `SequentialLR([LinearLR/ConstantLR warm-up, X],
 * milestones=[W])`, a LinearLR/ConstantLR warm-up inside `ChainedScheduler`, and a hand-written
 * `if step < warmup_steps:` in LambdaLR's lr_lambda. The transformers schedules are in
 * runLengthRules.ts.
 */
import type { ScheduleSpec } from '../engine/spec';
import type { ArgumentInfo, SchedulerFinding } from '../model/types';
import { formatCount, formatLr, num, type RuleContext } from './context';
import type { LintDiagnostic } from './types';

const argOf = (f: SchedulerFinding, name: string): ArgumentInfo | undefined => f.arguments.find((a) => a.name === name && a.range);

/** The steps a LinearLR/ConstantLR warm-up (a factor rising to the lr) lasts, or null when `s` is not one. */
export function warmupLength(s: ScheduleSpec | SchedulerFinding['spec']): number | null {
  const a = s.args as Record<string, unknown>;
  const iters = num(a.total_iters) ?? 5;
  if (!(iters > 0)) return null;
  if (s.kind === 'LinearLR') {
    const from = num(a.start_factor) ?? 1 / 3;
    const to = num(a.end_factor) ?? 1;
    return from < to ? iters : null;
  }
  if (s.kind === 'ConstantLR') return (num(a.factor) ?? 1 / 3) < 1 ? iters : null;
  return null;
}

function peakOf(lrs: Float64Array, n: number): number {
  let peak = -Infinity;
  for (let k = 0; k <= n; k++) if (lrs[k] > peak) peak = lrs[k];
  return peak;
}

/** PyTorch warm-ups that last as long as training or longer. */
export function torchWarmupTooLong(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    if (f.parent !== null || !f.active || f.library !== 'torch') continue;
    if (f.kind === 'SequentialLR') out.push(...sequential(ctx, f));
    else if (f.kind === 'ChainedScheduler') out.push(...chained(ctx, f));
    else if (f.kind === 'LambdaLR') out.push(...lambda(ctx, f));
  }
  return out;
}

function target(f: SchedulerFinding): number {
  return f.optimizer.defaultLr ?? f.baseLrs[0];
}

/** `SequentialLR([warm-up, X], milestones=[W])` stepped N ≤ W times: X never runs. */
function sequential(ctx: RuleContext, f: SchedulerFinding): LintDiagnostic[] {
  const run = ctx.run(f);
  const subs = f.spec.args.schedulers;
  const ms = Array.isArray(f.spec.args.milestones) ? (f.spec.args.milestones as unknown[]).map(num) : [];
  if (!run || run.call.unit === 'epoch' || run.steps <= 0 || !Array.isArray(subs) || subs.length < 2 || ms.length !== subs.length - 1) return [];
  const first = subs[0] as ScheduleSpec;
  const W = first && typeof first === 'object' ? warmupLength(first) : null;
  const M = ms[0];
  const N = run.steps;
  if (W === null || M === null || M < N || !(M > 0)) return [];
  const lrs = ctx.lrs(f, N);
  const peak = peakOf(lrs, N);
  const next = (subs[1] as ScheduleSpec).kind;
  const mArg = argOf(f, 'milestones');
  const common = [formatCount(N), run.expr.includes('×') ? ` (${run.expr})` : '', formatLr(peak), formatLr(target(f)), next, ctx.assumedNote(run.assumed)];
  if (W >= N) {
    return [
      ctx.diag(
        'warmup-too-long',
        'warning',
        mArg?.range ?? f.range,
        'The warm-up lasts {6} steps (milestones=[{7}]) but the scheduler is stepped {0} times{1}: the lr never leaves the warm-up and peaks at {2} of {3}; {4} never runs{5}',
        [...common, formatCount(Math.min(W, M)), String(M)],
      ),
    ];
  }
  // The warm-up ends inside the run, but the switch to the next schedule never comes.
  return [
    ctx.diag(
      'warmup-too-long',
      'warning',
      mArg?.range ?? f.range,
      'The warm-up ends at step {6} but SequentialLR switches to {4} only at milestones=[{7}], and the scheduler is stepped {0} times{1}: {4} never runs and the lr stays at {2} from step {6} to the end{5}',
      [...common, formatCount(W), String(M)],
    ),
  ];
}

/** A LinearLR/ConstantLR warm-up inside ChainedScheduler that outlasts the run. */
function chained(ctx: RuleContext, f: SchedulerFinding): LintDiagnostic[] {
  const run = ctx.run(f);
  if (!run || run.call.unit === 'epoch' || run.steps <= 0) return [];
  const N = run.steps;
  for (const id of f.children) {
    const c = ctx.finding(id);
    const W = c ? warmupLength(c.spec) : null;
    if (!c || W === null || W < N) continue;
    const lrs = ctx.lrs(f, N);
    return [
      ctx.diag(
        'warmup-too-long',
        'warning',
        argOf(c, 'total_iters')?.range ?? c.range,
        'The {0} warm-up lasts {1} steps (total_iters={1}) but ChainedScheduler is stepped {2} times{3}: the lr never leaves the warm-up and peaks at {4} of {5}{6}',
        [c.kind, formatCount(W), formatCount(N), run.expr.includes('×') ? ` (${run.expr})` : '', formatLr(peakOf(lrs, N)), formatLr(target(f)), ctx.assumedNote(run.assumed)],
      ),
    ];
  }
  return [];
}

/**
 * LambdaLR whose lr_lambda compares the step with a warm-up length (`if step < warmup_steps:`) and
 * whose lr is still rising at the last step, below the optimizer's lr: the warm-up never ends.
 */
function lambda(ctx: RuleContext, f: SchedulerFinding): LintDiagnostic[] {
  const a = argOf(f, 'lr_lambda');
  const run = ctx.run(f);
  if (!a?.text || !run || run.call.unit === 'epoch' || run.steps < 2) return [];
  const body = functionText(ctx.source, a.text.trim());
  const m = body && /\b\w+\s*<=?\s*((?:[A-Za-z_][\w]*\.)*\w*warm\w*)|\b((?:[A-Za-z_]\w*\.)*\w*warm\w*)\s*>=?\s*\w+/i.exec(body);
  if (!m) return [];
  const variable = m[1] ?? m[2];
  const N = run.steps;
  const lrs = ctx.lrs(f, N);
  const t = target(f);
  for (let k = 1; k <= N; k++) if (!(lrs[k] >= lrs[k - 1])) return [];
  if (!(lrs[N] > lrs[N - 1]) || !(lrs[N] < t)) return [];
  return [
    ctx.diag(
      'warmup-too-long',
      'warning',
      a.range as NonNullable<ArgumentInfo['range']>,
      'The warm-up in {0} (`{1}`) is still running when training ends: the scheduler is stepped {2} times{3} and the lr rises at every step, peaking at {4} of {5} at the last one{6}',
      [a.text.trim(), variable, formatCount(N), run.expr.includes('×') ? ` (${run.expr})` : '', formatLr(lrs[N]), formatLr(t), ctx.assumedNote(run.assumed)],
    ),
  ];
}

/** The source of `def name(...):` (up to the next line at its indentation or less), or of `name = lambda …`. */
function functionText(source: string, name: string): string | null {
  if (/^lambda\b/.test(name)) return name;
  if (!/^[A-Za-z_]\w*$/.test(name)) return null;
  const def = new RegExp(`^([ \\t]*)def\\s+${name}\\s*\\(`, 'm').exec(source);
  if (def) {
    const lines = source.slice(def.index).split('\n');
    const indent = def[1].length;
    const body = [lines[0]];
    for (const l of lines.slice(1)) {
      if (l.trim() && /^[ \t]*/.exec(l)![0].length <= indent) break;
      body.push(l);
    }
    return body.join('\n');
  }
  const lam = new RegExp(`^[ \\t]*${name}\\s*=\\s*(lambda\\b.*)$`, 'm').exec(source);
  return lam ? lam[1] : null;
}
