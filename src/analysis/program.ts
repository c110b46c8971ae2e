/**
 * One analysis of one file: the top-level blocks, executed lazily and at most once each (a name is
 * looked up by executing the closest earlier block that binds it), the discovery of scheduler
 * constructions, and the records they produce.
 */
import type { Library } from '../engine/signatures';
import type { LrCallable } from '../engine/spec';
import { LibraryError } from '../engine/errors';
import { ownMessage, type OwnText } from '../l10n/translate';
import type { Span } from './ast';
import { acceleratorOptions, prepareTarget, type AcceleratorOptions, type PrepareRec } from './accelerate';
import { AssumptionTable, defaultForParam, guessDefault } from './assumptions';
import { TRIGGER, positionAt, scanBlocks, type BlockInfo, type ScanResult } from './blocks';
import { Interp, type CallSite, type Host } from './evaluator';
import { SchedulerHost, type DiagRec, type FindingRec, type SpanRec } from './hosts';
import { callLib, canonicalPath, libAttr, passThroughCall } from './library';
import { adapterOpaqueCall, isLightningTrainer, lightningTrainerAttr } from './adapters';
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
  PyFunction,
  PyInstance,
  PyLib,
  PyList,
  PyTuple,
  fromJsNumber,
  isNumber,
  toFloat,
  typeName,
  isStackOverflow,
  pyErrorOf,
  type CodeHome,
  type Scope,
  type Value,
} from './values';
import { kindForPath } from '../engine/kinds';
import type { Stmt } from './ast';

/** Python's own limit of indentation levels (CPython's MAXINDENT). */
const MAX_INDENT = 100;

/** Deepest indentation level of a block (a stack of indent widths, as Python's tokenizer keeps it). */
function indentLevels(text: string): number {
  const stack = [0];
  let deepest = 0;
  for (let i = 0; i < text.length; ) {
    let w = 0;
    while (text.charCodeAt(i + w) === 32 || text.charCodeAt(i + w) === 9) w++;
    const c = text.charCodeAt(i + w);
    if (c !== 10 && c !== 13 && c !== 35 && i + w < text.length) {
      while (w < stack[stack.length - 1]) stack.pop();
      if (w > stack[stack.length - 1]) stack.push(w);
      if (stack.length - 1 > deepest) deepest = stack.length - 1;
    }
    const nl = text.indexOf('\n', i);
    if (nl < 0) break;
    i = nl + 1;
  }
  return deepest;
}

/** BudgetError reason of the wall-clock guard (Interp.deadline): the analysis is refused, not cut short. */
export const TOO_SLOW = 'too slow';

/** Largest block the analysis parses, and deepest bracket nesting (Python itself stops at 200). */
const MAX_BLOCK_CHARS = 400_000;
const MAX_LINE_CHARS = 20_000;
const MAX_NESTING = 150;
/**
 * Operation budget of one analysis (abstract interpretation of the whole file): the deterministic
 * limit. Real training scripts use under 1,000 (the 5,000-line bench script 1,284); spending all
 * of it takes ~40 ms at the slowest operations measured (~160 ns each). The wall-clock limit
 * (AnalyzeOptions.timeLimitMs) changes no result: when it fires the analysis reports that it was
 * too slow and gives no findings, instead of a partial answer that depends on the machine's load.
 */
export const ANALYSIS_OPS = 250_000;
/** How deep lazy block execution nests before the earlier blocks are run in order instead. */
const LAZY_DEPTH = 24;
/** Operation budget of one call of a user's lr function (concrete mode). */
export const CALLABLE_OPS = 10_000;

/**
 * The operations left to the lr functions of the simulation running now (curves.ts sets it around
 * one simulate() call): a 6,000-operation `def` called at each of 10^6 steps stops at the budget
 * with a message instead of running for minutes. Undefined outside a simulation (no limit but each
 * call's own CALLABLE_OPS).
 */
let simulationOps: { left: number; limit: number } | undefined;

