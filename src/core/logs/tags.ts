/** Which logged names are a learning rate, which an epoch counter, across the loggers. */

/**
 * A learning-rate tag or column: the Trainer's `learning_rate` / `train/learning_rate`, Lightning
 * LearningRateMonitor's `lr-AdamW` and `lr-AdamW/pg1` (not its `-momentum` columns), a bare `lr`,
 * `train/lr`, Keras' `epoch_learning_rate`.
 */
export function isLrTag(tag: string): boolean {
  const t = tag.trim().toLowerCase();
  if (/^lr-[^/]+(\/pg\d+)?$/.test(t)) return !/-(momentum|beta\d?|weight_decay)(\/|$)/.test(t);
  return /(^|[/_.\s-])(learning_rate|lr)((\/|_)(pg|group_?)?\d+)?$/.test(t) && !/(^|[/_])(max|min|init|base|peak)_(lr|learning_rate)$/.test(t);
}

/** Preference among several lr tags: the Trainer's and the first param group's first. */
export function lrTagRank(tag: string): number {
  const t = tag.toLowerCase();
  if (t === 'train/learning_rate' || t === 'learning_rate') return 0;
  if (t === 'lr' || t === 'train/lr') return 1;
  if (/^lr-[^/]+$/.test(t)) return 2;
  if (/(pg|group_?)0$/.test(t)) return 3;
  return 4;
}

export function isEpochTag(tag: string): boolean {
  return /^(train\/)?epoch$/i.test(tag.trim());
}

/** Bookkeeping columns that are not metrics. */
export function isBookkeeping(tag: string): boolean {
  return /^(step|_step|global_step|trainer\/global_step|epoch|_runtime|_timestamp|_wandb.*|created_at|wall_time)$/i.test(tag.trim());
}
