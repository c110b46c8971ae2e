/**
 * 🤗 transformers (and TRL, which builds on it): `TrainingArguments(…)`/`Seq2SeqTrainingArguments`
 * and TRL's configs, `Trainer(…)`/`Seq2SeqTrainer`/TRL's trainers (see ../trainer.ts),
 * `SchedulerType.COSINE` and `SchedulerType('cosine')`, the module paths transformers re-exports
 * names from (its scheduler functions: ./schedulers.ts).
 */
import type { Adapter } from '../adapter';
import { constructTrainer, constructTrainingArguments } from '../trainer';
import { trainingArgsClass } from './argparse';
import { Opaque } from '../../python/values';

const SCHEDULER_TYPE = /^transformers\.(trainer_utils\.)?SchedulerType$/;

export const transformersAdapter: Adapter = {
  name: 'transformers',
  triggers: ['TrainingArguments', 'Trainer\\b'],
  aliases: [[/^transformers\.(optimization|trainer_utils|training_args|trainer|training_args_seq2seq|trainer_seq2seq)\./, 'transformers.']],
  libAttr: (path, name) => (SCHEDULER_TYPE.test(path) ? name.toLowerCase() : undefined),
  callLib: ({ path, lib, args, kwargs, site }, cx) => {
    if (/^transformers\.(Seq2Seq)?TrainingArguments$/.test(path)) return constructTrainingArguments(cx, path, kwargs, site);
    if (/^transformers\.(Seq2Seq)?Trainer$/.test(path) || /^trl(\.trainer)?(\.\w+)?\.\w*Trainer$/.test(path)) return constructTrainer(cx, args, kwargs, site);
    if (trainingArgsClass(lib) && /^trl\b/.test(path)) return constructTrainingArguments(cx, path, kwargs, site);
    if (/^transformers\.SchedulerType$/.test(path)) return typeof args[0] === 'string' ? args[0] : new Opaque(site.text);
    return undefined;
  },
};
