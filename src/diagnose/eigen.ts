// Eigenvalues of a symmetric matrix: closed forms for 1×1 and 2×2, cyclic Jacobi rotations beyond.

import type { CompiledFunction } from '../expr/function.js';
import { symmetricEigen } from '../numeric/symmetric-eigen.js';

/**
 * The eigenvalues of a symmetric n×n matrix given row-major, ascending. A 2×2 matrix uses the closed
 * form (a+c)/2 ± √(((a−c)/2)² + b²); larger ones the optimizers' cyclic Jacobi rotations
 * (symmetricEigen). Non-finite entries give NaN eigenvalues.
 *
 * @example
 * symmetricEigenvalues(new Float64Array([2, 1, 1, 2]), 2); // Float64Array [1, 3]
 */
export function symmetricEigenvalues(matrix: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n * n; i++)
    if (!Number.isFinite(matrix[i]!)) return new Float64Array(n).fill(Number.NaN);
  if (n === 1) return Float64Array.of(matrix[0]!);
  if (n === 2) {
    const a = matrix[0]!;
    const b = matrix[1]!;
    const c = matrix[3]!;
    const mean = (a + c) / 2;
    const radius = Math.hypot((a - c) / 2, b);
    return Float64Array.of(mean - radius, mean + radius);
  }
  return Float64Array.from(symmetricEigen(matrix, n).values).sort();
}

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
