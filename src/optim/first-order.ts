// firstOrder: turns a gradient transformation into a Method that minimize() can iterate.

import { dot, type LineSearchName, lineSearch } from './line-search.js';
import type { Method, MethodInfo } from './method.js';
import type { GradientTransformation } from './transform.js';

export interface FirstOrderOptions {
  /**
   * 'none' (default) takes the transformation's update as it is; 'armijo' or 'strong-wolfe' treat
   * it as a direction and scale it by a line-searched step, starting from 1 (the update itself).
   */
  lineSearch?: 'none' | LineSearchName;
}

/**
 * Each step feeds the gradient at x (and the value, for reduceOnPlateau) through the
 * transformation; its updates are the displacement. With a line search the update d is scaled by
 * the step α found along it. A line search needs a descent direction, so an update that does not
 * point downhill (∇fᵀd ≥ 0, as momentum can produce) is taken unscaled, as without a line search.
 * A failed search gives a zero displacement: the point is kept and the transformation's state
 * still advances.
 *
 * @example
 * const method = firstOrder({ name: 'gd', lr: 1 }, gd(1), { lineSearch: 'armijo' });
 */
export function firstOrder<S>(
  info: MethodInfo,
  transform: GradientTransformation<S>,
  { lineSearch: search = 'none' }: FirstOrderOptions = {},
): Method<S> {
  return {
    info,
    init: (x) => transform.init(x),
    step(x, value, grad, state, objective) {
      const [updates, next] = transform.update(grad, state, x, value);
      if (search === 'none' || !(dot(grad, updates) < 0)) return [updates, next];
      const { step } = lineSearch(search, objective, x, value, grad, updates, 1);
      // The updates are this step's own array (GradientTransformation's contract), free to scale in place.
      for (let i = 0; i < x.length; i++) updates[i] = step * updates[i]!;
      return [updates, next];
    },
  };
}
