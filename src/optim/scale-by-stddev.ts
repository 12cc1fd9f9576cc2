// scaleByStddev: g / √(E[g²] − E[g]²), centered RMSprop's direction.

import type { ScaleByRmsOptions } from './scale-by-rms.js';
import { type GradientTransformation, transformation } from './transform.js';

export interface ScaleByStddevState {
  /** The running mean of g. */
  readonly mu: Float64Array;
  /** The running mean of g². */
  readonly nu: Float64Array;
}

/**
 * torch.optim.RMSprop with `centered=True` (Graves 2013): vₜ = ρ·v + (1−ρ)·g², ḡₜ = ρ·ḡ + (1−ρ)·g,
 * update g/(√(vₜ − ḡₜ²) + ε); with `convention: 'tfjs'`, g/√(vₜ − ḡₜ² + ε). Optax `scale_by_stddev`.
 *
 * @example
 * const centered = chain(scaleByStddev({ rho: 0.99, eps: 1e-8 }), scaleByLearningRate(0.01));
 * minimize(compileExpression('(x + 2)^2'), { method: firstOrder({ name: 'centered rmsprop' }, centered), maxIterations: 2000 }).point; // → [-2.0]
 */
export function scaleByStddev({
  rho,
  eps,
  convention = 'pytorch',
}: ScaleByRmsOptions): GradientTransformation<ScaleByStddevState> {
  const tfjs = convention === 'tfjs';
  return transformation(
    (params) => ({ mu: new Float64Array(params.length), nu: new Float64Array(params.length) }),
    (grads, state, _params, out) => {
      const mu = new Float64Array(grads.length);
      const nu = new Float64Array(grads.length);
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i]!;
        const v = rho * state.nu[i]! + (1 - rho) * g * g;
        const m = rho * state.mu[i]! + (1 - rho) * g;
        nu[i] = v;
        mu[i] = m;
        const variance = v - m * m;
        out[i] = g / (tfjs ? Math.sqrt(variance + eps) : Math.sqrt(variance) + eps);
      }
      return { mu, nu };
    },
    'scaleByStddev',
  );
}
