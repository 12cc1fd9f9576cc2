// hessianEigenvalues: the spectrum of a function's Hessian at a point, for curvature and minima.

import type { CompiledFunction } from '../expr/function.js';
import { symmetricEigenvalues } from '../numeric/symmetric-eigen.js';

/**
 * The eigenvalues of f's Hessian at x, ascending (NaN where the Hessian is not finite).
 *
 * @example
 * hessianEigenvalues(compileExpression('x^2 + 3*y^2'), Float64Array.of(0, 0)); // [2, 6]
 */
export function hessianEigenvalues(f: Pick<CompiledFunction, 'hessian'>, x: Float64Array): Float64Array {
  const n = x.length;
  const h = new Float64Array(n * n);
  f.hessian(x, h);
  return symmetricEigenvalues(h, n);
}
