/**
 * timm: `create_scheduler_v2(…)` returns `(scheduler, num_epochs)`, `scheduler_kwargs(args)` and
 * `create_scheduler(args, optimizer, updates_per_epoch)` read the training script's args the way
 * timm does, `optimizer_kwargs(args)` and `create_optimizer_v2(…)` choose the optimizer by name.
 */
import type { Adapter, AnalysisContext } from '../adapter';
import type { CallSite } from '../../python/evaluatorApi';
import type { FindingRec } from '../hosts';
import { constructOptimizer } from '../optimizers';
import { constructScheduler, schedulerKind } from '../schedulers';
import { Args } from '../../engine/args';
import { createSchedulerV2Plan } from '../../engine/timm/schedulers';
import { FAMILIES } from '../../engine/families';
import { Assumed, Opaque, PyDict, PyInstance, PyList, PyTuple, type Value } from '../../python/values';

const TIMM_MODULES = FAMILIES.find((f) => f.library === 'timm')?.modules as RegExp;

/** `(scheduler, num_epochs)`: the epochs train.py loops to, as create_scheduler_v2 computes them. */
export function timmFactoryResult(host: Value, kwargs: Map<string, Value>): Value {
  const rec = (host as { rec?: FindingRec }).rec;
  let epochs: Value = new Opaque('num_epochs');
  if (rec) {
    try {
      const n = createSchedulerV2Plan(new Args('timm.create_scheduler_v2', rec.spec.args)).numEpochs;
      if (Number.isFinite(n)) {
        const deps = [...rec.deps];
        const v: Value = Number.isInteger(n) && !isFloatArg(kwargs.get('num_epochs')) ? BigInt(n) : n;
        epochs = deps.length ? new Assumed(v, deps) : v;
      }
    } catch {
      /* create_scheduler_v2 raises: the finding says where */
    }
  }
  return new PyTuple([host, epochs]);
}

function isFloatArg(v: Value | undefined): boolean {
  const u = v instanceof Assumed ? v.value : v;
  return typeof u === 'number';
}

/** `getattr(cfg, name, default)` on a namespace the analysis models (argparse, SimpleNamespace, a dict). */
function getattrOr(cfg: Value, name: string, def: Value): Value {
  const u = cfg instanceof Assumed ? cfg.value : cfg;
  if (u instanceof PyInstance) return u.attrs.has(name) ? (u.attrs.get(name) as Value) : def;
  if (u instanceof PyDict) {
    const v = u.get(name);
    return v === undefined ? def : v;
  }
  return def;
}

/** timm's `scheduler_kwargs(cfg, decreasing_metric=None)`, key by key. */
export function timmSchedulerKwargs(cfg: Value, decreasing: Value | undefined): PyDict {
  const g = (name: string, def: Value) => getattrOr(cfg, name, def);
  let mode: Value;
  if (decreasing !== undefined && decreasing !== null) mode = decreasing === true || (decreasing instanceof Assumed && decreasing.value === true) ? 'min' : 'max';
  else {
    const metric = g('eval_metric', 'top1');
    const m = metric instanceof Assumed ? metric.value : metric;
    mode = typeof m === 'string' ? (m.includes('loss') ? 'min' : 'max') : metric instanceof Opaque ? new Opaque(`plateau_mode from ${metric.text}`) : 'max';
  }
  const onUpdates = g('sched_on_updates', false);
  const ou = onUpdates instanceof Assumed ? onUpdates.value : onUpdates;
  const d = new PyDict();
  d.set('sched', g('sched', new Opaque('cfg.sched')));
  d.set('num_epochs', g('epochs', 100n));
  d.set('decay_epochs', g('decay_epochs', 30n));
  d.set('decay_milestones', g('decay_milestones', new PyList([30n, 60n])));
  d.set('warmup_epochs', g('warmup_epochs', 5n));
  d.set('cooldown_epochs', g('cooldown_epochs', 0n));
  d.set('patience_epochs', g('patience_epochs', 10n));
  d.set('decay_rate', g('decay_rate', 0.1));
  d.set('min_lr', g('min_lr', 0.0));
  d.set('warmup_lr', g('warmup_lr', 1e-5));
  d.set('warmup_prefix', g('warmup_prefix', false));
  d.set('noise', g('lr_noise', null));
  d.set('noise_pct', g('lr_noise_pct', 0.67));
  d.set('noise_std', g('lr_noise_std', 1.0));
  d.set('noise_seed', g('seed', 42n));
  d.set('cycle_mul', g('lr_cycle_mul', 1.0));
  d.set('cycle_decay', g('lr_cycle_decay', 0.1));
  d.set('cycle_limit', g('lr_cycle_limit', 1n));
  d.set('k_decay', g('lr_k_decay', 1.0));
  d.set('plateau_mode', mode);
  d.set('step_on_epochs', typeof ou === 'boolean' ? !ou : ou instanceof Opaque ? ou : true);
  return d;
}

