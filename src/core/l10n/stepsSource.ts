/**
 * Where a run length comes from (the analysis' `naturalStepsSource`), in the reader's language:
 * `schedule` → "from the schedule", `loops: range(EPOCHS) (10) × train_loader (1000) × every 4` →
 * "loops: `range(EPOCHS)` (10) × `train_loader` (1000) × every 4", timm's `updates: … (n), epochs: … (m)`
 * the same way; anything else (Lightning's `Trainer(max_steps=…)`) is code. Code (iterables,
 * expressions) stays as written, wrapped by `code`; numbers follow their code in parentheses, so
 * no particle ever follows a number. The page shows it too (its string table lists these
 * templates, src/features/chart/protocol/pageStrings.ts), and localize() applies it to a message's arguments.
 * Pure: no vscode, no DOM.
 */
import { english, type Translate } from './translate';

/** One loop: `train_loader (1000)` → code + count; `every 4`; else code. */
function item(text: string, t: Translate, code: (s: string) => string): string {
  const every = /^every (\d+)$/.exec(text);
  if (every) return t('every {0}', every[1]);
  // `where epoch > swa_start (139)`: the iterations in which a condition on the loop variable holds.
  const where = /^where (.*) \((\d+)\)$/.exec(text);
  if (where) return t('where {0} ({1})', code(where[1]), where[2]);
  const counted = /^(.*) \((\d+|\?)\)$/.exec(text);
  if (counted) return `${counted[1] === 'schedule' ? t('from the schedule') : code(counted[1])} (${counted[2]})`;
  return code(text);
}

export function describeStepsSource(source: string, t: Translate = english, code: (s: string) => string = (s) => `\`${s}\``): string {
  const s = source.trim();
  if (!s) return '';
  if (s === 'schedule') return t('from the schedule');
  const loops = /^loops: (.*)$/.exec(s);
  if (loops) return t('loops: {0}', loops[1].split(' × ').map((x) => item(x, t, code)).join(' × '));
  // timm: `updates: loader (n), epochs: range(E) (m)`.
  const parts = s.split(', ');
  if (parts.every((p) => /^(updates|epochs): /.test(p))) {
    return parts
      .map((p) => {
        const [, what, rest] = /^(updates|epochs): (.*)$/.exec(p)!;
        const body = rest.split(' × ').map((x) => item(x, t, code)).join(' × ');
        return what === 'updates' ? t('updates: {0}', body) : t('epochs: {0}', body);
      })
      .join(', ');
  }
  return code(s);
}
