// The document model's small decisions pinned by value (issue 20: StrykerJS over
// src/core/model/documentModel.ts left them unpinned): which scheduler call a place is in, when two
// override sets are the same, the analyzer options the inputs map to, and which seeded curves a
// model keeps.
import * as assert from 'node:assert/strict';
import { analyzeOptionsOf, DEFAULT_INPUTS, DocumentModel, findingAt, sameOverrides } from '../../../src/core/model/documentModel';
import type { FindingCurve } from '../../../src/core/model/curves';
import type { Range } from '../../../src/core/model/types';

/** A call from offset `start` to `end`, on lines `l0`–`l1`. */
const call = (name: string, start: number, end: number, l0: number, l1: number): { name: string; range: Range } => ({
  name,
  range: { start, end, startPos: { line: l0, character: 0 }, endPos: { line: l1, character: 0 } },
});

describe('document model pinned by value', () => {
  it('findingAt: the shortest call containing the offset (ends included) or spanning the line', () => {
    // outer spans lines 2–6 (offsets 20–80), inner lines 3–4 (offsets 30–50), another line 8 (90–99).
    const calls = [call('outer', 20, 80, 2, 6), call('inner', 30, 50, 3, 4), call('other', 90, 99, 8, 8)];
    const cases: [string, { offset: number; line?: number }, string | undefined][] = [
      ['before every call', { offset: 10 }, undefined],
      ['at the outer start', { offset: 20 }, 'outer'],
      ['inside outer only', { offset: 25 }, 'outer'],
      ['at the inner start', { offset: 30 }, 'inner'],
      ['inside both: the shorter', { offset: 40 }, 'inner'],
      ['at the inner end', { offset: 50 }, 'inner'],
      ['just after the inner end', { offset: 51 }, 'outer'],
      ['at the outer end', { offset: 80 }, 'outer'],
      ['between calls', { offset: 85 }, undefined],
      ['offset outside, line 3 inside both', { offset: 0, line: 3 }, 'inner'],
      ['offset outside, line 2: outer\'s first', { offset: 0, line: 2 }, 'outer'],
      ['offset outside, line 6: outer\'s last', { offset: 0, line: 6 }, 'outer'],
      ['offset outside, line 7', { offset: 0, line: 7 }, undefined],
      ['offset outside, line 8', { offset: 0, line: 8 }, 'other'],
      ['offset in other, line 3: the shorter of all three', { offset: 95, line: 3 }, 'other'],
    ];
    assert.deepEqual(
      cases.map(([what, at]) => [what, findingAt(calls, at)?.name]),
      cases.map(([what, , want]) => [what, want]),
    );
    // The first of two equally short calls stays; a filter leaves calls out.
    const twins = [call('a', 0, 10, 0, 0), call('b', 0, 10, 0, 0)];
    assert.equal(findingAt(twins, { offset: 5 })?.name, 'a');
    // The shorter wins whichever comes first.
    assert.equal(findingAt([calls[1], calls[0]], { offset: 40 })?.name, 'inner');
    assert.equal(findingAt(calls, { offset: 40 }, (f) => f.name !== 'inner')?.name, 'outer');
    assert.equal(findingAt([], { offset: 0, line: 0 }), undefined);
  });

  it('sameOverrides: by value, key order ignored, a key missing on either side differs', () => {
    const cases: [Record<string, number | string>, Record<string, number | string>, boolean][] = [
      [{}, {}, true],
      [{ a: 1, b: 'x' }, { b: 'x', a: 1 }, true],
      [{ a: 1 }, { a: 2 }, false],
      [{ a: 1 }, { a: '1' }, false],
      [{ a: 1 }, { b: 1 }, false],
      [{ a: 1 }, { a: 1, b: 2 }, false],
      [{ a: 1, b: 2 }, { a: 1 }, false],
      [{ a: NaN }, { a: NaN }, true],
    ];
    assert.deepEqual(
      cases.map(([a, b]) => sameOverrides(a, b)),
      cases.map(([, , want]) => want),
    );
  });

  it('analyzeOptionsOf: only what the inputs state', () => {
    assert.deepEqual(analyzeOptionsOf(DEFAULT_INPUTS), { defaultRunLength: DEFAULT_INPUTS.defaultRunLength, defaultDatasetSize: DEFAULT_INPUTS.defaultDatasetSize });
    const files = { 'cfg.json': '{}' };
    const overrides = { 'len(loader)': 7 };
    const o = analyzeOptionsOf({ ...DEFAULT_INPUTS, defaultRunLength: 5, defaultDatasetSize: 9, overrides, files, timeLimitMs: 0 });
    assert.deepEqual(o, { defaultRunLength: 5, defaultDatasetSize: 9, assumptions: { 'len(loader)': 7 }, files, timeLimitMs: 0 });
    // The overrides are copied, not shared.
    assert.notEqual(o.assumptions, overrides);
  });

  it('a model keeps the seeded curves of its own findings only, and simulates the rest with its inputs', () => {
    const src = 'import torch\nopt = torch.optim.SGD(params, lr=0.1)\ns = torch.optim.lr_scheduler.StepLR(opt, 2)\nfor i in range(6):\n    opt.step()\n    s.step()\n';
    const plain = DocumentModel.of(src);
    const f = plain.schedulers[0];
    const seeded = { steps: 1 } as unknown as FindingCurve;
    const m = new DocumentModel(plain.analysis, DEFAULT_INPUTS, [[f.id, seeded], [f.id + 100, seeded]]);
    assert.equal(m.has(f), true);
    assert.equal(m.has({ ...f, id: f.id + 100 }), false);
    assert.equal(m.curveOf(f), seeded);
    assert.equal(plain.has(f), false);
    assert.equal(plain.curveOf(f).steps, 6);
    assert.equal(plain.has(f), true);
    // --steps reaches the simulation.
    const three = DocumentModel.of(src, { ...DEFAULT_INPUTS, steps: 3 });
    const c = three.curveOf(three.schedulers[0]);
    assert.deepEqual([c.steps, c.curve.rows], [3, 4]);
    assert.deepEqual(Array.from(c.curve.lr), [0.1, 0.1, 0.010000000000000002, 0.010000000000000002]);
    // lrOnly leaves out OneCycleLR's cycled momentum.
    const cycle = 'import torch\nopt = torch.optim.SGD(params, lr=0.1, momentum=0.9)\ns = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=10)\nfor i in range(10):\n    opt.step()\n    s.step()\n';
    const full = DocumentModel.of(cycle);
    const lrOnly = DocumentModel.of(cycle, { ...DEFAULT_INPUTS, lrOnly: true });
    assert.deepEqual([full.curveOf(full.schedulers[0]).curve.momentum?.length, lrOnly.curveOf(lrOnly.schedulers[0]).curve.momentum], [11, undefined]);
  });
});
