// adadelta: steps sized by the ratio of past update and gradient magnitudes (PyTorch Adadelta).

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { type Convention, defaultEps } from './convention.js';
import { defineOptimizer } from './optimizer-spec.js';
import { scaleByAdadelta } from './scale-by-adadelta.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import { firstOrderSettings } from './settings.js';
import type { GradientTransformation } from './transform.js';

/** torch.optim.Adadelta's documented defaults: lr 1.0, rho 0.9, eps 1e-6. */
export const adadeltaDefaults = { learningRate: 1, rho: 0.9, eps: 1e-6 } as const;

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

export const adadeltaSpec = defineOptimizer({
  name: 'adadelta',
  summary: 'Adadelta: steps sized by the ratio of past update and gradient magnitudes (Zeiler 2012)',
  settings: [...firstOrderSettings, 'rho', 'eps', 'convention'],
  defaults: adadeltaDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  transform: (rate, settings) => adadelta(rate, settings),
});
