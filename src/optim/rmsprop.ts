// rmsprop: steps divided by a running root-mean-square of the gradient (PyTorch RMSprop).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { type Convention, defaultEps } from './convention.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { scaleByRms } from './scale-by-rms.js';
import { scaleByStddev } from './scale-by-stddev.js';
import type { Rate } from './schedule.js';
import { trace } from './trace.js';
import type { GradientTransformation } from './transform.js';

export interface RmspropOptions {
  /** Decay of the running means (PyTorch `alpha`, default 0.99). */
  rho?: number;
  /** Default 1e-8 (PyTorch), 1e-7 with the tfjs convention. */
  eps?: number;
  /** Momentum μ on the scaled gradient (default 0). */
  momentum?: number;
  /** Divide by the running standard deviation instead of the root mean square (default false). */
  centered?: boolean;
  /** L2 weight decay λ (default 0). */
  weightDecay?: Rate;
  convention?: Convention;
}

/**
 * torch.optim.RMSprop (Hinton, Lecture 6e; centered: Graves 2013): g ← g + λθ, v ← ρv + (1−ρ)g²,
 * ṽ = v (centered: ṽ = v − ḡ², ḡ ← ρḡ + (1−ρ)g), then with μ > 0 b ← μb + g/(√ṽ + ε), θ ← θ − η·b,
 * else θ ← θ − η·g/(√ṽ + ε). Defaults lr 0.01, rho 0.99, eps 1e-8, momentum 0.
 * With `convention: 'tfjs'`: g/√(ṽ + ε), eps 1e-7, and η inside the momentum buffer
 * (b ← μb + η·g/√(ṽ + ε), θ ← θ − b), which only differs under a schedule.
 *
 * Hand-worked, f = Σx², x₀ = [1, 2], η = 0.01, ρ = 0.99: g = [2, 4], v = [0.04, 0.16],
 * g/√v = [10, 10], x₁ = [0.9, 1.9].
 *
 * @example
 * const opt = rmsprop(0.01, { centered: true, momentum: 0.9 });
 */
export function rmsprop(
  learningRate: Rate,
  {
    rho = 0.99,
    eps,
    momentum = 0,
    centered = false,
    weightDecay = 0,
    convention = 'pytorch',
  }: RmspropOptions = {},
): GradientTransformation<unknown[]> {
  const scaling = { rho, eps: eps ?? defaultEps(convention, 1e-8), convention };
  const momentumParts = momentum === 0 ? [] : [trace({ momentum })];
  const lr = scaleByLearningRate(learningRate);
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    centered ? scaleByStddev(scaling) : scaleByRms(scaling),
    // PyTorch keeps the scaled gradient in the buffer and applies η after; tfjs applies η first.
    ...(convention === 'tfjs' ? [lr, ...momentumParts] : [...momentumParts, lr]),
  );
}
