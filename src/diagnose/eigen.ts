// Eigenvalues of a symmetric matrix: closed forms for 1×1 and 2×2, cyclic Jacobi rotations beyond.

import type { CompiledFunction } from '../expr/function.js';

/**
 * The eigenvalues of a symmetric n×n matrix given row-major, ascending. A 2×2 matrix uses the closed
 * form (a+c)/2 ± √(((a−c)/2)² + b²); larger ones cyclic Jacobi rotations (Golub & Van Loan, Matrix
 * Computations, §8.5), which converge quadratically and are accurate to a few ulps of ‖A‖. Only the
 * upper triangle is read. Non-finite entries give NaN eigenvalues.
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
  return jacobi(matrix, n);
}

function jacobi(matrix: Float64Array, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      a[i * n + j] = matrix[i * n + j]!;
      a[j * n + i] = matrix[i * n + j]!;
    }
  }
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i]! * a[i]!;
  const small = Number.EPSILON * Number.EPSILON * scale;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off <= small) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        // The rotation that zeroes a[p][q]: t = tan θ, the smaller root of t² + 2τt − 1 = 0.
        const tau = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return values.sort();
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
