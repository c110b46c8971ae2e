/**
 * Rules about how `.step()` is called: before `optimizer.step()`, without the metric a plateau
 * schedule needs, or with the deprecated epoch argument.
 */
import type { SchedulerFinding, StepCall } from '../model/types';
import { formatCount, formatLr, stepArgs, type RuleContext } from './context';
import { titled, type LintDiagnostic } from './types';

function nameOf(f: SchedulerFinding): string {
  return f.name ?? 'scheduler';
}

/** `scheduler.step()` before `optimizer.step()` in the same loop body: every lr arrives one step early. */
export function stepOrder(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    // timm's step(epoch) and step_update(num_updates) set the lr of the position they are given (and
    // timm does not warn): where they are called in the loop body does not shift the schedule.
    if (f.metricDriven || f.parent !== null || f.timm) continue;
    for (const c of f.stepCalls) {
      if (!c.loops.length || !c.optimizerSteps?.length) continue;
      // Only when every optimizer.step() of the loop comes later in the body.
      if ((c.optimizerSteps ?? []).some((o) => o.start < c.range.start)) continue;
      const opt = (c.optimizerSteps ?? [])[0];
      const lrs = ctx.lrs(f, 2);
      const template =
        '`{0}.step()` runs before `optimizer.step()` (line {1}): the schedule\'s first lr {2} is skipped and every lr is used one step early (the first update already uses {3}); PyTorch warns "Detected call of `lr_scheduler.step()` before `optimizer.step()`"';
      const sLine = ctx.statementLine(c.range);
      const oLine = ctx.statementLine(opt);
      // Only within one block: moving a per-epoch call into a nested batch loop would change its unit.
      const fix =
        sLine !== null && oLine !== null && ctx.indentOf(sLine) === ctx.indentOf(oLine)
          ? ctx.moveLineAfter(sLine, oLine, titled('Move `{0}.step()` after `optimizer.step()`', nameOf(f)))
          : undefined;
      out.push(ctx.diag('step-order', 'warning', c.range, template, [nameOf(f), ctx.displayLine(opt.startPos.line), formatLr(lrs[0]), formatLr(lrs[1])], fix));
    }
  }
  return out;
}

/** A metric-driven schedule stepped without its metric: TypeError on the first call. */
export function plateauNoMetric(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    if (!f.metricDriven || f.timm) continue;
    for (const c of f.stepCalls) {
      // The metric is the first positional argument or `metrics=` (c.metric); `step(epoch=3)` has none
      // and raises the same TypeError. Only `*args` / `**kwargs` may carry one the analysis cannot see.
      const args = stepArgs(ctx, c.range);
      if (c.metric !== null || (args && args.text.includes('*'))) continue;
      const unit = c.unit === 'step' ? 'step' : 'epoch';
      out.push(
        ctx.diag(
          'plateau-no-metric',
          'error',
          c.range,
          '`{0}.step()` is called without the metric {1} watches (e.g. `{0}.step(val_loss)`): PyTorch raises TypeError (missing \'metrics\') at the first call, {2} 1, and the lr never changes from {3}',
          [nameOf(f), f.kind === 'get_scheduler' ? 'the plateau schedule' : f.kind, unit, formatLr(f.baseLrs[0] ?? NaN)],
        ),
      );
    }
  }
  return out;
}

