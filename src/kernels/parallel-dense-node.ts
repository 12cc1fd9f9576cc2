// createParallelDenseKernel: the WebAssembly dense network's passes shared by several Node threads, synchronous to the caller.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DenseKernel, DenseShape } from './dense.js';
import { DENSE_HELPER_SOURCE, sharedDenseKernel } from './dense-thread-protocol.js';
import { registerDenseThreads } from './dense-threads.js';
import { kernelModule } from './wasm-kernels.js';

/**
 * A helper's whole life as a CommonJS script (the worker gets no execArgv, so no loader or --input-type of
 * the parent's changes that): the shared loop on the kernel it was started for.
 */
const WORKER_SOURCE = `${DENSE_HELPER_SOURCE}\nrunDenseHelper(require('node:worker_threads').workerData);\n`;

/**
 * A DenseKernel whose passes `threads` threads share, the caller's and threads − 1 Node workers started for
 * it, under the protocol of dense-thread-protocol.ts (sharedDenseKernel): outputs and gradient equal
 * createWasmDenseKernel's bit for bit (up to the sign of a zero), every call synchronous. Node only: the
 * core reaches it through the registration in kernels/node.ts. Until `close()` its workers keep the process
 * alive, as an open server would; fit() closes the kernels it makes before it returns or throws. Throws
 * where the host has no WebAssembly SIMD with threads.
 *
 * @example
 * const kernel = createParallelDenseKernel({ widths: [784, 128, 10], activation: 'relu' }, 256, { threads: 2 });
 * try {
 *   kernel.load(params);
 *   const logits = kernel.forward(x, 0, 128);
 * } finally {
 *   kernel.close();
 * }
 */
export function createParallelDenseKernel(
  shape: DenseShape,
  maxRows: number,
  { threads = availableParallelism(), backward = true }: { threads?: number; backward?: boolean } = {},
): DenseKernel {
  // Node starts a worker for every helper, so the launch never comes back empty.
  return sharedDenseKernel(shape, maxRows, threads, backward, (inits) => {
    const workers = inits.map(
      (workerData) => new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData }),
    );
    return {
      end() {
        // The loop has been told to stop; terminating as well frees the thread even mid-instantiation.
        for (const worker of workers) void worker.terminate();
      },
    };
  })!;
}

// Without SharedArrayBuffer (a host that withholds it) or the shared module, the caller keeps one thread.
registerDenseThreads(
  (shape, maxRows, threads, backward) =>
    typeof SharedArrayBuffer === 'undefined' || kernelModule(true) === null
      ? null
      : createParallelDenseKernel(shape, maxRows, { threads, backward }),
  availableParallelism(),
);