/** timm's `optimizer_kwargs(cfg)`: the keys that matter to the schedule (opt, lr, momentum). */
function timmOptimizerKwargs(cfg: Value): PyDict {
  const d = new PyDict();
  d.set('opt', getattrOr(cfg, 'opt', 'sgd'));
  d.set('lr', getattrOr(cfg, 'lr', null));
  d.set('weight_decay', getattrOr(cfg, 'weight_decay', 0.0));
  d.set('momentum', getattrOr(cfg, 'momentum', 0.9));
  return d;
}

/** timm's `create_optimizer_v2(model_or_params, opt='sgd', lr=None, weight_decay=0., momentum=0.9, …)`: the optimizer class by its `opt` name. */
function timmCreateOptimizer(P: AnalysisContext, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const optV = args[1] ?? kwargs.get('opt') ?? 'sgd';
  const o = optV instanceof Assumed ? optV.value : optV;
  const name = typeof o === 'string' ? o.toLowerCase().split('_').pop() ?? 'sgd' : 'sgd';
  const type = /adam|lamb|lion|adan|adopt|mars|laprop|kron|muon/.test(name) ? 'AdamW' : /rmsprop/.test(name) ? 'RMSprop' : /adagrad/.test(name) ? 'Adagrad' : 'SGD';
  const kw = new Map<string, Value>();
  const lr = args[2] ?? kwargs.get('lr');
  const lu = lr instanceof Assumed ? lr.value : lr;
  if (lr !== undefined && lu !== null) kw.set('lr', lr);
  const mom = kwargs.get('momentum') ?? 0.9;
  if (type === 'SGD') kw.set('momentum', mom);
  return constructOptimizer(P, type, [args[0] ?? kwargs.get('model_or_params') ?? null], kw, site);
}

export function timmHelper(P: AnalysisContext, path: string, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return undefined;
  if (/^timm\.optim(\.\w+)?$/.test(path.slice(0, dot))) {
    const fn = path.slice(dot + 1);
    if (fn === 'optimizer_kwargs') return timmOptimizerKwargs(args[0] ?? kwargs.get('cfg') ?? null);
    if (fn === 'create_optimizer_v2') return timmCreateOptimizer(P, args, kwargs, site);
    return undefined;
  }
  if (!TIMM_MODULES.test(path.slice(0, dot))) return undefined;
  const name = path.slice(dot + 1);
  if (name === 'scheduler_kwargs') return timmSchedulerKwargs(args[0] ?? kwargs.get('cfg') ?? null, args[1] ?? kwargs.get('decreasing_metric'));
  if (name !== 'create_scheduler') return undefined;
  // create_scheduler(args, optimizer, updates_per_epoch=0) = create_scheduler_v2(optimizer=optimizer, **scheduler_kwargs(args), updates_per_epoch=…)
  const cfg = args[0] ?? kwargs.get('args') ?? null;
  const optimizer = args[1] ?? kwargs.get('optimizer');
  const updates = args[2] ?? kwargs.get('updates_per_epoch') ?? 0n;
  const kw = new Map<string, Value>();
  if (optimizer !== undefined) kw.set('optimizer', optimizer);
  for (const [k, v] of timmSchedulerKwargs(cfg, undefined).map.values()) kw.set(String(k), v);
  kw.set('updates_per_epoch', updates);
  const host = constructScheduler(P, 'timm.create_scheduler_v2', 'timm', [], kw, { ...site, argNodes: [] }, 'create_scheduler');
  return timmFactoryResult(host, kw);
}

export const timmAdapter: Adapter = {
  name: 'timm',
  callLib: ({ path, args, kwargs, site }, cx) => {
    if (schedulerKind(path)?.kind === 'timm.create_scheduler_v2') return timmFactoryResult(constructScheduler(cx, 'timm.create_scheduler_v2', 'timm', args, kwargs, site), kwargs);
    return timmHelper(cx, path, args, kwargs, site);
  },
};
