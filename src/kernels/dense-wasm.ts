// The WebAssembly SIMD DenseKernel: every pass a blocked gemm (src/kernels/assembly/gemm.ts) with bias and activation fused in.

import type { DenseKernel, DenseShape } from './dense.js';
import { denseLayout } from './dense.js';
import { type WasmMemory, wasm } from './wasm-api.js';
import {
  align16,
  type EpilogueName,
  instantiateKernels,
  kernelFacts,
  kernelModule,
  MAX_PAGES,
  PAGE_BYTES,
} from './wasm-kernels.js';

const FORWARD: Record<DenseShape['activation'], EpilogueName> = {
  relu: 'RELU',
  tanh: 'TANH',
  sigmoid: 'SIGMOID',
};
const BACKWARD: Record<DenseShape['activation'], EpilogueName> = {
  relu: 'RELU_GRAD',
  tanh: 'TANH_GRAD',
  sigmoid: 'SIGMOID_GRAD',
};

/**
 * The network in one WebAssembly memory: scratch for gemm's panels, the params, the gradient, a chunk of x,
 * and each layer's activations and ∂z for a chunk. Per chunk: z = a·Wᵀ + b with the activation applied as
 * the tiles are stored; back: ∂W (+)= ∂zᵀ·a, ∂b (+)= Σ ∂z, and ∂z below = (∂z·W) ⊙ f'(a) again fused. Null
 * where the host has no WebAssembly SIMD (or the reference backend is chosen) or the layout passes 4 GiB.
 *
 * @example
 * const kernel = createWasmDenseKernel({ widths: [784, 128, 10], activation: 'relu' }, 256);
 */
export function createWasmDenseKernel(shape: DenseShape, maxRows: number): DenseKernel | null {
  const module = kernelModule(false);
  if (module === null || wasm === undefined) return null;
  const { widths } = shape;
  const { layers, size } = denseLayout(widths);
  const depth = layers.length;
  let end = kernelFacts(module).heapBase;
  const take = (values: number): number => {
    const at = end;
    end = align16(end + values * 8);
    return at;
  };
  const scratch = take(kernelFacts(module).gemmScratchBytes / 8);
  const params = take(size);
  const grad = take(size);
  const x = take(maxRows * widths[0]!);
  const a = layers.map((layer) => take(maxRows * layer.fanOut));
  const dz = layers.map((layer) => take(maxRows * layer.fanOut));
  const pages = Math.ceil(end / PAGE_BYTES);
  if (pages > MAX_PAGES) return null;
  let memory: WasmMemory;
  try {
    memory = new wasm.Memory({ initial: pages });
  } catch (error) {
    // A host may refuse the memory (RangeError); the reference kernel needs far less at once.
    if (error instanceof RangeError) return null;
    throw error;
  }
  const k = instantiateKernels(module, memory);
  const heap = new Float64Array(memory.buffer);
  const forwardMode = k.epilogue[FORWARD[shape.activation]];
  const backwardMode = k.epilogue[BACKWARD[shape.activation]];
  const none = k.epilogue.NONE;
  const outputs = layers[depth - 1]!.fanOut;
  const view = (at: number, values: number): Float64Array => heap.subarray(at / 8, at / 8 + values);
  let rows = 0;
  return {
    backend: 'wasm',
    maxRows,
    load(p) {
      heap.set(p.subarray(0, size), params / 8);
    },
    forward(data, start, count) {
      rows = count;
      const cols = widths[0]!;
      heap.set(data.subarray(start * cols, (start + count) * cols), x / 8);
      let below = x;
      for (let l = 0; l < depth; l++) {
        const { fanIn, fanOut, weight, bias } = layers[l]!;
        const mode = l === depth - 1 ? none : forwardMode;
        // B(p, j) = W[j·in + p]: Wᵀ read in place, packed by gemm.
        k.gemm(
          below,
          fanIn,
          1,
          params + weight * 8,
          1,
          fanIn,
          a[l]!,
          fanOut,
          rows,
          fanOut,
          fanIn,
          0,
          params + bias * 8,
          mode,
          0,
          0,
          scratch,
        );
        below = a[l]!;
      }
      return view(a[depth - 1]!, rows * outputs);
    },
    outputGrad: () => view(dz[depth - 1]!, rows * outputs),
    backward(first) {
      const add = first ? 0 : 1;
      for (let l = depth - 1; l >= 0; l--) {
        const { fanIn, fanOut, weight, bias } = layers[l]!;
        const below = l === 0 ? x : a[l - 1]!;
        // ∂W(out × in) = ∂zᵀ·a: A(i, p) = ∂z[p·out + i], B = a row-major.
        k.gemm(
          dz[l]!,
          1,
          fanOut,
          below,
          fanIn,
          1,
          grad + weight * 8,
          fanIn,
          fanOut,
          fanIn,
          rows,
          add,
          0,
          none,
          0,
          0,
          scratch,
        );
        k.columnSums(dz[l]!, rows, fanOut, grad + bias * 8, add);
        if (l === 0) break;
        // ∂z below = (∂z·W) ⊙ f'(a below), W row-major out × in.
        k.gemm(
          dz[l]!,
          fanOut,
          1,
          params + weight * 8,
          fanIn,
          1,
          dz[l - 1]!,
          fanIn,
          rows,
          fanIn,
          fanOut,
          0,
          0,
          backwardMode,
          a[l - 1]!,
          fanIn,
          scratch,
        );
      }
    },
    gradient(out) {
      out.set(view(grad, size));
    },
  };
}
