// Bad input in a typed expression, shown as the expression with a caret under the column the error names.

import { compileExpression, type Expression, InputError, type SettingNamer } from '../index.js';

/** Characters of the expression shown around the column when it is too long for one line. */
const SHOWN = 60;

/**
 * The error again with two more lines: the expression (or the stretch of it around the column,
 * whitespace shown as spaces so that the caret lines up) and a `^` under the column. An error with
 * no column, or not an InputError, comes back as it is.
 *
 * @example
 * pointAt(new InputError('expression: expected a value, found "^" at column 3', { column: 3 }), 'x^^2').message;
 * // → 'expression: expected a value, found "^" at column 3\n  x^^2\n    ^'
 */
export function pointAt(error: unknown, source: string, indent = '  '): unknown {
  if (!(error instanceof InputError) || error.column === undefined) return error;
  const at = Math.min(error.column - 1, source.length);
  const from = source.length <= SHOWN ? 0 : Math.max(0, Math.min(at - SHOWN / 2, source.length - SHOWN));
  const to = Math.min(source.length, from + SHOWN);
  const lead = from > 0 ? '…' : '';
  const shown = `${lead}${source.slice(from, to).replace(/\s/g, ' ')}${to < source.length ? '…' : ''}`;
  const caret = `${' '.repeat(lead.length + at - from)}^`;
  const place = {
    ...(error.key !== undefined && { key: error.key }),
    ...(error.file !== undefined && { file: error.file }),
    ...(error.line !== undefined && { line: error.line }),
    column: error.column,
  };
  // The stretch shown with its caret says what the message's `(near "…")` quote of a long source said.
  const message = (name: SettingNamer): string => error.describe(name).replace(/ \(near ".*"\)$/s, '');
  return new InputError((name) => `${message(name)}\n${indent}${shown}\n${indent}${caret}`, place);
}

/** The expression a command was given, compiled; bad syntax is bad input with a caret under its column. */
export function compileArgument(source: string): Expression {
  try {
    return compileExpression(source);
  } catch (error) {
    throw pointAt(error, source);
  }
}
