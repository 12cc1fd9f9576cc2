// createParallelLinearKernel and createParallelSoftmaxKernel: the WebAssembly regression kernels on several Node threads, synchronous to their caller.

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
  TILE_ROWS,
  writeParams,
  writeRowData,
} from './linear-wasm-memory.js';
import type { SoftmaxKernel } from './softmax-kernel.js';
import {
  readSoftmaxSlots,
  softmaxMemoryLayout,
  softmaxRowsCalls,
  writeSoftmaxParams,
} from './softmax-wasm-memory.js';
import { type WasmMemory, type WasmModule, wasm } from './wasm-api.js';
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
 * then for every new generation clear its own slot, run its calls of the kernel export `d.kernel` into it
 * and report done. A failure is posted on
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
  const run = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports[d.kernel];
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

/** One worker's share: its slot (byte address and float64 values cleared each generation) and its kernel calls. */
interface WorkerShare {
  slot: number;
  slotValues: number;
  calls: readonly (readonly number[])[];
}

/** The workers of one parallel kernel, driven synchronously from the calling thread. */
interface Crew {
  /** Starts a generation on every worker, runs `own` on this thread meanwhile, then waits for the workers. */
  run(own: () => void): void;
  close(): void;
  readonly closed: boolean;
}

/**
 * Starts one worker per share on `memory` (shared, with the control words at byte `control`), each running the
 * module's export `kernel`, and waits until they are ready. The workers are unreferenced, so an unclosed kernel
 * does not keep the process alive; `close()` ends them and lets the memory go.
 */
function startCrew(
  module: WasmModule,
  memory: WasmMemory,
  control: number,
  kernel: 'linearRows' | 'softmaxRows',
  shares: readonly WorkerShare[],
  what: string,
): Crew {
  const words = new Int32Array(memory.buffer, control, 4);
  const errorPorts = shares.map((share) => {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { module, memory, control, kernel, ...share, errors: port2 },
      transferList: [port2],
    });
    worker.unref();
    return port1;
  });
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
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
        throw new Error(`the workers of the parallel ${what} kernel did not start`);
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
      throw new Error(`a worker of the parallel ${what} kernel failed: ${String(message ?? 'no message')}`);
    }
  };
  awaitWorkers(performance.now() + WORKER_START_MS);
  return {
    run(own) {
      Atomics.add(words, GENERATION, 1);
      Atomics.notify(words, GENERATION);
      own();
      awaitWorkers();
    },
    close,
    get closed() {
      return closed;
    },
  };
}

/** Row blocks of whole tiles (TILE_ROWS rows), so each thread starts at a tile's edge: [start, count]. */
function rowBlocks(rows: number, threads: number): [number, number][] {
  const block = TILE_ROWS * Math.ceil(rows / threads / TILE_ROWS);
  return Array.from({ length: threads }, (_, t) => {
    const start = Math.min(rows, t * block);
    return [start, Math.min(rows, start + block) - start];
  });
}

