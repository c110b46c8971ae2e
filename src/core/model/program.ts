/**
 * One analysis of one file: the top-level blocks, executed lazily and at most once each (a name is
 * looked up by executing the closest earlier block that binds it), the discovery of scheduler
 * constructions, and the records they produce.
 */
import type { Library } from '../engine/signatures';
import type { LrCallable } from '../engine/spec';
import { ownMessage, type OwnText } from '../l10n/translate';
import type { Span } from '../python/ast';
import type { AnalysisContext } from '../frameworks/adapter';
import { ADAPTERS, TRIGGER, adaptersWith, canonicalPath } from '../frameworks/adapters/index';
import { AssumptionTable, assumptionName, defaultForParam, guessDefault } from './assumptions';
import { positionAt, scanBlocks, type BlockInfo, type ScanResult } from '../python/blocks';
import { Interp } from '../python/evaluator';
import { CALLABLE_OPS, budgetedCaller, callableOps, makeCallable, simulationOpsCheckpoint, withSimulationOps, type BudgetedCall } from '../python/callables';
import type { CallSite, Evaluator, Host, LoopGuard, LoopInfo, LoopKind } from '../python/evaluatorApi';
import { SchedulerHost, type DiagRec, type FindingRec, type SpanRec } from '../frameworks/hosts';
import { callLib, libAttr, starImport } from '../frameworks/library';
import { LoopReplay, type ReplayPlan } from '../python/replay';
import { now, parseBlock, parseBudget, PARSE_MAX_STEPS, type ParsedBlock } from '../python/parse';
import type { Range } from './types';
import {
  Assumed,
  BudgetError,
  Opaque,
  PyBoundMethod,
  PyBuiltin,
  PyClass,
  PyFunction,
  PyInstance,
  PyLib,
  isNumber,
  toFloat,
  type CodeHome,
  type Scope,
  type Value,
} from '../python/values';
import type { Stmt } from '../python/ast';

/** The lr-function budget lives in callables.ts; re-exported for the callers that know it from here. */
export { CALLABLE_OPS, callableOps, simulationOpsCheckpoint, withSimulationOps };

/** Why a name set in a loop the analysis reads once is an assumption (python/loopCarried.ts). */
const CARRIED_REASON = 'set in a loop LR Lens reads once: its value depends on how many times the loop runs';

/** The default of an unknown: a length (`len(loader)`) is the dataset size, else `guess()`. */
function lengthOr(o: Opaque, d: { datasetSize: number }, guess: () => { value: number; reason: string }): { value: number; reason: string } {
  return o.hint === 'len' ? { value: d.datasetSize, reason: 'dataset size unknown' } : guess();
}

/** A name a loop read once left unknown (python/loopCarried.ts) keeps its default's value and says why it is assumed. */
function carriedOr(o: Opaque, g: { value: number; reason: string }): { value: number; reason: string } {
  return o.hint === 'carried' ? { value: g.value, reason: CARRIED_REASON } : g;
}

/** The most indentation levels Python accepts (CPython's tokenizer refuses its MAXINDENT, 100: "too many levels of indentation"). */
const MAX_INDENT = 99;

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
      // Reuse the tree of the block that was at the same index (an edit inside it) when similar —
      // not for a block the parse cap can stop (its fresh parse is cut where a reused tree's is not:
      // the answer would depend on the edits before it).
      const prev = this.previous[index];
      const similar = prev && parseBudget(text.length) < PARSE_MAX_STEPS && Math.abs(prev.text.length - text.length) < 2000 && prev.text.slice(0, 20) === text.slice(0, 20);
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

