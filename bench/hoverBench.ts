/**
 * Hover latency in plain Node, with the pure functions the hover provider calls (src/vscode/hover.ts):
 * from a document version to the hover's markdown. Cache miss: the document changed (one-line
 * edit), so the provider's AnalysisCache re-analyzes it (incremental Analyzer), simulates the
 * finding's curve and builds the markdown. Cache hit: analysis and curve are cached, only the
 * markdown is built. Medians over several runs after warm-up, on the 5,000-line bench script.
 */
import { Analyzer } from '../src/core/model/analyze';
import { curveFor } from '../src/core/model/curves';
import type { SchedulerFinding } from '../src/core/model/types';
import { hoverMarkdown } from '../src/core/present/hoverMarkdown';
import { generateTrainingScript } from './generateScript';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The innermost finding at an offset (what findingAt does with VS Code positions). */
function findingAt(fs: SchedulerFinding[], offset: number): SchedulerFinding | undefined {
  let best: SchedulerFinding | undefined;
  for (const f of fs) if (f.range.start <= offset && offset <= f.range.end && (!best || f.range.end - f.range.start < best.range.end - best.range.start)) best = f;
  return best;
}

export function runHoverBench(lines = 5000): Array<{ name: string; value: number; unit: string; budget?: number }> {
  const base = generateTrainingScript(lines);
  if (!base.includes('get_scheduler(')) throw new Error('the bench script has no get_scheduler call');
  const analyzer = new Analyzer();
  analyzer.analyze(base);
  const runs = 31;
  const miss: number[] = [];
  const hit: number[] = [];
  let md = '';
  for (let k = 0; k < runs + 5; k++) {
    // A new document version: one line edited far from the scheduler.
    const text = base.replace('logger = logging.getLogger(__name__)', `logger = logging.getLogger(__name__)  # v${k}`);
    const hoverOffset = text.indexOf('get_scheduler(') + 3;
    const t0 = performance.now();
    const analysis = analyzer.analyze(text);
    const f = findingAt(analysis.schedulers, hoverOffset);
    if (!f) throw new Error('no finding under the hover position');
    const { curve } = curveFor(f);
    md = hoverMarkdown('file:///bench/train.py', f, curve);
    const t1 = performance.now();
    md = hoverMarkdown('file:///bench/train.py', findingAt(analysis.schedulers, hoverOffset) as SchedulerFinding, curve);
    const t2 = performance.now();
    if (k >= 5) {
      miss.push(t1 - t0);
      hit.push(t2 - t1);
    }
  }
  if (!md.includes('LR Lens')) throw new Error('hover markdown missing');
  return [
    { name: `hover (pure): ${lines.toLocaleString('en-US')}-line script, new version (re-analysis + curve + markdown)`, value: median(miss), unit: 'ms' },
    { name: 'hover (pure): same version (cached analysis and curve, markdown only)', value: median(hit), unit: 'ms' },
  ];
}

if (require.main === module) {
  for (const r of runHoverBench()) console.log(`${r.name.padEnd(80)}${r.value.toFixed(3).padStart(9)} ${r.unit}`);
}
