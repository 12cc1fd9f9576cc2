// firstOrder: turns a gradient transformation into a Method that minimize() can iterate.

import { dot } from '../numeric/vector.js';
import type { MethodInfo } from '../record/method-info.js';
import { type LineSearchName, lineSearch } from './line-search.js';
import type { Method, Objective } from './method.js';
import type { GradientTransformation } from './transform.js';

export interface FirstOrderOptions<S = unknown> {
  /**
   * 'none' (default) takes the transformation's update as it is; 'armijo' or 'strong-wolfe' treat
   * it as a direction and scale it by a line-searched step, starting from 1 (the update itself).
   */
  lineSearch?: 'none' | LineSearchName;
  /** The learning rate step `step` uses given the state before it; becomes Method.learningRate. */
  learningRate?: (step: number, state: S) => number;
}

/**
 * Each step feeds the gradient at x (and the value, for reduceOnPlateau) through the
 * transformation; its updates are the displacement. With a line search the update d is scaled by
 * the step α found along it, so the value never rises from one iterate to the next:
 * - An update that does not point downhill (∇fᵀd ≥ 0 — momentum carrying the point up a valley
 *   wall, as on Rosenbrock) is replaced for that step by steepest descent −∇f, searched from the
 *   step as long as the update was (α₀ = ‖d‖/‖∇f‖). The transformation's state still advances as if
 *   its update had been taken: the state is opaque (a chain's parts, a schedule's step count,
 *   Adam's bias correction), so resetting only the momentum is not possible, and resetting all of
 *   it would restart the schedule too. The velocity then keeps steering later steps wherever it
 *   points downhill, and −∇f takes over wherever it does not.
 * - A zero update (a skipped non-finite step, a rate scheduled to 0) and a failed search give a zero
 *   displacement: the point is kept, and a run with nowhere to go reports `stalled`.
 *
 * @example
 * // gd with an Armijo backtracking search on every step
 * const method = firstOrder({ name: 'gd', lr: 1 }, gd(1), { lineSearch: 'armijo' });
 * minimize(compileExpression('(x - 2)^2'), { method }).point; // → [2.0000]
 */
export function firstOrder<S>(
  info: MethodInfo,
  transform: GradientTransformation<S>,
  { lineSearch: search = 'none', learningRate }: FirstOrderOptions<S> = {},
): Method<S> {
  /** The displacement into `updates`, which the transform has just filled and this step may overwrite. */
  const searchAlong = (
    x: Float64Array,
    value: number,
    grad: Float64Array,
    updates: Float64Array,
    objective: Objective,
  ): void => {
    let direction = updates;
    let initialStep = 1;
    if (!(dot(grad, updates) < 0)) {
      direction = Float64Array.from(grad, (g) => -g);
      initialStep = Math.sqrt(dot(updates, updates) / dot(grad, grad));
    }
    const { step } =
      initialStep > 0 && Number.isFinite(initialStep)
        ? lineSearch(search as LineSearchName, objective, x, value, grad, direction, initialStep)
        : { step: 0 };
    // Filled rather than multiplied at α = 0, where 0·∞ would be NaN.
    if (step === 0) updates.fill(0);
    else for (let i = 0; i < x.length; i++) updates[i] = step * direction[i]!;
  };
  const { updateInto } = transform;
  return {
    info,
    transform,
    init: (x) => transform.init(x),
    step(x, value, grad, state, objective) {
      // The updates are this step's own array (GradientTransformation's contract), free to overwrite.
      const [updates, next] = transform.update(grad, state, x, value);
      if (search !== 'none') searchAlong(x, value, grad, updates, objective);
      return [updates, next];
    },
    ...(updateInto !== undefined && {
      stepInto(
        x: Float64Array,
        value: number,
        grad: Float64Array,
        state: S,
        objective: Objective,
        out: Float64Array,
      ) {
        const next = updateInto.call(transform, grad, state, x, out, value);
        if (search !== 'none') searchAlong(x, value, grad, out, objective);
        return next;
      },
    }),
    ...(learningRate !== undefined && { learningRate }),
  };
}
