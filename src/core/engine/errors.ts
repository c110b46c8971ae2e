import type { OwnText } from '../l10n/translate';

/**
 * An exception the real library would raise, with its Python type, so the engine can report it
 * at the step where it happens instead of crashing. The library's own text is a plain string; a
 * refusal worded by LR Lens is an `ownMessage(…)`, whose template the display layers translate.
 */
export class LibraryError extends Error {
  readonly template?: string;
  readonly args?: string[];

  constructor(
    readonly pyType: string,
    message: string | OwnText,
    readonly argument?: string,
  ) {
    super(typeof message === 'string' ? message : message.message);
    if (typeof message !== 'string' && message.template !== undefined) {
      this.template = message.template;
      this.args = message.args ?? [];
    }
  }
}

export const valueError = (message: string | OwnText, argument?: string) => new LibraryError('ValueError', message, argument);
export const typeError = (message: string | OwnText, argument?: string) => new LibraryError('TypeError', message, argument);
