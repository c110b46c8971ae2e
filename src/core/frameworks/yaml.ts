/**
 * A small, safe YAML reader for the config files training scripts load (`yaml.safe_load`,
 * `OmegaConf.load`, Hydra's compose): block mappings and sequences, flow `[a, b]` / `{a: 1}`,
 * plain, quoted and block (`|`, `>`) scalars, comments, anchors, aliases and `<<` merge keys, and
 * the standard tags `!!str !!int !!float !!bool !!null`. It never executes anything, and the input
 * is untrusted: the text, the nesting and the number of nodes are capped (YamlError past them), and
 * an alias is the same node, never a copy (PyYAML's objects are shared the same way), so "billion
 * laughs" costs nothing here; whoever walks the tree pays for what it visits.
 *
 * Plain scalars resolve as the loader that reads them: `pyyaml` is PyYAML's SafeLoader (YAML 1.1:
 * `yes`/`on` are booleans, `017` octal, `1:30` sexagesimal, and `1e-4` is a STRING because its float
 * needs a dot — `1.0e-4` is a float); `omegaconf` is OmegaConf's loader (SafeLoader plus its own
 * float pattern, so `1e-4` is a float, and no timestamps). Both read mappings with duplicate keys
 * differently: PyYAML keeps the last value, OmegaConf refuses the file.
 *
 * Not supported (a YamlError says so): complex keys (`? `), several documents, other tags.
 */

export type YamlScalar = null | boolean | bigint | number | string;
export type YamlNode = YamlScalar | YamlMap | YamlSeq | YamlTimestamp;

export class YamlMap {
  readonly kind = 'map';
  /** Entries by a key of the key's type and value (`1` and `"1"` differ), in insertion order. */
  readonly entries = new Map<string, [YamlScalar, YamlNode]>();
  get(key: YamlScalar): YamlNode | undefined {
    return this.entries.get(keyOf(key))?.[1];
  }
  set(key: YamlScalar, value: YamlNode): void {
    this.entries.set(keyOf(key), [key, value]);
  }
  delete(key: YamlScalar): void {
    this.entries.delete(keyOf(key));
  }
}
export class YamlSeq {
  readonly kind = 'seq';
  constructor(readonly items: YamlNode[]) {}
}
/** A date or time PyYAML turns into a datetime (not a number; kept as its text). */
export class YamlTimestamp {
  readonly kind = 'timestamp';
  constructor(readonly text: string) {}
}

/**
 * `pyyaml`: SafeLoader; `omegaconf`: OmegaConf's loader; `pyyaml+float`: SafeLoader with the float
 * resolver scripts add to read `1e-4` as a number (`add_implicit_resolver('tag:yaml.org,2002:float', …)`,
 * the pattern OmegaConf also uses), timestamps and duplicate keys as SafeLoader.
 */
export type YamlSchema = 'pyyaml' | 'omegaconf' | 'pyyaml+float';

export class YamlError extends Error {
  constructor(
    message: string,
    /** 1-based line of the file. */
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
  }
}

/** Largest text read (a config file is kilobytes). */
export const MAX_YAML_CHARS = 1_000_000;
/** Deepest nesting of collections. */
export const MAX_YAML_DEPTH = 64;
/** Most nodes one document may create (merge keys count each entry they copy). */
export const MAX_YAML_NODES = 200_000;

function keyOf(k: YamlScalar): string {
  if (k === null) return 'n';
  if (typeof k === 'boolean') return k ? 'i1' : 'i0';
  if (typeof k === 'bigint') return 'i' + k.toString();
  if (typeof k === 'number') return Number.isInteger(k) && Math.abs(k) < 2 ** 53 ? 'i' + k.toString() : 'f' + k.toString();
  return 's' + k;
}

// ---------------------------------------------------------------------------------------------
// Scalars

// PyYAML's resolver.py (YAML 1.1), as SafeLoader registers them.
const BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const NULL_RE = /^(?:~|null|Null|NULL|)$/;
const INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT_RE = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
// omegaconf/_utils.py get_yaml_loader(): its float pattern, tried after SafeLoader's.
const OMEGACONF_FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP_RE =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9])$/;

