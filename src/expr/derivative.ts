// differentiate: the symbolic derivative of a checked tree, one rule per node kind and function.

import { add, call, div, mul, neg, num, pow, sub } from './algebra.js';
import type { ExprNode, FunctionName } from './node.js';

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

/**
 * ∂node/∂name as a tree of the same grammar, lightly folded (see algebra.ts); `simplifyTree` tidies
 * it further for display. Each shared subtree is differentiated once, so a derivative of a derivative
 * (whose trees share most of their nodes) costs the size of the graph, not of the tree written out:
 * without that, the second derivative of x·x·…·x grows threefold with every factor. At a kink (`abs`
 * at 0) the text is undefined where the compiled gradient takes the slope 0.
 *
 * @example
 * formatExpression(differentiate(parseExpression('x^2 - 4*x + 1'), 'x')); // → '2 * x - 4'
 */
export function differentiate(root: ExprNode, name: string): ExprNode {
  const depends = new Map<ExprNode, boolean>();
  const derivatives = new Map<ExprNode, ExprNode>();

  const dependsOn = (node: ExprNode): boolean => {
    let known = depends.get(node);
    if (known === undefined) {
      switch (node.kind) {
        case 'variable':
          known = node.name === name;
          break;
        case 'negate':
        case 'call':
          known = dependsOn(node.arg);
          break;
        case 'binary':
          known = dependsOn(node.left) || dependsOn(node.right);
          break;
        default:
          known = false;
      }
      depends.set(node, known);
    }
    return known;
  };

  /** The derivative of a binary node: sum, product and quotient rules, and the three cases of a power. */
  const binary = (node: Extract<ExprNode, { kind: 'binary' }>): ExprNode => {
    const { op, left: a, right: b } = node;
    const da = d(a);
    const db = d(b);
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
        if (!dependsOn(b)) return mul(mul(b, pow(a, sub(b, num(1)))), da);
        if (!dependsOn(a)) {
          const log = a.kind === 'constant' && a.name === 'e' ? num(1) : call('log', a);
          return mul(mul(node, log), db);
        }
        return mul(node, add(mul(db, call('log', a)), div(mul(b, da), a)));
    }
  };

  const d = (node: ExprNode): ExprNode => {
    let known = derivatives.get(node);
    if (known === undefined) {
      if (!dependsOn(node)) known = num(0);
      else if (node.kind === 'variable') known = num(1);
      else if (node.kind === 'negate') known = neg(d(node.arg));
      else if (node.kind === 'call') known = mul(outer(node.fn, node.arg), d(node.arg));
      else if (node.kind === 'binary') known = binary(node);
      // Numbers and constants never depend on a variable.
      else known = num(0);
      derivatives.set(node, known);
    }
    return known;
  };
  return d(root);
}
