// Where the generated code goes: imports in the file's style (never duplicated), indentation,
// statements never split, replace-under-cursor, validation messages.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { entryById, stepCounter, type GenContext } from '../../../src/core/generator/catalogue';
import { applyTextEdits } from '../../../src/core/generator/edits';
import { parseParam } from '../../../src/core/generator/params';
import { contextFrom, existingValues, findingAt, planGeneration, schedulersOn, type GenerateMode } from '../../../src/core/generator/plan';
import { resolveValues } from '../../../src/core/generator/validate';

const CTX: GenContext = { lr: 0.1, steps: 1000 };

function call(id: string, values: Record<string, unknown> = {}, ctx = CTX) {
  const r = resolveValues(entryById(id)!, values, ctx);
  assert.ok(r.ok, !r.ok ? r.message : '');
  return r.call;
}

/** Source with a `|` marking the cursor → the text after generating. */
function generate(marked: string, id: string, mode: GenerateMode = 'insert', values: Record<string, unknown> = {}): string {
  const cursor = marked.indexOf('|');
  const source = marked.slice(0, cursor) + marked.slice(cursor + 1);
  const plan = planGeneration({ source, cursor, call: call(id, values), mode, analysis: analyze(source), optimizer: 'optimizer' });
  assert.ok(plan.ok, !plan.ok ? plan.message : '');
  return applyTextEdits(source, plan.edits);
}

describe('generator: where a new scheduler goes', () => {
  it('a cursor above the optimizer (line 0 of a notebook cell) writes it after the optimizer is made', () => {
    const out = generate('|import torch\nmodel = torch.nn.Linear(4, 2)\noptimizer = torch.optim.SGD(\n    model.parameters(), lr=0.1\n)\nEPOCHS = 3', 'torch.step', 'insert', { step_size: 2 });
    assert.equal(out, 'import torch\nfrom torch.optim.lr_scheduler import StepLR\nmodel = torch.nn.Linear(4, 2)\noptimizer = torch.optim.SGD(\n    model.parameters(), lr=0.1\n)\nscheduler = StepLR(optimizer, step_size=2, gamma=0.1)\nEPOCHS = 3');
  });
  it('a comment that mentions scheduler.step() does not count as stepping it: the step() is still written', () => {
    const out = generate('# nothing calls scheduler.step() yet\nimport torch\noptimizer = torch.optim.SGD([], lr=0.1)\n|\nfor epoch in range(3):\n    for b in range(20):\n        optimizer.step()\n', 'torch.step', 'insert', { step_size: 20 });
    assert.match(out, /\n {8}optimizer\.step\(\)\n {8}scheduler\.step\(\)\n$/);
  });
  it('a cursor below the optimizer stays where it is', () => {
    const out = generate('import torch\noptimizer = torch.optim.SGD([], lr=0.1)\nEPOCHS = 3\n|', 'torch.step', 'insert', { step_size: 2 });
    assert.match(out, /EPOCHS = 3\nscheduler = StepLR\(optimizer, step_size=2, gamma=0\.1\)$/);
  });
});

