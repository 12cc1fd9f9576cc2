// nesterov: gradient descent with Nesterov momentum (PyTorch SGD with nesterov=True, dampening 0).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { fusedMomentum } from './fused-step.js';
import { bufferStep, type MomentumOptions, momentumDefaults, momentumSettings } from './momentum.js';
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
import { trace } from './trace.js';
import type { GradientTransformation } from './transform.js';

/**
 * torch.optim.SGD with `nesterov=True`, dampening 0: g ← g + λθ, b ← μb + g, θ ← θ − η·(g + μb)
 * (Sutskever et al. 2013's reformulation, as PyTorch and tfjs write it). Optax `sgd(nesterov=True)`.
 *
 * Hand-worked (tfjs-core's test), f = Σx², x₀ = [1, 2], η = 0.1, μ = 0.5:
 * g = [2, 4], b = [2, 4], update g + μb = [3, 6], x₁ = [0.7, 1.4];
 * g = [1.4, 2.8], b = [2.4, 4.8], update [2.6, 5.2], x₂ = [0.44, 0.88].
 *
 * @example
 * const opt = nesterov(0.1, { momentum: 0.9 });
 * const [updates] = opt.update(Float64Array.of(1), opt.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]; // → -0.19
 */
export function nesterov(
  learningRate: Rate,
  { momentum = momentumDefaults.momentum, weightDecay = 0 }: MomentumOptions = {},
): GradientTransformation<unknown[]> {
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    trace({ momentum, nesterov: true }),
    scaleByLearningRate(learningRate),
  );
}

/** Nesterov momentum's rule as PyTorch writes it: the step looks ahead along the new buffer. */
export const nesterovRule: OptimizerRule = {
  latex:
    'b_t = \\mu\\, b_{t-1} + \\nabla L(\\theta_{t-1}),\\qquad \\theta_t = \\theta_{t-1} - \\eta\\,\\bigl(\\nabla L(\\theta_{t-1}) + \\mu\\, b_t\\bigr)',
  steps: [
    gradientStep,
    decayedGradientStep,
    bufferStep('The momentum buffer: keep μ of the last buffer and add the new gradient (b starts at 0).'),
    {
      quantity: 'd',
      symbol: 'd_t',
      words:
        'Look ahead: the direction is the gradient plus μ times the new buffer — where the momentum is about to carry the point.',
      latex: 'd_t = g_t + \\mu\\, b_t',
      numbers: '[[grad]] + [[momentum]] \\cdot [[b]]',
      read: (view) => view.part('trace')?.output ?? null,
    },
    displacementStep(
      'Step against that direction: η times d, with a minus sign.',
      '\\Delta\\theta_t = -\\eta\\, d_t',
      '-[[eta]] \\cdot [[d]]',
    ),
    newPointStep,
  ],
};

export const nesterovSpec = defineOptimizer({
  name: 'nesterov',
  summary: 'Nesterov momentum: the step looks ahead along the velocity (PyTorch SGD with nesterov)',
  settings: momentumSettings,
  defaults: momentumDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  rule: nesterovRule,
  transform: (rate, settings) => nesterov(rate, settings),
  fused: (rate, settings) => fusedMomentum(rate, settings.momentum, true, settings.weightDecay),
});
