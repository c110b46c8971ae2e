/**
 * Learning-rate code LR Lens does not model yet, so that it is never silent about it: a custom
 * scheduler class, a hand-written `param_group['lr'] = …` the analysis could not follow,
 * Lightning's `frequency`. (Config files are read: ./configFiles.ts.) Each gets one info diagnostic at
 * its line; nothing is guessed.
 */
import { ownMessage, type OwnText } from '../l10n/translate';

export interface Unmodelled {
  /** `handwritten` for a `…['lr'] = …` write (the hand-written adapter explains the ones it reads). */
  rule?: 'handwritten';
  start: number;
  end: number;
  text: OwnText;
}

const RULES: Array<{ re: RegExp; text: (m: RegExpExecArray) => OwnText; once?: boolean; rule?: 'handwritten' }> = [
  {
    // class WarmupCosine(torch.optim.lr_scheduler.LRScheduler): … def get_lr(self)
    re: /^[ \t]*class[ \t]+([A-Za-z_]\w*)[ \t]*\(([^)]*\b_?LRScheduler\b[^)]*)\)/gm,
    text: (m) => ownMessage('`{0}` is a custom scheduler class ({1}): LR Lens does not run its get_lr yet, so it draws no curve for it', m[1], m[2].trim()),
  },
  {
    // for g in optimizer.param_groups: g['lr'] = lr   (nanoGPT, MAE, yolov5): drawn by adapters/handwritten.ts
    // when the analysis runs it on an optimizer of the file inside a loop it counts; else said here.
    re: /^[ \t]*([A-Za-z_][\w.]*(?:\[[^\]\n]*\])?)\[[ \t]*(['"])lr\2[ \t]*\][ \t]*(?:[*+\-/]?=)(?!=)/gm,
    text: (m) => ownMessage('`{0}` is set by hand here, but LR Lens could not follow it to an optimizer built in this file and a training loop that runs it, so it draws no curve for it', m[0].trim().replace(/\s*[*+\-/]?=$/, '')),
    rule: 'handwritten',
  },
  {
    re: /(['"])frequency\1\s*:/g,
    text: () => ownMessage("Lightning's `frequency` is not modelled yet: the curve assumes the scheduler steps at every interval"),
  },
];

/** The not-yet-modelled constructs of a file, outside comments. */
export function unmodelled(src: string): Unmodelled[] {
  const out: Unmodelled[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(src); m; m = rule.re.exec(src)) {
      const lineStart = src.lastIndexOf('\n', m.index) + 1;
      if (/^[ \t]*#/.test(src.slice(lineStart, m.index + 1))) continue;
      const start = m.index + (m[0].length - m[0].trimStart().length);
      out.push({ ...(rule.rule ? { rule: rule.rule } : {}), start, end: m.index + m[0].length, text: rule.text(m) });
      if (rule.once) break;
      if (out.length > 50) return out;
    }
  }
  return out;
}
