// Threaded dense kernels where the host has them: Node registers its worker-thread kernel here (kernels/node.ts), a browser's worker its Web Workers (startWebThreads).

import type { DenseKernel, DenseShape } from './dense.js';
import { DENSE_CHUNK_ROWS, denseLayout } from './dense.js';

/** Makes a DenseKernel shared by `threads` threads, or null where the host cannot (no shared WebAssembly memory). */
export type DenseThreadsFactory = (
  shape: DenseShape,
  maxRows: number,
  threads: number,
  backward: boolean,
) => DenseKernel | null;

let host: { create: DenseThreadsFactory; cores: number } | null = null;

/**
 * Called by a host that can run a kernel on several threads synchronously (Node's worker_threads with
 * Atomics.wait on the caller; in a browser, startWebThreads from a worker — a page's main thread may not
 * block, so none registers there). The last registration wins; the returned function withdraws it, unless
 * another has replaced it since.
 *
 * @example
 * const withdraw = registerDenseThreads((shape, maxRows, threads) => createParallelDenseKernel(shape, maxRows, { threads }), 2);
 * withdraw();
 */
export function registerDenseThreads(create: DenseThreadsFactory, cores: number): () => void {
  const registered = { create, cores };
  host = registered;
  return () => {
    if (host === registered) host = null;
  };
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
  return denseThreadsPay(denseLayout(shape.widths).size, rows) ? host.cores : 1;
}

/**
 * Whether a dense network of `params` parameters over chunks of `rows` rows (at most DENSE_CHUNK_ROWS, 256,
 * a pass) has the work per chunk that pays for a second thread's hand-offs (MIN_THREADED_WORK).
 *
 * @example
 * // mlp 784-128-10 over batches of 128 rows; the playground's 2-16-16-2 spiral net over its 400 rows
 * kernels.denseThreadsPay(101_770, 128); // → true
 * kernels.denseThreadsPay(354, 400); // → false
 */
export function denseThreadsPay(params: number, rows: number): boolean {
  return Math.min(rows, DENSE_CHUNK_ROWS) * params >= MIN_THREADED_WORK;
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
