// createLinearKernel: linear (or logistic) regression's fused gradient on the fastest backend the host offers.

import { createJsLinearKernel, type LinearKernel } from './linear-kernel.js';
import { createWasmLinearKernel, wasmLinearKernelAvailable } from './linear-wasm.js';
import type { LinearLoss } from './linear-wasm-memory.js';
import { type KernelThreads, threadedLinearKernel } from './regression-threads.js';

/**
 * The fastest backend here: WebAssembly SIMD (a copy of x and y in its own memory, about 4× the JavaScript loop
 * on 1e6 × 100) where the host supports it and the data fit in 4 GiB, else JavaScript. One thread unless
 * `threads` asks for more (a count, or 'auto': every core on 4 MB of rows or more, each gradient on the faster
 * of one thread and all) and the host has them (Node with `downhill/node` imported); the bits do not depend on
 * the thread count.
 *
 * @example
 * const x = Float64Array.of(1, 2, 3);
 * const y = Float64Array.of(3, 5, 7); // y = 2x + 1
 * const kernel = createLinearKernel(x, y, 3, 1);
 * const grad = new Float64Array(2);
 * kernel.gradient(Float64Array.of(0, 0), grad); // → 83
 * [...grad]; // → [-34, -15]
 * kernel.close();
 */
export function createLinearKernel(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  loss: LinearLoss = 'squared',
  { threads = 1 }: { threads?: KernelThreads } = {},
): LinearKernel {
  if (wasmLinearKernelAvailable(rows, cols)) {
    try {
      return (
        threadedLinearKernel(x, y, rows, cols, loss, threads) ??
        createWasmLinearKernel(x, y, rows, cols, loss)
      );
    } catch (error) {
      // A host may refuse the memory the copy needs (RangeError); the JavaScript kernel needs none.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return createJsLinearKernel(x, y, rows, cols, loss);
}

/**
 * Below this many values of x a bound kernel is not worth its copy. Measured (Node 20, x86-64, per gradient,
 * JavaScript vs WebAssembly, and the kernel's creation): 100 × 2 0.47 vs 0.30 µs, 0.2 ms — even after 1000
 * epochs; 442 × 10 8.5 vs 2.0 µs, 0.2 ms — after 32; 20 000 × 100 3.6 vs 1.1 ms, 8 ms — after 3.
 */
export const minKernelCells = 4096;
