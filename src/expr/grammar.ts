// The token-level grammar of an expression: operands and operators alternate, calls and parentheses balance.

import { isConstantName, isFunctionName } from './node.js';
import { syntaxError, type Token } from './tokens.js';

/** Deeper nesting is refused: mathjs's recursive parser overflows small stacks (browsers) near 100 levels. */
const MAX_NESTING = 64;

interface OpenParen {
  readonly token: Token;
  /** The function this parenthesis calls, or null for grouping. */
  readonly fn: string | null;
}

/**
 * Checks that tokens form an expression of the grammar, so that every refusal names its column
 * (mathjs's parse, which runs next, then only decides precedence). Implicit multiplication (`2x`,
 * `2 cm`, `(a)(b)`) is refused: it is where mathjs's precedence surprises (`1/2x`) and units hide.
 *
 * @example
 * checkGrammar(tokenize('2x')); // throws: missing operator between "2" and "x" … at column 2
 */
export function checkGrammar(tokens: readonly Token[]): void {
  const open: OpenParen[] = [];
  let expectOperand = true;
  let prev: Token | undefined;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    const next = tokens[k + 1];
    if (expectOperand) {
      if (token.kind === 'number') {
        expectOperand = false;
      } else if (token.kind === 'name') {
        if (isFunctionName(token.text)) {
          if (next?.kind !== 'open') {
            throw syntaxError(
              `function "${token.text}" needs parentheses, as in ${token.text}(x),`,
              token.column,
            );
          }
        } else if (next?.kind === 'open') {
          throw syntaxError(
            isConstantName(token.text)
              ? `"${token.text}" is a constant, not a function`
              : `unknown function "${token.text}"`,
            token.column,
          );
        } else {
          expectOperand = false;
        }
      } else if (token.kind === 'open') {
        const fn = prev?.kind === 'name' ? prev.text : null;
        if (next?.kind === 'close') {
          throw syntaxError(
            fn === null ? 'empty parentheses' : `function "${fn}" needs an argument`,
            next.column,
          );
        }
        open.push({ token, fn });
        if (open.length > MAX_NESTING)
          throw syntaxError(`parentheses nested more than ${MAX_NESTING} deep`, token.column);
      } else if (token.kind !== 'operator' || (token.text !== '+' && token.text !== '-')) {
        throw syntaxError(`expected a value, found "${token.text}"`, token.column);
      }
    } else if (token.kind === 'operator') {
      expectOperand = true;
    } else if (token.kind === 'close') {
      if (open.pop() === undefined)
        throw syntaxError('unbalanced parentheses: ")" has no matching "("', token.column);
    } else if (token.kind === 'comma') {
      const fn = open.at(-1)?.fn ?? null;
      throw syntaxError(
        fn === null ? 'unexpected ","' : `function "${fn}" takes exactly one argument`,
        token.column,
      );
    } else {
      const left = prev!.text;
      throw syntaxError(
        `missing operator between "${left}" and "${token.text}" (implicit multiplication is not allowed: write ${left}*${token.text})`,
        token.column,
      );
    }
    prev = token;
  }
  if (tokens.length === 0) throw syntaxError('the expression is empty', 1);
  if (expectOperand) throw syntaxError('unexpected end of expression', prev!.column + prev!.text.length);
  const unclosed = open.at(-1);
  if (unclosed !== undefined)
    throw syntaxError('unbalanced parentheses: "(" is never closed', unclosed.token.column);
}
