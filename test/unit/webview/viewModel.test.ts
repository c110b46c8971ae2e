import * as assert from 'node:assert/strict';
import { simulate } from '../../../src/core/engine';
import type { CurveData, JsonSpec, ScheduleModel } from '../../../src/features/chart/protocol/messages';
import {
  buildSeries, decimateMinMax, drawnUnit, epochAxisAvailable, formatTick, logTick, markersFor, paneTickLabel, placeMarkers, planAxes, pointCount, toCsv, tooltipAt, xFactor, type Entry,
} from '../../../webview/viewModel';

function model(id: number, spec: JsonSpec, extra: Partial<ScheduleModel> = {}): ScheduleModel {
  return {
    id, name: `s${id}`, kind: spec.kind, library: 'torch', line: id + 1, spec, params: spec.args, arguments: [],
    optimizer: { type: 'SGD', paramGroups: [{ lr: 0.1, momentum: 0.9 }] }, steps: 100, stepsSource: '', unit: 'step',
    stepsPerEpoch: null, assumptions: [], diagnostics: [], parent: null, children: [], metricDriven: false, active: true, ...extra,
  };
}

function entry(m: ScheduleModel, steps = m.steps, colorIndex = 0): Entry {
  const c = simulate(m.spec!, m.optimizer, { steps });
  const curve: CurveData = { groups: c.groups, rows: c.rows, lr: c.lr, ...(c.momentum ? { momentum: c.momentum } : {}) };
  return { model: m, curve, spec: m.spec, colorIndex };
}

describe('viewModel: decimateMinMax', () => {
  it('returns small ranges whole', () => {
    const d = [1, 2, 3, 4, 5];
    assert.deepEqual(decimateMinMax(d, 1, 0, 0, 4, 10), d.map((y, x) => ({ x, y })));
    assert.deepEqual(decimateMinMax(d, 1, 0, 1, 2, 10, 0.5), [{ x: 0.5, y: 2 }, { x: 1, y: 3 }]);
  });
  it('keeps the min and max of every bucket, in order, and both ends', () => {
    const n = 100_000;
    const d = new Float64Array(n);
    let seed = 7;
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      d[i] = seed / 2 ** 31;
    }
    const buckets = 100;
    const pts = decimateMinMax(d, 1, 0, 0, n - 1, buckets);
    assert.ok(pts.length <= buckets * 4);
    assert.equal(pts[0].x, 0);
    assert.equal(pts[pts.length - 1].x, n - 1);
    for (let i = 1; i < pts.length; i++) assert.ok(pts[i].x > pts[i - 1].x, 'x strictly increasing');
    const per = n / buckets;
    for (let b = 0; b < buckets; b++) {
      const s = Math.floor(b * per);
      const e = b === buckets - 1 ? n - 1 : Math.floor((b + 1) * per) - 1;
      let mn = Infinity;
      let mx = -Infinity;
      for (let i = s; i <= e; i++) { mn = Math.min(mn, d[i]); mx = Math.max(mx, d[i]); }
      const inBucket = pts.filter((p) => p.x >= s && p.x <= e).map((p) => p.y);
      assert.ok(inBucket.includes(mn) && inBucket.includes(mx), `bucket ${b} keeps extremes`);
    }
    // Global extremes survive.
    assert.equal(Math.max(...pts.map((p) => p.y)), Math.max(...d));
    assert.equal(Math.min(...pts.map((p) => p.y)), Math.min(...d));
  });
  it('reads one group out of strided data', () => {
    const d = [1, 10, 2, 20, 3, 30];
    assert.deepEqual(decimateMinMax(d, 2, 1, 0, 2, 10).map((p) => p.y), [10, 20, 30]);
  });
});

