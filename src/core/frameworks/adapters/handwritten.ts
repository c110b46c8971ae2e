/**
 * Hand-written schedules: a training loop that writes the lr into the optimizer's param groups
 * itself — `for param_group in optimizer.param_groups: param_group['lr'] = lr` (nanoGPT's
 * `get_lr(it)`), `g["lr"] *= 0.1` under `if epoch in milestones:`, `optimizer.param_groups[0]['lr']
 * = …`, or an `adjust_learning_rate(optimizer, epoch)` of the file called in the loop (MAE, the old
 * pytorch/examples imagenet). The write is found when the analysis runs it on a param group of an
 * optimizer the file builds; the curve is the lr at each iteration of the loops around it, computed
 * by re-running, for each value of the loop counters, the statements of the loop body that lead to
 * the write (a slice, in Python's order: src/core/python/replay.ts). Unknown values the code reads
 * become named assumptions, as for any scheduler argument.
 *
 * The finding is at the write (`param_group['lr'] = lr`), or at the call of the function that
 * writes it when the write is in a function of its own (`definedAt` is then the write), as for a
 * user's scheduler factory. What cannot be followed is said at the write, with the reason.
 */
import type { Adapter, AnalysisContext } from '../adapter';
import type { Expr, Stmt } from '../../python/ast';
import type { LoopFrame } from '../../python/evaluatorApi';
import type { ReplayBinding, ReplayLevel } from '../../python/replay';
import { ownMessage, type OwnText } from '../../l10n/translate';
import { OptimizerHost, ParamGroupDict, type FindingRec, type SpanRec } from '../hosts';
import { assumedOptimizer } from '../optimizers';
import type { LrCallable } from '../../engine/spec';
import type { StepUnit } from '../../model/types';
import { unwrapOnce } from './loops';
import { Assumed, Opaque, PyList, PyRange, PyTuple, isInt, isNumber, toFloat, type Value } from '../../python/values';

export const HAND_WRITTEN_KIND = 'python.hand_written';

interface State {
  /** Writes already read (by statement start and factory sites). */
  seen: Set<string>;
  /** Stand-ins for optimizers the file does not build (`model.configure_optimizers(…)`), by the name the loop uses. */
  standIns: Map<string, OptimizerHost>;
  /** Writes modelled or explained here: the unmodelled rule stays quiet on their lines. */
  handled: SpanRec[];
}

const KEY = {};

/** The writes this analysis modelled or explained (analyze.ts keeps the generic info off their lines). */
export function handledWrites(cx: AnalysisContext): readonly SpanRec[] {
  return stateOf(cx).handled;
}

const stateOf = (cx: AnalysisContext) => cx.state<State>(KEY, () => ({ seen: new Set(), standIns: new Map(), handled: [] }));

const unwrap = (v: Value): Value => (v instanceof Assumed ? v.value : v);

/** A count or counter value as a JS number, with the assumptions it comes from. */
function numberOf(v: Value | null | undefined, deps: Set<string>): number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Assumed) v.deps.forEach((d) => deps.add(d));
  const u = unwrap(v);
  return isNumber(u) ? toFloat(u as number) : null;
}

function spanOf(frame: LoopFrame, n: { from: number; to: number }): SpanRec {
  const base = frame.home?.base ?? 0;
  return { start: base + n.from, end: base + n.to };
}

const contains = (outer: SpanRec, at: number) => outer.start <= at && at < outer.end;

// ---- reading statements

/** Every name an expression or statement mentions (an over-approximation of what it reads). */
function namesIn(node: unknown, out: Set<string>, depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 200) return;
  if (Array.isArray(node)) {
    for (const x of node) namesIn(x, out, depth + 1);
    return;
  }
  const n = node as { t?: string; id?: string };
  if (n.t === 'name' && typeof n.id === 'string') out.add(n.id);
  for (const [k, v] of Object.entries(node)) if (k !== 'from' && k !== 'to' && v && typeof v === 'object') namesIn(v, out, depth + 1);
}

/**
 * Names a statement assigns (its targets, anywhere inside it, functions and classes excluded), and
 * the objects it changes (`args.lr = …`, `state["iter_num"] += 1` change `args`, `state`): a
 * statement that changes what the lr reads is re-run too (and the replay refuses to change an
 * object of the program, so such a loop gets an error, never the lr of the analysis' single pass).
 */
