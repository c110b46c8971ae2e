/**
 * Validation of every message the chart page posts, before the host acts on it. Pure: no vscode,
 * no DOM. A message is accepted only when it has exactly the fields of its type, each of the right
 * type and size; the result is a fresh object built from those fields (never the input object, so
 * no prototype, getter or extra field the page slipped in survives).
 */
import { LIMITS, type ArgumentEdit, type EditValue, type RenderedOverlay, type RenderedText, type ScheduleOverride, type WebviewToHost } from './messages';
import { ALL_PAGE_TEMPLATES, type PageStrings } from './pageStrings';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Obj = Record<string, unknown>;

class Invalid extends Error {}

function fail(why: string): never {
  throw new Invalid(why);
}

function isPlainObject(x: unknown): x is Obj {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Checks `x` is a plain object whose own keys are exactly `required` plus some of `optional`. */
function shape(x: unknown, required: readonly string[], optional: readonly string[] = []): Obj {
  if (!isPlainObject(x)) fail('not an object');
  const keys = Reflect.ownKeys(x);
  for (const k of keys) {
    if (typeof k !== 'string') fail('symbol key');
    if (FORBIDDEN_KEYS.has(k)) fail(`forbidden key ${k}`);
    if (!required.includes(k) && !optional.includes(k)) fail(`unexpected field ${k}`);
    const d = Object.getOwnPropertyDescriptor(x, k);
    if (!d || !('value' in d)) fail(`accessor field ${k}`);
  }
  for (const k of required) if (!Object.prototype.hasOwnProperty.call(x, k)) fail(`missing field ${k}`);
  return x;
}

function str(x: unknown, max: number, what: string, allowEmpty = false): string {
  if (typeof x !== 'string') fail(`${what} is not a string`);
  if (x.length > max) fail(`${what} is too long`);
  if (!allowEmpty && x.length === 0) fail(`${what} is empty`);
  return x;
}

function int(x: unknown, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) fail(`${what} is not a whole number in range`);
  return x;
}

