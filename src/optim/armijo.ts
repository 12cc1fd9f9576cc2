// armijo: backtracking line search for sufficient decrease, with quadratic interpolation.

import type { LineSearchResult } from './line-search-result.js';
import type { Objective } from './method.js';

export interface ArmijoOptions {
  /** The first trial step (default 1). */
  initialStep?: number;
  /** Sufficient-decrease constant c₁ (default 1e-4). */
  c1?: number;
  /** Trials before giving up (default 50). */
  maxEvaluations?: number;
}

/**
 * Backtracking until f(x + αd) ≤ f(x) + c₁·α·∇f(x)ᵀd (Nocedal & Wright, Algorithm 3.1). Each
 * rejected α is replaced by the minimizer of the quadratic through f(x), ∇f(x)ᵀd and f(x + αd),
 * kept within [α/10, α/2] (N&W §3.5), so a well-scaled direction costs one evaluation and a poor
 * one a few. Trials evaluate value and gradient, so the accepted point's gradient comes back with it.
 * A `direction` that is not a descent direction (∇f(x)ᵀd ≥ 0, or NaN) gets step 0 without an
 * evaluation: sufficient decrease would then admit a rise.
 *
 * @example
 * // f(x) = (x − 3)² from x = 0, along −∇f: the full step overshoots to 6, the backtrack lands on 3
 * const f: Objective = {
 *   dimension: 1,
 *   value: (x) => (x[0]! - 3) ** 2,
 *   valueAndGradient: (x, g) => {
 *     g[0] = 2 * (x[0]! - 3);
 *     return (x[0]! - 3) ** 2;
 *   },
 * };
 * const { step, value } = armijo(f, Float64Array.of(0), 9, Float64Array.of(-6), Float64Array.of(6));
 * [step, value]; // → [0.5, 0]
 */
export function armijo(
  objective: Objective,
  x: Float64Array,
  value: number,
  grad: Float64Array,
  direction: Float64Array,
  { initialStep = 1, c1 = 1e-4, maxEvaluations = 50 }: ArmijoOptions = {},
): LineSearchResult {
  let slope = 0;
  for (let i = 0; i < x.length; i++) slope += grad[i]! * direction[i]!;
  // Uphill or flat, the test below would accept an increase: no step is acceptable.
  if (!(slope < 0)) return { step: 0, value, grad, evaluations: 0, ok: false };
  const point = new Float64Array(x.length);
  let alpha = initialStep;
  for (let evaluations = 1; evaluations <= maxEvaluations; evaluations++) {
    for (let i = 0; i < x.length; i++) point[i] = x[i]! + alpha * direction[i]!;
    const g = new Float64Array(x.length);
    const f = objective.valueAndGradient(point, g);
    if (f <= value + c1 * alpha * slope) return { step: alpha, value: f, grad: g, evaluations, ok: true };
    const curvature = f - value - slope * alpha;
    const quadratic = (-slope * alpha * alpha) / (2 * curvature);
    // A non-finite f (overflow far out) gives no model to interpolate: halve instead.
    alpha = Number.isFinite(quadratic)
      ? Math.min(0.5 * alpha, Math.max(0.1 * alpha, quadratic))
      : 0.5 * alpha;
  }
  return { step: 0, value, grad, evaluations: maxEvaluations, ok: false };
}
