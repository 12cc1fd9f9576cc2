// Tokens of an expression: the lexical pass that knows each token's column and refuses foreign syntax.

import { InputError } from '../errors.js';

export type TokenKind = 'number' | 'name' | 'operator' | 'open' | 'close' | 'comma';

/** One token; `column` is 1-based, as error messages report it. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly column: number;
}

/** Longer sources are refused: the tree's depth, and so every recursive walk's, stays far from the stack limit. */
const MAX_SOURCE_LENGTH = 5000;

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

// Words other languages give a meaning of their own; none of them may become a variable, so that a
// formula copied from elsewhere is refused rather than silently read another way.
const RESERVED: Readonly<Record<string, string>> = {
  mod: '"mod" (modulo) is not allowed',
  and: 'logical operators are not allowed',
  or: 'logical operators are not allowed',
  xor: 'logical operators are not allowed',
  not: 'logical operators are not allowed',
  to: 'unit conversion ("to") is not allowed',
  in: 'unit conversion ("in") is not allowed',
  true: '"true" is not allowed: booleans are not numbers',
  false: '"false" is not allowed: booleans are not numbers',
  null: '"null" is not allowed',
  undefined: '"undefined" is not allowed',
  NaN: '"NaN" is not allowed',
  Infinity: '"Infinity" is not allowed: numbers must be finite',
};

/** Sources longer than this are quoted as a window around the column rather than left to the reader to count. */
const WINDOW = 40;

/**
 * A token for a message: quoted, and cut to its first characters when long (a 4,000-letter name
 * must not make a 4,000-character message).
 *
 * @example
 * quoteToken('foo'); // '"foo"'
 */
export function quoteToken(text: string): string {
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 20)}…` : text);
}

/** Up to WINDOW characters of `source` around a 1-based column, whitespace folded to single spaces. */
function window(source: string, column: number): string {
  const from = Math.max(0, column - 1 - WINDOW / 2);
  const to = Math.min(source.length, from + WINDOW);
  const text = source.slice(from, to).replace(/\s+/g, ' ');
  return `${from > 0 ? '…' : ''}${text}${to < source.length ? '…' : ''}`;
}

/**
 * The InputError for bad syntax at a 1-based column. With the source and when that is long, the
 * message also quotes the stretch around the column, so the message stays one short line.
 *
 * @example
 * syntaxError('unknown function "foo"', 5).message; // → 'expression: unknown function "foo" at column 5'
 * syntaxError('unknown function "foo"', 5).column; // → 5
 */
export function syntaxError(what: string, column: number, source = ''): InputError {
  const near = source.length > WINDOW ? ` (near ${JSON.stringify(window(source, column))})` : '';
  return new InputError(`expression: ${what} at column ${column}${near}`, { column });
}

/** Why a character that starts no token is refused; `next` is the character after it. */
function refusal(char: string, next: string): string {
  switch (char) {
    case '"':
    case "'":
    case '`':
      return 'strings are not allowed';
    case '.':
      return 'member access is not allowed';
    case '[':
    case ']':
      return 'indexing and matrices are not allowed';
    case '{':
    case '}':
      return 'objects are not allowed';
    case ':':
      return 'ranges are not allowed';
    case ';':
      return 'only one expression is allowed';
    case '!':
      return next === '=' ? 'comparison operators are not allowed' : 'factorial "!" is not allowed';
    case '=':
      return next === '=' ? 'comparison operators are not allowed' : 'assignment is not allowed';
    case '<':
    case '>':
      return next === char ? 'bit shifts are not allowed' : 'comparison operators are not allowed';
    case '&':
    case '|':
    case '~':
      return 'logical and bitwise operators are not allowed';
    case '%':
      return '"%" (modulo) is not allowed';
    case '?':
      return 'conditional expressions are not allowed';
    case '#':
      return 'comments are not allowed';
    default:
      return `unexpected character ${JSON.stringify(char)}${/\p{L}/u.test(char) ? ' (names are ASCII letters, digits and _)' : ''}`;
  }
}

/**
 * Splits an expression into tokens: numbers, names, `+ - * / ^ **`, parentheses and commas.
 * Anything else is refused here, where its column is known.
 *
 * @example
 * tokenize('x**2').map((t) => t.text); // ['x', '**', '2']
 */
export function tokenize(source: string): Token[] {
  if (source.length > MAX_SOURCE_LENGTH) {
    throw syntaxError(
      `the expression is longer than ${MAX_SOURCE_LENGTH} characters`,
      MAX_SOURCE_LENGTH + 1,
      source,
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    // A whole code point, so that a message never quotes half of a surrogate pair.
    const char = String.fromCodePoint(source.codePointAt(i)!);
    const next = source[i + 1] ?? '';
    const column = i + 1;
    if (/\s/.test(char)) {
      i += 1;
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(next))) {
      NUMBER.lastIndex = i;
      const text = NUMBER.exec(source)![0];
      if (!Number.isFinite(Number(text)))
        throw syntaxError(`the number ${quoteToken(text).slice(1, -1)} is too large`, column, source);
      tokens.push({ kind: 'number', text, column });
      i += text.length;
    } else if (/[A-Za-z_]/.test(char)) {
      NAME.lastIndex = i;
      const text = NAME.exec(source)![0];
      if (Object.hasOwn(RESERVED, text)) throw syntaxError(RESERVED[text]!, column, source);
      tokens.push({ kind: 'name', text, column });
      i += text.length;
    } else if (char === '*' && next === '*') {
      tokens.push({ kind: 'operator', text: '**', column });
      i += 2;
    } else if ('+-*/^'.includes(char)) {
      tokens.push({ kind: 'operator', text: char, column });
      i += 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: char === '(' ? 'open' : char === ')' ? 'close' : 'comma', text: char, column });
      i += 1;
    } else {
      throw syntaxError(refusal(char, next), column, source);
    }
  }
  return tokens;
}
