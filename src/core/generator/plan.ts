/**
 * Where generated code goes and what it replaces: a new statement at the cursor (on a blank line,
 * or before/after the logical line the cursor is on, never inside a bracketed statement), or the
 * scheduler call under the cursor; the indentation of that place; the imports it needs. The result
 * is a list of plain edits the VS Code layer applies as ONE WorkspaceEdit (one undo step). Pure.
 */
import { msg } from '../l10n/translate';
import { analyze } from '../model/analyze';
import { continuationLines } from '../python/blocks';
import type { AnalysisResult, SchedulerFinding } from '../model/types';
import { findingAt as innermostAt } from '../model/documentModel';
import { isKnownKind, METRIC_DRIVEN_KINDS } from '../engine/signatures';
import { bareKind, familyOf } from '../engine/kinds';
import { kindsIn, type GenCall, type GenContext } from './catalogue';
import type { ParamValue } from './params';
import { applyTextEdits, type TextEdit } from './edits';
import { emitCall } from './emit';
import { planImports } from './imports';

export type GenerateMode = 'insert' | 'replace';

export interface PlanRequest {
  source: string;
  /** Cursor offset. */
  cursor: number;
  call: GenCall;
  mode: GenerateMode;
  /** The current analysis of `source` (replace mode needs it; insert mode uses it to pick names). */
  analysis?: AnalysisResult;
  /** Optimizer expression; defaults to what the file uses (see `contextFrom`). */
  optimizer?: string;
  /** Variable for an inserted scheduler; default `scheduler` (or a free variant). */
  variable?: string;
  /** Insert mode: also write `scheduler.step()` into the training loop when nothing steps it (default true). */
  addStep?: boolean;
}

/** The `scheduler.step()` the generator added to the loop, for the message it shows. */
export interface StepAdded {
  /** 0-based line of the statement it was written after. */
  afterLine: number;
  text: string;
  unit: 'batch' | 'epoch';
}

export type GenPlan =
  | {
      ok: true;
      edits: TextEdit[];
      /** The code written (without imports), for messages and tests. */
      code: string;
      replaced?: SchedulerFinding;
      /** A `.step()` call written into the loop (insert mode, when nothing stepped the new scheduler); timm's per-batch `step_update`. */
      step?: StepAdded;
      /** timm: the `step(epoch + 1)` written at the end of the epoch loop, besides `step`. */
      epochStep?: StepAdded;
      /** Why no `.step()` call was written although nothing steps the scheduler (English template). */
      stepNote?: string;
    }
  | { ok: false; message: string };

// ---- the file's defaults ------------------------------------------------------------------------

const OPTIMIZER_CLASSES = 'SGD|Adam|AdamW|RMSprop|Adagrad|Adadelta|Adamax|NAdam|RAdam|ASGD|Rprop|SparseAdam|Adafactor|Lion';
const OPTIMIZER_ASSIGN = new RegExp(`^[ \\t]*((?:self\\.)?[A-Za-z_]\\w*)[ \\t]*=[ \\t]*(?:[\\w.]+\\.)?(${OPTIMIZER_CLASSES})[ \\t]*\\(`, 'gm');

export interface FileContext extends GenContext {
  optimizer: string;
  optimizerType: string;
  /** Where the defaults came from, for the quick pick's hint. */
  source: 'scheduler' | 'optimizer' | 'defaults';
}

/**
 * A scheduler call the generator can read and replace: a kind it knows by the name the code calls
 * (torch, transformers), or a timm, diffusers or DeepSpeed call written on its optimizer — not a
 * schedule a ds_config or TrainingArguments builds (its range is another call).
 */
function isSchedulerCall(f: SchedulerFinding): boolean {
  if (isKnownKind(f.kind)) return true;
  return familyOf(f.spec.kind) !== undefined && bareKind(f.spec.kind) === f.kind && f.arguments.some((a) => a.name === 'optimizer' && a.text !== undefined);
}

