// adamw: Adam with decoupled weight decay (PyTorch AdamW).

import {
  type AdamOptions,
  adamDefaults,
  adamDirectionStep,
  adamFamilySettings,
  amsgradSteps,
  firstCorrectionStep,
  firstMomentStep,
  secondCorrectionStep,
  secondMomentStep,
} from './adam.js';
import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { defaultEps } from './convention.js';
import { defineOptimizer } from './optimizer-spec.js';
import { displacementStep, gradientStep, newPointStep, type OptimizerRule } from './rule.js';
import { scaleByAdam } from './scale-by-adam.js';
import { scaleByAmsgrad } from './scale-by-amsgrad.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import type { GradientTransformation } from './transform.js';

/** torch.optim.AdamW's documented defaults: Adam's, with weight_decay 1e-2. */
export const adamwDefaults = { ...adamDefaults, weightDecay: 1e-2 } as const;

/**
 * AdamW's settings: Adam's, with decoupled weight decay, and AMSGrad's second moment as an option.
 *
 * @example
 * const options: AdamwOptions = { weightDecay: 0.01, amsgrad: true };
 * const opt = adamw(0.1, options);
 * const [updates] = opt.update(Float64Array.of(4), opt.init(Float64Array.of(1)), Float64Array.of(1));
 * updates[0]; // → -0.101
 */
export interface AdamwOptions extends AdamOptions {
  /** Use the AMSGrad second moment (default false). */
  amsgrad?: boolean;
}

/**
 * torch.optim.AdamW (Loshchilov & Hutter 2019): θ ← θ − ηλθ, then Adam's step on the raw
 * gradient: θ ← θ − η·m̂/(√v̂ + ε). As a chain: scaleByAdam, addDecayedWeights(λ), then −η — the
 * decay skips the adaptive scaling. Defaults: adamwDefaults. Optax `adamw`.
 *
 * Hand-worked, f = Σx², x₀ = [1, 2], η = 0.1, λ = 0.01: Adam's direction [1, 1] plus λθ =
 * [0.01, 0.02], x₁ = [0.899, 1.898].
 *
 * @example
 * // Decoupled decay: −η·(sign(g) + λθ) on the first step
 * const opt = adamw(0.1, { weightDecay: 0.5 });
 * const [updates] = opt.update(Float64Array.of(4), opt.init(Float64Array.of(2)), Float64Array.of(2));
 * updates[0]; // → -0.2
 */
export function adamw(
  learningRate: Rate,
  {
    b1 = adamwDefaults.b1,
    b2 = adamwDefaults.b2,
    eps,
    weightDecay = adamwDefaults.weightDecay,
    convention = 'pytorch',
    amsgrad = false,
  }: AdamwOptions = {},
): GradientTransformation<unknown[]> {
  const moments = { b1, b2, eps: eps ?? defaultEps(convention, adamwDefaults.eps) };
  return chain(
    amsgrad ? scaleByAmsgrad(moments) : scaleByAdam(moments),
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    scaleByLearningRate(learningRate),
  );
}

/** AdamW's rule: Adam's direction on the raw gradient, plus the decay λθ outside the adaptive scaling. */
export const adamwRule: OptimizerRule = {
  latex:
    '\\theta_t = \\theta_{t-1} - \\eta\\,\\Bigl(\\frac{\\hat m_t}{\\sqrt{\\hat v_t} + \\epsilon} + \\lambda\\,\\theta_{t-1}\\Bigr)',
  steps: [
    gradientStep,
    firstMomentStep,
    secondMomentStep,
    firstCorrectionStep,
    secondCorrectionStep,
    ...amsgradSteps,
    adamDirectionStep,
    {
      quantity: 'dDecayed',
      symbol: 'd_t',
      words:
        'Decoupled weight decay: add λθ to the direction after the adaptive scaling, so every parameter shrinks by the same fraction ηλ.',
      latex: 'd_t \\leftarrow d_t + \\lambda\\,\\theta_{t-1}',
      numbers: '[[d]] + [[weightDecay]] \\cdot [[theta-]]',
      read: (view) => view.part('addDecayedWeights')?.output ?? null,
    },
    displacementStep(
      'Step against that direction: η times d, with a minus sign.',
      '\\Delta\\theta_t = -\\eta\\, d_t',
      '-[[eta]] \\cdot [[dir]]',
    ),
    newPointStep,
  ],
};

export const adamwSpec = defineOptimizer({
  name: 'adamw',
  summary: 'AdamW: Adam with weight decay decoupled from the adaptive step (Loshchilov & Hutter 2019)',
  settings: [...adamFamilySettings, 'amsgrad'],
  defaults: adamwDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  rule: adamwRule,
  transform: (rate, settings) => adamw(rate, settings),
});
