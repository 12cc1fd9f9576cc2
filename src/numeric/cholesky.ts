// cholesky: the factor L of a symmetric positive definite matrix, A = LLᵀ, and solves with it.

/**
 * L with LLᵀ = A (row-major n×n), or null when A is not numerically positive definite — which is
 * also how Newton's method learns it must modify the Hessian. Golub & Van Loan, Algorithm 4.2.1.
 *
 * @example
 * cholesky(Float64Array.of(4, 2, 2, 3), 2); // [2, 0, 1, √2]
 */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j]!;
    for (let k = 0; k < j; k++) diagonal -= l[j * n + k]! * l[j * n + k]!;
    // Written so that NaN also fails.
    if (!(diagonal > 0)) return null;
    const root = Math.sqrt(diagonal);
    l[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = sum / root;
    }
  }
  return l;
}

/**
 * Solves LLᵀx = b by forward then back substitution.
 *
 * @example
 * const factor = cholesky(hessian, n);
 * if (factor) choleskySolve(factor, n, Float64Array.from(grad, (g) => -g));
 */
export function choleskySolve(factor: Float64Array, n: number, b: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= factor[i * n + k]! * y[k]!;
    y[i] = sum / factor[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= factor[k * n + i]! * x[k]!;
    x[i] = sum / factor[i * n + i]!;
  }
  return x;
}