/** The top-level scheduler finding whose call contains the cursor (innermost), if any. */
export function findingAt(analysis: AnalysisResult | undefined, source: string, cursor: number): SchedulerFinding | undefined {
  if (!analysis) return undefined;
  return innermostAt(analysis.schedulers, { offset: cursor, line: lineOf(source, cursor) }, (f) => f.parent === null && isSchedulerCall(f));
}

function lineOf(source: string, offset: number): number {
  let n = 0;
  for (let i = source.indexOf('\n'); i >= 0 && i < offset; i = source.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Defaults from the open file: the optimizer (variable, type, lr) and run length of the scheduler
 * under or before the cursor; else the last optimizer assignment before the cursor; else `fallback`.
 */
export function contextFrom(source: string, analysis: AnalysisResult | undefined, cursor: number, fallback: { lr: number; steps: number }): FileContext {
  const tops = (analysis?.schedulers ?? []).filter((f) => f.parent === null && isSchedulerCall(f));
  const f = findingAt(analysis, source, cursor) ?? [...tops].reverse().find((x) => x.range.start <= cursor) ?? tops[0];
  if (f) {
    const opt = f.arguments.find((a) => a.name === 'optimizer')?.text;
    const lr = f.optimizer.defaultLr ?? f.optimizer.paramGroups[0]?.lr;
    const perEpoch = stepsPerEpochOf(f);
    return {
      optimizer: opt && /^[\w.]+$/.test(opt) ? opt : 'optimizer',
      optimizerType: f.optimizer.type,
      lr: typeof lr === 'number' && lr > 0 && Number.isFinite(lr) ? lr : fallback.lr,
      // timm's natural steps count its calls: the optimizer steps are its epochs × updates.
      steps: f.timm && f.timm.updatesPerEpoch > 0 ? f.timm.epochs * f.timm.updatesPerEpoch : f.naturalSteps > 0 ? f.naturalSteps : fallback.steps,
      ...(perEpoch ? { stepsPerEpoch: perEpoch } : {}),
      source: 'scheduler',
    };
  }
  let last: RegExpExecArray | undefined;
  for (const m of source.matchAll(OPTIMIZER_ASSIGN)) {
    if (m.index !== undefined && (m.index <= cursor || !last)) last = m as RegExpExecArray;
  }
  const probed = probe(source, cursor, last?.[1] ?? 'optimizer');
  if (probed) return { ...probed, steps: probed.steps ?? fallback.steps };
  if (last) {
    const callStart = last.index + last[0].length;
    const lr = /\blr[ \t]*=[ \t]*([0-9][0-9_]*\.?[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?)/.exec(source.slice(callStart, callStart + 400).split(/\)\s*\n/)[0]);
    const v = lr ? Number(lr[1].replace(/_/g, '')) : NaN;
    return { optimizer: last[1], optimizerType: last[2], lr: v > 0 && Number.isFinite(v) ? v : fallback.lr, steps: fallback.steps, source: 'optimizer' };
  }
  return { optimizer: 'optimizer', optimizerType: 'SGD', lr: fallback.lr, steps: fallback.steps, source: 'defaults' };
}

/**
 * No scheduler yet: analyze the file with a neutral one (ConstantLR with factor 1) written where
 * the generated code would go, under the name it would get. The analysis then resolves the
 * optimizer's lr however the code computes it, and the run length from the loops around an
 * existing `scheduler.step()` (scripts are often written loop first). Undefined when the probe
 * does not find the optimizer.
 */
function probe(source: string, cursor: number, optimizer: string): (Omit<FileContext, 'steps'> & { steps?: number }) | undefined {
  // With the per-batch `.step()` the generator would add, so the loops give the run length
  // (epochs × batches, gradient accumulation included) when the file has no `scheduler.step()` yet.
  const plan = planGeneration({ source, cursor, call: { kind: 'ConstantLR', args: { factor: 1.0, total_iters: 0 } }, mode: 'insert', optimizer });
  if (!plan.ok) return undefined;
  const variable = freeName(source, 'scheduler', ['lr_scheduler']);
  const result = analyze(applyTextEdits(source, plan.edits));
  const f = result.schedulers.find((x) => x.name === variable && x.kind === 'ConstantLR');
  if (!f || f.assumptions.some((a) => a.name === 'optimizer lr')) return undefined;
  const lr = f.optimizer.defaultLr ?? f.optimizer.paramGroups[0]?.lr;
  if (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr)) return undefined;
  const perEpoch = stepsPerEpochOf(f);
  return {
    optimizer,
    optimizerType: f.optimizer.type,
    lr,
    ...(f.naturalStepsSource !== 'schedule' && f.naturalSteps > 0 ? { steps: f.naturalSteps } : {}),
    ...(perEpoch ? { stepsPerEpoch: perEpoch } : {}),
    source: 'optimizer',
  };
}

/**
 * Optimizer steps per epoch, from the batch loop inside the epoch loop around a scheduler's
 * per-batch step (accumulation divided as the loops divide it), or a timm schedule's updates per epoch.
 */
function stepsPerEpochOf(f: SchedulerFinding): number | undefined {
  if (f.timm) return f.timm.updatesPerEpoch > 0 ? f.timm.updatesPerEpoch : undefined;
  const c = f.stepCalls.find((x) => x.loops.length > 0);
  if (!c || c.unit !== 'step') return undefined;
  const loops = [...(c.callerLoops ?? []), ...c.loops];
  if (loops.length < 2) return undefined;
  const inner = loops[loops.length - 1].count;
  const every = c.accumulation?.every ?? 1;
  if (inner === null || !(inner > 0) || every === null) return undefined;
  return every > 1 ? Math.floor(inner / every) || undefined : inner;
}

/**
 * The schedulers already built on `optimizer` (top-level calls whose optimizer argument is that
 * expression): a second one would make both scale the same lr, so the generator asks first.
 */
export function schedulersOn(analysis: AnalysisResult | undefined, optimizer: string): SchedulerFinding[] {
  const norm = (t: string) => t.replace(/\s+/g, '');
  return (analysis?.schedulers ?? []).filter(
    (f) => f.parent === null && isSchedulerCall(f) && norm(f.arguments.find((a) => a.name === 'optimizer')?.text ?? '') === norm(optimizer),
  );
}

/**
 * The resolved arguments of a call, for "Change Scheduler" (GenContext.existing): numbers, strings
 * and number lists, by the library's names (the optimizer left out).
 */
export function existingValues(f: SchedulerFinding): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const a of f.arguments) {
    if (a.name === 'optimizer' || a.text === undefined) continue;
    const v = f.params[a.name];
    if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string') out[a.name] = v;
    else if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'number' && Number.isFinite(x))) out[a.name] = v as number[];
  }
  return out;
}

