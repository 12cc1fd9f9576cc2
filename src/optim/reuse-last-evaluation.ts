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
  // One copy of the point and gradient, overwritten by each evaluation: minimize calls this once an
  // iteration, so it allocates nothing after the first (at a million iterations a second, two new arrays
  // an evaluation were most of gd's time).
  let point = new Float64Array(0);
  let lastGrad = new Float64Array(0);
  let held = false;
  let lastValue = 0;
  const same = (x: Float64Array): boolean => {
    if (!held || point.length !== x.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(point[i], x[i])) return false;
    return true;
  };
  const wrapped: Objective = {
    dimension: objective.dimension,
    value(x) {
      return same(x) ? lastValue : objective.value(x);
    },
    valueAndGradient(x, grad) {
      if (same(x)) {
        grad.set(lastGrad);
        return lastValue;
      }
      held = false;
      lastValue = objective.valueAndGradient(x, grad);
      if (point.length !== x.length) point = new Float64Array(x.length);
      if (lastGrad.length !== grad.length) lastGrad = new Float64Array(grad.length);
      point.set(x);
      lastGrad.set(grad);
      held = true;
      return lastValue;
    },
  };
  const hessian = objective.hessian;
  if (hessian !== undefined) wrapped.hessian = (x, out) => hessian.call(objective, x, out);
  return wrapped;
}
