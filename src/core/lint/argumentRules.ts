/**
 * Rules about arguments the library refuses or no longer accepts: polynomial decay to an lr_end
 * not below the lr, cosine_with_min_lr without its minimum, SequentialLR's milestones and
 * ReduceLROnPlateau inside it, and PyTorch's removed `verbose`.
 */
import type { ScheduleSpec } from '../engine/spec';
import type { SchedulerFinding } from '../model/types';
import { effectiveSchedule, formatCount, formatLr, num, type RuleContext } from './context';
import { titled, type Fix, type LintDiagnostic } from './types';

const argOf = (f: SchedulerFinding, name: string) => f.arguments.find((a) => a.name === name && a.range);

function lrNote(f: SchedulerFinding): string {
  return f.assumptions.some((a) => /(^|[^a-z])(lr|learning_rate)/i.test(a.name) || /learning rate|optimizer/i.test(a.reason)) ? ' (assumed)' : '';
}

/** transformers' polynomial decay refuses lr_end ≥ the optimizer's lr at construction. */
export function polyLrEnd(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    const eff = effectiveSchedule(f);
    if (eff.kind !== 'get_polynomial_decay_schedule_with_warmup') continue;
    const lrEnd = num(eff.args.lr_end) ?? 1e-7;
    const lr = f.optimizer.defaultLr ?? f.baseLrs[0];
    if (lr === undefined || lrEnd < lr) continue;
    const a = argOf(f, 'lr_end') ?? argOf(f, 'scheduler_specific_kwargs') ?? argOf(f, 'lr_scheduler_kwargs');
    out.push(
      ctx.diag(
        'poly-lr-end',
        'error',
        a?.range ?? f.range,
        'lr_end = {0} is not below the optimizer\'s lr {1}{2}: transformers raises ValueError ("lr_end ({0}) must be smaller than initial lr ({1})") when the scheduler is built, before step 0',
        [formatLr(lrEnd), formatLr(lr), lrNote(f)],
      ),
    );
  }
  return out;
}

/** cosine_with_min_lr needs min_lr or min_lr_rate. */
export function minLrMissing(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    const eff = effectiveSchedule(f);
    if (!/^get_cosine_with_min_lr_schedule_with_warmup/.test(eff.kind)) continue;
    if (num(eff.args.min_lr) !== null || num(eff.args.min_lr_rate) !== null) continue;
    const lr = f.optimizer.defaultLr ?? f.baseLrs[0] ?? NaN;
    const name = eff.viaName ?? 'cosine_with_min_lr';
    out.push(
      ctx.diag(
        'min-lr-missing',
        'error',
        argOf(f, 'name')?.range ?? argOf(f, 'lr_scheduler_type')?.range ?? f.range,
        '{0} needs min_lr or min_lr_rate: without either, transformers raises ValueError when the scheduler is built, before step 0 (min_lr_rate=0.1 would decay the lr from {1} to {2})',
        [name, formatLr(lr), formatLr(lr * 0.1)],
        minLrFix(ctx, f),
      ),
    );
  }
  return out;
}

function minLrFix(ctx: RuleContext, f: SchedulerFinding): Fix | undefined {
  const title = titled('Add min_lr_rate=0.1 (decay to 10% of the peak lr)');
  const dictKey = f.kind === 'TrainingArguments' ? 'lr_scheduler_kwargs' : f.kind === 'get_scheduler' ? 'scheduler_specific_kwargs' : null;
  if (dictKey) {
    const a = argOf(f, dictKey);
    if (a?.range) {
      const t = (a.text ?? '').trim();
      if (t === '{}' || t === 'dict()') return { ...title, edits: [{ start: a.range.start, end: a.range.end, newText: '{"min_lr_rate": 0.1}' }] };
      if (t.startsWith('{') && t.endsWith('}'))
        return { ...title, edits: [{ start: a.range.end - 1, end: a.range.end - 1, newText: (/,\s*$/.test(t.slice(0, -1)) ? ' ' : ', ') + '"min_lr_rate": 0.1' }] };
      return undefined;
    }
    if (f.arguments.some((x) => x.name === dictKey)) return undefined;
    return appendArgument(ctx, f, `${dictKey}={"min_lr_rate": 0.1}`, title);
  }
  return appendArgument(ctx, f, 'min_lr_rate=0.1', title);
}

