/**
 * Training-loop idioms: what training scripts wrap their loops in — tqdm's `tqdm`/`trange` (also
 * `tqdm.auto`, `tqdm.notebook`), fastprogress' `master_bar`/`progress_bar`, torchvision's
 * `metric_logger.log_every(loader, …)`, `itertools.islice` — and which loops are epoch loops and
 * which are batch loops, guessed from the names scripts give them (`for epoch in range(…)`,
 * `for batch in loader`, `while step < max_steps`).
 */
import type { Adapter, AnalysisContext } from '../adapter';
import type { Expr } from '../../python/ast';
import type { CallSite, LoopInfo, LoopKind } from '../../python/evaluatorApi';
import { Assumed, HostObject, Opaque, PyList, isNumber, toFloat, type Value } from '../../python/values';

/** An iterable of known length whose items are unknown: `tqdm(loader, total=n)`, `islice(cycle(loader), n)`. */
export class SizedIterable extends HostObject {
  readonly typeName = 'iterable';
  constructor(
    readonly inner: Value,
    /** Number of items (an int, or an Assumed int). */
    readonly count: Value,
    readonly text: string,
  ) {
    super();
  }
}

const TQDM = /^tqdm(\.(auto|notebook|std|autonotebook|rich|asyncio|contrib))?\.(tqdm|trange)$|^tqdm$|^fastprogress(\.fastprogress)?\.(master_bar|progress_bar)$|^fastai\.[\w.]*\.(master_bar|progress_bar)$/;

