// Minimizable: what minimize() accepts as a function — values and exact derivatives over a flat point.

/** A function to minimize: an Objective, or anything with variables and exact derivatives (a CompiledFunction). */
export interface Minimizable {
  readonly variables?: readonly string[];
  readonly dimension?: number;
  value(x: Float64Array): number;
  valueAndGradient(x: Float64Array, grad: Float64Array): number;
  hessian?(x: Float64Array, out: Float64Array): void;
}
