// LinearKernel: linear regression's fused gradient bound to one data set — the interface and its JavaScript backend.

import { linearGradient } from './linear-gradient.js';
import type { LinearLoss } from './linear-wasm-memory.js';
import { logisticGradient } from './logistic-gradient.js';

/** A linear-regression gradient over data fixed at creation; the backends copy the data once, if at all. */
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
 * const kernel = createJsLinearKernel(x, y, rows, cols);
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
