// Kinks: the places a Hessian cannot see — where the argument of an `abs` changes sign.

import type { ExprNode } from '../expr/node.js';
import { type Box, encloser } from './enclosure.js';

/** The arguments of every `abs` in a tree. */
function absArguments(node: ExprNode): ExprNode[] {
  switch (node.kind) {
    case 'call':
      return node.fn === 'abs' ? [node.arg, ...absArguments(node.arg)] : absArguments(node.arg);
    case 'negate':
      return absArguments(node.arg);
    case 'binary':
      return [...absArguments(node.left), ...absArguments(node.right)];
    default:
      return [];
  }
}

/**
 * The arguments of `abs` that may change sign on the box (their interval enclosure holds values of
 * both signs). There f may have a kink, which second derivatives miss: −|x| has f'' = 0 wherever it is
 * defined, yet is not convex.
 *
 * @example
 * kinksOn(parseExpression('abs(x - 1) + abs(x + 9)'), ['x'], [{ lo: -5, hi: 5 }]); // [x - 1]
 */
export function kinksOn(tree: ExprNode, variables: readonly string[], domain: Box): ExprNode[] {
  return absArguments(tree).filter((argument) => {
    const bound = encloser(argument, variables)(domain);
    return bound.lo < 0 && bound.hi > 0;
  });
}
