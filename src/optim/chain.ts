// chain: several gradient transformations applied one after another, as one.

import type { GradientTransformation } from './transform.js';

/**
 * Composes transformations left to right: the updates of one are the gradients of the next
 * (Optax `chain`). The state is the array of the parts' states, in order. The updates a part returns
 * belong to the chain, so each later part that has `updateInto` overwrites them rather than allocating:
 * adam's chain makes m, v and one array of updates a step.
 *
 * @example
 * // Gradient descent with clipping: each gradient entry held to [−1, 1], then scaled by −η
 * const sgd = chain(clip(1), scaleByLearningRate(0.1));
 * const [updates] = sgd.update(Float64Array.of(5, -0.5), sgd.init(Float64Array.of(0, 0)), Float64Array.of(0, 0));
 * [...updates]; // → [-0.1, 0.05]
 */
export function chain(...transforms: GradientTransformation<unknown>[]): GradientTransformation<unknown[]> {
  /** The parts in turn, writing into `out` when given (chain's own updateInto), else into arrays made here. */
  const run = (
    grads: Float64Array,
    states: unknown[],
    params: Float64Array,
    out: Float64Array | null,
    value: number | undefined,
  ): [Float64Array, unknown[]] => {
    let updates = grads;
    // Whether `updates` may be overwritten: true once a part has produced them, or they are `out`.
    let owned = false;
    const next: unknown[] = new Array(transforms.length);
    for (let i = 0; i < transforms.length; i++) {
      const part = transforms[i]!;
      if (part.updateInto !== undefined && (owned || out !== null)) {
        const target = owned ? updates : out!;
        next[i] = part.updateInto(updates, states[i], params, target, value);
        updates = target;
      } else {
        [updates, next[i]] = part.update(updates, states[i], params, value);
      }
      owned = true;
    }
    if (out !== null) {
      if (updates !== out) out.set(updates);
      return [out, next];
    }
    return [owned ? updates : Float64Array.from(grads), next];
  };
  return {
    name: 'chain',
    parts: transforms,
    init: (params) => transforms.map((t) => t.init(params)),
    update: (grads, states, params, value) => run(grads, states, params, null, value),
    updateInto: (grads, states, params, out, value) => run(grads, states, params, out, value)[1],
  };
}