/** `scheduler.step(epoch)`: deprecated since PyTorch 1.4; with the loop's 0-based epoch the lr arrives one epoch late. */
export function stepEpochDeprecated(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    if (f.metricDriven || f.library !== 'torch') continue;
    for (const c of f.stepCalls) {
      const args = stepArgs(ctx, c.range);
      if (!args || args.text === '') continue;
      const value = args.text.replace(/^epoch\s*=\s*/, '');
      const fix = { ...titled('Call `{0}.step()` without the epoch', nameOf(f)), edits: [{ start: args.start, end: args.end, newText: '' }] };
      const late = lateBy(ctx, f, c, value);
      if (late) {
        out.push(
          ctx.diag(
            'step-epoch-deprecated',
            'warning',
            c.range,
            '`{0}.step({1})` is deprecated since PyTorch 1.4: it sets the epoch counter to `{1}`, which counts from 0 here, so every lr arrives one {2} late (the change due at {2} {3}, {4} → {5}, happens at {2} {6})',
            [nameOf(f), value, late.unit, formatCount(late.at), formatLr(late.from), formatLr(late.to), formatCount(late.at + 1)],
            fix,
          ),
        );
      } else {
        out.push(
          ctx.diag(
            'step-epoch-deprecated',
            'warning',
            c.range,
            '`{0}.step({1})` is deprecated since PyTorch 1.4 (it sets the epoch counter to `{1}` and uses the closed form); call `{0}.step()` once per {2} instead',
            [nameOf(f), value, c.unit === 'step' ? 'step' : 'epoch'],
            fix,
          ),
        );
      }
    }
  }
  return out;
}

/** When the argument is a loop variable counting from 0: the first step where the lr changes. */
function lateBy(ctx: RuleContext, f: SchedulerFinding, c: StepCall, value: string): { unit: string; at: number; from: number; to: number } | null {
  // `for i, batch in enumerate(loader)`: the index is the tuple's first name (enumerate with a start is not from 0).
  const index = (l: StepCall['loops'][number]) => (/^enumerate\(/.test(l.iterable.trim()) ? (l.variable ?? '').replace(/^\(/, '').split(',')[0].trim() : l.variable);
  const loop = c.loops.find((l) => index(l) === value && /^(enumerate\([^,]+\)$|range\(\s*[^,]+\)$|range\(\s*0\s*,)/.test(l.iterable.trim()));
  if (!loop) return null;
  const n = Math.min(loop.count ?? f.naturalSteps, f.naturalSteps, 100_000);
  const lrs = ctx.lrs(f, n);
  for (let k = 1; k <= n; k++) {
    if (Number.isNaN(lrs[k])) return null;
    if (lrs[k] !== lrs[k - 1]) return { unit: c.unit === 'step' ? 'step' : 'epoch', at: k, from: lrs[k - 1], to: lrs[k] };
  }
  return null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A scheduler nothing steps: no `.step()` on it anywhere, and its name is not used after it is
 * built (not passed to a Trainer, `accelerator.prepare`, a function, not returned) — something
 * else could step it then. Only when its optimizer is stepped in the file. The lr stays what the constructor set for the whole run.
 */
export function neverStepped(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  // The source without comments, for the name's other uses.
  const code = ctx.source.replace(/#[^\n]*/g, (m) => ' '.repeat(m.length));
  for (const f of ctx.findings) {
    if (f.parent !== null || f.stepCalls.length || f.trainer || f.accelerate || f.name === null) continue;
    const names = [...new Set([f.name, ...f.aliases])];
    const used = names.some((n) => {
      for (const m of code.matchAll(new RegExp(`(?<![\\w.])${escapeRe(n)}\\b`, 'g'))) {
        const at = m.index ?? 0;
        if (at >= f.range.start && at < f.range.end) continue;
        // The assignment itself (`scheduler = …`) is not a use.
        if (/^\s*=(?!=)/.test(code.slice(at + n.length, at + n.length + 4))) continue;
        return true;
      }
      return false;
    });
    if (used) continue;
    // Only where the optimizer is trained with (`optimizer.step()`): a file that just builds schedules (a snippet, a config) is not wrong.
    const opt = f.arguments.find((a) => a.name === 'optimizer')?.text;
    if (!opt || !new RegExp(`(?<![\\w.])${escapeRe(opt.replace(/\s+/g, ''))}\\s*\\.\\s*step\\s*\\(`).test(code)) continue;
    const lr = ctx.lrs(f, 1)[0];
    out.push(
      ctx.diag(
        'never-stepped',
        'warning',
        f.range,
        'Nothing steps `{0}`: no `{0}.step()` is called and `{0}` is not used after it is built, so the lr stays {1} for the whole run and the {2} schedule drawn here never happens (call `{0}.step()` after `optimizer.step()` in the training loop)',
        [nameOf(f), formatLr(lr), f.kind],
      ),
    );
  }
  return out;
}
