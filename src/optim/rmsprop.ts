// rmsprop: steps divided by a running root-mean-square of the gradient (PyTorch RMSprop).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { type Convention, defaultEps } from './convention.js';
import { defineOptimizer } from './optimizer-spec.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { scaleByRms } from './scale-by-rms.js';
import { scaleByStddev } from './scale-by-stddev.js';
import type { Rate } from './schedule.js';
import { firstOrderSettings } from './settings.js';
import { trace } from './trace.js';
import type { GradientTransformation } from './transform.js';

/** torch.optim.RMSprop's documented defaults: lr 1e-2, alpha 0.99, eps 1e-8, momentum 0, centered False. */
export const rmspropDefaults = {
  learningRate: 1e-2,
  rho: 0.99,
  eps: 1e-8,
  momentum: 0,
  centered: false,
} as const;

export interface RmspropOptions {
  /** Decay of the running means (PyTorch `alpha`). */
  rho?: number;
  /** Default rmspropDefaults.eps (PyTorch), 1e-7 with the tfjs convention. */
  eps?: number;
  /** Momentum μ on the scaled gradient. */
  momentum?: number;
  /** Divide by the running standard deviation instead of the root mean square. */
  centered?: boolean;
  /** L2 weight decay λ (default 0). */
  weightDecay?: Rate;
  convention?: Convention;
}

/**
 * torch.optim.RMSprop (Hinton, Lecture 6e; centered: Graves 2013): g ← g + λθ, v ← ρv + (1−ρ)g²,
 * ṽ = v (centered: ṽ = v − ḡ², ḡ ← ρḡ + (1−ρ)g), then with μ > 0 b ← μb + g/(√ṽ + ε), θ ← θ − η·b,
 * else θ ← θ − η·g/(√ṽ + ε). Defaults: rmspropDefaults.
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
    rho = rmspropDefaults.rho,
    eps,
    momentum = rmspropDefaults.momentum,
    centered = rmspropDefaults.centered,
    weightDecay = 0,
    convention = 'pytorch',
  }: RmspropOptions = {},
): GradientTransformation<unknown[]> {
  const scaling = { rho, eps: eps ?? defaultEps(convention, rmspropDefaults.eps), convention };
  const momentumParts = momentum === 0 ? [] : [trace({ momentum })];
  const lr = scaleByLearningRate(learningRate);
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    centered ? scaleByStddev(scaling) : scaleByRms(scaling),
    // PyTorch keeps the scaled gradient in the buffer and applies η after; tfjs applies η first.
    ...(convention === 'tfjs' ? [lr, ...momentumParts] : [...momentumParts, lr]),
  );
}

export const rmspropSpec = defineOptimizer({
  name: 'rmsprop',
  summary: 'RMSprop: steps divided by a running root mean square of the gradient (Hinton)',
  settings: [...firstOrderSettings, 'rho', 'eps', 'momentum', 'centered', 'convention'],
  defaults: rmspropDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  transform: (rate, settings) => rmsprop(rate, settings),
});
