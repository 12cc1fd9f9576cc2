// gd: plain gradient descent, θ ← θ − η∇L(θ) (PyTorch SGD without momentum).

import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import type { GradientTransformation } from './transform.js';

/**
 * Gradient descent: the update is −η·g. Follows torch.optim.SGD with momentum 0 (default lr 1e-3 there;
 * downhill's commands default to 0.1).
 *
 * @example
 * const opt = gd(0.1);
 */
export function gd(learningRate: Rate): GradientTransformation<unknown> {
  return scaleByLearningRate(learningRate) as GradientTransformation<unknown>;
}
