// Where a dense network lives in WebAssembly memory, and the DenseKernel over that memory whichever threads run its passes.

import type { DenseKernel, DenseShape } from './dense.js';
import { denseLayout } from './dense.js';
import type { WasmMemory } from './wasm-api.js';
import { align16, type EpilogueName, type KernelExports, MAX_PAGES, PAGE_BYTES } from './wasm-kernels.js';

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

/** The Int32 words the threads synchronize on (dense-thread-protocol.ts's CONTROL). */
export const CONTROL_WORDS = 8;
/** Bytes kept for the text of the first failing helper thread's error (UTF-8, cut to fit). */
export const FAILURE_BYTES = 1024;

/** Byte addresses of each region (16-byte aligned) and the pages the memory needs. */
export interface DenseMemoryLayout {
  readonly maxRows: number;
  readonly threads: number;
  /** The network's description read by denseForward and denseBackward (src/kernels/assembly/dense.ts). */
  readonly net: number;
  /** Eight Int32 words the threads synchronize on (dense-thread-protocol.ts's CONTROL). */
  readonly control: number;
  /** FAILURE_BYTES for the text of a helper thread's failure. */
  readonly failure: number;
  readonly scratch: number;
  readonly scratchBytes: number;
  readonly params: number;
  /** 0 when the layout is for forward passes only. */
  readonly grad: number;
  readonly x: number;
  readonly a: readonly number[];
  /** Empty when the layout is for forward passes only. */
  readonly dz: readonly number[];
  readonly pages: number;
}

/**
 * The layout of `shape` for chunks of at most `maxRows` rows shared by `threads` threads (one gemm scratch
 * each) from byte `heapBase` on; `backward: false` leaves out the gradient and every ∂z (evaluation only).
 * Null when it passes the 4 GiB a WebAssembly memory can address.
 *
 * @example
 * const facts = { heapBase: 1024, gemmScratchBytes: 549_056 };
 * denseMemoryLayout({ widths: [784, 128, 10], activation: 'relu' }, 256, 2, facts, true)?.pages; // → 75
 */
export function denseMemoryLayout(
  shape: DenseShape,
  maxRows: number,
  threads: number,
  facts: { heapBase: number; gemmScratchBytes: number },
  backward: boolean,
): DenseMemoryLayout | null {
  const { widths } = shape;
  const depth = widths.length - 1;
  const { size } = denseLayout(widths);
  let end = align16(facts.heapBase);
  const take = (bytes: number): number => {
    const at = end;
    end = align16(end + bytes);
    return at;
  };
  const net = take(4 * (10 + 3 * depth));
  const control = take(4 * CONTROL_WORDS);
  const failure = take(FAILURE_BYTES);
  const scratchBytes = align16(facts.gemmScratchBytes);
  const scratch = take(threads * scratchBytes);
  const params = take(size * 8);
  const grad = backward ? take(size * 8) : 0;
  const x = take(maxRows * widths[0]! * 8);
  const a = widths.slice(1).map((w) => take(maxRows * w * 8));
  const dz = backward ? widths.slice(1).map((w) => take(maxRows * w * 8)) : [];
  const pages = Math.max(1, Math.ceil(end / PAGE_BYTES));
  if (pages > MAX_PAGES) return null;
  return { maxRows, threads, net, control, failure, scratch, scratchBytes, params, grad, x, a, dz, pages };
}

/** Writes the network's description where the kernels read it (dense.ts's NET_ words). */
export function writeNet(
  memory: WasmMemory,
  layout: DenseMemoryLayout,
  kernels: KernelExports,
  shape: DenseShape,
): void {
  const words = new Uint32Array(memory.buffer, layout.net, 10 + 3 * (shape.widths.length - 1));
  const { net } = kernels;
  const depth = shape.widths.length - 1;
  words[net.DEPTH] = depth;
  words[net.THREADS] = layout.threads;
  words[net.PARAMS] = layout.params;
  words[net.GRAD] = layout.grad;
  words[net.X] = layout.x;
  words[net.SCRATCH] = layout.scratch;
  words[net.SCRATCH_BYTES] = layout.scratchBytes;
  words[net.FORWARD_MODE] = kernels.epilogue[FORWARD[shape.activation]];
  words[net.BACKWARD_MODE] = kernels.epilogue[BACKWARD[shape.activation]];
  shape.widths.forEach((w, l) => {
    words[net.WIDTHS + l] = w;
  });
  layout.a.forEach((at, l) => {
    words[net.WIDTHS + depth + 1 + l] = at;
  });
  layout.dz.forEach((at, l) => {
    words[net.WIDTHS + 2 * depth + 1 + l] = at;
  });
}

/** How a kernel's passes run: on the calling thread alone, or shared with workers. */
export interface DensePasses {
  forward(rows: number): void;
  backward(rows: number, layer: number, accumulate: boolean): void;
  close(): void;
}

/**
 * The DenseKernel over a network laid out in `memory` by `layout`: the caller's rows are copied in chunk by
 * chunk and `passes` runs them. Backward goes stage by stage from the last layer (see denseBackward); a
 * network of one layer has one stage, a deeper one a stage per layer but the first.
 */
export function wasmDenseKernel(
  shape: DenseShape,
  layout: DenseMemoryLayout,
  memory: WasmMemory,
  passes: DensePasses,
): DenseKernel {
  const { widths } = shape;
  const depth = widths.length - 1;
  const { size } = denseLayout(widths);
  const heap = new Float64Array(memory.buffer);
  const outputs = widths[depth]!;
  const view = (at: number, values: number): Float64Array => heap.subarray(at / 8, at / 8 + values);
  let rows = 0;
  let open = true;
  const check = (): void => {
    if (!open) throw new Error('this dense kernel is closed');
  };
  const needsBackward = (): void => {
    if (layout.grad === 0) throw new Error('this dense kernel runs forward passes only');
  };
  return {
    backend: 'wasm',
    maxRows: layout.maxRows,
    threads: layout.threads,
    load(p) {
      check();
      heap.set(p.subarray(0, size), layout.params / 8);
    },
    forward(data, start, count) {
      check();
      rows = count;
      const cols = widths[0]!;
      heap.set(data.subarray(start * cols, (start + count) * cols), layout.x / 8);
      passes.forward(count);
      return view(layout.a[depth - 1]!, rows * outputs);
    },
    outputGrad() {
      needsBackward();
      return view(layout.dz[depth - 1]!, rows * outputs);
    },
    backward(first) {
      check();
      needsBackward();
      for (let l = depth - 1; l >= Math.min(1, depth - 1); l--) passes.backward(rows, l, !first);
    },
    gradient(out) {
      needsBackward();
      out.set(view(layout.grad, size));
    },
    close() {
      if (!open) return;
      open = false;
      passes.close();
    },
  };
}
