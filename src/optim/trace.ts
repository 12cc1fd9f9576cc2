// trace: the momentum buffer b ← μ·b + g, with Nesterov's look-ahead as an option.

import { type GradientTransformation, transformation } from './transform.js';

export interface TraceState {
  readonly trace: Float64Array;
}

export interface TraceOptions {
  /** μ, the fraction of the previous buffer kept. */
  momentum: number;
  /** Return g + μ·b (Nesterov) instead of b. */
  nesterov?: boolean;
}

/**
 * The momentum of torch.optim.SGD with dampening 0: bₜ = μ·bₜ₋₁ + gₜ, update bₜ, or gₜ + μ·bₜ with
 * Nesterov (Sutskever et al. 2013, as PyTorch writes it). Starting b at 0 gives b₁ = g₁, PyTorch's
 * first step. Optax `trace`.
 *
 * @example
 * const momentum = chain(trace({ momentum: 0.9 }), scaleByLearningRate(0.1));
 * let state = momentum.init(Float64Array.of(0));
 * state = momentum.update(Float64Array.of(1), state, Float64Array.of(0))[1];
 * momentum.update(Float64Array.of(1), state, Float64Array.of(0))[0][0]; // → -0.19
 */
export function trace({ momentum, nesterov = false }: TraceOptions): GradientTransformation<TraceState> {
  return transformation(
    (params) => ({ trace: new Float64Array(params.length) }),
    (grads, state, _params, out) => {
      const b = new Float64Array(grads.length);
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i]!;
        const bi = momentum * state.trace[i]! + g;
        b[i] = bi;
        out[i] = nesterov ? g + momentum * bi : bi;
      }
      return { trace: b };
    },
    'trace',
  );
}
