/**
 * The page's translation: the host embeds its table of the page's templates, translated with
 * vscode.l10n.t (src/features/chart/protocol/pageStrings.ts), as JSON in `#lr-lens-strings`; `t` looks a template
 * up there (validated: unknown keys and mismatched placeholders are dropped) and falls back to the
 * English template. The page's text is written as `t('English {0}', x)` like the host's.
 */
import { fromTable, type Translate } from '../src/core/l10n/translate';
import { pageStringsFrom } from '../src/features/chart/protocol/validate';

function embedded(): unknown {
  const text = document.getElementById('lr-lens-strings')?.textContent;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const table = pageStringsFrom(embedded());

export const t: Translate = fromTable(table);

/** How many templates of the host's table the page kept (reported with `rendered`). */
export const tableSize = Object.keys(table).length;