/** PyYAML's construct_yaml_int. */
function toInt(text: string, line: number): bigint {
  let v = text.replace(/_/g, '');
  let sign = 1n;
  if (v[0] === '-') sign = -1n;
  if (v[0] === '+' || v[0] === '-') v = v.slice(1);
  const bad = () => new YamlError(`invalid literal for int(): '${text}'`, line);
  if (v === '0') return 0n;
  if (v.startsWith('0b')) {
    if (!/^[01]+$/.test(v.slice(2))) throw bad();
    return sign * BigInt('0b' + v.slice(2));
  }
  if (v.startsWith('0x')) {
    if (!/^[0-9a-fA-F]+$/.test(v.slice(2))) throw bad();
    return sign * BigInt('0x' + v.slice(2));
  }
  if (v[0] === '0') {
    if (!/^[0-7]+$/.test(v)) throw bad();
    return sign * BigInt('0o' + v);
  }
  if (v.includes(':')) {
    let value = 0n;
    let base = 1n;
    for (const part of v.split(':').reverse()) {
      if (!/^[0-9]+$/.test(part)) throw bad();
      value += BigInt(part) * base;
      base *= 60n;
    }
    return sign * value;
  }
  if (!/^[0-9]+$/.test(v) || v.length > 4300) throw bad();
  return sign * BigInt(v);
}

/** PyYAML's construct_yaml_float. */
function toFloat(text: string, line: number): number {
  let v = text.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (v[0] === '-') sign = -1;
  if (v[0] === '+' || v[0] === '-') v = v.slice(1);
  if (v === '.inf') return sign * Infinity;
  if (v === '.nan') return NaN;
  const num = (s: string) => {
    // Python's float(): digits, an optional dot and exponent (what the patterns let through).
    if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?$/.test(s)) throw new YamlError(`could not convert string to float: '${text}'`, line);
    return Number(s);
  };
  if (v.includes(':')) {
    let value = 0;
    let base = 1;
    for (const part of v.split(':').reverse()) {
      value += num(part) * base;
      base *= 60;
    }
    return sign * value;
  }
  return sign * num(v);
}

/** A plain (unquoted, untagged) scalar as the schema's implicit resolvers read it. */
export function resolvePlain(text: string, schema: YamlSchema, line = 1): YamlNode {
  if (NULL_RE.test(text)) return null;
  if (BOOL_RE.test(text)) return /^[yYtToO]/.test(text) && !/^(?:off|Off|OFF)$/.test(text);
  if (text.length > 5000 || !/^[-+0-9.]/.test(text)) return text;
  if (FLOAT_RE.test(text)) return toFloat(text, line);
  if (INT_RE.test(text)) return toInt(text, line);
  if (schema !== 'pyyaml' && OMEGACONF_FLOAT_RE.test(text)) return toFloat(text, line);
  if (schema !== 'omegaconf' && TIMESTAMP_RE.test(text)) return new YamlTimestamp(text);
  return text;
}

// ---------------------------------------------------------------------------------------------
// The reader

interface Line {
  /** The whole line as written (block scalars keep its spaces). */
  raw: string;
  indent: number;
  /** The line after its indentation (comments not removed). */
  text: string;
  /** 1-based line number. */
  no: number;
}

interface Props {
  anchor?: string;
  tag?: string;
}

