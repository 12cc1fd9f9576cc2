// Threaded dense kernels where the host has them: Node registers its worker-thread kernel here (kernels/node.ts); browsers run one thread.

import type { DenseKernel, DenseShape } from './dense.js';
import { denseLayout } from './dense.js';

/** Makes a DenseKernel shared by `threads` threads, or null where the host cannot (no shared WebAssembly memory). */
export type DenseThreadsFactory = (
  shape: DenseShape,
  maxRows: number,
  threads: number,
  backward: boolean,
) => DenseKernel | null;

let host: { create: DenseThreadsFactory; cores: number } | null = null;

/**
 * Called once by a host that can run a kernel on several threads synchronously (Node's worker_threads with
 * Atomics.wait on the caller; a browser's main thread may not block, so none registers there).
 *
 * @example
 * registerDenseThreads((shape, maxRows, threads) => createParallelDenseKernel(shape, maxRows, { threads }), 2);
 */
export function registerDenseThreads(create: DenseThreadsFactory, cores: number): void {
  host = { create, cores };
}

/**
 * Multiply-adds a chunk's forward pass must take (rows × params) before a second thread pays for its two
 * hand-offs a batch, which cost tens of microseconds on an idle machine: 784-128-10 at 128 rows is 13 million.
 */
export const MIN_THREADED_WORK = 1_000_000;

/**
 * The threads a dense kernel for `shape` over chunks of `rows` rows uses when its caller asks for none: every
 * core of a host with threads when the work per chunk pays for the hand-offs (MIN_THREADED_WORK), else 1.
 *
 * @example
 * defaultDenseThreads({ widths: [4, 8, 3], activation: 'relu' }, 16); // → 1
 */
export function defaultDenseThreads(shape: DenseShape, rows: number): number {
  if (host === null) return 1;
  const { size } = denseLayout(shape.widths);
  return rows * size >= MIN_THREADED_WORK ? host.cores : 1;
}

/**
 * A kernel on `threads` threads (the caller's included) from the registered host, or null when `threads` is
 * 1, no host registered (a browser, or Node without `downhill/node`), or the host cannot share memory —
 * the caller then keeps its one-thread kernel.
 *
 * @example
 * const kernel = createThreadedDenseKernel({ widths: [784, 128, 10], activation: 'relu' }, 256, 2, true);
 * kernel?.close();
 */
export function createThreadedDenseKernel(
  shape: DenseShape,
  maxRows: number,
  threads: number,
  backward: boolean,
): DenseKernel | null {
  if (threads <= 1 || host === null) return null;
  return host.create(shape, maxRows, threads, backward);
}