function finite(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${what} is not a finite number`);
  return x;
}

function renderedText(x: unknown): RenderedText {
  const o = shape(x, ['lang', 'strings', 'texts']);
  if (!Array.isArray(o.texts) || o.texts.length > LIMITS.renderedTexts) fail('bad texts');
  return {
    lang: str(o.lang, 64, 'lang', true),
    strings: int(o.strings, 'strings'),
    texts: o.texts.map((s: unknown) => str(s, LIMITS.shortString, 'text', true)),
  };
}

const REASON_KINDS = new Set(['none', 'one-step-late', 'scaled', 'skipped-steps', 'restart', 'stretched', 'past-end', 'unexplained']);

function renderedOverlay(x: unknown): RenderedOverlay {
  const o = shape(x, ['points', 'firstStep', 'reason', 'maxRelDiff']);
  if (typeof o.reason !== 'string' || !REASON_KINDS.has(o.reason)) fail('bad overlay reason');
  const rel = finite(o.maxRelDiff, 'maxRelDiff');
  if (rel < 0) fail('maxRelDiff is negative');
  return {
    points: int(o.points, 'overlay points'),
    firstStep: o.firstStep === null ? null : int(o.firstStep, 'firstStep'),
    reason: o.reason,
    maxRelDiff: rel,
  };
}

function safeKey(k: string, what: string): string {
  if (FORBIDDEN_KEYS.has(k)) fail(`forbidden ${what} ${k}`);
  if (k.length === 0 || k.length > LIMITS.shortString) fail(`bad ${what}`);
  return k;
}

/** Python parameter names. */
function identifier(x: unknown, what: string): string {
  const s = str(x, 200, what);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) fail(`${what} is not an identifier`);
  return safeKey(s, what);
}

function editValue(x: unknown, what: string): EditValue {
  if (x === null || typeof x === 'boolean') return x;
  if (typeof x === 'number') return finite(x, what);
  if (typeof x === 'string') return str(x, LIMITS.valueString, what, true);
  if (Array.isArray(x)) {
    if (x.length > LIMITS.numberList) fail(`${what} list is too long`);
    if (Object.keys(x).length !== x.length) fail(`${what} list has extra fields`);
    return Array.from(x, (v, i) => finite(v, `${what}[${i}]`));
  }
  fail(`${what} has an unsupported type`);
}

function list<T>(x: unknown, max: number, what: string, each: (v: unknown, i: number) => T): T[] {
  if (!Array.isArray(x)) fail(`${what} is not a list`);
  if (x.length > max) fail(`${what} has too many entries`);
  if (Object.keys(x).length !== x.length) fail(`${what} has extra fields`);
  return Array.from(x, each);
}

function record<T>(x: unknown, max: number, what: string, each: (v: unknown, k: string) => T): Record<string, T> {
  if (!isPlainObject(x)) fail(`${what} is not an object`);
  const keys = Reflect.ownKeys(x);
  if (keys.length > max) fail(`${what} has too many entries`);
  const out: Record<string, T> = Object.create(null);
  for (const k of keys) {
    if (typeof k !== 'string') fail(`${what} has a symbol key`);
    safeKey(k, `${what} key`);
    const d = Object.getOwnPropertyDescriptor(x, k);
    if (!d || !('value' in d)) fail(`${what}.${k} is an accessor`);
    out[k] = each(d.value, k);
  }
  // A plain object again (callers may spread or JSON it), keys already checked.
  return Object.assign({}, out);
}

function uri(x: unknown): string {
  const s = str(x, LIMITS.shortString, 'uri');
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) fail('uri has no scheme');
  return s;
}

function fileName(x: unknown): string {
  const s = str(x, 255, 'fileName');
  if (/[\\/:*?"<>|\u0000-\u001f]/.test(s) || s === '.' || s === '..') fail('fileName is not a plain file name');
  return s;
}

function argumentEdit(x: unknown, i: number): ArgumentEdit {
  const o = shape(x, ['schedulerId', 'argument', 'value']);
  return {
    schedulerId: int(o.schedulerId, `edits[${i}].schedulerId`),
    argument: identifier(o.argument, `edits[${i}].argument`),
    value: editValue(o.value, `edits[${i}].value`),
  };
}

function scheduleOverride(x: unknown, i: number): ScheduleOverride {
  const o = shape(x, ['schedulerId'], ['steps', 'params']);
  const out: ScheduleOverride = { schedulerId: int(o.schedulerId, `overrides[${i}].schedulerId`) };
  if (o.steps !== undefined) out.steps = int(o.steps, `overrides[${i}].steps`, 0, LIMITS.maxSteps);
  if (o.params !== undefined) {
    out.params = record(o.params, 100, `overrides[${i}].params`, (v, k) => {
      identifier(k, 'parameter name');
      return editValue(v, `overrides[${i}].params.${k}`);
    });
  }
  return out;
}

/** Assumption overrides: name → number or string. */
function assumptions(x: unknown): Record<string, number | string> {
  return record(x, LIMITS.assumptions, 'assumptions', (v, k) =>
    typeof v === 'number' ? finite(v, `assumptions.${k}`) : str(v, LIMITS.valueString, `assumptions.${k}`, true),
  );
}

function validate(x: unknown): WebviewToHost {
  if (!isPlainObject(x)) fail('not an object');
  const type = x.type;
  switch (type) {
    case 'ready':
      shape(x, ['type']);
      return { type };
    case 'applyToCode': {
      const o = shape(x, ['type', 'uri', 'version', 'edits'], ['assumptions']);
      const edits = list(o.edits, LIMITS.edits, 'edits', argumentEdit);
      if (edits.length === 0) fail('no edits');
      const out: WebviewToHost = { type, uri: uri(o.uri), version: int(o.version, 'version'), edits };
      if (o.assumptions !== undefined) out.assumptions = assumptions(o.assumptions);
      return out;
    }
    case 'recompute': {
      const o = shape(x, ['type', 'uri', 'version', 'assumptions', 'overrides']);
      return {
        type,
        uri: uri(o.uri),
        version: int(o.version, 'version'),
        assumptions: assumptions(o.assumptions),
        overrides: list(o.overrides, LIMITS.overrides, 'overrides', scheduleOverride),
      };
    }
    case 'exportCsv': {
      const o = shape(x, ['type', 'fileName', 'csv']);
      return { type, fileName: fileName(o.fileName), csv: str(o.csv, LIMITS.csv, 'csv') };
    }
    case 'savePng': {
      const o = shape(x, ['type', 'fileName', 'dataUrl']);
      const dataUrl = str(o.dataUrl, LIMITS.png, 'dataUrl');
      if (!/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/.test(dataUrl)) fail('dataUrl is not a base64 PNG data URL');
      return { type, fileName: fileName(o.fileName), dataUrl };
    }
    case 'reveal': {
      const o = shape(x, ['type', 'uri', 'schedulerId'], ['argument']);
      const out: WebviewToHost = { type, uri: uri(o.uri), schedulerId: int(o.schedulerId, 'schedulerId') };
      if (o.argument !== undefined) out.argument = identifier(o.argument, 'argument');
      return out;
    }
    case 'rendered': {
      const o = shape(x, ['type', 'datasets', 'points', 'ms'], ['text', 'overlay']);
      const ms = finite(o.ms, 'ms');
      if (ms < 0) fail('ms is negative');
      const out: WebviewToHost = { type, datasets: int(o.datasets, 'datasets'), points: int(o.points, 'points'), ms };
      if (o.text !== undefined) out.text = renderedText(o.text);
      if (o.overlay !== undefined) out.overlay = renderedOverlay(o.overlay);
      return out;
    }
    case 'compareLog':
      shape(x, ['type']);
      return { type };
    case 'log': {
      const o = shape(x, ['type', 'level', 'message']);
      if (o.level !== 'info' && o.level !== 'error') fail('bad level');
      return { type, level: o.level, message: str(o.message, LIMITS.message, 'message', true) };
    }
    default:
      fail(`unknown message type ${typeof type === 'string' ? type.slice(0, 40) : typeof type}`);
  }
}

/** The message as a fresh, well-formed WebviewToHost, or undefined when anything about it is wrong. */
export function validateWebviewMessage(x: unknown): WebviewToHost | undefined {
  return explainInvalidMessage(x).message;
}

/** Like validateWebviewMessage, with the reason a message was rejected (for the log). */
export function explainInvalidMessage(x: unknown): { message?: WebviewToHost; reason?: string } {
  try {
    return { message: validate(x) };
  } catch (e) {
    if (e instanceof Invalid) return { reason: e.message };
    return { reason: `validator error: ${String(e)}` };
  }
}

const PAGE_TEMPLATE_SET = new Set(ALL_PAGE_TEMPLATES);
const placeholdersOf = (s: string) => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort().join();

/**
 * The translated page strings the host embedded in the page, checked: only known templates, each
 * translation a string of sane length using exactly its template's placeholders (anything else is
 * dropped, so the page shows the English template instead). A fresh null-prototype object.
 */
export function pageStringsFrom(x: unknown): PageStrings {
  const out: PageStrings = Object.create(null) as PageStrings;
  if (!isPlainObject(x)) return out;
  for (const [k, v] of Object.entries(x)) {
    if (!PAGE_TEMPLATE_SET.has(k) || typeof v !== 'string' || v.length === 0 || v.length > 2000) continue;
    if (placeholdersOf(v) !== placeholdersOf(k)) continue;
    out[k] = v;
  }
  return out;
}
