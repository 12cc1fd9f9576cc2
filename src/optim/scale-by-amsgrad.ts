// scaleByAmsgrad: Adam whose second moment never decreases (AMSGrad), the direction behind amsgrad.

import { biasCorrection, type ScaleByAdamOptions } from './scale-by-adam.js';
import { type GradientTransformation, transformation } from './transform.js';

export interface ScaleByAmsgradState {
  readonly count: number;
  readonly mu: Float64Array;
  readonly nu: Float64Array;
  /** The largest v seen so far, elementwise. */
  readonly nuMax: Float64Array;
}

/**
 * torch.optim.Adam with `amsgrad=True` (Reddi et al. 2018): Adam's moments, then
 * vᵐᵃˣₜ = max(vᵐᵃˣₜ₋₁, vₜ) and update m̂/(√(vᵐᵃˣₜ/(1−b2ᵗ)) + ε). The maximum is taken over the
 * uncorrected v and corrected afterwards, as PyTorch's code and its current documentation do
 * (docs before 2.1 showed the maximum of the corrected v̂).
 *
 * @example
 * const amsgrad = chain(scaleByAmsgrad({ b1: 0.9, b2: 0.999, eps: 1e-8 }), scaleByLearningRate(0.001));
 * const [updates] = amsgrad.update(Float64Array.of(2), amsgrad.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]; // → -0.001
 */
export function scaleByAmsgrad({
  b1,
  b2,
  eps,
}: ScaleByAdamOptions): GradientTransformation<ScaleByAmsgradState> {
  return transformation(
    (params) => ({
      count: 0,
      mu: new Float64Array(params.length),
      nu: new Float64Array(params.length),
      nuMax: new Float64Array(params.length),
    }),
    (grads, state, _params, out) => {
      const t = state.count + 1;
      const correction1 = biasCorrection(b1, t);
      const correction2 = biasCorrection(b2, t);
      const mu = new Float64Array(grads.length);
      const nu = new Float64Array(grads.length);
      const nuMax = new Float64Array(grads.length);
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i]!;
        const m = b1 * state.mu[i]! + (1 - b1) * g;
        const v = b2 * state.nu[i]! + (1 - b2) * g * g;
        const vMax = Math.max(state.nuMax[i]!, v);
        mu[i] = m;
        nu[i] = v;
        nuMax[i] = vMax;
        out[i] = m / correction1 / (Math.sqrt(vMax / correction2) + eps);
      }
      return { count: t, mu, nu, nuMax };
    },
    'scaleByAmsgrad',
  );
}
