/**
 * PyTorch's data pipeline, for how many batches a loader yields: tensors whose first dimension the
 * code states (`torch.randn(3200, 16)`, `torch.randint(0, 2, (3200,))`, `torch.arange(n)`,
 * `torch.tensor([...])`), `TensorDataset(t, …)`, `Subset(ds, indices)`, `random_split(ds, [a, b])`
 * and `DataLoader(ds, batch_size=B, drop_last=D)`, whose length is ceil(N / B) (floor with
 * drop_last). Each is an unknown value of known length (`Opaque.length`), which `len()` and a `for`
 * loop over it count, so no `len(loader)` assumption is made for it. A length the code does not
 * state (a dataset read from disk, a sampler, a size computed from an assumption) is left unknown:
 * the loop's length is then assumed as before.
 */
import type { CallSite } from '../python/evaluatorApi';
import { Assumed, Opaque, PyFunction, PyInstance, PyList, PyRange, PyTuple, isInt, isNumber, toBig, toFloat, type Value } from '../python/values';

/** An int and the assumptions it rests on; null when the value is no int. */
interface Count {
  n: bigint;
  deps: string[];
}

function countOf(v: Value | undefined): Count | null {
  if (v === undefined) return null;
  const u = v instanceof Assumed ? v.value : v;
  if (typeof u === 'boolean' || !isInt(u)) return null;
  return { n: toBig(u), deps: v instanceof Assumed ? v.deps : [] };
}

function union(a: string[], b: string[]): string[] {
  return [...a, ...b.filter((x) => !a.includes(x))];
}

/** The number of items of a value whose length the code states: a list, tuple, range, or a value of known length. */
export function lengthOf(v: Value | undefined): Count | null {
  if (v === undefined) return null;
  const deps = v instanceof Assumed ? v.deps : [];
  const u = v instanceof Assumed ? v.value : v;
  if (u instanceof PyList || u instanceof PyTuple) return { n: BigInt(u.items.length), deps };
  if (u instanceof PyRange) return { n: u.length, deps };
  if (u instanceof Opaque && u.length !== undefined) {
    const c = countOf(u.length);
    return c ? { n: c.n, deps: union(deps, c.deps) } : null;
  }
  return null;
}

/**
 * A length only when the code states it: one resting on an assumption (`int(0.9 * len(dataset))`
 * of an unknown dataset) is left unknown, so the loop's own `len(loader)` is assumed as before,
 * in batches, rather than a number of examples turned into a few batches.
 */
function stated(length: Count | null): Value | undefined {
  return length && length.n >= 0n && length.deps.length === 0 ? length.n : undefined;
}

/** A dataset whose length rests on an assumption (`random_split` of an unknown dataset): its loader's `len(loader)` is assumed, not its examples. */
const SIZED_BY_ASSUMPTION = 'sized-by-assumption';

function made(site: CallSite, length: Count | null, text = site.text): Value {
  const known = stated(length);
  return new Opaque(text, { start: site.start, end: site.end }, known === undefined && length ? SIZED_BY_ASSUMPTION : 'call', known);
}

/** An argument by position or keyword (undefined when not given; None is null). */
function arg(args: Value[], kwargs: Map<string, Value>, i: number, name: string): Value | undefined {
  return kwargs.has(name) ? kwargs.get(name) : args[i];
}

/** The first dimension of a shape given as `(N, …)`, `[N, …]` or `N, …`. */
function firstDim(shape: Value[]): Count | null {
  if (shape.length === 0) return null;
  const s0 = shape[0] instanceof Assumed ? shape[0].value : shape[0];
  if (s0 instanceof PyTuple || s0 instanceof PyList) return s0.items.length ? countOf(s0.items[0]) : null;
  return countOf(shape[0]);
}

const FACTORY = /^torch\.(randn|rand|zeros|ones|empty|randint|arange|tensor|as_tensor|randperm|linspace)$/;
const DATA = /^torch\.utils\.data(\.dataset)?\.(TensorDataset|Subset|random_split)$/;

