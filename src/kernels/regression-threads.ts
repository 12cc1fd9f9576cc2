// Threaded linear, logistic and softmax kernels where the host has them: Node registers its worker-thread kernels here (kernels/node.ts); browsers run one thread.

import { fasterKernel } from './faster-kernel.js';
import type { LinearKernel } from './linear-kernel.js';
import type { LinearLoss } from './linear-wasm-memory.js';
import type { SoftmaxKernel } from './softmax-kernel.js';

/** What a kernel on several threads adds: the same gradient on its caller's thread alone. */
export interface ThreadedKernel {
  /** Threads `gradient` runs on, the caller's included. */
  readonly threads: number;
  /** The gradient `gradient` gives, bit for bit, computed on the calling thread alone (the workers wait). */
  gradientOneThread(params: Float64Array, grad: Float64Array): number;
}

/** How many threads a bound kernel runs on: a count (1: the caller's alone), or 'auto' (see threadedLinearKernel). */
export type KernelThreads = number | 'auto';

/** The factories a host with threads registers; null where it cannot share memory now. */
export interface RegressionThreadsHost {
  cores: number;
  linear(
    x: Float64Array,
    y: Float64Array,
    rows: number,
    cols: number,
    loss: LinearLoss,
    threads: number,
  ): (LinearKernel & ThreadedKernel) | null;
  softmax(
    x: Float64Array,
    y: Float64Array,
    rows: number,
    cols: number,
    k: number,
    threads: number,
  ): (SoftmaxKernel & ThreadedKernel) | null;
}

let host: RegressionThreadsHost | null = null;

/**
 * Called once by a host that can run a kernel on several threads synchronously (Node's worker_threads with
 * Atomics.wait on the caller; a browser's main thread may not block, so none registers there).
 *
 * @example
 * registerRegressionThreads({ cores: 2, linear: createLinear, softmax: createSoftmax });
 */
export function registerRegressionThreads(threaded: RegressionThreadsHost): void {
  host = threaded;
}

/**
 * Bytes of rows from which 'auto' starts threads: an epoch over less is a millisecond or so, which the workers'
 * start (tens of milliseconds) and their hand-offs would not repay.
 */
export const MIN_THREADED_BYTES = 4 << 20;

/** The thread count to start for `threads` over `bytes` of rows, or null for the one-thread kernel. */
function threadCount(bytes: number, threads: KernelThreads): number | null {
  if (host === null) return null;
  if (threads === 'auto') return bytes >= MIN_THREADED_BYTES && host.cores > 1 ? host.cores : null;
  return threads > 1 ? threads : null;
}

/**
 * Each gradient on the faster, now, of the caller's thread alone and every thread (fasterKernel: a few epochs
 * on each, then the faster, with the other timed again at most 2% of the time since, or at once when the
 * chosen slows 1.5×), which give the same bits.
 */
function fasterOfBoth<K extends { gradient: LinearKernel['gradient'] } & ThreadedKernel>(
  kernel: K,
  rows: number,
): K {
  if (kernel.threads === 1) return kernel;
  const choice = fasterKernel(
    (p: Float64Array, g: Float64Array) => kernel.gradientOneThread(p, g),
    (p: Float64Array, g: Float64Array) => kernel.gradient(p, g),
  );
  return {
    ...kernel,
    gradient(params, grad) {
      const pass = choice.next();
      const start = performance.now();
      const value = pass(params, grad);
      choice.report(performance.now() - start, rows);
      return value;
    },
  };
}

/**
 * The registered host's linear kernel on `threads` threads, or null where the caller should keep one thread:
 * `threads` is 1, no host registered (a browser, or Node without `downhill/node`), or 'auto' on less than
 * MIN_THREADED_BYTES of rows or one core. With 'auto', every core, each gradient on the faster of one thread
 * and all (the same bits either way).
 *
 * @example
 * const kernel = threadedLinearKernel(x, y, rows, cols, 'logistic', 'auto') ?? createLinearKernel(x, y, rows, cols, 'logistic');
 */
export function threadedLinearKernel(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  loss: LinearLoss,
  threads: KernelThreads,
): LinearKernel | null {
  const count = threadCount(rows * cols * 8, threads);
  if (count === null || host === null) return null;
  const kernel = host.linear(x, y, rows, cols, loss, count);
  return kernel !== null && threads === 'auto' ? fasterOfBoth(kernel, rows) : kernel;
}

/**
 * The registered host's softmax kernel on `threads` threads, or null where the caller should keep one thread
 * (as threadedLinearKernel).
 *
 * @example
 * const kernel = threadedSoftmaxKernel(x, y, rows, cols, 3, 2) ?? createSoftmaxKernel(x, y, rows, cols, 3);
 */
export function threadedSoftmaxKernel(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  k: number,
  threads: KernelThreads,
): SoftmaxKernel | null {
  const count = threadCount(rows * cols * 8, threads);
  if (count === null || host === null) return null;
  const kernel = host.softmax(x, y, rows, cols, k, count);
  return kernel !== null && threads === 'auto' ? fasterOfBoth(kernel, rows) : kernel;
}
