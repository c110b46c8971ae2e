/**
 * An exception the real library would raise, with its Python type, so the engine can report it
 * at the step where it happens instead of crashing.
 */
export class LibraryError extends Error {
  constructor(
    readonly pyType: string,
    message: string,
    readonly argument?: string,
  ) {
    super(message);
  }
}

export const valueError = (message: string, argument?: string) => new LibraryError('ValueError', message, argument);
export const typeError = (message: string, argument?: string) => new LibraryError('TypeError', message, argument);
