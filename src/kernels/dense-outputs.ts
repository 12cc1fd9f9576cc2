// denseOutputs: a dense network's outputs for many rows — forward passes only, in large blocks, on every core that pays.

import type { DenseShape } from './dense.js';
import { denseLayout } from './dense.js';
import { createJsDenseKernel } from './dense-js.js';
import { createThreadedDenseKernel, defaultDenseThreads } from './dense-threads.js';
import { createWasmDenseKernel } from './dense-wasm.js';

/** Rows per block: each layer's activations for a block stay a few megabytes while the rows stream through. */
export const DENSE_EVAL_ROWS = 1024;
/**
 * Multiply-adds below which one call is not worth starting worker threads for (about 40 ms of one thread's
 * work, several times what starting a worker and instantiating the kernels in it costs).
 */
const MIN_THREADED_EVALUATION = 4e8;

/**
 * The outputs (rows × outputs, row-major; the last layer without activation: predictions or logits) of the
 * network `shape` with flat params `params` (denseLayout's order) for the first `rows` rows of row-major x.
 * Only forward passes run, and nothing is kept for a backward pass: no ∂z, no gradient. Blocks of
 * DENSE_EVAL_ROWS rows are split across `threads` threads (default: every core when the work is large
 * enough to pay for starting them, and the host has threads — Node with `downhill/node` imported; else
 * one). The result equals one thread's bit for bit; against the plain TypeScript reference it agrees to
 * rounding (other summation orders, and fused multiply-adds where the host has them). The threads end
 * before it returns. `out` (rows × outputs) is filled instead of a new array when given.
 *
 * @example
 * // 2 inputs → 2 relu units → 1 output: the units are x₀ + x₁ and x₀ − x₁, the output their sum.
 * const shape = { widths: [2, 2, 1], activation: 'relu' } as const;
 * const params = Float64Array.of(1, 1, 1, -1, 0, 0, 1, 1, 0); // layer 1: W, b; layer 2: W, b
 * [...kernels.denseOutputs(shape, params, Float64Array.of(3, 1, 1, 3), 2)]; // → [6, 4]
 */
export function denseOutputs(
  shape: DenseShape,
  params: Float64Array,
  x: Float64Array,
  rows: number,
  { threads, out }: { threads?: number; out?: Float64Array } = {},
): Float64Array {
  const { widths } = shape;
  const { size } = denseLayout(widths);
  const inputs = widths[0]!;
  const outputs = widths[widths.length - 1]!;
  if (!Number.isInteger(rows) || rows < 0)
    throw new RangeError(`rows must be a whole number ≥ 0, got ${rows}`);
  if (params.length !== size) throw new RangeError(`the network takes ${size} params, got ${params.length}`);
  if (x.length < rows * inputs)
    throw new RangeError(
      `${rows} rows of ${inputs} inputs need ${rows * inputs} values of x, got ${x.length}`,
    );
  const result = out ?? new Float64Array(rows * outputs);
  if (result.length < rows * outputs)
    throw new RangeError(`out holds ${result.length} values, ${rows * outputs} are needed`);
  if (rows === 0) return result;
  const blockRows = Math.min(rows, DENSE_EVAL_ROWS);
  const count =
    threads ?? (rows * size >= MIN_THREADED_EVALUATION ? defaultDenseThreads(shape, blockRows) : 1);
  const kernel =
    createThreadedDenseKernel(shape, blockRows, count, false) ??
    createWasmDenseKernel(shape, blockRows, false) ??
    createJsDenseKernel(shape, blockRows);
  try {
    kernel.load(params);
    for (let start = 0; start < rows; start += blockRows) {
      const n = Math.min(blockRows, rows - start);
      result.set(kernel.forward(x, start, n), start * outputs);
    }
  } finally {
    kernel.close();
  }
  return result;
}
