/**
 * PyTorch: optimizer constructions (`torch.optim.SGD(…)`, bitsandbytes' 8-bit optimizers; see
 * ../optimizers.ts), `DataLoader(…)` (an iterable whose length is known when the code states the dataset's: ../torchData.ts), `from torch.optim import *`,
 * decorators that hand the function back (`@torch.no_grad()`, `@torch.jit.script`), and
 * `x.step()` on a value the analysis could not model (said at its line when it reads as a scheduler).
 */
import type { Adapter, AnalysisContext } from '../adapter';
import type { CallSite } from '../../python/evaluatorApi';
import { ownMessage } from '../../l10n/translate';
import { constructOptimizer, isOptimizerPath } from '../optimizers';
import { dataCall, UnknownExamplesLength } from '../torchData';
import { Assumed, Opaque, PyInstance, PyLib, inheritsUnmodelled, type Value } from '../../python/values';

const REPORTED = {};

/** `x.step()` on an unknown value, or on an instance of the file's own class deriving a library scheduler (its step() is not here). */
function unknownStep(site: CallSite, receiver: Value, receiverText: string, cx: AnalysisContext): void {
  const recv = receiver instanceof Assumed ? receiver.value : receiver;
  let origin: string;
  if (recv instanceof Opaque) origin = recv.text;
  else if (recv instanceof PyInstance && recv.cls !== null && recv.cls.lookup('step') === undefined && inheritsUnmodelled(recv.cls)) origin = `${recv.typeName}(...)`;
  else return;
  const reported = cx.state(REPORTED, () => new Set<number>());
  if (reported.has(site.start)) return;
  // Optimizers the analysis does not model are stepped too: only what reads as a scheduler is reported.
  if (!/sched|lr/i.test(receiverText + ' ' + origin) || /optim|opt\b/i.test(receiverText)) return;
  reported.add(site.start);
  const from = origin && origin !== receiverText ? origin : null;
  cx.diagnostic(
    'info',
    from
      ? ownMessage('`{0}.step()`: `{0}` comes from `{1}`, which LR Lens could not model, so its schedule is not shown', receiverText, from.length > 80 ? from.slice(0, 77) + '...' : from)
      : ownMessage('`{0}.step()`: LR Lens could not tell which scheduler `{0}` is, so its schedule is not shown', receiverText),
    site.start,
    site.end,
  );
}

export const torchAdapter: Adapter = {
  name: 'torch',
  starImport: (mod, name) => (/^torch\.optim$/.test(mod) && /^[A-Z]/.test(name) ? new PyLib(mod + '.' + name) : undefined),
  callLib: ({ path, args, kwargs, site }, cx) => {
    const opt = isOptimizerPath(path);
    if (opt) return constructOptimizer(cx, opt, args, kwargs, site);
    return dataCall(path, args, kwargs, site);
  },
  onMethodCall: (site, receiver, name, receiverText, cx) => {
    if (name === 'step') unknownStep(site, receiver, receiverText, cx);
  },
  transparentDecorator: (text) => /no_grad|jit/.test(text),
  known: (o, cx) => (o instanceof UnknownExamplesLength ? batchesOfExamples(o, cx) : undefined),
};

/**
 * A loader's length over a dataset of unknown size: `len(train_loader)` batches assumed (the
 * dataset size setting), recorded with the dataset and batch size it is made of, so the user can
 * give the number of examples instead.
 */
function batchesOfExamples(o: UnknownExamplesLength, cx: AnalysisContext): Value {
  const examples = { dataset: o.dataset, batchSize: Number(o.batchSize), dropLast: o.dropLast, ...(o.processes ? { processes: o.processes } : {}) };
  const v = cx.assumptions.use(o.text, cx.assumptions.defaults.datasetSize, 'dataset size unknown', o.range ? cx.rangeOf(o.range.start, o.range.end) : undefined, examples);
  cx.collecting?.add(o.text);
  const n = typeof v === 'number' && Number.isFinite(v) && v >= 0 ? BigInt(Math.floor(v)) : BigInt(cx.assumptions.defaults.datasetSize);
  return new Assumed(n, [o.text, ...o.deps.filter((d) => d !== o.text)]);
}
