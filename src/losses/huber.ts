// huber: squared error near zero, absolute error beyond δ — robust to outliers yet smooth.

import { checkShapes, type Loss } from './loss.js';

export interface HuberOptions {
  /** Where the loss turns from quadratic to linear (PyTorch HuberLoss default 1). */
  delta?: number;
}

/**
 * Huber loss as torch.nn.HuberLoss: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond, averaged; its gradient is
 * r clipped to [−δ, δ], over n.
 *
 * @example
 * huber({ delta: 1 }).evaluate(Float64Array.of(0.5, 3), Float64Array.of(0, 0)); // → 1.3125
 */
export function huber({ delta = 1 }: HuberOptions = {}): Loss {
  if (!(delta > 0)) throw new Error(`huber: delta must be positive, got ${delta}`);
  return {
    name: 'huber',
    target: 'regression',
    evaluate(pred, target, grad) {
      checkShapes('huber', pred, target, grad, 1);
      const n = target.length;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const r = pred[i]! - target[i]!;
        const a = Math.abs(r);
        sum += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
        if (grad) grad[i] = (a <= delta ? r : delta * Math.sign(r)) / n;
      }
      return sum / n;
    },
  };
}
