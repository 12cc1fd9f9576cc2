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
 * // A schedule as the rate: the step count lives in the state
 * const opt = scaleByLearningRate(exponentialDecay(0.1, 0.5));
 * let state = opt.init(Float64Array.of(0));
 * const steps: number[] = [];
 * for (let k = 0; k < 3; k++) {
 *   const [updates, next] = opt.update(Float64Array.of(1), state, Float64Array.of(0));
 *   steps.push(updates[0]!);
 *   state = next;
 * }
 * steps; // → [-0.1, -0.05, -0.025]
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
