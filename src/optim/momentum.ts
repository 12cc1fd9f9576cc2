// momentum: gradient descent with heavy-ball momentum (PyTorch SGD with momentum, dampening 0).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import { trace } from './trace.js';
import type { GradientTransformation } from './transform.js';

export interface MomentumOptions {
  /** μ (default 0.9; PyTorch's default 0 would make this gd). */
  momentum?: number;
  /** L2 weight decay λ (default 0). */
  weightDecay?: Rate;
}

/**
 * torch.optim.SGD with momentum μ and dampening 0: g ← g + λθ, b ← μb + g (b₁ = g₁), θ ← θ − η·b
 * (Polyak 1964, as PyTorch and tfjs write it). Optax `sgd(momentum=μ)`.
 *
 * Hand-worked (tfjs-core's test), f = Σx², x₀ = [1, 2], η = 0.1, μ = 0.5:
 * g = [2, 4], b = [2, 4], x₁ = [0.8, 1.6]; g = [1.6, 3.2], b = [2.6, 5.2], x₂ = [0.54, 1.08].
 *
 * @example
 * const opt = momentum(0.1, { momentum: 0.9 });
 */
export function momentum(
  learningRate: Rate,
  { momentum: mu = 0.9, weightDecay = 0 }: MomentumOptions = {},
): GradientTransformation<unknown[]> {
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    trace({ momentum: mu }),
    scaleByLearningRate(learningRate),
  );
}
