// nesterov: gradient descent with Nesterov momentum (PyTorch SGD with nesterov=True, dampening 0).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { type MomentumOptions, momentumDefaults, momentumSettings } from './momentum.js';
import { defineOptimizer } from './optimizer-spec.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import { trace } from './trace.js';
import type { GradientTransformation } from './transform.js';

/**
 * torch.optim.SGD with `nesterov=True`, dampening 0: g ← g + λθ, b ← μb + g, θ ← θ − η·(g + μb)
 * (Sutskever et al. 2013's reformulation, as PyTorch and tfjs write it). Optax `sgd(nesterov=True)`.
 *
 * Hand-worked (tfjs-core's test), f = Σx², x₀ = [1, 2], η = 0.1, μ = 0.5:
 * g = [2, 4], b = [2, 4], update g + μb = [3, 6], x₁ = [0.7, 1.4];
 * g = [1.4, 2.8], b = [2.4, 4.8], update [2.6, 5.2], x₂ = [0.44, 0.88].
 *
 * @example
 * const opt = nesterov(0.1, { momentum: 0.9 });
 */
export function nesterov(
  learningRate: Rate,
  { momentum = momentumDefaults.momentum, weightDecay = 0 }: MomentumOptions = {},
): GradientTransformation<unknown[]> {
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    trace({ momentum, nesterov: true }),
    scaleByLearningRate(learningRate),
  );
}

export const nesterovSpec = defineOptimizer({
  name: 'nesterov',
  summary: 'Nesterov momentum: the step looks ahead along the velocity (PyTorch SGD with nesterov)',
  settings: momentumSettings,
  defaults: momentumDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  transform: (rate, settings) => nesterov(rate, settings),
});
