// scaleByAdadelta: Zeiler's unit-correcting ratio √(E[Δx²] + ε)/√(E[g²] + ε)·g.

import type { Convention } from './convention.js';
import { type GradientTransformation, transformation } from './transform.js';

export interface ScaleByAdadeltaState {
  /** E[g²], the running mean of squared gradients. */
  readonly nu: Float64Array;
  /** E[Δx²], the running mean of squared updates. */
  readonly delta: Float64Array;
}

export interface ScaleByAdadeltaOptions {
  rho: number;
  eps: number;
  convention?: Convention;
}

/**
 * torch.optim.Adadelta (Zeiler 2012, Algorithm 1): vₜ = ρ·v + (1−ρ)·g²,
 * Δₜ = √(uₜ₋₁ + ε)/√(vₜ + ε)·g, uₜ = ρ·u + (1−ρ)·Δₜ², update Δₜ. With `convention: 'tfjs'`
 * the denominator is √(vₜ₋₁ + ε), the average before this gradient, as tfjs-core's
 * AdadeltaOptimizer computes it. Optax `scale_by_adadelta`.
 *
 * @example
 * const adadelta = chain(scaleByAdadelta({ rho: 0.9, eps: 1e-6 }), scaleByLearningRate(1));
 * const [updates] = adadelta.update(Float64Array.of(1), adadelta.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]; // → -0.003162
 */
export function scaleByAdadelta({
  rho,
  eps,
  convention = 'pytorch',
}: ScaleByAdadeltaOptions): GradientTransformation<ScaleByAdadeltaState> {
  const tfjs = convention === 'tfjs';
  return transformation(
    (params) => ({ nu: new Float64Array(params.length), delta: new Float64Array(params.length) }),
    (grads, state, _params, out) => {
      const nu = new Float64Array(grads.length);
      const delta = new Float64Array(grads.length);
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i]!;
        const v = rho * state.nu[i]! + (1 - rho) * g * g;
        nu[i] = v;
        const u = (Math.sqrt(state.delta[i]! + eps) / Math.sqrt((tfjs ? state.nu[i]! : v) + eps)) * g;
        out[i] = u;
        delta[i] = rho * state.delta[i]! + (1 - rho) * u * u;
      }
      return { nu, delta };
    },
    'scaleByAdadelta',
  );
}
