/**
 * step-count and warmup-too-long for timm's schedulers, stepped as train.py steps them
 * (`step_update(num_updates)` per batch, `step(epoch + 1)` per epoch): the cosine, tanh and poly
 * schedulers sized in epochs (`t_initial`, `t_in_epochs=True`, the default) against the epochs the
 * loop runs, and a `warmup_t` that lasts the whole run. Only when the loops give the epochs (not
 * the schedule's own length). create_scheduler_v2 returns the num_epochs it is sized for, so it is
 * left alone.
 */
import { cycleLength } from '../engine/timm/schedulers';
import type { ArgumentInfo, SchedulerFinding } from '../model/types';
import { formatCount, formatLr, loopCountCode, num, type RuleContext } from './context';
import { titled, type Fix, type LintDiagnostic } from './types';

const SIZED = /^timm\.(CosineLRScheduler|TanhLRScheduler|PolyLRScheduler)$/;

const argOf = (f: SchedulerFinding, name: string): ArgumentInfo | undefined => f.arguments.find((a) => a.name === name && a.range);

interface EpochRun {
  epochs: number;
  /** Calls per epoch: the step_update calls and the step(epoch) call. */
  per: number;
  /** `range(E)` of the epoch loop as Python, when it is the only loop around step(epoch). */
  code: string | null;
  name: string;
}

/** The epochs the loops run a timm scheduler for, when they (not the schedule) say it, in epochs. */
function epochRun(f: SchedulerFinding): EpochRun | null {
  const t = f.timm;
  if (!t || !t.epochCalls || f.spec.args.t_in_epochs === false || /epochs: schedule/.test(t.source)) return null;
  const call = f.stepCalls.find((c) => c.method !== 'step_update' && c.loops.length > 0);
  if (!call || t.epochs <= 0) return null;
  const loops = [...(call.callerLoops ?? []), ...call.loops];
  const code = loops.length === 1 && !call.callerLoops?.length ? loopCountCode(loops[0].iterable) : null;
  return { epochs: t.epochs, per: t.updatesPerEpoch + 1, code: code && /^range\(/.test(loops[0].iterable.trim()) ? code : null, name: f.name ?? 'scheduler' };
}

/** The lr after `e` epochs (row e × calls per epoch of the per-call curve): what epoch e trains with. */
function epochLrs(ctx: RuleContext, f: SchedulerFinding, run: EpochRun, epochs: number): (e: number) => number {
  const lrs = ctx.lrs(f, epochs * run.per);
  return (e) => lrs[Math.min(e, epochs) * run.per];
}

/** t_initial (with its cycles and a prefixed warm-up) against the epochs the loop runs. */
export function timmStepCount(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    if (f.parent !== null || !f.active || !SIZED.test(f.spec.kind)) continue;
    const run = epochRun(f);
    const a = f.spec.args;
    const tInitial = num(a.t_initial);
    if (!run || tInitial === null || !(tInitial > 0)) continue;
    const warmupT = num(a.warmup_t) ?? 0;
    const prefix = a.warmup_prefix === true;
    const limit = num(a.cycle_limit) ?? 1;
    const L = cycleLength(tInitial, num(a.cycle_mul) ?? 1, limit, warmupT, prefix);
    const E = run.epochs;
    if (!Number.isFinite(L) || L === E || L > 1_000_000 || E > 1_000_000) continue;
    const simple = limit <= 1 && !prefix;
    const name = simple ? 't_initial' : limit <= 1 ? 't_initial + warmup_t' : prefix ? 't_initial × cycles + warmup_t' : 't_initial × cycles';
    const lr = epochLrs(ctx, f, run, Math.max(E, L));
    const t = argOf(f, 't_initial');
    const fix: Fix | undefined =
      simple && t?.range && run.code ? { ...titled("Set {0} to the loops' count: `{1}`", 't_initial', run.code), edits: [{ start: t.range.start, end: t.range.end, newText: run.code }] } : undefined;
    const kind = f.kind;
    if (E > L) {
      out.push(
        ctx.diag(
          'step-count',
          'warning',
          t?.range ?? f.range,
          '{0} is sized for {1} epochs ({2}) but `{3}.step(epoch)` runs for {4} epochs: the schedule ends at epoch {1} and the last {5} epochs train at lr {6}',
          [kind, formatCount(L), name, run.name, formatCount(E), formatCount(E - L), formatLr(lr(L))],
          fix,
        ),
      );
    } else {
      const pct = (100 * (L - E)) / L;
      out.push(
        ctx.diag(
          'step-count',
          'warning',
          t?.range ?? f.range,
          '{0} is sized for {1} epochs ({2}) but `{3}.step(epoch)` runs for {4} epochs: training ends at lr {5} instead of {6}, {7}% of the schedule never runs',
          [kind, formatCount(L), name, run.name, formatCount(E), formatLr(lr(E)), formatLr(lr(L)), pct >= 10 ? pct.toFixed(0) : pct.toPrecision(2)],
          fix,
        ),
      );
    }
  }
  return out;
}

/** A warmup_t (in epochs) as long as the run or longer: the lr never reaches what the warm-up heads for. */
export function timmWarmupTooLong(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    if (f.parent !== null || !f.active || !f.spec.kind.startsWith('timm.') || f.spec.kind === 'timm.create_scheduler_v2') continue;
    const run = epochRun(f);
    const W = num(f.spec.args.warmup_t);
    if (!run || W === null || W <= 0 || W < run.epochs || W > 1_000_000) continue;
    const lr = epochLrs(ctx, f, run, W);
    let peak = -Infinity;
    let at = 0;
    for (let e = 0; e < run.epochs; e++) {
      if (lr(e) > peak) {
        peak = lr(e);
        at = e;
      }
    }
    out.push(
      ctx.diag(
        'warmup-too-long',
        'warning',
        argOf(f, 'warmup_t')?.range ?? f.range,
        'The warm-up is {0} epochs (warmup_t) but `{1}.step(epoch)` runs for {2} epochs: the lr never reaches {3} (where the warm-up ends); it peaks at {4} in epoch {5}',
        [formatCount(W), run.name, formatCount(run.epochs), formatLr(lr(W)), formatLr(peak), formatCount(at)],
      ),
    );
  }
  return out;
}