function assigned(st: Stmt, out: Set<string>): void {
  const target = (e: Expr) => {
    if (e.t === 'name') out.add(e.id);
    else if (e.t === 'tuple' || e.t === 'list') e.elts.forEach(target);
    else if (e.t === 'paren' || e.t === 'star') target(e.e);
    else if (e.t === 'attr' || e.t === 'sub') target(e.obj);
  };
  switch (st.t) {
    case 'assign':
      st.targets.forEach(target);
      return;
    case 'annassign':
    case 'augassign':
      target(st.target);
      return;
    case 'for':
      target(st.target);
      st.body.forEach((s) => assigned(s, out));
      st.orelse?.forEach((s) => assigned(s, out));
      return;
    case 'while':
      st.body.forEach((s) => assigned(s, out));
      return;
    case 'if':
      st.bodies.forEach((b) => b.forEach((s) => assigned(s, out)));
      st.orelse?.forEach((s) => assigned(s, out));
      return;
    case 'with':
      st.items.forEach((i) => i.as && target(i.as));
      st.body.forEach((s) => assigned(s, out));
      return;
    case 'try':
      st.body.forEach((s) => assigned(s, out));
      return;
    default:
      return;
  }
}

/**
 * The statements of `body` to re-run: those that reach `at` (compound ones cut down to the way
 * there) and, whole, those that assign a name in `needed` — which grows with what they read.
 */
function sliceList(body: Stmt[], at: (s: { from: number; to: number }) => boolean, needed: Set<string>): Stmt[] {
  const keep = new Map<Stmt, Stmt>();
  for (const st of body) if (at(st)) keep.set(st, cutDown(st, at, needed));
  for (const k of keep.values()) namesIn(k, needed);
  for (let round = 0, grew = true; grew && round < 8; round++) {
    grew = false;
    for (const st of body) {
      if (keep.has(st) || st.t === 'def' || st.t === 'class') continue;
      const a = new Set<string>();
      assigned(st, a);
      if (![...a].some((n) => needed.has(n))) continue;
      keep.set(st, st);
      namesIn(st, needed);
      grew = true;
    }
  }
  return body.filter((st) => keep.has(st)).map((st) => keep.get(st) as Stmt);
}

/** A statement on the way to `at`, with the branches and bodies that do not lead there left out. */
function cutDown(st: Stmt, at: (s: { from: number; to: number }) => boolean, needed: Set<string>): Stmt {
  const sub = (b: Stmt[]) => sliceList(b, at, needed);
  switch (st.t) {
    case 'if': {
      const bodies = st.bodies.map((b) => (b.some(at) ? sub(b) : []));
      return { ...st, bodies, orelse: st.orelse && st.orelse.some(at) ? sub(st.orelse) : null };
    }
    case 'for':
      return { ...st, body: sub(st.body), orelse: null };
    case 'with':
      return { ...st, body: sub(st.body) };
    case 'try':
      return { ...st, body: sub(st.body), handlers: [], orelse: null, final: null };
    default:
      return st;
  }
}

/** Calls of `name` (`name(…)`, `x.name(…)`) inside a statement: their spans, in the statement's code. */
function callsOf(node: unknown, name: string, out: { from: number; to: number }[], depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 200) return;
  if (Array.isArray(node)) {
    for (const x of node) callsOf(x, name, out, depth + 1);
    return;
  }
  const n = node as Expr;
  if (n.t === 'call' && ((n.fn.t === 'name' && n.fn.id === name) || (n.fn.t === 'attr' && n.fn.name === name))) out.push({ from: n.from, to: n.to });
  for (const [k, v] of Object.entries(node)) if (k !== 'from' && k !== 'to' && v && typeof v === 'object') callsOf(v, name, out, depth + 1);
}

