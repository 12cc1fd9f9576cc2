// clip: limits every update to [−maxDelta, maxDelta], elementwise.

import { type GradientTransformation, transformation } from './transform.js';

/**
 * updates ← clamp(updates, −maxDelta, maxDelta), each coordinate on its own (Optax `clip`,
 * torch.nn.utils.clip_grad_value_). Stateless: its state is an empty object.
 *
 * @example
 * const opt = chain(clip(1), scaleByLearningRate(0.1));
 * const [updates] = opt.update(Float64Array.of(-5, 0.5), opt.init(Float64Array.of(0, 0)), Float64Array.of(0, 0));
 * [...updates]; // → [0.1, -0.05]
 */
export function clip(maxDelta: number): GradientTransformation<Record<string, never>> {
  return transformation(
    () => ({}),
    (grads, state, _params, out) => {
      for (let i = 0; i < grads.length; i++) out[i] = Math.min(maxDelta, Math.max(-maxDelta, grads[i]!));
      return state;
    },
  );
}
