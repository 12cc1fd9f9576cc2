// differentiate: the symbolic derivative of a checked tree, one rule per node kind and function.

import { add, call, div, mul, neg, num, pow, sub } from './algebra.js';
import type { ExprNode, FunctionName } from './node.js';

/** Whether the tree mentions the variable. */
function dependsOn(node: ExprNode, name: string): boolean {
  switch (node.kind) {
    case 'variable':
      return node.name === name;
    case 'negate':
    case 'call':
      return dependsOn(node.arg, name);
    case 'binary':
      return dependsOn(node.left, name) || dependsOn(node.right, name);
    default:
      return false;
  }
}

/** f′(a) for each function, written in the grammar (no sec, sech or sign). */
function outer(fn: FunctionName, a: ExprNode): ExprNode {
  switch (fn) {
    case 'sin':
      return call('cos', a);
    case 'cos':
      return neg(call('sin', a));
    case 'tan':
      return div(num(1), pow(call('cos', a), num(2)));
    case 'exp':
      return call('exp', a);
    case 'log':
      return div(num(1), a);
    case 'sqrt':
      return div(num(1), mul(num(2), call('sqrt', a)));
    case 'abs':
      return div(a, call('abs', a));
    case 'tanh':
      return sub(num(1), pow(call('tanh', a), num(2)));
    case 'sigmoid':
      return mul(call('sigmoid', a), sub(num(1), call('sigmoid', a)));
  }
}

/** The derivative of a binary node: sum, product and quotient rules, and the three cases of a power. */
function binary(node: Extract<ExprNode, { kind: 'binary' }>, name: string): ExprNode {
  const { op, left: a, right: b } = node;
  const da = differentiate(a, name);
  const db = differentiate(b, name);
  switch (op) {
    case '+':
      return add(da, db);
    case '-':
      return sub(da, db);
    case '*':
      return add(mul(da, b), mul(a, db));
    case '/':
      return div(sub(mul(da, b), mul(a, db)), pow(b, num(2)));
    case '^':
      if (!dependsOn(b, name)) return mul(mul(b, pow(a, sub(b, num(1)))), da);
      if (!dependsOn(a, name)) {
        const log = a.kind === 'constant' && a.name === 'e' ? num(1) : call('log', a);
        return mul(mul(node, log), db);
      }
      return mul(node, add(mul(db, call('log', a)), div(mul(b, da), a)));
  }
}

/**
 * ∂node/∂name as a tree of the same grammar, lightly folded (see algebra.ts); `simplifyTree` tidies
 * it further for display. At a kink (`abs` at 0) the text is undefined where the compiled gradient
 * takes the slope 0.
 *
 * @example
 * formatExpression(differentiate(parseExpression('x^2 - 4*x + 1'), 'x')); // '2 * x - 4'
 */
export function differentiate(node: ExprNode, name: string): ExprNode {
  if (!dependsOn(node, name)) return num(0);
  switch (node.kind) {
    case 'variable':
      return num(1);
    case 'negate':
      return neg(differentiate(node.arg, name));
    case 'call':
      return mul(outer(node.fn, node.arg), differentiate(node.arg, name));
    case 'binary':
      return binary(node, name);
    // Numbers and constants never depend on a variable.
    default:
      return num(0);
  }
}
