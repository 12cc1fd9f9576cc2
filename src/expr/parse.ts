// parseExpression: source text to the checked tree — our tokenizer and a recursive-descent parser, one grammar.

import { type BinaryOp, type ExprNode, isConstantName, isFunctionName } from './node.js';
import { quoteToken, syntaxError, type Token, tokenize } from './tokens.js';

/**
 * Deeper nesting is refused. Parentheses, calls, signs and the right side of `^` each open a level;
 * a long left-associative chain (`x + x + …`) opens none. Every recursive walk of a tree (derivatives,
 * text, interval bounds) then stays far from the stack limit of browsers and Node alike.
 */
export const MAX_NESTING = 64;

/** What opened a nesting level, for the refusal. */
type Opener = 'parenthesis' | 'sign' | 'power';

class Parser {
  private k = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly source: string,
  ) {}

  /** The whole expression; anything left over is refused where it starts. */
  expression(): ExprNode {
    const tree = this.sum();
    const token = this.peek();
    if (token !== undefined) this.refuseAfterOperand(token);
    return tree;
  }

  private peek(): Token | undefined {
    return this.tokens[this.k];
  }

  private error(what: string, column: number): never {
    throw syntaxError(what, column, this.source);
  }

  private enter(opener: Opener, column: number): void {
    this.depth += 1;
    if (this.depth <= MAX_NESTING) return;
    this.error(
      opener === 'parenthesis'
        ? `parentheses nested more than ${MAX_NESTING} deep`
        : `signs, powers and parentheses nested more than ${MAX_NESTING} deep`,
      column,
    );
  }

  private isOperator(token: Token | undefined, ...texts: string[]): token is Token {
    return token?.kind === 'operator' && texts.includes(token.text);
  }

  /** A left-associative chain of `+ -`, built in a loop: a long sum costs no stack. */
  private sum(): ExprNode {
    let left = this.product();
    for (let token = this.peek(); this.isOperator(token, '+', '-'); token = this.peek()) {
      this.k += 1;
      left = { kind: 'binary', op: token.text as BinaryOp, left, right: this.product() };
    }
    return left;
  }

  private product(): ExprNode {
    let left = this.unary();
    for (let token = this.peek(); this.isOperator(token, '*', '/'); token = this.peek()) {
      this.k += 1;
      left = { kind: 'binary', op: token.text as BinaryOp, left, right: this.unary() };
    }
    return left;
  }

  /** Signs bind looser than `^` and tighter than `*` (mathjs's and Python's order: −x^2 is −(x²)). */
  private unary(): ExprNode {
    const token = this.peek();
    if (!this.isOperator(token, '+', '-')) return this.power();
    this.k += 1;
    this.enter('sign', token.column);
    const arg = this.unary();
    this.depth -= 1;
    return token.text === '-' ? { kind: 'negate', arg } : arg;
  }

  /** `^` (and `**`) is right-associative, and its exponent may carry a sign: 2^-x^2 is 2^(−(x²)). */
  private power(): ExprNode {
    const base = this.operand();
    const token = this.peek();
    if (!this.isOperator(token, '^', '**')) return base;
    this.k += 1;
    this.enter('power', token.column);
    const exponent = this.unary();
    this.depth -= 1;
    return { kind: 'binary', op: '^', left: base, right: exponent };
  }

  private operand(): ExprNode {
    const token = this.peek();
    if (token === undefined) return this.endTooSoon();
    this.k += 1;
    switch (token.kind) {
      case 'number':
        return { kind: 'number', value: Number(token.text) };
      case 'name':
        return this.name(token);
      case 'open':
        return this.parenthesized(token, null);
      default:
        return this.error(`expected a value, found ${quoteToken(token.text)}`, token.column);
    }
  }

  private name(token: Token): ExprNode {
    const name = token.text;
    const next = this.peek();
    if (isFunctionName(name)) {
      if (next?.kind !== 'open')
        this.error(`function "${name}" needs parentheses, as in ${name}(x),`, token.column);
      this.k += 1;
      return { kind: 'call', fn: name, arg: this.parenthesized(next, name) };
    }
    if (next?.kind === 'open') {
      this.error(
        isConstantName(name)
          ? `"${name}" is a constant, not a function`
          : `unknown function ${quoteToken(name)}`,
        token.column,
      );
    }
    return isConstantName(name) ? { kind: 'constant', name } : { kind: 'variable', name };
  }

  /** After `(` (of a call when `fn` is given): the inner expression and its `)`. */
  private parenthesized(open: Token, fn: string | null): ExprNode {
    const first = this.peek();
    if (first?.kind === 'close')
      this.error(fn === null ? 'empty parentheses' : `function "${fn}" needs an argument`, first.column);
    this.enter('parenthesis', open.column);
    const inner = this.sum();
    this.depth -= 1;
    const close = this.peek();
    if (close === undefined) this.error('unbalanced parentheses: "(" is never closed', open.column);
    if (close.kind === 'comma')
      this.error(
        fn === null ? 'unexpected ","' : `function "${fn}" takes exactly one argument`,
        close.column,
      );
    if (close.kind !== 'close') this.refuseAfterOperand(close);
    this.k += 1;
    return inner;
  }

  /** A token where an operator or the end belongs. */
  private refuseAfterOperand(token: Token): never {
    if (token.kind === 'close') this.error('unbalanced parentheses: ")" has no matching "("', token.column);
    if (token.kind === 'comma') this.error('unexpected ","', token.column);
    const left = quoteToken(this.tokens[this.k - 1]!.text);
    const right = quoteToken(token.text);
    const write = `${this.tokens[this.k - 1]!.text}*${token.text}`;
    return this.error(
      `missing operator between ${left} and ${right} (implicit multiplication is not allowed${
        write.length <= 24 ? `: write ${write}` : ''
      })`,
      token.column,
    );
  }

  private endTooSoon(): never {
    const last = this.tokens.at(-1);
    if (last === undefined) return this.error('the expression is empty', 1);
    return this.error('unexpected end of expression', last.column + last.text.length);
  }
}

/**
 * Parses an expression of the CONTRACT grammar into a checked tree, or throws an InputError naming
 * the column. Precedence, loosest first: `+ -`, then `* /`, then signs, then `^`/`**` (right to
 * left). Multiplication is always written: `2x`, `2 cm` and `(a)(b)` are refused. Names other than
 * the functions and `pi`/`e` are variables, whatever they mean elsewhere (`i`, `constructor`): the tree
 * holds only names, nothing is ever looked up.
 *
 * @example
 * parseExpression('x**2 - 4*x + 1').kind; // → 'binary'
 * try {
 *   parseExpression('2x');
 * } catch (error) {
 *   console.log((error as InputError).column); // 2: missing operator between "2" and "x"
 * }
 */
export function parseExpression(source: string): ExprNode {
  return new Parser(tokenize(source), source).expression();
}
