// sigmoid: the logistic function σ(z) = 1/(1 + e^(−z)), computed without overflow.

/**
 * σ(z) = 1/(1 + e^(−z)) without overflow for large negative z.
 *
 * @example
 * sigmoid(0); // 0.5
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
