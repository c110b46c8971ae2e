import * as assert from 'node:assert/strict';
import { continuationLines, scanBlocks } from '../../../src/core/python/blocks';
import { TRIGGER } from '../../../src/core/frameworks/adapters/index';
import { analyze } from '../../../src/core/model/analyze';
import { effectiveSchedule, schedulerTypeName } from '../../../src/core/frameworks/getScheduler';

/** The one Python line scanner (blocks.ts) serves the block scan and the generator's continuation lines. */
describe('analysis: the Python line scanner', () => {
  it('marks the lines that continue a statement: brackets, triple-quoted strings, backslashes', () => {
    const src = [
      'x = f(1,', // 0
      '      2)', // 1: inside brackets
      's = """a', // 2
      '# not a comment', // 3: inside the string
      '"""', // 4: still inside
      'y = 1 + \\', // 5
      '    2', // 6: after a backslash
      "z = ')' # (", // 7: brackets in strings and comments do not count
      'w = 3', // 8
    ].join('\n');
    assert.deepEqual(continuationLines(src), [false, true, false, true, true, false, true, false, false]);
  });

  it('a backslash-newline inside a string continues it, and a line count matches the text', () => {
    const src = "a = 'x\\\ny'\nb = 1\n";
    const cont = continuationLines(src);
    assert.equal(cont.length, src.split('\n').length);
    assert.deepEqual(cont, [false, true, false, false]);
  });

  it('splits blocks by the same rules', () => {
    const src = 'x = f(1,\n      2)\ns = """\nimport os\n"""\nsched = StepLR(opt, 3)\n';
    const scan = scanBlocks(src, TRIGGER);
    assert.deepEqual(
      scan.blocks.map((b) => [src.slice(b.start, b.end), b.trigger]),
      [
        ['x = f(1,\n      2)', false],
        ['s = """\nimport os\n"""', false],
        ['sched = StepLR(opt, 3)', true],
      ],
    );
  });

  it('a statement ending in a line of closing quotes is read whole', () => {
    // The block used to end before the closing `"""` line: the string was cut (len 7, not Python's 8).
    const r = analyze('import torch\nDOC = """\nTrain.\n"""\nopt = torch.optim.SGD(p, lr=0.1)\ns = torch.optim.lr_scheduler.StepLR(opt, step_size=len(DOC))\n');
    assert.equal(r.schedulers[0].params.step_size, 8);
  });
});

describe('analysis: get_scheduler resolved in one place', () => {
  it('SchedulerType spellings and the function a name calls', () => {
    assert.equal(schedulerTypeName('SchedulerType.COSINE_WITH_RESTARTS'), 'cosine_with_restarts');
    assert.equal(schedulerTypeName('Linear'), 'linear');
    const spec = { kind: 'get_scheduler', args: { name: 'cosine', num_warmup_steps: 5, num_training_steps: 50, scheduler_specific_kwargs: { num_cycles: 2 } } };
    assert.deepEqual(effectiveSchedule(spec), {
      kind: 'get_cosine_schedule_with_warmup',
      args: { num_warmup_steps: 5, num_training_steps: 50, num_cycles: 2 },
      viaName: 'cosine',
    });
    // An unknown name resolves to itself (the engine raises transformers' error for it).
    assert.equal(effectiveSchedule({ kind: 'get_scheduler', args: { name: 'cosnie' } }).kind, 'get_scheduler');
  });
});
