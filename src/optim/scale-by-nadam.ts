// scaleByNadam: Adam with Nesterov momentum and Dozat's momentum-decay schedule, as torch.optim.NAdam.

import { biasCorrection } from './scale-by-adam.js';
import { type GradientTransformation, transformation } from './transform.js';

export interface ScaleByNadamState {
  readonly count: number;
  readonly mu: Float64Array;
  readonly nu: Float64Array;
  /** ∏ᵢ₌₁ᵗ μᵢ, the product of the momentum coefficients so far. */
  readonly muProduct: number;
}

export interface ScaleByNadamOptions {
  b1: number;
  b2: number;
  eps: number;
  /** ψ in μₜ = b1·(1 − ½·0.96^(tψ)). */
  momentumDecay: number;
}

/**
 * torch.optim.NAdam (Dozat 2016): μₜ = b1·(1 − ½·0.96^(tψ)), mₜ and vₜ as Adam,
 * m̂ = μₜ₊₁·mₜ/(1 − ∏ᵢ₌₁ᵗ⁺¹μᵢ) + (1−μₜ)·g/(1 − ∏ᵢ₌₁ᵗμᵢ), v̂ = vₜ/(1−b2ᵗ), update m̂/(√v̂ + ε).
 * Optax's nadam is a different rule.
 *
 * @example
 * const nadam = chain(scaleByNadam({ b1: 0.9, b2: 0.999, eps: 1e-8, momentumDecay: 0.004 }), scaleByLearningRate(0.002));
 * const result = minimize(compileExpression('(x - 1)^2'), { method: firstOrder({ name: 'nadam' }, nadam), maxIterations: 3000 });
 * result.point; // → [1.00]
 */
export function scaleByNadam({
  b1,
  b2,
  eps,
  momentumDecay,
}: ScaleByNadamOptions): GradientTransformation<ScaleByNadamState> {
  return transformation(
    (params) => ({
      count: 0,
      mu: new Float64Array(params.length),
      nu: new Float64Array(params.length),
      muProduct: 1,
    }),
    (grads, state, _params, out) => {
      const t = state.count + 1;
      const muT = b1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
      const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
      const muProduct = state.muProduct * muT;
      const correction2 = biasCorrection(b2, t);
      const gradWeight = (1 - muT) / (1 - muProduct);
      const momentWeight = muNext / (1 - muProduct * muNext);
      const mu = new Float64Array(grads.length);
      const nu = new Float64Array(grads.length);
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i]!;
        const m = b1 * state.mu[i]! + (1 - b1) * g;
        const v = b2 * state.nu[i]! + (1 - b2) * g * g;
        mu[i] = m;
        nu[i] = v;
        out[i] = (gradWeight * g + momentWeight * m) / (Math.sqrt(v / correction2) + eps);
      }
      return { count: t, mu, nu, muProduct };
    },
    'scaleByNadam',
  );
}
