// momentum: gradient descent with heavy-ball momentum (PyTorch SGD with momentum, dampening 0).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { fusedMomentum } from './fused-step.js';
import { sgdDefaults } from './gd.js';
import { defineOptimizer } from './optimizer-spec.js';
import {
  decayedGradientStep,
  displacementStep,
  gradientStep,
  newPointStep,
  type OptimizerRule,
  partState,
  type RuleStep,
} from './rule.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import { firstOrderSettings } from './settings.js';
import { type TraceState, trace } from './trace.js';
import type { GradientTransformation } from './transform.js';

/**
 * Heavy-ball momentum's settings: μ and weight decay.
 *
 * @example
 * const options: MomentumOptions = { momentum: 0.9 };
 * minimize(compileExpression('x^2'), { start: Float64Array.of(5), method: firstOrder({ name: 'momentum' }, momentum(0.1, options)) }).status; // → 'converged'
 */
export interface MomentumOptions {
  /** μ (default momentumDefaults.momentum). */
  momentum?: number;
  /** L2 weight decay λ (default 0). */
  weightDecay?: Rate;
}

/**
 * torch.optim.SGD with momentum μ and dampening 0: g ← g + λθ, b ← μb + g (b₁ = g₁), θ ← θ − η·b
 * (Polyak 1964, as PyTorch and tfjs write it). Optax `sgd(momentum=μ)`.
 *
 * Hand-worked (tfjs-core's test), f = Σx², x₀ = [1, 2], η = 0.1, μ = 0.5:
 * g = [2, 4], b = [2, 4], x₁ = [0.8, 1.6]; g = [1.6, 3.2], b = [2.6, 5.2], x₂ = [0.54, 1.08].
 *
 * @example
 * // The second step carries μ of the first: −η·g, then −η·(1 + μ)·g
 * const opt = momentum(0.1, { momentum: 0.9 });
 * const x = Float64Array.of(0);
 * const [first, state] = opt.update(Float64Array.of(1), opt.init(x), x);
 * const [second] = opt.update(Float64Array.of(1), state, x);
 * [first[0], second[0]]; // → [-0.1, -0.19]
 */
export function momentum(
  learningRate: Rate,
  { momentum: mu = momentumDefaults.momentum, weightDecay = 0 }: MomentumOptions = {},
): GradientTransformation<unknown[]> {
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    trace({ momentum: mu }),
    scaleByLearningRate(learningRate),
  );
}

/**
 * SGD's lr with μ 0.9: PyTorch's SGD defaults to momentum 0, which would make this gd, so μ is
 * the value its documentation and examples use.
 */
export const momentumDefaults = { ...sgdDefaults, momentum: 0.9 } as const;

/** The settings of SGD with momentum (momentum and nesterov). */
export const momentumSettings = [...firstOrderSettings, 'momentum'] as const;

/** The momentum buffer b ← μb + g, read from the trace part's state (momentum, nesterov, rmsprop with μ > 0). */
export const bufferStep = (words: string, numbers = '[[momentum]] \\cdot [[b-]] + [[grad]]'): RuleStep => ({
  quantity: 'b',
  symbol: 'b_t',
  words,
  latex: 'b_t = \\mu\\, b_{t-1} + g_t',
  numbers,
  state: true,
  read: (view) => partState<TraceState>(view, 'trace')?.trace ?? null,
});

/** Heavy-ball momentum's rule (PyTorch SGD with momentum, dampening 0). */
export const momentumRule: OptimizerRule = {
  latex: 'b_t = \\mu\\, b_{t-1} + \\nabla L(\\theta_{t-1}),\\qquad \\theta_t = \\theta_{t-1} - \\eta\\, b_t',
  steps: [
    gradientStep,
    decayedGradientStep,
    bufferStep(
      'The momentum buffer: keep μ of the last buffer and add the new gradient, so the steps gather speed where the gradient keeps pointing the same way (b starts at 0).',
    ),
    displacementStep(
      'Step against the buffer: η times b, with a minus sign.',
      '\\Delta\\theta_t = -\\eta\\, b_t',
      '-[[eta]] \\cdot [[b]]',
    ),
    newPointStep,
  ],
};

export const momentumSpec = defineOptimizer({
  name: 'momentum',
  summary: 'heavy-ball momentum: b ← μb + g, θ ← θ − ηb (PyTorch SGD with momentum)',
  settings: momentumSettings,
  defaults: momentumDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  rule: momentumRule,
  transform: (rate, settings) => momentum(rate, settings),
  fused: (rate, settings) => fusedMomentum(rate, settings.momentum, false, settings.weightDecay),
});
