// adagrad: per-coordinate steps η/√Σg² (PyTorch Adagrad).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { type Convention, defaultEps } from './convention.js';
import { defineOptimizer } from './optimizer-spec.js';
import {
  decayedGradientStep,
  displacementStep,
  gradientStep,
  newPointStep,
  type OptimizerRule,
  partState,
} from './rule.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { type ScaleByRssState, scaleByRss } from './scale-by-rss.js';
import { type Rate, rateAt } from './schedule.js';
import { firstOrderSettings, optimizerSettings } from './settings.js';
import type { GradientTransformation } from './transform.js';

/** torch.optim.Adagrad's documented defaults: lr 1e-2, eps 1e-10 (lr_decay 0: the lrDecay setting's). */
export const adagradDefaults = { learningRate: 1e-2, eps: 1e-10 } as const;

/**
 * Adagrad's settings: ε, weight decay, the rate's decay and where Σg² starts.
 *
 * @example
 * const options: AdagradOptions = { initialAccumulatorValue: 0.1, lrDecay: 0.01 };
 * const opt = adagrad(0.1, options);
 * const [updates] = opt.update(Float64Array.of(1), opt.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]! < 0; // → true
 */
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
 * // The first step is −η·g/|g|: Σg² is g² after one step
 * const opt = adagrad(0.1);
 * const [updates] = opt.update(Float64Array.of(5), opt.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]; // → -0.1
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

/** Adagrad's rule (PyTorch's form; the tfjs convention puts ε inside the root and starts s at 0.1). */
export const adagradRule: OptimizerRule = {
  latex:
    's_t = s_{t-1} + \\nabla L(\\theta_{t-1})^2,\\qquad \\theta_t = \\theta_{t-1} - \\eta\\,\\frac{\\nabla L(\\theta_{t-1})}{\\sqrt{s_t} + \\epsilon}',
  steps: [
    gradientStep,
    decayedGradientStep,
    {
      quantity: 's',
      symbol: 's_t',
      words:
        'The squared-gradient accumulator: add this gradient squared to the sum of all the squares so far, coordinate by coordinate.',
      latex: 's_t = s_{t-1} + g_t^2',
      numbers: '[[s-]] + [[grad]]^2',
      state: true,
      read: (view) => partState<ScaleByRssState>(view, 'scaleByRss')?.sumOfSquares ?? null,
    },
    {
      quantity: 'd',
      symbol: 'd_t',
      words:
        'Divide the gradient by the root of that sum: a coordinate that has had big gradients takes smaller steps from now on.',
      latex: 'd_t = \\frac{g_t}{\\sqrt{s_t} + \\epsilon}',
      numbers: '\\frac{[[grad]]}{\\sqrt{[[s]]} + [[eps]]}',
      read: (view) => view.part('scaleByRss')?.output ?? null,
    },
    displacementStep(
      'Step against that direction: η times d, with a minus sign (η shrinks by 1 + (t−1)·lrDecay when lrDecay is set).',
      '\\Delta\\theta_t = -\\eta\\, d_t',
      '-[[eta]] \\cdot [[d]]',
    ),
    newPointStep,
  ],
};

export const adagradSpec = defineOptimizer({
  name: 'adagrad',
  summary: 'Adagrad: per-coordinate steps η/√Σg² (Duchi, Hazan & Singer 2011)',
  settings: [...firstOrderSettings, 'eps', 'lrDecay', 'convention'],
  defaults: adagradDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  rule: adagradRule,
  transform: (rate, settings) => adagrad(rate, settings),
});
