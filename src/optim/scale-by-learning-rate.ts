// scaleByLearningRate: multiplies updates by −η, turning a direction into a descent step.

import { type Rate, rateAt } from './schedule.js';
import { type GradientTransformation, transformation } from './transform.js';

export interface ScaleByLearningRateState {
  /** Updates made so far: the step a schedule is evaluated at. */
  readonly count: number;
}

/**
 * updates ← −rate(count) · updates. The sign makes gradients into descent steps (Optax
 * `scale_by_learning_rate`).
 *
 * @example
 * const opt = scaleByLearningRate(exponentialDecay(0.1, 0.99));
 */
export function scaleByLearningRate(rate: Rate): GradientTransformation<ScaleByLearningRateState> {
  return transformation(
    () => ({ count: 0 }),
    (grads, state, _params, out) => {
      const eta = rateAt(rate, state.count);
      for (let i = 0; i < grads.length; i++) out[i] = -eta * grads[i]!;
      return { count: state.count + 1 };
    },
    'scaleByLearningRate',
  );
}
