// The WebAssembly SIMD backend of LinearKernel on the calling thread.

import { checkData, checkParams } from './check-shapes.js';
import type { LinearKernel } from './linear-kernel.js';
import {
  linearMemoryLayout,
  readSlots,
  type WasmLinearGradient,
  writeLinearData,
  writeParams,
} from './linear-wasm-memory.js';
import { linearWasmModule } from './linear-wasm-module.js';
import { wasm } from './wasm-api.js';

/**
 * Whether this host can run the WebAssembly kernel on rows × cols data: WebAssembly with SIMD, and a layout
 * within 4 GiB.
 *
 * @example
 * wasmLinearKernelAvailable(1_000_000, 100); // true on Node 20 and current browsers
 */
export function wasmLinearKernelAvailable(rows: number, cols: number): boolean {
  if (wasm === undefined) return false;
  try {
    const layout = linearMemoryLayout(rows, cols, 1);
    return wasm.validate(linearWasmModule(layout.rowBytes, false));
  } catch {
    return false;
  }
}

/**
 * Copies x and y into a WebAssembly memory once, then computes each gradient there with two-lane float64
 * vectors, two rows a pass. Results equal `linearGradient`'s up to rounding (the sums are taken in another order).
 *
 * @example
 * const kernel = createWasmLinearKernel(x, y, rows, cols);
 * const sse = kernel.gradient(params, grad);
 * kernel.close();
 */
export function createWasmLinearKernel(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
): LinearKernel {
  if (wasm === undefined) throw new Error('this host has no WebAssembly');
  checkData(x, y, rows, cols);
  const layout = linearMemoryLayout(rows, cols, 1);
  const memory = new wasm.Memory({ initial: layout.pages });
  const module = new wasm.Module(linearWasmModule(layout.rowBytes, false));
  const run = new wasm.Instance(module, { env: { memory } }).exports.gradient as WasmLinearGradient;
  const heap = new Float64Array(memory.buffer);
  writeLinearData(heap, layout, x, y);
  let open: { heap: Float64Array; run: WasmLinearGradient } | null = { heap, run };
  return {
    rows,
    cols,
    gradient(params, grad) {
      if (open === null) throw new Error('this linear kernel is closed');
      checkParams(cols, params, grad);
      writeParams(open.heap, layout, params);
      open.run(layout.x, layout.y, rows, layout.params, layout.slots);
      return readSlots(open.heap, layout, 1, grad);
    },
    close() {
      open = null;
    },
  };
}
