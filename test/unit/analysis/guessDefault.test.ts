import * as assert from 'node:assert/strict';
import { assumptionName, guessDefault } from '../../../src/core/model/assumptions';

/**
 * The defaults an unknown value gets by the name it is read from (issue 20: every rule of the table
 * pinned by value and reason, with the names that tell its pattern's anchors apart).
 */
const D = { datasetSize: 1000, runLength: 100 };

describe('assumptions: guessDefault by name', () => {
  const cases: Array<[string, number, string]> = [
    ['len(train_loader)', 1000, 'dataset size unknown'],
    // Only a call of len itself: another function's `…len(` is a plain unknown.
    ['max_len(x)', 1, 'value unknown without running the program'],
    ['args.warmup_ratio', 0.1, 'warm-up fraction unknown'],
    ['args.warmup_steps_ratio', 0.1, 'warm-up fraction unknown'],
    ['args.min_lr', 0, 'minimum lr unknown'],
    ['cfg.min_base_lr', 0, 'minimum lr unknown'],
    ['eta_min', 0, 'minimum lr unknown'],
    ['max_lr', 0.01, 'peak lr unknown'],
    ['hyp["lrf"]', 0.01, 'final lr fraction unknown'],
    ['hyp["xlrf"]', 1, 'value unknown without running the program'],
    ['hyp["lrfx"]', 1, 'value unknown without running the program'],
    ['args["--bert-lr"]', 0.001, 'learning rate unknown'],
    ['args.lr', 0.001, 'learning rate unknown'],
    ['cfg.init_lr', 0.001, 'learning rate unknown'],
    ['learning_rate', 0.001, 'learning rate unknown'],
    ['cfg.lr_scale', 1, 'value unknown without running the program'],
    ['x_learning_rate_y', 1, 'value unknown without running the program'],
    ['xlr', 1, 'value unknown without running the program'],
    ['lrx', 1, 'value unknown without running the program'],
    ['args.lr_warmup_decay', 1 / 3, 'warm-up factor unknown'],
    ['warmup_lr_decay', 1 / 3, 'warm-up factor unknown'],
    ['factor', 1 / 3, 'warm-up factor unknown'],
    ['factor_x', 0.1, 'decay factor unknown'],
    ['args.lr_warmup_steps', 10, 'warm-up length unknown'],
    ['grad_accum', 1, 'gradient accumulation unknown'],
    ['gradaccum', 1, 'gradient accumulation unknown'],
    ['accelerator.num_processes', 1, 'number of processes unknown'],
    ['trainer.estimated_stepping_batches', 100, 'run length unknown'],
    ['args.batch_size', 32, 'batch size unknown'],
    ['args.num_epochs', 10, 'number of epochs unknown'],
    // The epoch a run is at, not a count: by a prefix, or a bare `epoch` of an iterator, a state or a checkpoint.
    ['args.start_epoch', 0, 'current epoch unknown: assumed at the start'],
    ['trainer.current_epoch', 0, 'current epoch unknown: assumed at the start'],
    ['resumeepoch', 0, 'current epoch unknown: assumed at the start'],
    ['last_epoch_x', 10, 'number of epochs unknown'],
    ['xstart_epoch', 10, 'number of epochs unknown'],
    ['train_iterator.epoch', 0, 'current epoch unknown: assumed at the start'],
    ['state["epoch"]', 0, 'current epoch unknown: assumed at the start'],
    ["ckpt['epoch']", 0, 'current epoch unknown: assumed at the start'],
    ['sampler_state.epoch', 0, 'current epoch unknown: assumed at the start'],
    ['args.epoch', 10, 'number of epochs unknown'],
    ['state.epochs', 10, 'number of epochs unknown'],
    ['state.epoch_count', 10, 'number of epochs unknown'],
    ['stateepoch', 10, 'number of epochs unknown'],
    ['args.gamma', 0.1, 'decay factor unknown'],
    ['args.step_size', 30, 'decay period unknown'],
    ['args.patience', 10, 'patience unknown'],
    ['args.iterations', 100, 'run length unknown'],
    ['args.gpus', 1, 'number of devices unknown'],
    ['args.beta1', 0.9, 'momentum unknown'],
    ['args.num_samples', 1000, 'dataset size unknown'],
    ['args.seed', 1, 'value unknown without running the program'],
    // The last part of the name decides first: `config.batch.lr` is an lr, not a batch size.
    ['config.batch.lr', 0.001, 'learning rate unknown'],
    // A name whose last part says nothing is read whole.
    ['cfg["batch"].x', 32, 'batch size unknown'],
    // Trailing separators: the last non-empty part.
    ['cfg.lr.', 0.001, 'learning rate unknown'],
  ];
  for (const [name, value, reason] of cases) {
    it(`${name} → ${value} (${reason})`, () => {
      assert.deepEqual(guessDefault(name, D), { value, reason });
    });
  }

  it('the run-length defaults follow the setting: a warm-up is a tenth of it', () => {
    assert.deepEqual(guessDefault('warmup_steps', { datasetSize: 5, runLength: 2000 }), { value: 200, reason: 'warm-up length unknown' });
    assert.deepEqual(guessDefault('len(x)', { datasetSize: 5, runLength: 2000 }), { value: 5, reason: 'dataset size unknown' });
  });
});

describe('assumptions: the name an assumption is listed by', () => {
  it('is the code\'s text up to 120 characters, else its first 117 and "..."', () => {
    assert.equal(assumptionName('len(train_loader)'), 'len(train_loader)');
    const at120 = 'a'.repeat(120);
    assert.equal(assumptionName(at120), at120);
    const long = 'b'.repeat(100) + 'c'.repeat(21);
    assert.equal(assumptionName(long), 'b'.repeat(100) + 'c'.repeat(17) + '...');
    assert.equal(assumptionName(long).length, 120);
  });
});
