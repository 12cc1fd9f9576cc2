// softmaxGradient: one fused pass of softmax regression's cross-entropy and unscaled gradient — the reference kernel.

/**
 * For rows × cols row-major x, class indices y ∈ {0…k−1} and params [W (k × cols, row-major) | b (k)], as
 * nn.Linear lays them out: z = W·x_i + b, writes grad = Σ_i r_i ⊗ [x_i, 1] with r = softmax(z) − onehot(y_i)
 * (unscaled, same layout as params) and returns Σ_i of the cross-entropy log Σ exp z − z_{y_i}, taken from the
 * largest logit so that no exp overflows.
 *
 * @example
 * const grad = new Float64Array(4);
 * // one row x = 1 of class 0, two classes, all params 0: p = (½, ½)
 * softmaxGradient(Float64Array.of(1), Float64Array.of(0), 1, 1, 2, new Float64Array(4), grad); // → Math.LN2
 * [...grad]; // → [-0.5, 0.5, -0.5, 0.5]
 */
export function softmaxGradient(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  k: number,
  params: Float64Array,
  grad: Float64Array,
): number {
  const bias = k * cols;
  if (x.length < rows * cols || y.length < rows)
    throw new RangeError(`softmaxGradient: x needs ${rows} × ${cols} values and y ${rows}`);
  if (params.length !== bias + k || grad.length !== bias + k)
    throw new RangeError(`softmaxGradient: params and grad need ${bias + k} values`);
  grad.fill(0);
  const z = new Float64Array(k);
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    const label = y[i]!;
    let top = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      let d = params[bias + c]!;
      for (let j = 0; j < cols; j++) d += params[c * cols + j]! * x[o + j]!;
      z[c] = d;
      if (d > top) top = d;
    }
    // With e_c = exp(z_c − top) and the others' sum o = Σ_{c≠y} e_c: log Σ e = log1p(o) where y is a top, and
    // r_y = −o / Σ e, both without the cancellation of Σ e − 1 (1 + e^−40 rounds to 1): a row classified by a
    // margin of 40 keeps its loss and gradient. z_c is overwritten by e_c once read.
    const zy = z[label]!;
    let sum = 0;
    let others = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(z[c]! - top);
      z[c] = e;
      sum += e;
      if (c !== label) others += e;
    }
    loss += (zy === top ? Math.log1p(others) : Math.log(sum)) + (top - zy);
    for (let c = 0; c < k; c++) {
      const r = (c === label ? -others : z[c]!) / sum;
      grad[bias + c] = grad[bias + c]! + r;
      for (let j = 0; j < cols; j++) grad[c * cols + j] = grad[c * cols + j]! + r * x[o + j]!;
    }
  }
  return loss;
}
