// firstOrder: turns a gradient transformation into a Method that minimize() can iterate.

import type { Method, MethodInfo } from './method.js';
import type { GradientTransformation } from './transform.js';

/** Each step feeds the gradient at x through the transformation; its updates are the displacement. */
export function firstOrder<S>(info: MethodInfo, transform: GradientTransformation<S>): Method<S> {
  return {
    info,
    init: (x) => transform.init(x),
    step: (x, _value, grad, state) => transform.update(grad, state, x),
  };
}
