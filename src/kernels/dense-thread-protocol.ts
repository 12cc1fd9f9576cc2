// The dense kernel's thread protocol, the same on every host: the helpers' loop, the caller's orders over shared memory, and the kernel built on them.

import type { DenseKernel, DenseShape } from './dense.js';
import {
  CONTROL_WORDS,
  type DenseMemoryLayout,
  denseMemoryLayout,
  FAILURE_BYTES,
  wasmDenseKernel,
  writeNet,
} from './dense-wasm-memory.js';
import { type WasmMemory, type WasmModule, wasm } from './wasm-api.js';
import { instantiateKernels, kernelFacts, kernelModule } from './wasm-kernels.js';

/**
 * The control words in shared memory (Int32 indices): a generation count, helpers finished, a failure flag,
 * the order (op, rows, layer, accumulate), and the byte length of the failure's text.
 */
export const CONTROL = {
  GENERATION: 0,
  FINISHED: 1,
  FAILED: 2,
  OP: 3,
  ROWS: 4,
  LAYER: 5,
  ACCUMULATE: 6,
  FAILURE_LENGTH: 7,
} as const;
/** The orders: a share of a forward pass, of a backward stage, or leave the loop. */
export const ORDER = { FORWARD: 0, BACKWARD: 1, STOP: 2 } as const;
/**
 * How long a thread polls for the next order before it sleeps in Atomics.wait. The gaps between a batch's
 * passes (the loss, the optimizer's step, the next batch's rows) take tens to hundreds of microseconds, about
 * what a wake-up from Atomics.wait costs, so polling for a little longer keeps both threads on the batch.
 */
export const SPIN_MS = 2;
/** How long creation waits for the helpers to instantiate the module. */
const HELPER_START_MS = 30_000;

/** What a helper thread is handed for one kernel: all of it structured-cloneable (the memory is shared). */
export interface DenseHelperInit {
  module: WasmModule;
  memory: WasmMemory;
  /** Byte address of the control words, of the network's description, and of the failure's text. */
  control: number;
  net: number;
  failure: number;
  /** 1 … threads − 1: the share of each pass this helper runs (the caller runs share 0). */
  thread: number;
}

/**
 * The helpers' loop, as JavaScript source declaring `runDenseHelper(init)`: fixed code that a host runs as
 * it can start a thread (Node's `eval` worker, a browser's worker from a Blob), so that no bundler or loader
 * stands between it and the thread. It instantiates the module on the shared memory, reports ready, then
 * for each new generation runs its share of the order and reports done, until STOP, when it returns (a
 * browser helper then waits for its next kernel). A failure's text goes into shared memory and the failure
 * is flagged: the caller, blocked in Atomics.wait and deaf to messages, reads it there and throws it.
 */
export const DENSE_HELPER_SOURCE = `
function runDenseHelper(d) {
  const words = new Int32Array(d.memory.buffer, d.control, ${CONTROL_WORDS});
  const report = () => {
    Atomics.add(words, ${CONTROL.FINISHED}, 1);
    Atomics.notify(words, ${CONTROL.FINISHED});
  };
  try {
    const k = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
    report();
    for (let seen = 0; ; ) {
      const until = performance.now() + ${SPIN_MS};
      while (Atomics.load(words, ${CONTROL.GENERATION}) === seen && performance.now() < until);
      // A wake-up proves nothing: the caller's notify can come late, after this helper has seen the new
      // generation by polling, run it and gone to sleep, so only a changed generation ends the wait.
      while (Atomics.load(words, ${CONTROL.GENERATION}) === seen) Atomics.wait(words, ${CONTROL.GENERATION}, seen);
      seen = Atomics.load(words, ${CONTROL.GENERATION});
      const op = Atomics.load(words, ${CONTROL.OP});
      if (op === ${ORDER.STOP}) return;
      const rows = Atomics.load(words, ${CONTROL.ROWS});
      if (op === ${ORDER.FORWARD}) k.denseForward(d.net, d.thread, rows);
      else k.denseBackward(d.net, d.thread, rows, Atomics.load(words, ${CONTROL.LAYER}), Atomics.load(words, ${CONTROL.ACCUMULATE}));
      report();
    }
  } catch (error) {
    if (Atomics.compareExchange(words, ${CONTROL.FAILED}, 0, 1) === 0) {
      const text = new TextEncoder().encode(String((error && error.stack) || error)).subarray(0, ${FAILURE_BYTES});
      new Uint8Array(d.memory.buffer, d.failure, text.length).set(text);
      Atomics.store(words, ${CONTROL.FAILURE_LENGTH}, text.length);
    }
    report();
  }
}
`;

/** The helpers a host started for one kernel; `end` runs after they were told to stop (or failed). */
export interface DenseHelperGroup {
  end(): void;
}

/**
 * How a host hands a kernel's shares to helper threads: start one helper per init (or take idle ones) and
 * return their group, or null when it cannot now (the caller then keeps one thread). `abandon` closes the
 * kernel, for a host that must end its helpers while a kernel still holds them.
 */
export type DenseHelperLauncher = (
  inits: readonly DenseHelperInit[],
  abandon: () => void,
) => DenseHelperGroup | null;