describe('viewModel: series', () => {
  it('one dataset per scheduler per group, momentum on y2, hidden ones left out', () => {
    const a = model(0, { kind: 'StepLR', args: { step_size: 30, gamma: 0.1 } }, {
      optimizer: { type: 'SGD', paramGroups: [{ lr: 0.1 }, { lr: 0.01 }] },
    });
    const b = model(1, { kind: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 100 } });
    const c = model(2, { kind: 'ExponentialLR', args: { gamma: 0.9 } });
    const entries = [entry(a, 100, 0), entry(b, 99, 1), entry(c, 100, 2)];
    const series = buildSeries(entries, { xMode: 'step', hidden: new Set([2]), pixels: 800 });
    assert.deepEqual(series.map((s) => s.key), ['0:lr:0', '0:lr:1', '1:lr:0', '1:momentum:0']);
    assert.deepEqual(series.map((s) => s.axis), ['y', 'y', 'y', 'y2']);
    assert.equal(series[1].points[0].y, 0.01);
    assert.match(series[1].label, /group 1/);
    assert.ok(series[1].dash.length > 0 && series[0].dash.length === 0);
    assert.equal(series[0].points.length, 101);
    assert.equal(series[3].points[0].y, 0.95);
  });
  it('x in epochs divides by steps per epoch; epoch-stepped schedules multiply in step mode', () => {
    const perStep = model(0, { kind: 'ExponentialLR', args: { gamma: 0.99 } }, { unit: 'step', stepsPerEpoch: 50 });
    const perEpoch = model(1, { kind: 'ExponentialLR', args: { gamma: 0.9 } }, { unit: 'epoch', stepsPerEpoch: 50 });
    assert.equal(xFactor(perStep, 'epoch'), 1 / 50);
    assert.equal(xFactor(perStep, 'step'), 1);
    assert.equal(xFactor(perEpoch, 'step'), 50);
    assert.equal(xFactor(perEpoch, 'epoch'), 1);
    assert.equal(xFactor(model(2, perStep.spec!), 'epoch'), 1);
    assert.ok(epochAxisAvailable([perStep]));
    assert.ok(!epochAxisAvailable([model(3, perStep.spec!)]));
    const s = buildSeries([entry(perStep, 100)], { xMode: 'epoch', hidden: new Set(), pixels: 1000 });
    assert.equal(s[0].points[100].x, 2);
  });
  it('epoch-stepped schedules with unknown steps per epoch go on a top epoch axis beside step-stepped ones', () => {
    // train.py: StepLR stepped once per epoch for 100 epochs (no batch loop), an HF schedule over 10,000 steps.
    const epochs = model(0, { kind: 'StepLR', args: { step_size: 30, gamma: 0.1 } }, { unit: 'epoch', stepsPerEpoch: null, steps: 100 });
    const steps = model(1, { kind: 'get_linear_schedule_with_warmup', args: { num_warmup_steps: 500, num_training_steps: 10_000 } }, { library: 'transformers', steps: 10_000 });
    assert.equal(drawnUnit(epochs, 'step'), 'epoch');
    assert.equal(drawnUnit(steps, 'step'), 'step');
    const plan = planAxes([epochs, steps], 'step');
    assert.deepEqual([plan.primary, plan.secondary, [...plan.axisOf]], ['step', 'epoch', [[0, 'x2'], [1, 'x']]]);
    const series = buildSeries([entry(epochs, 100, 0), entry(steps, 10_000, 1)], { xMode: 'step', hidden: new Set(), pixels: 800 });
    assert.deepEqual(series.map((x) => [x.modelId, x.xAxis]), [[0, 'x2'], [1, 'x']]);
    // Epochs stay epochs on their own axis: the last point is epoch 100, not step 100.
    assert.equal(series[0].points[series[0].points.length - 1].x, 100);
    const marks = placeMarkers([entry(epochs, 100, 0), entry(steps, 10_000, 1)], { xMode: 'step', hidden: new Set() });
    assert.deepEqual(marks.filter((m) => m.modelId === 0).map((m) => [m.x, m.xAxis]), [[30, 'x2'], [60, 'x2'], [90, 'x2']]);
    assert.deepEqual(marks.filter((m) => m.modelId === 1).map((m) => [m.x, m.xAxis]), [[500, 'x']]);
    // Alone (or with the other hidden), an epoch schedule has the bottom axis, titled in epochs.
    assert.deepEqual(planAxes([epochs, steps], 'step', new Set([1])).primary, 'epoch');
    assert.equal(planAxes([epochs, steps], 'step', new Set([1])).secondary, null);
    assert.equal(buildSeries([entry(epochs, 100, 0), entry(steps, 10_000, 1)], { xMode: 'step', hidden: new Set([1]), pixels: 800 })[0].xAxis, 'x');
    // Known steps per epoch convert instead: one axis.
    const converted = { ...epochs, stepsPerEpoch: 100 };
    assert.deepEqual(planAxes([converted, steps], 'step').secondary, null);
    assert.equal(buildSeries([entry(converted, 100, 0)], { xMode: 'step', hidden: new Set(), pixels: 800 })[0].points.pop()!.x, 10_000);
    // Epoch mode: a step schedule with unknown steps per epoch goes on the top axis (in steps).
    const perEpoch = model(2, { kind: 'StepLR', args: { step_size: 3 } }, { unit: 'epoch', stepsPerEpoch: 250 });
    const plan2 = planAxes([perEpoch, steps], 'epoch');
    assert.deepEqual([plan2.primary, plan2.secondary, plan2.axisOf.get(1)], ['epoch', 'step', 'x2']);
  });
  it('a zoom of the top axis keeps only its rows', () => {
    const epochs = model(0, { kind: 'ExponentialLR', args: { gamma: 0.9 } }, { unit: 'epoch', steps: 100 });
    const steps = model(1, { kind: 'ExponentialLR', args: { gamma: 0.999 } }, { steps: 10_000 });
    const s = buildSeries([entry(epochs, 100, 0), entry(steps, 10_000, 1)], { xMode: 'step', hidden: new Set(), pixels: 1000, range: { min: 1000, max: 2000 }, range2: { min: 10, max: 20 } });
    assert.deepEqual([s[0].points[0].x, s[0].points[s[0].points.length - 1].x], [9, 21]);
    assert.deepEqual([s[1].points[0].x, s[1].points[s[1].points.length - 1].x], [999, 2001]);
  });
  it('limits to the zoomed range with one row of margin', () => {
    const m = model(0, { kind: 'ExponentialLR', args: { gamma: 0.999 } });
    const s = buildSeries([entry(m, 10_000)], { xMode: 'step', hidden: new Set(), pixels: 1000, range: { min: 100, max: 200 } });
    assert.equal(s[0].points[0].x, 99);
    assert.equal(s[0].points[s[0].points.length - 1].x, 201);
  });
  it('1,000,000-step curve: series of at most 4 points per bucket, restart peaks and troughs kept (build time: npm run bench)', () => {
    const m = model(0, { kind: 'CosineAnnealingWarmRestarts', args: { T_0: 1000, T_mult: 1 } }, { steps: 1_000_000 });
    const e = entry(m);
    assert.equal(e.curve.rows, 1_000_001);
    const s = buildSeries([e], { xMode: 'step', hidden: new Set(), pixels: 1200 });
    assert.ok(pointCount(s) <= 2400 * 4, `${pointCount(s)} points`);
    const ys = s[0].points.map((p) => p.y);
    assert.equal(Math.max(...ys), 0.1, 'restart peaks kept');
    assert.ok(Math.min(...ys) < 1e-6, 'troughs kept');
  });
});

