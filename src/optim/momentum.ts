// momentum: gradient descent with heavy-ball momentum (PyTorch SGD with momentum, dampening 0).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { sgdDefaults } from './gd.js';
import { defineOptimizer } from './optimizer-spec.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import { firstOrderSettings } from './settings.js';
import { trace } from './trace.js';
import type { GradientTransformation } from './transform.js';

export interface MomentumOptions {
  /** μ (default momentumDefaults.momentum). */
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
  { momentum: mu = momentumDefaults.momentum, weightDecay = 0 }: MomentumOptions = {},
): GradientTransformation<unknown[]> {
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    trace({ momentum: mu }),
    scaleByLearningRate(learningRate),
  );
}

/**
 * SGD's lr with μ 0.9: PyTorch's SGD defaults to momentum 0, which would make this gd, so μ is
 * the value its documentation and examples use.
 */
export const momentumDefaults = { ...sgdDefaults, momentum: 0.9 } as const;

/** The settings of SGD with momentum (momentum and nesterov). */
export const momentumSettings = [...firstOrderSettings, 'momentum'] as const;

export const momentumSpec = defineOptimizer({
  name: 'momentum',
  summary: 'heavy-ball momentum: b ← μb + g, θ ← θ − ηb (PyTorch SGD with momentum)',
  settings: momentumSettings,
  defaults: momentumDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  transform: (rate, settings) => momentum(rate, settings),
});
