// createSoftmaxKernel: softmax regression's fused full-batch gradient bound to one data set, on WebAssembly SIMD or JavaScript.

import { softmaxGradient } from './softmax-gradient.js';
import { wasm } from './wasm-api.js';
import {
  align16,
  instantiateKernels,
  kernelFacts,
  kernelModule,
  MAX_PAGES,
  PAGE_BYTES,
} from './wasm-kernels.js';

/** A data set's cross-entropy and unscaled gradient at any params (see softmaxGradient for the layout). */
export interface SoftmaxKernel {
  /** Writes Σ_i r_i ⊗ [x_i, 1] into grad and returns Σ_i of the cross-entropy. */
  gradient(params: Float64Array, grad: Float64Array): number;
  /** Lets the kernel's copy of the data go. */
  close(): void;
}

/** About a megabyte of rows per call, so that V8's optimized code takes over within the first epoch. */
const CHUNK_BYTES = 1 << 20;

/**
 * The fastest single-threaded backend here: WebAssembly SIMD on a copy of x and y in its own memory (each row
 * read once per gradient, two lanes at a time) where the host has it and the copy fits in 4 GiB, else
 * softmaxGradient on the caller's arrays. Both give the same sums up to rounding (another order of additions).
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
): SoftmaxKernel {
  const module = kernelModule(false);
  if (wasm !== undefined && module !== null) {
    try {
      return wasmKernel(module, x, y, rows, cols, k);
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
  const stride = cols + (cols % 2);
  const rowBytes = stride * 8;
  // [W (k rows of stride) | b (k)] for params, the same plus the loss for the gradient slot.
  const paramBytes = k * rowBytes + align16(k * 8);
  const slotBytes = paramBytes + 16;
  const params = align16(kernelFacts(module).heapBase);
  const slot = params + paramBytes;
  const scratch = slot + slotBytes;
  const yAt = scratch + align16(k * 8);
  const xAt = yAt + align16(rows * 8);
  const pages = Math.max(1, Math.ceil((xAt + rows * rowBytes) / PAGE_BYTES));
  if (pages > MAX_PAGES)
    throw new RangeError(`${rows} × ${cols} float64 values do not fit in a WebAssembly memory (4 GiB)`);
  const memory = new wasm!.Memory({ initial: pages });
  const kernels = instantiateKernels(module, memory);
  let heap: Float64Array | null = new Float64Array(memory.buffer);
  heap.set(y.subarray(0, rows), yAt / 8);
  if (stride === cols) heap.set(x.subarray(0, rows * cols), xAt / 8);
  else for (let i = 0; i < rows; i++) heap.set(x.subarray(i * cols, (i + 1) * cols), xAt / 8 + i * stride);
  const chunk = Math.max(1, Math.floor(CHUNK_BYTES / rowBytes));
  const bias = k * cols;
  return {
    gradient(values, grad) {
      if (heap === null) throw new Error('this softmax kernel is closed');
      if (values.length !== bias + k || grad.length !== bias + k)
        throw new RangeError(`softmax kernel: params and grad need ${bias + k} values`);
      const p = params / 8;
      const g = slot / 8;
      for (let c = 0; c < k; c++) heap.set(values.subarray(c * cols, (c + 1) * cols), p + c * stride);
      heap.set(values.subarray(bias, bias + k), p + k * stride);
      heap.fill(0, g, g + slotBytes / 8);
      for (let i = 0; i < rows; i += chunk) {
        const count = Math.min(chunk, rows - i);
        kernels.softmaxRows(xAt + i * rowBytes, yAt + i * 8, count, stride, k, params, slot, scratch);
      }
      for (let c = 0; c < k; c++) grad.set(heap.subarray(g + c * stride, g + c * stride + cols), c * cols);
      grad.set(heap.subarray(g + k * stride, g + k * stride + k), bias);
      return heap[g + k * stride + k]!;
    },
    close() {
      heap = null;
    },
  };
}