const PLAIN_START_FORBIDDEN = /^[[\]{},#&*!|>'"%@`]/;

class Reader {
  private pos = 0;
  private nodes = 0;
  private depth = 0;
  private readonly anchors = new Map<string, YamlNode>();

  constructor(
    private readonly lines: Line[],
    private readonly schema: YamlSchema,
    /** The text ends with a line break (a block scalar on the last line keeps its own only then). */
    private readonly finalBreak: boolean,
  ) {}

  document(): YamlNode {
    const v = this.node(0);
    this.skipBlank();
    if (this.pos < this.lines.length) {
      const l = this.lines[this.pos];
      if (l.indent === 0 && /^---(\s|$)/.test(l.text)) throw new YamlError('expected a single document in the stream, but found another document', l.no);
      throw new YamlError('expected <document end>, but found more content', l.no);
    }
    return v;
  }

  private count(n = 1): void {
    this.nodes += n;
    if (this.nodes > MAX_YAML_NODES) throw new YamlError(`the document has more than ${MAX_YAML_NODES} nodes`, this.lineNo());
  }

  private enter(): void {
    if (++this.depth > MAX_YAML_DEPTH) throw new YamlError(`the document nests deeper than ${MAX_YAML_DEPTH} levels`, this.lineNo());
  }

  private lineNo(): number {
    return this.lines[Math.min(this.pos, this.lines.length - 1)]?.no ?? 1;
  }

  private skipBlank(): void {
    while (this.pos < this.lines.length) {
      const t = this.lines[this.pos].text;
      if (t === '' || t[0] === '#') this.pos++;
      else break;
    }
  }

  /** The block node whose first line is the next content line, if it is indented at least `minIndent`. */
  private node(minIndent: number): YamlNode {
    this.skipBlank();
    if (this.pos >= this.lines.length) return null;
    const l = this.lines[this.pos];
    if (l.indent < minIndent) return null;
    if (isSeqItem(l.text)) return this.seq(l.indent);
    if (mapKey(l.text, l.no)) return this.map(l.indent);
    this.pos++;
    return this.value(l.text, l.indent - 1, l.no, false);
  }

  private seq(indent: number): YamlSeq {
    this.enter();
    const items: YamlNode[] = [];
    const out = new YamlSeq(items);
    this.count();
    for (;;) {
      this.skipBlank();
      if (this.pos >= this.lines.length) break;
      const l = this.lines[this.pos];
      if (l.indent < indent) break;
      if (l.indent > indent) throw new YamlError('bad indentation of a sequence entry', l.no);
      if (!isSeqItem(l.text)) break;
      const after = l.text.slice(1);
      const rest = after.trimStart();
      const col = indent + 1 + (after.length - rest.length);
      if (rest !== '' && rest[0] !== '#' && (isSeqItem(rest) || mapKey(rest, l.no))) {
        // `- key: v` / `- - x`: the rest is a node of its own starting at its column.
        this.lines[this.pos] = { raw: l.raw, indent: col, text: rest, no: l.no };
        items.push(this.node(col));
      } else {
        this.pos++;
        items.push(this.value(rest, indent, l.no, false));
      }
    }
    this.depth--;
    return out;
  }

  private map(indent: number): YamlMap {
    this.enter();
    const out = new YamlMap();
    this.count();
    const merges: YamlMap[] = [];
    for (;;) {
      this.skipBlank();
      if (this.pos >= this.lines.length) break;
      const l = this.lines[this.pos];
      if (l.indent < indent) break;
      if (l.indent > indent) throw new YamlError('bad indentation of a mapping entry', l.no);
      if (isSeqItem(l.text)) break;
      const kv = mapKey(l.text, l.no);
      if (!kv) throw new YamlError('expected a mapping key (key: value)', l.no);
      this.pos++;
      const value = this.value(kv.rest, indent, l.no, true);
      if (kv.key === '<<' && kv.plain) {
        if (value instanceof YamlMap) merges.push(value);
        else if (value instanceof YamlSeq && value.items.every((m) => m instanceof YamlMap)) merges.push(...(value.items as YamlMap[]));
        else throw new YamlError('expected a mapping or list of mappings for merging', l.no);
        continue;
      }
      const key = kv.plain ? resolvePlain(kv.key, this.schema, l.no) : kv.key;
      if (key instanceof YamlMap || key instanceof YamlSeq || key instanceof YamlTimestamp) throw new YamlError('unsupported mapping key', l.no);
      if (this.schema === 'omegaconf' && out.get(key) !== undefined) throw new YamlError(`found duplicate key ${String(key)}`, l.no);
      out.set(key, value);
      this.count();
    }
    this.depth--;
    if (!merges.length) return out;
    // PyYAML's flatten_mapping: merged entries first (the first mapping listed wins), then the explicit ones.
    const merged = new YamlMap();
    for (const m of merges.reverse())
      for (const [k, v] of m.entries.values()) {
        merged.set(k, v);
        this.count();
      }
    for (const [k, v] of out.entries.values()) merged.set(k, v);
    return merged;
  }

  /**
   * The value after `key:` or `- ` (`rest`, comments included), on the line of a node at
   * `indent`: inline, a block scalar, or a block node on the following lines.
   */
  private value(rest: string, indent: number, no: number, inMap: boolean): YamlNode {
    const props: Props = {};
    // PyYAML skips spaces only before a token: a tab there is an error.
    if (rest[0] === '\t') throw new YamlError("found character '\\t' that cannot start any token", no);
    let s = rest;
    for (;;) {
      const m = /^([&!])([^\s,[\]{}]*)\s*/.exec(s);
      if (!m) break;
      if (m[1] === '&') {
        if (props.anchor !== undefined || !m[2]) throw new YamlError('invalid anchor', no);
        props.anchor = m[2];
      } else {
        if (props.tag !== undefined) throw new YamlError('invalid tag', no);
        props.tag = m[1] + m[2];
      }
      s = s.slice(m[0].length);
    }
    let v: YamlNode;
    if (s[0] === '*') {
      if (props.anchor !== undefined || props.tag !== undefined) throw new YamlError('an alias cannot have properties', no);
      const m = /^\*([^\s,[\]{}]+)\s*(#.*)?$/.exec(s);
      if (!m) throw new YamlError('invalid alias', no);
      if (!this.anchors.has(m[1])) throw new YamlError(`found undefined alias ${m[1]}`, no);
      return this.anchors.get(m[1]) as YamlNode;
    }
    if (s === '' || s[0] === '#') {
      this.skipBlank();
      const next = this.lines[this.pos];
      if (next && next.indent > indent) v = this.node(next.indent);
      else if (next && inMap && next.indent === indent && isSeqItem(next.text)) v = this.seq(indent);
      else v = props.tag === '!!str' ? '' : null;
      if (typeof v === 'string' || v === null) v = this.tagged(props.tag, v === null ? '' : v, v === null, no);
      else this.checkCollectionTag(props.tag, v, no);
    } else if (s[0] === '|' || s[0] === '>') {
      v = this.tagged(props.tag, this.blockScalar(s, indent, no), false, no);
    } else if (s[0] === '[' || s[0] === '{') {
      v = this.flowValue(s, indent, no);
      this.checkCollectionTag(props.tag, v, no);
    } else if (s[0] === '"' || s[0] === "'") {
      const c = new Cursor(s, this, indent);
      const text = c.quoted();
      c.endOfLine();
      v = this.tagged(props.tag, text, false, no);
    } else {
      v = this.tagged(props.tag, this.plainBlock(s, indent, no), true, no);
    }
    if (props.anchor !== undefined) this.anchors.set(props.anchor, v);
    return v;
  }

  private checkCollectionTag(tag: string | undefined, v: YamlNode, no: number): void {
    if (tag === undefined) return;
    if ((tag === '!!map' && v instanceof YamlMap) || (tag === '!!seq' && v instanceof YamlSeq)) return;
    throw new YamlError(`unsupported tag ${tag}`, no);
  }

  /** A scalar's value under its tag (none: resolved when plain, a string when quoted or a block). */
  tagged(tag: string | undefined, text: string, plain: boolean, no: number): YamlNode {
    this.count();
    if (tag === undefined || tag === '!') return plain ? resolvePlain(text, this.schema, no) : text;
    switch (tag) {
      case '!!str':
        return text;
      case '!!int':
        return toInt(text, no);
      case '!!float':
        return toFloat(text, no);
      case '!!bool':
        if (BOOL_RE.test(text)) return /^[yYtToO]/.test(text) && !/^(?:off|Off|OFF)$/.test(text);
        throw new YamlError(`invalid boolean '${text}'`, no);
      case '!!null':
        return null;
      default:
        throw new YamlError(`could not determine a constructor for the tag ${tag}`, no);
    }
  }

  /** A plain scalar in block context: this line's text and the more-indented lines that continue it. */
  private plainBlock(s: string, indent: number, no: number): string {
    if (PLAIN_START_FORBIDDEN.test(s) || /^[-?:](\s|$)/.test(s)) throw new YamlError(`a plain scalar cannot start with '${s[0]}'`, no);
    let { text, comment } = plainLine(s);
    if (/:(\s|$)/.test(text)) throw new YamlError('mapping values are not allowed here', no);
    let breaks = 0;
    while (!comment && this.pos < this.lines.length) {
      const l = this.lines[this.pos];
      if (l.text === '') {
        breaks++;
        this.pos++;
        continue;
      }
      if (l.indent <= indent || l.text[0] === '#') break;
      const next = plainLine(l.text);
      if (/:(\s|$)/.test(next.text)) throw new YamlError('mapping values are not allowed here', l.no);
      text += breaks ? '\n'.repeat(breaks) : ' ';
      text += next.text;
      comment = next.comment;
      breaks = 0;
      this.pos++;
    }
    return text;
  }

  private blockScalar(header: string, indent: number, no: number): string {
    const m = /^([|>])([1-9]?)([-+]?)([1-9]?)\s*(#.*)?$/.exec(header);
    if (!m || (m[2] && m[4])) throw new YamlError('invalid block scalar header', no);
    const folded = m[1] === '>';
    const chomp = m[3];
    const explicit = Number(m[2] || m[4] || 0);
    let contentIndent = explicit ? Math.max(indent, 0) + explicit : -1;
    const body: string[] = [];
    let trailing = 0;
    while (this.pos < this.lines.length) {
      const l = this.lines[this.pos];
      const raw = l.raw;
      if (l.text === '') {
        body.push(raw.length > contentIndent && contentIndent >= 0 ? raw.slice(contentIndent) : '');
        trailing++;
        this.pos++;
        continue;
      }
      if (contentIndent < 0) {
        if (l.indent <= indent) break;
        contentIndent = l.indent;
      }
      if (l.indent < contentIndent) break;
      body.push(raw.slice(contentIndent));
      trailing = 0;
      this.pos++;
    }
    // Trailing empty lines belong to the chomping, not the content.
    const content = body.slice(0, body.length - trailing);
    const kept = body.slice(body.length - trailing).length;
    let text: string;
    if (!folded) text = content.join('\n');
    else {
      text = '';
      let pending = 0;
      let prev: 'none' | 'normal' | 'more' = 'none';
      for (const line of content) {
        if (line === '') {
          pending++;
          continue;
        }
        const more = line[0] === ' ' || line[0] === '\t';
        if (prev === 'none') text += '\n'.repeat(pending);
        else if (prev === 'normal' && !more) text += pending ? '\n'.repeat(pending) : ' ';
        else text += '\n' + '\n'.repeat(pending);
        text += line;
        prev = more ? 'more' : 'normal';
        pending = 0;
      }
      if (prev === 'none') text = '\n'.repeat(pending);
    }
    if (content.length === 0) return chomp === '+' ? '\n'.repeat(kept) : '';
    if (chomp === '-' || (trailing === 0 && this.pos >= this.lines.length && !this.finalBreak)) return text;
    if (chomp === '+') return text + '\n' + '\n'.repeat(kept);
    return text + '\n';
  }

  private flowValue(s: string, indent: number, _no: number): YamlNode {
    const c = new Cursor(s, this, indent);
    const v = c.flow(0);
    c.endOfLine();
    return v;
  }

  // For the cursor.
  nextLineText(indent: number): string | null {
    if (this.pos >= this.lines.length) return null;
    const l = this.lines[this.pos];
    if (l.text !== '' && l.indent <= indent && l.text[0] !== '#') {
      // A flow collection or quoted scalar continues only on lines indented more than its parent.
      if (!/^[\]}]/.test(l.text)) return null;
    }
    this.pos++;
    return l.text;
  }
  currentLine(): number {
    return this.lineNo();
  }
  flowNode(): void {
    this.count();
  }
  enterFlow(): void {
    this.enter();
  }
  leaveFlow(): void {
    this.depth--;
  }
  anchor(name: string, v: YamlNode): void {
    this.anchors.set(name, v);
  }
  alias(name: string): YamlNode {
    if (!this.anchors.has(name)) throw new YamlError(`found undefined alias ${name}`, this.lineNo());
    return this.anchors.get(name) as YamlNode;
  }
  get schemaName(): YamlSchema {
    return this.schema;
  }
}

/** A plain scalar on one line: its text (trimmed) and whether a comment ended it. */
function plainLine(s: string): { text: string; comment: boolean } {
  const m = /\s#/.exec(s);
  if (m) return { text: s.slice(0, m.index).trim(), comment: true };
  return { text: s.trim(), comment: false };
}

function isSeqItem(text: string): boolean {
  return text === '-' || text.startsWith('- ') || text.startsWith('-\t');
}

/** `key: rest` on a line (plain or quoted key), or null when the line is no mapping entry. */
function mapKey(text: string, no: number): { key: string; plain: boolean; rest: string } | null {
  if (text[0] === '?' && (text.length === 1 || /\s/.test(text[1]))) throw new YamlError('complex mapping keys (?) are not supported', no);
  if (text[0] === '"' || text[0] === "'") {
    const q = text[0];
    let i = 1;
    let key = '';
    for (; i < text.length; i++) {
      const ch = text[i];
      if (q === "'" && ch === "'") {
        if (text[i + 1] === "'") {
          key += "'";
          i++;
          continue;
        }
        break;
      }
      if (q === '"' && ch === '\\') {
        const e = unescape(text, i, no);
        key += e.text;
        i = e.end - 1;
        continue;
      }
      if (q === '"' && ch === '"') break;
      key += ch;
    }
    if (i >= text.length) return null;
    const after = text.slice(i + 1);
    const m = /^\s*:(\s|$)/.exec(after);
    if (!m) return null;
      return { key, plain: false, rest: after.slice(m[0].length).replace(/^ +/, '') };
  }
  if (PLAIN_START_FORBIDDEN.test(text) && !(text[0] === '*' || text[0] === '&' || text[0] === '!')) return null;
  if (/^[*&!]/.test(text)) return null;
  if (/^-(\s|$)/.test(text)) return null;
  const m = /:(\s|$)/.exec(text);
  if (!m) return null;
  const key = text.slice(0, m.index);
  if (/\s#/.test(key)) return null;
  return { key: key.trimEnd(), plain: true, rest: text.slice(m.index + 1).replace(/^ +/, '') };
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** A double-quoted escape at `s[i] === '\\'`. */
function unescape(s: string, i: number, no: number): { text: string; end: number } {
  const c = s[i + 1];
  if (c !== undefined && ESCAPES[c] !== undefined) return { text: ESCAPES[c], end: i + 2 };
  const len = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (len) {
    const hex = s.slice(i + 2, i + 2 + len);
    if (hex.length === len && /^[0-9a-fA-F]+$/.test(hex)) {
      const code = parseInt(hex, 16);
      if (code <= 0x10ffff) return { text: String.fromCodePoint(code), end: i + 2 + len };
    }
  }
  throw new YamlError(`found unknown escape character '${c ?? ''}'`, no);
}

/** A position in text that can grow by the following lines (flow collections, quoted scalars spanning lines). */
class Cursor {
  i = 0;
  constructor(
    private s: string,
    private readonly r: Reader,
    private readonly indent: number,
  ) {}

  private more(): boolean {
    // One line at a time (never a growing buffer: a huge multi-line collection stays linear).
    const next = this.r.nextLineText(this.indent);
    if (next === null) return false;
    this.s = '\n' + next;
    this.i = 0;
    return true;
  }

  private err(message: string): YamlError {
    return new YamlError(message, this.r.currentLine());
  }

  /** Skips spaces, line breaks and comments (pulling lines as needed); false at the end of input. */
  private space(): boolean {
    for (;;) {
      while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
      if (this.i < this.s.length && this.s[this.i] === '#' && (this.i === 0 || /\s/.test(this.s[this.i - 1]))) {
        const nl = this.s.indexOf('\n', this.i);
        this.i = nl < 0 ? this.s.length : nl;
        continue;
      }
      if (this.i < this.s.length) return true;
      if (!this.more()) return false;
    }
  }

  /** Nothing but a comment may follow on the line. */
  endOfLine(): void {
    const rest = this.s.slice(this.i);
    if (rest.trim() !== '' && !/^\s+#/.test(rest)) throw this.err('expected the end of the line after the value');
  }

  quoted(): string {
    const q = this.s[this.i];
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) {
        if (!this.more()) throw this.err('found unexpected end of stream while scanning a quoted scalar');
        continue;
      }
      const ch = this.s[this.i];
      if (ch === q) {
        if (q === "'" && this.s[this.i + 1] === "'") {
          out += "'";
          this.i += 2;
          continue;
        }
        this.i++;
        return out;
      }
      if (q === '"' && ch === '\\') {
        if (this.s[this.i + 1] === '\n' || this.i + 1 >= this.s.length) {
          // An escaped line break: joined without a space, leading spaces of the next line dropped.
          this.i++;
          if (this.i >= this.s.length && !this.more()) throw this.err('found unexpected end of stream while scanning a quoted scalar');
          this.i++;
          while (this.i < this.s.length && /[ \t]/.test(this.s[this.i])) this.i++;
          continue;
        }
        const e = unescape(this.s, this.i, this.r.currentLine());
        out += e.text;
        this.i = e.end;
        continue;
      }
      if (ch === '\n') {
        // Line folding: trailing spaces dropped, one break is a space, each empty line a newline.
        out = out.replace(/[ \t]+$/, '');
        let breaks = 0;
        while (this.i < this.s.length || this.more()) {
          if (this.s[this.i] === '\n') {
            breaks++;
            this.i++;
          } else if (/[ \t]/.test(this.s[this.i])) this.i++;
          else break;
        }
        out += breaks > 1 ? '\n'.repeat(breaks - 1) : ' ';
        continue;
      }
      out += ch;
      this.i++;
    }
  }

  flow(depth: number): YamlNode {
    if (!this.space()) throw this.err('found unexpected end of stream in a flow collection');
    let anchor: string | undefined;
    let tag: string | undefined;
    for (;;) {
      const m = /^([&!])([^\s,[\]{}]*)/.exec(this.s.slice(this.i, this.i + 200));
      if (!m) break;
      if (m[1] === '&') anchor = m[2];
      else tag = m[1] + m[2];
      this.i += m[0].length;
      this.space();
    }
    const ch = this.s[this.i];
    let v: YamlNode;
    if (ch === '*') {
      const m = /^\*([^\s,[\]{}]+)/.exec(this.s.slice(this.i, this.i + 200));
      if (!m) throw this.err('invalid alias');
      this.i += m[0].length;
      return this.r.alias(m[1]);
    }
    if (ch === '[' || ch === '{') {
      this.r.enterFlow();
      v = ch === '[' ? this.flowSeq(depth) : this.flowMap(depth);
      this.r.leaveFlow();
      if (tag !== undefined && !((tag === '!!seq' && v instanceof YamlSeq) || (tag === '!!map' && v instanceof YamlMap))) throw this.err(`unsupported tag ${tag}`);
    } else if (ch === '"' || ch === "'") v = this.r.tagged(tag, this.quoted(), false, this.r.currentLine());
    else v = this.r.tagged(tag, this.plainFlow(), true, this.r.currentLine());
    if (anchor !== undefined) this.r.anchor(anchor, v);
    return v;
  }

  private plainFlow(): string {
    let text = '';
    let start = this.i;
    for (;;) {
      if (this.i >= this.s.length) {
        text += this.s.slice(start);
        start = -1;
        if (!this.more()) break;
        start = 0;
        continue;
      }
      const ch = this.s[this.i];
      if (ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}') break;
      if (ch === ':' && (this.i + 1 >= this.s.length || /[\s,[\]{}]/.test(this.s[this.i + 1]))) break;
      if (ch === '#' && /\s/.test(this.s[this.i - 1] ?? ' ')) break;
      this.i++;
    }
    if (start >= 0) text += this.s.slice(start, this.i);
    return text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .join(' ');
  }

  private flowSeq(depth: number): YamlSeq {
    this.i++;
    const items: YamlNode[] = [];
    this.r.flowNode();
    for (;;) {
      if (!this.space()) throw this.err("expected ',' or ']' in a flow sequence");
      if (this.s[this.i] === ']') {
        this.i++;
        return new YamlSeq(items);
      }
      const v = this.flow(depth + 1);
      if (!this.space()) throw this.err("expected ',' or ']' in a flow sequence");
      if (this.s[this.i] === ':') {
        // `[a: 1]`: a single-pair mapping.
        this.i++;
        const m = new YamlMap();
        const val = this.s[this.i] === ',' || this.s[this.i] === ']' ? null : this.flow(depth + 1);
        if (v instanceof YamlMap || v instanceof YamlSeq || v instanceof YamlTimestamp) throw this.err('unsupported mapping key');
        m.set(v, val);
        items.push(m);
        if (!this.space()) throw this.err("expected ',' or ']' in a flow sequence");
      } else items.push(v);
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== ']') throw this.err("expected ',' or ']' in a flow sequence");
    }
  }

  private flowMap(depth: number): YamlMap {
    this.i++;
    const m = new YamlMap();
    this.r.flowNode();
    for (;;) {
      if (!this.space()) throw this.err("expected ',' or '}' in a flow mapping");
      if (this.s[this.i] === '}') {
        this.i++;
        return m;
      }
      const k = this.flow(depth + 1);
      if (k instanceof YamlMap || k instanceof YamlSeq || k instanceof YamlTimestamp) throw this.err('unsupported mapping key');
      if (!this.space()) throw this.err("expected ',' or '}' in a flow mapping");
      let v: YamlNode = null;
      if (this.s[this.i] === ':') {
        this.i++;
        if (!this.space()) throw this.err("expected ',' or '}' in a flow mapping");
        if (this.s[this.i] !== ',' && this.s[this.i] !== '}') v = this.flow(depth + 1);
        if (!this.space()) throw this.err("expected ',' or '}' in a flow mapping");
      }
      if (this.r.schemaName === 'omegaconf' && m.get(k) !== undefined) throw this.err(`found duplicate key ${String(k)}`);
      m.set(k, v);
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') throw this.err("expected ',' or '}' in a flow mapping");
    }
  }
}

