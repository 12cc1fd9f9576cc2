// constantHessian: the Hessian of a function whose second derivatives are numbers, the same everywhere.

import type { CompiledFunction } from '../expr/function.js';
import type { ExprNode } from '../expr/node.js';
import type { Box } from './enclosure.js';
import { kinksOn } from './kinks.js';

function hasVariables(node: ExprNode): boolean {
  switch (node.kind) {
    case 'variable':
      return true;
    case 'negate':
    case 'call':
      return hasVariables(node.arg);
    case 'binary':
      return hasVariables(node.left) || hasVariables(node.right);
    default:
      return false;
  }
}

/**
 * The Hessian (row-major) when every symbolic second derivative is free of variables, no kink lies in
 * the box (see kinksOn) and the entries are finite; null otherwise. Such a Hessian decides convexity
 * and curvature exactly, with no search.
 *
 * @example
 * const f = compileExpression('x^2 - 4*x + 1');
 * constantHessian(f, f.tree, symbolicFunction(f).hessian, [{ lo: -5, hi: 5 }]); // Float64Array [2]
 */
export function constantHessian(
  f: Pick<CompiledFunction, 'hessian' | 'variables'>,
  tree: ExprNode,
  hessian: readonly (readonly ExprNode[])[],
  domain: Box,
): Float64Array | null {
  if (hessian.some((row) => row.some(hasVariables))) return null;
  if (kinksOn(tree, f.variables, domain).length > 0) return null;
  const n = f.variables.length;
  const h = new Float64Array(n * n);
  f.hessian(
    Float64Array.from(domain, (b) => (b.lo + b.hi) / 2),
    h,
  );
  return h.every(Number.isFinite) ? h : null;
}
