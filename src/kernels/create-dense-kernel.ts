// createDenseKernel: a dense network's passes on the fastest backend the host offers.

import { DENSE_CHUNK_ROWS, type DenseKernel, type DenseShape } from './dense.js';
import { createJsDenseKernel } from './dense-js.js';
import { createWasmDenseKernel } from './dense-wasm.js';

/**
 * WebAssembly SIMD where the host has it (and the reference backend is not forced), else the TypeScript
 * reference. Both sum in orders fixed by the shapes; they agree to rounding.
 *
 * @example
 * const kernel = createDenseKernel({ widths: [784, 128, 10], activation: 'relu' });
 */
export function createDenseKernel(shape: DenseShape, maxRows = DENSE_CHUNK_ROWS): DenseKernel {
  return createWasmDenseKernel(shape, maxRows) ?? createJsDenseKernel(shape, maxRows);
}
