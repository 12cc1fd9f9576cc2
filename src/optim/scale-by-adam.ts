// scaleByAdam: Adam's bias-corrected moment ratio m̂/(√v̂ + ε), the direction behind adam and adamw.

import { type GradientTransformation, transformation } from './transform.js';

/**
 * Adam's running state: the step count and the two moments.
 *
 * @example
 * const opt = scaleByAdam({ b1: 0.9, b2: 0.999, eps: 1e-8 });
 * const [, state]: [Float64Array, ScaleByAdamState] = opt.update(Float64Array.of(2), opt.init(Float64Array.of(0)), Float64Array.of(0));
 * state.count; // → 1
 * [...state.mu]; // → [0.2]
 * [...state.nu]; // → [0.004]
 */
export interface ScaleByAdamState {
  /** Steps taken; the t of the bias corrections 1 − βᵗ. */
  readonly count: number;
  /** First moment m, the running mean of g. */
  readonly mu: Float64Array;
  /** Second moment v, the running mean of g². */
  readonly nu: Float64Array;
}

export interface ScaleByAdamOptions {
  b1: number;
  b2: number;
  eps: number;
}

/**
 * Adam's bias correction 1 − βᵗ: the moments start at 0, so after t steps their running means are
 * short by this factor. One definition for the transforms and for the narrated step's m̂ and v̂.
 *
 * @example
 * biasCorrection(0.9, 1); // 0.1 (up to rounding): m̂₁ = m₁/0.1 = g₁
 */
export function biasCorrection(beta: number, t: number): number {
  return 1 - beta ** t;
}

/**
 * The Adam direction of torch.optim.Adam (Kingma & Ba 2015, Algorithm 1):
 * mₜ = b1·mₜ₋₁ + (1−b1)·g, vₜ = b2·vₜ₋₁ + (1−b2)·g², update m̂/(√v̂ + ε) with m̂ = mₜ/(1−b1ᵗ),
 * v̂ = vₜ/(1−b2ᵗ). Optax `scale_by_adam`.
 *
 * @example
 * const adam = chain(scaleByAdam({ b1: 0.9, b2: 0.999, eps: 1e-8 }), scaleByLearningRate(0.001));
 * const [updates] = adam.update(Float64Array.of(-3), adam.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]; // → 0.001
 */
export function scaleByAdam({ b1, b2, eps }: ScaleByAdamOptions): GradientTransformation<ScaleByAdamState> {
  return transformation(
    (params) => ({ count: 0, mu: new Float64Array(params.length), nu: new Float64Array(params.length) }),
    (grads, state, _params, out) => {
      const t = state.count + 1;
      const correction1 = biasCorrection(b1, t);
      const correction2 = biasCorrection(b2, t);
      const mu = new Float64Array(grads.length);
      const nu = new Float64Array(grads.length);
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i]!;
        const m = b1 * state.mu[i]! + (1 - b1) * g;
        const v = b2 * state.nu[i]! + (1 - b2) * g * g;
        mu[i] = m;
        nu[i] = v;
        out[i] = m / correction1 / (Math.sqrt(v / correction2) + eps);
      }
      return { count: t, mu, nu };
    },
    'scaleByAdam',
  );
}
