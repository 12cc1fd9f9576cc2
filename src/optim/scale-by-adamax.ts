// scaleByAdamax: Adam with the infinity norm, m̂ / u where u is a decaying maximum of |g|.

import type { Convention } from './convention.js';
import { biasCorrection } from './scale-by-adam.js';
import { type GradientTransformation, transformation } from './transform.js';

export interface ScaleByAdamaxState {
  readonly count: number;
  /** First moment m. */
  readonly mu: Float64Array;
  /** The exponentially weighted infinity norm u. */
  readonly u: Float64Array;
}

export interface ScaleByAdamaxOptions {
  b1: number;
  b2: number;
  eps: number;
  convention?: Convention;
}

/**
 * torch.optim.Adamax (Kingma & Ba 2015, §7.1): mₜ = b1·m + (1−b1)·g, uₜ = max(b2·u, |g| + ε),
 * update mₜ/((1−b1ᵗ)·uₜ). With `convention: 'tfjs'`, uₜ = max(b2·u, |g|) and the update is
 * mₜ/((1−b1ᵗ)·(uₜ + ε)), as tfjs-core's AdamaxOptimizer. Its named optimizer gives the defaults.
 *
 * @example
 * const adamax = chain(scaleByAdamax({ b1: 0.9, b2: 0.999, eps: 1e-8 }), scaleByLearningRate(0.002));
 * const [updates] = adamax.update(Float64Array.of(5), adamax.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]; // → -0.002
 */
export function scaleByAdamax({
  b1,
  b2,
  eps,
  convention = 'pytorch',
}: ScaleByAdamaxOptions): GradientTransformation<ScaleByAdamaxState> {
  const tfjs = convention === 'tfjs';
  return transformation(
    (params) => ({ count: 0, mu: new Float64Array(params.length), u: new Float64Array(params.length) }),
    (grads, state, _params, out) => {
      const t = state.count + 1;
      const correction1 = biasCorrection(b1, t);
      const mu = new Float64Array(grads.length);
      const u = new Float64Array(grads.length);
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i]!;
        const m = b1 * state.mu[i]! + (1 - b1) * g;
        const norm = Math.max(b2 * state.u[i]!, tfjs ? Math.abs(g) : Math.abs(g) + eps);
        mu[i] = m;
        u[i] = norm;
        out[i] = m / (correction1 * (tfjs ? norm + eps : norm));
      }
      return { count: t, mu, u };
    },
    'scaleByAdamax',
  );
}