/**
 * The first (only) document of a YAML text, as the schema's loader reads it; YamlError when the
 * text is not YAML this reader supports, or too large.
 */
export function parseYaml(text: string, schema: YamlSchema = 'pyyaml'): YamlNode {
  if (text.length > MAX_YAML_CHARS) throw new YamlError(`the file is larger than ${MAX_YAML_CHARS} characters`, 1);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const raw = text.split(/\r\n|\r|\n/);
  const lines: Line[] = [];
  let started = false;
  for (let n = 0; n < raw.length; n++) {
    let t = raw[n];
    if (!started && /^%/.test(t)) continue;
    if (/^---(\s|$)/.test(t)) {
      if (!started) {
        started = true;
        t = t.slice(3).trimStart();
        if (t === '' || t[0] === '#') continue;
        lines.push({ raw: t, indent: 0, text: t.replace(/[ \t]+$/, ''), no: n + 1 });
        continue;
      }
      if (lines.some((l) => l.text !== '' && l.text[0] !== '#')) throw new YamlError('expected a single document in the stream, but found another document', n + 1);
      continue;
    }
    if (/^\.\.\.(\s|$)/.test(t)) break;
    const m = /^( *)(.*)$/s.exec(t) as RegExpExecArray;
    let body = m[2];
    if (/^\t/.test(body)) {
      if (body.trim() === '' || body.trim()[0] === '#') body = body.trim();
      else throw new YamlError("found character '\\t' that cannot start any token", n + 1);
    }
    const trimmed = body.replace(/[ \t]+$/, '');
    started = started || trimmed !== '';
    lines.push({ raw: t, indent: m[1].length, text: trimmed, no: n + 1 });
  }
  return new Reader(lines, schema, /(\r\n|\r|\n)$/.test(text)).document();
}
