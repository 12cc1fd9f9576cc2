// Metrics of a fitted model on a set: mse and r² for regression, accuracy and log loss for classes.

import { binaryCrossEntropy } from '../losses/bce.js';

/**
 * Mean squared error and the coefficient of determination r² = 1 − SSE/SST, SST about the set's own
 * mean; r² is NaN (reported as null) when the target is constant.
 *
 * @example
 * regressionMetrics(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 4)); // { mse: 1/3, r2: 1 − 1/(14/3) }
 */
export function regressionMetrics(pred: Float64Array, target: Float64Array): { mse: number; r2: number } {
  const n = target.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += target[i]!;
  mean /= n;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    sse += (pred[i]! - target[i]!) ** 2;
    sst += (target[i]! - mean) ** 2;
  }
  return { mse: sse / n, r2: sst > 0 ? 1 - sse / sst : Number.NaN };
}

/**
 * Accuracy and log loss from logits: one logit per row (class 1 when z > 0) or k per row (the
 * largest wins; ties go to the first). The log loss is computed from the logits with log-sum-exp.
 *
 * @example
 * classificationMetrics(Float64Array.of(2, -1), Float64Array.of(1, 1), 1); // accuracy 0.5
 */
export function classificationMetrics(
  logits: Float64Array,
  target: Float64Array,
  outputs: number,
): { accuracy: number; logLoss: number } {
  const n = target.length;
  const { correct, logLoss } = classificationSums(logits, target, outputs);
  return { accuracy: correct / n, logLoss: logLoss / n };
}

/**
 * The sums behind classificationMetrics — rows classified right and Σ log loss — for a tally that adds
 * batches up before it divides.
 *
 * @example
 * classificationSums(Float64Array.of(2, -1), Float64Array.of(1, 1), 1).correct; // → 1
 */
export function classificationSums(
  logits: Float64Array,
  target: Float64Array,
  outputs: number,
): { correct: number; logLoss: number } {
  const n = target.length;
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const y = target[i]!;
    if (outputs === 1) {
      const z = logits[i]!;
      if ((z > 0 ? 1 : 0) === y) correct++;
      loss += binaryCrossEntropy(z, y);
      continue;
    }
    const o = i * outputs;
    let best = 0;
    let max = logits[o]!;
    for (let c = 1; c < outputs; c++) {
      if (logits[o + c]! > max) {
        max = logits[o + c]!;
        best = c;
      }
    }
    if (best === y) correct++;
    let total = 0;
    for (let c = 0; c < outputs; c++) total += Math.exp(logits[o + c]! - max);
    loss += max + Math.log(total) - logits[o + y]!;
  }
  return { correct, logLoss: loss };
}

/**
 * Σ (predᵢ − targetᵢ)², the sum behind regressionMetrics' mse.
 *
 * @example
 * squaredErrorSum(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 4)); // → 1
 */
export function squaredErrorSum(pred: Float64Array, target: Float64Array): number {
  let sse = 0;
  for (let i = 0; i < target.length; i++) sse += (pred[i]! - target[i]!) ** 2;
  return sse;
}

/**
 * Σ (targetᵢ − mean)², the total sum of squares r² compares with, about the set's own mean.
 *
 * @example
 * totalSumOfSquares(Float64Array.of(1, 2, 3)); // → 2
 */
export function totalSumOfSquares(target: Float64Array): number {
  const n = target.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += target[i]!;
  mean /= n;
  let sst = 0;
  for (let i = 0; i < n; i++) sst += (target[i]! - mean) ** 2;
  return sst;
}
