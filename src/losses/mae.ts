// mae: the mean of absolute errors, (1/n)·Σ|ŷᵢ − yᵢ|.

import { checkShapes, type Loss } from './loss.js';

/**
 * Mean absolute error. Its gradient sign(ŷᵢ − yᵢ)/n is taken as 0 where the error is exactly 0
 * (the subgradient PyTorch's L1Loss uses).
 *
 * @example
 * mae().evaluate(Float64Array.of(1, 3), Float64Array.of(0, 5)); // → 1.5
 */
export function mae(): Loss {
  return {
    name: 'mae',
    target: 'regression',
    evaluate(pred, target, grad) {
      checkShapes('mae', pred, target, grad, 1);
      const n = target.length;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const r = pred[i]! - target[i]!;
        sum += Math.abs(r);
        if (grad) grad[i] = Math.sign(r) / n;
      }
      return sum / n;
    },
  };
}
