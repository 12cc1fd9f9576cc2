// reuseLastEvaluation: an Objective that answers a repeated query for the last point from memory.

import type { Objective } from './method.js';

/**
 * Wraps an objective so that evaluating the point it evaluated last returns the stored value and
 * gradient instead of computing them again. A line search ends by evaluating the point it accepts;
 * the loop that then asks for f and ∇f at x + displacement gets them for free, so L-BFGS and Newton
 * cost one evaluation per trial, not one more per iteration. Points are compared bit for bit,
 * which holds because line searches build trial points as x[i] + α·d[i], as the loop adds them.
 * Count evaluations on the objective inside, so that hits are not counted.
 *
 * @example
 * const objective = reuseLastEvaluation(counting(compiled));
 */
export function reuseLastEvaluation(objective: Objective): Objective {
  let point: Float64Array | null = null;
  let lastValue = 0;
  let lastGrad: Float64Array | null = null;
  const same = (x: Float64Array) =>
    point !== null && point.length === x.length && point.every((v, i) => Object.is(v, x[i]));
  const wrapped: Objective = {
    dimension: objective.dimension,
    value(x) {
      return same(x) ? lastValue : objective.value(x);
    },
    valueAndGradient(x, grad) {
      if (same(x) && lastGrad !== null) {
        grad.set(lastGrad);
        return lastValue;
      }
      lastValue = objective.valueAndGradient(x, grad);
      point = Float64Array.from(x);
      lastGrad = Float64Array.from(grad);
      return lastValue;
    },
  };
  const hessian = objective.hessian;
  if (hessian !== undefined) wrapped.hessian = (x, out) => hessian.call(objective, x, out);
  return wrapped;
}
