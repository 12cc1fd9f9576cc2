// gd: plain gradient descent, θ ← θ − η∇L(θ) (PyTorch SGD without momentum).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import type { GradientTransformation } from './transform.js';

export interface GdOptions {
  /** L2 weight decay λ: the gradient becomes g + λθ (PyTorch `weight_decay`, default 0). */
  weightDecay?: Rate;
}

/**
 * Gradient descent: the update is −η·(g + λθ). Follows torch.optim.SGD with momentum 0 (whose
 * default lr, 1e-3, createMethod uses too).
 *
 * Hand-worked, f = Σx², x₀ = [1, 2], η = 0.1: g = [2, 4], x₁ = [0.8, 1.6].
 *
 * @example
 * const opt = gd(0.1);
 */
export function gd(
  learningRate: Rate,
  { weightDecay = 0 }: GdOptions = {},
): GradientTransformation<unknown[]> {
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    scaleByLearningRate(learningRate),
  );
}
