/**
 * What the analysis worker does with a request: the same analysis the extension host runs
 * (incremental, one Analyzer per document) and every finding's curve over its natural run. Pure:
 * the Node and web entries (nodeMain.ts, webMain.ts) only carry the messages.
 */
import { Analyzer } from '../analysis/analyze';
import { curveFor } from '../analysis/curves';
import type { ForgetRequest, VetCurve, VetReply, VetRequest } from './protocol';

const analyzers = new Map<string, Analyzer>();

export function serve(req: VetRequest | ForgetRequest): { reply: VetReply; transfer: ArrayBuffer[] } | undefined {
  if ('forget' in req) {
    analyzers.delete(req.forget);
    return undefined;
  }
  const t0 = performance.now();
  try {
    let analyzer = analyzers.get(req.key);
    if (!analyzer) analyzers.set(req.key, (analyzer = new Analyzer()));
    const analysis = analyzer.analyze(req.text, req.options);
    const curves: VetCurve[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const f of analysis.schedulers) {
      // perBatch: the curves the editor shows (a timm curve as the lr each optimizer step trains with).
      const c = curveFor(f, { budget: req.budget, perBatch: true });
      curves.push({ id: f.id, kind: f.kind, line: f.line, steps: c.steps, curve: c.curve, assumptions: c.assumptions });
      for (const a of [c.curve.lr, c.curve.momentum]) if (a && a.buffer instanceof ArrayBuffer && !transfer.includes(a.buffer)) transfer.push(a.buffer);
    }
    return { reply: { id: req.id, ok: true, curves, ms: performance.now() - t0 }, transfer };
  } catch (e) {
    analyzers.delete(req.key);
    return { reply: { id: req.id, ok: false, reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }, transfer: [] };
  }
}