/** Insert `text` as the call's last argument. */
function appendArgument(ctx: RuleContext, f: SchedulerFinding, text: string, title: ReturnType<typeof titled>): Fix | undefined {
  const call = ctx.source.slice(f.range.start, f.range.end);
  if (!call.endsWith(')') || /\*\*/.test(call)) return undefined;
  let i = f.range.end - 2;
  while (i > f.range.start && /\s/.test(ctx.source[i])) i--;
  const ch = ctx.source[i];
  const at = i + 1;
  const newText = ch === '(' ? text : ch === ',' ? ' ' + text : ', ' + text;
  return { ...title, edits: [{ start: at, end: at, newText }] };
}

function subSpecs(f: SchedulerFinding): ScheduleSpec[] {
  const s = f.spec.args.schedulers;
  return Array.isArray(s) ? (s.filter((x) => x && typeof x === 'object' && 'kind' in (x as object)) as ScheduleSpec[]) : [];
}

/** SequentialLR needs exactly one milestone fewer than schedulers. */
export function sequentialMilestones(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    if (f.kind !== 'SequentialLR') continue;
    const ms = f.spec.args.milestones;
    const subs = f.spec.args.schedulers;
    if (!Array.isArray(ms) || !Array.isArray(subs) || ms.length === subs.length - 1) continue;
    out.push(
      ctx.diag(
        'sequential-milestones',
        'error',
        argOf(f, 'milestones')?.range ?? f.range,
        'SequentialLR has {0} schedulers and {1} milestone(s); it needs {2}: PyTorch raises ValueError when it is constructed, before step 0',
        [formatCount(subs.length), formatCount(ms.length), formatCount(Math.max(0, subs.length - 1))],
      ),
    );
  }
  return out;
}

/** SequentialLR steps its schedulers without a metric, so it refuses ReduceLROnPlateau. */
export function sequentialPlateau(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    if (f.kind !== 'SequentialLR') continue;
    const i = subSpecs(f).findIndex((s) => s.kind === 'ReduceLROnPlateau');
    if (i < 0) continue;
    out.push(
      ctx.diag(
        'sequential-plateau',
        'error',
        argOf(f, 'schedulers')?.range ?? f.range,
        'SequentialLR cannot hold ReduceLROnPlateau (scheduler {0} of {1}): it calls step() without the metric, and PyTorch raises ValueError when it is constructed, before step 0; step the plateau schedule separately with `.step(val_loss)`',
        [formatCount(i + 1), formatCount(subs(f))],
      ),
    );
  }
  return out;
}

function subs(f: SchedulerFinding): number {
  return Array.isArray(f.spec.args.schedulers) ? f.spec.args.schedulers.length : 0;
}

/** `verbose=` on a PyTorch scheduler: deprecated in 2.2, removed in 2.7 (TypeError). */
export function verboseRemoved(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    if (f.library !== 'torch') continue;
    const a = argOf(f, 'verbose');
    if (!a?.range) continue;
    // First and last lr of one curve of the run (a plateau schedule's curve of 0 steps has no row).
    const n = Math.min(f.naturalSteps, 100_000);
    const lrs = ctx.lrs(f, n);
    out.push(
      ctx.diag(
        'verbose-removed',
        'warning',
        a.range,
        '`verbose={0}` was deprecated in PyTorch 2.2 and removed in 2.7, where {1}() raises TypeError; it never changed the lr (the curve is the same {2} → {3} without it)',
        [a.text ?? '', f.kind, formatLr(lrs[0]), formatLr(lrs[n])],
        removeArgument(ctx, f, a.range.start, a.range.end),
      ),
    );
  }
  return out;
}

/** Delete one argument (`, verbose=True`) including its keyword and the comma before it. */
function removeArgument(ctx: RuleContext, f: SchedulerFinding, valueStart: number, valueEnd: number): Fix | undefined {
  const src = ctx.source;
  let s = valueStart;
  const kw = /(\w+\s*=\s*)$/.exec(src.slice(Math.max(f.range.start, valueStart - 40), valueStart));
  if (kw) s -= kw[1].length;
  let i = s - 1;
  while (i > f.range.start && /\s/.test(src[i])) i--;
  let e = valueEnd;
  if (src[i] === ',') s = i;
  else {
    // First argument: take the comma after it instead.
    let j = e;
    while (j < f.range.end && /\s/.test(src[j])) j++;
    if (src[j] !== ',') return undefined;
    e = j + 1;
    while (e < f.range.end && /[ \t]/.test(src[e])) e++;
  }
  return { ...titled('Remove `verbose` (removed in PyTorch 2.7)'), edits: [{ start: s, end: e, newText: '' }] };
}