describe('generator: imports', () => {
  it('adds a from-import after the last top-level import when the file has none for the module', () => {
    const out = generate('"""Train."""\nimport torch\nimport math\n\noptimizer = torch.optim.SGD([], lr=0.1)\n|', 'torch.step');
    assert.equal(out, '"""Train."""\nimport torch\nimport math\nfrom torch.optim.lr_scheduler import StepLR\n\noptimizer = torch.optim.SGD([], lr=0.1)\nscheduler = StepLR(optimizer, step_size=333, gamma=0.1)');
  });

  it('extends an existing from-import instead of adding a second one, and does not repeat a name', () => {
    const src = 'import torch\nfrom torch.optim.lr_scheduler import StepLR  # schedules\n\noptimizer = torch.optim.SGD([], lr=0.1)\n|';
    const out = generate(src, 'torch.warmupStep');
    assert.match(out, /^from torch\.optim\.lr_scheduler import StepLR, SequentialLR, LinearLR {2}# schedules$/m);
    assert.equal(out.match(/import/g)!.length, 2);
  });

  it('extends a parenthesized multi-line import inside its parentheses', () => {
    const src = 'import torch\nfrom torch.optim.lr_scheduler import (\n    StepLR,\n    MultiStepLR\n)\noptimizer = torch.optim.SGD([], lr=0.1)\n|';
    const out = generate(src, 'torch.cosine');
    assert.match(out, /import \(\n {4}StepLR,\n {4}MultiStepLR,\n {4}CosineAnnealingLR,\n\)/);
    assert.equal(analyze(out).schedulers[0].kind, 'CosineAnnealingLR');
  });

  it('follows module-qualified styles: lr_scheduler.X, torch.optim.lr_scheduler.X, transformers.X', () => {
    assert.match(
      generate('import torch\nfrom torch.optim import lr_scheduler\noptimizer = torch.optim.SGD([], lr=0.1)\n|', 'torch.cosine'),
      /\nscheduler = lr_scheduler\.CosineAnnealingLR\(optimizer, T_max=1000, eta_min=0\.0\)$/,
    );
    const q = generate('import torch\noptimizer = torch.optim.SGD([], lr=0.1)\ns0 = torch.optim.lr_scheduler.StepLR(optimizer, 3)\n|', 'torch.cosine');
    assert.match(q, /\nscheduler = torch\.optim\.lr_scheduler\.CosineAnnealingLR\(/);
    assert.ok(!q.includes('from torch.optim.lr_scheduler'), 'no import added');
    const hf = generate('import torch\nimport transformers\noptimizer = torch.optim.AdamW([], lr=5e-5)\n|', 'hf.linear');
    // 109 characters on one line: one argument per line (black's 88).
    assert.match(hf, /\nscheduler = transformers\.get_linear_schedule_with_warmup\(\n {4}optimizer,\n {4}num_warmup_steps=100,\n {4}num_training_steps=1000,\n\)$/);
  });

  it('imports the newer transformers schedules from transformers.optimization', () => {
    const out = generate('import torch\n\noptimizer = torch.optim.AdamW([], lr=5e-5)\n|', 'hf.cosineMinLr');
    assert.match(out, /^from transformers\.optimization import get_cosine_with_min_lr_schedule_with_warmup$/m);
  });

  it('puts the import at the top of a file without imports, after its docstring', () => {
    const out = generate('#!/usr/bin/env python\n"""Doc."""\noptimizer = make()\n|', 'torch.step');
    assert.ok(out.startsWith('#!/usr/bin/env python\n"""Doc."""\nfrom torch.optim.lr_scheduler import StepLR\noptimizer = make()\n'), out);
  });
});

describe('generator: placement and indentation', () => {
  it('keeps the indentation of a blank line inside a function body, one level after a colon', () => {
    const src = 'import torch\n\ndef main():\n    optimizer = torch.optim.SGD([], lr=0.1)\n|\n';
    assert.match(generate(src, 'torch.step'), /\n {4}optimizer = .*\n {4}scheduler = StepLR\(optimizer, step_size=333, gamma=0\.1\)\n$/);
    const afterColon = 'import torch\nfor epoch in range(3):\n|\n';
    assert.match(generate(afterColon, 'torch.step'), /range\(3\):\n {4}scheduler = StepLR/);
  });

  it('indents every line of a multi-line call and its def with the place it goes', () => {
    const src = 'import torch\n\n\ndef main():\n\toptimizer = torch.optim.SGD([], lr=0.1)\n\t|\n';
    const out = generate(src, 'torch.lambdaWarmupLinear');
    assert.match(out, /\n\tdef lr_lambda\(step\):\n\t\t# linear warm-up.*\n\t\tif step < 100:\n\t\t\treturn step \/ 100\n\t\treturn max\(0\.0, \(1000 - step\) \/ \(1000 - 100\)\)\n\n\tscheduler = LambdaLR\(optimizer, lr_lambda=lr_lambda\)\n$/);
    const seq = generate('import torch\n\ndef main():\n    optimizer = torch.optim.SGD([], lr=0.1)\n    |', 'torch.warmupCosine');
    assert.match(seq, /\n {4}scheduler = SequentialLR\(\n {8}optimizer,\n {8}schedulers=\[\n {12}LinearLR\(.*\),\n {12}CosineAnnealingLR\(.*\),\n {8}\],\n {8}milestones=\[100\],\n {4}\)$/);
  });

  it('never splits a statement: a cursor inside a multi-line call inserts after it', () => {
    const src = 'import torch\noptimizer = torch.optim.SGD(\n    [],|\n    lr=0.1,\n)\nprint("x")\n';
    const out = generate(src, 'torch.step');
    assert.match(out, /lr=0\.1,\n\)\nscheduler = StepLR\(optimizer, step_size=333, gamma=0\.1\)\nprint/);
  });

  it('a cursor at the start of a line inserts before it; CRLF files stay CRLF', () => {
    const out = generate('import torch\r\noptimizer = torch.optim.SGD([], lr=0.1)\r\n|print(1)\r\n', 'torch.step');
    assert.equal(out, 'import torch\r\nfrom torch.optim.lr_scheduler import StepLR\r\noptimizer = torch.optim.SGD([], lr=0.1)\r\nscheduler = StepLR(optimizer, step_size=333, gamma=0.1)\r\nprint(1)\r\n');
  });

  it('picks a free variable name and a free lambda name', () => {
    const src = 'import torch\noptimizer = torch.optim.SGD([], lr=0.1)\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, 3)\ndef lr_lambda(e):\n    return 1.0\n|';
    const out = generate(src, 'torch.lambdaWarmupLinear');
    assert.match(out, /def lr_lambda_2\(step\):/);
    assert.match(out, /\nlr_scheduler = torch\.optim\.lr_scheduler\.LambdaLR\(optimizer, lr_lambda=lr_lambda_2\)$/);
  });
});

describe('generator: replace the scheduler under the cursor', () => {
  const src = [
    'import torch',
    'from torch.optim.lr_scheduler import StepLR',
    '',
    'def main():',
    '    opt = torch.optim.SGD([], lr=0.1)',
    '    sched = StepLR(',
    '        opt, step_size=|30,',
    '        gamma=0.5)',
    '    for _ in range(10):',
    '        sched.step()',
    '',
  ].join('\n');

  it('replaces the whole call, keeps the variable and the optimizer, and re-indents continuation lines', () => {
    const cursor = src.indexOf('|');
    const source = src.replace('|', '');
    const r = resolveValues(entryById('torch.warmupCosine')!, {}, CTX);
    assert.ok(r.ok);
    const plan = planGeneration({ source, cursor, call: r.call, mode: 'replace', analysis: analyze(source) });
    assert.ok(plan.ok, !plan.ok ? plan.message : '');
    assert.equal(plan.replaced?.kind, 'StepLR');
    const out = applyTextEdits(source, plan.edits);
    assert.match(out, /\n {4}sched = SequentialLR\(\n {8}opt,\n {8}schedulers=\[\n {12}LinearLR\(opt, /);
    assert.match(out, /^from torch\.optim\.lr_scheduler import StepLR, SequentialLR, LinearLR, CosineAnnealingLR$/m);
    const f = analyze(out).schedulers.find((s) => s.parent === null)!;
    assert.equal(f.kind, 'SequentialLR');
    assert.equal(f.name, 'sched');
  });

  it('puts a helper def before the statement, at its indentation', () => {
    const cursor = src.indexOf('|');
    const source = src.replace('|', '');
    const r = resolveValues(entryById('torch.lambdaWarmupLinear')!, { num_warmup_steps: 2, num_training_steps: 10 }, CTX);
    assert.ok(r.ok);
    const plan = planGeneration({ source, cursor, call: r.call, mode: 'replace', analysis: analyze(source) });
    assert.ok(plan.ok);
    const out = applyTextEdits(source, plan.edits);
    assert.match(out, /\n {4}opt = .*\n {4}def lr_lambda\(step\):\n(?: {8}.*\n)+\n {4}sched = LambdaLR\(opt, lr_lambda=lr_lambda\)\n {4}for/);
    assert.equal(analyze(out).schedulers[0].kind, 'LambdaLR');
  });

  it('says so when no scheduler is under the cursor', () => {
    const source = 'import torch\noptimizer = torch.optim.SGD([], lr=0.1)\n';
    const plan = planGeneration({ source, cursor: 3, call: call('torch.step'), mode: 'replace', analysis: analyze(source) });
    assert.equal(plan.ok, false);
    assert.match(!plan.ok ? plan.message : '', /no scheduler call under the cursor/);
  });
});

describe('generator: defaults and validation', () => {
  it('takes the optimizer, its lr and the run length from the scheduler the analysis found', () => {
    const source = 'import torch\nopt = torch.optim.AdamW([], lr=3e-4)\ns = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.01, total_steps=777)\n\n';
    const ctx = contextFrom(source, analyze(source), source.length, { lr: 1e-3, steps: 1000 });
    assert.deepEqual(ctx, { optimizer: 'opt', optimizerType: 'AdamW', lr: 3e-4, steps: 777, source: 'scheduler' });
  });

  it('without a scheduler: the lr as the code computes it, and the run length from the loops around scheduler.step()', () => {
    const source = [
      'import torch',
      'BASE = 0.02',
      'def train():',
      '    optimizer = torch.optim.AdamW([], lr=BASE * 2)',
      '    ',
      '    for epoch in range(4):',
      '        for batch in range(25):',
      '            optimizer.step()',
      '            scheduler.step()',
      '',
    ].join('\n');
    const cursor = source.indexOf('    \n') + 4;
    assert.deepEqual(contextFrom(source, analyze(source), cursor, { lr: 1e-3, steps: 500 }), {
      optimizer: 'optimizer',
      optimizerType: 'AdamW',
      lr: 0.04,
      steps: 100,
      // The batch loop inside the epoch loop: timm's lengths are asked in epochs of 25 steps.
      stepsPerEpoch: 25,
      source: 'optimizer',
    });
  });

  it('falls back to the last optimizer assignment, then to the settings', () => {
    const source = 'import torch\nmodel_opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)\n';
    assert.deepEqual(contextFrom(source, analyze(source), source.length, { lr: 1e-3, steps: 500 }), {
      optimizer: 'model_opt',
      optimizerType: 'SGD',
      lr: 0.05,
      steps: 500,
      source: 'optimizer',
    });
    assert.equal(contextFrom('x = 1\n', analyze('x = 1\n'), 0, { lr: 1e-3, steps: 500 }).source, 'defaults');
  });

  it('says what is wrong with a typed value', () => {
    const msg = (kind: string, name: string, text: string) => {
      const p = parseParam(kind, name, text);
      return p.ok ? 'ok' : p.message;
    };
    assert.equal(msg('CosineAnnealingLR', 'T_max', '-3'), 'T_max must be a positive integer, got -3');
    assert.equal(msg('CosineAnnealingLR', 'T_max', '2.5'), 'T_max must be a positive integer, got 2.5');
    assert.equal(msg('StepLR', 'gamma', 'abc'), 'gamma must be a number > 0, got abc');
    assert.equal(msg('OneCycleLR', 'pct_start', '1'), 'pct_start must be a number in (0, 1), got 1');
    assert.equal(msg('OneCycleLR', 'anneal_strategy', 'cosine'), "anneal_strategy must be one of 'cos', 'linear', got cosine");
    assert.equal(msg('MultiStepLR', 'milestones', '60, 30'), 'milestones must be a list of increasing positive integers (e.g. 30, 60, 90), got 60, 30');
    assert.equal(msg('get_linear_schedule_with_warmup', 'num_warmup_steps', ''), 'num_warmup_steps must be an integer ≥ 0, got nothing');
    assert.deepEqual(parseParam('MultiStepLR', 'milestones', '[30, 60, 1_000]'), { ok: true, value: [30, 60, 1000] });
    assert.deepEqual(parseParam('StepLR', 'gamma', '5e-1'), { ok: true, value: 0.5 });
  });

  it('checks relations between parameters and the library constructor', () => {
    const msg = (id: string, v: Record<string, unknown>) => {
      const r = resolveValues(entryById(id)!, v, CTX);
      return r.ok ? 'ok' : r.message;
    };
    assert.equal(msg('hf.linear', { num_warmup_steps: 2000 }), 'num_warmup_steps (2000) must be smaller than num_training_steps (1000)');
    assert.equal(msg('torch.warmupCosine', { warmup_steps: 1000 }), 'warmup_steps (1000) must be shorter than the run (1000 steps)');
    assert.equal(msg('hf.polynomial', { lr_end: 0.5 }), 'get_polynomial_decay_schedule_with_warmup would raise ValueError: lr_end (0.5) must be smaller than initial lr (0.1)');
    assert.equal(msg('torch.step', { step_size: '0' }), 'step_size must be a positive integer, got 0');
    assert.match(msg('torch.step', { T_max: 3 }), /has no parameter T_max \(it asks for step_size, gamma\)/);
  });
});

describe('generator: a scheduler nothing steps gets its .step() (issue 18)', () => {
  const LOOP = [
    'import torch',
    'EPOCHS = 30',
    'loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.randn(3200, 16)), batch_size=32)',
    'optimizer = torch.optim.SGD([], lr=0.1)',
    '|',
    'for epoch in range(EPOCHS):',
    '    for i, batch in enumerate(loader):',
    '        loss = model(batch).sum()',
    '        loss.backward()',
    '        optimizer.step()',
    '        optimizer.zero_grad()',
    '    val_loss = evaluate(model)',
    '    print(epoch, val_loss)',
    '',
  ].join('\n');

  it('writes scheduler.step() right after optimizer.step() for a per-batch schedule, and the analysis then steps it per batch', () => {
    const out = generate(LOOP, 'torch.cosine');
    assert.match(out, /\n {8}optimizer\.step\(\)\n {8}scheduler\.step\(\)\n {8}optimizer\.zero_grad\(\)/);
    const f = analyze(out).schedulers[0];
    assert.equal(f.stepCalls.length, 1);
    assert.equal(f.stepCalls[0].unit, 'step');
  });

  it('writes scheduler.step(val_loss) at the end of the epoch loop for ReduceLROnPlateau', () => {
    const out = generate(LOOP, 'torch.plateau');
    assert.match(out, /\n {4}print\(epoch, val_loss\)\n {4}scheduler\.step\(val_loss\)\n$/);
    const f = analyze(out).schedulers[0];
    assert.equal(f.stepCalls[0].unit, 'epoch');
    assert.equal(f.stepCalls[0].metric, 'val_loss');
  });

  it('adds nothing when the loop already steps it, and says why when there is no loop after the cursor', () => {
    const stepped = LOOP.replace('optimizer.zero_grad()', 'scheduler.step()');
    assert.equal(generate(stepped, 'torch.cosine').match(/scheduler\.step\(\)/g)!.length, 1);
    const cursor = LOOP.indexOf('|');
    const source = LOOP.slice(0, cursor) + LOOP.slice(cursor + 1) + 'x = 1\n';
    const plan = planGeneration({ source, cursor: source.length, call: call('torch.cosine'), mode: 'insert', analysis: analyze(source), optimizer: 'optimizer' });
    assert.ok(plan.ok && plan.stepNote && !plan.step);
  });

  it('keeps the step under the accumulation guard, so it counts optimizer steps', () => {
    const acc = LOOP.replace('        optimizer.step()\n        optimizer.zero_grad()', '        if (i + 1) % 4 == 0:\n            optimizer.step()\n            optimizer.zero_grad()');
    const out = generate(acc, 'torch.cosine');
    assert.match(out, /\n {12}optimizer\.step\(\)\n {12}scheduler\.step\(\)\n/);
  });

  it('takes the default run length from the loops: EPOCHS × len(loader), accumulation included', () => {
    // 100 batches an epoch, written so that no dataset size has to be assumed.
    const source = LOOP.replace('|', '').replace('enumerate(loader)', 'enumerate(range(100))');
    const cursor = LOOP.indexOf('|');
    assert.equal(contextFrom(source, analyze(source), cursor, { lr: 1e-3, steps: 1000 }).steps, 30 * 100);
    const acc = source.replace('        optimizer.step()\n        optimizer.zero_grad()', '        if (i + 1) % 4 == 0:\n            optimizer.step()\n            optimizer.zero_grad()');
    assert.equal(contextFrom(acc, analyze(acc), cursor, { lr: 1e-3, steps: 1000 }).steps, 30 * 25);
  });
});

describe('generator: warm-up and decay add up to the run; an honest step counter (issue 18)', () => {
  it('warm-up 500 + cosine: T_max = run − 500 (not 900), so the schedule ends with the run', () => {
    const ctx = { lr: 0.1, steps: 1000 };
    const r = resolveValues(entryById('torch.warmupCosine')!, { warmup_steps: 500 }, ctx);
    assert.ok(r.ok);
    assert.equal(r.values.T_max, 500);
    const d = resolveValues(entryById('torch.warmupCosine')!, {}, ctx);
    assert.ok(d.ok);
    assert.equal((d.values.warmup_steps as number) + (d.values.T_max as number), 1000);
    const s = resolveValues(entryById('torch.warmupStep')!, { warmup_steps: 400 }, ctx);
    assert.ok(s.ok);
    assert.equal(s.values.step_size, 200);
  });

  it('the counter never contradicts itself: a range before the schedule is chosen, then its own total', () => {
    const cosine = entryById('torch.warmupCosine')!;
    const first = stepCounter(0, undefined, undefined);
    const second = stepCounter(1, 'torch', undefined);
    // The whole catalogue: schedules with 0 to 7 parameters (timm's cosine); PyTorch's all have at least one.
    assert.equal(first, '1/2–9');
    assert.equal(second, '2/3–6');
    assert.equal(stepCounter(2, 'torch', cosine), '3/6');
    // Every total a range offers is reachable, and the chosen total lies in it.
    const [lo, hi] = second.slice(2).split('–').map(Number);
    assert.ok(lo <= 6 && 6 <= hi);
  });
});

describe('generator: "Change Scheduler" keeps what the new schedule shares (issue 18)', () => {
  it('T_max=EPOCHS stays EPOCHS and eta_min=1e-4 stays, changing CosineAnnealingLR into warm-up + cosine', () => {
    const source = [
      'import torch',
      'from torch.optim.lr_scheduler import CosineAnnealingLR',
      'EPOCHS = 30',
      'optimizer = torch.optim.SGD([], lr=0.1)',
      'scheduler = CosineAnnealingLR(optimizer, T_max=EPOCHS, eta_min=1e-4)',
      'for epoch in range(EPOCHS):',
      '    scheduler.step()',
      '',
    ].join('\n');
    const analysis = analyze(source);
    const cursor = source.indexOf('CosineAnnealingLR(optimizer') + 3;
    const under = analysis.schedulers[0];
    const ctx = { lr: 0.1, steps: 1000, existing: existingValues(under) };
    assert.deepEqual(ctx.existing, { T_max: 30, eta_min: 1e-4 });
    // Plain cosine: both kept as written.
    const same = resolveValues(entryById('torch.cosine')!, {}, ctx);
    assert.ok(same.ok);
    const p1 = planGeneration({ source, cursor, call: same.call, mode: 'replace', analysis });
    assert.ok(p1.ok);
    assert.match(applyTextEdits(source, p1.edits), /\nscheduler = CosineAnnealingLR\(optimizer, T_max=EPOCHS, eta_min=1e-4\)\n/);
    // Warm-up 5 + cosine: the nested cosine keeps both, the warm-up is new.
    const warm = resolveValues(entryById('torch.warmupCosine')!, { warmup_steps: 5 }, ctx);
    assert.ok(warm.ok);
    const p2 = planGeneration({ source, cursor, call: warm.call, mode: 'replace', analysis });
    assert.ok(p2.ok);
    const out = applyTextEdits(source, p2.edits);
    assert.match(out, /CosineAnnealingLR\(optimizer, T_max=EPOCHS, eta_min=1e-4\)/);
    assert.match(out, /milestones=\[5\]/);
    // A value the user changed is written as the number.
    const changed = resolveValues(entryById('torch.cosine')!, { T_max: 40 }, ctx);
    assert.ok(changed.ok);
    const p3 = planGeneration({ source, cursor, call: changed.call, mode: 'replace', analysis });
    assert.ok(p3.ok);
    assert.match(applyTextEdits(source, p3.edits), /CosineAnnealingLR\(optimizer, T_max=40, eta_min=1e-4\)/);
  });
});

describe('generator: a second scheduler on one optimizer is found before it is added (issue 18)', () => {
  it('lists the schedulers already built on the optimizer, not those on another one', () => {
    const source = [
      'import torch',
      'optimizer = torch.optim.SGD([], lr=0.1)',
      'other = torch.optim.SGD([], lr=0.1)',
      'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3)',
      'aux = torch.optim.lr_scheduler.StepLR(other, step_size=3)',
      '',
    ].join('\n');
    const a = analyze(source);
    assert.deepEqual(schedulersOn(a, 'optimizer').map((f) => [f.kind, f.line, f.name]), [['StepLR', 4, 'scheduler']]);
    assert.deepEqual(schedulersOn(a, 'other').map((f) => f.name), ['aux']);
    assert.deepEqual(schedulersOn(a, 'opt2'), []);
  });
});

describe('generator: timm, diffusers and DeepSpeed', () => {
  const TRAIN = [
    'import torch',
    'from timm.scheduler import create_scheduler_v2',
    '',
    'model = torch.nn.Linear(4, 2)',
    'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
    'loader = torch.utils.data.DataLoader(list(range(500)), batch_size=10)',
    '|for epoch in range(30):',
    '    for x in loader:',
    '        loss = model(x).sum()',
    '        optimizer.step()',
    '    print(epoch)',
    '',
  ].join('\n');

  it("timm: imported from timm.scheduler (the file's import extended), lengths in epochs from the loops, stepped as train.py steps it", () => {
    const marked = TRAIN;
    const source = marked.replace('|', '');
    const cursor = marked.indexOf('|');
    const ctx = contextFrom(source, analyze(source), cursor, { lr: 1e-3, steps: 100 });
    assert.deepEqual([ctx.steps, ctx.stepsPerEpoch, ctx.lr], [1500, 50, 0.1]);
    const r = resolveValues(entryById('timm.cosine')!, { warmup_t: 3, lr_min: 1e-5, warmup_lr_init: 1e-4 }, ctx);
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.equal(r.values.t_initial, 30, 't_initial in epochs');
    const plan = planGeneration({ source, cursor, call: r.call, mode: 'insert', analysis: analyze(source), optimizer: 'optimizer' });
    assert.ok(plan.ok);
    const out = applyTextEdits(source, plan.edits);
    assert.equal(
      out,
      [
        'import torch',
        'from timm.scheduler import create_scheduler_v2, CosineLRScheduler',
        '',
        'model = torch.nn.Linear(4, 2)',
        'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
        'loader = torch.utils.data.DataLoader(list(range(500)), batch_size=10)',
        'scheduler = CosineLRScheduler(',
        '    optimizer,',
        '    t_initial=30,',
        '    lr_min=0.00001,',
        '    warmup_t=3,',
        '    warmup_lr_init=0.0001,',
        '    cycle_limit=1,',
        '    cycle_mul=1.0,',
        '    cycle_decay=1.0,',
        ')',
        'num_updates = 0',
        'for epoch in range(30):',
        '    for x in loader:',
        '        loss = model(x).sum()',
        '        optimizer.step()',
        '        num_updates += 1',
        '        scheduler.step_update(num_updates=num_updates)',
        '    print(epoch)',
        '    scheduler.step(epoch + 1)',
        '',
      ].join('\n'),
    );
    assert.deepEqual([plan.step?.text, plan.epochStep?.text], ['scheduler.step_update(num_updates=num_updates)', 'scheduler.step(epoch + 1)']);
    const f = analyze(out).schedulers.find((s) => s.name === 'scheduler')!;
    assert.deepEqual(f.timm && [f.timm.epochs, f.timm.updatesPerEpoch, f.timm.epochCalls], [30, 50, true]);
    // The file's own timm schedule gives the same context (its optimizer steps and updates per epoch).
    const again = contextFrom(out, analyze(out), out.indexOf('scheduler = '), { lr: 1e-3, steps: 100 });
    assert.deepEqual([again.steps, again.stepsPerEpoch], [1500, 50]);
  });

  it('Change Scheduler on a timm or DeepSpeed call: found under the cursor, replaced keeping the shared values as written; a second one on the optimizer is seen', () => {
    const src = TRAIN.replace('|for epoch', 'scheduler = CosineLRScheduler(optimizer, t_initial=EPOCHS, warmup_t=WARM, lr_min=1e-5)\nfor epoch')
      .replace('from timm.scheduler import create_scheduler_v2', 'from timm.scheduler import CosineLRScheduler\nEPOCHS = 30\nWARM = 2')
      .replace('    print(epoch)', '        scheduler.step_update(num_updates=epoch * 50)\n    scheduler.step(epoch + 1)');
    const a = analyze(src);
    const cursor = src.indexOf('CosineLRScheduler(optimizer') + 3;
    const ctx = contextFrom(src, a, cursor, { lr: 1e-3, steps: 100 });
    assert.deepEqual([ctx.source, ctx.steps, ctx.stepsPerEpoch], ['scheduler', 1500, 50]);
    assert.deepEqual(schedulersOn(a, 'optimizer').map((f) => f.kind), ['CosineLRScheduler']);
    const f = a.schedulers[0];
    const r = resolveValues(entryById('timm.step')!, {}, { ...ctx, existing: existingValues(f) });
    assert.ok(r.ok);
    assert.equal(r.values.warmup_t, 2, 'the shared warm-up keeps its value');
    const plan = planGeneration({ source: src, cursor, call: r.call, mode: 'replace', analysis: a });
    assert.ok(plan.ok, !plan.ok ? plan.message : '');
    const out = applyTextEdits(src, plan.edits);
    assert.ok(out.includes('\nscheduler = StepLRScheduler(\n    optimizer,\n    decay_t=10,\n    decay_rate=0.1,\n    warmup_t=WARM,\n    warmup_lr_init=0.001,\n)\nfor epoch'), out);
    assert.match(out, /^from timm\.scheduler import CosineLRScheduler, StepLRScheduler$/m);
    // A ds_config's scheduler is not a call to replace.
    const ds = 'import deepspeed\nengine, opt, _, sched = deepspeed.initialize(model=m, config={"scheduler": {"type": "WarmupLR", "params": {}}})\n';
    assert.equal(findingAt(analyze(ds), ds, ds.indexOf('initialize') + 2), undefined);
  });

  it('timm: one loop only, or already stepped: the two calls are left to the user, with a message saying which', () => {
    const one = 'import torch\noptimizer = torch.optim.SGD([], lr=0.1)\n|for x in range(10):\n    optimizer.step()\n';
    const cursor = one.indexOf('|');
    const source = one.replace('|', '');
    const plan = planGeneration({ source, cursor, call: call('timm.step'), mode: 'insert', optimizer: 'optimizer' });
    assert.ok(plan.ok && !plan.step && /timm schedulers are stepped twice/.test(plan.stepNote ?? ''));
    const stepped = TRAIN.replace('    print(epoch)', '    scheduler.step(epoch + 1)');
    const p2 = planGeneration({ source: stepped.replace('|', ''), cursor: stepped.indexOf('|'), call: call('timm.step'), mode: 'insert', optimizer: 'optimizer' });
    assert.ok(p2.ok && !p2.step && !p2.stepNote);
    // Warm-up as long as the schedule is refused before anything is written.
    const bad = resolveValues(entryById('timm.cosine')!, { t_initial: 5, warmup_t: 5 }, CTX);
    assert.deepEqual(bad, { ok: false, message: 'warmup_t (5) must be smaller than t_initial (5)' });
  });

  it("diffusers: get_scheduler(name, optimizer, …) from diffusers.optimization; piecewise_constant with its step_rules, checked by diffusers' own parser", () => {
    const head = 'import torch\noptimizer = torch.optim.AdamW([], lr=1e-4)\n|';
    assert.equal(
      generate(head, 'diffusers.getScheduler', 'insert', { name: 'constant_with_warmup', num_warmup_steps: 10, num_training_steps: 100 }),
      'import torch\nfrom diffusers.optimization import get_scheduler\noptimizer = torch.optim.AdamW([], lr=1e-4)\nscheduler = get_scheduler(\n    "constant_with_warmup",\n    optimizer,\n    num_warmup_steps=10,\n    num_training_steps=100,\n)',
    );
    const out = generate(head, 'diffusers.piecewise', 'insert', { step_rules: '1:10,0.5:20,0.1' });
    assert.match(out, /get_scheduler\("piecewise_constant", optimizer, step_rules="1:10,0\.5:20,0\.1"\)$/);
    const f = analyze(out).schedulers[0];
    assert.equal(f.spec.kind, 'diffusers.get_scheduler');
    assert.ok(!resolveValues(entryById('diffusers.piecewise')!, { step_rules: '1:x' }, CTX).ok, "diffusers' own parser refuses it");
  });

  it('DeepSpeed: the lr_schedules class, imported from deepspeed.runtime.lr_schedules, stepped after optimizer.step()', () => {
    const src = 'import torch\noptimizer = torch.optim.AdamW([], lr=3e-4)\n|\nfor step in range(1000):\n    optimizer.step()\n';
    const out = generate(src, 'deepspeed.warmupDecay', 'insert', { warmup_num_steps: 100 });
    assert.equal(
      out,
      'import torch\nfrom deepspeed.runtime.lr_schedules import WarmupDecayLR\noptimizer = torch.optim.AdamW([], lr=3e-4)\nscheduler = WarmupDecayLR(\n    optimizer,\n    total_num_steps=1000,\n    warmup_num_steps=100,\n    warmup_min_lr=0.0,\n    warmup_max_lr=0.1,\n    warmup_type="linear",\n)\nfor step in range(1000):\n    optimizer.step()\n    scheduler.step()\n',
    );
    assert.equal(analyze(out).schedulers[0].naturalSteps, 1000);
    assert.deepEqual(resolveValues(entryById('deepspeed.warmupDecay')!, { warmup_num_steps: 1000, total_num_steps: 1000 }, CTX), {
      ok: false,
      message: 'warmup_num_steps (1000) must be smaller than total_num_steps (1000)',
    });
  });
});
