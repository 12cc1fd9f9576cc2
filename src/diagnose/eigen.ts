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

/**
 * The eigenvalues of a symmetric n×n matrix (row-major), ascending, where its diagonal may hold ±∞:
 * each ±∞ on the diagonal is an eigenvalue ±∞ (the limit as that entry grows without bound), and the
 * others are those of the finite rows and columns (the Schur complement C − Bᵀ·D⁻¹·B tends to C). A
 * NaN anywhere, or an infinite entry off the diagonal, leaves the spectrum unknown: all NaN.
 *
 * @example
 * limitEigenvalues(Float64Array.of(Infinity), 1); // [Infinity]
 * limitEigenvalues(Float64Array.of(Infinity, 1, 1, 2), 2); // [2, Infinity]
 */
export function limitEigenvalues(h: Float64Array, n: number): Float64Array {
  const infinite: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = h[i * n + j]!;
      if (Number.isNaN(v) || (i !== j && !Number.isFinite(v))) return new Float64Array(n).fill(Number.NaN);
    }
    if (!Number.isFinite(h[i * n + i]!)) infinite.push(i);
  }
  if (infinite.length === 0) return symmetricEigenvalues(h, n);
  const rest = Array.from({ length: n }, (_, i) => i).filter((i) => !infinite.includes(i));
  const m = rest.length;
  const finite = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) finite[a * m + b] = h[rest[a]! * n + rest[b]!]!;
  }
  const values = [...(m > 0 ? symmetricEigenvalues(finite, m) : []), ...infinite.map((i) => h[i * n + i]!)];
  return Float64Array.from(values.sort((a, b) => a - b));
}
