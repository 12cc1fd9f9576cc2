// ce: categorical cross-entropy of k logits per example against a class index, via log-sum-exp.

import { checkShapes, type Loss } from './loss.js';

/**
 * Mean cross-entropy logsumexp(zᵢ) − zᵢ[yᵢ] (torch.nn.CrossEntropyLoss). The number of classes k
 * is pred.length / target.length; the maximum logit is subtracted before exponentiating, so no
 * logit overflows. Gradient: (softmax(zᵢ) − onehot(yᵢ))/n.
 *
 * @example
 * ce().evaluate(Float64Array.of(0, 0, 0), Float64Array.of(2)); // → Math.log(3)
 */
export function ce(): Loss {
  return {
    name: 'ce',
    target: 'multiclass',
    evaluate(pred, target, grad) {
      const n = target.length;
      const k = n > 0 ? pred.length / n : 0;
      if (!Number.isInteger(k) || k < 2) throw new Error(`ce: ${pred.length} logits for ${n} targets`);
      checkShapes('ce', pred, target, grad, k);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const o = i * k;
        const label = target[i]!;
        if (!Number.isInteger(label) || label < 0 || label >= k)
          throw new Error(`ce: class ${label} outside 0…${k - 1}`);
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < k; c++) max = Math.max(max, pred[o + c]!);
        let total = 0;
        for (let c = 0; c < k; c++) total += Math.exp(pred[o + c]! - max);
        sum += max + Math.log(total) - pred[o + label]!;
        if (grad) {
          for (let c = 0; c < k; c++)
            grad[o + c] = (Math.exp(pred[o + c]! - max) / total - (c === label ? 1 : 0)) / n;
        }
      }
      return sum / n;
    },
  };
}
