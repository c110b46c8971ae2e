/**
 * One analysis of one file: the top-level blocks, executed lazily and at most once each (a name is
 * looked up by executing the closest earlier block that binds it), the discovery of scheduler
 * constructions, and the records they produce.
 */
import type { Library } from '../engine/signatures';
import type { LrCallable } from '../engine/spec';
import { ownMessage, type OwnText } from '../l10n/translate';
import type { Span } from './ast';
import { acceleratorOptions, prepareTarget, type AcceleratorOptions, type PrepareRec } from './accelerate';
import { AssumptionTable, defaultForParam, guessDefault } from './assumptions';
import { TRIGGER, positionAt, scanBlocks, type BlockInfo, type ScanResult } from './blocks';
import { Interp, type CallSite, type Host } from './evaluator';
import { SchedulerHost, type DiagRec, type FindingRec, type SpanRec } from './hosts';
import { callLib, libAttr, passThroughCall } from './library';
import { familyKind } from './schedulers';
import { now, parseBlock, type ParsedBlock } from './parse';
import type { TrainingArgsHost } from './trainer';
import type { Range } from './types';
import {
  Assumed,
  BudgetError,
  Opaque,
  PyBoundMethod,
  PyBuiltin,
  PyClass,
  PyDict,
  PyError,
  PyFunction,
  PyInstance,
  PyLib,
  PyList,
  PyTuple,
  fromJsNumber,
  isNumber,
  toFloat,
  typeName,
  type CodeHome,
  type Scope,
  type Value,
} from './values';
import { SIGNATURES } from '../engine/signatures';
import type { Stmt } from './ast';

/** Largest block the analysis parses, and deepest bracket nesting (Python itself stops at 200). */
const MAX_BLOCK_CHARS = 400_000;
const MAX_LINE_CHARS = 20_000;
const MAX_NESTING = 150;
/**
 * Operation budget of one analysis (abstract interpretation of the whole file): the deterministic
 * limit. Real training scripts use under 1,000 (the 5,000-line bench script 1,284); spending all
 * of it takes ~40 ms at the slowest operations measured (~160 ns each), so the wall-clock limit
 * (AnalyzeOptions.timeLimitMs) is only a backstop for a machine under heavy load.
 */
export const ANALYSIS_OPS = 250_000;
/** Operation budget of one call of a user's lr function (concrete mode). */
export const CALLABLE_OPS = 10_000;

/** The interpreter behind each lr function handed to the engine, to report what its last call used. */
const callableInterps = new WeakMap<LrCallable, Interp>();

/** Operations the last call of an lr function made by the analysis used (≤ CALLABLE_OPS), or undefined for other functions. */
export function callableOps(fn: LrCallable): number | undefined {
  const I = callableInterps.get(fn);
  return I ? I.opsStart - I.ops : undefined;
}

/** Parsed blocks by text, shared between analyses of one file (one editor buffer). */
export class ParseCache {
  private map = new Map<string, ParsedBlock>();
  private previous: ParsedBlock[] = [];
  private current: ParsedBlock[] = [];
  reused = 0;
  parsed = 0;

  /** Start an analysis: blocks of the previous one are kept for reuse. */
  begin(): void {
    if (this.current.length) {
      this.previous = this.current;
      this.current = [];
      // Keep the cache bounded to what the last analysis used.
      const keep = new Map<string, ParsedBlock>();
      for (const p of this.previous) if (p) keep.set(p.text, p);
      this.map = keep;
    }
    this.reused = 0;
    this.parsed = 0;
  }

  get(text: string, index: number, budgetMs: number): ParsedBlock {
    let p = this.map.get(text);
    if (p) this.reused++;
    else {
      // Reuse the tree of the block that was at the same index (an edit inside it) when similar.
      const prev = this.previous[index];
      const similar = prev && Math.abs(prev.text.length - text.length) < 2000 && prev.text.slice(0, 20) === text.slice(0, 20);
      p = parseBlock(text, similar ? prev : undefined, budgetMs);
      this.map.set(text, p);
      this.parsed++;
    }
    this.current[index] = p;
    return p;
  }
}

interface BlockState {
  info: BlockInfo;
  text: string;
  state: 0 | 1 | 2;
  scope: Scope | null;
  home: CodeHome;
  parsed: ParsedBlock | null | undefined;
}

