/**
 * 🤗 datasets: how many examples a dataset has when the code says so — `load_dataset(…,
 * split="train[:1000]")` (absolute slices of a split; a percentage of an unknown split stays
 * unknown), `Dataset.from_dict` / `from_list`, `.select(indices)`, `.train_test_split(test_size=…,
 * train_size=…)` of a sized dataset (sized as datasets sizes it: ⌈test_size·n⌉ for a fraction,
 * ⌊train_size·n⌋, the rest; test_size 0.25 when neither is given), and the methods that keep the
 * row count (`shuffle`, `map` unless batched, `rename_column`, …; `filter` and a batched `map` may
 * change it). Each is an unknown value of known length (`Opaque.length`), which `len()`, `.num_rows`
 * and a DataLoader over it count (../torchData.ts).
 */
import type { Adapter } from '../adapter';
import type { CallSite } from '../../python/evaluatorApi';
import { Assumed, Opaque, PyDict, type Value } from '../../python/values';
import { lengthOf } from '../torchData';

const KEEPS_ROWS = /^(shuffle|sort|flatten_indices|with_format|with_transform|cast|cast_column|rename_column|rename_columns|remove_columns|select_columns|add_column|flatten|class_encode_column|align_labels_with_mapping|map)$/;

const unwrap = (v: Value | undefined): Value | undefined => (v instanceof Assumed ? v.value : v);

/** A count the code states: an int, or the length of a list, range or value of known length (../torchData.ts lengthOf), with no assumption under it. */
function countOf(v: Value | undefined): bigint | null {
  if (typeof v === 'bigint') return v;
  const l = lengthOf(v);
  return l && l.deps.length === 0 ? l.n : null;
}

function sized(site: CallSite, n: bigint | null, text = site.text): Value {
  return new Opaque(text, { start: site.start, end: site.end }, undefined, n === null || n < 0n ? undefined : n);
}

/** `"train[:1000]"`, `"train[100:600]"`, `"train[-500:]"`, and `+` of such: the rows, when every part is an absolute slice. */
export function splitRows(split: string): bigint | null {
  let total = 0n;
  for (const part of split.split('+')) {
    const m = /^\s*[\w.-]+\s*\[\s*(-?\d*)\s*:\s*(-?\d*)\s*\]\s*$/.exec(part);
    if (!m) return null;
    const [a, b] = [m[1], m[2]];
    // A negative or missing bound needs the split's size, except `[-N:]` (its last N rows) and `[:N]`.
    if (a === '' && b !== '' && !b.startsWith('-')) total += BigInt(b);
    else if (a.startsWith('-') && b === '') total += -BigInt(a);
    else if (a !== '' && b !== '' && !a.startsWith('-') && !b.startsWith('-')) total += BigInt(b) > BigInt(a) ? BigInt(b) - BigInt(a) : 0n;
    else return null;
  }
  return total;
}

/** `.train_test_split(test_size=None, train_size=None, …)` of n rows: [train, test], as datasets sizes them; null when they are not stated. */
export function trainTestSizes(n: bigint, testSize: Value | undefined, trainSize: Value | undefined): [bigint, bigint] | null {
  const num = (v: Value | undefined): { int: bigint } | { frac: number } | null | undefined => {
    const u = unwrap(v);
    if (u === undefined || u === null) return undefined;
    if (v instanceof Assumed) return null;
    if (typeof u === 'bigint') return { int: u };
    if (typeof u === 'number') return { frac: u };
    return null;
  };
  let test = num(testSize);
  const train = num(trainSize);
  if (test === null || train === null) return null;
  if (test === undefined && train === undefined) test = { frac: 0.25 };
  const N = Number(n);
  let nTest: number | undefined = test === undefined ? undefined : 'int' in test ? Number(test.int) : Math.ceil(test.frac * N);
  let nTrain: number | undefined = train === undefined ? undefined : 'int' in train ? Number(train.int) : Math.floor(train.frac * N);
  if (nTrain === undefined && nTest !== undefined) nTrain = N - nTest;
  else if (nTest === undefined && nTrain !== undefined) nTest = N - nTrain;
  if (nTrain === undefined || nTest === undefined || nTrain < 0 || nTest < 0 || nTrain + nTest > N) return null;
  return [BigInt(nTrain), BigInt(nTest)];
}

const arg = (args: Value[], kwargs: Map<string, Value>, i: number, name: string) => (kwargs.has(name) ? kwargs.get(name) : args[i]);

export const datasetsAdapter: Adapter = {
  name: 'datasets',
  callLib: ({ path, args, kwargs, site }) => {
    if (path === 'datasets.load_dataset') {
      const split = unwrap(kwargs.get('split'));
      return typeof split === 'string' ? sized(site, splitRows(split)) : undefined;
    }
    if (path === 'datasets.Dataset.from_list') return sized(site, countOf(arg(args, kwargs, 0, 'mapping')));
    if (path === 'datasets.Dataset.from_dict') {
      const d = unwrap(arg(args, kwargs, 0, 'mapping'));
      if (!(d instanceof PyDict)) return sized(site, null);
      const lengths = [...d.map.values()].map(([, column]) => countOf(column));
      return sized(site, lengths.length && lengths.every((x) => x !== null && x === lengths[0]) ? lengths[0] : null);
    }
    return undefined;
  },
  opaqueCall: (fn, args, kwargs, site) => {
    const m = /\.(\w+)$/.exec(fn.text);
    if (!m) return undefined;
    const method = m[1];
    if (method === 'select') {
      const n = countOf(arg(args, kwargs, 0, 'indices'));
      return n === null ? undefined : sized(site, n);
    }
    const rows = fn.owner ? countOf(fn.owner) : null;
    if (rows === null) return undefined;
    if (method === 'train_test_split') {
      const sizes = trainTestSizes(rows, kwargs.get('test_size') ?? args[0], kwargs.get('train_size') ?? args[1]);
      if (!sizes) return undefined;
      const d = new PyDict();
      d.set('train', sized(site, sizes[0], `${site.text}["train"]`));
      d.set('test', sized(site, sizes[1], `${site.text}["test"]`));
      return d;
    }
    if (KEEPS_ROWS.test(method)) {
      // A batched map may return more or fewer rows than it is given (run_clm's group_texts).
      const batched = unwrap(kwargs.get('batched'));
      if (method === 'map' && batched !== undefined && batched !== false) return undefined;
      return sized(site, rows);
    }
    return undefined;
  },
  known: (o) => (/\.num_rows$/.test(o.text) && o.owner ? (countOf(o.owner) ?? undefined) : undefined),
};
