import * as assert from 'node:assert/strict';
import { explainInvalidMessage, validateWebviewMessage } from '../../../src/features/chart/protocol/validate';

const URI = 'file:///work/train.py';

describe('validateWebviewMessage', () => {
  it('accepts every well-formed message type and returns a fresh object', () => {
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'applyToCode', uri: URI, version: 3, edits: [{ schedulerId: 0, argument: 'gamma', value: 0.5 }] },
      { type: 'applyToCode', uri: URI, version: 3, edits: [{ schedulerId: 1, argument: 'milestones', value: [30, 60] }] },
      { type: 'applyToCode', uri: URI, version: 3, edits: [{ schedulerId: 1, argument: 'mode', value: 'max' }, { schedulerId: 1, argument: 'three_phase', value: true }] },
      { type: 'applyToCode', uri: URI, version: 3, edits: [{ schedulerId: 0, argument: 'gamma', value: 0.5 }], assumptions: { 'len(train_loader)': 500, 'args.name': 'x' } },
      { type: 'recompute', uri: URI, version: 1, assumptions: { 'len(train_loader)': 500, 'args.name': 'x' }, overrides: [{ schedulerId: 2, steps: 1000, params: { max_lr: 0.1 } }] },
      { type: 'recompute', uri: URI, version: 1, assumptions: {}, overrides: [] },
      { type: 'exportCsv', fileName: 'lr.csv', csv: 'step,a\n0,1\n' },
      { type: 'savePng', fileName: 'lr.png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
      { type: 'reveal', uri: URI, schedulerId: 4 },
      { type: 'reveal', uri: URI, schedulerId: 4, argument: 'T_max' },
      { type: 'rendered', datasets: 2, points: 4000, ms: 12.5 },
      { type: 'rendered', datasets: 1, points: 10, ms: 1, text: { lang: 'ko', strings: 120, texts: ['선형 y', 'x: 스텝'] } },
      { type: 'log', level: 'error', message: 'boom' },
    ];
    for (const m of good) {
      const v = validateWebviewMessage(m);
      assert.ok(v, `rejected ${JSON.stringify(m)}: ${explainInvalidMessage(m).reason}`);
      assert.deepEqual(v, m);
      assert.notEqual(v, m);
    }
  });

  it('rejects wrong types, missing and extra fields, each for its own reason', () => {
    // [message, why it is refused]: the reason is asserted too, so one check cannot hide a missing other.
    const bad: Array<[unknown, string]> = [
      [null, 'not an object'],
      [undefined, 'not an object'],
      [42, 'not an object'],
      ['ready', 'not an object'],
      [[], 'not an object'],
      [[{ type: 'ready' }], 'not an object'],
      [{}, 'unknown message type undefined'],
      [{ type: 'nope' }, 'unknown message type nope'],
      [{ type: 'ready', extra: 1 }, 'unexpected field extra'],
      [{ type: 'applyToCode', uri: URI, version: '3', edits: [{ schedulerId: 0, argument: 'gamma', value: 0.5 }] }, 'version is not a whole number in range'],
      [{ type: 'applyToCode', uri: URI, version: -1, edits: [{ schedulerId: 0, argument: 'gamma', value: 0.5 }] }, 'version is not a whole number in range'],
      [{ type: 'applyToCode', uri: URI, version: 1.5, edits: [{ schedulerId: 0, argument: 'gamma', value: 0.5 }] }, 'version is not a whole number in range'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [] }, 'no edits'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: {} }, 'edits is not a list'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'gamma' }] }, 'missing field value'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'gamma', value: 0.5, newText: 'os.system("x")' }] }, 'unexpected field newText'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'gamma); import os; (', value: 0.5 }] }, 'edits[0].argument is not an identifier'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'gamma', value: NaN }] }, 'edits[0].value is not a finite number'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'gamma', value: Infinity }] }, 'edits[0].value is not a finite number'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'gamma', value: { a: 1 } }] }, 'edits[0].value has an unsupported type'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'milestones', value: [1, 'x'] }] }, 'edits[0].value[1] is not a finite number'],
      [{ type: 'applyToCode', uri: 'no-scheme', version: 1, edits: [{ schedulerId: 0, argument: 'gamma', value: 1 }] }, 'uri has no scheme'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: '0', argument: 'gamma', value: 1 }] }, 'edits[0].schedulerId is not a whole number in range'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'gamma', value: 1 }], assumptions: { a: [1] } }, 'assumptions.a is not a string'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'gamma', value: 1 }], assumptions: { a: Infinity } }, 'assumptions.a is not a finite number'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'gamma', value: 1 }], assumptions: [] }, 'assumptions is not an object'],
      [{ type: 'recompute', uri: URI, version: 1, assumptions: { a: [1] }, overrides: [] }, 'assumptions.a is not a string'],
      [{ type: 'recompute', uri: URI, version: 1, assumptions: { a: NaN }, overrides: [] }, 'assumptions.a is not a finite number'],
      [{ type: 'recompute', uri: URI, version: 1, assumptions: {}, overrides: [{ schedulerId: 1, steps: 1e9 }] }, 'overrides[0].steps is not a whole number in range'],
      [{ type: 'recompute', uri: URI, version: 1, assumptions: {}, overrides: [{ schedulerId: 1, what: 1 }] }, 'unexpected field what'],
      [{ type: 'exportCsv', fileName: '../../etc/passwd', csv: 'x' }, 'fileName is not a plain file name'],
      [{ type: 'exportCsv', fileName: 'a/b.csv', csv: 'x' }, 'fileName is not a plain file name'],
      [{ type: 'exportCsv', fileName: 'lr.csv', csv: 5 }, 'csv is not a string'],
      [{ type: 'savePng', fileName: 'lr.png', dataUrl: 'javascript:alert(1)' }, 'dataUrl is not a base64 PNG data URL'],
      [{ type: 'savePng', fileName: 'lr.png', dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' }, 'dataUrl is not a base64 PNG data URL'],
      [{ type: 'rendered', datasets: 1, points: 1, ms: -1 }, 'ms is negative'],
      [{ type: 'rendered', datasets: 1, points: 1, ms: 1, text: { lang: 'ko', strings: 1 } }, 'missing field texts'],
      [{ type: 'rendered', datasets: 1, points: 1, ms: 1, text: { lang: 'ko', strings: 1, texts: [1] } }, 'text is not a string'],
      [{ type: 'rendered', datasets: 1, points: 1, ms: 1, text: { lang: 'ko', strings: -1, texts: [] } }, 'strings is not a whole number in range'],
      [{ type: 'rendered', datasets: 1, points: 1, ms: 1, text: { lang: 'ko', strings: 1, texts: new Array(65).fill('x') } }, 'bad texts'],
      [{ type: 'log', level: 'warn', message: 'x' }, 'bad level'],
      [{ type: 'reveal', uri: URI, schedulerId: 1, argument: 1 }, 'argument is not a string'],
      [{ type: 'exportCsv', fileName: '..', csv: 'x' }, 'fileName is not a plain file name'],
      [{ type: 'exportCsv', fileName: '.', csv: 'x' }, 'fileName is not a plain file name'],
    ];
    for (const [m, why] of bad) {
      assert.equal(validateWebviewMessage(m), undefined, `accepted ${String(JSON.stringify(m))}`);
      assert.equal(explainInvalidMessage(m).reason, why, String(JSON.stringify(m)));
    }
  });

  it('rejects huge strings and huge lists, each for its own reason', () => {
    const big = 'x'.repeat(100_000);
    const many = Array.from({ length: 1000 }, (_, i) => ({ schedulerId: 0, argument: `a${i}`, value: 1 }));
    const bad: Array<[unknown, string]> = [
      [{ type: 'reveal', uri: `file:///${big}`, schedulerId: 0 }, 'uri is too long'],
      [{ type: 'log', level: 'info', message: big }, 'message is too long'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'mode', value: big }] }, 'edits[0].value is too long'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: many }, 'edits has too many entries'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'milestones', value: new Array(20_000).fill(1) }] }, 'edits[0].value list is too long'],
    ];
    for (const [m, why] of bad) {
      assert.equal(validateWebviewMessage(m), undefined);
      assert.equal(explainInvalidMessage(m).reason, why);
    }
  });

  it('rejects prototype-pollution keys, accessors and non-plain objects, each for its own reason', () => {
    const getter = { type: 'ready' };
    Object.defineProperty(getter, 'type', { get: () => 'ready', enumerable: true });
    class Fake {
      type = 'ready';
    }
    const bad: Array<[unknown, string]> = [
      [JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'), 'forbidden key __proto__'],
      [JSON.parse(`{"type":"recompute","uri":"${URI}","version":1,"assumptions":{"__proto__":{"x":1}},"overrides":[]}`), 'forbidden assumptions key __proto__'],
      [{ type: 'recompute', uri: URI, version: 1, assumptions: { constructor: 1 }, overrides: [] }, 'forbidden assumptions key constructor'],
      [JSON.parse(`{"type":"recompute","uri":"${URI}","version":1,"assumptions":{},"overrides":[{"schedulerId":1,"params":{"__proto__":1}}]}`), 'forbidden overrides[0].params key __proto__'],
      [getter, 'accessor field type'],
      [new Fake(), 'not an object'],
      [{ type: 'ready', [Symbol('x')]: 1 }, 'symbol key'],
      [{ type: 'applyToCode', uri: URI, version: 1, edits: [{ schedulerId: 0, argument: 'milestones', value: Object.assign([1, 2], { extra: 3 }) }] }, 'edits[0].value list has extra fields'],
    ];
    for (const [m, why] of bad) {
      assert.equal(validateWebviewMessage(m), undefined);
      assert.equal(explainInvalidMessage(m).reason, why);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('returned records are ordinary objects without the forbidden keys', () => {
    const v = validateWebviewMessage({ type: 'recompute', uri: URI, version: 1, assumptions: { 'len(loader)': 7 }, overrides: [] });
    assert.ok(v && v.type === 'recompute');
    assert.equal(Object.getPrototypeOf(v.assumptions), Object.prototype);
    assert.deepEqual(Object.keys(v.assumptions), ['len(loader)']);
  });
});
