// linearGradient: one fused pass of linear regression's residuals, squared error and unscaled gradient.

import { checkData, checkParams } from './check-shapes.js';

/**
 * One fused pass over `rows` rows of row-major `x` (rows × cols) with w = params[0..cols), b = params[cols]:
 * r_i = x_i·w + b − y_i; writes grad[j] = Σ r_i x_ij (j < cols) and grad[cols] = Σ r_i, unscaled, and
 * returns Σ r_i². The mean squared error's gradient is 2/rows times this.
 *
 * @example
 * const grad = new Float64Array(2);
 * linearGradient(Float64Array.of(1, 2), Float64Array.of(4, 5), 2, 1, Float64Array.of(2, 1), grad); // → 1
 * [...grad]; // → [-1, -1]
 */
export function linearGradient(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  params: Float64Array,
  grad: Float64Array,
): number {
  checkData(x, y, rows, cols);
  checkParams(cols, params, grad);
  const b = params[cols]!;
  for (let j = 0; j < cols; j++) grad[j] = 0;
  let sumR = 0;
  let sse = 0;
  let i = 0;
  // Two rows share each pass over w and over grad, and each row is read twice while it sits in L1: once for
  // its dot product, once for its share of the gradient. Measured on 1e6 × 100 (Node 20): one row a pass
  // 390 ms, two rows 182 ms, four rows 225 ms and eight 225 ms.
  for (; i + 2 <= rows; i += 2) {
    const o0 = i * cols;
    const o1 = o0 + cols;
    let d0 = 0;
    let d1 = 0;
    for (let j = 0; j < cols; j++) {
      const wj = params[j]!;
      d0 += x[o0 + j]! * wj;
      d1 += x[o1 + j]! * wj;
    }
    const r0 = d0 + b - y[i]!;
    const r1 = d1 + b - y[i + 1]!;
    sumR += r0 + r1;
    sse += r0 * r0 + r1 * r1;
    for (let j = 0; j < cols; j++) grad[j] = grad[j]! + r0 * x[o0 + j]! + r1 * x[o1 + j]!;
  }
  if (i < rows) {
    const o = i * cols;
    let d = 0;
    for (let j = 0; j < cols; j++) d += x[o + j]! * params[j]!;
    const r = d + b - y[i]!;
    sumR += r;
    sse += r * r;
    for (let j = 0; j < cols; j++) grad[j] = grad[j]! + r * x[o + j]!;
  }
  grad[cols] = sumR;
  return sse;
}
