// InputError: bad input from a person (a flag, an expression, a file), reported with where it is.

/**
 * Thrown for anything a user typed or supplied that downhill cannot accept. The command line turns it
 * into one line on stderr and exit code 2; anything else that escapes is a bug (exit code 1).
 *
 * @example
 * throw new InputError('--lr must be a positive number, got "fast"');
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
