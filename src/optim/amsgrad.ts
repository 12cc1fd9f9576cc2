// amsgrad: Adam with a non-decreasing second moment (PyTorch Adam with amsgrad=True).

import type { AdamOptions } from './adam.js';
import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { defaultEps } from './convention.js';
import { scaleByAmsgrad } from './scale-by-amsgrad.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import type { GradientTransformation } from './transform.js';

/**
 * torch.optim.Adam with `amsgrad=True` (Reddi, Kale & Kumar 2018): g ← g + λθ, then
 * θ ← θ − η·m̂/(√(vᵐᵃˣ/(1−b2ᵗ)) + ε) with vᵐᵃˣ the running maximum of v (see scaleByAmsgrad).
 * Defaults as adam. Optax `amsgrad`.
 *
 * Hand-worked, f = Σx², x₀ = [1, 2], η = 0.1: the first step equals Adam's, m̂/√v̂ = [1, 1],
 * x₁ = [0.9, 1.9]; they differ once v would shrink.
 *
 * @example
 * const opt = amsgrad(0.001);
 */
export function amsgrad(
  learningRate: Rate,
  { b1 = 0.9, b2 = 0.999, eps, weightDecay = 0, convention = 'pytorch' }: AdamOptions = {},
): GradientTransformation<unknown[]> {
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    scaleByAmsgrad({ b1, b2, eps: eps ?? defaultEps(convention, 1e-8) }),
    scaleByLearningRate(learningRate),
  );
}