export interface ProgramOptions {
  /** Files the script reads (config files), by the path it names them with. */
  files?: Readonly<Record<string, string>>;
  assumptions: AssumptionTable;
  deadline: number;
  cache: ParseCache;
  /** A scan of `src` already made (incremental re-analysis). */
  scan?: ScanResult;
}

export class Program implements Host {
  readonly scan: ScanResult;
  readonly blocks: BlockState[];
  readonly interp: Interp;
  readonly findings: FindingRec[] = [];
  /** `accelerate.Accelerator(...)` objects and their gradient_accumulation_steps (for `with accelerator.accumulate(...)`). */
  readonly accelerators = new Map<object, Value>();
  /** Options of each `Accelerator(...)` call, by its offset; `accelerator.prepare(...)` calls, by offset. */
  readonly acceleratorOptions = new Map<number, AcceleratorOptions>();
  readonly prepares = new Map<number, PrepareRec>();
  readonly trainingArgs: TrainingArgsHost[] = [];
  readonly diagnostics: DiagRec[] = [];
  readonly assumptions: AssumptionTable;
  private readonly byKey = new Map<number, FindingRec>();
  private readonly bindIndex = new Map<string, number[]>();
  private readonly mutIndex = new Map<string, number[]>();
  private readonly wideBlocks: number[] = [];
  private readonly candidateCache = new Map<string, number[]>();
  private readonly executedFns = new Set<object>();
  private readonly diagKeys = new Set<string>();
  private readonly cache: ParseCache;
  private stopped = false;
  /** Config files the script reads, by the path it names: read (given in AnalyzeOptions.files) or not. */
  readonly fileRequests = new Map<string, boolean>();
  private readonly files: Readonly<Record<string, string>>;

