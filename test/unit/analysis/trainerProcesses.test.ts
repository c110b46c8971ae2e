import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';

/** The Trainer shards data across processes; how many is a named assumption the user can change. */
const SCRIPT = `from transformers import TrainingArguments, Trainer
args = TrainingArguments(output_dir="o", learning_rate=2e-5, num_train_epochs=2, per_device_train_batch_size=16,
                         gradient_accumulation_steps=2, warmup_ratio=0.1, lr_scheduler_type="cosine")
trainer = Trainer(model=model, args=args, train_dataset=train_ds)
`;

describe('analysis: TrainingArguments and the number of training processes', () => {
  it('assumes one process, by name', () => {
    const f = analyze(SCRIPT).schedulers[0];
    const a = f.assumptions.find((x) => x.name === 'number of training processes');
    assert.equal(a?.value, 1);
    // ceil(1000 / 16) = 63 batches; 63 // 2 = 31 updates per epoch; × 2 epochs = 62.
    assert.equal(f.params.num_training_steps, 62);
  });

  it('divides the data across the processes the user says', () => {
    const f = analyze(SCRIPT, { assumptions: { 'number of training processes': 4 } }).schedulers[0];
    // ceil(1000 / 64) = 16 batches; 16 // 2 = 8 per epoch; × 2 = 16; warm-up ceil(1.6) = 2.
    assert.equal(f.params.num_training_steps, 16);
    assert.equal(f.params.num_warmup_steps, 2);
  });
});
