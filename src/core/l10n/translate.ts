/**
 * The translation hook of the pure layers. Pure code never imports vscode: where it produces text a
 * user reads, it takes a `Translate` (defaulting to `english`) and passes it English templates with
 * `{0}`-style placeholders, literally — `t('peak lr {0}', x)`. The VS Code layer passes
 * `vscode.l10n.t`; the chart page passes a lookup in the table the host localized for it.
 * test/unit/l10n/bundle.test.ts finds every template and checks l10n/bundle.l10n.ko.json has it.
 */

/** `{0}`-style placeholders filled like vscode.l10n.t (an index without an argument stays as written). */
import { describeStepsSource } from './stepsSource';

export function format(template: string, args: readonly TranslateArg[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

export type TranslateArg = string | number | boolean;
export type Translate = (template: string, ...args: TranslateArg[]) => string;

/** The English text: placeholders filled, nothing looked up. */
export const english: Translate = (template, ...args) => format(template, args);

/** A `Translate` over a table of English template → translated template (missing: English). */
export function fromTable(table: Readonly<Record<string, string>>): Translate {
  return (template, ...args) => format(Object.prototype.hasOwnProperty.call(table, template) ? table[template] : template, args);
}

/**
 * Marks an English template stored for translation later (a marker label, a table entry): returns
 * it unchanged. Like a literal `t('…')` call, test/unit/l10n/bundle.test.ts finds it.
 */
export function msg<T extends string>(template: T): T {
  return template;
}

/**
 * A message LR Lens writes itself (an analysis diagnostic, an engine refusal) in English, with the
 * template and arguments it was made from so a display layer can show it in its language. Messages
 * that mirror a library's or Python's own error text carry no template and stay as the library says.
 */
export interface OwnText {
  message: string;
  template?: string;
  args?: string[];
}

/** The English message of `template` with its arguments, keeping both for translation. */
export function ownMessage(template: string, ...args: TranslateArg[]): Required<OwnText> {
  const strings = args.map(String);
  return { message: format(template, strings), template, args: strings };
}

/** The message in `t`'s language when it carries its template, else as written. */
export function localize(m: OwnText, t: Translate): string {
  if (m.template === undefined) return m.message;
  // A run length's source among the arguments (`loops: range(E) (10) × loader (100)`) in t's language too.
  const args = (m.args ?? []).map((a) => (/^loops: /.test(a) ? describeStepsSource(a, t) : a));
  return t(m.template, ...args);
}
