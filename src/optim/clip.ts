// clip: limits every update to [−maxDelta, maxDelta], elementwise.

import { type GradientTransformation, transformation } from './transform.js';

/**
 * updates ← clamp(updates, −maxDelta, maxDelta), each coordinate on its own (Optax `clip`,
 * torch.nn.utils.clip_grad_value_). Stateless: its state is an empty object.
 *
 * @example
 * const opt = chain(clip(1), scaleByLearningRate(0.1));
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