export class Program implements Host, AnalysisContext {
  readonly scan: ScanResult;
  readonly blocks: BlockState[];
  readonly interp: Interp;
  readonly findings: FindingRec[] = [];
  /** Each framework adapter's state in this analysis (AnalysisContext.state). */
  private readonly adapterState = new Map<object, unknown>();
  /** While set, the names of the assumptions made (what an lr function reads: `hyp["lrf"]`). */
  collecting: Set<string> | null = null;
  readonly diagnostics: DiagRec[] = [];
  readonly assumptions: AssumptionTable;
  private readonly byKey = new Map<string, FindingRec>();
  private readonly factories = new Map<object, boolean>();
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
    this.scan = opts.scan ?? scanBlocks(src, TRIGGER);
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
        // Stryker disable next-line ArrayDeclaration: a list's first item is only compared with block indexes (`j > i`, false for a non-number) or sorted before them, so an item that is not a number runs no block
        if (!l) this.mutIndex.set(b.info.mutates, (l = []));
        l.push(i);
      }
    });
    // `group = parser.add_argument_group(…)` then `group.add_argument(…)` (timm's train.py, many
    // more): an adapter says the group's in-place changes change `parser`, so they run when `parser` is read.
    this.blocks.forEach((b, i) => {
      if (b.info.kind !== 'simple' || b.info.binds.length !== 1) return;
      let link: { name: string; target: string } | undefined;
      for (const a of ADAPTERS) if (!link) link = a.changesThrough?.(b.text);
      if (!link) return;
      const muts = this.mutIndex.get(link.name);
      if (!muts) return;
      let l = this.mutIndex.get(link.target);
      // Stryker disable next-line ArrayDeclaration: a list's first item is only compared with block indexes (`j > i`, false for a non-number) or sorted before them, so an item that is not a number runs no block
      if (!l) this.mutIndex.set(link.target, (l = []));
      // The group's own binding first, then its mutations up to the next rebinding of the group.
      // Stryker disable next-line ArrayDeclaration: unreachable, the statement binds link.name (changesThrough matches `name = x.add_argument_group(`), so bindIndex has it
      const next = (this.bindIndex.get(link.name) ?? []).find((j) => j > i) ?? Infinity;
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
      // CPython's tokenizer refuses 100 indentation levels or more (checked with CPython 3.11: 99 compile).
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
    // Stryker disable next-line MethodExpression: a lower start only rescans blocks before it, all run or running (state !== 0), which the loop skips
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
    // After discovery every block a name needs has run: the answer for (name, pos) no longer changes,
    // and the lr functions and hand-written loops run afterwards look the same names up at every step.
    if (this.finished) {
      let at = this.globalCache.get(pos);
      if (!at) this.globalCache.set(pos, (at = new Map()));
      const hit = at.get(name);
      if (hit !== undefined) return hit;
      const v = this.lookupGlobalNow(name, pos);
      // (Not while a block runs lazily: what it binds is not all there yet.)
      if (v !== undefined && this.execDepth === 0) at.set(name, v);
      return v;
    }
    return this.lookupGlobalNow(name, pos);
  }

  /** Set when discovery is done (run() returned). */
  private finished = false;
  private readonly globalCache = new Map<number, Map<string, Value>>();

  private lookupGlobalNow(name: string, pos: number): Value | undefined {
    const cands = this.candidates(name);
    for (let k = cands.length - 1; k >= 0; k--) {
      const i = cands[k];
      if (i >= pos) continue;
      const scope = this.execBlock(i);
      // Stryker disable next-line OptionalChaining: execBlock never returns null (a block's scope is set before its state leaves 0)
      const v = scope?.vars.get(name);
      if (v !== undefined) {
        // Statements after the binding that change the object in place (`parser.add_argument(…)`).
        const muts = this.mutIndex.get(name);
        if (muts) for (const j of muts) if (j > i && j < pos) this.execBlock(j);
        // `args = None`, then `global args; args = …` in a function a later block called (`main()`).
        return this.globalWrite(name, i, pos) ?? v;
      }
    }
    // `from torch.optim.lr_scheduler import *` and friends (on the line of the use, too).
    for (const [mod, i] of this.starImports()) {
      if (i > pos) continue;
      const v = starImport(this, mod, name);
      if (v !== undefined) return v;
    }
    // `global args; args = parser.parse_args()` in a function that ran; one run on its own, whose
    // place in the file's order is unknown, last.
    return this.globalWrite(name, -1, pos) ?? this.globalWrites.get(name)?.get(Infinity);
  }

  /**
   * Names functions assigned under `global` (Host.assignGlobal): the last value each module block
   * left (by its index; Infinity: a function run on its own, nobody's call).
   */
  private readonly globalWrites = new Map<string, Map<number, Value>>();

  /** What a read at block `pos` sees of the global writes made by blocks after `after`, up to `pos` itself (Python's order). */
  private globalWrite(name: string, after: number, pos: number): Value | undefined {
    const writes = this.globalWrites.get(name);
    if (!writes) return undefined;
    let at = after;
    let v: Value | undefined;
    for (const [block, value] of writes) {
      if (block > at && block <= pos && block !== Infinity) {
        at = block;
        v = value;
      }
    }
    return v;
  }

  assignGlobal(name: string, value: Value): void {
    let writes = this.globalWrites.get(name);
    if (!writes) this.globalWrites.set(name, (writes = new Map()));
    writes.set(this.interp.modulePos, value);
    // A block first run after discovery (an lr function reads a name lazily) may write a global a lookup has cached.
    if (this.finished) this.globalCache.clear();
  }

  private starCache: [string, number][] | null = null;
  private starImports(): [string, number][] {
    if (this.starCache) return this.starCache;
    // Stryker disable next-line ArrayDeclaration: a stray entry reads as module 'S', which no adapter's starImport knows, so every lookup goes on as without it
    this.starCache = [];
    for (const i of this.wideBlocks) {
      const m = /^from\s+([\w.]+)\s+import\s+\*/.exec(this.blocks[i].text);
      if (m) this.starCache.push([m[1], i]);
    }
    return this.starCache;
  }

  libAttr(lib: PyLib, name: string, I: Evaluator): Value {
    return libAttr(this, lib, name, I);
  }

  callLib(lib: PyLib, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    const r = callLib(this, lib, args, kwargs, site);
    this.onCall(site);
    return r;
  }

  onCall(site: CallSite): void {
    // Stryker disable next-line OptionalChaining: adaptersWith('onCall') lists only the adapters that define onCall
    for (const a of adaptersWith('onCall')) a.onCall?.(site, this);
  }

  state<T>(key: object, init: () => T): T {
    if (!this.adapterState.has(key)) this.adapterState.set(key, init());
    return this.adapterState.get(key) as T;
  }

  /** A value an adapter knows for an unknown before any assumption is made (`self.trainer.max_epochs`). */
  private known(o: Opaque): Value | undefined {
    for (const a of ADAPTERS) {
      const v = a.known?.(o, this);
      if (v !== undefined) return v;
    }
    return undefined;
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
    const fromAdapter = this.known(o);
    if (fromAdapter !== undefined && !(fromAdapter instanceof Opaque)) return fromAdapter;
    const name = assumptionName(o.text);
    const d = this.assumptions.defaults;
    const { value, reason } = carriedOr(o, lengthOr(o, d, () => guessDefault(name, d)));
    const v = this.assumptions.use(name, value, reason, o.range ? this.rangeOf(o.range.start, o.range.end) : undefined);
    this.collecting?.add(name);
    const py: Value = typeof v === 'number' ? (Number.isInteger(v) && !/\.\d|e-/.test(String(value)) && Number.isInteger(value) ? BigInt(v) : v) : v;
    return new Assumed(py, [name]);
  }

  /** An unknown scheduler argument: a default chosen by the parameter it is passed to. */
  assumeNumber(o: Opaque, param: string, kind?: string): { name: string; value: number; deps?: string[] } {
    const fromAdapter = this.known(o);
    const t = fromAdapter instanceof Assumed ? fromAdapter.value : fromAdapter;
    // A value an adapter computed from assumptions (`trainer.estimated_stepping_batches` from len(train_dataloader)) rests on them.
    if (t !== undefined && isNumber(t)) return { name: o.text, value: toFloat(t), ...(fromAdapter instanceof Assumed ? { deps: fromAdapter.deps } : {}) };
    const name = assumptionName(o.text);
    const d = this.assumptions.defaults;
    const byParam = kind ? defaultForParam(kind, param, d) : null;
    const g = carriedOr(o, byParam ?? lengthOr(o, d, () => guessDefault(name + ' ' + param, d)));
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
      // Stryker disable next-line ArrayDeclaration: every recorder that makes callables sets its own list; analyze.ts only calls `c.fn` inside a try that stops on the TypeError
      callables: [],
    };
    // Built under a branch an assumption chose (`if accelerator.distributed_type == …:`): the choice is one of its assumptions.
    if (site.interp.pathDeps.length) rec.chosenBy = [...site.interp.pathDeps];
    this.findings.push(rec);
    this.byKey.set(key, rec);
    return { rec, fresh: true };
  }

  isFactory(fn: PyFunction): boolean {
    let f = this.factories.get(fn.node);
    if (f === undefined) {
      const text = Array.isArray(fn.body) ? fn.home.text.slice(fn.node.from, fn.node.to) : null;
      this.factories.set(fn.node, (f = text !== null && ADAPTERS.some((a) => a.isFactory?.(text, this) ?? false)));
    }
    return f;
  }

  /** A factory call handed back a scheduler built inside it: the finding is at the call. */
  onFactoryReturn(result: Value, site: CallSite): void {
    // What a framework built for this call (a LightningModule's configure_optimizers run by `trainer.fit`): at the call, too.
    for (const rec of this.findings) {
      if (rec.builtFor !== site.start) continue;
      rec.builtFor = undefined;
      rec.definedAt ??= rec.span;
      rec.span = { start: site.start, end: site.end };
    }
    const r = result instanceof Assumed ? result.value : result;
    if (!(r instanceof SchedulerHost) || !r.rec.key.includes('@')) return;
    const rec = r.rec;
    const sites = rec.key.slice(rec.key.indexOf('@') + 1).split(',');
    if (!sites.includes(String(site.start))) return;
    rec.definedAt ??= rec.span;
    rec.span = { start: site.start, end: site.end };
  }

  assumeChoice(text: string, value: Value, range: { start: number; end: number }): Value {
    const name = assumptionName(text);
    const u = value instanceof Assumed ? value.value : value;
    const why = { reason: 'condition unknown: the value before `if` is assumed' };
    const v = this.assumptions.use(name, toFloat(u as number), why.reason, this.rangeOf(range.start, range.end));
    const deps = value instanceof Assumed ? [...value.deps, name] : [name];
    // Stryker disable next-line StringLiteral: for a number v, Number(v) is v, so both arms agree whatever the typeof test says
    const n = typeof v === 'number' ? v : Number(v);
    return new Assumed(typeof u === 'bigint' && Number.isInteger(n) ? BigInt(n) : n, deps);
  }

  onMethodCall(site: CallSite, receiver: Value, name: string, receiverText: string): void {
    // Stryker disable next-line OptionalChaining: adaptersWith('onMethodCall') lists only the adapters that define onMethodCall
    for (const a of adaptersWith('onMethodCall')) a.onMethodCall?.(site, receiver, name, receiverText, this);
  }

  opaqueAttr(obj: Opaque, name: string, text: string, range: { start: number; end: number }): Value | undefined {
    for (const a of adaptersWith('opaqueAttr')) {
      // Stryker disable next-line OptionalChaining: adaptersWith('opaqueAttr') lists only the adapters that define opaqueAttr
      const v = a.opaqueAttr?.(obj, name, text, range, this);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  opaqueCall(fn: Opaque, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value | undefined {
    for (const a of adaptersWith('opaqueCall')) {
      // Stryker disable next-line OptionalChaining: adaptersWith('opaqueCall') lists only the adapters that define opaqueCall
      const v = a.opaqueCall?.(fn, args, kwargs, site, this);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  frameCall(callee: string, scope: Scope): Value | undefined {
    for (const a of adaptersWith('frameCall')) {
      // Stryker disable next-line OptionalChaining: adaptersWith('frameCall') lists only the adapters that define frameCall
      const v = a.frameCall?.(callee, scope, this);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  contextGuard(name: string, text: string, receiver: () => Value): LoopGuard | null {
    for (const a of ADAPTERS) {
      const g = a.contextGuard?.(name, text, receiver, this);
      if (g !== undefined) return g;
    }
    return null;
  }

  classifyLoop(loop: LoopInfo): { kind: LoopKind; count: Value | null } {
    for (const a of ADAPTERS) {
      // Stryker disable next-line OptionalChaining: ADAPTERS[0] is loopsAdapter, whose classifyLoop answers every loop, so no later adapter is asked
      const c = a.classifyLoop?.(loop, this);
      if (c !== undefined) return c;
    }
    // Stryker disable next-line ObjectLiteral,StringLiteral: unreachable, loopsAdapter (ADAPTERS[0]) classifies every loop
    return { kind: 'unknown', count: loop.count };
  }

  transparentDecorator(text: string): boolean {
    return ADAPTERS.some((a) => a.transparentDecorator?.(text) ?? false);
  }

  relevant(text: string): boolean {
    return TRIGGER.test(text);
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

  makeReplay(plan: ReplayPlan): LoopReplay {
    return new LoopReplay(this, plan);
  }

  onItemAssign(obj: Value, key: Value, value: Value, at: { start: number; end: number }, statement: { start: number; end: number }, scope: Scope): void {
    // Stryker disable next-line OptionalChaining: adaptersWith('onItemAssign') lists only the adapters that define onItemAssign
    for (const a of adaptersWith('onItemAssign')) a.onItemAssign?.(obj, key, value, at, statement, scope, this);
  }

  /** A Python callable as the engine's LrCallable, run by a fresh interpreter with a budget. */
  makeCallable(fn: PyFunction | PyBoundMethod | PyBuiltin, name: string): LrCallable {
    return makeCallable(this, fn, name);
  }

  caller(name: string, hooks: Pick<Host, 'superAttr'>, onAssumed?: (names: string[]) => void): BudgetedCall {
    // This program for everything else, without what only the analysis of the file records (assignments, functions entered, diagnostics).
    const host: Host = {
      lookupGlobal: (n, pos) => this.lookupGlobal(n, pos),
      libAttr: (lib, n, I) => this.libAttr(lib, n, I),
      callLib: (lib, args, kwargs, site) => this.callLib(lib, args, kwargs, site),
      onAssign: () => undefined,
      assume: (o) => {
        const v = this.assume(o);
        // Stryker disable next-line OptionalChaining: the only caller (frameworks/subclass.ts) always passes onAssumed
        if (v instanceof Assumed) onAssumed?.(v.deps);
        return v;
      },
      onEnterFunction: () => undefined,
      diagnostic: () => undefined,
      transparentDecorator: (t) => this.transparentDecorator(t),
      ...hooks,
    };
    return budgetedCaller(host, name).call;
  }

  /** A class of the file deriving a library class is called: an adapter may make it (a scheduler subclass). */
  instantiate(cls: PyClass, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value | undefined {
    const bases: { owner: PyClass; base: PyLib; path: string }[] = [];
    for (const owner of cls.mro()) for (const b of owner.libBases) if (b instanceof PyLib) bases.push({ owner, base: b, path: canonicalPath(b.path) });
    if (!bases.length) return undefined;
    for (const a of adaptersWith('instantiate')) {
      // Stryker disable next-line OptionalChaining: adaptersWith('instantiate') lists only the adapters that define instantiate
      const v = a.instantiate?.({ cls, bases, args, kwargs, site }, this);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Discovery

  run(): void {
    const n = this.blocks.length;
    // Stryker disable next-line ArrayDeclaration: an entry never set is undefined, and isTrigger is only read for truthiness
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
    // Functions containing triggers make their callers triggers too (a few rounds), and so do names a
    // trigger statement binds (`Sched = torch.optim.lr_scheduler.StepLR`, `make = partial(StepLR, …)`).
    const seen = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const names: string[] = [];
      // Stryker disable next-line EqualityOperator: isTrigger[n] is never set (markMatches marks bi < blocks.length only), so an i = n pass stops at isTrigger[i] before blocks[n] is read (i >= n, killed, is disabled with it)
      for (let i = 0; i < n; i++) {
        const b = this.blocks[i];
        if (isTrigger[i] && (b.info.kind === 'def' || b.info.kind === 'class' || b.info.kind === 'simple')) {
          for (const nm of b.info.binds) if (!seen.has(nm)) names.push(nm);
        }
      }
      if (!names.length) break;
      // Stryker disable next-line ArrowFunction: a name searched again only marks the callers it marked in an earlier round, and the rounds stay at most 4
      names.forEach((nm) => seen.add(nm));
      const re = new RegExp(`\\b(${names.map((s) => s.replace(/\W/g, '')).join('|')})\\s*\\(`, 'g');
      this.markMatches(re, isTrigger);
    }
    // Stryker disable next-line EqualityOperator: isTrigger[n] is never set, so i = n runs nothing (i >= n, killed, is disabled with it)
    for (let i = 0; i < n && !this.stopped; i++) {
      if (isTrigger[i] && this.blocks[i].info.kind !== 'def' && this.blocks[i].info.kind !== 'class') this.execBlock(i);
    }
    // Functions and methods nobody called: run them on their own, parameters unknown. Functions
    // first: a `main()` that builds Lightning's Trainer is read before the module's hooks.
    for (const kind of ['def', 'class'] as const) {
      // Stryker disable next-line EqualityOperator: isTrigger[n] is never set, so i = n continues before b.info is read (i >= n, killed, is disabled with it)
      for (let i = 0; i < n && !this.stopped; i++) {
        const b = this.blocks[i];
        if (!isTrigger[i] || b.info.kind !== kind) continue;
        const scope = this.execBlock(i);
        const parsed = b.parsed;
        if (!scope || !parsed) continue;
        for (const st of parsed.stmts) this.runStandalone(st, scope, b);
      }
    }
    // One construction built through several framework calls (two `trainer.fit(model)` of one
    // class): each finding at its call, the construction shown as where it is built.
    const through = new Map<number, FindingRec[]>();
    for (const rec of this.findings) {
      if (!rec.reachedThrough || rec.definedAt) continue;
      const l = through.get(rec.span.start);
      if (l) l.push(rec);
      else through.set(rec.span.start, [rec]);
    }
    for (const recs of through.values()) {
      if (recs.length < 2) continue;
      for (const rec of recs) {
        rec.definedAt = rec.span;
        rec.span = rec.reachedThrough as SpanRec;
      }
    }
    this.finished = true;
  }

  /** One pass of a global regex over the file; mark the blocks its matches fall in. */
  private markMatches(re: RegExp, marks: boolean[]): void {
    const blocks = this.blocks;
    let bi = 0;
    for (let m = re.exec(this.src); m; m = re.exec(this.src)) {
      const at = m.index;
      while (bi < blocks.length && blocks[bi].info.end <= at) bi++;
      if (bi < blocks.length && blocks[bi].info.start <= at) marks[bi] = true;
      // Stryker disable next-line UpdateOperator: every alternative of both regexes is a non-empty name followed by `(` or `.`, so no match is empty and this never runs
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
          for (const a of ADAPTERS) a.methodReturned?.(m.name, ret, this);
        }
      }
    } catch (err) {
      this.handleError(err, b.info.start + st.from, b.info.start + st.to);
    }
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
    case 'range too long for the operation budget':
      return ownMessage('Analysis stopped early: range too long for the operation budget');
    default:
      return ownMessage('Analysis stopped early: {0}', reason);
  }
}
