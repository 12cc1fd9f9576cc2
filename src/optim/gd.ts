// gd: plain gradient descent, θ ← θ − η∇L(θ) (PyTorch SGD without momentum).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { fusedGd } from './fused-step.js';
import { defineOptimizer } from './optimizer-spec.js';
import {
  decayedGradientStep,
  displacementStep,
  gradientStep,
  newPointStep,
  type OptimizerRule,
} from './rule.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import { firstOrderSettings } from './settings.js';
import type { GradientTransformation } from './transform.js';

export interface GdOptions {
  /** L2 weight decay λ: the gradient becomes g + λθ (PyTorch `weight_decay`, default 0). */
  weightDecay?: Rate;
}

/**
 * Gradient descent: the update is −η·(g + λθ). Follows torch.optim.SGD with momentum 0.
 *
 * Hand-worked, f = Σx², x₀ = [1, 2], η = 0.1: g = [2, 4], x₁ = [0.8, 1.6].
 *
 * @example
 * const opt = gd(0.1);
 * const [updates] = opt.update(Float64Array.of(4, -2), opt.init(Float64Array.of(0, 0)), Float64Array.of(0, 0));
 * [...updates]; // → [-0.4, 0.2]
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

/** torch.optim.SGD's documented default lr, which momentum and nesterov share. */
export const sgdDefaults = { learningRate: 1e-3 } as const;

/** Gradient descent's rule, seed 002's θ ← θ − η∇L. */
export const gdRule: OptimizerRule = {
  latex: '\\theta_t = \\theta_{t-1} - \\eta\\,\\nabla L(\\theta_{t-1})',
  steps: [
    gradientStep,
    decayedGradientStep,
    displacementStep(
      'Step against the gradient (180° from it, where the loss falls fastest): the learning rate η times the gradient, with a minus sign.',
      '\\Delta\\theta_t = -\\eta\\, g_t',
      '-[[eta]] \\cdot [[grad]]',
    ),
    newPointStep,
  ],
};

export const gdSpec = defineOptimizer({
  name: 'gd',
  summary: 'gradient descent: θ ← θ − η∇L (PyTorch SGD without momentum)',
  settings: firstOrderSettings,
  defaults: sgdDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  rule: gdRule,
  transform: (rate, settings) => gd(rate, settings),
  fused: (rate, settings) => fusedGd(rate, settings.weightDecay),
});
