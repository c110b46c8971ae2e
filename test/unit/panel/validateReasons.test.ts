import * as assert from 'node:assert/strict';
import { explainInvalidMessage, pageStringsFrom, validateWebviewMessage } from '../../../src/features/chart/protocol/validate';
import { LIMITS } from '../../../src/features/chart/protocol/messages';

/**
 * Every check of the chart page's message validation, pinned by the reason it refuses a message
 * and at both sides of each limit (the largest accepted, the smallest refused), so that no check
 * can be dropped or loosened while another one happens to refuse the same input.
 */

const URI = 'file:///work/train.py';
const EDIT = { schedulerId: 0, argument: 'gamma', value: 0.5 };

const show = (m: unknown) => {
  try {
    return String(JSON.stringify(m)).slice(0, 200);
  } catch {
    return String(m);
  }
};

/** The reason `m` is refused (and it is refused by both entry points). */
function why(m: unknown): string | undefined {
  const r = explainInvalidMessage(m);
  if (r.message !== undefined) assert.fail(`accepted ${show(m)}`);
  assert.equal(validateWebviewMessage(m), undefined);
  return r.reason;
}

/** `m` is accepted, and what is returned is an equal, fresh object. */
function accepted(m: unknown, expected: unknown = m): unknown {
  const r = explainInvalidMessage(m);
  assert.equal(r.reason, undefined, `refused: ${r.reason}`);
  assert.ok(r.message);
  assert.deepEqual(r.message, expected);
  assert.notEqual(r.message, m);
  assert.deepEqual(validateWebviewMessage(m), expected);
  return r.message;
}

const apply = (edits: unknown, extra: Record<string, unknown> = {}) => ({ type: 'applyToCode', uri: URI, version: 1, edits, ...extra });
const applyValue = (value: unknown) => apply([{ schedulerId: 0, argument: 'gamma', value }]);
const recompute = (extra: Record<string, unknown> = {}) => ({ type: 'recompute', uri: URI, version: 1, assumptions: {}, overrides: [], ...extra });
const override = (o: unknown) => recompute({ overrides: [o] });
const rendered = (extra: Record<string, unknown> = {}) => ({ type: 'rendered', datasets: 1, points: 2, ms: 3, ...extra });
const TEXT = { lang: 'ko', strings: 1, texts: ['a'] };
const OVERLAY = { points: 10, firstStep: 0, reason: 'none', maxRelDiff: 0 };
const overlay = (o: Record<string, unknown>) => rendered({ overlay: { ...OVERLAY, ...o } });
const csv = (fileName: unknown, body: unknown = 'x') => ({ type: 'exportCsv', fileName, csv: body });
const PNG = 'data:image/png;base64,';
const png = (dataUrl: unknown, fileName: unknown = 'lr.png') => ({ type: 'savePng', fileName, dataUrl });
const reveal = (extra: Record<string, unknown> = {}) => ({ type: 'reveal', uri: URI, schedulerId: 1, ...extra });

