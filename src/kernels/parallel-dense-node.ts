// createParallelDenseKernel: the WebAssembly dense network's passes shared by several Node threads, synchronous to the caller.

import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { DenseKernel, DenseShape } from './dense.js';
import { registerDenseThreads } from './dense-threads.js';
import { denseMemoryLayout, wasmDenseKernel, writeNet } from './dense-wasm-memory.js';
import { wasm } from './wasm-api.js';
import { instantiateKernels, kernelFacts, kernelModule } from './wasm-kernels.js';

/** Control words in shared memory: a generation count, workers finished, a failure flag, then the order. */
const GENERATION = 0;
const FINISHED = 1;
const FAILED = 2;
const OP = 3;
const ROWS = 4;
const LAYER = 5;
const ACCUMULATE = 6;
const FORWARD = 0;
const BACKWARD = 1;
const STOP = 2;
/** How long creation waits for the workers to instantiate the module. */
const WORKER_START_MS = 30_000;
/**
 * How long a thread polls for the next order before it sleeps in Atomics.wait. The gaps between a batch's
 * passes (the loss, the optimizer's step, the next batch's rows) take tens to hundreds of microseconds, about
 * what a wake-up from Atomics.wait costs, so polling for a little longer keeps both threads on the batch.
 */
const SPIN_MS = 2;

/**
 * A worker's whole life, fixed code run as a CommonJS script (the worker gets no execArgv, so no loader or
 * --input-type of the parent's changes that): instantiate the module on the shared memory, report ready,
 * then for every new generation run its share of the order and report done. A failure is posted on `errors`
 * and flagged, so that the caller, blocked in Atomics.wait and deaf to worker events, can throw it.
 */
const WORKER_SOURCE = `
const { workerData: d } = require('node:worker_threads');
const words = new Int32Array(d.memory.buffer, d.control, 8);
const report = () => {
  Atomics.add(words, ${FINISHED}, 1);
  Atomics.notify(words, ${FINISHED});
};
try {
  const k = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  report();
  for (let seen = 0; ; ) {
    const until = performance.now() + ${SPIN_MS};
    while (Atomics.load(words, ${GENERATION}) === seen && performance.now() < until);
    Atomics.wait(words, ${GENERATION}, seen);
    seen = Atomics.load(words, ${GENERATION});
    const op = Atomics.load(words, ${OP});
    if (op === ${STOP}) break;
    const rows = Atomics.load(words, ${ROWS});
    if (op === ${FORWARD}) k.denseForward(d.net, d.thread, rows);
    else k.denseBackward(d.net, d.thread, rows, Atomics.load(words, ${LAYER}), Atomics.load(words, ${ACCUMULATE}));
    report();
  }
} catch (error) {
  d.errors.postMessage(String((error && error.stack) || error));
  Atomics.store(words, ${FAILED}, 1);
  report();
}
d.errors.close();
`;

/**
 * A DenseKernel whose passes `threads` threads share (the caller's and threads − 1 workers), each pass as
 * denseForward and denseBackward split it: forward by rows, backward by bands of units, so every entry is
 * summed exactly as on one thread — outputs and gradient equal createWasmDenseKernel's bit for bit (up to
 * the sign of a zero). The caller copies each chunk into a shared WebAssembly memory, posts the order, runs
 * thread 0's share and waits (Atomics) for the others, so every call stays synchronous. Node only: the core
 * reaches it through the registration in kernels/node.ts. Until `close()` its workers keep the process
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
  const module = kernelModule(true);
  if (wasm === undefined || module === null)
    throw new Error('this host has no WebAssembly SIMD with threads');
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be a whole number ≥ 1, got ${threads}`);
  const layout = denseMemoryLayout(shape, maxRows, threads, kernelFacts(module), backward);
  if (layout === null) throw new RangeError(`the network ${shape.widths.join('-')} does not fit in 4 GiB`);
  const memory = new wasm.Memory({ initial: layout.pages, maximum: layout.pages, shared: true });
  const k = instantiateKernels(module, memory);
  writeNet(memory, layout, k, shape);
  const words = new Int32Array(memory.buffer, layout.control, 8);

  const workers = Array.from({ length: threads - 1 }, (_, index) => {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: {
        module,
        memory,
        control: layout.control,
        net: layout.net,
        thread: index + 1,
        errors: port2,
      },
      transferList: [port2],
    });
    return { worker, errors: port1 };
  });

  const order = (op: number, rows: number, layer: number, accumulate: boolean): void => {
    Atomics.store(words, OP, op);
    Atomics.store(words, ROWS, rows);
    Atomics.store(words, LAYER, layer);
    Atomics.store(words, ACCUMULATE, accumulate ? 1 : 0);
    Atomics.add(words, GENERATION, 1);
    Atomics.notify(words, GENERATION);
  };
  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    order(STOP, 0, 0, false);
    for (const { worker, errors } of workers) {
      errors.close();
      // The loop has been told to stop; terminating as well frees the thread even mid-instantiation.
      void worker.terminate();
    }
  };
  // Waits until every worker has reported, then throws the first failure any of them posted. A worker that
  // dies before its first line runs cannot report; the deadline turns that into an error at creation.
  const awaitWorkers = (deadline = Number.POSITIVE_INFINITY): void => {
    const until = performance.now() + SPIN_MS;
    let finished = Atomics.load(words, FINISHED);
    while (finished < workers.length && performance.now() < until) finished = Atomics.load(words, FINISHED);
    while (finished < workers.length) {
      if (performance.now() > deadline) {
        close();
        throw new Error('the workers of the parallel dense kernel did not start');
      }
      Atomics.wait(words, FINISHED, finished, 1000);
      finished = Atomics.load(words, FINISHED);
    }
    Atomics.store(words, FINISHED, 0);
    if (Atomics.load(words, FAILED) !== 0) {
      const message = workers
        .map(({ errors }) => receiveMessageOnPort(errors)?.message)
        .find((m) => m !== undefined);
      close();
      throw new Error(`a worker of the parallel dense kernel failed: ${String(message ?? 'no message')}`);
    }
  };
  try {
    awaitWorkers(performance.now() + WORKER_START_MS);
  } catch (error) {
    close();
    throw error;
  }
  return wasmDenseKernel(shape, layout, memory, {
    forward(rows) {
      order(FORWARD, rows, 0, false);
      k.denseForward(layout.net, 0, rows);
      awaitWorkers();
    },
    backward(rows, layer, accumulate) {
      order(BACKWARD, rows, layer, accumulate);
      k.denseBackward(layout.net, 0, rows, layer, accumulate ? 1 : 0);
      awaitWorkers();
    },
    close,
  });
}

// Without SharedArrayBuffer (a host that withholds it) or the shared module, the caller keeps one thread.
registerDenseThreads(
  (shape, maxRows, threads, backward) =>
    typeof SharedArrayBuffer === 'undefined' || kernelModule(true) === null
      ? null
      : createParallelDenseKernel(shape, maxRows, { threads, backward }),
  availableParallelism(),
);
