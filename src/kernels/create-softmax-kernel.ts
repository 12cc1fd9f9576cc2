// createSoftmaxKernel: softmax regression's fused full-batch gradient bound to one data set, on WebAssembly SIMD or JavaScript.

import { runParts, writeRowData } from './linear-wasm-memory.js';
import { type KernelThreads, threadedSoftmaxKernel } from './regression-threads.js';
import { softmaxGradient } from './softmax-gradient.js';
import type { SoftmaxKernel } from './softmax-kernel.js';
import {
  readSoftmaxCorrect,
  readSoftmaxSlots,
  softmaxMemoryLayout,
  softmaxPartRuns,
  writeSoftmaxParams,
} from './softmax-wasm-memory.js';
import { wasm } from './wasm-api.js';
import { instantiateKernels, kernelFacts, kernelModule } from './wasm-kernels.js';

/**
 * The fastest backend here: WebAssembly SIMD on a copy of x and y in its own memory (each row read once per
 * gradient, in tiles of four rows, two lanes at a time) where the host has it and the copy fits in 4 GiB, else
 * softmaxGradient on the caller's arrays. Both give the same sums up to rounding (another order of additions).
 * One thread unless `threads` asks for more, as createLinearKernel's (the bits do not depend on the count).
 *
 * @example
 * const kernel = createSoftmaxKernel(Float64Array.of(1), Float64Array.of(0), 1, 1, 2);
 * const grad = new Float64Array(4);
 * kernel.gradient(new Float64Array(4), grad); // → Math.LN2
 * kernel.close();
 */
export function createSoftmaxKernel(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  k: number,
  { threads = 1 }: { threads?: KernelThreads } = {},
): SoftmaxKernel {
  const module = kernelModule(false);
  if (wasm !== undefined && module !== null) {
    try {
      return threadedSoftmaxKernel(x, y, rows, cols, k, threads) ?? wasmKernel(module, x, y, rows, cols, k);
    } catch (error) {
      // A host may refuse the memory the copy needs (RangeError); the JavaScript kernel needs none.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return {
    gradient: (params, grad) => softmaxGradient(x, y, rows, cols, k, params, grad),
    close() {},
  };
}

function wasmKernel(
  module: NonNullable<ReturnType<typeof kernelModule>>,
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  k: number,
): SoftmaxKernel {
  if (x.length < rows * cols || y.length < rows)
    throw new RangeError(`createSoftmaxKernel: x needs ${rows} × ${cols} values and y ${rows}`);
  const layout = softmaxMemoryLayout(rows, cols, k, kernelFacts(module).heapBase);
  const memory = new wasm!.Memory({ initial: layout.pages });
  const kernels = instantiateKernels(module, memory);
  let heap: Float64Array | null = new Float64Array(memory.buffer);
  writeRowData(heap, layout, x, y, kernels.tileRows);
  const runs = softmaxPartRuns(layout);
  const size = k * cols + k;
  return {
    gradient(values, grad) {
      if (heap === null) throw new Error('this softmax kernel is closed');
      if (values.length !== size || grad.length !== size)
        throw new RangeError(`softmax kernel: params and grad need ${size} values`);
      writeSoftmaxParams(heap, layout, values);
      runParts(heap, runs, kernels.softmaxRows);
      return readSoftmaxSlots(heap, layout, grad);
    },
    correct() {
      if (heap === null) throw new Error('this softmax kernel is closed');
      return readSoftmaxCorrect(heap, layout);
    },
    close() {
      heap = null;
    },
  };
}
