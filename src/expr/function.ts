// CompiledFunction: a typed expression turned into plain closures for its value, gradient and Hessian.

/**
 * A scalar function of named variables, compiled once and evaluated many times. Points are
 * Float64Arrays ordered as `variables`; no method allocates.
 *
 * @example
 * const f: CompiledFunction = compileExpression('x^2 + 3*y');
 * f.variables; // → ['x', 'y']
 * const grad = new Float64Array(2);
 * f.valueAndGradient(Float64Array.of(2, 1), grad); // → 7
 * [...grad]; // → [4, 3]
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
