import * as assert from 'node:assert/strict';
import type { AnalysisResult, ArgumentInfo, Range, SchedulerFinding } from '../../../src/core/model/types';
import { formatPythonLiteral, planApplyToCode, STALE_MESSAGE } from '../../../src/features/chart/protocol/applyEdits';
import { formatPythonNumber } from '../../../src/core/python/literals';

function rangeOf(src: string, needle: string, from = 0): Range {
  const start = src.indexOf(needle, from);
  assert.ok(start >= 0, `${needle} not in source`);
  const pos = (o: number) => {
    const before = src.slice(0, o);
    const line = before.split('\n').length - 1;
    return { line, character: o - (before.lastIndexOf('\n') + 1) };
  };
  return { start, end: start + needle.length, startPos: pos(start), endPos: pos(start + needle.length) };
}

const SRC = [
  'sched = StepLR(optimizer, step_size=30, gamma=0.1)',
  'hf = get_linear_schedule_with_warmup(opt, num_warmup_steps=10_000, num_training_steps=len(loader) * epochs)',
  'oc = OneCycleLR(opt, max_lr=1e-3, total_steps=1000, anneal_strategy="cos",)',
  '',
].join('\n');

function finding(id: number, kind: string, callText: string, args: Array<[string, string, boolean]>): SchedulerFinding {
  const range = rangeOf(SRC, callText);
  const argumentsInfo: ArgumentInfo[] = args.map(([name, text, isLiteral]) => ({
    name,
    text,
    range: rangeOf(SRC, text, range.start),
    isLiteral,
    positional: false,
  }));
  return {
    id, name: null, aliases: [], kind, library: 'torch', range, line: range.startPos.line + 1,
    arguments: argumentsInfo, params: {}, spec: { kind, args: {} }, optimizer: { type: 'SGD', paramGroups: [{ lr: 0.1 }] },
    baseLrs: [0.1], unit: 'step', naturalSteps: 100, naturalStepsSource: '', stepCalls: [], assumptions: [], diagnostics: [],
    active: true, parent: null, children: [], metricDriven: false,
  };
}

const ANALYSIS: AnalysisResult = {
  schedulers: [
    finding(0, 'StepLR', 'StepLR(optimizer, step_size=30, gamma=0.1)', [['step_size', '30', true], ['gamma', '0.1', true]]),
    finding(1, 'get_linear_schedule_with_warmup', 'get_linear_schedule_with_warmup(opt, num_warmup_steps=10_000, num_training_steps=len(loader) * epochs)', [
      ['num_warmup_steps', '10_000', true],
      ['num_training_steps', 'len(loader) * epochs', false],
    ]),
    finding(2, 'OneCycleLR', 'OneCycleLR(opt, max_lr=1e-3, total_steps=1000, anneal_strategy="cos",)', [
      ['max_lr', '1e-3', true], ['total_steps', '1000', true], ['anneal_strategy', '"cos"', true],
    ]),
  ],
  assumptions: [], diagnostics: [], timeMs: 0, stats: { blocks: 0, parsedBlocks: 0, reusedBlocks: 0, ops: 0 },
};

