// adamax: Adam with the infinity norm in place of the second moment (PyTorch Adamax).

import type { AdamOptions } from './adam.js';
import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { defaultEps } from './convention.js';
import { scaleByAdamax } from './scale-by-adamax.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import type { GradientTransformation } from './transform.js';

/**
 * torch.optim.Adamax (Kingma & Ba 2015, §7.1): g ← g + λθ, m ← b1·m + (1−b1)g,
 * u ← max(b2·u, |g| + ε), θ ← θ − η/(1−b1ᵗ)·m/u. Defaults lr 2e-3, b1 0.9, b2 0.999, eps 1e-8.
 * With `convention: 'tfjs'`: u ← max(b2·u, |g|), divide by u + ε, eps 1e-7.
 *
 * Hand-worked, f = Σx², x₀ = [1, 2], η = 0.1: g = [2, 4], m = [0.2, 0.4], u ≈ [2, 4],
 * m/((1−0.9)·u) ≈ [1, 1], x₁ ≈ [0.9, 1.9].
 *
 * @example
 * const opt = adamax(0.002);
 */
export function adamax(
  learningRate: Rate,
  { b1 = 0.9, b2 = 0.999, eps, weightDecay = 0, convention = 'pytorch' }: AdamOptions = {},
): GradientTransformation<unknown[]> {
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    scaleByAdamax({ b1, b2, eps: eps ?? defaultEps(convention, 1e-8), convention }),
    scaleByLearningRate(learningRate),
  );
}
