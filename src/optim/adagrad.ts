// adagrad: per-coordinate steps η/√Σg² (PyTorch Adagrad).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { type Convention, defaultEps } from './convention.js';
import { defineOptimizer } from './optimizer-spec.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { scaleByRss } from './scale-by-rss.js';
import { type Rate, rateAt } from './schedule.js';
import { firstOrderSettings, optimizerSettings } from './settings.js';
import type { GradientTransformation } from './transform.js';

/** torch.optim.Adagrad's documented defaults: lr 1e-2, eps 1e-10 (lr_decay 0: the lrDecay setting's). */
export const adagradDefaults = { learningRate: 1e-2, eps: 1e-10 } as const;

export interface AdagradOptions {
  /** Default adagradDefaults.eps (PyTorch), 1e-7 with the tfjs convention. */
  eps?: number;
  /** L2 weight decay λ (default 0). */
  weightDecay?: Rate;
  /** η is divided by 1 + (t−1)·lrDecay at step t (PyTorch `lr_decay`). */
  lrDecay?: number;
  /** Σg² starts here: 0 (PyTorch) or 0.1 (tfjs). */
  initialAccumulatorValue?: number;
  convention?: Convention;
}

/**
 * torch.optim.Adagrad (Duchi, Hazan & Singer 2011): g ← g + λθ, s ← s + g²,
 * θ ← θ − η/(1 + (t−1)·lrDecay) · g/(√s + ε). With `convention: 'tfjs'`: g/√(s + ε), s₀ = 0.1,
 * ε = 1e-7 (tfjs-core AdagradOptimizer). Defaults: adagradDefaults.
 *
 * Hand-worked, f = Σx², x₀ = [1, 2], η = 0.1: g = [2, 4], s = [4, 16], g/√s = [1, 1],
 * x₁ = [0.9, 1.9].
 *
 * @example
 * const opt = adagrad(0.1);
 */
export function adagrad(
  learningRate: Rate,
  {
    eps,
    weightDecay = 0,
    lrDecay = optimizerSettings.lrDecay.default,
    initialAccumulatorValue,
    convention = 'pytorch',
  }: AdagradOptions = {},
): GradientTransformation<unknown[]> {
  const rate: Rate =
    lrDecay === 0 ? learningRate : (step) => rateAt(learningRate, step) / (1 + step * lrDecay);
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    scaleByRss({
      eps: eps ?? defaultEps(convention, adagradDefaults.eps),
      convention,
      ...(initialAccumulatorValue === undefined ? {} : { initialAccumulatorValue }),
    }),
    scaleByLearningRate(rate),
  );
}

export const adagradSpec = defineOptimizer({
  name: 'adagrad',
  summary: 'Adagrad: per-coordinate steps η/√Σg² (Duchi, Hazan & Singer 2011)',
  settings: [...firstOrderSettings, 'eps', 'lrDecay', 'convention'],
  defaults: adagradDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  transform: (rate, settings) => adagrad(rate, settings),
});
