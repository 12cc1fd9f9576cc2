// Method: one iteration of any optimizer over an objective — first-order transforms, Newton, L-BFGS.

import type { LeastSquares } from '../numeric/least-squares.js';
import type { MethodInfo } from '../record/method-info.js';
import type { RunStatus } from '../record/run-result.js';
import type { GradientTransformation } from './transform.js';

/**
 * What a method may ask of the function it minimizes. Evaluations are counted by the caller.
 *
 * @example
 * const bowl: Objective = {
 *   dimension: 2,
 *   value: (x) => x[0]! ** 2 + 2 * x[1]! ** 2,
 *   valueAndGradient(x, grad) {
 *     grad[0] = 2 * x[0]!;
 *     grad[1] = 4 * x[1]!;
 *     return this.value(x);
 *   },
 * };
 * minimize(bowl, { start: Float64Array.of(1, 1), method: createMethod('lbfgs') }).value; // → 0
 */
export interface Objective {
  readonly dimension: number;
  value(x: Float64Array): number;
  /** Writes ∇f(x) into `grad` and returns f(x). */
  valueAndGradient(x: Float64Array, grad: Float64Array): number;
  /** Row-major n×n Hessian; present when exact second derivatives are available. */
  hessian?(x: Float64Array, out: Float64Array): void;
  /** When f is a sum of squares Σrᵢ² (up to a constant factor): its residuals and Jacobian, for lm. */
  readonly leastSquares?: LeastSquares;
}

/**
 * An iterative minimizer. `step` is given the current point with its value and gradient (already
 * evaluated) and returns the displacement to add to x, with the next state. It may evaluate the
 * objective further (a line search does).
 *
 * @example
 * const f: Objective = { dimension: 1, value: (x) => x[0]! ** 2, valueAndGradient: (x, g) => ((g[0] = 2 * x[0]!), x[0]! ** 2) };
 * const method: Method = createMethod('gd', { learningRate: 0.25 });
 * const x = Float64Array.of(4);
 * const grad = new Float64Array(1);
 * const [displacement] = method.step(x, f.valueAndGradient(x, grad), grad, method.init(x, f), f);
 * [...displacement]; // → [-2]
 */
export interface Method<S = unknown> {
  readonly info: MethodInfo;
  init(x: Float64Array, objective: Objective): S;
  step(
    x: Float64Array,
    value: number,
    grad: Float64Array,
    state: S,
    objective: Objective,
  ): [displacement: Float64Array, state: S];
  /**
   * `step` with the displacement written into `out` (x.length numbers) instead of a new array; returns
   * the next state. Bit for bit `step`'s displacement: a loop that runs millions of cheap steps
   * (minimize on a typed expression) calls it to allocate no array per step.
   */
  stepInto?(
    x: Float64Array,
    value: number,
    grad: Float64Array,
    state: S,
    objective: Objective,
    out: Float64Array,
  ): S;
  /**
   * The learning rate that step `step` (counted from 0) uses, given the state before it: η as a
   * schedule or reduce-on-plateau has scaled it. Present for methods that have a learning rate, so a
   * run that stalls can say that its schedule brought the rate down.
   */
  learningRate?(step: number, state: S): number;
  /**
   * How the run ended, once the method itself has decided (lm's own stopping tests), else null.
   * A loop asks after each step and stops with this verdict; the method's own tests then replace
   * the loop's tolerance tests.
   */
  finished?(state: S): { status: RunStatus; message: string } | null;
  /**
   * `step` and x + displacement done in place in one pass: x is updated, the state's arrays are overwritten,
   * and the next state is returned — bit for bit what `step` and the addition give. Present where a fused
   * loop exists (gd, momentum, nesterov and adam without clipping, line search, skipping or a plateau
   * schedule); a training loop that owns its state may call it instead of `step`.
   */
  stepInPlace?(x: Float64Array, grad: Float64Array, state: S): S;
  /**
   * The gradient transformation a first-order method steps with (its state is the method's), so a
   * step-by-step view can read each of its parts; absent for Newton, L-BFGS and lm.
   */
  readonly transform?: GradientTransformation<S>;
}
