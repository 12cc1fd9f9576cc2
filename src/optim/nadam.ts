// nadam: Adam with Nesterov momentum (PyTorch NAdam).

import {
  type AdamOptions,
  adamDefaults,
  adamFamilySettings,
  firstMomentStep,
  secondCorrectionStep,
  secondMomentStep,
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
} from './rule.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { scaleByNadam } from './scale-by-nadam.js';
import type { Rate } from './schedule.js';
import { optimizerSettings } from './settings.js';
import type { GradientTransformation } from './transform.js';

/** torch.optim.NAdam's documented defaults: Adam's, with lr 2e-3 (momentum_decay 4e-3: the momentumDecay setting's). */
export const nadamDefaults = { ...adamDefaults, learningRate: 2e-3 } as const;

export interface NadamOptions extends AdamOptions {
  /** ψ of the momentum schedule μₜ = b1·(1 − ½·0.96^(tψ)) (default 4e-3, PyTorch's). */
  momentumDecay?: number;
}

/**
 * torch.optim.NAdam (Dozat 2016): g ← g + λθ, then θ ← θ − η·m̂/(√v̂ + ε) with the Nesterov
 * m̂ of scaleByNadam, with nadamDefaults. tfjs has no NAdam; the tfjs convention only moves eps.
 *
 * Hand-worked, f = Σx², x₀ = [1, 2], η = 0.1, defaults: μ₁ = 0.9(1 − ½·0.96^0.004) ≈ 0.4500735,
 * μ₂ ≈ 0.4501470, m = [0.2, 0.4], v̂ = g², so the step is (1−μ₁)/(1−μ₁) + μ₂·0.1/(1−μ₁μ₂) ≈ 1.0568
 * times sign(g): x₁ ≈ [0.89432, 1.89432].
 *
 * @example
 * const opt = nadam(0.002);
 * minimize(compileExpression('(x - 1)^2'), { method: firstOrder({ name: 'nadam' }, opt), maxIterations: 3000 }).point; // → [1.00]
 */
export function nadam(
  learningRate: Rate,
  {
    b1 = nadamDefaults.b1,
    b2 = nadamDefaults.b2,
    eps,
    weightDecay = 0,
    convention = 'pytorch',
    momentumDecay = optimizerSettings.momentumDecay.default,
  }: NadamOptions = {},
): GradientTransformation<unknown[]> {
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    scaleByNadam({ b1, b2, eps: eps ?? defaultEps(convention, nadamDefaults.eps), momentumDecay }),
    scaleByLearningRate(learningRate),
  );
}

/** NAdam's rule (PyTorch's form, Dozat's momentum schedule μₜ = β₁(1 − ½·0.96^{tψ})). */
export const nadamRule: OptimizerRule = {
  latex:
    '\\theta_t = \\theta_{t-1} - \\eta\\,\\frac{\\frac{\\mu_{t+1}}{1-\\prod_{i\\le t+1}\\mu_i}\\, m_t + \\frac{1-\\mu_t}{1-\\prod_{i\\le t}\\mu_i}\\, g_t}{\\sqrt{v_t/(1-\\beta_2^t)} + \\epsilon}',
  steps: [
    gradientStep,
    decayedGradientStep,
    firstMomentStep,
    secondMomentStep,
    secondCorrectionStep,
    {
      quantity: 'd',
      symbol: 'd_t',
      words:
        'Nesterov’s look-ahead in Adam: mix the momentum (weighted by the next μ) with this gradient (weighted by 1 − μₜ), each bias-corrected by the product of the μ so far, and divide by √v̂ + ε.',
      latex:
        'd_t = \\frac{\\frac{\\mu_{t+1}}{1-\\prod_{i\\le t+1}\\mu_i}\\, m_t + \\frac{1-\\mu_t}{1-\\prod_{i\\le t}\\mu_i}\\, g_t}{\\sqrt{\\hat v_t} + \\epsilon}',
      read: (view) => view.part('scaleByNadam')?.output ?? null,
    },
    displacementStep(
      'Step against that direction: η times d, with a minus sign.',
      '\\Delta\\theta_t = -\\eta\\, d_t',
      '-[[eta]] \\cdot [[d]]',
    ),
    newPointStep,
  ],
};

export const nadamSpec = defineOptimizer({
  name: 'nadam',
  summary: "NAdam: Adam with Nesterov momentum and Dozat's momentum schedule",
  settings: [...adamFamilySettings, 'momentumDecay'],
  defaults: nadamDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  rule: nadamRule,
  transform: (rate, settings) => nadam(rate, settings),
});
