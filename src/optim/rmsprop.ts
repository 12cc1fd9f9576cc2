// rmsprop: steps divided by a running root-mean-square of the gradient (PyTorch RMSprop).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { type Convention, defaultEps } from './convention.js';
import { bufferStep } from './momentum.js';
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
import { type ScaleByRmsState, scaleByRms } from './scale-by-rms.js';
import { type ScaleByStddevState, scaleByStddev } from './scale-by-stddev.js';
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

/**
 * RMSprop's settings: ρ, ε, momentum, the centred variant, weight decay and the convention.
 *
 * @example
 * const options: RmspropOptions = { rho: 0.9, centered: true };
 * minimize(compileExpression('(x - 1)^2'), { method: firstOrder({ name: 'rmsprop' }, rmsprop(0.01, options)), maxIterations: 2000 }).point[0]; // → 1.000
 */
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
 * const run = minimize(compileExpression('(x - 3)^2'), { method: firstOrder({ name: 'rmsprop' }, opt), maxIterations: 3000 });
 * run.point; // → [3.00]
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

/** RMSprop's rule (PyTorch's form), plain, centered or with momentum. */
export const rmspropRule: OptimizerRule = {
  latex:
    'v_t = \\rho\\, v_{t-1} + (1-\\rho)\\,\\nabla L(\\theta_{t-1})^2,\\qquad \\theta_t = \\theta_{t-1} - \\eta\\,\\frac{\\nabla L(\\theta_{t-1})}{\\sqrt{v_t} + \\epsilon}',
  steps: [
    gradientStep,
    decayedGradientStep,
    {
      quantity: 'v',
      symbol: 'v_t',
      words: 'The squared-gradient accumulator: a running mean of g², keeping ρ of the old mean.',
      latex: 'v_t = \\rho\\, v_{t-1} + (1-\\rho)\\, g_t^2',
      numbers: '[[rho]] \\cdot [[v-]] + (1 - [[rho]]) \\cdot [[grad]]^2',
      state: true,
      read: (view) =>
        partState<ScaleByRmsState>(view, 'scaleByRms')?.nu ??
        partState<ScaleByStddevState>(view, 'scaleByStddev')?.nu ??
        null,
    },
    {
      quantity: 'gMean',
      symbol: '\\bar g_t',
      words: 'Centered: also a running mean of g itself, so the division below is by the standard deviation.',
      latex: '\\bar g_t = \\rho\\, \\bar g_{t-1} + (1-\\rho)\\, g_t',
      numbers: '[[rho]] \\cdot [[gMean-]] + (1 - [[rho]]) \\cdot [[grad]]',
      state: true,
      read: (view) => partState<ScaleByStddevState>(view, 'scaleByStddev')?.mu ?? null,
    },
    {
      quantity: 'd',
      symbol: 'd_t',
      words:
        'Divide the gradient by the root of that mean: each coordinate’s step is scaled by how big its gradients have recently been.',
      latex: 'd_t = \\frac{g_t}{\\sqrt{v_t} + \\epsilon}',
      numbers: '\\frac{[[grad]]}{\\sqrt{[[v]]} + [[eps]]}',
      read: (view) => view.part('scaleByRms')?.output ?? null,
    },
    {
      quantity: 'd',
      symbol: 'd_t',
      words: 'Divide the gradient by the running standard deviation of the gradients.',
      latex: 'd_t = \\frac{g_t}{\\sqrt{v_t - \\bar g_t^2} + \\epsilon}',
      numbers: '\\frac{[[grad]]}{\\sqrt{[[v]] - [[gMean]]^2} + [[eps]]}',
      read: (view) => view.part('scaleByStddev')?.output ?? null,
    },
    bufferStep(
      'With momentum μ: the buffer keeps μ of itself and adds the scaled gradient d.',
      '[[momentum]] \\cdot [[b-]] + [[d]]',
    ),
    {
      ...displacementStep(
        'Step against the buffer: η times b, with a minus sign.',
        '\\Delta\\theta_t = -\\eta\\, b_t',
        '-[[eta]] \\cdot [[b]]',
      ),
      read: (view) => (view.part('trace') === null ? null : view.step),
    },
    {
      ...displacementStep(
        'Step against that direction: η times d, with a minus sign.',
        '\\Delta\\theta_t = -\\eta\\, d_t',
        '-[[eta]] \\cdot [[d]]',
      ),
      read: (view) => (view.part('trace') === null ? view.step : null),
    },
    newPointStep,
  ],
};

export const rmspropSpec = defineOptimizer({
  name: 'rmsprop',
  summary: 'RMSprop: steps divided by a running root mean square of the gradient (Hinton)',
  settings: [...firstOrderSettings, 'rho', 'eps', 'momentum', 'centered', 'convention'],
  defaults: rmspropDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  rule: rmspropRule,
  transform: (rate, settings) => rmsprop(rate, settings),
});