describe('viewModel: markers', () => {
  it('warm-up end, milestones and restarts', () => {
    assert.deepEqual(markersFor({ kind: 'get_linear_schedule_with_warmup', args: { num_warmup_steps: 500, num_training_steps: 10000 } }, 10000), [
      { step: 500, kind: 'warmup', label: 'warm-up end' },
    ]);
    assert.deepEqual(markersFor({ kind: 'MultiStepLR', args: { milestones: [30, 80, 500], gamma: 0.1 } }, 100).map((m) => m.step), [30, 80]);
    assert.deepEqual(markersFor({ kind: 'StepLR', args: { step_size: 30 } }, 100).map((m) => m.step), [30, 60, 90]);
    const wr = markersFor({ kind: 'CosineAnnealingWarmRestarts', args: { T_0: 10, T_mult: 2 } }, 100);
    assert.deepEqual(wr.map((m) => [m.step, m.kind]), [[10, 'restart'], [30, 'restart'], [70, 'restart']]);
    const hr = markersFor({ kind: 'get_scheduler', args: { name: 'cosine_with_restarts', num_warmup_steps: 100, num_training_steps: 1000, scheduler_specific_kwargs: { num_cycles: 3 } } }, 1000);
    assert.deepEqual(hr.map((m) => [m.step, m.kind]), [[100, 'warmup'], [400, 'restart'], [700, 'restart']]);
    const oc = markersFor({ kind: 'OneCycleLR', args: { max_lr: 1, total_steps: 1000, pct_start: 0.25 } }, 1000);
    assert.deepEqual(oc.map((m) => [m.step, m.kind]), [[249, 'warmup']]);
  });
  it('SequentialLR: milestones and the warm-up of its first child', () => {
    const spec: JsonSpec = {
      kind: 'SequentialLR',
      args: {
        milestones: [100],
        schedulers: [
          { kind: 'LinearLR', args: { start_factor: 0.01, end_factor: 1, total_iters: 100 } },
          { kind: 'StepLR', args: { step_size: 300 } },
        ],
      },
    };
    const ms = markersFor(spec, 1000);
    assert.deepEqual(ms.map((m) => [m.step, m.kind]), [[100, 'milestone'], [100, 'warmup'], [400, 'milestone'], [700, 'milestone'], [1000, 'milestone']]);
    const m = model(0, spec, { unit: 'step', stepsPerEpoch: 100 });
    const placed = placeMarkers([entry(m, 1000)], { xMode: 'epoch', hidden: new Set() });
    assert.equal(placed[0].x, 1);
  });
});

