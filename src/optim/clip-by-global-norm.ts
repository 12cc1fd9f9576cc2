// clipByGlobalNorm: rescales the whole update vector so its Euclidean norm is at most maxNorm.

import { type GradientTransformation, transformation } from './transform.js';

/**
 * If ‖g‖₂ > maxNorm, updates ← g·maxNorm/‖g‖₂; otherwise unchanged, so the direction is kept
 * (Optax `clip_by_global_norm`; torch.nn.utils.clip_grad_norm_ divides by ‖g‖ + 1e-6 instead).
 *
 * @example
 * const opt = clipByGlobalNorm(1);
 * const [updates] = opt.update(Float64Array.of(3, 4), opt.init(Float64Array.of(0, 0)), Float64Array.of(0, 0));
 * [...updates]; // → [0.6, 0.8]
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<Record<string, never>> {
  return transformation(
    () => ({}),
    (grads, state, _params, out) => {
      let sum = 0;
      for (let i = 0; i < grads.length; i++) sum += grads[i]! * grads[i]!;
      const norm = Math.sqrt(sum);
      const scale = norm > maxNorm ? maxNorm / norm : 1;
      for (let i = 0; i < grads.length; i++) out[i] = grads[i]! * scale;
      return state;
    },
  );
}
