// Minimizable: what minimize() accepts as a function — values and exact derivatives over a flat point.

import type { Differentiability } from '../record/differentiability.js';

/**
 * A function to minimize: an Objective, or anything with variables and exact derivatives (a CompiledFunction).
 *
 * @example
 * const shifted: Minimizable = {
 *   variables: ['x'],
 *   value: (x) => (x[0]! - 5) ** 2,
 *   valueAndGradient: (x, grad) => {
 *     grad[0] = 2 * (x[0]! - 5);
 *     return (x[0]! - 5) ** 2;
 *   },
 * };
 * minimize(shifted, { method: createMethod('gd', { learningRate: 0.5 }) }).point; // → [5]
 */
export interface Minimizable {
  readonly variables?: readonly string[];
  readonly dimension?: number;
  value(x: Float64Array): number;
  valueAndGradient(x: Float64Array, grad: Float64Array): number;
  hessian?(x: Float64Array, out: Float64Array): void;
  /** Why the gradient at x is not an ordinary number, or null (an Expression has it): the run's verdict names it. */
  differentiability?(x: Float64Array): Differentiability | null;
}
