// createParallelLinearKernel: the WebAssembly linear kernel on several Node threads, synchronous to its caller.

import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { checkData, checkParams } from './check-shapes.js';
import type { LinearKernel } from './linear-kernel.js';
import {
  type LinearLoss,
  linearMemoryLayout,
  linearRowsCalls,
  readSlots,
  runLinearRows,
  writeLinearData,
  writeParams,
} from './linear-wasm-memory.js';
import { wasm } from './wasm-api.js';
import { instantiateKernels, kernelFacts, kernelModule } from './wasm-kernels.js';

export interface ParallelLinearOptions {
  /** Threads in all, the caller's included; default: the machine's available parallelism. */
  threads?: number;
  /** Linear regression's squared error (default) or logistic regression's cross-entropy. */
  loss?: LinearLoss;
}

/** Control words in shared memory. */
const GENERATION = 0;
const FINISHED = 1;
const FAILED = 2;
const STOPPED = -1;
/** How long creation waits for the workers to instantiate the module. */
const WORKER_START_MS = 30_000;

/**
 * A worker's whole life, fixed code run as a CommonJS script (the worker gets no execArgv, so no loader or
 * --input-type of the parent's changes that): instantiate the module on the shared memory, report ready,
 * then for every new generation compute its rows into its own slot and report done. A failure is posted on
 * `errors` and flagged, so that the caller, blocked in Atomics.wait and deaf to worker events, can throw it.
 */
const WORKER_SOURCE = `
const { workerData: d } = require('node:worker_threads');
const words = new Int32Array(d.memory.buffer, d.control, 4);
const report = () => {
  Atomics.add(words, ${FINISHED}, 1);
  Atomics.notify(words, ${FINISHED});
};
try {
  const run = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports.linearRows;
  const slot = new Float64Array(d.memory.buffer, d.slot, d.slotValues);
  report();
  for (let seen = 0; ; ) {
    Atomics.wait(words, ${GENERATION}, seen);
    seen = Atomics.load(words, ${GENERATION});
    if (seen === ${STOPPED}) break;
    slot.fill(0);
    for (const call of d.calls) run(...call);
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
 * Copies x and y once into a shared WebAssembly memory and splits every gradient by rows: each of
 * `threads − 1` workers reduces its block into its own slot while the calling thread does the first block,
 * then waits (Atomics.wait) for the others and adds the slots, so `gradient` stays synchronous. Equal to
 * `linearGradient` up to rounding. Node only: nothing in the core imports this file; Node entry points take it
 * from kernels/node.ts. The workers are unreferenced, so an unclosed kernel does not keep the process alive;
 * `close()` ends them and lets the memory go.
 *
 * @example
 * const x = Float64Array.of(1, 2, 3, 4);
 * const y = Float64Array.of(3, 5, 7, 9); // y = 2x + 1
 * const kernel = createParallelLinearKernel(x, y, 4, 1, { threads: 2 });
 * try {
 *   const grad = new Float64Array(2);
 *   console.log(kernel.gradient(Float64Array.of(2, 1), grad)); // 0: the line fits exactly
 * } finally {
 *   kernel.close();
 * }
 */
export function createParallelLinearKernel(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  { threads = availableParallelism(), loss = 'squared' }: ParallelLinearOptions = {},
): LinearKernel {
  const module = kernelModule(true);
  if (wasm === undefined || module === null)
    throw new Error('this host has no WebAssembly SIMD with threads');
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be a whole number ≥ 1, got ${threads}`);
  checkData(x, y, rows, cols);
  const layout = linearMemoryLayout(rows, cols, threads, kernelFacts(module).heapBase);
  const memory = new wasm.Memory({ initial: layout.pages, maximum: layout.pages, shared: true });
  const kernels = instantiateKernels(module, memory);
  const code = kernels.loss[loss];
  const heap = new Float64Array(memory.buffer);
  const words = new Int32Array(memory.buffer, layout.control, 4);
  writeLinearData(heap, layout, x, y);

  // Blocks of an even number of rows, so every thread but the last runs whole two-row passes.
  const block = 2 * Math.ceil(rows / threads / 2);
  const first = Math.min(rows, block);
  const errorPorts = Array.from({ length: threads - 1 }, (_, index) => {
    const t = index + 1;
    const start = Math.min(rows, t * block);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: {
        module,
        memory,
        control: layout.control,
        slot: layout.slots + t * layout.slotBytes,
        slotValues: layout.stride + 2,
        calls: linearRowsCalls(
          layout,
          start,
          Math.min(rows, start + block) - start,
          layout.slots + t * layout.slotBytes,
          code,
        ),
        errors: port2,
      },
      transferList: [port2],
    });
    worker.unref();
    return port1;
  });

  const firstCalls = linearRowsCalls(layout, 0, first, layout.slots, code);
  let open: Float64Array | null = heap;
  const close = (): void => {
    if (open === null) return;
    open = null;
    Atomics.store(words, GENERATION, STOPPED);
    Atomics.notify(words, GENERATION);
    for (const port of errorPorts) port.close();
  };
  // Waits until every worker has reported, then throws the first failure any of them posted. A worker that
  // dies before its first line runs cannot report; the deadline turns that into an error at creation.
  const awaitWorkers = (deadline = Number.POSITIVE_INFINITY): void => {
    for (let finished = Atomics.load(words, FINISHED); finished < errorPorts.length; ) {
      if (performance.now() > deadline) {
        close();
        throw new Error('the workers of the parallel linear kernel did not start');
      }
      Atomics.wait(words, FINISHED, finished, 1000);
      finished = Atomics.load(words, FINISHED);
    }
    Atomics.store(words, FINISHED, 0);
    if (Atomics.load(words, FAILED) !== 0) {
      const message = errorPorts
        .map((port) => receiveMessageOnPort(port)?.message)
        .find((m) => m !== undefined);
      close();
      throw new Error(`a worker of the parallel linear kernel failed: ${String(message ?? 'no message')}`);
    }
  };
  awaitWorkers(performance.now() + WORKER_START_MS);

  return {
    rows,
    cols,
    gradient(params, grad) {
      if (open === null) throw new Error('this linear kernel is closed');
      checkParams(cols, params, grad);
      writeParams(open, layout, params);
      Atomics.add(words, GENERATION, 1);
      Atomics.notify(words, GENERATION);
      runLinearRows(kernels, open, layout, layout.slots, firstCalls);
      awaitWorkers();
      return readSlots(open, layout, threads, grad);
    },
    close,
  };
}
