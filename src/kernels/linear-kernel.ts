// LinearKernel: linear regression's fused gradient bound to one data set, on the fastest backend the host offers.

import { linearGradient } from './linear-gradient.js';
import { createWasmLinearKernel, wasmLinearKernelAvailable } from './linear-wasm.js';

/** A linear-regression gradient over data fixed at creation; the backends copy the data once, if at all. */
export interface LinearKernel {
  readonly rows: number;
  readonly cols: number;
  /** What `linearGradient(x, y, rows, cols, params, grad)` computes for the bound x and y. */
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
): LinearKernel {
  let open = true;
  return {
    rows,
    cols,
    gradient(params, grad) {
      if (!open) throw new Error('this linear kernel is closed');
      return linearGradient(x, y, rows, cols, params, grad);
    },
    close() {
      open = false;
    },
  };
}

/**
 * The fastest single-threaded backend here: WebAssembly SIMD (a copy of x and y in its own memory, about 4×
 * the JavaScript loop on 1e6 × 100) where the host supports it and the data fit in 4 GiB, else JavaScript.
 * Node programs wanting every core use `createParallelLinearKernel` from `kernels/node.js`.
 *
 * @example
 * const kernel = createLinearKernel(x, y, rows, cols);
 * const sse = kernel.gradient(params, grad); // grad: Σ r_i x_i, then Σ r_i
 * kernel.close();
 */
export function createLinearKernel(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
): LinearKernel {
  if (wasmLinearKernelAvailable(rows, cols)) {
    try {
      return createWasmLinearKernel(x, y, rows, cols);
    } catch (error) {
      // A host may refuse the memory the copy needs (RangeError); the JavaScript kernel needs none.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return createJsLinearKernel(x, y, rows, cols);
}
