// nadam: Adam with Nesterov momentum (PyTorch NAdam).

import { type AdamOptions, adamDefaults, adamFamilySettings } from './adam.js';
import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { defaultEps } from './convention.js';
import { defineOptimizer } from './optimizer-spec.js';
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

export const nadamSpec = defineOptimizer({
  name: 'nadam',
  summary: "NAdam: Adam with Nesterov momentum and Dozat's momentum schedule",
  settings: [...adamFamilySettings, 'momentumDecay'],
  defaults: nadamDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  transform: (rate, settings) => nadam(rate, settings),
});
