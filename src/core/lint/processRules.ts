/**
 * step-count under 🤗 Accelerate with several processes: a scheduler passed through
 * `accelerator.prepare` is stepped `num_processes` times per `.step()` (AcceleratedScheduler), so a
 * length counted from `len(loader)` AFTER the loader was prepared (already divided among the
 * processes) ends the schedule after 1/num_processes of training. Only with a process count above 1,
 * which the script cannot state: it comes from the `accelerator.num_processes` assumption.
 */
import { formatCount, formatLr, shardedLoader, type RuleContext } from './context';
import { declared } from './runLengthRules';
import type { LintDiagnostic } from './types';

export function processStepCount(ctx: RuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const f of ctx.findings) {
    const acc = f.accelerate;
    const P = acc?.stepsPerCall ?? null;
    if (!acc || P === null || P <= 1 || f.parent !== null || !f.active || f.kind === 'OneCycleLR') continue;
    const d = declared(f);
    const run = ctx.run(f);
    if (!d || !run || run.call.unit === 'epoch' || run.steps <= 0 || d.steps !== run.steps) continue;
    const loader = shardedLoader(ctx, f, run.loops[run.loops.length - 1].iterable);
    if (!loader) continue;
    const N = run.steps * P;
    const lrs = ctx.lrs(f, d.steps);
    out.push(
      ctx.diag(
        'step-count',
        'warning',
        d.arg?.range ?? f.range,
        'Assuming {0} processes ({1}): `{2}.prepare(…)` wraps {3} in AcceleratedScheduler, which steps it {0} times per `.step()`, but {4} = {5} counts the per-process loop ({6}; len({7}) after prepare is already divided among the processes): the scheduler is stepped {0} × {5} = {8} times, the schedule ends after 1/{0} of training and the last {9} steps train at lr {10}; multiply {4} by `{1}`',
        [formatCount(P), acc.processes ?? 'num_processes', acc.accelerator, f.name ?? 'the scheduler', d.name, formatCount(d.steps), run.expr, loader, formatCount(N), formatCount(N - d.steps), formatLr(lrs[d.steps])],
      ),
    );
  }
  return out;
}
