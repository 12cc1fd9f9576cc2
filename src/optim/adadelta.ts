// adadelta: steps sized by the ratio of past update and gradient magnitudes (PyTorch Adadelta).

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
import { type ScaleByAdadeltaState, scaleByAdadelta } from './scale-by-adadelta.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import { firstOrderSettings } from './settings.js';
import type { GradientTransformation } from './transform.js';

/** torch.optim.Adadelta's documented defaults: lr 1.0, rho 0.9, eps 1e-6. */
export const adadeltaDefaults = { learningRate: 1, rho: 0.9, eps: 1e-6 } as const;

/**
 * Adadelta's settings: ρ, ε, weight decay and the PyTorch or tfjs convention.
 *
 * @example
 * const options: AdadeltaOptions = { rho: 0.95, eps: 1e-6 };
 * const opt = adadelta(1, options);
 * const [updates] = opt.update(Float64Array.of(1), opt.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]; // → -0.0044721
 */
export interface AdadeltaOptions {
  /** Decay of both running means (default adadeltaDefaults.rho). */
  rho?: number;
  /** Default adadeltaDefaults.eps (PyTorch), 1e-7 with the tfjs convention. */
  eps?: number;
  /** L2 weight decay λ (default 0). */
  weightDecay?: Rate;
  convention?: Convention;
}

/**
 * torch.optim.Adadelta (Zeiler 2012): g ← g + λθ, v ← ρv + (1−ρ)g², Δ = √(u + ε)/√(v + ε)·g,
 * u ← ρu + (1−ρ)Δ², θ ← θ − η·Δ, with adadeltaDefaults. With `convention: 'tfjs'`
 * Δ divides by √(v_prev + ε), the average before this gradient (see scaleByAdadelta), eps 1e-7.
 *
 * Hand-worked, f = Σx², x₀ = [1, 2], η = 1, ρ = 0.9, ε = 1e-6: g = [2, 4], v = [0.4, 1.6],
 * Δ = √1e-6/√(v + 1e-6)·g = [0.0031623, 0.0031623], x₁ ≈ [0.9968377, 1.9968377].
 *
 * @example
 * const opt = adadelta(1, { rho: 0.9 });
 * const method = firstOrder({ name: 'adadelta' }, opt);
 * minimize(compileExpression('(x - 1)^2'), { method, maxIterations: 10 }).value < 1; // → true
 */
export function adadelta(
  learningRate: Rate,
  { rho = adadeltaDefaults.rho, eps, weightDecay = 0, convention = 'pytorch' }: AdadeltaOptions = {},
): GradientTransformation<unknown[]> {
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    scaleByAdadelta({ rho, eps: eps ?? defaultEps(convention, adadeltaDefaults.eps), convention }),
    scaleByLearningRate(learningRate),
  );
}

/** Adadelta's rule (PyTorch's form). */
export const adadeltaRule: OptimizerRule = {
  latex:
    'v_t = \\rho v_{t-1} + (1-\\rho) g_t^2,\\quad d_t = \\frac{\\sqrt{u_{t-1}+\\epsilon}}{\\sqrt{v_t+\\epsilon}}\\, g_t,\\quad u_t = \\rho u_{t-1} + (1-\\rho) d_t^2,\\quad \\theta_t = \\theta_{t-1} - \\eta\\, d_t',
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
      read: (view) => partState<ScaleByAdadeltaState>(view, 'scaleByAdadelta')?.nu ?? null,
    },
    {
      quantity: 'd',
      symbol: 'd_t',
      words:
        'Size the step by the ratio of the recent steps to the recent gradients (their root mean squares), so the step has the units of θ.',
      latex: 'd_t = \\frac{\\sqrt{u_{t-1}+\\epsilon}}{\\sqrt{v_t+\\epsilon}}\\, g_t',
      numbers: '\\frac{\\sqrt{[[u-]] + [[eps]]}}{\\sqrt{[[v]] + [[eps]]}} \\cdot [[grad]]',
      read: (view) => view.part('scaleByAdadelta')?.output ?? null,
    },
    {
      quantity: 'u',
      symbol: 'u_t',
      words: 'The squared-step accumulator: a running mean of d², for the next step’s numerator.',
      latex: 'u_t = \\rho\\, u_{t-1} + (1-\\rho)\\, d_t^2',
      numbers: '[[rho]] \\cdot [[u-]] + (1 - [[rho]]) \\cdot [[d]]^2',
      state: true,
      read: (view) => partState<ScaleByAdadeltaState>(view, 'scaleByAdadelta')?.delta ?? null,
    },
    displacementStep(
      'Step against that direction: η (1 by default) times d, with a minus sign.',
      '\\Delta\\theta_t = -\\eta\\, d_t',
      '-[[eta]] \\cdot [[d]]',
    ),
    newPointStep,
  ],
};

export const adadeltaSpec = defineOptimizer({
  name: 'adadelta',
  summary: 'Adadelta: steps sized by the ratio of past update and gradient magnitudes (Zeiler 2012)',
  settings: [...firstOrderSettings, 'rho', 'eps', 'convention'],
  defaults: adadeltaDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  rule: adadeltaRule,
  transform: (rate, settings) => adadelta(rate, settings),
});