/** The function whose body holds the write: the closest `def` above it, less indented, and its span (to its last line). */
function enclosingDef(src: string, at: number): { name: string; span: SpanRec } | null {
  const lineStart = src.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*/.exec(src.slice(lineStart))![0].length;
  const re = /^([ \t]*)(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/gm;
  let best: RegExpExecArray | null = null;
  for (let m = re.exec(src); m && m.index < lineStart; m = re.exec(src)) {
    if (m[1].length < indent) best = m;
  }
  if (!best) return null;
  // The body ends before the next non-blank, non-comment line indented no deeper than the `def`.
  const own = best[1].length;
  const after = /^([ \t]*)(?=[^ \t\r\n#])/gm;
  after.lastIndex = at;
  let end = src.length;
  for (let m = after.exec(src); m; m = after.exec(src)) {
    if (m.index > at && m[1].length <= own && src.lastIndexOf('\n', m.index - 1) + 1 === m.index) {
      end = m.index;
      break;
    }
    if (m[0].length === 0) after.lastIndex++;
  }
  return { name: best[2], span: { start: best.index, end } };
}

// ---- binding loop variables

/** `for` targets bound to an item: names only (a tuple item is unpacked along a tuple target). */
function bindTarget(frame: LoopFrame, e: Expr, v: Value | undefined, out: ReplayBinding[]): void {
  if (e.t === 'paren') return bindTarget(frame, e.e, v, out);
  if (e.t === 'name') {
    if (v !== undefined) out.push({ name: e.id, value: v, range: spanOf(frame, e) });
    return;
  }
  if (e.t === 'tuple' || e.t === 'list') {
    const u = v === undefined ? undefined : unwrap(v);
    const items = u instanceof PyTuple || u instanceof PyList ? u.items : null;
    e.elts.forEach((x, i) => bindTarget(frame, x, items && i < items.length ? items[i] : undefined, out));
  }
}

/** `enumerate(…, start)` somewhere in the wrappers of a loop's iterable: its start. */
function enumerateStart(e: Expr): bigint | null {
  for (let x = e, k = 0; k < 8; k++) {
    while (x.t === 'paren') x = x.e;
    if (x.t === 'call' && x.fn.t === 'name' && x.fn.id === 'enumerate') {
      const args = x.args;
      const s = args.find((a) => (a.kind === 'pos' && a !== args[0]) || a.name === 'start');
      if (!s) return 0n;
      return s.value.t === 'num' && typeof s.value.v === 'bigint' ? s.value.v : null;
    }
    const next = unwrapOnce(x);
    if (next === x) return null;
    x = next;
  }
  return null;
}

/** How a loop's variables are bound at its k-th iteration; null when LR Lens cannot say. */
function binder(frame: LoopFrame, deps: Set<string>): ((k: number) => ReplayBinding[]) | null {
  const node = frame.node;
  if (!node) return null;
  if (frame.counter) {
    const c = frame.counter;
    const a = numberOf(c.start, deps);
    const s = numberOf(c.step, deps);
    if (a === null || s === null) return null;
    const ints = isInt(unwrap(c.start)) && isInt(unwrap(c.step));
    return (k) => [{ name: c.name, value: ints ? BigInt(a) + BigInt(k) * BigInt(s) : a + k * s }];
  }
  if (node.t !== 'for') return null;
  const u = frame.value === undefined ? undefined : unwrap(frame.value);
  if (u instanceof PyRange) return (k) => bindList(frame, node.target, u.at(BigInt(k)));
  if (u instanceof PyList || u instanceof PyTuple) return (k) => bindList(frame, node.target, u.items[k]);
  const start = enumerateStart(node.iter);
  if (start !== null && (node.target.t === 'tuple' || node.target.t === 'list') && node.target.elts[0]?.t === 'name') {
    const first = node.target.elts[0] as Extract<Expr, { t: 'name' }>;
    return (k) => [{ name: first.id, value: start + BigInt(k), range: spanOf(frame, first) }];
  }
  // The items are unknown (a DataLoader): the variable keeps its unknown value, and code reading it says so.
  return () => [];
}

function bindList(frame: LoopFrame, target: Expr, v: Value): ReplayBinding[] {
  const out: ReplayBinding[] = [];
  bindTarget(frame, target, v, out);
  return out;
}

// ---- the finding

function unitOf(frames: LoopFrame[]): StepUnit {
  if (frames.some((f) => f.kind === 'batch')) return 'step';
  if (frames.some((f) => f.kind === 'epoch')) return 'epoch';
  return frames.length >= 2 ? 'step' : 'unknown';
}

/** Reads one write of `param_group['lr']`: the finding and its replay, or the reason it has none. */
function read(optimizer: OptimizerHost, standIn: string | null, at: SpanRec, statement: SpanRec, cx: AnalysisContext, handled: SpanRec[]): OwnText | null {
  const I = cx.interp;
  const target = cx.src.slice(at.start, at.end).replace(/\s+/g, ' ');
  const frames = [...I.callerLoops, ...I.loops].filter((f) => !/\bparam_groups\b/.test(f.iterable));
  if (!frames.length) {
    const fn = I.callDepth > 0 ? enclosingDef(cx.src, statement.start) : null;
    if (fn) {
      // `def adjust_learning_rate(optimizer, epoch, args)` nothing here calls in a loop (MAE's util/lr_sched.py).
      handled.push(fn.span);
      return ownMessage('`{0}` is set by hand in `{1}`, which this file does not call from a training loop (another file may): LR Lens draws no curve for it', target, fn.name);
    }
    return ownMessage('`{0}` is set here outside any loop whose length LR Lens can count: it is not drawn as a schedule', target);
  }
  // Another schedule on the same optimizer (yolov5's LambdaLR): the same object, or for one the file
  // does not build, a scheduler given the same name.
  const sameOptimizer = (f: FindingRec) =>
    f.optimizer === optimizer.spec || (standIn !== null && f.args.some((a) => a.name === 'optimizer' && a.text?.trim() === standIn));
  const other = cx.findings.find((f) => f.spec.kind !== HAND_WRITTEN_KIND && sameOptimizer(f));
  if (other) {
    const line = cx.rangeOf(other.span.start, other.span.end).startPos.line + 1;
    const at_ = cx.rangeOf(statement.start, statement.end).startPos.line + 1;
    other.diagnostics.push({ severity: 'info', ...ownMessage("`{0}` is also set by hand at line {1}: what it writes there (a warm-up, a resume) is not in this curve", target, at_) });
    return ownMessage("`{0}` is set by hand here while `{1}` (line {2}) also sets this optimizer's lr: LR Lens draws {1}'s curve, not this hand-written part", target, other.kind, line);
  }
  const T = frames[frames.length - 1];
  if (!T.node || !T.scope || !T.home || !T.current) return ownMessage('`{0}` is set by hand in a loop LR Lens cannot re-run: it draws no curve for it', target);
  const deps = new Set<string>(optimizer.deps);
  const levels: ReplayLevel[] = [];
  const parts: string[] = [];
  let total = 1;
  for (const f of frames) {
    if (f.total) return ownMessage('`{0}` is set by hand in `{1}`, whose counter is advanced in an inner loop: LR Lens does not re-run such loops yet', target, f.iterable);
    const n = numberOf(f.count, deps);
    if (n === null || !Number.isInteger(n) || n < 0) return ownMessage('`{0}` is set by hand in `{1}`, whose number of iterations LR Lens cannot tell: it draws no curve for it', target, f.iterable);
    const bind = binder(f, deps);
    if (!bind) return ownMessage('`{0}` is set by hand in `{1}`, whose loop variable LR Lens cannot follow: it draws no curve for it', target, f.iterable);
    total *= n;
    parts.push(`${f.iterable.length > 60 ? f.iterable.slice(0, 57) + '...' : f.iterable} (${n})`);
    levels.push({ count: n, bind, pre: [], post: [] });
  }
  if (total < 1) return ownMessage('`{0}` is set by hand in a loop that runs no iteration', target);
  if (total > 1_000_000) return ownMessage('`{0}` is set by hand in loops of {1} iterations, more than LR Lens draws (1,000,000)', target, total);

  // Where the way to the write leaves the innermost loop's body: the write itself, or the call of the function that makes it.
  const base = T.home.base;
  let way = statement.start;
  let definedAt: SpanRec | undefined;
  let span = statement;
  if (!contains(spanOf(T, T.node), statement.start)) {
    const fn = enclosingDef(cx.src, statement.start);
    const calls: { from: number; to: number }[] = [];
    if (fn) callsOf(T.current, fn.name, calls);
    if (!calls.length) return ownMessage('`{0}` is set by hand in a function LR Lens cannot trace to the training loop: it draws no curve for it', target);
    way = base + calls[0].from;
    span = { start: base + calls[0].from, end: base + calls[0].to };
    definedAt = statement;
    // Every write of the function is in what is re-run (MAE's `lr * param_group["lr_scale"]` branch too).
    if (fn) handled.push(fn.span);
  } else handled.push(spanOf(T, T.current));
  // The loops of the innermost function are re-run in part; its callers' loops only bind their variables.
  const needed = new Set<string>();
  const own = frames.map((f) => f.scope === T.scope && f.home === T.home);
  for (let round = 0; round < 4; round++) {
    const before = needed.size;
    for (let j = frames.length - 1; j >= 0; j--) {
      if (!own[j]) continue;
      const node = frames[j].node as Stmt;
      if (node.t !== 'for' && node.t !== 'while') return ownMessage('`{0}` is set by hand in a loop LR Lens cannot re-run: it draws no curve for it', target);
      // The way on: the write (innermost), else the next loop inside this one.
      const inner = j === frames.length - 1 ? way : spanOf(frames[j + 1], frames[j + 1].node as Stmt).start;
      const reaches = (s: { from: number; to: number }) => base + s.from <= inner && inner < base + s.to;
      const sliced = sliceList(node.body, reaches, needed);
      const pivot = sliced.findIndex(reaches);
      const innermost = j === frames.length - 1;
      levels[j].pre = sliced.slice(0, innermost ? pivot + 1 : pivot);
      levels[j].post = sliced.slice(pivot + 1);
    }
    if (needed.size === before) break;
  }

  const name = `hand-written (${target})`;
  const site = { start: span.start, end: span.end, interp: I } as unknown as Parameters<AnalysisContext['record']>[2];
  const { rec, fresh } = cx.record(name, 'python', site);
  if (!fresh) return null;
  if (definedAt) rec.definedAt = definedAt;
  let groups: PyList = optimizer.groupDicts();
  const saved: (PyList | null)[] = [];
  // The loop's scope as it is now, at the first write: the names the loop changes later (`global_step
  // += 1` after the write) still have the values they enter the loop with.
  const entry = { ...T.scope, vars: new Map(T.scope.vars) };
  const replay = cx.makeReplay({
    levels,
    scope: entry,
    home: T.home,
    modulePos: T.scope.kind === 'module' ? T.home.blockIndex : Infinity,
    ...(standIn !== null ? { bindings: new Map<string, Value>([[standIn, optimizer]]) } : {}),
    reset: () => {
      groups = optimizer.groupDicts();
      optimizer.replayGroups = groups;
      return [groups, ...(groups.items as object[])];
    },
    read: () =>
      groups.items.map((d, i) => {
        const v = unwrap((d as ParamGroupDict).get('lr') ?? null);
        // `lr_schedule[it]` of a schedule made in another file (DINO's utils.cosine_scheduler): said as the interpreter says it.
        if (v instanceof Opaque) throw Object.assign(new Error(`cannot evaluate \`${v.text}\` without running the program`), { name: 'NameError', pyType: 'NameError' });
        if (!isNumber(v)) throw Object.assign(new Error(`param_groups[${i}]['lr'] is not a number`), { name: 'TypeError', pyType: 'TypeError' });
        return toFloat(v as number);
      }),
    name,
    enter: () => {
      saved.push(optimizer.replayGroups);
      optimizer.replayGroups = groups;
    },
    leave: () => {
      optimizer.replayGroups = saved.pop() ?? null;
    },
  });
  const perGroup: LrCallable[] = optimizer.spec.paramGroups.map((_g, i) => replay.callable(i));
  const code = cx.src.slice(statement.start, statement.end).replace(/\s+/g, ' ');
  rec.params = { code };
  // What the schedule is "built with": the write as written (not a literal the chart could rewrite).
  rec.args = [{ name: 'code', text: cx.src.slice(statement.start, statement.end), span: statement, isLiteral: false, positional: false }];
  rec.spec = { kind: HAND_WRITTEN_KIND, args: { lr_at: perGroup } };
  rec.optimizer = optimizer.spec;
  rec.deps = deps;
  rec.callables = [{ fn: perGroup[0], name }];
  rec.loopRun = { unit: unitOf(frames), steps: total, source: 'loops: ' + parts.join(' × '), deps: [...deps] };
  return null;
}

/** A function that sets the lr by its name (`adjust_learning_rate`, `set_lr`, MAE's `lr_sched.…`). */
const SETTER = /(?:^|\.)(?:(?:adjust|set|update|assign|apply)_?(?:learning_rate|lr)\w*)$|(?:^|\.)lr_sched\.\w+$/i;

export const handwrittenAdapter: Adapter = {
  name: 'handwritten',
  triggers: ['param_groups', '(?:adjust|set|update)_(?:learning_rate|lr)\\b', 'lr_sched\\.'],
  /**
   * `lr_sched.adjust_learning_rate(optimizer, …)` of another file, in a loop (MAE's engine_pretrain.py):
   * the lr is set where LR Lens does not read, and that is said at the call.
   */
  onCall(site, cx) {
    const I = site.interp;
    if (!I.abstract || I.inactive || (!I.loops.length && !I.callerLoops.length)) return;
    const callee = site.text.slice(0, site.text.indexOf('(')).replace(/\s+/g, '');
    if (!SETTER.test(callee) || !site.argTexts.some((a) => /optim/i.test(a))) return;
    cx.diagnostic('info', ownMessage('`{0}(…)` sets the lr in code LR Lens does not read (another file): it reads one file, so it draws no curve for it', callee), site.start, site.end);
  },
  onItemAssign(obj, key, _value, at, statement, _scope, cx) {
    if (key !== 'lr') return;
    let optimizer: OptimizerHost | null = obj instanceof ParamGroupDict ? obj.optimizer : null;
    const name = optimizer ? null : unknownOptimizer(obj, cx);
    if (!optimizer && !name) return;
    const st = stateOf(cx);
    const fs = cx.interp.factorySites;
    const id = fs.length ? `${statement.start}@${fs.join(',')}` : String(statement.start);
    if (st.seen.has(id)) return;
    st.seen.add(id);
    st.handled.push(statement);
    if (!optimizer && name) {
      optimizer = st.standIns.get(name) ?? assumedOptimizer(cx, `the optimizer \`${name}\` is not built in this file: its lr before the first write by hand`);
      st.standIns.set(name, optimizer);
    }
    let why: OwnText | null;
    try {
      why = read(optimizer as OptimizerHost, name, at, statement, cx, st.handled);
    } catch (err) {
      why = ownMessage('`{0}` is set by hand here, but LR Lens could not read it: {1}', cx.src.slice(at.start, at.end), (err as Error)?.message ?? String(err));
    }
    if (why && !cx.interp.inactive) cx.diagnostic('info', why, statement.start, statement.end);
  },
};

/**
 * A param group of an optimizer the file does not build (nanoGPT's `model.configure_optimizers(…)`):
 * `optimizer.param_groups[0]`, or the variable of `for g in optimizer.param_groups` (also through
 * `enumerate`). The optimizer's name, when it is a plain name the loop can bind to a stand-in.
 */
function unknownOptimizer(obj: Value, cx: AnalysisContext): string | null {
  if (!(obj instanceof Opaque)) return null;
  const direct = /^([A-Za-z_]\w*)\.param_groups\s*\[/.exec(obj.text);
  if (direct) return direct[1];
  const loops = cx.interp.loops;
  for (let i = loops.length - 1; i >= 0; i--) {
    const f = loops[i];
    const m = /^(?:enumerate\(\s*)?([A-Za-z_]\w*)\.param_groups\b/.exec(f.iterable);
    if (!m || f.node?.t !== 'for') continue;
    const names = new Set<string>();
    namesIn(f.node.target, names);
    if (names.has(obj.text)) return m[1];
  }
  return null;
}

/** For tests and the summary: whether a finding is a hand-written schedule. */
export function isHandWritten(rec: Pick<FindingRec, 'spec'>): boolean {
  return rec.spec.kind === HAND_WRITTEN_KIND;
}
