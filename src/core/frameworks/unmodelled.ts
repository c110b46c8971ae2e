/**
 * Learning-rate code LR Lens does not model yet, so that it is never silent about it: a custom
 * scheduler class it could not run (or did not see constructed), a hand-written
 * `param_group['lr'] = …` the analysis could not follow. (Config files are read: ./configFiles.ts;
 * Lightning's `frequency` is modelled: ./adapters/lightning.ts.) Each gets one info diagnostic at
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

/** What became of the file's scheduler classes (subclass.ts's verdicts): null drawn, a string why not, undefined never constructed. */
export type ClassVerdict = (className: string) => string | null | undefined;

const RULES: Array<{ re: RegExp; text: (m: RegExpExecArray, verdict: ClassVerdict) => OwnText | null; once?: boolean; rule?: 'handwritten' }> = [
  {
    // class WarmupCosine(torch.optim.lr_scheduler.LRScheduler): … def get_lr(self)  — drawn when constructed and runnable.
    re: /^[ \t]*class[ \t]+([A-Za-z_]\w*)[ \t]*\(([^)]*)\)/gm,
    text: (m, verdict) => {
      const v = verdict(m[1]);
      const bases = m[2].trim();
      if (v === null) return null;
      if (typeof v === 'string') return ownMessage('`{0}` is a custom scheduler class ({1}): LR Lens cannot run it ({2}), so it draws no curve for it', m[1], bases, v);
      if (!/\b_?LRScheduler\b/.test(bases)) return null;
      return ownMessage('`{0}` is a custom scheduler class ({1}) that LR Lens did not see constructed with an optimizer, so it draws no curve for it', m[1], bases);
    },
  },
  {
    // for g in optimizer.param_groups: g['lr'] = lr   (nanoGPT, MAE, yolov5): drawn by adapters/handwritten.ts
    // when the analysis runs it on an optimizer of the file inside a loop it counts; else said here.
    re: /^[ \t]*([A-Za-z_][\w.]*(?:\[[^\]\n]*\])?)\[[ \t]*(['"])lr\2[ \t]*\][ \t]*(?:[*+\-/]?=)(?!=)/gm,
    text: (m) => ownMessage('`{0}` is set by hand here, but LR Lens could not follow it to an optimizer built in this file and a training loop that runs it, so it draws no curve for it', m[0].trim().replace(/\s*[*+\-/]?=$/, '')),
    rule: 'handwritten',
  },
];

/** The not-yet-modelled constructs of a file, outside comments. */
export function unmodelled(src: string, verdict: ClassVerdict = () => undefined): Unmodelled[] {
  const out: Unmodelled[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(src); m; m = rule.re.exec(src)) {
      const lineStart = src.lastIndexOf('\n', m.index) + 1;
      if (/^[ \t]*#/.test(src.slice(lineStart, m.index + 1))) continue;
      const text = rule.text(m, verdict);
      if (!text) continue;
      const start = m.index + (m[0].length - m[0].trimStart().length);
      out.push({ ...(rule.rule ? { rule: rule.rule } : {}), start, end: m.index + m[0].length, text });
      if (rule.once) break;
      if (out.length > 50) return out;
    }
  }
  return out;
}
