// symmetricEigen: eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations; symmetricEigenvalues: the spectrum alone, closed forms up to 2×2.

export interface SymmetricEigen {
  /** λ₁ … λₙ, in no particular order. */
  readonly values: Float64Array;
  /** Row-major n×n; column k is the unit eigenvector of values[k]. */
  readonly vectors: Float64Array;
}

/**
 * The cyclic Jacobi method (Golub & Van Loan, Algorithm 8.5.3): rotations zero the off-diagonal
 * entries sweep by sweep until they are negligible against the diagonal. Accurate to working
 * precision for the small Hessians Newton's method sees; O(n³) per sweep, a handful of sweeps.
 *
 * @example
 * symmetricEigen(Float64Array.of(2, 1, 1, 2), 2).values; // [1, 3] in some order
 */
export function symmetricEigen(matrix: Float64Array, n: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      diagonal += a[i * n + i]! * a[i * n + i]!;
      for (let j = i + 1; j < n; j++) off += a[i * n + j]! * a[i * n + j]!;
    }
    if (off <= 1e-32 * diagonal || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        // The rotation angle that zeroes a[p][q], in the stable form of G&VL Algorithm 8.5.1.
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
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}

/**
 * The eigenvalues of a symmetric n×n matrix given row-major, ascending. A 2×2 matrix uses the closed
 * form (a+c)/2 ± √(((a−c)/2)² + b²); larger ones the cyclic Jacobi rotations above
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
