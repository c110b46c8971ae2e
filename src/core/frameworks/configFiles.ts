/**
 * Values from config files: `yaml.safe_load(open(path))` (and `yaml.load`, `with open(p) as f`),
 * `json.load(open(path))`, `OmegaConf.load(path)`, Hydra's `@hydra.main(config_path, config_name)`
 * (the primary config and its defaults list of config groups), and the objects a config node
 * describes: Hydra's `instantiate(node, …)` (`_target_`, `_partial_`, `_args_`, `_recursive_`) and
 * torchtune's `config.instantiate(node, *args, **kwargs)` (`_component_`).
 *
 * A file is read only when the host hands its text over (AnalysisContext.readFile: beside the
 * script, inside the workspace; the host watches it and analyzes again when it changes). Nothing is
 * executed; the text is parsed by ./yaml.ts (capped) and turned into Python values: a dict, or for
 * OmegaConf and Hydra a dict whose keys are attributes too (`cfg.optimizer.lr`). OmegaConf's `${…}`
 * interpolations are resolved when they name a value of the config (`${optimizer.lr}`,
 * `${.sibling}`, `${..parent_key}`); a resolver (`${oc.env:LR}`), a `???` and anything unknown
 * become an unknown named by file and key, so its use is a named assumption.
 */
import { ownMessage } from '../l10n/translate';
import type { CallSite } from '../python/evaluatorApi';
import { Assumed, HostObject, Opaque, PyBuiltin, PyDict, PyFile, PyFunction, PyLib, PyList, PyTuple, str, type Value } from '../python/values';
import type { AnalysisContext } from './adapter';
import { jsonToValue } from './deepspeed';
import { SchedulerHost } from './hosts';
import { YamlError, YamlMap, YamlSeq, YamlTimestamp, parseYaml, resolvePlain, type YamlNode, type YamlSchema } from './yaml';

/** Most Python values one config may turn into (OmegaConf copies what an alias names: this caps the copies). */
export const MAX_CONFIG_VALUES = 100_000;
/** Longest chain of interpolations followed (`${a}` → `${b}` → …). */
const MAX_INTERPOLATION_DEPTH = 32;
/** Most files one Hydra composition reads. */
const MAX_COMPOSED_FILES = 64;

class TooLarge extends Error {}

const unwrap = (v: Value | undefined): Value | undefined => (v instanceof Assumed ? v.value : v);

/** Where a config mapping came from (file and key path), for the notes of what is built from it. */
const ORIGINS = new WeakMap<PyDict, { file: string; key: string }>();