function apply(src: string, reps: { start: number; end: number; newText: string }[]): string {
  let out = src;
  for (const r of [...reps].sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.newText + out.slice(r.end);
  return out;
}

describe('formatPythonLiteral', () => {
  it('keeps ints ints, floats exact, follows the original style', () => {
    assert.equal(formatPythonNumber(30), '30');
    assert.equal(formatPythonNumber(-3), '-3');
    assert.equal(formatPythonNumber(20000, '10_000'), '20_000');
    assert.equal(formatPythonNumber(2, '0.1'), '2.0');
    assert.equal(formatPythonNumber(1e-5), '0.00001');
    assert.equal(formatPythonNumber(1e-7), '1e-7');
    assert.equal(formatPythonNumber(0.1 + 0.2), '0.30000000000000004');
    assert.equal(Number(formatPythonNumber(1 / 3)), 1 / 3);
    assert.equal(formatPythonNumber(-0), '-0.0');
    assert.equal(formatPythonNumber(1e21), '1e+21');
    assert.equal(formatPythonNumber(NaN), undefined);
    assert.equal(formatPythonNumber(Infinity), undefined);
    assert.equal(formatPythonNumber(-Infinity), undefined);
  });
  it('formats strings, booleans, None and lists', () => {
    assert.equal(formatPythonLiteral('cos', "'linear'"), "'cos'");
    assert.equal(formatPythonLiteral('cos', '"linear"'), '"cos"');
    assert.equal(formatPythonLiteral('a"b\\c\n'), '"a\\"b\\\\c\\n"');
    assert.equal(formatPythonLiteral(true), 'True');
    assert.equal(formatPythonLiteral(false), 'False');
    assert.equal(formatPythonLiteral(null), 'None');
    assert.equal(formatPythonLiteral([30, 60, 90]), '[30, 60, 90]');
    assert.equal(formatPythonLiteral([30], '(10,)'), '(30,)');
    assert.equal(formatPythonLiteral([1, NaN]), undefined);
  });
});

describe('planApplyToCode', () => {
  it('refuses when the document version changed', () => {
    const p = planApplyToCode(ANALYSIS, SRC, 5, 4, [{ schedulerId: 0, argument: 'gamma', value: 0.5 }]);
    assert.equal(p.ok, false);
    assert.ok(!p.ok && p.stale && p.message === STALE_MESSAGE);
  });
  it('refuses a computed argument, naming it and its code', () => {
    const p = planApplyToCode(ANALYSIS, SRC, 1, 1, [
      { schedulerId: 1, argument: 'num_warmup_steps', value: 500 },
      { schedulerId: 1, argument: 'num_training_steps', value: 5000 },
    ]);
    assert.ok(!p.ok);
    assert.match(p.message, /`num_training_steps` is computed \(`len\(loader\) \* epochs`\), not a literal — edit it in the code/);
  });
  it('refuses unknown schedulers, unknown arguments, duplicates and values without a literal', () => {
    assert.ok(!planApplyToCode(ANALYSIS, SRC, 1, 1, [{ schedulerId: 9, argument: 'gamma', value: 1 }]).ok);
    const unknown = planApplyToCode(ANALYSIS, SRC, 1, 1, [{ schedulerId: 0, argument: 'nonsense', value: 1 }]);
    assert.ok(!unknown.ok && /no argument `nonsense`/.test(unknown.message));
    assert.ok(!planApplyToCode(ANALYSIS, SRC, 1, 1, [{ schedulerId: 0, argument: 'optimizer', value: 1 }]).ok);
    assert.ok(!planApplyToCode(ANALYSIS, SRC, 1, 1, [{ schedulerId: 0, argument: 'gamma', value: 1 }, { schedulerId: 0, argument: 'gamma', value: 2 }]).ok);
    assert.ok(!planApplyToCode(ANALYSIS, SRC, 1, 1, [{ schedulerId: 0, argument: 'gamma', value: NaN }]).ok);
  });
  it('refuses when the text at the argument no longer matches the analysis', () => {
    const changed = SRC.replace('gamma=0.1', 'gamma=0.2');
    const p = planApplyToCode(ANALYSIS, changed, 1, 1, [{ schedulerId: 0, argument: 'gamma', value: 0.5 }]);
    assert.ok(!p.ok && p.stale);
  });
  it('builds one replacement per changed literal, across schedulers', () => {
    const p = planApplyToCode(ANALYSIS, SRC, 7, 7, [
      { schedulerId: 0, argument: 'gamma', value: 0.5 },
      { schedulerId: 0, argument: 'step_size', value: 30 }, // unchanged: skipped
      { schedulerId: 1, argument: 'num_warmup_steps', value: 500 },
      { schedulerId: 2, argument: 'max_lr', value: 0.003 },
      { schedulerId: 2, argument: 'anneal_strategy', value: 'linear' },
    ]);
    assert.ok(p.ok, !p.ok ? p.message : '');
    assert.equal(p.replacements.length, 4);
    const out = apply(SRC, p.replacements);
    assert.match(out, /StepLR\(optimizer, step_size=30, gamma=0\.5\)/);
    assert.match(out, /num_warmup_steps=500,/);
    assert.match(out, /max_lr=0\.003, total_steps=1000, anneal_strategy="linear",\)/);
  });
  it('inserts an argument the call does not write yet', () => {
    const p = planApplyToCode(ANALYSIS, SRC, 1, 1, [
      { schedulerId: 0, argument: 'last_epoch', value: -1 },
      { schedulerId: 2, argument: 'pct_start', value: 0.25 },
    ]);
    assert.ok(p.ok, !p.ok ? p.message : '');
    const out = apply(SRC, p.replacements);
    assert.match(out, /StepLR\(optimizer, step_size=30, gamma=0\.1, last_epoch=-1\)/);
    assert.match(out, /anneal_strategy="cos", pct_start=0\.25\)/);
  });
  it('says so when nothing changes', () => {
    const p = planApplyToCode(ANALYSIS, SRC, 1, 1, [{ schedulerId: 0, argument: 'gamma', value: 0.1 }]);
    assert.ok(!p.ok && /Nothing to apply/.test(p.message));
  });
});
