// The WebAssembly SIMD DenseKernel on the calling thread: every pass a blocked gemm (src/kernels/assembly/) with bias and activation fused in.

import type { DenseKernel, DenseShape } from './dense.js';
import { denseMemoryLayout, wasmDenseKernel, writeNet } from './dense-wasm-memory.js';
import { type WasmMemory, wasm } from './wasm-api.js';
import { instantiateKernels, kernelFacts, kernelModule } from './wasm-kernels.js';

/**
 * The network in one WebAssembly memory: scratch for gemm's panels, the params, the gradient, a chunk of x,
 * and each layer's activations and ∂z for a chunk. Per chunk: z = a·Wᵀ + b with the activation applied as
 * the tiles are stored; back: ∂W (+)= ∂zᵀ·a, ∂b (+)= Σ ∂z, and ∂z below = (∂z·W) ⊙ f'(a) again fused
 * (denseForward and denseBackward for one thread). `backward: false` lays out forward passes only. Null where
 * the host has no WebAssembly SIMD (or the reference backend is chosen) or the layout passes 4 GiB.
 *
 * @example
 * const kernel = createWasmDenseKernel({ widths: [784, 128, 10], activation: 'relu' }, 256);
 */
export function createWasmDenseKernel(
  shape: DenseShape,
  maxRows: number,
  backward = true,
): DenseKernel | null {
  const module = kernelModule(false);
  if (module === null || wasm === undefined) return null;
  const layout = denseMemoryLayout(shape, maxRows, 1, kernelFacts(module), backward);
  if (layout === null) return null;
  let memory: WasmMemory;
  try {
    memory = new wasm.Memory({ initial: layout.pages });
  } catch (error) {
    // A host may refuse the memory (RangeError); the reference kernel needs far less at once.
    if (error instanceof RangeError) return null;
    throw error;
  }
  const k = instantiateKernels(module, memory);
  writeNet(memory, layout, k, shape);
  return wasmDenseKernel(shape, layout, memory, {
    forward: (rows) => k.denseForward(layout.net, 0, rows),
    backward: (rows, layer, accumulate) => k.denseBackward(layout.net, 0, rows, layer, accumulate ? 1 : 0),
    close() {},
  });
}
