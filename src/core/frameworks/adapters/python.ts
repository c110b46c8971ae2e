/**
 * Python's standard library and numpy, as far as training scripts compute with them: `math`
 * (the interpreter's own math functions), numpy's math functions and float types, `sys.maxsize`,
 * `os.environ.get`/`os.getenv` (the default, as a named assumption), `dataclasses.field` and
 * `dataclasses.dataclass`, `functools.partial`, `float(…)` called through a module; an attribute of
 * an unknown class's instance its call stated (../statedCalls.ts).
 */
import { assumptionName } from '../../model/assumptions';
import type { Adapter, AnalysisContext } from '../adapter';
import type { CallSite, Evaluator } from '../../python/evaluatorApi';
import { MATH, toFloatValue } from '../../python/builtins';
import { Assumed, PyBuiltin, PyError, PyInstance, PyLib, isInt, type Value } from '../../python/values';
import { statedField } from '../statedCalls';

const NUMPY_MATH = new Set(['cos', 'sin', 'tan', 'exp', 'log', 'sqrt', 'pi', 'e', 'inf', 'log2', 'log10', 'tanh', 'arccos', 'floor', 'ceil']);

function libAttr(path: string, name: string, I: Evaluator): Value | undefined {
  if (path === 'math') {
    const v = MATH.get(name);
    if (v !== undefined) return v;
    if (!I.abstract) throw new PyError('AttributeError', `module 'math' has no attribute '${name}'`);
  }
  if (path === 'numpy' && NUMPY_MATH.has(name)) {
    const m = MATH.get(name === 'arccos' ? 'acos' : name);
    if (m instanceof PyBuiltin && (name === 'floor' || name === 'ceil')) {
      // numpy.floor/ceil return floats.
      return new PyBuiltin(name, (a, k, c) => {
        const r = m.impl(a, k, c);
        const u = r instanceof Assumed ? r.value : r;
        const f = typeof u === 'bigint' ? Number(u) : u;
        return r instanceof Assumed ? new Assumed(f, r.deps) : f;
      });
    }
    if (m !== undefined) return m;
  }
  if (path === 'sys' && name === 'maxsize') return 9223372036854775807n;
  return undefined;
}

/** posixpath.normpath of a relative or absolute path. */
function normpath(p: string): string {
  if (p === '') return '.';
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !abs) out.push(part);
  }
  const r = (abs ? '/' : '') + out.join('/');
  return r || (abs ? '/' : '.');
}

/**
 * `os.path` on strings, as posixpath computes it (config paths: `os.path.join(os.path.dirname(__file__),
 * "configs", "train.yaml")`). `abspath`/`realpath` of a relative path stay relative (the folder the
 * script runs in is not known; a host reads such a path beside the script).
 */
function osPath(name: string, args: Value[]): Value | undefined {
  const a = args.map((x) => (x instanceof Assumed ? x.value : x));
  if (!a.every((x) => typeof x === 'string')) return undefined;
  const s = a as string[];
  switch (name) {
    case 'join': {
      if (!s.length) return undefined;
      let out = s[0];
      for (const p of s.slice(1)) {
        if (p.startsWith('/')) out = p;
        else if (out === '' || out.endsWith('/')) out += p;
        else out += '/' + p;
      }
      return out;
    }
    case 'dirname': {
      const i = s[0].lastIndexOf('/') + 1;
      const head = s[0].slice(0, i);
      return head && head !== '/'.repeat(head.length) ? head.replace(/\/+$/, '') : head;
    }
    case 'basename':
      return s[0].slice(s[0].lastIndexOf('/') + 1);
    case 'normpath':
      return normpath(s[0]);
    case 'abspath':
    case 'realpath':
      return s[0].startsWith('/') ? normpath(s[0]) : normpath(s[0]) === '.' ? '' : normpath(s[0]);
    default:
      return undefined;
  }
}

export const pythonAdapter: Adapter = {
  name: 'python',
  aliases: [[/^np\./, 'numpy.']],
  starImport: (mod, name, cx) => (mod === 'math' ? (libAttr('math', name, cx.interp) ?? new PyLib('math.' + name)) : undefined),
  libAttr: (path, name, I) => libAttr(path, name, I),
  callLib: ({ path, args, kwargs, site }, P: AnalysisContext) => {
    if (path === 'dataclasses.field') {
      const f = new PyInstance(null, 'Field');
      if (kwargs.has('default')) f.attrs.set('default', kwargs.get('default') as Value);
      const factory = kwargs.get('default_factory');
      if (factory !== undefined) {
        try {
          f.attrs.set('default', site.interp.call(factory, [], new Map(), site));
        } catch {
          /* unknown factory */
        }
      }
      return f;
    }
    if (path === 'functools.partial' && args.length) {
      // `partial(ReverseDataset, 10, 16)` (the UvA tutorials): a callable that calls the function with these arguments first.
      const [fn, ...bound] = args;
      // Called by the interpreter running the call (the engine's concrete one, for an lr_lambda).
      return new PyBuiltin('partial', (a, k, c) => {
        const at = 'node' in c ? (c as CallSite) : site;
        return at.interp.call(fn, [...bound, ...a], new Map([...kwargs, ...k]), at);
      });
    }
    if (path === 'dataclasses.dataclass') return args[0] ?? new PyBuiltin('dataclass', (a) => a[0] ?? null);
    if (path === 'os.environ.get' || path === 'os.getenv') {
      if (args.length > 1) {
        const name = `os.environ[${JSON.stringify(args[0])}]`;
        const d = args[1];
        if (typeof d === 'string' || isInt(d) || typeof d === 'number') {
          const v = P.assumptions.use(name, typeof d === 'string' ? d : Number(d), 'environment variable; its default is used');
          return typeof v === 'number' && Number.isInteger(v) && typeof d !== 'number' ? new Assumed(BigInt(v), [name]) : new Assumed(v, [name]);
        }
      }
      // `os.environ.get("TESTING_MOCKED_DATALOADERS", None)`, `os.getenv("X")`: unset, so None (an override sets it).
      if (typeof args[0] === 'string' && (args.length === 1 || args[1] === null)) {
        const name = `os.environ[${JSON.stringify(args[0])}]`;
        const v = P.assumptions.use(name, 'None', 'environment variable; its default is used');
        return v === 'None' ? null : new Assumed(v, [name]);
      }
    }
    if (path === 'float' || path === 'numpy.float64' || path === 'numpy.float32') return toFloatValue(args[0] ?? 0);
    if (path === 'os.path.exists' || path === 'os.path.isfile' || path === 'os.path.isdir') {
      // `if os.path.isfile(pretrained_filename):` (a checkpoint the UvA tutorials download first): the
      // file system is not known; the path is assumed to exist — the branch an unknown condition
      // took before — and named, so what is built under it says what it rests on (an override flips it).
      const name = assumptionName(site.text);
      const v = P.assumptions.use(name, 'True', 'file system unknown: the path is assumed to exist', P.rangeOf(site.start, site.end));
      P.collecting?.add(name);
      return new Assumed(v !== 'False' && v !== 0, [name]);
    }
    if (path.startsWith('os.path.')) return osPath(path.slice(8), args);
    return undefined;
  },
  known: (o, cx) => statedField(o, cx),
};