/** `dir/name` with `.` and `..` folded (relative paths stay relative; absolute ones as written, which hosts refuse). */
export function joinConfigPath(dir: string, name: string): string {
  if (/^([a-z]+:|\/|\\)/i.test(name) || !dir) return name;
  const out: string[] = [];
  for (const p of `${dir}/${name}`.replace(/\\/g, '/').split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(p);
  }
  return (/^\//.test(dir) ? '/' : '') + out.join('/');
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

interface Conv {
  attrs: boolean;
  /** PyYAML's objects are shared where an alias names a node; OmegaConf copies them. */
  memo: Map<YamlMap | YamlSeq, Value> | null;
  file: string;
  count: number;
}

function toValue(n: YamlNode, c: Conv, key: string): Value {
  if (++c.count > MAX_CONFIG_VALUES) throw new TooLarge();
  if (n instanceof YamlMap) {
    const seen = c.memo?.get(n);
    if (seen) return seen;
    const d = new PyDict();
    d.attributes = c.attrs;
    c.memo?.set(n, d);
    ORIGINS.set(d, { file: c.file, key });
    for (const [k, v] of n.entries.values()) d.set(k, toValue(v, c, key ? `${key}.${String(k)}` : String(k)));
    return d;
  }
  if (n instanceof YamlSeq) {
    const seen = c.memo?.get(n);
    if (seen) return seen;
    const l = new PyList([]);
    c.memo?.set(n, l);
    n.items.forEach((v, i) => l.items.push(toValue(v, c, `${key}[${i}]`)));
    return l;
  }
  if (n instanceof YamlTimestamp) return new Opaque(`${c.file}: ${key}`);
  return n;
}

/** The text of a file the script reads, or null (the info at the call says it is not read). */
function readText(P: AnalysisContext, path: string, what: string, site: CallSite): string | null {
  const text = P.readFile(path);
  if (text === null)
    P.diagnostic('info', ownMessage('`{0}` reads `{1}`, which LR Lens has not read (a file inside the workspace, beside the script): values from it are unknown', what, path), site.start, site.end);
  return text;
}

/** A YAML text as Python values (attribute dicts for OmegaConf), or null after a diagnostic at the call. */
function yamlValue(P: AnalysisContext, text: string, file: string, schema: YamlSchema, site: CallSite): Value | null {
  let node: YamlNode;
  try {
    node = parseYaml(text, schema);
  } catch (e) {
    if (!(e instanceof YamlError)) throw e;
    P.diagnostic('warning', ownMessage('`{0}` could not be read as YAML: {1}', file, e.message), site.start, site.end);
    return null;
  }
  return convert(P, node, file, schema === 'omegaconf', site);
}

function convert(P: AnalysisContext, node: YamlNode, file: string, omegaconf: boolean, site: CallSite): Value | null {
  try {
    return toValue(node, { attrs: omegaconf, memo: omegaconf ? null : new Map(), file, count: 0 }, '');
  } catch (e) {
    if (!(e instanceof TooLarge)) throw e;
    P.diagnostic('warning', ownMessage('`{0}` expands to more than {1} values (aliases copied): LR Lens does not read it', file, MAX_CONFIG_VALUES), site.start, site.end);
    return null;
  }
}

const unknownAt = (site: CallSite) => new Opaque(site.text, { start: site.start, end: site.end }, 'call');

/** The file object or path a loader is given, or null after an info (a path only the running program knows). */
function sourceOf(P: AnalysisContext, v: Value | undefined, what: string, site: CallSite, pathIsText: boolean): { path: string } | { text: string } | null {
  const u = unwrap(v);
  if (u instanceof PyFile) return { path: u.path };
  if (u instanceof PathHost) return { path: u.path };
  if (typeof u === 'string') return pathIsText ? { text: u } : { path: u };
  P.diagnostic(
    'info',
    ownMessage('`{0}` reads a config file LR Lens cannot name without running the program (`{1}`): values from it are unknown', what, site.argTexts[0] ?? '…'),
    site.start,
    site.end,
  );
  return null;
}

/**
 * A `pathlib.Path`: its path relative to the script's folder (`Path(__file__).parent / "conf"` is
 * `conf`); `resolve()` and `absolute()` keep it relative (where the script runs is not known; a host
 * reads such a path beside the script). `read_text()` is the file's text when the host gave it.
 */
export class PathHost extends HostObject {
  readonly typeName = 'PosixPath';
  constructor(
    readonly path: string,
    private readonly P: AnalysisContext,
  ) {
    super();
  }
  private with(p: string): PathHost {
    return new PathHost(p, this.P);
  }
  override getAttr(name: string): Value | undefined {
    const parts = this.path === '.' ? [] : this.path.split('/');
    switch (name) {
      case 'parent':
        return this.with(parts.length > 1 ? parts.slice(0, -1).join('/') || '/' : this.path.startsWith('/') ? '/' : '.');
      case 'parents': {
        const out: Value[] = [];
        for (let n = parts.length - 1; n >= 1; n--) out.push(this.with(parts.slice(0, n).join('/') || '/'));
        if (parts.length && !this.path.startsWith('/')) out.push(this.with('.'));
        return new PyTuple(out);
      }
      case 'name':
        return parts[parts.length - 1] ?? '';
      case 'stem':
        return (parts[parts.length - 1] ?? '').replace(/\.[^.]*$/, '');
      case 'suffix':
        return /(\.[^./]*)$/.exec(parts[parts.length - 1] ?? '')?.[1] ?? '';
      case 'resolve':
      case 'absolute':
      case 'expanduser':
        return new PyBuiltin(name, () => this);
      case 'joinpath':
        return new PyBuiltin(name, (a) => a.reduce<Value>((acc, x) => (acc instanceof PathHost ? (acc.binary('/', x, false) ?? acc) : acc), this));
      case 'open':
        return new PyBuiltin(name, () => new PyFile(this.path));
      case 'read_text':
        return new PyBuiltin(name, (_a, _k, call) => {
          const s = call as CallSite;
          if (!s.interp) return new Opaque(call.text);
          return readText(this.P, this.path, 'read_text', s) ?? unknownAt(s);
        });
      default:
        return undefined;
    }
  }
  override binary(op: string, other: Value, reflected: boolean): Value | undefined {
    const o = unwrap(other);
    const p = typeof o === 'string' ? o : o instanceof PathHost ? o.path : undefined;
    if (op !== '/' || p === undefined) return undefined;
    const [a, b] = reflected ? [p, this.path] : [this.path, p];
    return this.with(b.startsWith('/') ? b : joinConfigPath(a === '.' ? '' : a, b) || '.');
  }
  override fspath(): string {
    return this.path;
  }
  override toStr(): string {
    return this.path;
  }
}

/** `pathlib.Path(*parts)`: `Path(__file__)` is the script itself, beside which a host reads files. */
export function pathOf(P: AnalysisContext, args: Value[]): Value | undefined {
  let p: Value = new PathHost('.', P);
  for (const x of args) {
    const r: Value | undefined = p instanceof PathHost ? p.binary('/', unwrap(x) as Value, false) : undefined;
    if (r === undefined) return undefined;
    p = r;
  }
  return p;
}

/**
 * `yaml.safe_load(stream)`, `yaml.load(stream, Loader=…)`, `yaml.full_load`: a file object's file
 * (or a YAML string) as PyYAML reads it.
 */
export function yamlLoad(P: AnalysisContext, what: string, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const src = sourceOf(P, args[0] ?? kwargs.get('stream'), what, site, true);
  if (!src) return unknownAt(site);
  const text = 'text' in src ? src.text : readText(P, src.path, what, site);
  if (text === null) return unknownAt(site);
  // Scripts that add a float resolver to PyYAML (to read `1e-4` as a number) get it.
  const floats = /add_implicit_resolver\s*\(\s*u?["']tag:yaml\.org,2002:float/.test(P.src);
  const file = 'path' in src ? src.path : '<string>';
  const v = yamlValue(P, text, file, floats ? 'pyyaml+float' : 'pyyaml', site);
  if (v === null) return unknownAt(site);
  if (!floats) noteExponentStrings(P, v, file, site);
  return v;
}

/** PyYAML reads `1e-4` as a string (its float needs a dot: `1.0e-4`): said where the file is loaded, for the first few. */
function noteExponentStrings(P: AnalysisContext, v: Value, file: string, site: CallSite): void {
  const hits: string[] = [];
  let visited = 0;
  const walk = (x: Value, key: string, depth: number) => {
    if (hits.length >= 3 || ++visited > 10_000 || depth > 64) return;
    if (typeof x === 'string' && /^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$/.test(x)) hits.push(`${key}: ${x}`);
    else if (x instanceof PyDict) for (const [k, y] of x.map.values()) walk(y, key ? `${key}.${String(k)}` : String(k), depth + 1);
    else if (x instanceof PyList) x.items.forEach((y, i) => walk(y, `${key}[${i}]`, depth + 1));
  };
  walk(v, '', 0);
  if (hits.length)
    P.diagnostic(
      'info',
      ownMessage('PyYAML reads {0} in `{1}` as a string, not a number (its floats need a dot: write 1.0e-4)', hits.join(', '), file),
      site.start,
      site.end,
    );
}

/** `json.load(f)` / `json.loads(s)`. */
export function jsonLoad(P: AnalysisContext, what: string, args: Value[], kwargs: Map<string, Value>, site: CallSite, fromText: boolean): Value {
  const src = sourceOf(P, args[0] ?? kwargs.get(fromText ? 's' : 'fp'), what, site, fromText);
  if (!src) return unknownAt(site);
  const text = 'text' in src ? src.text : readText(P, src.path, what, site);
  if (text === null) return unknownAt(site);
  const parsed = jsonToValue(text);
  if ('error' in parsed) {
    P.diagnostic('warning', ownMessage('`{0}` is not valid JSON: {1}', 'path' in src ? src.path : '<string>', parsed.error), site.start, site.end);
    return unknownAt(site);
  }
  return parsed.value;
}

/** `OmegaConf.load(path_or_file)`: a DictConfig with its interpolations resolved. */
export function omegaconfLoad(P: AnalysisContext, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const src = sourceOf(P, args[0] ?? kwargs.get('file_'), 'OmegaConf.load', site, false);
  if (!src || 'text' in src) return unknownAt(site);
  const text = readText(P, src.path, 'OmegaConf.load', site);
  if (text === null) return unknownAt(site);
  const v = yamlValue(P, text, src.path, 'omegaconf', site);
  if (v === null) return unknownAt(site);
  if (v instanceof PyDict) resolveInterpolations(v, src.path, P);
  return v;
}

/** `OmegaConf.create(dict | yaml_text)`. */
export function omegaconfCreate(P: AnalysisContext, args: Value[], site: CallSite): Value {
  const u = unwrap(args[0]);
  if (u === undefined || u === null) return attrCopy(new PyDict(), '<create>');
  if (typeof u === 'string') {
    const v = yamlValue(P, u, '<string>', 'omegaconf', site);
    if (v instanceof PyDict) resolveInterpolations(v, '<string>', P);
    return v ?? unknownAt(site);
  }
  if (u instanceof PyDict || u instanceof PyList) {
    const c = attrCopy(u, '<create>');
    if (c instanceof PyDict) resolveInterpolations(c, '<create>', P);
    return c;
  }
  return unknownAt(site);
}

/** A deep copy as DictConfig (attribute dicts) or plain containers (`OmegaConf.to_container`). */
export function attrCopy(v: Value, file: string, attrs = true, budget = { n: 0 }, depth = 0): Value {
  if (++budget.n > MAX_CONFIG_VALUES || depth > 64) return new Opaque(file);
  if (v instanceof PyDict) {
    const d = new PyDict();
    d.attributes = attrs;
    const o = ORIGINS.get(v);
    if (o) ORIGINS.set(d, o);
    for (const [k, x] of v.map.values()) d.set(k, attrCopy(x, file, attrs, budget, depth + 1));
    return d;
  }
  if (v instanceof PyList || v instanceof PyTuple) return new PyList(v.items.map((x) => attrCopy(x, file, attrs, budget, depth + 1)));
  return v;
}

/** OmegaConf.merge: mappings merged key by key (depth first), anything else replaced. */
export function mergeInto(target: PyDict, source: PyDict, depth = 0): void {
  for (const [k, v] of source.map.values()) {
    const cur = unwrap(target.get(k));
    const nv = unwrap(v);
    if (cur instanceof PyDict && nv instanceof PyDict && depth < 64) mergeInto(cur, nv, depth + 1);
    else target.set(k, v);
  }
}

// ---------------------------------------------------------------------------------------------
// Interpolation

type Container = PyDict | PyList;

/** What one resolution shares: the root, the file (for names), and its work (each lookup counts). */
interface Resolution {
  root: PyDict;
  file: string;
  work: number;
  /** For `${oc.env:NAME,default}`: the default is a named assumption, as `os.environ.get(NAME, default)` is. */
  P?: AnalysisContext;
}

/** Most lookups one config's interpolations may make; longest string they may build. */
const MAX_INTERPOLATION_WORK = 100_000;
const MAX_INTERPOLATED_CHARS = 100_000;

/**
 * Resolves every `${…}` of a config in place (OmegaConf resolves on access; the config is read-only
 * here, so the values agree). A value, once resolved, is written back where it is, so each is
 * resolved once; cycles and chains past MAX_INTERPOLATION_DEPTH are unknown.
 */
export function resolveInterpolations(root: PyDict, file: string, P?: AnalysisContext): void {
  const R: Resolution = { root, file, work: 0, ...(P ? { P } : {}) };
  const walk = (node: Container, chain: Container[], key: string, depth: number) => {
    if (depth > 64) return;
    const here = [...chain, node];
    const entries: [Value, Value][] = node instanceof PyDict ? [...node.map.values()] : node.items.map((v, i) => [BigInt(i), v]);
    for (const [k, v0] of entries) {
      // An earlier lookup may have resolved it already.
      const v = node instanceof PyDict ? (node.get(k) as Value) : node.items[Number(k)];
      const where = node instanceof PyDict ? (key ? `${key}.${String(k)}` : String(k)) : `${key}[${String(k)}]`;
      let r: Value = v;
      if (typeof v === 'string' && (v.includes('${') || v === '???')) r = resolveValue(v, here, R, where, 0);
      else if ((v instanceof PyDict || v instanceof PyList) && v === v0) walk(v, here, where, depth + 1);
      if (r !== v) {
        if (node instanceof PyDict) node.set(k, r);
        else node.items[Number(k)] = r;
      }
    }
  };
  walk(root, [], '', 0);
}

/** One value: `???` is missing; `${path}` alone is the value it names; text with interpolations is a string. */
function resolveValue(s: string, chain: Container[], R: Resolution, where: string, depth: number): Value {
  const unknown = () => new Opaque(`${R.file}: ${where}`);
  if (s === '???' || depth > MAX_INTERPOLATION_DEPTH) return unknown();
  const parts = splitInterpolations(s);
  if (!parts) return unknown();
  if (parts.length === 1 && typeof parts[0] !== 'string') return lookup(parts[0].expr, chain, R, where, depth);
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += p;
    else {
      const v = unwrap(lookup(p.expr, chain, R, where, depth));
      if (v === undefined || v instanceof Opaque || (typeof v === 'object' && v !== null)) return unknown();
      out += str(v);
    }
    if (out.length > MAX_INTERPOLATED_CHARS) return unknown();
  }
  return out;
}

/** `a ${b} c` → ['a ', {expr: 'b'}, ' c']; null for what this does not read (nested `${a.${b}}`). */
function splitInterpolations(s: string): (string | { expr: string })[] | null {
  const out: (string | { expr: string })[] = [];
  let text = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s.startsWith('${', i + 1)) {
      text += '${';
      i += 2;
      continue;
    }
    if (s.startsWith('${', i)) {
      // The matching brace: `${oc.decode:${oc.env:LR,0.1}}` nests.
      let end = -1;
      for (let j = i + 2, open = 1; j < s.length; j++) {
        if (s[j] === '{') open++;
        else if (s[j] === '}' && --open === 0) {
          end = j;
          break;
        }
      }
      if (end < 0) return null;
      const expr = s.slice(i + 2, end);
      if (text) out.push(text);
      text = '';
      out.push({ expr: expr.trim() });
      i = end;
      continue;
    }
    text += s[i];
  }
  if (text || !out.length) out.push(text);
  return out;
}

/**
 * A resolver, as omegaconf/resolvers/oc/__init__.py computes it: `oc.env:NAME,default` is a string
 * (the default as `str(default)`, None as None) and the named assumption `os.environ["NAME"]`, as
 * `os.environ.get(NAME, default)` is; `oc.decode:text` reads text as a value (`${oc.decode:${oc.env:LR,0.1}}`
 * is the float); `oc.select:key,default` the key, else the default. Others (`hydra:runtime.cwd`,
 * `now:…`, a custom resolver) need the running program: unknown.
 */
function resolve(name: string, argText: string, chain: Container[], R: Resolution, where: string, depth: number): Value {
  const unknown = () => new Opaque(`${R.file}: ${where}`);
  // Arguments may be interpolations themselves.
  const arg = (t: string): Value => {
    const q = /^(['"])(.*)\1$/s.exec(t);
    if (q) return q[2];
    if (t.includes('${')) return resolveValue(t, chain, R, where, depth + 1);
    const v = resolvePlain(t, 'omegaconf');
    return v === null || typeof v !== 'object' ? v : t;
  };
  const comma = topLevelComma(argText);
  const first = (comma < 0 ? argText : argText.slice(0, comma)).trim();
  const rest = comma < 0 ? undefined : argText.slice(comma + 1).trim();
  if (name === 'oc.env' && /^\w+$/.test(first)) {
    const an = `os.environ[${JSON.stringify(first)}]`;
    if (rest === undefined || !R.P) return new Opaque(an);
    const d = unwrap(arg(rest));
    if (d === null) return null;
    if (d === undefined || d instanceof Opaque || (typeof d === 'object' && d !== null)) return unknown();
    const v = R.P.assumptions.use(an, str(d), 'environment variable; its default is used');
    return new Assumed(String(v), [an]);
  }
  if (name === 'oc.decode') {
    const a = arg(argText.trim());
    const u = unwrap(a);
    if (u === null) return null;
    if (typeof u !== 'string') return unknown();
    const v = resolvePlain(u.trim(), 'omegaconf');
    const out: Value = v === null || typeof v !== 'object' ? v : u;
    return a instanceof Assumed ? new Assumed(out, a.deps) : out;
  }
  if (name === 'oc.select' && first) {
    const v = lookup(first, chain, R, where, depth + 1);
    if (!(v instanceof Opaque) || rest === undefined) return v;
    return arg(rest);
  }
  return unknown();
}

/** The first comma outside `${…}` and quotes. */
function topLevelComma(t: string): number {
  let open = 0;
  let quote = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '{') open++;
    else if (c === '}') open--;
    else if (c === ',' && open === 0) return i;
  }
  return -1;
}

/** The value `${expr}` names: absolute from the root, or relative (`.x` the node's own container, `..x` its parent's). */
function lookup(expr: string, chain: Container[], R: Resolution, where: string, depth: number): Value {
  const unknown = () => new Opaque(`${R.file}: ${where}`);
  if (expr === '' || ++R.work > MAX_INTERPOLATION_WORK || depth > MAX_INTERPOLATION_DEPTH) return unknown();
  const resolver = /^([\w.]+):(.*)$/s.exec(expr);
  if (resolver) return resolve(resolver[1], resolver[2], chain, R, where, depth);
  if (expr.includes('${')) {
    // `${models.${name}.lr}`: the key is built first.
    const key = unwrap(resolveValue(expr, chain, R, where, depth + 1));
    if (typeof key !== 'string' || key.includes('${')) return unknown();
    expr = key;
  }
  const dots = /^\.*/.exec(expr)![0].length;
  // The containers from the root (or the relative start) to the one holding the value reached.
  let path: Container[];
  if (dots) {
    if (dots > chain.length) return unknown();
    path = chain.slice(0, chain.length - dots + 1);
  } else path = [R.root];
  const segs = expr
    .slice(dots)
    .replace(/\[([^\]]*)\]/g, '.$1')
    .split('.')
    .filter((x) => x !== '');
  let cur: Value = path[path.length - 1];
  let lastKey: Value = null;
  for (const seg of segs) {
    const c = unwrap(cur);
    let next: Value | undefined;
    if (c instanceof PyDict) {
      lastKey = seg;
      next = c.get(seg);
      if (next === undefined && /^-?\d+$/.test(seg)) next = c.get((lastKey = BigInt(seg)));
    } else if (c instanceof PyList && /^\d+$/.test(seg)) {
      lastKey = BigInt(seg);
      next = c.items[Number(seg)];
    }
    if (next === undefined) return unknown();
    const n = unwrap(next);
    if (n instanceof PyDict || n instanceof PyList) path = [...path, n];
    cur = next;
  }
  if (typeof cur === 'string' && (cur.includes('${') || cur === '???') && segs.length) {
    const r = resolveValue(cur, path, R, segs.join('.'), depth + 1);
    // Written back: the next reference to it reads the value.
    const holder = path[path.length - 1];
    if (holder instanceof PyDict) holder.set(lastKey, r);
    else if (typeof lastKey === 'bigint') holder.items[Number(lastKey)] = r;
    return r;
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------
// Hydra

/** `@hydra.main(config_path, config_name)`: the composed config, or an unknown (with the reason at the decorator). */
export function hydraConfig(P: AnalysisContext, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const pathV = unwrap(kwargs.get('config_path') ?? args[0]);
  const nameV = unwrap(kwargs.get('config_name') ?? args[1]);
  if (typeof nameV !== 'string' || (pathV !== undefined && pathV !== null && typeof pathV !== 'string')) {
    P.diagnostic('info', ownMessage('`@hydra.main` names no config file LR Lens can read (config_name): the values of `cfg` are unknown'), site.start, site.end);
    return new Opaque('cfg');
  }
  const cfg = compose(P, typeof pathV === 'string' ? pathV : '', nameV, [], site);
  if (cfg)
    P.diagnostic(
      'info',
      ownMessage('Hydra composes `cfg` from {0}; values given on the command line (`key=value` overrides) are not seen', cfg.read.join(', ')),
      site.start,
      site.end,
    );
  return cfg?.root ?? new Opaque('cfg');
}

/** `hydra.initialize(config_path=…)` then `compose(config_name, overrides=[…])`: the composed config with its overrides. */
export function hydraCompose(P: AnalysisContext, configPath: string | null, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const nameV = unwrap(kwargs.get('config_name') ?? args[0]);
  const overridesV = unwrap(kwargs.get('overrides') ?? args[1]);
  const overrides = overridesV instanceof PyList || overridesV instanceof PyTuple ? overridesV.items.map(unwrap) : [];
  if (configPath === null || typeof nameV !== 'string' || !overrides.every((o) => typeof o === 'string')) {
    P.diagnostic('info', ownMessage('`{0}` composes a config LR Lens cannot name without running the program: its values are unknown', 'compose'), site.start, site.end);
    return unknownAt(site);
  }
  return compose(P, configPath, nameV, overrides as string[], site)?.root ?? unknownAt(site);
}

/** Hydra's composition of `dir/name.yaml` with command-line style overrides (`a.b=1`, `group=option`, `+a=1`, `~a`). */
function compose(P: AnalysisContext, path: string, name: string, overrides: string[], site: CallSite): { root: PyDict; read: string[] } | null {
  const dir = joinConfigPath('', path);
  const state = { files: 0, overrides: new Map<string, string>(), choices: new Map<string, string>(), missing: [] as string[], used: new Set<string>() };
  const values: [string, string, string][] = [];
  for (const o of overrides) {
    const m = /^(\+\+|\+|~)?([\w./@-]+)(?:=(.*))?$/s.exec(o.trim());
    if (!m) continue;
    if (m[1] === '~' || m[3] === undefined) values.push(['~', m[2], '']);
    else {
      if (!m[2].includes('.')) state.overrides.set(m[2], m[3]);
      values.push([m[1] ?? '', m[2], m[3]]);
    }
  }
  const root = new PyDict();
  root.attributes = true;
  const primary = joinConfigPath(dir, /\.ya?ml$/.test(name) ? name : name + '.yaml');
  if (!composeFile(P, primary, dir, '', '', true, root, state, site)) return null;
  // The task function's cfg has no `hydra` node (HydraConfig holds it).
  for (const [hk, [k]] of [...root.map]) if (k === 'hydra') root.map.delete(hk);
  // Value overrides, after the composition (a group's choice was taken above).
  for (const [how, key, text] of values) {
    if (state.used.has(key)) continue;
    const segs = key.split('.');
    let cur: PyDict = root;
    for (const seg of segs.slice(0, -1)) {
      const next = unwrap(cur.get(seg));
      if (next instanceof PyDict) cur = next;
      else {
        const d = new PyDict();
        d.attributes = true;
        cur.set(seg, d);
        cur = d;
      }
    }
    const last = segs[segs.length - 1];
    if (how === '~') cur.delete(last);
    else {
      let v: Value;
      try {
        v = convert(P, parseYaml(text, 'omegaconf'), '<override>', true, site) ?? text;
      } catch {
        v = text;
      }
      cur.set(last, v);
    }
  }
  resolveInterpolations(root, primary, P);
  return { root, read: [primary, ...state.missing] };
}

/** Places `value` at the dotted package `pkg` of `root`, merging mappings (a new key holds `value` itself, so its origin stays). */
function mergeAt(root: PyDict, pkg: string, value: PyDict): void {
  const segs = pkg.split('.').filter(Boolean);
  let cur = root;
  for (let i = 0; i < segs.length; i++) {
    const next = unwrap(cur.get(segs[i]));
    if (next instanceof PyDict) {
      cur = next;
      continue;
    }
    let v = value;
    for (let j = segs.length - 1; j > i; j--) {
      const d = new PyDict();
      d.attributes = true;
      d.set(segs[j], v);
      v = d;
    }
    cur.set(segs[i], v);
    return;
  }
  mergeInto(cur, value);
}

/**
 * One config of a composition and its defaults list, merged into `root` at package `pkg` in
 * Hydra 1.1+'s order: the defaults in order, the config itself where `_self_` is listed (else last).
 */
function composeFile(
  P: AnalysisContext,
  file: string,
  configDir: string,
  group: string,
  pkg: string,
  primary: boolean,
  root: PyDict,
  state: { files: number; overrides: Map<string, string>; choices: Map<string, string>; missing: string[]; used?: Set<string> },
  site: CallSite,
  optional = false,
): boolean {
  if (++state.files > MAX_COMPOSED_FILES) return false;
  const text = P.readFile(file);
  if (text === null) {
    if (!optional) {
      state.missing.push(`${file} (not read)`);
      P.diagnostic('info', ownMessage('`{0}` reads `{1}`, which LR Lens has not read (a file inside the workspace, beside the script): values from it are unknown', 'hydra.main', file), site.start, site.end);
    }
    return !primary;
  }
  let node: YamlNode;
  try {
    node = parseYaml(text, 'omegaconf');
  } catch (e) {
    if (!(e instanceof YamlError)) throw e;
    P.diagnostic('warning', ownMessage('`{0}` could not be read as YAML: {1}', file, e.message), site.start, site.end);
    return !primary;
  }
  // `# @package _global_` (or a package path) in the header moves the config.
  const header = /^(?:\s*#[^\n]*\n)*?\s*#\s*@package\s+(\S+)/.exec(text);
  if (header) pkg = header[1] === '_global_' ? '' : header[1] === '_group_' ? group.replace(/\//g, '.') : header[1];
  const own = node instanceof YamlMap ? node : new YamlMap();
  const defaults = own.get('defaults');
  own.delete('defaults');
  const selfValue = convert(P, own, file, true, site);
  if (selfValue === null) return !primary;
  const entries = defaults instanceof YamlSeq ? defaults.items : [];
  // `override group: option` entries choose the option of a group listed by a nested defaults list.
  for (const e of entries) {
    if (!(e instanceof YamlMap) || e.entries.size !== 1) continue;
    const [[k, v]] = [...e.entries.values()];
    const m = /^override\s+(\/?[\w./-]+)$/.exec(String(k));
    // A command-line (compose) override of the same group wins.
    if (m && typeof v === 'string' && !state.overrides.has(m[1].replace(/^\//, ''))) state.overrides.set(m[1].replace(/^\//, ''), v);
  }
  let selfDone = false;
  const mergeSelf = () => {
    selfDone = true;
    if (selfValue instanceof PyDict) mergeAt(root, pkg, selfValue);
  };
  for (const e of entries) {
    if (e === '_self_') {
      mergeSelf();
      continue;
    }
    if (typeof e === 'string') {
      // A config of the same group (`- base`), merged at this config's package.
      const name = e.replace(/^\//, '');
      const path = joinConfigPath(e.startsWith('/') ? configDir : dirOf(file), name + '.yaml');
      composeFile(P, path, configDir, group, pkg, false, root, state, site);
      continue;
    }
    if (!(e instanceof YamlMap) || e.entries.size !== 1) continue;
    const [[k, v]] = [...e.entries.values()];
    const m = /^((?:optional|override)\s+)*(\/?)([\w./-]+?)(?:@([\w.]+))?$/.exec(String(k));
    if (!m || /^override\b/.test(String(k))) continue;
    const isOptional = /\boptional\b/.test(m[1] ?? '');
    const groupPath = m[2] ? m[3] : group ? `${group}/${m[3]}` : m[3];
    if (/^hydra(\/|$)/.test(groupPath)) continue; // Hydra's own settings (launcher, job logging)
    const chosen = state.overrides.get(groupPath);
    if (chosen !== undefined) state.used?.add(groupPath);
    const option = chosen ?? v;
    if (option === null) continue;
    const childPkg = m[4] === '_global_' ? '' : m[4] ? (pkg ? `${pkg}.${m[4]}` : m[4]) : groupPath.replace(/\//g, '.');
    const options = option instanceof YamlSeq ? option.items : [option];
    for (const raw of options) {
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'bigint') continue;
      // `hparams: ${dataset}_${model}`: the options chosen for other groups (Hydra 1.0's defaults interpolation).
      const o = String(raw).replace(/\$\{([\w./-]+)\}/g, (m, g: string) => state.choices.get(g) ?? m);
      if (o.includes('${')) {
        state.missing.push(`${groupPath}=${String(raw)} (not resolved)`);
        continue;
      }
      if (options.length === 1) state.choices.set(groupPath, o);
      if (o === '???') {
        state.missing.push(`${groupPath}=??? (chosen on the command line)`);
        continue;
      }
      const path = joinConfigPath(configDir, `${groupPath}/${String(o)}.yaml`);
      composeFile(P, path, configDir, groupPath, childPkg, false, root, state, site, isOptional);
    }
  }
  if (!selfDone) mergeSelf();
  return true;
}

/** A function with its first parameter bound to `cfg` by default (what `@hydra.main` does when `main()` is called). */
export function withConfigParam(fn: PyFunction, cfg: Value): PyFunction {
  const defaults = [...fn.defaults];
  if (fn.params.length) defaults[0] = cfg;
  return new PyFunction(fn.name, fn.params, defaults, fn.body, fn.closure, fn.home, fn.node, fn.locals, fn.decorators);
}

// ---------------------------------------------------------------------------------------------
// instantiate

const RESERVED = new Set(['_target_', '_partial_', '_recursive_', '_convert_', '_args_']);

/**
 * `hydra.utils.instantiate(config, *args, **kwargs)` (style hydra: `_target_`, `_partial_`,
 * `_args_`, call arguments over the node's) or torchtune's `config.instantiate(config, *args, **kwargs)`
 * (`_component_`: `component(*args, **node_kwargs_with_kwargs_merged_over)`).
 */
export function instantiate(P: AnalysisContext, what: string, style: 'hydra' | 'torchtune', args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const config = unwrap(args[0] ?? kwargs.get('config'));
  if (config === null) return null;
  if (!(config instanceof PyDict)) {
    // Said where it matters: an optimizer or scheduler (the recipe's loss or tokenizer is not the lr's business).
    if (/sched|optim|lr\b|lr_|warmup/i.test(site.text))
      P.diagnostic(
        'info',
        ownMessage('`{0}` builds from `{1}`, a config LR Lens cannot read without running the program: what it builds is unknown', what, site.argTexts[0] ?? '…'),
        site.start,
        site.end,
      );
    return unknownAt(site);
  }
  const rest = args.slice(1);
  const kw = new Map(kwargs);
  kw.delete('config');
  return style === 'hydra' ? hydraNode(P, what, config, rest, kw, site, 0) : torchtuneNode(P, what, config, rest, kw, site);
}

function noteBuilt(built: Value, what: string, node: PyDict, target: string, site: CallSite): void {
  const b = unwrap(built);
  if (!(b instanceof SchedulerHost)) return;
  const o = ORIGINS.get(node);
  const where = o ? (o.key ? `${o.file}: ${o.key}` : o.file) : 'the config';
  const values = [...node.map.values()]
    .filter(([k]) => typeof k === 'string' && !RESERVED.has(k) && k !== '_component_')
    .map(([k, v]) => `${String(k)}=${v instanceof Opaque ? '?' : v instanceof PyDict || v instanceof PyList ? '…' : str(v)}`)
    .join(', ');
  b.rec.diagnostics.push({ severity: 'info', ...ownMessage('Built by `{0}` from {1} (`{2}`){3}', what, where, target, values ? ': ' + values : ''), span: { start: site.start, end: site.end } });
}

function callTarget(target: string, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  return site.interp.call(new PyLib(target), args, kwargs, { ...site, argNodes: [] });
}

function hydraNode(P: AnalysisContext, what: string, node: PyDict, callArgs: Value[], callKw: Map<string, Value>, site: CallSite, depth: number): Value {
  const target = unwrap(node.get('_target_'));
  if (typeof target !== 'string') {
    if (depth === 0) P.diagnostic('info', ownMessage('`{0}` builds from a config without `{1}`: what it builds is unknown', what, '_target_'), site.start, site.end);
    return depth === 0 ? unknownAt(site) : node;
  }
  const recursive = unwrap(callKw.get('_recursive_') ?? node.get('_recursive_')) !== false;
  const partial = unwrap(callKw.get('_partial_') ?? node.get('_partial_')) === true;
  const kw = new Map<string, Value>();
  for (const [k, v] of node.map.values()) {
    if (typeof k !== 'string' || RESERVED.has(k)) continue;
    const u = unwrap(v);
    kw.set(k, recursive && u instanceof PyDict && typeof unwrap(u.get('_target_')) === 'string' && depth < 16 ? hydraNode(P, what, u, [], new Map(), site, depth + 1) : v);
  }
  for (const [k, v] of callKw) if (!RESERVED.has(k)) kw.set(k, v);
  const cfgArgs = unwrap(node.get('_args_'));
  const pos = callArgs.length ? callArgs : cfgArgs instanceof PyList ? cfgArgs.items : [];
  if (partial) return partialOf(what, target, pos, kw, node, site);
  const built = callTarget(target, pos, kw, site);
  noteBuilt(built, what, node, target, site);
  return built;
}

/** `functools.partial(target, *args, **kwargs)` as Hydra's `_partial_: true` returns it: the call builds the object, at its own line. */
function partialOf(what: string, target: string, pos: Value[], kw: Map<string, Value>, node: PyDict, at: CallSite): Value {
  return new PyBuiltin(`functools.partial(${target})`, (a, k, call) => {
    const s = call as CallSite;
    if (!s.interp) return unknownAt(at);
    const merged = new Map(kw);
    for (const [name, v] of k) merged.set(name, v);
    // The call's own arguments are code: kept for the finding when nothing comes before them.
    const built = s.interp.call(new PyLib(target), [...pos, ...a], merged, pos.length ? { ...s, argNodes: [] } : s);
    noteBuilt(built, what, node, target, s);
    return built;
  });
}

function torchtuneNode(P: AnalysisContext, what: string, node: PyDict, callArgs: Value[], callKw: Map<string, Value>, site: CallSite): Value {
  // OmegaConf.merge(config, kwargs), then the node's `_component_` called with the call's *args.
  const merged = attrCopy(node, ORIGINS.get(node)?.file ?? '<config>') as PyDict;
  const o = ORIGINS.get(node);
  if (o) ORIGINS.set(merged, o);
  for (const [k, v] of callKw) {
    const cur = unwrap(merged.get(k));
    const nv = unwrap(v);
    if (cur instanceof PyDict && nv instanceof PyDict) mergeInto(cur, nv);
    else merged.set(k, v);
  }
  const component = unwrap(merged.get('_component_'));
  if (typeof component !== 'string') {
    P.diagnostic('info', ownMessage('`{0}` builds from a config without `{1}`: what it builds is unknown', what, '_component_'), site.start, site.end);
    return unknownAt(site);
  }
  const build = (v: Value, depth: number): Value => {
    const u = unwrap(v);
    if (depth > 16) return v;
    if (u instanceof PyDict) {
      const c = unwrap(u.get('_component_'));
      const kw = new Map<string, Value>();
      for (const [k, x] of u.map.values()) if (k !== '_component_' && typeof k === 'string') kw.set(k, build(x, depth + 1));
      if (typeof c !== 'string') {
        const d = new PyDict();
        for (const [k, x] of kw) d.set(k, x);
        return d;
      }
      return callTarget(c, [], kw, site);
    }
    if (u instanceof PyList) return new PyList(u.items.map((x) => build(x, depth + 1)));
    return v;
  };
  const kw = new Map<string, Value>();
  for (const [k, x] of merged.map.values()) if (k !== '_component_' && typeof k === 'string') kw.set(k, build(x, 1));
  const built = callTarget(component, callArgs, kw, site);
  noteBuilt(built, what, merged, component, site);
  return built;
}