describe('viewModel: CSV', () => {
  it('step and epoch columns, then one column per scheduler/group, exact values, ragged ends empty', () => {
    const a = model(0, { kind: 'ExponentialLR', args: { gamma: 0.5 } }, { optimizer: { type: 'SGD', paramGroups: [{ lr: 1 }, { lr: 0.1 }] } });
    const b = model(1, { kind: 'ConstantLR', args: {} }, { name: 'a,b' });
    const csv = toCsv([entry(a, 2), entry(b, 3)]);
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'step,epoch,s0 (ExponentialLR) group 0 lr,s0 (ExponentialLR) group 1 lr,"a,b (ConstantLR) lr"');
    assert.equal(lines[1], `0,,1,0.1,${0.1 / 3}`);
    assert.equal(lines[3], `2,,0.25,0.025,${0.1 / 3}`);
    assert.equal(lines[4], `3,,,,${0.1 / 3}`);
    assert.equal(lines.length, 5);
  });
  it('two schedulers of one name and kind (one construction, built by two calls) get their lines in the column heads', () => {
    const a = model(0, { kind: 'ConstantLR', args: {} }, { name: 'scheduler', line: 41 });
    const b = model(1, { kind: 'ConstantLR', args: {} }, { name: 'scheduler', line: 42 });
    const c = model(2, { kind: 'StepLR', args: { step_size: 1 } }, { name: 'scheduler', line: 9 });
    const head = toCsv([entry(a, 1), entry(b, 1), entry(c, 1)]).split('\n')[0];
    assert.equal(head, 'step,epoch,scheduler (ConstantLR) @41 lr,scheduler (ConstantLR) @42 lr,scheduler (StepLR) lr');
  });
  it('an epoch schedule with known steps per epoch repeats each epoch\'s lr over its steps, beside a per-step one', () => {
    const ep = model(0, { kind: 'StepLR', args: { step_size: 1, gamma: 0.5 } }, { unit: 'epoch', stepsPerEpoch: 3, optimizer: { type: 'SGD', paramGroups: [{ lr: 0.8 }] } });
    const st = model(1, { kind: 'ExponentialLR', args: { gamma: 0.5 } }, { stepsPerEpoch: 3, optimizer: { type: 'SGD', paramGroups: [{ lr: 1 }] } });
    const lines = toCsv([entry(ep, 2), entry(st, 6)]).trim().split('\n');
    assert.deepEqual(lines, [
      'step,epoch,s0 (StepLR) lr,s1 (ExponentialLR) lr',
      `0,0,0.8,1`,
      `1,${1 / 3},0.8,0.5`,
      `2,${2 / 3},0.8,0.25`,
      `3,1,0.4,0.125`,
      `4,${4 / 3},0.4,0.0625`,
      `5,${5 / 3},0.4,0.03125`,
      `6,2,0.2,0.015625`,
    ]);
  });
  it('an epoch schedule whose steps per epoch are unknown gets epoch rows of its own, step empty', () => {
    const ep = model(0, { kind: 'StepLR', args: { step_size: 1, gamma: 0.5 } }, { unit: 'epoch', optimizer: { type: 'SGD', paramGroups: [{ lr: 0.8 }] } });
    const st = model(1, { kind: 'ExponentialLR', args: { gamma: 0.5 } }, { optimizer: { type: 'SGD', paramGroups: [{ lr: 1 }] } });
    const lines = toCsv([entry(ep, 2), entry(st, 1)]).trim().split('\n');
    assert.deepEqual(lines, ['step,epoch,s0 (StepLR) lr,s1 (ExponentialLR) lr', '0,,,1', '1,,,0.5', ',0,0.8,', ',1,0.4,', ',2,0.2,']);
  });
});

