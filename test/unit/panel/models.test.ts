import * as assert from 'node:assert/strict';
import type { SchedulerFinding } from '../../../src/core/model/types';
import { findingsToModels, hasCallable, specWithEdits, toJsonSpec } from '../../../src/features/chart/protocol/models';

function finding(id: number, spec: SchedulerFinding['spec'], extra: Partial<SchedulerFinding> = {}): SchedulerFinding {
  const r = { start: 0, end: 1, startPos: { line: 0, character: 0 }, endPos: { line: 0, character: 1 } };
  return {
    id, name: `s${id}`, aliases: [], kind: spec.kind, library: 'torch', range: r, line: 1, arguments: [], params: {}, spec,
    optimizer: { type: 'SGD', paramGroups: [{ lr: 0.1 }] }, baseLrs: [0.1], unit: 'step', naturalSteps: 10, naturalStepsSource: 'test',
    stepCalls: [], assumptions: [], diagnostics: [], active: true, parent: null, children: [], metricDriven: false, ...extra,
  };
}

describe('panel models', () => {
  it('callable specs are not posted; the host precomputes their curve', () => {
    const lambda = finding(0, { kind: 'LambdaLR', args: { lr_lambda: (e: number) => 0.5 ** e } });
    const plain = finding(1, { kind: 'StepLR', args: { step_size: 3 } });
    assert.ok(hasCallable(lambda.spec) && !hasCallable(plain.spec));
    assert.equal(toJsonSpec(lambda.spec), null);
    const [m0, m1] = findingsToModels([lambda, plain]);
    assert.equal(m0.spec, null);
    assert.ok(m0.curve);
    assert.equal(m0.curve!.rows, 11);
    assert.equal(m0.curve!.lr[2], 0.1 * 0.25);
    assert.deepEqual(m1.spec, { kind: 'StepLR', args: { step_size: 3 } });
    assert.equal(m1.curve, undefined);
    // Everything is structured-clone safe (no functions anywhere).
    assert.doesNotThrow(() => structuredClone([m0, m1]));
  });
  it('host-side overrides of a callable spec: params and run length', () => {
    const cyc = finding(0, { kind: 'CyclicLR', args: { base_lr: 0.01, max_lr: 0.1, step_size_up: 5, scale_fn: () => 1, scale_mode: 'cycle', cycle_momentum: false } });
    const [m] = findingsToModels([cyc], { steps: new Map([[0, 20]]), params: new Map([[0, { max_lr: 0.2 }]]) });
    assert.equal(m.curve!.rows, 21);
    assert.ok(Math.abs(Math.max(...Array.from(m.curve!.lr)) - 0.2) < 1e-12);
  });
  it('specWithEdits edits nested children by position, without mutating', () => {
    const spec = { kind: 'SequentialLR', args: { milestones: [5], schedulers: [{ kind: 'LinearLR', args: { total_iters: 5 } }, { kind: 'StepLR', args: { step_size: 3 } }] } };
    const children = (id: number) => (id === 0 ? [1, 2] : []);
    const out = specWithEdits(spec, 0, children, { 2: { step_size: 7 }, 0: { milestones: [6] } });
    assert.deepEqual(out.args, { milestones: [6], schedulers: [{ kind: 'LinearLR', args: { total_iters: 5 } }, { kind: 'StepLR', args: { step_size: 7 } }] });
    assert.equal((spec.args.schedulers[1].args as { step_size: number }).step_size, 3);
    assert.equal(specWithEdits(spec, 0, children, {}), spec);
  });
  it('steps per epoch from the batch loop around step()', () => {
    const r = { start: 0, end: 1, startPos: { line: 0, character: 0 }, endPos: { line: 0, character: 1 } };
    const f = finding(0, { kind: 'StepLR', args: { step_size: 3 } }, {
      stepCalls: [{ range: r, unit: 'step', afterOptimizerStep: true, metric: null, loops: [
        { kind: 'epoch', variable: 'e', iterable: 'range(3)', count: 3 },
        { kind: 'batch', variable: 'b', iterable: 'loader', count: 250 },
      ] }],
    });
    assert.equal(findingsToModels([f])[0].stepsPerEpoch, 250);
  });
});
