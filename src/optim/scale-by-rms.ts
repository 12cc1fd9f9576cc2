// scaleByRms: g / √E[g²], RMSprop's direction (uncentered).

import type { Convention } from './convention.js';
import { type GradientTransformation, transformation } from './transform.js';

export interface ScaleByRmsState {
  /** v, the running mean of g². */
  readonly nu: Float64Array;
}

export interface ScaleByRmsOptions {
  /** The decay of the running mean (PyTorch's `alpha`). */
  rho: number;
  eps: number;
  convention?: Convention;
}

/**
 * torch.optim.RMSprop's direction (Hinton, Lecture 6e): vₜ = ρ·v + (1−ρ)·g², update g/(√vₜ + ε);
 * with `convention: 'tfjs'`, g/√(vₜ + ε). Its named optimizer gives the defaults. Optax `scale_by_rms`
 * (which puts ε inside the root too).
 *
 * @example
 * const rmsprop = chain(scaleByRms({ rho: 0.99, eps: 1e-8 }), scaleByLearningRate(0.01));
 * const [updates] = rmsprop.update(Float64Array.of(2), rmsprop.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]; // → -0.1
 */
export function scaleByRms({
  rho,
  eps,
  convention = 'pytorch',
}: ScaleByRmsOptions): GradientTransformation<ScaleByRmsState> {
  const tfjs = convention === 'tfjs';
  return transformation(
    (params) => ({ nu: new Float64Array(params.length) }),
    (grads, state, _params, out) => {
      const nu = new Float64Array(grads.length);
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i]!;
        const v = rho * state.nu[i]! + (1 - rho) * g * g;
        nu[i] = v;
        out[i] = g / (tfjs ? Math.sqrt(v + eps) : Math.sqrt(v) + eps);
      }
      return { nu };
    },
    'scaleByRms',
  );
}
