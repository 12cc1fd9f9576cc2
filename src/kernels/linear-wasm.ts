// The WebAssembly SIMD backend of LinearKernel on the calling thread (src/kernels/assembly/linear.ts).

import { checkData, checkParams } from './check-shapes.js';
import type { LinearKernel } from './linear-kernel.js';
import {
  type LinearLoss,
  linearMemoryLayout,
  linearPartRuns,
  readSlots,
  runParts,
  writeParams,
  writeRowData,
} from './linear-wasm-memory.js';
import { wasm } from './wasm-api.js';
import { instantiateKernels, kernelFacts, kernelModule } from './wasm-kernels.js';

/**
 * Whether this host can run the WebAssembly kernel on rows × cols data: WebAssembly with SIMD (and the reference
 * backend not forced), and a layout within 4 GiB.
 *
 * @example
 * console.log(wasmLinearKernelAvailable(1_000_000, 100)); // true on Node 20 and current browsers
 */
export function wasmLinearKernelAvailable(rows: number, cols: number): boolean {
  const module = kernelModule(false);
  if (module === null) return false;
  try {
    linearMemoryLayout(rows, cols, kernelFacts(module).heapBase);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies x and y into a WebAssembly memory once, then computes each gradient there with two-lane float64
 * vectors, on rows stored in tiles of four, part after part (see rowParts: the bits equal the threaded kernel's). Results equal `linearGradient`'s (or `logisticGradient`'s) up to rounding (the sums
 * are taken in another order).
 *
 * @example
 * const x = Float64Array.of(1, 2, 3);
 * const y = Float64Array.of(3, 5, 7);
 * if (wasmLinearKernelAvailable(3, 1)) {
 *   const kernel = createWasmLinearKernel(x, y, 3, 1);
 *   const grad = new Float64Array(2);
 *   console.log(kernel.gradient(Float64Array.of(2, 1), grad)); // 0: y = 2x + 1 exactly
 *   kernel.close();
 * }
 */
export function createWasmLinearKernel(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  loss: LinearLoss = 'squared',
): LinearKernel {
  const module = kernelModule(false);
  if (wasm === undefined || module === null) throw new Error('this host has no WebAssembly SIMD');
  checkData(x, y, rows, cols);
  const layout = linearMemoryLayout(rows, cols, kernelFacts(module).heapBase);
  const memory = new wasm.Memory({ initial: layout.pages });
  const kernels = instantiateKernels(module, memory);
  const heap = new Float64Array(memory.buffer);
  writeRowData(heap, layout, x, y, kernels.tileRows);
  const runs = linearPartRuns(layout, kernels.loss[loss]);
  let open: Float64Array | null = heap;
  return {
    rows,
    cols,
    gradient(params, grad) {
      if (open === null) throw new Error('this linear kernel is closed');
      checkParams(cols, params, grad);
      writeParams(open, layout, params);
      runParts(open, runs, kernels.linearRows);
      return readSlots(open, layout, grad);
    },
    close() {
      open = null;
    },
  };
}
