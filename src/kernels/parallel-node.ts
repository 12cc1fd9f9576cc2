// createParallelLinearKernel and createParallelSoftmaxKernel: the WebAssembly regression kernels on several Node threads, synchronous to their caller (registered for fit on import).

import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { checkData, checkParams } from './check-shapes.js';
import type { LinearKernel } from './linear-kernel.js';
import {
  FEED_WORKER_SOURCE,
  type FeedTask,
  feedTask,
  type LinearLoss,
  linearMemoryLayout,
  linearPartRuns,
  type PartRun,
  type RowRegions,
  readSlots,
  rowFeeds,
  runParts,
  stopFeeds,
  writeParams,
  writeRowData,
} from './linear-wasm-memory.js';
import { registerRegressionThreads, type ThreadedKernel } from './regression-threads.js';
import type { SoftmaxKernel } from './softmax-kernel.js';
import {
  readSoftmaxCorrect,
  readSoftmaxSlots,
  softmaxMemoryLayout,
  softmaxPartRuns,
  writeSoftmaxParams,
} from './softmax-wasm-memory.js';
import { type WasmMemory, type WasmModule, wasm } from './wasm-api.js';
import { instantiateKernels, type KernelExports, kernelFacts, kernelModule } from './wasm-kernels.js';

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
/** The next part of the rows to claim this generation: every thread takes parts by Atomics.add until none is left. */
const NEXT = 3;
const STOPPED = -1;
/** How long creation waits for the workers to instantiate the module. */
const WORKER_START_MS = 30_000;

/**
 * A worker's whole life, fixed code run as a CommonJS script (the worker gets no execArgv, so no loader or
 * --input-type of the parent's changes that): instantiate the module on the shared memory, tile its own rows
 * as the caller feeds them (writeRowData), report ready, then for every new generation claim parts one at a time
 * (NEXT), clear each claimed part's slot, run the part's calls of the kernel export `d.kernel` into it, and report
 * done once none is left. A failure is posted on
 * `errors` and flagged, so that the caller, blocked in Atomics.wait and deaf to worker events, can throw it.
 * Exported for its test, which drives one worker by hand.
 */
export const WORKER_SOURCE = `
const { workerData: d } = require('node:worker_threads');
const words = new Int32Array(d.memory.buffer, d.control, 4);
const report = () => {
  Atomics.add(words, ${FINISHED}, 1);
  Atomics.notify(words, ${FINISHED});
};
try {
  const exports = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  const run = exports[d.kernel];
  const heap = new Float64Array(d.memory.buffer);
  if (d.feed) tileFeed(d.feed, exports.tileRows, d.memory.buffer);
  report();
  for (let seen = 0; ; ) {
    // Only a changed generation ends the wait: a late notify (the caller's, for a generation this worker has
    // already run) wakes it with nothing new to do, and running again would report twice.
    while (Atomics.load(words, ${GENERATION}) === seen) Atomics.wait(words, ${GENERATION}, seen);
    seen = Atomics.load(words, ${GENERATION});
    if (seen === ${STOPPED}) break;
    for (let i; (i = Atomics.add(words, ${NEXT}, 1)) < d.runs.length; ) {
      const part = d.runs[i];
      heap.fill(0, part.slot / 8, part.slot / 8 + part.slotValues);
      for (const call of part.calls) run(...call);
    }
    report();
  }
} catch (error) {
  d.errors.postMessage(String((error && error.stack) || error));
  Atomics.store(words, ${FAILED}, 1);
  report();
}
d.errors.close();
${FEED_WORKER_SOURCE}
`;

/** The workers of one parallel kernel, driven synchronously from the calling thread. */
interface Crew {
  /** Waits until every worker has tiled its rows and is ready, or throws why one is not. */
  ready(): void;
  /** writeRowData's `stalled`: throws when a worker failed, or has not moved for the start-up's deadline. */
  stalled(waitedMs: number): void;
  /**
   * Starts a generation on every worker, runs `part(i)` on this thread for each part it claims meanwhile, then
   * waits for the workers.
   */
  run(part: (index: number) => void): void;
  close(): void;
  readonly closed: boolean;
}

/**
 * Starts `workers` workers on `memory` (shared, with the control words at byte `control`), each tiling the rows of
 * its feed (feedTask) and then running the module's export `kernel` on the parts of `runs` it claims; ready()
 * waits for them. The workers
 * are unreferenced, so an unclosed kernel does not keep the process alive; `close()` ends them and lets the memory go.
 */
