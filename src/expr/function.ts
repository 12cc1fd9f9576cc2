// CompiledFunction: a typed expression turned into plain closures for its value, gradient and Hessian.

/**
 * A scalar function of named variables, compiled once and evaluated many times. Points are
 * Float64Arrays ordered as `variables`; no method allocates.
 */
export interface CompiledFunction {
  /** The expression as the person typed it. */
  readonly source: string;
  /** Variable names in the order points use (sorted by name). */
  readonly variables: readonly string[];
  /** f(x). */
  value(x: Float64Array): number;
  /** Writes ∇f(x) into `grad` and returns f(x). */
  valueAndGradient(x: Float64Array, grad: Float64Array): number;
  /** Writes the Hessian of f at x into `out`, row-major n×n. */
  hessian(x: Float64Array, out: Float64Array): void;
}