/** The argument of `f` named `name` as the code wrote it, when it resolves to `value`. */
function keptText(f: SchedulerFinding, name: string, value: unknown): string | undefined {
  const a = f.arguments.find((x) => x.name === name && x.text !== undefined && !x.positional);
  const b = a ?? f.arguments.find((x) => x.name === name && x.text !== undefined);
  if (!b || name === 'optimizer') return undefined;
  const old = f.params[name];
  const same = Array.isArray(old) && Array.isArray(value) ? old.length === value.length && old.every((x, i) => x === value[i]) : old === value;
  return same ? b.text : undefined;
}

// ---- source structure -----------------------------------------------------------------------------

/** The file's indentation unit: a tab, or the smallest indentation of an indented line (4 spaces if none). */
export function indentUnitOf(source: string): string {
  let best: string | undefined;
  for (const m of source.matchAll(/^([ \t]+)\S/gm)) {
    const ws = m[1];
    if (ws.includes('\t')) return '\t';
    if (!best || ws.length < best.length) best = ws;
  }
  return best && best.length <= 8 ? best : '    ';
}

function eolOf(source: string): string {
  return source.includes('\r\n') ? '\r\n' : '\n';
}

interface LineInfo {
  starts: number[];
  ends: number[];
}

function lines(source: string): LineInfo {
  const starts = [0];
  const ends: number[] = [];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) {
    ends.push(i > 0 && source[i - 1] === '\r' ? i - 1 : i);
    starts.push(i + 1);
  }
  ends.push(source.length);
  return { starts, ends };
}

