// formatExpression: a checked tree back to text of the grammar, with only the parentheses it needs.

import type { BinaryOp, ExprNode } from './node.js';

const PRECEDENCE: Readonly<Record<BinaryOp, number>> = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 4 };
const NEGATE = 3;
const ATOM = 5;

/**
 * How tightly a node binds, mathjs's order: `+ -` < `* /` < unary minus < `^` < atoms and calls
 * (so `-x^2` is −(x²) and `2^-x` is 2^(−x)).
 *
 * @example
 * precedence(parseExpression('x * y')); // 2
 */
export function precedence(node: ExprNode): number {
  if (node.kind === 'binary') return PRECEDENCE[node.op];
  return node.kind === 'negate' ? NEGATE : ATOM;
}

/**
 * Whether a child needs parentheses under a binary operator. Sums and products associate to the
 * left; `^` to the right.
 *
 * @example
 * needsParentheses('-', parseExpression('a - b'), 'right'); // true
 */
export function needsParentheses(op: BinaryOp, child: ExprNode, side: 'left' | 'right'): boolean {
  const p = PRECEDENCE[op];
  const c = precedence(child);
  if (op === '^') return side === 'left' ? c <= p : c < NEGATE;
  return side === 'left' ? c < p : c <= p;
}

/**
 * The tree as expression text, spaced as mathjs prints (`2 * x - 4`). Parsing the text gives the
 * same tree back.
 *
 * @example
 * formatExpression(parseExpression('(1-x)**2')); // → '(1 - x) ^ 2'
 */
export function formatExpression(node: ExprNode): string {
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'constant':
    case 'variable':
      return node.name;
    case 'negate': {
      const arg = formatExpression(node.arg);
      // −(−x) and −(a·b) keep their parentheses; −x^2 needs none.
      return precedence(node.arg) <= NEGATE ? `-(${arg})` : `-${arg}`;
    }
    case 'call':
      return `${node.fn}(${formatExpression(node.arg)})`;
    case 'binary': {
      const left = formatExpression(node.left);
      const right = formatExpression(node.right);
      const l = needsParentheses(node.op, node.left, 'left') ? `(${left})` : left;
      const r = needsParentheses(node.op, node.right, 'right') ? `(${right})` : right;
      return `${l} ${node.op} ${r}`;
    }
  }
}