/** Library calls that wrap an iterable; undefined for any other call. */
export function iterableCall(path: string, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value | undefined {
  if (TQDM.test(path)) {
    if (/trange$/.test(path)) {
      return site.interp.call(builtinRange(site), args, new Map(), site);
    }
    const inner = args[0] ?? kwargs.get('iterable') ?? null;
    const total = kwargs.get('total') ?? (/tqdm$/.test(path) ? args[2] : undefined);
    if (total !== undefined && total !== null && isCount(total)) return new SizedIterable(inner, total, site.argTexts[0] ?? site.text);
    return inner;
  }
  if (path === 'itertools.islice') {
    const inner = args[0] ?? null;
    const [start, stop, step] = args.length >= 3 ? [args[1], args[2], args[3] ?? 1n] : [0n, args[1], 1n];
    if (!isCount(start) || !isCount(stop) || !isCount(step)) return undefined;
    const a = Number(num(start));
    const b = Number(num(stop));
    const c = Number(num(step)) || 1;
    const items = site.interp.iterValues(inner);
    if (items) return new PyList(items.slice(a, b).filter((_x, i) => i % c === 0));
    const n = BigInt(Math.max(0, Math.ceil((b - a) / c)));
    const deps = [start, stop, step].flatMap((v) => (v instanceof Assumed ? v.deps : []));
    return new SizedIterable(inner, deps.length ? new Assumed(n, deps) : n, site.argTexts[0] ?? site.text);
  }
  return undefined;
}

function builtinRange(site: CallSite): Value {
  return site.interp.lookup('range', { vars: new Map(), parent: null, kind: 'module' }, site.home, site.node);
}

function isCount(v: Value | undefined): v is Value {
  const u = v instanceof Assumed ? v.value : v;
  return u !== undefined && isNumber(u as Value) && Number.isFinite(toFloat(u as number));
}

function num(v: Value): number {
  const u = v instanceof Assumed ? v.value : v;
  return isNumber(u) ? toFloat(u as number) : NaN;
}

const WRAPPER_NAMES = /^(enumerate|iter|tqdm|trange|progress_bar|master_bar|tqdm\.\w+|\w+\.tqdm|\w+\.progress_bar)$/;

/**
 * The iterable a loop really walks, through the wrappers around it: `enumerate(tqdm(loader, desc=…))`
 * → `loader`, `metric_logger.log_every(data_loader, 10, header)` → `data_loader`.
 */
export function innerIterable(e: Expr): Expr {
  for (let depth = 0; depth < 8; depth++) {
    const next = unwrapOnce(e);
    if (next === e) return e;
    e = next;
  }
  return e;
}

/** One wrapper off: `enumerate(tqdm(loader))` → `tqdm(loader)`; the expression itself when it is no wrapper. */
export function unwrapOnce(e: Expr): Expr {
  let x = e;
  while (x.t === 'paren') x = x.e;
  if (x.t !== 'call') return x;
  const first = x.args.find((a) => a.kind === 'pos');
  if (!first) return x;
  const f = x.fn;
  const name = f.t === 'name' ? f.id : f.t === 'attr' ? (f.obj.t === 'name' ? `${f.obj.id}.${f.name}` : f.name) : '';
  return WRAPPER_NAMES.test(name) || (f.t === 'attr' && f.name === 'log_every') ? first.value : x;
}

/** Loop-count values recorded by the wrappers above. */
export function sizedCount(v: Value): Value | null {
  return v instanceof SizedIterable ? v.count : null;
}

/** A `for` loop: its kind from the names, its count through the wrappers (a `total=` given on the way), `len(loader)` assumed for a batch loop. */
function classifyFor(loop: LoopInfo): { kind: LoopKind; count: Value | null } {
  const { targetText, iterText, value: iterV, home } = loop;
  let count = loop.count;
  const u = iterV instanceof Assumed ? iterV.value : iterV;
  // Through enumerate/tqdm/progress_bar/log_every to what is iterated, and a `total=` given on the way.
  let sized: SizedIterable | undefined;
  for (let x: Expr | undefined = loop.iter, k = 0; x && k < 8 && !sized; k++) {
    const r = loop.interp.resultOf(x);
    if (r instanceof SizedIterable) sized = r;
    const next = unwrapOnce(x);
    if (next === x) break;
    x = next;
  }
  if (sized) count = sized.count;
  else if (u instanceof SizedIterable) count = u.count;
  const names = (targetText + ' ' + iterText).toLowerCase();
  let kind: LoopKind = 'unknown';
  if (/epoch|\bep\b|\be\b/.test(targetText.toLowerCase()) || /num_epochs|epochs|max_epoch|n_epoch/.test(iterText.toLowerCase())) kind = 'epoch';
  else if (/loader|batch|dataloader|\bdl\b|data|iter|step|train_ds|dataset/.test(names)) kind = 'batch';
  if (kind === 'unknown' && (iterV instanceof Opaque || u instanceof SizedIterable)) kind = 'batch';
  if ((kind === 'batch' || count instanceof Opaque) && (count === null || count instanceof Opaque) && loop.iter) {
    // An unknown length (a loader over a dataset of unknown size): assumed under the loader's name.
    const innerE = innerIterable(loop.iter);
    const inner = home.text.slice(innerE.from, innerE.to).trim().replace(/\s+/g, ' ');
    const range = { start: home.base + innerE.from, end: home.base + innerE.to };
    const name = `len(${inner})`;
    count = loop.interp.host.assume(count instanceof Opaque ? count.renamed(name, range) : new Opaque(name, range, 'len'));
  }
  return { kind, count };
}

/** A `while step < max_steps:` counter loop: its kind from the counter's name. */
function classifyWhile(loop: LoopInfo): { kind: LoopKind; count: Value | null } {
  const lower = loop.targetText.toLowerCase();
  const kind: LoopKind = /epoch|^ep$|^e$/.test(lower) ? 'epoch' : /step|iter|batch|^it$|^i$|^n$/.test(lower) ? 'batch' : 'unknown';
  return { kind, count: loop.count };
}

export const loopsAdapter: Adapter = {
  name: 'loops',
  callLib: ({ path, args, kwargs, site }) => iterableCall(path, args, kwargs, site),
  /** Calls of unknown objects whose result is known: torchvision's `metric_logger.log_every(loader, …)` is the loader. */
  opaqueCall: (fn, args) => (/\.log_every$/.test(fn.text) && args.length ? args[0] : undefined),
  classifyLoop: (loop: LoopInfo, _cx: AnalysisContext) => (loop.form === 'for' ? classifyFor(loop) : classifyWhile(loop)),
};