describe('validateWebviewMessage: each check, by its reason and at its limits', () => {
  describe('objects', () => {
    it('a null-prototype object is a plain object; anything else is not', () => {
      const bare = Object.create(null) as Record<string, unknown>;
      bare.type = 'ready';
      accepted(bare, { type: 'ready' });
      class Fake {
        type = 'ready';
      }
      assert.equal(why(new Fake()), 'not an object');
      assert.equal(why(Object.create({ type: 'ready' })), 'not an object');
      assert.equal(why(() => 1), 'not an object');
      assert.equal(why(true), 'not an object');
    });

    it('a nested message part that is not a plain object is refused as such', () => {
      assert.equal(why(apply([5])), 'not an object');
      assert.equal(why(apply([null])), 'not an object');
      assert.equal(why(rendered({ text: [] })), 'not an object');
      assert.equal(why(rendered({ overlay: 'none' })), 'not an object');
      assert.equal(why(recompute({ overrides: [[1]] })), 'not an object');
    });

    it('symbol keys, forbidden keys, unexpected fields, accessors and missing fields each have their own reason', () => {
      assert.equal(why({ type: 'ready', [Symbol('s')]: 1 }), 'symbol key');
      assert.equal(why(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}')), 'forbidden key __proto__');
      assert.equal(why({ type: 'ready', constructor: 1 }), 'forbidden key constructor');
      assert.equal(why({ type: 'ready', prototype: 1 }), 'forbidden key prototype');
      assert.equal(why({ type: 'ready', extra: 1 }), 'unexpected field extra');
      assert.equal(why({ type: 'compareLog', extra: 1 }), 'unexpected field extra');
      const getter = { type: 'ready' };
      Object.defineProperty(getter, 'type', { get: () => 'ready', enumerable: true });
      assert.equal(why(getter), 'accessor field type');
      // A non-enumerable own key is still a key.
      const hidden = { type: 'ready' };
      Object.defineProperty(hidden, 'extra', { value: 1, enumerable: false });
      assert.equal(why(hidden), 'unexpected field extra');
      const edit = { schedulerId: 0, argument: 'gamma' };
      Object.defineProperty(edit, 'value', { get: () => 1, enumerable: true });
      assert.equal(why(apply([edit])), 'accessor field value');
      assert.equal(why({ type: 'applyToCode', version: 1, edits: [EDIT] }), 'missing field uri');
      assert.equal(why({ type: 'applyToCode', uri: URI, edits: [EDIT] }), 'missing field version');
      assert.equal(why({ type: 'applyToCode', uri: URI, version: 1 }), 'missing field edits');
      assert.equal(why({ type: 'recompute', uri: URI, version: 1, assumptions: {} }), 'missing field overrides');
      assert.equal(why({ type: 'recompute', uri: URI, version: 1, overrides: [] }), 'missing field assumptions');
      assert.equal(why({ type: 'exportCsv', fileName: 'a.csv' }), 'missing field csv');
      assert.equal(why({ type: 'savePng', dataUrl: `${PNG}AAAA` }), 'missing field fileName');
      assert.equal(why({ type: 'reveal', uri: URI }), 'missing field schedulerId');
      assert.equal(why({ type: 'rendered', datasets: 1, points: 1 }), 'missing field ms');
      assert.equal(why({ type: 'log', level: 'info' }), 'missing field message');
      assert.equal(why(override({ steps: 1 })), 'missing field schedulerId');
      assert.equal(why(rendered({ overlay: { points: 1, firstStep: 0, reason: 'none' } })), 'missing field maxRelDiff');
    });

    it('a field whose value is undefined is present (an own key), and refused by its own check', () => {
      assert.equal(why(applyValue(undefined)), 'edits[0].value has an unsupported type');
      // Optional fields given as undefined are left out, as if absent.
      accepted(reveal({ argument: undefined }), { type: 'reveal', uri: URI, schedulerId: 1 });
    });

    it('an error that is not a validation failure is reported as a validator error, not thrown', () => {
      const hostile = new Proxy(
        {},
        {
          getPrototypeOf() {
            throw new TypeError('boom');
          },
        },
      );
      assert.deepEqual(explainInvalidMessage(hostile), { reason: 'validator error: TypeError: boom' });
      assert.equal(validateWebviewMessage(hostile), undefined);
    });
  });

  describe('message types', () => {
    it('an unknown type is named (a string cut to 40 characters, else its typeof)', () => {
      assert.equal(why({ type: 5 }), 'unknown message type number');
      assert.equal(why({ type: null }), 'unknown message type object');
      assert.equal(why({ type: 'a'.repeat(50) }), `unknown message type ${'a'.repeat(40)}`);
      assert.equal(why({ type: 'READY' }), 'unknown message type READY');
    });

    it('ready and compareLog carry only their type', () => {
      accepted({ type: 'ready' });
      accepted({ type: 'compareLog' });
    });

    it('log: level info or error, the message may be empty and has a limit', () => {
      accepted({ type: 'log', level: 'info', message: '' });
      accepted({ type: 'log', level: 'error', message: 'm'.repeat(LIMITS.message) });
      assert.equal(why({ type: 'log', level: 'info', message: 'm'.repeat(LIMITS.message + 1) }), 'message is too long');
      assert.equal(why({ type: 'log', level: 'debug', message: 'x' }), 'bad level');
      assert.equal(why({ type: 'log', level: null, message: 'x' }), 'bad level');
      assert.equal(why({ type: 'log', level: 'info', message: 3 }), 'message is not a string');
    });

    it('applyToCode: its edits, then the uri, the version and the optional assumptions', () => {
      accepted(apply([EDIT], { version: 0 }));
      accepted(apply([EDIT], { version: Number.MAX_SAFE_INTEGER }));
      assert.equal(why(apply([EDIT], { version: Number.MAX_SAFE_INTEGER + 1 })), 'version is not a whole number in range');
      assert.equal(why(apply([EDIT], { version: -1 })), 'version is not a whole number in range');
      assert.equal(why(apply([EDIT], { version: Infinity })), 'version is not a whole number in range');
      assert.equal(why(apply([EDIT], { version: 1, assumptions: { a: true } })), 'assumptions.a is not a string');
      assert.equal(why(apply([EDIT], { extra: 1 })), 'unexpected field extra');
      // The edits are checked first: a message wrong in both is refused for its edits.
      assert.equal(why(apply([], { uri: 'no-scheme' })), 'no edits');
      assert.equal(why(apply([EDIT], { uri: 'no-scheme', version: -1 })), 'uri has no scheme');
      const withAssumptions = accepted(apply([EDIT], { assumptions: { n: 3, s: '' } })) as { assumptions: object };
      assert.equal(Object.getPrototypeOf(withAssumptions.assumptions), Object.prototype);
    });

    it('applyToCode: the number of edits has a limit, and the list must be a plain list', () => {
      const edits = (n: number) => Array.from({ length: n }, (_, i) => ({ schedulerId: i, argument: 'gamma', value: i }));
      accepted(apply(edits(LIMITS.edits)));
      assert.equal(why(apply(edits(LIMITS.edits + 1))), 'edits has too many entries');
      assert.equal(why(apply(Object.assign([EDIT], { extra: 1 }))), 'edits has extra fields');
      assert.equal(why(apply('x')), 'edits is not a list');
    });

    it('recompute: the overrides list has a limit', () => {
      const overrides = (n: number) => Array.from({ length: n }, (_, i) => ({ schedulerId: i }));
      accepted(recompute({ overrides: overrides(LIMITS.overrides) }));
      assert.equal(why(recompute({ overrides: overrides(LIMITS.overrides + 1) })), 'overrides has too many entries');
      assert.equal(why(recompute({ overrides: {} })), 'overrides is not a list');
      assert.equal(why(recompute({ uri: 'x' })), 'uri has no scheme');
      assert.equal(why(recompute({ version: 0.5 })), 'version is not a whole number in range');
      assert.equal(why(recompute({ assumptions: null })), 'assumptions is not an object');
    });

    it('exportCsv and savePng: the file name, the csv and the data URL', () => {
      accepted(csv('lr.csv', 'a,b\n'));
      assert.equal(why(csv('lr.csv', '')), 'csv is empty');
      assert.equal(why(csv(3)), 'fileName is not a string');
      assert.equal(why(png(`${PNG}AAAA`, 3)), 'fileName is not a string');
      assert.equal(why(png(`${PNG}AAAA`, 'a/b.png')), 'fileName is not a plain file name');
      // The data URL is checked before the file name.
      assert.equal(why(png('data:x', 'a/b.png')), 'dataUrl is not a base64 PNG data URL');
      assert.equal(why(png('')), 'dataUrl is empty');
      assert.equal(why(png(5)), 'dataUrl is not a string');
    });

    it('reveal: the uri, the scheduler id and an optional argument name', () => {
      accepted(reveal());
      accepted(reveal({ argument: 'T_max' }));
      assert.equal(why(reveal({ schedulerId: -1 })), 'schedulerId is not a whole number in range');
      assert.equal(why(reveal({ schedulerId: 1.5 })), 'schedulerId is not a whole number in range');
      assert.equal(why(reveal({ argument: 'T-max' })), 'argument is not an identifier');
      assert.equal(why(reveal({ argument: 'constructor' })), 'forbidden argument constructor');
      assert.equal(why(reveal({ argument: '__proto__' })), 'forbidden argument __proto__');
      assert.equal(why(reveal({ argument: 'prototype' })), 'forbidden argument prototype');
      assert.equal(why(reveal({ argument: '' })), 'argument is empty');
      assert.equal(why(reveal({ uri: 5 })), 'uri is not a string');
    });

    it('rendered: counts, a non-negative time, an optional text report and overlay', () => {
      accepted(rendered({ ms: 0, datasets: 0, points: 0 }));
      assert.equal(why(rendered({ ms: -0.001 })), 'ms is negative');
      assert.equal(why(rendered({ ms: '1' })), 'ms is not a finite number');
      assert.equal(why(rendered({ ms: Infinity })), 'ms is not a finite number');
      assert.equal(why(rendered({ ms: NaN })), 'ms is not a finite number');
      assert.equal(why(rendered({ datasets: -1 })), 'datasets is not a whole number in range');
      assert.equal(why(rendered({ points: 1.5 })), 'points is not a whole number in range');
      assert.equal(why(rendered({ extra: 1 })), 'unexpected field extra');
      accepted(rendered({ text: TEXT, overlay: OVERLAY }));
      accepted(rendered({ overlay: OVERLAY }));
    });
  });

  describe('fields', () => {
    it('uri: a scheme (letter, then letters, digits, + . -) and a colon, in either case, of bounded length', () => {
      for (const u of ['file:///a', 'File:///a', 'x:', 'vscode-notebook-cell:/a', 'git+ssh:/a', 'a.b:/c', 'a1:/b', 'Z:', 'z:/a', 'xaz09+.-:/p', 'XAZ:/p'])
        accepted(reveal({ uri: u }), { type: 'reveal', uri: u, schedulerId: 1 });
      for (const u of ['1file:///a', ':a', 'file', ' file:/a', 'fi le:/a', '-x:/a', 'a_b:/c', '+x:/a', '.x:/a'])
        assert.equal(why(reveal({ uri: u })), 'uri has no scheme', u);
      const long = (n: number) => 'file:' + 'a'.repeat(n - 5);
      accepted(reveal({ uri: long(LIMITS.shortString) }), { type: 'reveal', uri: long(LIMITS.shortString), schedulerId: 1 });
      assert.equal(why(reveal({ uri: long(LIMITS.shortString + 1) })), 'uri is too long');
      assert.equal(why(reveal({ uri: '' })), 'uri is empty');
    });

    it('file names: none of \\ / : * ? " < > | or a control character, not . or .., at most 255 characters', () => {
      for (const c of ['\\', '/', ':', '*', '?', '"', '<', '>', '|', '\u0000', '\u0001', '\n', '\u001f'])
        assert.equal(why(csv(`a${c}b.csv`)), 'fileName is not a plain file name', JSON.stringify(c));
      // `..` is refused by its own check, not by the `/` one.
      assert.equal(why(csv('..')), 'fileName is not a plain file name');
      assert.equal(why(csv('.')), 'fileName is not a plain file name');
      for (const f of ['a b.csv', '..csv', '.hidden', '...', 'lr~1.csv', 'é.csv', '\u0020', '\u007f'])
        accepted(csv(f), { type: 'exportCsv', fileName: f, csv: 'x' });
      accepted(csv('f'.repeat(255)));
      assert.equal(why(csv('f'.repeat(256))), 'fileName is too long');
      assert.equal(why(csv('')), 'fileName is empty');
    });

    it('PNG data URLs: exactly `data:image/png;base64,` then base64 digits and padding', () => {
      for (const d of [`${PNG}A`, `${PNG}iVBO+/9z`, `${PNG}AAAA=`, `${PNG}AA==`, `${PNG}zZ09`, `${PNG}aAzZ09+/==`])
        accepted(png(d), { type: 'savePng', fileName: 'lr.png', dataUrl: d });
      for (const d of [`x${PNG}AAAA`, `${PNG}AAAA!`, `${PNG}AAAA=A`, `${PNG}`, `${PNG}=`, `${PNG}AA AA`, 'data:image/pngxbase64,AAAA', 'data:image/jpeg;base64,AAAA', `${PNG}-_`])
        assert.equal(why(png(d)), 'dataUrl is not a base64 PNG data URL', d);
    });

    it('whole numbers: a number, an integer, not below the minimum, not above the maximum', () => {
      accepted(override({ schedulerId: 0, steps: 0 }));
      accepted(override({ schedulerId: 0, steps: LIMITS.maxSteps }));
      assert.equal(why(override({ schedulerId: 0, steps: LIMITS.maxSteps + 1 })), 'overrides[0].steps is not a whole number in range');
      assert.equal(why(override({ schedulerId: 0, steps: -1 })), 'overrides[0].steps is not a whole number in range');
      assert.equal(why(override({ schedulerId: 0, steps: '5' })), 'overrides[0].steps is not a whole number in range');
      assert.equal(why(override({ schedulerId: 0, steps: 2.5 })), 'overrides[0].steps is not a whole number in range');
      assert.equal(why(override({ schedulerId: -1 })), 'overrides[0].schedulerId is not a whole number in range');
      assert.equal(why(apply([{ ...EDIT, schedulerId: 0.5 }])), 'edits[0].schedulerId is not a whole number in range');
      assert.equal(why(apply([EDIT, { ...EDIT, schedulerId: -2 }])), 'edits[1].schedulerId is not a whole number in range');
    });

    it('argument names: a Python identifier of at most 200 characters', () => {
      for (const a of ['a', 'z', 'A', 'Z', '_', 'ab', 'T_max', 'x1', '_9', 'max_lr2', 'xAZaz09_', 'zeta'])
        accepted(apply([{ ...EDIT, argument: a }]), { type: 'applyToCode', uri: URI, version: 1, edits: [{ ...EDIT, argument: a }] });
      for (const a of ['1a', '9', 'a-b', 'a b', ' a', 'a ', 'a.b', 'é', 'a\n'])
        assert.equal(why(apply([{ ...EDIT, argument: a }])), 'edits[0].argument is not an identifier', JSON.stringify(a));
      accepted(apply([{ ...EDIT, argument: 'a'.repeat(200) }]));
      assert.equal(why(apply([{ ...EDIT, argument: 'a'.repeat(201) }])), 'edits[0].argument is too long');
      assert.equal(why(apply([{ ...EDIT, argument: '' }])), 'edits[0].argument is empty');
      assert.equal(why(apply([{ ...EDIT, argument: 'constructor' }])), 'forbidden edits[0].argument constructor');
      assert.equal(why(apply([EDIT, { ...EDIT, argument: 7 }])), 'edits[1].argument is not a string');
    });

    it('edit values: null, a boolean, a finite number, a string up to its limit, a plain list of finite numbers', () => {
      for (const v of [null, true, false, 0, -2.5, 1e300, '', 'max', 's'.repeat(LIMITS.valueString), [], [1, 2.5]])
        accepted(applyValue(v), { type: 'applyToCode', uri: URI, version: 1, edits: [{ ...EDIT, value: v }] });
      assert.equal(why(applyValue('s'.repeat(LIMITS.valueString + 1))), 'edits[0].value is too long');
      assert.equal(why(applyValue(-Infinity)), 'edits[0].value is not a finite number');
      assert.equal(why(applyValue({})), 'edits[0].value has an unsupported type');
      assert.equal(why(applyValue(1n)), 'edits[0].value has an unsupported type');
      assert.equal(why(applyValue([0, 1, NaN])), 'edits[0].value[2] is not a finite number');
      assert.equal(why(applyValue([[1]])), 'edits[0].value[0] is not a finite number');
      accepted(applyValue(new Array(LIMITS.numberList).fill(1)));
      assert.equal(why(applyValue(new Array(LIMITS.numberList + 1).fill(1))), 'edits[0].value list is too long');
      assert.equal(why(applyValue(Object.assign([1, 2], { extra: 3 }))), 'edits[0].value list has extra fields');
      // A list with a hole has fewer keys than its length.
      // eslint-disable-next-line no-sparse-arrays
      assert.equal(why(applyValue([1, , 3])), 'edits[0].value list has extra fields');
      // The returned list is a fresh array.
      const list = [1, 2];
      const v = accepted(applyValue(list)) as { edits: { value: unknown }[] };
      assert.notEqual(v.edits[0].value, list);
      assert.ok(Array.isArray(v.edits[0].value));
    });

    it('assumptions: at most 500, keys of bounded length and not forbidden, values finite numbers or strings', () => {
      const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, i]));
      accepted(recompute({ assumptions: many(LIMITS.assumptions) }));
      assert.equal(why(recompute({ assumptions: many(LIMITS.assumptions + 1) })), 'assumptions has too many entries');
      accepted(recompute({ assumptions: { ['k'.repeat(LIMITS.shortString)]: 1 } }));
      assert.equal(why(recompute({ assumptions: { ['k'.repeat(LIMITS.shortString + 1)]: 1 } })), 'bad assumptions key');
      assert.equal(why(recompute({ assumptions: { '': 1 } })), 'bad assumptions key');
      assert.equal(why(recompute({ assumptions: { constructor: 1 } })), 'forbidden assumptions key constructor');
      assert.equal(why(recompute({ assumptions: { prototype: 1 } })), 'forbidden assumptions key prototype');
      assert.equal(why(recompute({ assumptions: JSON.parse('{"__proto__":1}') })), 'forbidden assumptions key __proto__');
      assert.equal(why(recompute({ assumptions: { [Symbol('s')]: 1 } })), 'assumptions has a symbol key');
      const acc = {};
      Object.defineProperty(acc, 'n', { get: () => 1, enumerable: true });
      assert.equal(why(recompute({ assumptions: acc })), 'assumptions.n is an accessor');
      assert.equal(why(recompute({ assumptions: new Map() })), 'assumptions is not an object');
      accepted(recompute({ assumptions: { s: '', t: 's'.repeat(LIMITS.valueString), n: -1.5 } }));
      assert.equal(why(recompute({ assumptions: { s: 's'.repeat(LIMITS.valueString + 1) } })), 'assumptions.s is too long');
      assert.equal(why(recompute({ assumptions: { n: -Infinity } })), 'assumptions.n is not a finite number');
      assert.equal(why(recompute({ assumptions: { n: null } })), 'assumptions.n is not a string');
      const nullProto = Object.create(null) as Record<string, unknown>;
      nullProto.n = 2;
      const v = accepted(recompute({ assumptions: nullProto }), recompute({ assumptions: { n: 2 } })) as { assumptions: object };
      assert.equal(Object.getPrototypeOf(v.assumptions), Object.prototype);
    });

    it('overrides: a scheduler id, optional steps and parameters (identifiers, at most 100, edit values)', () => {
      accepted(override({ schedulerId: 3 }));
      accepted(override({ schedulerId: 3, params: {} }));
      accepted(override({ schedulerId: 3, params: { max_lr: 0.1, mode: 'max', three_phase: true, milestones: [1, 2], eta_min: null } }));
      const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));
      accepted(override({ schedulerId: 3, params: many(100) }));
      assert.equal(why(override({ schedulerId: 3, params: many(101) })), 'overrides[0].params has too many entries');
      assert.equal(why(override({ schedulerId: 3, params: { 'max-lr': 1 } })), 'parameter name is not an identifier');
      assert.equal(why(override({ schedulerId: 3, params: { constructor: 1 } })), 'forbidden overrides[0].params key constructor');
      assert.equal(why(override({ schedulerId: 3, params: { max_lr: NaN } })), 'overrides[0].params.max_lr is not a finite number');
      assert.equal(why(override({ schedulerId: 3, params: { m: [1, 'x'] } })), 'overrides[0].params.m[1] is not a finite number');
      assert.equal(why(override({ schedulerId: 3, params: [] })), 'overrides[0].params is not an object');
      assert.equal(why(recompute({ overrides: [{ schedulerId: 0 }, { schedulerId: 1, steps: -1 }] })), 'overrides[1].steps is not a whole number in range');
      const v = accepted(override({ schedulerId: 3, params: { a: 1 } })) as { overrides: { params: object }[] };
      assert.equal(Object.getPrototypeOf(v.overrides[0].params), Object.prototype);
    });

    it('the rendered text report: a language of at most 64 characters (may be empty), a count, at most 64 texts of bounded length', () => {
      accepted(rendered({ text: { lang: '', strings: 0, texts: [] } }));
      accepted(rendered({ text: { lang: 'l'.repeat(64), strings: 1, texts: ['', 't'.repeat(LIMITS.shortString)] } }));
      accepted(rendered({ text: { lang: 'ko', strings: 1, texts: new Array(LIMITS.renderedTexts).fill('x') } }));
      assert.equal(why(rendered({ text: { lang: 'l'.repeat(65), strings: 1, texts: [] } })), 'lang is too long');
      assert.equal(why(rendered({ text: { lang: 1, strings: 1, texts: [] } })), 'lang is not a string');
      assert.equal(why(rendered({ text: { lang: 'ko', strings: 1, texts: ['t'.repeat(LIMITS.shortString + 1)] } })), 'text is too long');
      assert.equal(why(rendered({ text: { lang: 'ko', strings: 1, texts: 'abc' } })), 'bad texts');
      assert.equal(why(rendered({ text: { lang: 'ko', strings: 1.5, texts: [] } })), 'strings is not a whole number in range');
      assert.equal(why(rendered({ text: { lang: 'ko', strings: 1, texts: [], extra: 1 } })), 'unexpected field extra');
    });

    it('the rendered overlay: a known reason, a non-negative finite difference, counts (a first step or null)', () => {
      for (const reason of ['none', 'one-step-late', 'scaled', 'skipped-steps', 'restart', 'stretched', 'past-end', 'unexplained'])
        accepted(overlay({ reason }), rendered({ overlay: { ...OVERLAY, reason } }));
      accepted(overlay({ firstStep: null, maxRelDiff: 0.25, points: 0 }), rendered({ overlay: { points: 0, firstStep: null, reason: 'none', maxRelDiff: 0.25 } }));
      accepted(overlay({ firstStep: 7 }), rendered({ overlay: { ...OVERLAY, firstStep: 7 } }));
      assert.equal(why(overlay({ reason: 'other' })), 'bad overlay reason');
      assert.equal(why(overlay({ reason: '' })), 'bad overlay reason');
      assert.equal(why(overlay({ reason: ['none'] })), 'bad overlay reason');
      assert.equal(why(overlay({ maxRelDiff: -0.5 })), 'maxRelDiff is negative');
      assert.equal(why(overlay({ maxRelDiff: NaN })), 'maxRelDiff is not a finite number');
      assert.equal(why(overlay({ maxRelDiff: '0' })), 'maxRelDiff is not a finite number');
      assert.equal(why(overlay({ points: -1 })), 'overlay points is not a whole number in range');
      assert.equal(why(overlay({ firstStep: -1 })), 'firstStep is not a whole number in range');
      assert.equal(why(overlay({ firstStep: undefined })), 'firstStep is not a whole number in range');
      assert.equal(why(overlay({ extra: 1 })), 'unexpected field extra');
    });
  });
});

