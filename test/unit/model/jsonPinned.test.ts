// The CLI's JSON fields (src/core/model/json.ts, jsonFields.ts) and steps per epoch
// (stepsPerEpoch.ts) pinned by value (issue 20): the CLI tests run the bundle, which mutants of the
// source never reach, so these read the source the bundle is built from.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { reportJson, schedulerFields, schedulerJson } from '../../../src/core/model/json';
import { curveFor } from '../../../src/core/model/curves';
import { stepsPerEpochOf } from '../../../src/core/model/stepsPerEpoch';
import type { SchedulerFinding } from '../../../src/core/model/types';

const ONE_CYCLE =
  'import torch\nopt = torch.optim.SGD(params, lr=0.1, momentum=0.9)\nsched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=3, verbose=True)\nfor epoch in range(2):\n    for b in loader:\n        opt.step()\n        sched.step()\n';

describe('the JSON report pinned by value', () => {
  it('a torch schedule: every field, the diagnostics by line, the assumptions, lr and the cycled momentum', () => {
    const r = analyze(ONE_CYCLE);
    const j = reportJson('t.py', r, { steps: 2 });
    assert.deepEqual(j, {
      file: 't.py',
      diagnostics: [],
      schedulers: [
        {
          name: 'sched',
          kind: 'OneCycleLR',
          library: 'torch',
          line: 3,
          params: { max_lr: 1, total_steps: 3 },
          baseLrs: [0.1],
          unit: 'step',
          steps: 2,
          assumptions: [{ name: 'len(loader)', value: 1000, reason: 'dataset size unknown' }],
          diagnostics: [
            { severity: 'info', line: 3, message: '`verbose` is deprecated in PyTorch 2.x and does not change the schedule' },
            { severity: 'info', line: 3, message: 'The loops run 2000 steps (loops: range(2) (2) × loader (1000)); the schedule declares 3, which is used' },
          ],
          id: 0,
          active: true,
          parent: null,
          children: [],
          naturalSteps: 3,
          naturalStepsSource: 'schedule',
          stepCalls: [
            {
              line: 7,
              unit: 'step',
              afterOptimizerStep: true,
              metric: null,
              loops: [
                { kind: 'epoch', variable: 'epoch', iterable: 'range(2)', count: 2 },
                { kind: 'batch', variable: 'b', iterable: 'loader', count: 1000 },
              ],
            },
          ],
          // PyTorch's OneCycleLR with total_steps=3: phase 1 ends at step -0.1, so the lr starts annealing at once.
          lr: [[0.9944154354509117], [0.46263710266697505], [0.000004]],
          momentum: [[0.8505584586887436], [0.9037365046793212], [0.95]],
        },
      ],
    });
    // Without a cycled momentum (lrOnly) the field is absent; the file's own diagnostics have no line when unplaced.
    assert.equal('momentum' in schedulerJson(r.schedulers[0], { steps: 2, lrOnly: true }), false);
    const fileLevel = reportJson('x.py', { ...r, diagnostics: [{ severity: 'error', message: 'm' }, { severity: 'info', message: 'n', range: r.schedulers[0].range }] }, { steps: 0 });
    assert.deepEqual(fileLevel.diagnostics, [
      { severity: 'error', line: null, message: 'm' },
      { severity: 'info', line: 3, message: 'n' },
    ]);
  });

  it("a factory's construction: definedAtLine, the error where the library raises, one row", () => {
    const f = analyze('import torch\ndef make(opt):\n    return torch.optim.lr_scheduler.StepLR(opt, step_size=0)\nopt = torch.optim.SGD(params, lr=0.1)\nsched = make(opt)\nfor e in range(3):\n    opt.step()\n    sched.step()\n').schedulers[0];
    const j = schedulerJson(f, {});
    assert.equal(j.line, 5);
    assert.equal(j.definedAtLine, 3);
    assert.deepEqual(j.error, { atStep: 1, type: 'ZeroDivisionError', message: 'integer modulo by zero: step_size is 0' });
    assert.deepEqual(j.lr, [[0.1]]);
    // An error's template and arguments stay out of the JSON.
    assert.deepEqual(Object.keys(j.error ?? {}), ['atStep', 'type', 'message']);
  });

  it('timm: the protocol with the epochs run, and one label per call', () => {
    const f = analyze('from timm.scheduler import CosineLRScheduler\nimport torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = CosineLRScheduler(opt, t_initial=2)\nfor epoch in range(2):\n    sched.step(epoch + 1)\n').schedulers[0];
    const j = schedulerJson(f, {});
    assert.deepEqual(j.timm, { epochs: 2, updatesPerEpoch: 0, epochCalls: true, source: 'epochs: range(2) (2)' });
    assert.deepEqual(j.calls, ['init', 'epoch 1', 'epoch 2']);
    assert.deepEqual(j.lr, [[0.1], [0.05], [0]]);
    // --steps 1: the epochs the protocol needs for it.
    const short = schedulerJson(f, { steps: 1 });
    assert.deepEqual([short.timm && (short.timm as { epochs: number }).epochs, short.calls], [1, ['init', 'epoch 1']]);
    assert.equal('timm' in schedulerJson(analyze(ONE_CYCLE).schedulers[0], {}), false);
  });

  it("TrainingArguments: the Trainer's inputs; the synthetic metric is one of a plateau's assumptions", () => {
    const f = analyze('from transformers import TrainingArguments\nargs = TrainingArguments(output_dir="o", learning_rate=1e-4, max_steps=4, warmup_steps=1)\n').schedulers[0];
    const j = schedulerJson(f, {});
    assert.equal((j.trainer as { max_steps: number }).max_steps, 4);
    assert.deepEqual(j.lr, [[0], [0.0001], [0.00006666666666666667], [0.000033333333333333335], [0]]);
    const p = analyze('import torch\nopt = torch.optim.SGD(params, lr=0.1)\nsched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\nfor e in range(3):\n    sched.step(loss)\n').schedulers[0];
    const fc = curveFor(p, {});
    const head = schedulerFields(p, fc);
    assert.deepEqual(head.assumptions.map((a) => a.name), [...p.assumptions.map((a) => a.name), 'metrics']);
    assert.equal('trainer' in head, false);
    assert.equal('error' in head, false);
    // An assumption's source is kept when it has one.
    const withSource = schedulerFields({ ...p, assumptions: [{ name: 'n', value: 1, reason: 'r', source: 'cfg.yaml' }] } as SchedulerFinding, { ...fc, assumptions: [] });
    assert.deepEqual(withSource.assumptions, [{ name: 'n', value: 1, reason: 'r', source: 'cfg.yaml' }]);
  });

  it('stepsPerEpochOf: the batch loop of a step call, else an assumed len(…) of a per-step schedule, else unknown', () => {
    const of = (source: string, assumptions: Record<string, number> = {}) => analyze(source, { assumptions }).schedulers.map(stepsPerEpochOf);
    assert.deepEqual(of(ONE_CYCLE), [1000]);
    const head = 'import torch\nopt = torch.optim.SGD(params, lr=0.1)\n';
    assert.deepEqual(of(head + 'sched = torch.optim.lr_scheduler.StepLR(opt, 2)\nfor e in range(3):\n    for b in loader:\n        opt.step()\n        sched.step()\n', { 'len(loader)': 40 }), [40]);
    // A loop over range(40) inside the epoch loop is not known to be the batch loop.
    assert.deepEqual(of(head + 'sched = torch.optim.lr_scheduler.StepLR(opt, 2)\nfor e in range(3):\n    for b in range(40):\n        opt.step()\n        sched.step()\n'), [null]);
    assert.deepEqual(of(head + 'sched = torch.optim.lr_scheduler.StepLR(opt, 2)\nfor e in range(3):\n    opt.step()\n    sched.step()\n'), [null]);
    // A per-step schedule sized from len(loader) with no step call: the assumed length.
    assert.deepEqual(of(head + 'sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=3 * len(loader))\n'), [null]);
    const f = analyze(head + 'sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=3 * len(loader))\n').schedulers[0];
    assert.equal(stepsPerEpochOf({ ...f, unit: 'step' }), 1000);
    assert.equal(stepsPerEpochOf({ ...f, unit: 'epoch' }), null);
    assert.equal(stepsPerEpochOf({ ...f, unit: 'step', assumptions: [{ name: 'len(loader)', value: 0, reason: '' }] }), null);
    assert.equal(stepsPerEpochOf({ ...f, unit: 'step', assumptions: [{ name: 'len(loader)', value: 'x', reason: '' }] }), null);
    assert.equal(stepsPerEpochOf({ ...f, unit: 'step', assumptions: [{ name: 'x_len(loader)', value: 5, reason: '' }] }), null);
    // A batch loop of unknown or zero length is passed over for the next step call's.
    const loop = (kind: string, count: number | null) => ({ kind, variable: 'b', iterable: 'x', count });
    const call = (loops: ReturnType<typeof loop>[]) => ({ ...f.stepCalls[0], loops }) as SchedulerFinding['stepCalls'][number];
    assert.equal(stepsPerEpochOf({ ...f, assumptions: [], stepCalls: [call([loop('batch', 0)]), call([loop('epoch', 9), loop('batch', 7)])] } as SchedulerFinding), 7);
    assert.equal(stepsPerEpochOf({ ...f, assumptions: [], stepCalls: [call([loop('batch', null), loop('unknown', 5)])] } as SchedulerFinding), null);
    assert.equal(stepsPerEpochOf({ ...f, assumptions: [], stepCalls: undefined } as unknown as SchedulerFinding), null);
  });
});
