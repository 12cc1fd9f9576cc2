// adamax: Adam with the infinity norm in place of the second moment (PyTorch Adamax).

import {
  type AdamOptions,
  adamDefaults,
  adamFamilySettings,
  firstCorrectionStep,
  firstMomentStep,
} from './adam.js';
import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { defaultEps } from './convention.js';
import { defineOptimizer } from './optimizer-spec.js';
import {
  decayedGradientStep,
  displacementStep,
  gradientStep,
  newPointStep,
  type OptimizerRule,
  partState,
} from './rule.js';
import { type ScaleByAdamaxState, scaleByAdamax } from './scale-by-adamax.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import type { GradientTransformation } from './transform.js';

/** torch.optim.Adamax's documented defaults: Adam's, with lr 2e-3. */
export const adamaxDefaults = { ...adamDefaults, learningRate: 2e-3 } as const;

/**
 * torch.optim.Adamax (Kingma & Ba 2015, §7.1): g ← g + λθ, m ← b1·m + (1−b1)g,
 * u ← max(b2·u, |g| + ε), θ ← θ − η/(1−b1ᵗ)·m/u, with adamaxDefaults.
 * With `convention: 'tfjs'`: u ← max(b2·u, |g|), divide by u + ε, eps 1e-7.
 *
 * Hand-worked, f = Σx², x₀ = [1, 2], η = 0.1: g = [2, 4], m = [0.2, 0.4], u ≈ [2, 4],
 * m/((1−0.9)·u) ≈ [1, 1], x₁ ≈ [0.9, 1.9].
 *
 * @example
 * const opt = adamax(0.002);
 * const [updates] = opt.update(Float64Array.of(7), opt.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]; // → -0.002
 */
export function adamax(
  learningRate: Rate,
  {
    b1 = adamaxDefaults.b1,
    b2 = adamaxDefaults.b2,
    eps,
    weightDecay = 0,
    convention = 'pytorch',
  }: AdamOptions = {},
): GradientTransformation<unknown[]> {
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    scaleByAdamax({ b1, b2, eps: eps ?? defaultEps(convention, adamaxDefaults.eps), convention }),
    scaleByLearningRate(learningRate),
  );
}

/** Adamax's rule (PyTorch's form): Adam with a decaying maximum of |g| for the second moment. */
export const adamaxRule: OptimizerRule = {
  latex:
    'm_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t,\\quad u_t = \\max(\\beta_2 u_{t-1}, |g_t| + \\epsilon),\\quad \\theta_t = \\theta_{t-1} - \\eta\\,\\frac{m_t}{(1-\\beta_1^t)\\, u_t}',
  steps: [
    gradientStep,
    decayedGradientStep,
    firstMomentStep,
    {
      quantity: 'u',
      symbol: 'u_t',
      words:
        'The size accumulator: the largest recent |g|, decaying by β₂ each step (the infinity norm in place of Adam’s v).',
      latex: 'u_t = \\max(\\beta_2 u_{t-1}, |g_t| + \\epsilon)',
      numbers: '\\max([[b2]] \\cdot [[u-]], |[[grad]]| + [[eps]])',
      state: true,
      read: (view) => partState<ScaleByAdamaxState>(view, 'scaleByAdamax')?.u ?? null,
    },
    firstCorrectionStep,
    {
      quantity: 'd',
      symbol: 'd_t',
      words: 'Divide the corrected momentum by that size: about ±1 per coordinate.',
      latex: 'd_t = \\frac{\\hat m_t}{u_t}',
      numbers: '\\frac{[[mHat]]}{[[u]]}',
      read: (view) => view.part('scaleByAdamax')?.output ?? null,
    },
    displacementStep(
      'Step against that direction: η times d, with a minus sign.',
      '\\Delta\\theta_t = -\\eta\\, d_t',
      '-[[eta]] \\cdot [[d]]',
    ),
    newPointStep,
  ],
};

export const adamaxSpec = defineOptimizer({
  name: 'adamax',
  summary: 'Adamax: Adam with a decaying maximum of |g| in place of the second moment',
  settings: adamFamilySettings,
  defaults: adamaxDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  rule: adamaxRule,
  transform: (rate, settings) => adamax(rate, settings),
});
