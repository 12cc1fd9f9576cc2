// mse: the mean of squared errors, (1/n)·Σ(ŷᵢ − yᵢ)², seed 001's cost.

import { checkShapes, type Loss } from './loss.js';

/**
 * Mean squared error, the cost E = (1/n)·Σ(yᵢ − ŷᵢ)² of seed 001 (no ½), with gradient 2(ŷᵢ − yᵢ)/n.
 *
 * @example
 * mse().evaluate(Float64Array.of(1, 3), Float64Array.of(0, 3)); // → 0.5
 */
export function mse(): Loss {
  return {
    name: 'mse',
    target: 'regression',
    evaluate(pred, target, grad) {
      checkShapes('mse', pred, target, grad, 1);
      const n = target.length;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const r = pred[i]! - target[i]!;
        sum += r * r;
        if (grad) grad[i] = (2 * r) / n;
      }
      return sum / n;
    },
  };
}
