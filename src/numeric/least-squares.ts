// LeastSquares: a problem of minimizing Σ rᵢ(x)², given its residuals and their Jacobian.

/**
 * Residuals r(x) ∈ ℝᵐ of n parameters and their Jacobian. A residual evaluation is one pass over the
 * data, as MINPACK counts `nfev`; a Jacobian evaluation is one `njev`.
 */
export interface LeastSquares {
  /** m, the number of residuals. */
  readonly residualCount: number;
  /** n, the number of parameters. */
  readonly dimension: number;
  /** Writes r(x) into `out` (length m). */
  residuals(x: Float64Array, out: Float64Array): void;
  /** Writes ∂rᵢ/∂xⱼ into `out` column-major, MINPACK's layout: `out[i + j·m]`. */
  jacobian(x: Float64Array, out: Float64Array): void;
}
