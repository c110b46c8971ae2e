/**
 * What the analysis worker does with a request: the document model the extension host builds
 * (incremental, one Analyzer per document) and every finding's curve over its natural run. Pure:
 * the Node and web entries (nodeMain.ts, webMain.ts) only carry the messages.
 */
import { Analyzer } from '../core/model/analyze';
import { DocumentModel } from '../core/model/documentModel';
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
    const model = DocumentModel.of(req.text, req.inputs, analyzer);
    const curves: VetCurve[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const f of model.schedulers) {
      // The curves the editor shows (a timm curve as the lr each optimizer step trains with).
      const c = model.curveOf(f);
      curves.push({ id: f.id, kind: f.kind, line: f.line, steps: c.steps, curve: c.curve, assumptions: c.assumptions });
      for (const a of [c.curve.lr, c.curve.momentum]) if (a && a.buffer instanceof ArrayBuffer && !transfer.includes(a.buffer)) transfer.push(a.buffer);
    }
    return { reply: { id: req.id, ok: true, curves, ms: performance.now() - t0 }, transfer };
  } catch (e) {
    analyzers.delete(req.key);
    return { reply: { id: req.id, ok: false, reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }, transfer: [] };
  }
}