/** The tensor's first dimension, when the call states it. */
function tensorLength(fn: string, args: Value[], kwargs: Map<string, Value>): Count | null {
  switch (fn) {
    case 'randn':
    case 'rand':
    case 'zeros':
    case 'ones':
    case 'empty':
      return kwargs.has('size') ? firstDim([kwargs.get('size') as Value]) : firstDim(args);
    case 'randint': {
      // randint(high, size) or randint(low, high, size): the size is the tuple.
      const size = kwargs.get('size') ?? args.find((a) => a instanceof PyTuple || a instanceof PyList);
      return size === undefined ? null : firstDim([size]);
    }
    case 'randperm':
      return countOf(arg(args, kwargs, 0, 'n'));
    case 'linspace':
      return countOf(arg(args, kwargs, 2, 'steps'));
    case 'arange': {
      const nums = [...args];
      const [start, end, step] = nums.length >= 2 ? [nums[0], nums[1], nums[2] ?? kwargs.get('step') ?? 1n] : [kwargs.get('start') ?? 0n, nums[0] ?? kwargs.get('end'), kwargs.get('step') ?? 1n];
      const xs = [start, end, step].map((v) => (v instanceof Assumed ? v.value : v));
      if (!xs.every((x) => x !== undefined && isNumber(x as Value) && typeof x !== 'boolean')) return null;
      const [a, b, c] = xs.map((x) => toFloat(x as number));
      if (!(c !== 0) || !Number.isFinite((b - a) / c)) return null;
      const deps = [start, end, step].reduce<string[]>((d, v) => (v instanceof Assumed ? union(d, v.deps) : d), []);
      return { n: BigInt(Math.max(0, Math.ceil((b - a) / c))), deps };
    }
    case 'tensor':
    case 'as_tensor':
      return lengthOf(arg(args, kwargs, 0, 'data'));
  }
  return null;
}

/** `random_split(ds, lengths)`: the parts' lengths (fractions as torch rounds them: floor, then one more for the first ones). */
function splitLengths(total: Count | null, lengths: Value | undefined): Count[] | null {
  const u = lengths instanceof Assumed ? lengths.value : lengths;
  if (!(u instanceof PyList || u instanceof PyTuple) || u.items.length === 0) return null;
  const ints = u.items.map(countOf);
  if (ints.every((c) => c !== null)) return ints as Count[];
  const fracs = u.items.map((x) => (x instanceof Assumed ? x.value : x));
  if (!total || !fracs.every((x) => typeof x === 'number')) return null;
  const fs = fracs as number[];
  const sum = fs.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9 || fs.some((f) => f < 0 || f > 1)) return null;
  const N = Number(total.n);
  const parts = fs.map((f) => Math.floor(N * f));
  const remainder = N - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; i < remainder; i++) parts[i % parts.length] += 1;
  return parts.map((n) => ({ n: BigInt(n), deps: total.deps }));
}

/**
 * The length of a loader over a dataset the code does not size, in batches of a batch size it
 * states: unknown, and assumed (under the loader's name, `len(train_loader)`, when a loop or
 * `len()` needs it: ./adapters/torch.ts's `known`) with what the user knows instead — the dataset
 * and its batch size — so the editor can ask for the number of examples and derive the batches.
 */
export class UnknownExamplesLength extends Opaque {
  constructor(
    /** The dataset's text (`train_dataset`). */
    readonly dataset: string,
    range: { start: number; end: number },
    readonly batchSize: bigint,
    readonly dropLast: boolean,
    /** Assumptions drop_last rests on. */
    readonly deps: string[],
    /** Sharded by 🤗 Accelerate's prepare: the process count's assumption (`accelerator.num_processes`). */
    readonly processes?: string,
  ) {
    super(`len(${dataset})`, range, 'len');
  }

  /**
   * The name the length was first read under (`len(train_dataloader)`), shared by its copies: a
   * later read through an alias (`active_dataloader = train_dataloader`, the prepared loader) is
   * the same assumption, not a second one that an override of the first would leave at 1,000.
   */
  private firstRead: { text?: string } = {};

  override renamed(text: string, range?: { start: number; end: number }): Opaque {
    const o = super.renamed(this.firstRead.text ?? text, range);
    this.firstRead.text ??= text;
    return o;
  }

  /** The same length after `accelerator.prepare(loader)`: per process. */
  sharded(processes: string): UnknownExamplesLength {
    const o = new UnknownExamplesLength(this.dataset, this.range ?? { start: 0, end: 0 }, this.batchSize, this.dropLast, this.deps, processes);
    o.text = this.text;
    o.firstRead = this.firstRead;
    return o;
  }
}

interface LoaderShape {
  N: Count | null;
  /** null: batch_size=None (the dataset's items are the batches). */
  B: Count | null;
  dropLast: boolean;
  deps: string[];
}