/** The caller's side of the protocol over one layout's control words. */
export interface DenseOrders {
  /** Posts an order: its words first, then a new generation, which wakes the helpers. */
  order(op: number, rows: number, layer: number, accumulate: boolean): void;
  /**
   * Waits until `helpers` have reported (spinning SPIN_MS first), then clears the count: `failed` is the
   * text of a helper's failure, if one flagged it; `timedOut` says `deadline` (performance.now ms) passed first.
   */
  collect(helpers: number, deadline?: number): { failed: string | null; timedOut: boolean };
}

/**
 * The orders and the collection of reports over the control words at `layout.control` in `memory`.
 *
 * @example
 * const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
 * const orders = denseOrders(memory, { control: 0, failure: 64 });
 * orders.order(ORDER.FORWARD, 128, 0, false); // the helpers each run their share, then report
 */
export function denseOrders(
  memory: WasmMemory,
  layout: Pick<DenseMemoryLayout, 'control' | 'failure'>,
): DenseOrders {
  const words = new Int32Array(memory.buffer, layout.control, CONTROL_WORDS);
  return {
    order(op, rows, layer, accumulate) {
      Atomics.store(words, CONTROL.OP, op);
      Atomics.store(words, CONTROL.ROWS, rows);
      Atomics.store(words, CONTROL.LAYER, layer);
      Atomics.store(words, CONTROL.ACCUMULATE, accumulate ? 1 : 0);
      Atomics.add(words, CONTROL.GENERATION, 1);
      Atomics.notify(words, CONTROL.GENERATION);
    },
    collect(helpers, deadline = Number.POSITIVE_INFINITY) {
      const until = performance.now() + SPIN_MS;
      let finished = Atomics.load(words, CONTROL.FINISHED);
      while (finished < helpers && performance.now() < until)
        finished = Atomics.load(words, CONTROL.FINISHED);
      while (finished < helpers) {
        if (performance.now() > deadline) return { failed: null, timedOut: true };
        Atomics.wait(words, CONTROL.FINISHED, finished, 1000);
        finished = Atomics.load(words, CONTROL.FINISHED);
      }
      Atomics.store(words, CONTROL.FINISHED, 0);
      if (Atomics.load(words, CONTROL.FAILED) === 0) return { failed: null, timedOut: false };
      // Copied out first: TextDecoder reads no view of shared memory.
      const length = Atomics.load(words, CONTROL.FAILURE_LENGTH);
      const bytes = new Uint8Array(length);
      bytes.set(new Uint8Array(memory.buffer, layout.failure, length));
      return { failed: new TextDecoder().decode(bytes) || 'no message', timedOut: false };
    },
  };
}

/**
 * A DenseKernel whose passes `threads` threads share (the caller's and threads − 1 helpers from `launch`),
 * each pass as denseForward and denseBackward split it: forward by rows, backward by bands of units, so every
 * entry is summed exactly as on one thread — outputs and gradient equal createWasmDenseKernel's bit for bit
 * (up to the sign of a zero). The caller copies each chunk into a shared WebAssembly memory, posts the order,
 * runs share 0 and waits (Atomics) for the others, so every call stays synchronous: the caller must be a
 * thread that may block (Node's any, a browser's worker, never a page's main thread). Null when `launch`
 * has no helpers now; throws where the host has no WebAssembly SIMD with threads.
 *
 * @example
 * const kernel = sharedDenseKernel({ widths: [784, 128, 10], activation: 'relu' }, 256, 2, true, launch);
 * kernel?.close();
 */
export function sharedDenseKernel(
  shape: DenseShape,
  maxRows: number,
  threads: number,
  backward: boolean,
  launch: DenseHelperLauncher,
): DenseKernel | null {
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
  const orders = denseOrders(memory, layout);
  const helpers = threads - 1;
  const inits = Array.from({ length: helpers }, (_, index) => ({
    module,
    memory,
    control: layout.control,
    net: layout.net,
    failure: layout.failure,
    thread: index + 1,
  }));

  let group: DenseHelperGroup | null = null;
  let kernel: DenseKernel | null = null;
  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    orders.order(ORDER.STOP, 0, 0, false);
    group?.end();
  };
  const collect = (deadline?: number): void => {
    const { failed, timedOut } = orders.collect(helpers, deadline);
    if (timedOut) {
      close();
      throw new Error('the helper threads of the dense kernel did not start');
    }
    if (failed !== null) {
      close();
      throw new Error(`a helper thread of the dense kernel failed: ${failed}`);
    }
  };
  group = launch(inits, () => kernel?.close());
  if (group === null) return null;
  collect(performance.now() + HELPER_START_MS);
  kernel = wasmDenseKernel(shape, layout, memory, {
    forward(rows) {
      orders.order(ORDER.FORWARD, rows, 0, false);
      k.denseForward(layout.net, 0, rows);
      collect();
    },
    backward(rows, layer, accumulate) {
      orders.order(ORDER.BACKWARD, rows, layer, accumulate);
      k.denseBackward(layout.net, 0, rows, layer, accumulate ? 1 : 0);
      collect();
    },
    close,
  });
  return kernel;
}