const indentOf = (text: string) => /^[ \t]*/.exec(text)![0];

// ---- planning -------------------------------------------------------------------------------------

function freeName(source: string, wanted: string, alternatives: string[], defOnly = false): string {
  const used = (name: string) =>
    defOnly ? new RegExp(`\\bdef[ \\t]+${name}\\b|^[ \\t]*${name}[ \\t]*=(?!=)`, 'm').test(source) : new RegExp(`^[ \\t]*${name}[ \\t]*=(?!=)`, 'm').test(source);
  for (const n of [wanted, ...alternatives]) if (!used(n)) return n;
  for (let k = 2; ; k++) if (!used(`${wanted}_${k}`)) return `${wanted}_${k}`;
}

/** The edits that write `req.call` into `req.source`. */
export function planGeneration(req: PlanRequest): GenPlan {
  const { source, call } = req;
  let cursor = Math.max(0, Math.min(source.length, req.cursor));
  const unit = indentUnitOf(source);
  const eol = eolOf(source);
  const imports = planImports(source, kindsIn(call), eolOf(source));
  const lambdaName = freeName(source, 'lr_lambda', [], true);
  const L = lines(source);
  // A new scheduler is written after the optimizer it uses is made: a cursor above that (line 0 of
  // a notebook cell the user did not click into) moves to the end of the optimizer's statement.
  if (req.mode === 'insert' && req.optimizer) {
    const m = new RegExp(`^[ \\t]*${escapeRe(req.optimizer)}[ \\t]*=(?!=)`, 'm').exec(source);
    if (m && lineOf(source, m.index) > lineOf(source, cursor)) {
      const cont = continuationLines(source);
      let last = lineOf(source, m.index);
      while (last + 1 < L.starts.length && cont[last + 1]) last++;
      cursor = L.ends[last];
    }
  }
  const lineNo = lineOf(source, cursor);

  if (req.mode === 'replace') {
    const f = findingAt(req.analysis, source, cursor);
    if (!f) return { ok: false, message: msg('There is no scheduler call under the cursor to replace. Put the cursor on a scheduler, or use "Generate Scheduler…" to insert one.') };
    const optimizer = req.optimizer ?? (f.arguments.find((a) => a.name === 'optimizer')?.text || 'optimizer');
    const column = f.range.startPos.character;
    // A parameter the new call shares with the old one, at the same value, stays as written (`T_max=EPOCHS`).
    const e = emitCall(call, { optimizer, callee: (k) => imports.callee.get(k) ?? k, indentUnit: unit, lambdaName, firstLineWidth: column, keep: (name, v) => keptText(f, name, v) });
    const callLine = f.range.startPos.line;
    const base = indentOf(source.slice(L.starts[callLine], L.ends[callLine]));
    const edits: TextEdit[] = [{ start: f.range.start, end: f.range.end, newText: e.expr.join(eol + base) }];
    // A helper def goes before the statement the call is part of.
    let stmtLine = callLine;
    const cont = continuationLines(source);
    while (stmtLine > 0 && cont[stmtLine]) stmtLine--;
    const stmtIndent = indentOf(source.slice(L.starts[stmtLine], L.ends[stmtLine]));
    if (e.before.length) edits.push({ start: L.starts[stmtLine], end: L.starts[stmtLine], newText: e.before.map((l) => stmtIndent + l).join(eol) + eol + eol });
    return { ok: true, edits: [...imports.edits, ...edits], code: [...e.before, ...e.expr].join('\n'), replaced: f };
  }

  // Insert: find the logical line of the cursor.
  const cont = continuationLines(source);
  let first = lineNo;
  while (first > 0 && cont[first]) first--;
  let last = lineNo;
  while (last + 1 < L.starts.length && cont[last + 1]) last++;
  const firstText = source.slice(L.starts[first], L.ends[first]);
  const blank = first === last && firstText.trim() === '';
  let indent: string;
  let at: { start: number; end: number };
  let lead = '';
  let trail = '';
  if (blank) {
    indent = firstText;
    if (indent === '') {
      // The previous non-blank line decides (one level deeper after a `:`).
      let p = first - 1;
      while (p >= 0 && source.slice(L.starts[p], L.ends[p]).trim() === '') p--;
      if (p >= 0) {
        while (p > 0 && cont[p]) p--;
        const prev = source.slice(L.starts[p], L.ends[p]);
        let q = p;
        while (q + 1 < L.starts.length && cont[q + 1]) q++;
        const endText = source.slice(L.starts[q], L.ends[q]).replace(/#.*$/, '').trimEnd();
        indent = indentOf(prev);
        if (endText.endsWith(':')) indent += unit;
        else {
          // Between two lines: the shallower one. At the end, after `return` (a block's end): one level out.
          let n = first + 1;
          while (n < L.starts.length && source.slice(L.starts[n], L.ends[n]).trim() === '') n++;
          if (n < L.starts.length) {
            const next = indentOf(source.slice(L.starts[n], L.ends[n]));
            if (next.length < indent.length) indent = next;
          } else if (/^\s*(return|raise|pass|break|continue)\b/.test(prev)) {
            indent = indent.slice(0, Math.max(0, indent.length - unit.length));
          }
        }
      }
    }
    at = { start: L.starts[first], end: L.ends[first] };
  } else {
    indent = indentOf(firstText);
    const before = cursor <= L.starts[first] + indent.length;
    if (before) {
      at = { start: L.starts[first], end: L.starts[first] };
      trail = eol;
    } else {
      const lastText = source.slice(L.starts[last], L.ends[last]).replace(/#.*$/, '').trimEnd();
      if (lastText.endsWith(':')) indent += unit;
      at = { start: L.ends[last], end: L.ends[last] };
      lead = eol;
    }
  }
  const variable = req.variable ?? freeName(source, 'scheduler', ['lr_scheduler']);
  const optimizer = req.optimizer ?? 'optimizer';
  const e = emitCall(call, {
    optimizer,
    callee: (k) => imports.callee.get(k) ?? k,
    indentUnit: unit,
    lambdaName,
    firstLineWidth: indent.replace(/\t/g, '    ').length + variable.length + 3,
  });
  const block: string[] = [];
  if (e.before.length) {
    // PEP 8: two blank lines around a module-level def, one inside a function.
    const gap = indent === '' ? ['', ''] : [''];
    const prevBlank = lead === '' && (first === 0 || source.slice(L.starts[first - 1], L.ends[first - 1]).trim() === '');
    if (indent === '' && !prevBlank) block.push(...gap);
    block.push(...e.before, ...gap);
  }
  const expr = [...e.expr];
  expr[0] = `${variable} = ${expr[0]}`;
  block.push(...expr);
  const text = block.map((l) => (l === '' ? '' : indent + l)).join(eol);
  const edits: TextEdit[] = [...imports.edits];
  edits.push({ start: at.start, end: at.end, newText: lead + text + trail });
  if (req.addStep === false) return { ok: true, edits, code: block.join('\n') };
  if (familyOf(call.kind)?.protocol === 'timm') {
    const t = planTimmStepCalls(source, at.end, indent, optimizer, variable, METRIC_DRIVEN_KINDS.has(call.kind), trail !== '');
    if (t === 'stepped') return { ok: true, edits, code: block.join('\n') };
    if (typeof t === 'string') return { ok: true, edits, code: block.join('\n'), stepNote: t };
    edits.push(...t.edits);
    return { ok: true, edits, code: block.join('\n'), step: t.step, epochStep: t.epochStep };
  }
  const stepped = planStepCall(source, at.end, indent, optimizer, variable, METRIC_DRIVEN_KINDS.has(call.kind));
  if (stepped === 'stepped') return { ok: true, edits, code: block.join('\n') };
  if (typeof stepped === 'string') return { ok: true, edits, code: block.join('\n'), stepNote: stepped };
  edits.push(stepped.edit);
  return { ok: true, edits, code: block.join('\n'), step: stepped.step };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Metric names a plateau schedule is usually stepped with, in the order they are preferred. */
const METRIC_NAMES = ['val_loss', 'valid_loss', 'eval_loss', 'test_loss', 'val_acc', 'loss'];

/**
 * The first `optimizer.step()` line from `fromLine` on in the block indented at least `indent`
 * (out of it, in another function, the scheduler's name is not in scope), and the loops around it
 * within the block, innermost first; `k` is -1 when there is none. Shared by the step calls the
 * generator writes (planStepCall, planTimmStepCalls).
 */
function optimizerStepIn(source: string, fromLine: number, indent: string, optimizer: string) {
  const L = lines(source);
  const cont = continuationLines(source);
  const eol = eolOf(source);
  const text = (i: number) => source.slice(L.starts[i], L.ends[i]);
  const code = (i: number) => !cont[i] && text(i).trim() !== '' && !text(i).trim().startsWith('#');
  const optStep = new RegExp(`^[ \\t]*${escapeRe(optimizer)}\\s*\\.\\s*step\\s*\\(`);
  let k = -1;
  for (let i = fromLine; i < L.starts.length; i++) {
    if (!code(i)) continue;
    if (indentOf(text(i)).length < indent.length) break;
    if (optStep.test(text(i))) {
      k = i;
      break;
    }
  }
  const loops: number[] = [];
  if (k >= 0) {
    let c = indentOf(text(k)).length;
    for (let p = k - 1; p >= fromLine && c > indent.length; p--) {
      if (!code(p)) continue;
      const ind = indentOf(text(p)).length;
      if (ind < c) {
        c = ind;
        if (/^\s*(async\s+)?(for|while)\b/.test(text(p))) loops.push(p);
      }
    }
  }
  /** The last line of the body of the loop whose head is line `head` (continuation lines included), and the body's indentation. */
  const bodyEnd = (head: number): { end: number; bodyIndent: string | undefined } => {
    const headIndent = indentOf(text(head)).length;
    let end = head;
    let bodyIndent: string | undefined;
    for (let i = head + 1; i < L.starts.length; i++) {
      if (!code(i)) {
        if (cont[i]) end = i;
        continue;
      }
      if (indentOf(text(i)).length <= headIndent) break;
      bodyIndent ??= indentOf(text(i));
      end = i;
    }
    return { end, bodyIndent };
  };
  return { L, cont, eol, text, code, k, loops, bodyEnd };
}

/**
 * Where `variable.step()` goes when nothing steps it: after the first `optimizer.step()` that
 * follows `from` in the same block (per batch: same indentation, so under an accumulation guard
 * it stays under it), or at the end of the outer (epoch) loop's body for a metric-driven
 * schedule, which gets the file's validation loss. 'stepped' when the file already calls
 * `variable.step(`; an English reason when there is no place for it.
 */
export function planStepCall(
  source: string,
  from: number,
  indent: string,
  optimizer: string,
  variable: string,
  perEpoch: boolean,
): { edit: TextEdit; step: StepAdded } | 'stepped' | string {
  // (A comment that mentions `scheduler.step()` steps nothing.)
  if (new RegExp(`(^|[^\\w.])${escapeRe(variable)}\\s*\\.\\s*step\\s*\\(`, 'm').test(source.replace(/#[^\n]*/g, ''))) return 'stepped';
  const { L, cont, eol, text, k, loops, bodyEnd } = optimizerStepIn(source, lineOf(source, from) + 1, indent, optimizer);
  if (k < 0) return msg('No `{0}.step()` after the scheduler in the same block: add `{1}.step()` to the training loop yourself.');
  if (!loops.length) return msg('No training loop around `{0}.step()` after the scheduler: add `{1}.step()` to the training loop yourself.');
  if (!perEpoch) {
    let last = k;
    while (last + 1 < L.starts.length && cont[last + 1]) last++;
    const t = `${variable}.step()`;
    return { edit: { start: L.ends[last], end: L.ends[last], newText: eol + indentOf(text(k)) + t }, step: { afterLine: last, text: t, unit: 'batch' } };
  }
  const metric = METRIC_NAMES.find((m) => new RegExp(`^[ \\t]*${m}\\s*(\\+|-)?=(?!=)`, 'm').test(source));
  if (!metric) return msg('The plateau schedule needs the validation metric: add `{1}.step(val_loss)` at the end of each epoch yourself.');
  const head = loops[loops.length - 1];
  if (loops.length < 2 && !/\bepoch/i.test(text(head))) return msg('Only one loop around `{0}.step()`: add `{1}.step(val_loss)` at the end of each epoch yourself.');
  const { end, bodyIndent } = bodyEnd(head);
  const t = `${variable}.step(${metric})`;
  return { edit: { start: L.ends[end], end: L.ends[end], newText: eol + (bodyIndent ?? indentOf(text(k))) + t }, step: { afterLine: end, text: t, unit: 'epoch' } };
}

/**
 * timm's two calls, as its train.py makes them, when nothing steps `variable`: a counter before the
 * epoch loop, `num_updates += 1` and `variable.step_update(num_updates=num_updates)` after the first
 * `optimizer.step()` that follows `from` in a batch loop, and `variable.step(epoch + 1)` (with the
 * validation metric for a plateau schedule) at the end of the epoch loop around it. An English
 * reason when the loops are not there.
 */
export function planTimmStepCalls(
  source: string,
  from: number,
  indent: string,
  optimizer: string,
  variable: string,
  metricDriven: boolean,
  /** The scheduler is written before the line at `from` (which then comes after it, a loop head perhaps). */
  before = false,
): { edits: TextEdit[]; step: StepAdded; epochStep: StepAdded } | 'stepped' | string {
  if (new RegExp(`(^|[^\\w.])${escapeRe(variable)}\\s*\\.\\s*step(_update)?\\s*\\(`, 'm').test(source.replace(/#[^\n]*/g, ''))) return 'stepped';
  const manual = msg('timm schedulers are stepped twice: add `{1}.step_update(num_updates=…)` after `{0}.step()` in the batch loop and `{1}.step(epoch + 1)` at the end of each epoch yourself.');
  const { L, cont, eol, text, k, loops, bodyEnd } = optimizerStepIn(source, lineOf(source, from) + (before ? 0 : 1), indent, optimizer);
  if (k < 0) return manual;
  if (loops.length < 2) return manual;
  const head = loops[1];
  const epochVar = /^\s*for\s+([A-Za-z_]\w*)\s+in\b/.exec(text(head))?.[1];
  if (!epochVar) return manual;
  const metric = metricDriven ? METRIC_NAMES.find((m) => new RegExp(`^[ \\t]*${m}\\s*(\\+|-)?=(?!=)`, 'm').test(source)) : undefined;
  if (metricDriven && !metric) return msg('The plateau schedule needs the validation metric: add `{1}.step(epoch + 1, val_metric)` at the end of each epoch yourself.');
  const counter = freeName(source, 'num_updates', []);
  const headIndent = indentOf(text(head));
  let last = k;
  while (last + 1 < L.starts.length && cont[last + 1]) last++;
  const batchIndent = indentOf(text(k));
  const update = `${variable}.step_update(num_updates=${counter})`;
  // The end of the epoch loop's body.
  const { end, bodyIndent } = bodyEnd(head);
  const epochCall = `${variable}.step(${epochVar} + 1${metric ? `, ${metric}` : ''})`;
  const edits: TextEdit[] = [
    { start: L.starts[head], end: L.starts[head], newText: `${headIndent}${counter} = 0${eol}` },
    { start: L.ends[last], end: L.ends[last], newText: `${eol}${batchIndent}${counter} += 1${eol}${batchIndent}${update}` },
    { start: L.ends[end], end: L.ends[end], newText: eol + (bodyIndent ?? batchIndent) + epochCall },
  ];
  return { edits, step: { afterLine: last, text: update, unit: 'batch' }, epochStep: { afterLine: end, text: epochCall, unit: 'epoch' } };
}