  constructor(
    readonly src: string,
    opts: ProgramOptions,
  ) {
    this.assumptions = opts.assumptions;
    this.files = opts.files ?? {};
    this.cache = opts.cache;
    this.scan = opts.scan ?? scanBlocks(src);
    this.blocks = this.scan.blocks.map((info, i) => {
      const text = src.slice(info.start, info.end);
      return { info, text, state: 0, scope: null, home: { base: info.start, blockIndex: i, text }, parsed: undefined };
    });
    this.blocks.forEach((b, i) => {
      if (b.info.kind === 'simple' || b.info.kind === 'def' || b.info.kind === 'class') {
        for (const n of b.info.binds) {
          let l = this.bindIndex.get(n);
          if (!l) this.bindIndex.set(n, (l = []));
          l.push(i);
        }
      } else this.wideBlocks.push(i);
      if (b.info.mutates) {
        let l = this.mutIndex.get(b.info.mutates);
        if (!l) this.mutIndex.set(b.info.mutates, (l = []));
        l.push(i);
      }
    });
    // `group = parser.add_argument_group(…)` then `group.add_argument(…)` (timm's train.py, many
    // more): the group's add_argument lines change `parser`, so they run when `parser` is read.
    this.blocks.forEach((b, i) => {
      if (b.info.kind !== 'simple' || b.info.binds.length !== 1) return;
      const m = /^\s*([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\.add_(?:argument_group|mutually_exclusive_group)\s*\(/.exec(b.text);
      if (!m) return;
      const muts = this.mutIndex.get(m[1]);
      if (!muts) return;
      let l = this.mutIndex.get(m[2]);
      if (!l) this.mutIndex.set(m[2], (l = []));
      // The group's own binding first, then its mutations up to the next rebinding of the group.
      const next = (this.bindIndex.get(m[1]) ?? []).find((j) => j > i) ?? Infinity;
      l.push(i, ...muts.filter((j) => j > i && j < next));
      l.sort((a, b) => a - b);
    });
    this.interp = new Interp(this, { mode: 'abstract', ops: ANALYSIS_OPS, deadline: opts.deadline });
  }

  // -------------------------------------------------------------------------------------------
  // Blocks

  private parsedBlock(i: number): ParsedBlock | null {
    const b = this.blocks[i];
    if (b.parsed !== undefined) return b.parsed;
    const { info } = b;
    if (info.end - info.start > MAX_BLOCK_CHARS || info.maxLine > MAX_LINE_CHARS || info.maxDepth > MAX_NESTING) {
      const why =
        info.maxDepth > MAX_NESTING
          ? ownMessage('Skipped a statement with nesting deeper than {0} brackets', MAX_NESTING)
          : info.maxLine > MAX_LINE_CHARS
            ? ownMessage('Skipped a statement with a line longer than {0} characters', MAX_LINE_CHARS)
            : ownMessage('Skipped a statement too large to analyze');
      this.diagnostic('info', why, info.start, Math.min(info.end, info.start + 200));
      b.parsed = null;
      return null;
    }
    const remaining = Math.min(50, Math.max(5, this.interp.deadline - now()));
    b.parsed = this.cache.get(b.text, i, remaining);
    if (b.parsed.truncated) this.diagnostic('warning', ownMessage('Parsing stopped early (time limit)'), info.start, info.end);
    return b.parsed;
  }

  execBlock(i: number): Scope | null {
    const b = this.blocks[i];
    if (b.state !== 0) return b.scope;
    b.state = 1;
    const scope: Scope = { vars: new Map(), parent: null, kind: 'module', blockIndex: i };
    b.scope = scope;
    const parsed = this.stopped ? null : this.parsedBlock(i);
    if (parsed) {
      const I = this.interp;
      const saved = { pos: I.modulePos, inactive: I.inactive, loops: I.loops, callerLoops: I.callerLoops, depth: I.callDepth };
      I.modulePos = i;
      I.inactive = false;
      I.loops = [];
      I.callerLoops = [];
      I.callDepth = 0;
      try {
        I.execBody(parsed.stmts, scope, b.home);
      } catch (err) {
        this.handleError(err, b.info.start, b.info.end);
      } finally {
        I.modulePos = saved.pos;
        I.inactive = saved.inactive;
        I.loops = saved.loops;
        I.callerLoops = saved.callerLoops;
        I.callDepth = saved.depth;
      }
    }
    b.state = 2;
    return scope;
  }

  private handleError(err: unknown, start: number, end: number): void {
    if (err instanceof BudgetError) {
      if (!this.stopped) this.diagnostic('warning', stoppedEarly(err.message), start, Math.min(end, start + 200));
      this.stopped = true;
      return;
    }
    const msg = err instanceof Error ? err.message : String(err);
    this.diagnostic('warning', ownMessage('Internal analysis error: {0}', msg), start, Math.min(end, start + 200));
  }

  private candidates(name: string): number[] {
    let c = this.candidateCache.get(name);
    if (c) return c;
    const set = new Set(this.bindIndex.get(name) ?? []);
    const re = new RegExp(`(^|[^\\w.])${name.replace(/[^\w]/g, '')}\\b`);
    for (const i of this.wideBlocks) {
      const t = this.blocks[i].text;
      if (t.includes(name) && re.test(t)) set.add(i);
    }
    c = [...set].sort((a, b) => a - b);
    this.candidateCache.set(name, c);
    return c;
  }

  // -------------------------------------------------------------------------------------------
  // Host

  lookupGlobal(name: string, pos: number): Value | undefined {
    const cands = this.candidates(name);
    for (let k = cands.length - 1; k >= 0; k--) {
      const i = cands[k];
      if (i >= pos) continue;
      const scope = this.execBlock(i);
      const v = scope?.vars.get(name);
      if (v !== undefined) {
        // Statements after the binding that change the object in place (`parser.add_argument(…)`).
        const muts = this.mutIndex.get(name);
        if (muts) for (const j of muts) if (j > i && j < pos) this.execBlock(j);
        return v;
      }
    }
    // `from torch.optim.lr_scheduler import *` and friends.
    for (const [mod, i] of this.starImports()) {
      if (i >= pos) continue;
      if (/^torch\.optim\.lr_scheduler$|^transformers(\.optimization)?$/.test(mod) && SIGNATURES[name]) return new PyLib(mod + '.' + name);
      if (familyKind(mod + '.' + name)) return new PyLib(mod + '.' + name);
      if (/^torch\.optim$/.test(mod) && /^[A-Z]/.test(name)) return new PyLib(mod + '.' + name);
      if (mod === 'math') return libAttr(this, new PyLib('math'), name, this.interp);
    }
    return undefined;
  }

  private starCache: [string, number][] | null = null;
  private starImports(): [string, number][] {
    if (this.starCache) return this.starCache;
    this.starCache = [];
    for (const i of this.wideBlocks) {
      const m = /^from\s+([\w.]+)\s+import\s+\*/.exec(this.blocks[i].text);
      if (m) this.starCache.push([m[1], i]);
    }
    return this.starCache;
  }

  libAttr(lib: PyLib, name: string, I: Interp): Value {
    return libAttr(this, lib, name, I);
  }

  callLib(lib: PyLib, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    const r = callLib(this, lib, args, kwargs, site);
    if (/(^|\.)Accelerator$/.test(lib.path) && typeof r === 'object' && r !== null) {
      this.accelerators.set(r, kwargs.get('gradient_accumulation_steps') ?? 1n);
      this.acceleratorOptions.set(site.start, acceleratorOptions(kwargs));
    }
    this.onCall(site);
    if (r instanceof Opaque) {
      const pass = passThroughCall(site.text.replace(/\(.*$/s, ''), args);
      if (pass !== undefined) return pass;
    }
    return r;
  }

  /** Records `accelerator.prepare(...)` calls (any callee: an Accelerator the analysis models or not). */
  onCall(site: CallSite): void {
    const accelerator = prepareTarget(site.text);
    if (accelerator !== null && !this.prepares.has(site.start)) this.prepares.set(site.start, { start: site.start, end: site.end, accelerator, args: site.argTexts });
  }

  onAssign(target: string, value: Value): void {
    if (value instanceof SchedulerHost) {
      if (!this.interp.abstract) return;
      if (!value.rec.names.includes(target)) value.rec.names.push(target);
    } else if (value instanceof PyInstance || value === null) {
      return;
    } else if ((value as { rec?: FindingRec })?.rec && (value as { typeName?: string }).typeName === 'TrainingArguments') {
      const rec = (value as unknown as { rec: FindingRec }).rec;
      if (!rec.names.includes(target)) rec.names.push(target);
    }
  }

  assume(o: Opaque): Value {
    const name = o.text.length > 120 ? o.text.slice(0, 117) + '...' : o.text;
    const d = this.assumptions.defaults;
    const { value, reason } = o.hint === 'len' ? { value: d.datasetSize, reason: 'dataset size unknown' } : guessDefault(name, d);
    const v = this.assumptions.use(name, value, reason, o.range ? this.rangeOf(o.range.start, o.range.end) : undefined);
    const py: Value = typeof v === 'number' ? (Number.isInteger(v) && !/\.\d|e-/.test(String(value)) && Number.isInteger(value) ? BigInt(v) : v) : v;
    return new Assumed(py, [name]);
  }

  /** An unknown scheduler argument: a default chosen by the parameter it is passed to. */
  assumeNumber(o: Opaque, param: string, kind?: string): { name: string; value: number } {
    const name = o.text.length > 120 ? o.text.slice(0, 117) + '...' : o.text;
    const d = this.assumptions.defaults;
    const byParam = kind ? defaultForParam(kind, param, d) : null;
    const g = byParam ?? (o.hint === 'len' ? { value: d.datasetSize, reason: 'dataset size unknown' } : guessDefault(name + ' ' + param, d));
    const v = this.assumptions.use(name, g.value, g.reason, o.range ? this.rangeOf(o.range.start, o.range.end) : undefined);
    return { name, value: typeof v === 'number' ? v : Number(v) || 0 };
  }

  onEnterFunction(fn: PyFunction): void {
    this.executedFns.add(fn.node);
  }

  diagnostic(severity: 'error' | 'warning' | 'info', message: string | OwnText, start: number, end: number): void {
    const text = typeof message === 'string' ? { message } : message;
    const key = severity + text.message + start;
    if (this.diagKeys.has(key) || this.diagnostics.length > 200) return;
    this.diagKeys.add(key);
    this.diagnostics.push({ severity, ...text, span: { start, end } });
  }

  // -------------------------------------------------------------------------------------------
  // Findings

  record(kind: string, library: Library, site: CallSite): { rec: FindingRec; fresh: boolean } {
    const existing = this.byKey.get(site.start);
    if (existing) return { rec: existing, fresh: false };
    const rec: FindingRec = {
      id: this.findings.length,
      key: site.start,
      kind,
      library,
      span: { start: site.start, end: site.end },
      args: [],
      params: {},
      spec: { kind, args: {} },
      optimizer: { type: 'SGD', paramGroups: [{ lr: 0.001 }] },
      deps: new Set(),
      names: [],
      active: !site.interp.inactive,
      parent: null,
      children: [],
      stepCalls: [],
      diagnostics: [],
      callables: [],
    };
    this.findings.push(rec);
    this.byKey.set(site.start, rec);
    return { rec, fresh: true };
  }

  /**
   * The text of a file the script reads (`deepspeed.initialize(config="ds_config.json")`), when the
   * host gave it; else null, and the path is listed in the result so the host can read it and
   * analyze again. Nothing here touches a file system.
   */
  readFile(path: string): string | null {
    const text = Object.prototype.hasOwnProperty.call(this.files, path) ? this.files[path] : undefined;
    this.fileRequests.set(path, text !== undefined);
    return text ?? null;
  }

  span(site: CallSite, node: Span): SpanRec {
    return { start: site.home.base + node.from, end: site.home.base + node.to };
  }

  rangeOf(start: number, end: number): Range {
    return { start, end, startPos: positionAt(this.scan.lineStarts, start), endPos: positionAt(this.scan.lineStarts, end) };
  }

  /** A Python callable as the engine's LrCallable, run by a fresh interpreter with a budget. */
  makeCallable(fn: PyFunction | PyBoundMethod | PyBuiltin, name: string): LrCallable {
    const I = new Interp(this, { mode: 'concrete', ops: CALLABLE_OPS });
    const site = {
      node: { t: 'call', fn: { t: 'name', id: name, from: 0, to: 0 }, args: [], from: 0, to: 0 },
      home: { base: 0, blockIndex: -1, text: '' },
      interp: I,
      start: 0,
      end: 0,
      argNodes: [],
      text: `${name}(x)`,
      argTexts: ['x'],
    } as unknown as CallSite;
    const fnOfX = (x: number): number => {
      I.ops = CALLABLE_OPS;
      I.callDepth = 0;
      I.modulePos = Infinity;
      let r: Value;
      try {
        r = I.call(fn, [fromJsNumber(x)], new Map(), site);
      } catch (err) {
        if (err instanceof BudgetError) {
          throw named(new Error(`${name} exceeded its 10,000-operation budget when called with ${x} (infinite loop?)`), 'RuntimeError');
        }
        if (err instanceof PyError) throw named(new Error(err.message), err.pyType);
        if (err instanceof RangeError) throw named(new Error(`${name}: maximum recursion depth exceeded`), 'RecursionError');
        throw err;
      }
      if (r instanceof Assumed) r = r.value;
      if (isNumber(r)) return toFloat(r);
      throw named(new Error(`unsupported operand type(s) for *: 'float' and '${typeName(r)}'`), 'TypeError');
    };
    callableInterps.set(fnOfX, I);
    return fnOfX;
  }

  // -------------------------------------------------------------------------------------------
  // Discovery

  run(): void {
    const n = this.blocks.length;
    const isTrigger = new Array<boolean>(n).fill(false);
    for (let i = 0; i < n; i++) if (this.blocks[i].info.trigger) isTrigger[i] = true;
    // Aliases: `from torch.optim.lr_scheduler import StepLR as S` makes `S(` a trigger.
    const aliases: string[] = [];
    for (const i of this.wideBlocks) {
      const b = this.blocks[i];
      if (b.info.kind !== 'import' || !isTrigger[i]) continue;
      for (const m of b.text.matchAll(/\bas\s+([A-Za-z_]\w*)/g)) aliases.push(m[1]);
    }
    if (aliases.length) this.markMatches(new RegExp(`\\b(${aliases.join('|')})\\s*[.(]`, 'g'), isTrigger);
    // Functions containing triggers make their callers triggers too (a few rounds).
    const seen = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const names: string[] = [];
      for (let i = 0; i < n; i++) {
        const b = this.blocks[i];
        if (isTrigger[i] && (b.info.kind === 'def' || b.info.kind === 'class')) {
          for (const nm of b.info.binds) if (!seen.has(nm)) names.push(nm);
        }
      }
      if (!names.length) break;
      names.forEach((nm) => seen.add(nm));
      const re = new RegExp(`\\b(${names.map((s) => s.replace(/\W/g, '')).join('|')})\\s*\\(`, 'g');
      this.markMatches(re, isTrigger);
    }
    for (let i = 0; i < n && !this.stopped; i++) {
      if (isTrigger[i] && this.blocks[i].info.kind !== 'def' && this.blocks[i].info.kind !== 'class') this.execBlock(i);
    }
    // Functions and methods nobody called: run them on their own, parameters unknown.
    for (let i = 0; i < n && !this.stopped; i++) {
      const b = this.blocks[i];
      if (!isTrigger[i] || (b.info.kind !== 'def' && b.info.kind !== 'class')) continue;
      const scope = this.execBlock(i);
      const parsed = b.parsed;
      if (!scope || !parsed) continue;
      for (const st of parsed.stmts) this.runStandalone(st, scope, b);
    }
  }

  /** One pass of a global regex over the file; mark the blocks its matches fall in. */
  private markMatches(re: RegExp, marks: boolean[]): void {
    const blocks = this.blocks;
    let bi = 0;
    for (let m = re.exec(this.src); m; m = re.exec(this.src)) {
      const at = m.index;
      while (bi < blocks.length && blocks[bi].info.end <= at) bi++;
      if (bi < blocks.length && blocks[bi].info.start <= at) marks[bi] = true;
      if (m[0].length === 0) re.lastIndex++;
    }
  }

  private runStandalone(st: Stmt, scope: Scope, b: BlockState): void {
    const I = this.interp;
    const hasTrigger = (s: Stmt) => TRIGGER.test(b.text.slice(s.from, s.to));
    try {
      if (st.t === 'def' && !this.executedFns.has(st) && hasTrigger(st)) {
        const fn = scope.vars.get(st.name);
        if (fn instanceof PyFunction) {
          I.modulePos = Infinity;
          I.inactive = false;
          I.callFunction(fn, [], new Map());
        }
      } else if (st.t === 'class' && hasTrigger(st)) {
        const cls = scope.vars.get(st.name);
        if (!(cls instanceof PyClass)) return;
        let inst: PyInstance | null = null;
        for (const m of st.body) {
          if (m.t !== 'def' || this.executedFns.has(m) || !hasTrigger(m)) continue;
          const fn = cls.attrs.get(m.name);
          if (!(fn instanceof PyFunction)) continue;
          I.modulePos = Infinity;
          I.inactive = false;
          if (!inst) {
            inst = new PyInstance(cls);
            const init = cls.lookup('__init__');
            if (init instanceof PyFunction) I.callFunction(init, [inst], new Map());
          }
          const ret = I.callFunction(fn, [inst], new Map());
          if (m.name === 'configure_optimizers') this.lightningIntervals(ret);
        }
      }
    } catch (err) {
      this.handleError(err, b.info.start + st.from, b.info.start + st.to);
    }
  }

  /** Lightning: `{"lr_scheduler": {"scheduler": s, "interval": "step"}}` → s is stepped per batch. */
  private lightningIntervals(ret: Value): void {
    const visit = (v: Value, interval: string | null, depth: number): void => {
      if (depth > 5) return;
      if (v instanceof Assumed) v = v.value;
      if (v instanceof SchedulerHost) {
        v.rec.unitHint = interval === 'step' ? 'step' : 'epoch';
        return;
      }
      if (v instanceof PyDict) {
        const iv = v.get('interval');
        const next = typeof iv === 'string' ? iv : interval;
        for (const [, x] of v.map.values()) visit(x, next, depth + 1);
      } else if (v instanceof PyList || v instanceof PyTuple) {
        for (const x of v.items) visit(x, interval, depth + 1);
      }
    };
    visit(ret, null, 0);
  }

  lineCount(): number {
    return this.scan.lineStarts.length;
  }
}

/** The warning for a BudgetError: its known reasons as whole templates, so they translate too. */
function stoppedEarly(reason: string): OwnText {
  switch (reason) {
    case 'operation budget exhausted':
      return ownMessage('Analysis stopped early: operation budget exhausted');
    case 'time limit reached':
      return ownMessage('Analysis stopped early: time limit reached');
    case 'range too long for the operation budget':
      return ownMessage('Analysis stopped early: range too long for the operation budget');
    default:
      return ownMessage('Analysis stopped early: {0}', reason);
  }
}

/** The engine reads `pyType` for the Python exception type of a throw. */
function named(e: Error, name: string): Error {
  e.name = name;
  (e as Error & { pyType: string }).pyType = name;
  return e;
}