/** Runs `f` (one simulation) with `left` operations for all the lr-function calls it makes (`limit`: the whole budget, for the message). */
export function withSimulationOps<T>(left: number, limit: number, f: () => T): T {
  const saved = simulationOps;
  simulationOps = { left, limit };
  try {
    return f();
  } finally {
    simulationOps = saved;
  }
}

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

  get(text: string, index: number): ParsedBlock {
    let p = this.map.get(text);
    if (p) this.reused++;
    else {
      // Reuse the tree of the block that was at the same index (an edit inside it) when similar.
      const prev = this.previous[index];
      const similar = prev && Math.abs(prev.text.length - text.length) < 2000 && prev.text.slice(0, 20) === text.slice(0, 20);
      p = parseBlock(text, similar ? prev : undefined);
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
  /** While set, the names of the assumptions made (what an lr function reads: `hyp["lrf"]`). */
  collecting: Set<string> | null = null;
  /** Keyword arguments of each Lightning `Trainer(...)` call on the path taken. */
  readonly lightningTrainers: Map<string, Value>[] = [];
  readonly diagnostics: DiagRec[] = [];
  readonly assumptions: AssumptionTable;
  private readonly byKey = new Map<string, FindingRec>();
  private readonly factories = new Map<object, boolean>();
  private readonly unknownSteps = new Set<number>();
  private readonly bindIndex = new Map<string, number[]>();
  private readonly mutIndex = new Map<string, number[]>();
  private readonly wideBlocks: number[] = [];
  private readonly candidateCache = new Map<string, number[]>();
  private readonly executedFns = new Set<object>();
  private readonly diagKeys = new Set<string>();
  private readonly cache: ParseCache;
  private stopped = false;
  /** The wall-clock guard fired: the result would depend on the machine's speed, so none is given. */
  tooSlow = false;
  /** Blocks being run, one inside the other (lazy execution). */
  private execDepth = 0;
  /** Every block before this index has been run or is running (runEarlierInOrder). */
  private inOrderUpTo = 0;
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
    if (b.text.length > 5_000 && indentLevels(b.text) > MAX_INDENT) {
      // CPython's tokenizer refuses more than 100 indentation levels ("too many levels of indentation").
      this.diagnostic('info', ownMessage('Skipped a statement with more than {0} levels of indentation', MAX_INDENT), info.start, Math.min(info.end, info.start + 200));
      b.parsed = null;
      return null;
    }
    if (b.text.includes('\0')) {
      // Python refuses source with a null byte; so does the analysis (lezer would spend long on it).
      this.diagnostic('info', ownMessage('Skipped a statement containing a null byte (not Python source)'), info.start, Math.min(info.end, info.start + 200));
      b.parsed = null;
      return null;
    }
    if (now() > this.interp.deadline) throw new BudgetError(TOO_SLOW);
    b.parsed = this.cache.get(b.text, i);
    if (b.parsed.truncated) this.diagnostic('warning', ownMessage('Parsing stopped early: the statement is too large to parse completely'), info.start, info.end);
    // A large statement the parser could not read whole (lezer gives up on very deep chains that
    // Python accepts): said, since the values it binds are unknown. Small ones are being typed.
    else if (b.parsed.errors > 0 && b.text.length > 20_000)
      this.diagnostic('info', ownMessage('Part of this statement could not be parsed (too large or too deeply nested): the values it binds are unknown'), info.start, Math.min(info.end, info.start + 200));
    return b.parsed;
  }

  execBlock(i: number): Scope | null {
    const b = this.blocks[i];
    if (b.state !== 0) return b.scope;
    if (this.execDepth >= LAZY_DEPTH) this.runEarlierInOrder(i);
    b.state = 1;
    const scope: Scope = { vars: new Map(), parent: null, kind: 'module', blockIndex: i };
    b.scope = scope;
    let parsed: ParsedBlock | null = null;
    try {
      parsed = this.stopped ? null : this.parsedBlock(i);
    } catch (err) {
      this.handleError(err, b.info.start, b.info.end);
    }
    if (parsed) {
      const I = this.interp;
      const saved = { pos: I.modulePos, inactive: I.inactive, loops: I.loops, callerLoops: I.callerLoops, depth: I.callDepth };
      I.modulePos = i;
      I.inactive = false;
      I.loops = [];
      I.callerLoops = [];
      I.callDepth = 0;
      this.execDepth++;
      try {
        I.execBody(parsed.stmts, scope, b.home);
      } catch (err) {
        this.handleError(err, b.info.start, b.info.end);
        // Whatever the block did not finish binding is unknown, never an earlier binding's value.
        for (const n of b.info.binds) if (!scope.vars.has(n)) scope.vars.set(n, new Opaque(n));
      } finally {
        this.execDepth--;
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

  /**
   * Lazy execution runs a block when a later one first needs one of its names, so a chain of
   * 1,000 `x = x + 1` would nest 1,000 deep. Past LAZY_DEPTH the blocks before `i` not run yet are
   * run in file order instead (each then finds what it needs already run): the nesting stays
   * bounded, the values are Python's.
   */
  private runEarlierInOrder(i: number): void {
    for (let j = this.inOrderUpTo; j < i && !this.stopped; j++) {
      // Set first: the blocks j runs find everything before j already run (no rescan, linear overall).
      this.inOrderUpTo = j;
      if (this.blocks[j].state === 0) this.execBlock(j);
    }
    this.inOrderUpTo = Math.max(this.inOrderUpTo, i);
  }

  private handleError(err: unknown, start: number, end: number): void {
    if (err instanceof BudgetError && err.message === TOO_SLOW) {
      // The wall-clock guard: no partial answer (analyze() reports the analysis as too slow).
      this.tooSlow = true;
      this.stopped = true;
      return;
    }
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
      if (kindForPath(mod + '.' + name)) return new PyLib(mod + '.' + name);
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
    if (isLightningTrainer(canonicalPath(lib.path)) && !site.interp.inactive && !this.lightningTrainers.some((t) => t.get('@') === BigInt(site.start))) {
      this.lightningTrainers.push(new Map([...kwargs, ['@', BigInt(site.start)]]));
    }
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
    const fromTrainer = lightningTrainerAttr(o.text, this.lightningTrainers);
    if (fromTrainer !== undefined && !(fromTrainer instanceof Opaque)) return fromTrainer;
    const name = o.text.length > 120 ? o.text.slice(0, 117) + '...' : o.text;
    const d = this.assumptions.defaults;
    const { value, reason } = o.hint === 'len' ? { value: d.datasetSize, reason: 'dataset size unknown' } : guessDefault(name, d);
    const v = this.assumptions.use(name, value, reason, o.range ? this.rangeOf(o.range.start, o.range.end) : undefined);
    this.collecting?.add(name);
    const py: Value = typeof v === 'number' ? (Number.isInteger(v) && !/\.\d|e-/.test(String(value)) && Number.isInteger(value) ? BigInt(v) : v) : v;
    return new Assumed(py, [name]);
  }

  /** An unknown scheduler argument: a default chosen by the parameter it is passed to. */
  assumeNumber(o: Opaque, param: string, kind?: string): { name: string; value: number } {
    const fromTrainer = lightningTrainerAttr(o.text, this.lightningTrainers);
    const t = fromTrainer instanceof Assumed ? fromTrainer.value : fromTrainer;
    if (t !== undefined && isNumber(t)) return { name: o.text, value: toFloat(t) };
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
    // Inside a user's factory, each call of the factory is its own construction.
    const fs = site.interp.factorySites;
    const key = fs.length ? `${site.start}@${fs.join(',')}` : String(site.start);
    const existing = this.byKey.get(key);
    if (existing) return { rec: existing, fresh: false };
    const rec: FindingRec = {
      id: this.findings.length,
      key,
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
    this.byKey.set(key, rec);
    return { rec, fresh: true };
  }

  isFactory(fn: PyFunction): boolean {
    let f = this.factories.get(fn.node);
    if (f === undefined) this.factories.set(fn.node, (f = isFactoryFunction(fn)));
    return f;
  }

  /** A factory call handed back a scheduler built inside it: the finding is at the call. */
  onFactoryReturn(result: Value, site: CallSite): void {
    const r = result instanceof Assumed ? result.value : result;
    if (!(r instanceof SchedulerHost) || !r.rec.key.includes('@')) return;
    const rec = r.rec;
    const sites = rec.key.slice(rec.key.indexOf('@') + 1).split(',');
    if (!sites.includes(String(site.start))) return;
    rec.definedAt ??= rec.span;
    rec.span = { start: site.start, end: site.end };
  }

  assumeChoice(text: string, value: Value, range: { start: number; end: number }): Value {
    const name = text.length > 120 ? text.slice(0, 117) + '...' : text;
    const u = value instanceof Assumed ? value.value : value;
    const why = { reason: 'condition unknown: the value before `if` is assumed' };
    const v = this.assumptions.use(name, toFloat(u as number), why.reason, this.rangeOf(range.start, range.end));
    const deps = value instanceof Assumed ? [...value.deps, name] : [name];
    const n = typeof v === 'number' ? v : Number(v);
    return new Assumed(typeof u === 'bigint' && Number.isInteger(n) ? BigInt(n) : n, deps);
  }

  onUnknownStep(site: CallSite, receiver: Opaque, receiverText: string): void {
    if (this.unknownSteps.has(site.start)) return;
    // Optimizers the analysis does not model are stepped too: only what reads as a scheduler is reported.
    const origin = receiver.text;
    if (!/sched|lr/i.test(receiverText + ' ' + origin) || /optim|opt\b/i.test(receiverText)) return;
    this.unknownSteps.add(site.start);
    const from = origin && origin !== receiverText ? origin : null;
    this.diagnostic(
      'info',
      from
        ? ownMessage('`{0}.step()`: `{0}` comes from `{1}`, which LR Lens could not model, so its schedule is not shown', receiverText, from.length > 80 ? from.slice(0, 77) + '...' : from)
        : ownMessage('`{0}.step()`: LR Lens could not tell which scheduler `{0}` is, so its schedule is not shown', receiverText),
      site.start,
      site.end,
    );
  }

  opaqueCall(fn: Opaque, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value | undefined {
    return adapterOpaqueCall(fn, args, kwargs, site);
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
        // Python's own names: a stack overflow is a RecursionError, V8's size limits MemoryError or OverflowError.
        if (isStackOverflow(err)) throw named(new Error(`${name}: maximum recursion depth exceeded`), 'RecursionError');
        const pe = pyErrorOf(err);
        if (pe) throw named(new Error(pe.message), pe.pyType);
        throw err;
      }
      if (simulationOps) {
        simulationOps.left -= CALLABLE_OPS - I.ops;
        if (simulationOps.left < 0) {
          const limit = simulationOps.limit.toLocaleString('en-US');
          throw new LibraryError('BudgetError', ownMessage('{0} used up the simulation budget of {1} operations (its calls at every step and param group); raise the setting lrLens.simulation.budget to simulate further', name, limit));
        }
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
    // Functions and methods nobody called: run them on their own, parameters unknown. Functions
    // first: a `main()` that builds Lightning's Trainer is read before the module's hooks.
    for (const kind of ['def', 'class'] as const) {
      for (let i = 0; i < n && !this.stopped; i++) {
        const b = this.blocks[i];
        if (!isTrigger[i] || b.info.kind !== kind) continue;
        const scope = this.execBlock(i);
        const parsed = b.parsed;
        if (!scope || !parsed) continue;
        for (const st of parsed.stmts) this.runStandalone(st, scope, b);
      }
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

/**
 * A function that hands back the scheduler it builds: `return LambdaLR(…)`, or `return name` where
 * the body assigns name from a scheduler-looking call. Read from its text.
 */
function isFactoryFunction(fn: PyFunction): boolean {
  if (!Array.isArray(fn.body)) return false;
  const text = fn.home.text.slice(fn.node.from, fn.node.to);
  if (!TRIGGER.test(text)) return false;
  for (const m of text.matchAll(/\breturn\s+([A-Za-z_][\w.]*)\s*(\(|$|\n|#)/gm)) {
    const target = m[1];
    if (m[2] === '(') {
      if (TRIGGER.test(target) || /LR$|_schedule|get_scheduler/.test(target)) return true;
    } else if (new RegExp(`\\b${target.replace(/\./g, '\\.')}\\s*=\\s*[\\w.]*(${SCHED_CALL})`).test(text)) return true;
  }
  return false;
}
const SCHED_CALL = 'LR|Scheduler|_schedule\\w*|get_scheduler|LambdaLR|SequentialLR';

/** The warning for a BudgetError: its known reasons as whole templates, so they translate too. */
function stoppedEarly(reason: string): OwnText {
  switch (reason) {
    case 'operation budget exhausted':
      return ownMessage('Analysis stopped early: operation budget exhausted');
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