describe('pageStringsFrom: the translated page strings, checked', () => {
  const NO_PLACEHOLDER = 'Dismiss';
  const TWO = 'where {0} ({1})';

  it('keeps a known template translated with exactly its placeholders, in a fresh null-prototype object', () => {
    const input = { [NO_PLACEHOLDER]: '닫기', [TWO]: '{1}에서 {0}' };
    const out = pageStringsFrom(input);
    assert.equal(Object.getPrototypeOf(out), null);
    assert.deepEqual({ ...out }, input);
    assert.notEqual(out, input);
  });

  it('drops what is not a plain object, unknown templates, non-strings, empty or over-long translations', () => {
    for (const x of [null, undefined, 'Dismiss', ['닫기'], new Map([[NO_PLACEHOLDER, '닫기']])]) {
      const out = pageStringsFrom(x);
      assert.equal(Object.getPrototypeOf(out), null);
      assert.deepEqual(Object.keys(out), []);
    }
    assert.deepEqual({ ...pageStringsFrom({ 'Not a template': 'x', [NO_PLACEHOLDER]: 5 }) }, {});
    assert.deepEqual({ ...pageStringsFrom({ [NO_PLACEHOLDER]: '' }) }, {});
    assert.deepEqual({ ...pageStringsFrom({ [NO_PLACEHOLDER]: 'x'.repeat(2000) }) }, { [NO_PLACEHOLDER]: 'x'.repeat(2000) });
    assert.deepEqual({ ...pageStringsFrom({ [NO_PLACEHOLDER]: 'x'.repeat(2001) }) }, {});
    // One bad entry does not drop the good ones.
    assert.deepEqual({ ...pageStringsFrom({ [NO_PLACEHOLDER]: '', [TWO]: '{0} {1}' }) }, { [TWO]: '{0} {1}' });
  });

  it('compares the placeholders as a set: order and repeats are free, a missing, extra or different one drops it', () => {
    assert.deepEqual({ ...pageStringsFrom({ [TWO]: '{1} {0} {0}' }) }, { [TWO]: '{1} {0} {0}' });
    assert.deepEqual({ ...pageStringsFrom({ [TWO]: '{0}' }) }, {});
    assert.deepEqual({ ...pageStringsFrom({ [TWO]: '{0} {1} {2}' }) }, {});
    assert.deepEqual({ ...pageStringsFrom({ [TWO]: '{0} {12}' }) }, {});
    // A placeholder of two digits is a placeholder too (not `{1}` followed by a 2).
    assert.deepEqual({ ...pageStringsFrom({ [TWO]: '{0} {1} {12}' }) }, {});
    assert.deepEqual({ ...pageStringsFrom({ [TWO]: '{0} {10}' }) }, {});
    assert.deepEqual({ ...pageStringsFrom({ [TWO]: '{0} {a}' }) }, {});
    assert.deepEqual({ ...pageStringsFrom({ [NO_PLACEHOLDER]: '{0}' }) }, {});
    assert.deepEqual({ ...pageStringsFrom({ [NO_PLACEHOLDER]: '{x} {}' }) }, { [NO_PLACEHOLDER]: '{x} {}' });
  });
});
