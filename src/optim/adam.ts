// adam: adaptive moment estimation (PyTorch Adam).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { type Convention, defaultEps } from './convention.js';
import { scaleByAdam } from './scale-by-adam.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import type { GradientTransformation } from './transform.js';

export interface AdamOptions {
  /** Decay of the first moment (default 0.9). */
  b1?: number;
  /** Decay of the second moment (default 0.999). */
  b2?: number;
  /** Default 1e-8 (PyTorch), 1e-7 with the tfjs convention. */
  eps?: number;
  /** L2 weight decay λ, coupled: g ← g + λθ (default 0; for decoupled decay use adamw). */
  weightDecay?: Rate;
  /** tfjs shares Adam's formula; the convention only moves eps's default. */
  convention?: Convention;
}

/**
 * torch.optim.Adam (Kingma & Ba 2015): g ← g + λθ, then θ ← θ − η·m̂/(√v̂ + ε) (see scaleByAdam).
 * Defaults lr 1e-3, b1 0.9, b2 0.999, eps 1e-8. Optax `adam`.
 *
 * Hand-worked (tfjs-core's test), f = Σx², x₀ = [2, 4], η = 0.1, b1 = 0.8, b2 = 0.9:
 * g = [4, 8], m = [0.8, 1.6], v = [1.6, 6.4], m̂ = [4, 8], v̂ = [16, 64], x₁ = [1.9, 3.9];
 * g = [3.8, 7.8], m = [1.4, 2.84], v = [2.884, 11.844], m̂ = m/0.36, v̂ = v/0.19,
 * x₂ = [1.8001830, 3.8000821].
 *
 * @example
 * const opt = adam(0.001);
 */
export function adam(
  learningRate: Rate,
  { b1 = 0.9, b2 = 0.999, eps, weightDecay = 0, convention = 'pytorch' }: AdamOptions = {},
): GradientTransformation<unknown[]> {
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    scaleByAdam({ b1, b2, eps: eps ?? defaultEps(convention, 1e-8) }),
    scaleByLearningRate(learningRate),
  );
}
