// addDecayedWeights: updates + λ·params — L2 weight decay before the scaling, decoupled decay after it.

import { type Rate, rateAt } from './schedule.js';
import { type GradientTransformation, transformation } from './transform.js';

export interface AddDecayedWeightsState {
  readonly count: number;
}

/**
 * updates ← updates + λ·params (Optax `add_decayed_weights`). Where it sits in a chain decides which
 * weight decay it is: first, it is PyTorch's `weight_decay` (the L2 penalty's gradient, g + λθ, seen
 * by the adaptive scaling); after the scaling and before the learning rate, it is AdamW's decoupled
 * decay θ ← θ − ηλθ (Loshchilov & Hutter 2019).
 *
 * @example
 * // AdamW by hand: Adam's direction, then decoupled decay λθ, then the rate
 * const opt = chain(scaleByAdam({ b1: 0.9, b2: 0.999, eps: 1e-8 }), addDecayedWeights(0.01), scaleByLearningRate(0.1));
 * const [updates] = opt.update(Float64Array.of(4), opt.init(Float64Array.of(1)), Float64Array.of(1));
 * updates[0]; // → -0.101
 */
export function addDecayedWeights(weightDecay: Rate): GradientTransformation<AddDecayedWeightsState> {
  return transformation(
    () => ({ count: 0 }),
    (grads, state, params, out) => {
      const lambda = rateAt(weightDecay, state.count);
      for (let i = 0; i < grads.length; i++) out[i] = grads[i]! + lambda * params[i]!;
      return { count: state.count + 1 };
    },
    'addDecayedWeights',
  );
}
