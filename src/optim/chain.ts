// chain: several gradient transformations applied one after another, as one.

import type { GradientTransformation } from './transform.js';

/**
 * Composes transformations left to right: the updates of one are the gradients of the next
 * (Optax `chain`). The state is the array of the parts' states, in order.
 *
 * @example
 * const sgd = chain(clipByGlobalNorm(1), scaleByLearningRate(0.1));
 */
export function chain(...transforms: GradientTransformation<unknown>[]): GradientTransformation<unknown[]> {
  return {
    init: (params) => transforms.map((t) => t.init(params)),
    update(grads, states, params, value) {
      let updates = grads;
      const next: unknown[] = new Array(transforms.length);
      for (let i = 0; i < transforms.length; i++) {
        const [u, s] = transforms[i]!.update(updates, states[i], params, value);
        updates = u;
        next[i] = s;
      }
      return [updates, next];
    },
  };
}
