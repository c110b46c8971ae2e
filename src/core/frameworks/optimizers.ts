/**
 * Optimizer constructions: `torch.optim.SGD(params, lr=…)`, `AdamW([{'params': …, 'lr': …}, …])`,
 * `transformers.AdamW`. The param groups and each group's lr, momentum and betas.
 */
import { ownMessage } from '../l10n/translate';
import { nameTable } from '../engine/dict';
import type { OptimizerSpec, ParamGroupSpec } from '../engine/spec';
import type { CallSite } from '../python/evaluatorApi';
import { OptimizerHost } from './hosts';
import type { AnalysisContext } from './adapter';
import { Assumed, Opaque, PyDict, PyList, PyLib, PyTuple, isNumber, repr, toFloat, type Value } from '../python/values';

/** Default lr of each optimizer class when the constructor is given none (PyTorch 2.x). */
export const OPTIMIZER_DEFAULT_LR: Record<string, number> = nameTable({
  SGD: 1e-3,
  Adam: 1e-3,
  AdamW: 1e-3,
  Adamax: 2e-3,
  NAdam: 2e-3,
  RAdam: 1e-3,
  Adagrad: 1e-2,
  Adadelta: 1.0,
  RMSprop: 1e-2,
  Rprop: 1e-2,
  ASGD: 1e-2,
  LBFGS: 1,
  SparseAdam: 1e-3,
  Adafactor: 1e-3,
  Lion: 1e-4,
});

const MOMENTUM_OPTIMIZERS = new Set(['SGD', 'RMSprop']);
const BETAS_OPTIMIZERS = new Set(['Adam', 'AdamW', 'Adamax', 'NAdam', 'RAdam', 'SparseAdam', 'Lion']);

export function isOptimizerPath(path: string): string | null {
  let m = /^torch\.optim\.([A-Z][A-Za-z]*)$/.exec(path);
  if (m && m[1] in OPTIMIZER_DEFAULT_LR) return m[1];
  m = /^transformers(?:\.optimization)?\.(AdamW|Adafactor)$/.exec(path);
  if (m) return m[1];
  m = /^(?:bitsandbytes|bnb)\.optim\.(\w+)$/.exec(path);
  if (m) return /adam/i.test(m[1]) ? 'AdamW' : m[1];
  return null;
}

export function constructOptimizer(P: AnalysisContext, type: string, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const deps = new Set<string>();
  const num = (v: Value | undefined, what: string): number | undefined => {
    if (v === undefined || v === null) return undefined;
    if (v instanceof Assumed) {
      v.deps.forEach((d) => deps.add(d));
      v = v.value;
    }
    if (isNumber(v)) return toFloat(v);
    if (v instanceof Opaque || v instanceof PyLib) {
      const a = P.assumeNumber(v instanceof Opaque ? v : new Opaque(v.path), what, type);
      deps.add(a.name);
      a.deps?.forEach((d) => deps.add(d));
      return a.value;
    }
    return undefined;
  };
  const params = args.length > 0 ? args[0] : kwargs.get('params');
  // `AdamW(params, **self.hparams.optimizer_hparams)`: an lr may be in the unknown mapping, so it is
  // an assumption (`optimizer_hparams["lr"]`), not the optimizer's default taken silently.
  const fromUnknown = site.unknownKwargs?.[0];
  const lrArg = args.length > 1 ? args[1] : (kwargs.get('lr') ?? (fromUnknown ? new Opaque(`${fromUnknown}["lr"]`) : undefined));
  let defaultLr = num(lrArg, 'lr');
  const lrText = lrArg instanceof Assumed ? lrArg.value : lrArg;
  if (typeof lrText === 'string')
    // `lr: 1e-4` read by PyYAML is the string '1e-4': torch's `0.0 <= lr` check raises TypeError.
    P.diagnostic('error', ownMessage('The lr is the string {0}, not a number: {1} raises TypeError when it compares it with 0.0', repr(lrText), type), site.start, site.end);
  if (defaultLr === undefined) defaultLr = OPTIMIZER_DEFAULT_LR[type] ?? 1e-3;
  const momentumArg = type === 'SGD' ? (args.length > 2 ? args[2] : kwargs.get('momentum')) : kwargs.get('momentum');
  const momentum = num(momentumArg, 'momentum') ?? 0;
  let betas: [number, number] | undefined;
  const b = kwargs.get('betas') ?? (BETAS_OPTIMIZERS.has(type) && args.length > 2 ? args[2] : undefined);
  const bu = b instanceof Assumed ? b.value : b;
  if (bu instanceof PyTuple || bu instanceof PyList) {
    betas = [num(bu.items[0], 'beta1') ?? 0.9, num(bu.items[1], 'beta2') ?? 0.999];
  } else betas = [0.9, 0.999];

  const group = (lr: number, extra?: PyDict): ParamGroupSpec => {
    const g: ParamGroupSpec = { lr };
    const initial = extra ? num(extra.get('initial_lr'), 'initial_lr') : undefined;
    if (initial !== undefined) g.initial_lr = initial;
    const scale = extra ? num(extra.get('lr_scale'), 'lr_scale') : undefined;
    if (scale !== undefined) g.lr_scale = scale;
    if (MOMENTUM_OPTIMIZERS.has(type)) g.momentum = (extra ? num(extra.get('momentum'), 'momentum') : undefined) ?? momentum;
    if (BETAS_OPTIMIZERS.has(type)) {
      const gb = extra?.get('betas');
      const gbu = gb instanceof Assumed ? gb.value : gb;
      g.betas = gbu instanceof PyTuple || gbu instanceof PyList ? [num(gbu.items[0], 'beta1') ?? 0.9, num(gbu.items[1], 'beta2') ?? 0.999] : betas;
    }
    return g;
  };

  const groups: ParamGroupSpec[] = [];
  const pu = params instanceof Assumed ? params.value : params;
  if ((pu instanceof PyList || pu instanceof PyTuple) && pu.items.length > 0 && pu.items.every((x) => (x instanceof Assumed ? x.value : x) instanceof PyDict)) {
    for (const item of pu.items) {
      const d = (item instanceof Assumed ? item.value : item) as PyDict;
      const lr = num(d.get('lr'), 'lr') ?? defaultLr;
      groups.push(group(lr, d));
    }
  } else {
    groups.push(group(defaultLr));
  }
  const spec: OptimizerSpec & { defaultLr?: number } = { type, paramGroups: groups, defaultLr };
  void site;
  return new OptimizerHost(spec, [...deps]);
}

/** The optimizer to use when the code's optimizer cannot be found. */
export function assumedOptimizer(P: AnalysisContext, why: string): OptimizerHost {
  const a = P.assumptions.use('optimizer lr', 1e-3, why);
  return new OptimizerHost({ type: 'SGD', paramGroups: [{ lr: Number(a), momentum: 0 }], defaultLr: Number(a) }, ['optimizer lr']);
}
