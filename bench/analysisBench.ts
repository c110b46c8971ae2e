/**
 * Analysis benchmark: a generated 5,000-line training script analyzed from scratch (≤ 20 ms), a
 * 500-line one, re-analysis after a one-line edit with the previous parse kept (≤ 2 ms), the schedule
 * diagnostics of the big script (≤ 20 ms) and the chart's series of a 10^6-step curve (≤ 200 ms).
 * Medians over several runs, after warm-up.
 */
import { Analyzer, analyze } from '../src/core/model/analyze';
import { lint } from '../src/core/lint';
import { simulate } from '../src/core/engine';
import type { CurveData, JsonSpec, ScheduleModel } from '../src/features/chart/protocol/messages';
import { buildSeries, type Entry } from '../webview/viewModel';
import { generateTrainingScript } from './generateScript';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

export async function runAnalysisBench(): Promise<Array<{ name: string; value: number; unit: string; budget?: number }>> {
  const big = generateTrainingScript(5000);
  const small = generateTrainingScript(500);
  const runs = 15;

  // Warm up the JIT on both sizes.
  for (let i = 0; i < 5; i++) {
    analyze(big);
    analyze(small);
  }
  const full5000 = median(Array.from({ length: runs }, () => time(() => analyze(big))));
  const full500 = median(Array.from({ length: runs }, () => time(() => analyze(small))));

  // Incremental: one Analyzer per document; each run edits a different line of the file.
  const analyzer = new Analyzer();
  analyzer.analyze(big);
  const lines = big.split('\n');
  const edits: number[] = [];
  for (let k = 0; k < runs * 2; k++) {
    const li = Math.floor((lines.length * (k + 1)) / (runs * 2 + 1));
    const edited = [...lines];
    edited[li] = edited[li] + (k % 2 ? '  # edited' : ' ');
    const text = edited.join('\n');
    edits.push(time(() => analyzer.analyze(text)));
  }
  const incremental = median(edits.slice(runs));

  // An edit inside the function that builds the scheduler (its block must be re-parsed).
  const inner = new Analyzer();
  inner.analyze(big);
  const hot: number[] = [];
  for (let k = 0; k < runs * 2; k++) {
    const text = big.replace('warmup_steps = int(cfg.warmup_ratio * total_steps)', `warmup_steps = int(cfg.warmup_ratio * total_steps) + ${k}`);
    hot.push(time(() => inner.analyze(text)));
  }
  const hotEdit = median(hot.slice(runs));

  // The schedule diagnostics of the 5,000-line script (its analysis done once, outside the timing).
  const bigResult = analyze(big);
  for (let i = 0; i < 5; i++) lint(bigResult, big);
  const lintMs = median(Array.from({ length: runs }, () => time(() => lint(bigResult, big))));

  // The chart's series of a 1,000,000-step curve at 1,200 pixels (what a redraw computes).
  const spec: JsonSpec = { kind: 'CosineAnnealingWarmRestarts', args: { T_0: 1000, T_mult: 1 } };
  const optimizer = { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9 }] };
  const c = simulate(spec, optimizer, { steps: 1_000_000 });
  const curve: CurveData = { groups: c.groups, rows: c.rows, lr: c.lr };
  const model = {
    id: 0, name: 's0', kind: spec.kind, library: 'torch', line: 1, spec, params: spec.args, arguments: [], optimizer,
    steps: 1_000_000, stepsSource: '', unit: 'step', stepsPerEpoch: null, assumptions: [], diagnostics: [], parent: null,
    children: [], metricDriven: false, active: true,
  } as ScheduleModel;
  const entries: Entry[] = [{ model, curve, spec, colorIndex: 0 }];
  for (let i = 0; i < 3; i++) buildSeries(entries, { xMode: 'step', hidden: new Set(), pixels: 1200 });
  const seriesMs = median(Array.from({ length: 7 }, () => time(() => buildSeries(entries, { xMode: 'step', hidden: new Set(), pixels: 1200 }))));

  return [
    { name: 'analysis: 5,000-line script, full', value: full5000, unit: 'ms', budget: 20 },
    { name: 'analysis: 500-line script, full', value: full500, unit: 'ms' },
    { name: 'analysis: 5,000-line script, one-line edit', value: incremental, unit: 'ms', budget: 2 },
    { name: 'analysis: 5,000-line script, edit in the scheduler code', value: hotEdit, unit: 'ms' },
    { name: 'analysis: schedule diagnostics (lint) of the 5,000-line script', value: lintMs, unit: 'ms', budget: 20 },
    { name: 'analysis: chart series of a 10^6-step curve at 1,200 px', value: seriesMs, unit: 'ms', budget: 200 },
  ];
}

if (require.main === module) {
  void runAnalysisBench().then((rows) => {
    for (const r of rows) {
      const ok = r.budget === undefined ? '' : r.value <= r.budget ? `  (budget ${r.budget} ${r.unit}: ok)` : `  (budget ${r.budget} ${r.unit}: OVER)`;
      console.log(`${r.name.padEnd(58)}${r.value.toFixed(2).padStart(8)} ${r.unit}${ok}`);
    }
  });
}
