// LinearKernel: linear regression's fused gradient bound to one data set — the interface and its JavaScript backend.

import { linearGradient } from './linear-gradient.js';
import type { LinearLoss } from './linear-wasm-memory.js';
import { logisticGradient } from './logistic-gradient.js';

/**
 * A linear-regression gradient over data fixed at creation; the backends copy the data once, if at all.
 *
 * @example
 * const x = Float64Array.of(1, 2, 3);
 * const y = Float64Array.of(3, 5, 7); // y = 2x + 1
 * const kernel: kernels.LinearKernel = kernels.createLinearKernel(x, y, 3, 1);
 * const grad = new Float64Array(2);
 * kernel.gradient(Float64Array.of(2, 1), grad); // → 0
 * kernel.close();
 */
export interface LinearKernel {
  readonly rows: number;
  readonly cols: number;
  /**
   * What `linearGradient(x, y, rows, cols, params, grad)` computes for the bound x and y — or
   * `logisticGradient`, for a kernel made with the 'logistic' loss.
   */
  gradient(params: Float64Array, grad: Float64Array): number;
  /** Releases the backend's memory and threads; `gradient` throws afterwards. */
  close(): void;
}

/**
 * The plain JavaScript backend: reads the caller's arrays in place, so later changes to them are seen.
 *
 * @example
 * const kernel = createJsLinearKernel(Float64Array.of(1, 2, 3), Float64Array.of(3, 5, 7), 3, 1);
 * const grad = new Float64Array(2);
 * kernel.gradient(Float64Array.of(2, 1), grad); // → 0
 * kernel.close();
 */
export function createJsLinearKernel(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  loss: LinearLoss = 'squared',
): LinearKernel {
  const pass = loss === 'logistic' ? logisticGradient : linearGradient;
  let open = true;
  return {
    rows,
    cols,
    gradient(params, grad) {
      if (!open) throw new Error('this linear kernel is closed');
      return pass(x, y, rows, cols, params, grad);
    },
    close() {
      open = false;
    },
  };
}
