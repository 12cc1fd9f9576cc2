// createLinearKernel: linear regression's fused gradient on the fastest backend the host offers.

import { createJsLinearKernel, type LinearKernel } from './linear-kernel.js';
import { createWasmLinearKernel, wasmLinearKernelAvailable } from './linear-wasm.js';

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
