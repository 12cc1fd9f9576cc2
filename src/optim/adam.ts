// adam: adaptive moment estimation (PyTorch Adam), and its catalog entry.

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { type Convention, defaultEps } from './convention.js';
import { defineOptimizer } from './optimizer-spec.js';
import { scaleByAdam } from './scale-by-adam.js';
import { scaleByAmsgrad } from './scale-by-amsgrad.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import { firstOrderSettings } from './settings.js';
import type { GradientTransformation } from './transform.js';

/**
 * torch.optim.Adam's documented defaults — lr 1e-3, betas (0.9, 0.999), eps 1e-8 — which its
 * family (adamax, nadam, amsgrad, adamw) shares where PyTorch documents the same.
 */
export const adamDefaults = { learningRate: 1e-3, b1: 0.9, b2: 0.999, eps: 1e-8 } as const;

export interface AdamOptions {
  /** Decay of the first moment (default adamDefaults.b1). */
  b1?: number;
  /** Decay of the second moment (default adamDefaults.b2). */
  b2?: number;
  /** Default adamDefaults.eps (PyTorch), 1e-7 with the tfjs convention. */
  eps?: number;
  /** L2 weight decay λ, coupled: g ← g + λθ (default 0; for decoupled decay use adamw). */
  weightDecay?: Rate;
  /** tfjs shares Adam's formula; the convention only moves eps's default. */
  convention?: Convention;
}

/**
 * torch.optim.Adam (Kingma & Ba 2015): g ← g + λθ, then θ ← θ − η·m̂/(√v̂ + ε) (see scaleByAdam),
 * with adamDefaults. Optax `adam`.
 *
 * Hand-worked (tfjs-core's test), f = Σx², x₀ = [2, 4], η = 0.1, b1 = 0.8, b2 = 0.9:
 * g = [4, 8], m = [0.8, 1.6], v = [1.6, 6.4], m̂ = [4, 8], v̂ = [16, 64], x₁ = [1.9, 3.9];
 * g = [3.8, 7.8], m = [1.4, 2.84], v = [2.884, 11.844], m̂ = m/0.36, v̂ = v/0.19,
 * x₂ = [1.8001830, 3.8000821].
 *
 * @example
 * const opt = adam(0.001);
 */
export function adam(learningRate: Rate, options: AdamOptions = {}): GradientTransformation<unknown[]> {
  return adamChain(learningRate, options, false);
}

/** Adam's chain, with AMSGrad's second moment when `max` is set (amsgrad shares everything else). */
export function adamChain(
  learningRate: Rate,
  { b1 = adamDefaults.b1, b2 = adamDefaults.b2, eps, weightDecay = 0, convention = 'pytorch' }: AdamOptions,
  max: boolean,
): GradientTransformation<unknown[]> {
  const moments = { b1, b2, eps: eps ?? defaultEps(convention, adamDefaults.eps) };
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    max ? scaleByAmsgrad(moments) : scaleByAdam(moments),
    scaleByLearningRate(learningRate),
  );
}

/** The settings of the Adam family: the moments' decays, eps and the convention besides the first-order ones. */
export const adamFamilySettings = [...firstOrderSettings, 'b1', 'b2', 'eps', 'convention'] as const;

/** adam in the catalog; `amsgrad: true` gives amsgrad. */
export const adamSpec = defineOptimizer({
  name: 'adam',
  summary: 'Adam: steps scaled by running means of the gradient and its square (Kingma & Ba 2015)',
  settings: [...adamFamilySettings, 'amsgrad'],
  defaults: adamDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  transform: (rate, { amsgrad, ...settings }) => adamChain(rate, settings, amsgrad),
});
