// bce: binary cross-entropy computed from logits, stable for any logit size.

import { sigmoid } from '../numeric/sigmoid.js';
import { checkShapes, type Loss } from './loss.js';

/**
 * The cross-entropy of one logit zᵢ against a label yᵢ ∈ [0, 1], written as
 * max(z, 0) − z·y + log(1 + e^(−|z|)) so that no exponential overflows (torch's
 * BCEWithLogitsLoss). Used by the logistic kernel and the mlp alike.
 *
 * @example
 * binaryCrossEntropy(0, 1); // log 2
 */
export function binaryCrossEntropy(z: number, y: number): number {
  return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * Mean binary cross-entropy of logits against 0/1 labels, with gradient (σ(zᵢ) − yᵢ)/n.
 *
 * @example
 * bce().evaluate(Float64Array.of(0, 0), Float64Array.of(0, 1)); // → Math.LN2
 */
export function bce(): Loss {
  return {
    name: 'bce',
    target: 'binary',
    evaluate(pred, target, grad) {
      checkShapes('bce', pred, target, grad, 1);
      const n = target.length;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const z = pred[i]!;
        const y = target[i]!;
        sum += binaryCrossEntropy(z, y);
        if (grad) grad[i] = (sigmoid(z) - y) / n;
      }
      return sum / n;
    },
  };
}