describe('viewModel: ticks and tooltip', () => {
  it('y ticks as lrs are written, never 2.500000E-5', () => {
    assert.deepEqual([0, 0.1, 0.05, 0.0125, 0.001, 0.0005, 2.5e-5, 3e-5, 1.23456e-7, 1].map(formatTick), ['0', '0.1', '0.05', '0.0125', '1e-3', '5e-4', '2.5e-5', '3e-5', '1.23e-7', '1']);
  });
  it('two stacked panes: the main pane leaves its top label out, the second its bottom one (they would overlap at the boundary)', () => {
    const ticks = [0, 0.025, 0.05, 0.075, 0.1];
    const labels = (pane: 'main' | 'second', stacked: boolean) => ticks.map((v, i) => paneTickLabel(v, i, ticks.length, { log: false, stacked, pane }));
    assert.deepEqual(labels('main', true), ['0', '0.025', '0.05', '0.075', '']);
    assert.deepEqual(labels('second', true), ['', '0.025', '0.05', '0.075', '0.1']);
    assert.deepEqual(labels('main', false), ['0', '0.025', '0.05', '0.075', '0.1']);
    assert.equal(paneTickLabel(5e-4, 1, 3, { log: true, stacked: true, pane: 'main' }), '5e-4');
  });
  it('log ticks: 1× and 5× of each decade in the same form (1e-3 beside 5e-4, not 0.001)', () => {
    assert.deepEqual([0.001, 0.0005, 0.002, 0.01, 0.05, 1e-5, 0].map(logTick), ['1e-3', '5e-4', '', '0.01', '0.05', '1e-5', '']);
  });
  it('the tooltip lists every visible curve at that x, with step and epoch, from the exact rows', () => {
    const ep = model(0, { kind: 'StepLR', args: { step_size: 1, gamma: 0.5 } }, { unit: 'epoch', stepsPerEpoch: 10, optimizer: { type: 'SGD', paramGroups: [{ lr: 0.8 }] } });
    const st = model(1, { kind: 'ExponentialLR', args: { gamma: 0.5 } }, { stepsPerEpoch: 10, optimizer: { type: 'SGD', paramGroups: [{ lr: 1 }, { lr: 2 }] } });
    const hidden = model(2, { kind: 'ConstantLR', args: {} });
    const es = [entry(ep, 3), entry(st, 30), entry(hidden, 30)];
    const at = tooltipAt(es, 25, 'x', { xMode: 'step', hidden: new Set([2]) });
    assert.equal(at.step, 25);
    assert.equal(at.epoch, 2.5);
    assert.deepEqual(at.rows.map((r) => [r.label, r.value]), [
      ['s0 (StepLR)', 0.2],
      ['s1 (ExponentialLR) group 0', 0.5 ** 25],
      ['s1 (ExponentialLR) group 1', 2 * 0.5 ** 25],
    ]);
    // Past a curve's end: no value.
    assert.equal(tooltipAt(es, 45, 'x', { xMode: 'step', hidden: new Set([2]) }).rows[0].value, null);
  });
});