/** `DataLoader(dataset, batch_size=1, shuffle, sampler, batch_sampler, num_workers, collate_fn, pin_memory, drop_last=False, …)`: its dataset length, batch size and drop_last, when the code states them. */
function loaderShape(args: Value[], kwargs: Map<string, Value>, datasetLength: (v: Value | undefined) => Count | null): LoaderShape | null {
  for (const [i, name] of [[3, 'sampler'], [4, 'batch_sampler']] as const) {
    const s = arg(args, kwargs, i, name);
    if (s !== undefined && s !== null) return null;
  }
  const N = datasetLength(arg(args, kwargs, 0, 'dataset'));
  const bs = arg(args, kwargs, 1, 'batch_size');
  const B = bs === null ? null : bs === undefined ? { n: 1n, deps: [] } : countOf(bs);
  if (bs !== null && (!B || B.n <= 0n)) return null;
  const dl = arg(args, kwargs, 8, 'drop_last');
  const d = dl instanceof Assumed ? dl.value : dl;
  if (d !== undefined && typeof d !== 'boolean' && !isInt(d as Value)) return null;
  const dropLast = d === undefined ? false : typeof d === 'boolean' ? d : toBig(d as bigint) !== 0n;
  return { N, B, dropLast, deps: union(B?.deps ?? [], dl instanceof Assumed ? dl.deps : []) };
}

function loaderLength(shape: LoaderShape): Count | null {
  const { N, B, dropLast } = shape;
  if (!N) return null;
  if (!B) return N;
  const n = dropLast ? N.n / B.n : (N.n + B.n - 1n) / B.n;
  return { n, deps: union(N.deps, shape.deps) };
}

/** A dataset's length when the code states it: also a user Dataset whose `__len__` the interpreter can run. */
function datasetLength(v: Value | undefined, site: CallSite): Count | null {
  const direct = lengthOf(v);
  if (direct) return direct;
  const u = v instanceof Assumed ? v.value : v;
  if (u instanceof PyInstance && u.cls?.lookup('__len__') instanceof PyFunction) {
    try {
      return countOf(site.interp.callFunction(u.cls.lookup('__len__') as PyFunction, [u], new Map()));
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Whether a DataLoader's first argument reads as a dataset whose length is a number of examples
 * (a name or attribute, `ds["train"]`), not a call whose result is already batched or an
 * iterable dataset (`IterableDataset` has no length: the loop's own length is then assumed).
 */
function isDatasetText(text: string, v: Value | undefined): boolean {
  const u = v instanceof Assumed ? v.value : v;
  if (!(u instanceof Opaque) || u.hint === 'loop' || u.hint === SIZED_BY_ASSUMPTION) return false;
  if (/iterable|stream/i.test(text)) return false;
  return /^[A-Za-z_][\w.]*(\[[^\]]*\])*$/.test(text.trim());
}

/** A call of torch's tensor factories, datasets or DataLoader: the value with its length when the code states it; undefined for any other call. */
export function dataCall(path: string, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value | undefined {
  const f = FACTORY.exec(path);
  if (f) return made(site, tensorLength(f[1], args, kwargs));
  if (path === 'torch.utils.data.DataLoader' || /\.DataLoader$/.test(path)) {
    const range = { start: site.start, end: site.end };
    const shape = loaderShape(args, kwargs, (v) => datasetLength(v, site));
    const known = shape ? stated(loaderLength(shape)) : undefined;
    if (known !== undefined) return new Opaque(site.text, range, undefined, known);
    // A dataset the code does not size, batched by a batch size it states: its number of examples is the assumption.
    const dsText = site.argTexts[0] !== undefined && !kwargs.has('dataset') ? site.argTexts[0] : undefined;
    if (shape && !shape.N && shape.B && shape.B.deps.length === 0 && dsText && isDatasetText(dsText, arg(args, kwargs, 0, 'dataset')))
      return new Opaque(site.text, range, undefined, new UnknownExamplesLength(dsText.replace(/\s+/g, ' '), range, shape.B.n, shape.dropLast, shape.deps));
    return new Opaque(site.text, range);
  }
  const d = DATA.exec(path);
  if (!d) return undefined;
  if (d[2] === 'TensorDataset') return made(site, lengthOf(args[0]));
  if (d[2] === 'Subset') return made(site, lengthOf(arg(args, kwargs, 1, 'indices')));
  const parts = splitLengths(lengthOf(arg(args, kwargs, 0, 'dataset')), arg(args, kwargs, 1, 'lengths'));
  if (!parts) return made(site, null);
  return new PyList(parts.map((c, i) => made(site, c, `${site.text}[${i}]`)));
}
