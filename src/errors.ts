// InputError: bad input from a person (a setting, an expression, a file), reported by key and place.

/**
 * Turns a setting's key into the words a front end uses for it: the key itself, a flag, a label.
 *
 * @example
 * const asFlag: SettingNamer = (key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
 * new InputError((name) => `${name('maxIter')} must be a whole number`).describe(asFlag); // → '--max-iter must be a whole number'
 */
export type SettingNamer = (key: string) => string;

/**
 * Where bad input is: the setting's key, and the file, line and column where those apply.
 *
 * @example
 * const place: InputPlace = { file: 'house.csv', line: 3, column: 2 };
 * const error = new InputError('price: "cheap" is not a number', place);
 * [error.file, error.line, error.column]; // → ['house.csv', 3, 2]
 */
export interface InputPlace {
  /** The setting's key, e.g. 'learningRate' (see settingCatalog). */
  readonly key?: string;
  readonly file?: string;
  /** 1-based line in `file`. */
  readonly line?: number;
  /** 1-based column: in the line, or in the expression. */
  readonly column?: number;
}

/**
 * A message, or a message written around the names of settings so that each front end names them its own way.
 *
 * @example
 * const message: InputMessage = (name) => `${name('learningRate')} must be positive`;
 * new InputError(message, { key: 'learningRate' }).describe((key) => `--${key}`); // → '--learningRate must be positive'
 */
export type InputMessage = string | ((name: SettingNamer) => string);

const asKey: SettingNamer = (key) => key;

/**
 * Thrown for anything a user typed or supplied that downhill cannot accept. The library speaks of a
 * setting by its key (`b1: must be in [0, 1), got 1`); a front end renders the same error in its own
 * words with `describe` — the command line as flags (`--beta1: …`), a page by its controls' labels.
 * The command line turns it into one line on stderr and exit code 2; anything else that escapes is a
 * bug (exit code 1).
 *
 * @example
 * try {
 *   createMethod('adam', { b1: 1 });
 * } catch (error) {
 *   if (error instanceof InputError) {
 *     console.log(error.key); // 'b1'
 *     console.log(error.message); // b1: must be in [0, 1), got 1
 *   }
 * }
 * const error = new InputError((name) => `${name('epochs')}: must be a whole number ≥ 0, got 2.5`, { key: 'epochs' });
 * error.message; // → 'epochs: must be a whole number ≥ 0, got 2.5'
 * error.describe((key) => `--${key}`); // → '--epochs: must be a whole number ≥ 0, got 2.5'
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly key?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  private readonly words: InputMessage;

  constructor(message: InputMessage, place: InputPlace = {}) {
    super(typeof message === 'string' ? message : message(asKey));
    this.words = message;
    if (place.key !== undefined) this.key = place.key;
    if (place.file !== undefined) this.file = place.file;
    if (place.line !== undefined) this.line = place.line;
    if (place.column !== undefined) this.column = place.column;
  }

  /** The message with every setting named by `name`. */
  describe(name: SettingNamer): string {
    return typeof this.words === 'string' ? this.words : this.words(name);
  }
}
