// l2Penalty: ½λ‖w‖² on a model's weights (biases spared), added to a loss to shrink the weights.

/**
 * Adds ½λ·Σwⱼ² over the entries of `params` where `mask` is 1 to a value, and λ·wⱼ to `grad` there;
 * returns the penalty. The mask spares biases, as weight decay conventionally does.
 *
 * @example
 * const grad = new Float64Array(2);
 * l2Penalty(Float64Array.of(2, 5), Uint8Array.of(1, 0), 0.1, grad); // 0.2, grad [0.2, 0]
 */
export function l2Penalty(
  params: Float64Array,
  mask: Uint8Array,
  lambda: number,
  grad?: Float64Array,
): number {
  if (lambda === 0) return 0;
  let sum = 0;
  for (let j = 0; j < params.length; j++) {
    if (mask[j] !== 1) continue;
    const w = params[j]!;
    sum += w * w;
    if (grad) grad[j] = grad[j]! + lambda * w;
  }
  return 0.5 * lambda * sum;
}