function startCrew(
  module: WasmModule,
  memory: WasmMemory,
  control: number,
  kernel: 'linearRows' | 'softmaxRows',
  runs: readonly PartRun<readonly number[]>[],
  workers: number,
  what: string,
  feeds: readonly FeedTask[],
): Crew {
  const words = new Int32Array(memory.buffer, control, 4);
  const errorPorts = Array.from({ length: workers }, (_, i) => {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { module, memory, control, kernel, runs, feed: feeds[i], errors: port2 },
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
    stopFeeds(
      memory.buffer,
      feeds.map((feed) => feed.at),
    );
    for (const port of errorPorts) port.close();
  };
  const fail = (): never => {
    const message = errorPorts
      .map((port) => receiveMessageOnPort(port)?.message)
      .find((m) => m !== undefined);
    close();
    throw new Error(`a worker of the parallel ${what} kernel failed: ${String(message ?? 'no message')}`);
  };
  const notStarted = (): never => {
    close();
    throw new Error(`the workers of the parallel ${what} kernel did not start`);
  };
  // Waits until every worker has reported, then throws the first failure any of them posted. A worker that
  // dies before its first line runs cannot report; the deadline turns that into an error at creation.
  const awaitWorkers = (deadline = Number.POSITIVE_INFINITY): void => {
    for (let finished = Atomics.load(words, FINISHED); finished < errorPorts.length; ) {
      if (performance.now() > deadline) notStarted();
      Atomics.wait(words, FINISHED, finished, 1000);
      finished = Atomics.load(words, FINISHED);
    }
    Atomics.store(words, FINISHED, 0);
    if (Atomics.load(words, FAILED) !== 0) fail();
  };
  return {
    ready: () => awaitWorkers(performance.now() + WORKER_START_MS),
    stalled(waitedMs) {
      if (Atomics.load(words, FAILED) !== 0) fail();
      if (waitedMs > WORKER_START_MS) notStarted();
    },
    run(part) {
      Atomics.store(words, NEXT, 0);
      Atomics.add(words, GENERATION, 1);
      Atomics.notify(words, GENERATION);
      for (let i = Atomics.add(words, NEXT, 1); i < runs.length; i = Atomics.add(words, NEXT, 1)) part(i);
      awaitWorkers();
    },
    close,
    get closed() {
      return closed;
    },
  };
}

/**
 * Workers besides the caller for `threads` threads on `parts` parts (never more threads than parts). Each thread
 * claims parts one at a time, so a thread that the machine's other work holds up leaves its parts to the others
 * (an even split waited for the slowest thread: 2-thread epochs ranged 1.5× under load).
 */
const workersFor = (threads: number, parts: number): number => Math.min(threads, parts) - 1;

/**
 * Copies x and y once into a shared WebAssembly memory and shares every gradient among `threads` threads by
 * parts of the rows (rowParts): every thread, the caller's too, claims parts one at a time and sums each into
 * its slot, then the caller waits (Atomics.wait) for the others and adds the slots in order, so `gradient`
 * stays synchronous and its bits do not depend on the thread count — `gradientOneThread` runs every part on the
 * caller and gives the same bits, as does createWasmLinearKernel. Equal to `linearGradient` (or
 * `logisticGradient`) up to rounding. Node only: nothing in the core imports this file; Node entry points take
 * it from kernels/node.ts. The workers are unreferenced, so an unclosed kernel does not keep the process alive;
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
): LinearKernel & ThreadedKernel {
  const module = kernelModule(true);
  if (wasm === undefined || module === null)
    throw new Error('this host has no WebAssembly SIMD with threads');
  checkThreads(threads);
  checkData(x, y, rows, cols);
  const layout = linearMemoryLayout(rows, cols, kernelFacts(module).heapBase, threads);
  const memory = new wasm.Memory({ initial: layout.pages, maximum: layout.pages, shared: true });
  const kernels = instantiateKernels(module, memory);
  const heap = new Float64Array(memory.buffer);
  const runs = linearPartRuns(layout, kernels.loss[loss]);
  const workers = workersFor(threads, runs.length);
  const crew = setUpRows(
    module,
    memory,
    layout,
    x,
    y,
    kernels.tileRows,
    'linearRows',
    runs,
    workers,
    'linear',
  );
  const pass = (all: boolean, params: Float64Array, grad: Float64Array): number => {
    if (crew.closed) throw new Error('this linear kernel is closed');
    checkParams(cols, params, grad);
    writeParams(heap, layout, params);
    if (all) runParts(heap, runs, kernels.linearRows);
    else crew.run((i) => runParts(heap, [runs[i]!], kernels.linearRows));
    return readSlots(heap, layout, grad);
  };
  return {
    rows,
    cols,
    threads: workers + 1,
    gradient: (params, grad) => pass(false, params, grad),
    gradientOneThread: (params, grad) => pass(true, params, grad),
    close: crew.close,
  };
}

/**
 * The softmax kernel (see createSoftmaxKernel) on `threads` threads in all, the caller's included, shared by parts
 * of the rows as createParallelLinearKernel shares them (the same bits on any thread count, and from
 * `gradientOneThread`): softmax regression with k classes does k times the arithmetic of a linear model per
 * row, so a second core helps it most. Equal to `softmaxGradient` up to rounding. Node only.
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
): SoftmaxKernel & ThreadedKernel {
  const module = kernelModule(true);
  if (wasm === undefined || module === null)
    throw new Error('this host has no WebAssembly SIMD with threads');
  checkThreads(threads);
  checkData(x, y, rows, cols);
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be a whole number ≥ 2, got ${k}`);
  const layout = softmaxMemoryLayout(rows, cols, k, kernelFacts(module).heapBase, threads);
  const memory = new wasm.Memory({ initial: layout.pages, maximum: layout.pages, shared: true });
  const kernels = instantiateKernels(module, memory);
  const heap = new Float64Array(memory.buffer);
  const runs = softmaxPartRuns(layout);
  const workers = workersFor(threads, runs.length);
  const crew = setUpRows(
    module,
    memory,
    layout,
    x,
    y,
    kernels.tileRows,
    'softmaxRows',
    runs,
    workers,
    'softmax',
  );
  const size = k * cols + k;
  const pass = (all: boolean, params: Float64Array, grad: Float64Array): number => {
    if (crew.closed) throw new Error('this softmax kernel is closed');
    if (params.length !== size || grad.length !== size)
      throw new RangeError(`softmax kernel: params and grad need ${size} values`);
    writeSoftmaxParams(heap, layout, params);
    if (all) runParts(heap, runs, kernels.softmaxRows);
    else crew.run((i) => runParts(heap, [runs[i]!], kernels.softmaxRows));
    return readSoftmaxSlots(heap, layout, grad);
  };
  return {
    threads: workers + 1,
    gradient: (params, grad) => pass(false, params, grad),
    gradientOneThread: (params, grad) => pass(true, params, grad),
    correct() {
      if (crew.closed) throw new Error('this softmax kernel is closed');
      return readSoftmaxCorrect(heap, layout);
    },
    close: crew.close,
  };
}

/**
 * Starts the crew and copies x and y into the memory meanwhile: the caller tiles the rows of its share of the
 * parts while each worker, once started, tiles the rows of its share as the caller feeds them (writeRowData), so
 * the copy runs on every thread. Returns once every worker is ready.
 */
function setUpRows(
  module: WasmModule,
  memory: WasmMemory,
  layout: RowRegions & { control: number; parts: readonly (readonly [number, number])[] },
  x: Float64Array,
  y: Float64Array,
  tileRows: KernelExports['tileRows'],
  kernel: 'linearRows' | 'softmaxRows',
  runs: readonly PartRun<readonly number[]>[],
  workers: number,
  what: string,
): Crew {
  const feeds = rowFeeds(layout.parts, workers + 1);
  const tasks = feeds.map((feed, i) => feedTask(layout, feed, i));
  const crew = startCrew(module, memory, layout.control, kernel, runs, workers, what, tasks);
  try {
    writeRowData(new Float64Array(memory.buffer), layout, x, y, tileRows, feeds, crew.stalled);
  } catch (error) {
    crew.close();
    throw error;
  }
  crew.ready();
  return crew;
}

function checkThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be a whole number ≥ 1, got ${threads}`);
}

// As the dense kernel's registration: without SharedArrayBuffer or the shared module, the caller keeps one thread.
const canShare = (): boolean => typeof SharedArrayBuffer !== 'undefined' && kernelModule(true) !== null;
registerRegressionThreads({
  cores: availableParallelism(),
  linear: (x, y, rows, cols, loss, threads) =>
    canShare() ? createParallelLinearKernel(x, y, rows, cols, { threads, loss }) : null,
  softmax: (x, y, rows, cols, k, threads) =>
    canShare() ? createParallelSoftmaxKernel(x, y, rows, cols, k, { threads }) : null,
});
