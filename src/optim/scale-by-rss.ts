// scaleByRss: g / √Σg², Adagrad's direction (root of the sum of squares).

import type { Convention } from './convention.js';
import { type GradientTransformation, transformation } from './transform.js';

export interface ScaleByRssState {
  /** Σg² over all steps, plus the initial value. */
  readonly sumOfSquares: Float64Array;
}

export interface ScaleByRssOptions {
  /** Where Σg² starts: 0 in PyTorch, 0.1 in tfjs. */
  initialAccumulatorValue?: number;
  eps: number;
  convention?: Convention;
}

/**
 * torch.optim.Adagrad's direction (Duchi et al. 2011): sₜ = sₜ₋₁ + g², update g/(√sₜ + ε);
 * with `convention: 'tfjs'`, g/√(sₜ + ε) and s₀ = 0.1. Its named optimizer gives the defaults.
 * Optax `scale_by_rss`.
 *
 * @example
 * const adagrad = chain(scaleByRss({ eps: 1e-10 }), scaleByLearningRate(0.01));
 * const [updates] = adagrad.update(Float64Array.of(7), adagrad.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]; // → -0.01
 */
export function scaleByRss({
  initialAccumulatorValue,
  eps,
  convention = 'pytorch',
}: ScaleByRssOptions): GradientTransformation<ScaleByRssState> {
  const tfjs = convention === 'tfjs';
  const start = initialAccumulatorValue ?? (tfjs ? 0.1 : 0);
  return transformation(
    (params) => ({ sumOfSquares: new Float64Array(params.length).fill(start) }),
    (grads, state, _params, out) => {
      const sumOfSquares = new Float64Array(grads.length);
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i]!;
        const s = state.sumOfSquares[i]! + g * g;
        sumOfSquares[i] = s;
        out[i] = g / (tfjs ? Math.sqrt(s + eps) : Math.sqrt(s) + eps);
      }
      return { sumOfSquares };
    },
    'scaleByRss',
  );
}