/**
 * Copies x and y once into a shared WebAssembly memory and splits every gradient by rows: each of
 * `threads − 1` workers reduces its block into its own slot while the calling thread does the first block,
 * then waits (Atomics.wait) for the others and adds the slots, so `gradient` stays synchronous. Equal to
 * `linearGradient` (or `logisticGradient`) up to rounding. Node only: nothing in the core imports this file; Node
 * entry points take it from kernels/node.ts. The workers are unreferenced, so an unclosed kernel does not keep
 * the process alive; `close()` ends them and lets the memory go.
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
  checkThreads(threads);
  checkData(x, y, rows, cols);
  const layout = linearMemoryLayout(rows, cols, threads, kernelFacts(module).heapBase);
  const memory = new wasm.Memory({ initial: layout.pages, maximum: layout.pages, shared: true });
  const kernels = instantiateKernels(module, memory);
  const code = kernels.loss[loss];
  const heap = new Float64Array(memory.buffer);
  writeRowData(heap, layout, x, y);
  const blocks = rowBlocks(rows, threads);
  const slot = (t: number): number => layout.slots + t * layout.slotBytes;
  const crew = startCrew(
    module,
    memory,
    layout.control,
    'linearRows',
    blocks.slice(1).map(([start, count], index) => ({
      slot: slot(index + 1),
      slotValues: layout.stride + 2,
      calls: linearRowsCalls(layout, start, count, slot(index + 1), code),
    })),
    'linear',
  );
  const firstCalls = linearRowsCalls(layout, 0, blocks[0]![1], layout.slots, code);
  return {
    rows,
    cols,
    gradient(params, grad) {
      if (crew.closed) throw new Error('this linear kernel is closed');
      checkParams(cols, params, grad);
      writeParams(heap, layout, params);
      crew.run(() => runLinearRows(kernels, heap, layout, layout.slots, firstCalls));
      return readSlots(heap, layout, threads, grad);
    },
    close: crew.close,
  };
}

/**
 * The softmax kernel (see createSoftmaxKernel) on `threads` threads in all, the caller's included, split by rows
 * as createParallelLinearKernel splits them: softmax regression with k classes does k times the arithmetic of
 * a linear model per row, so a second core helps it most. Equal to `softmaxGradient` up to rounding. Node only.
 *
 * @example
 * const x = Float64Array.of(1, 2, 3, 4);
 * const y = Float64Array.of(0, 1, 1, 0);
 * const kernel = createParallelSoftmaxKernel(x, y, 4, 1, 2, { threads: 2 });
 * try {
 *   const grad = new Float64Array(4);
 *   console.log(kernel.gradient(new Float64Array(4), grad)); // 2.77…: 4 ln 2, every class at ½
 * } finally {
 *   kernel.close();
 * }
 */
export function createParallelSoftmaxKernel(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  k: number,
  { threads = availableParallelism() }: { threads?: number } = {},
): SoftmaxKernel {
  const module = kernelModule(true);
  if (wasm === undefined || module === null)
    throw new Error('this host has no WebAssembly SIMD with threads');
  checkThreads(threads);
  checkData(x, y, rows, cols);
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be a whole number ≥ 2, got ${k}`);
  const layout = softmaxMemoryLayout(rows, cols, k, threads, kernelFacts(module).heapBase);
  const memory = new wasm.Memory({ initial: layout.pages, maximum: layout.pages, shared: true });
  const kernels = instantiateKernels(module, memory);
  const heap = new Float64Array(memory.buffer);
  writeRowData(heap, layout, x, y);
  const blocks = rowBlocks(rows, threads);
  const slot = (t: number): number => layout.slots + t * layout.slotBytes;
  const crew = startCrew(
    module,
    memory,
    layout.control,
    'softmaxRows',
    blocks.slice(1).map(([start, count], index) => ({
      slot: slot(index + 1),
      slotValues: layout.slotValues,
      calls: softmaxRowsCalls(layout, start, count, slot(index + 1)),
    })),
    'softmax',
  );
  const firstCalls = softmaxRowsCalls(layout, 0, blocks[0]![1], layout.slots);
  const size = k * cols + k;
  return {
    gradient(params, grad) {
      if (crew.closed) throw new Error('this softmax kernel is closed');
      if (params.length !== size || grad.length !== size)
        throw new RangeError(`softmax kernel: params and grad need ${size} values`);
      writeSoftmaxParams(heap, layout, params);
      crew.run(() => {
        heap.fill(0, layout.slots / 8, layout.slots / 8 + layout.slotValues);
        for (const call of firstCalls) kernels.softmaxRows(...call);
      });
      return readSoftmaxSlots(heap, layout, threads, grad);
    },
    close: crew.close,
  };
}

function checkThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be a whole number ≥ 1, got ${threads}`);
}
