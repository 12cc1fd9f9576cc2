// startWebThreads: Web Workers that share a browser worker's dense passes, under the same protocol as Node's worker threads.

import type { DenseKernel } from './dense.js';
import { DENSE_HELPER_SOURCE, type DenseHelperInit, sharedDenseKernel } from './dense-thread-protocol.js';
import { registerDenseThreads } from './dense-threads.js';
import { kernelModule } from './wasm-kernels.js';

/**
 * A helper's script: the shared loop, once per kernel it is handed, with the thread idle in between. The
 * kernels come on a MessagePort, not on the worker itself: Chromium delivers a worker's postMessage to its
 * own nested worker only once the sender's task ends, and the sender then waits in Atomics.wait for the
 * helper, while a port's message goes across at once.
 */
const HELPER_SCRIPT = `${DENSE_HELPER_SOURCE}
self.onmessage = (event) => {
  event.data.onmessage = (message) => runDenseHelper(message.data);
  self.postMessage('ready');
};
`;
/** How long the helpers may take to start before the pool gives up and the caller keeps one thread. */
const START_MS = 10_000;

/** The slice of a browser's Worker the pool uses (the library's types carry no DOM). */
interface HelperPort {
  postMessage(message: unknown, transfer?: unknown[]): void;
  close(): void;
}

interface HelperWorker {
  postMessage(message: unknown, transfer?: unknown[]): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { preventDefault?(): void }) => void) | null;
}

interface WebHost {
  crossOriginIsolated?: boolean;
  Worker?: new (url: string) => HelperWorker;
  MessageChannel?: new () => { port1: HelperPort; port2: HelperPort };
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL: { createObjectURL?(blob: object): string; revokeObjectURL?(url: string): void };
  navigator?: { hardwareConcurrency?: number };
}

/**
 * The threads a pool holds and the way to end them.
 *
 * @example
 * const pool: WebThreads = await startWebThreads();
 * pool.busy; // → 0
 * pool.close();
 */
export interface WebThreads {
  /** Threads a dense pass may share now, the caller's included: 1 where none could start. */
  readonly threads: number;
  /** Helpers a kernel holds now (0 when every one is idle, or none started). */
  readonly busy: number;
  /** Ends the helpers (closing any kernel that still holds them) and withdraws the registration. */
  close(): void;
}

/** Whether this thread may block in Atomics.wait (a worker's may; a page's main thread may not). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `threads − 1` Web Workers (default: one per core) and registers them, so that mlp training and
 * evaluation in this thread — fit()'s and fitStepper's `threads`, kernels.denseOutputs — share each batch's
 * passes with them, with the numbers of one thread bit for bit. Call it from a browser's Web Worker on a
 * cross-origin isolated page (`crossOriginIsolated`: served with `Cross-Origin-Opener-Policy: same-origin`
 * and `Cross-Origin-Embedder-Policy: require-corp`, which SharedArrayBuffer needs). Anywhere else — a page's
 * main thread, which may not block; a page not isolated; a host without Web Workers, such as Node (which
 * has `downhill/node`'s worker threads instead) — it resolves to one thread and starts nothing. The helpers
 * run the protocol's fixed script from a Blob URL, so no bundler setting is needed. A helper is idle between
 * kernels; a kernel takes idle helpers only, so two kernels at once (training and a forward pass) never
 * wait on each other: the second runs on one thread.
 *
 * @example
 * const pool = await startWebThreads(2);
 * // 2 in an isolated page's worker; 1 here, in Node (as on a page's main thread)
 * pool.threads; // → 1
 * const run = fit(generateDataset('xor', { seed: 0 }), { model: 'mlp:8', loss: 'ce', epochs: 5, threads: pool.threads });
 * pool.close();
 */
export async function startWebThreads(threads?: number): Promise<WebThreads> {
  const g = globalThis as unknown as WebHost;
  const count = threads ?? Math.max(1, g.navigator?.hardwareConcurrency ?? 1);
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`threads must be a whole number ≥ 1, got ${threads}`);
  const one: WebThreads = { threads: 1, busy: 0, close() {} };
  const { Worker, Blob, MessageChannel } = g;
  if (
    count === 1 ||
    g.crossOriginIsolated !== true ||
    Worker === undefined ||
    MessageChannel === undefined ||
    Blob === undefined ||
    g.URL.createObjectURL === undefined ||
    kernelModule(true) === null ||
    !canBlock()
  )
    return one;

  const url = g.URL.createObjectURL(new Blob([HELPER_SCRIPT], { type: 'text/javascript' }));
  const workers: HelperWorker[] = [];
  const ports: HelperPort[] = [];
  try {
    await Promise.all(
      Array.from(
        { length: count - 1 },
        () =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(url);
            const { port1, port2 } = new MessageChannel();
            workers.push(worker);
            ports.push(port1);
            worker.postMessage(port2, [port2]);
            const timer = setTimeout(() => reject(new Error('a helper did not start')), START_MS);
            worker.onmessage = () => {
              clearTimeout(timer);
              worker.onmessage = null;
              resolve();
            };
            worker.onerror = (event) => {
              event.preventDefault?.();
              clearTimeout(timer);
              reject(new Error('a helper failed to start'));
            };
          }),
      ),
    );
  } catch {
    // A page that forbids workers from Blob URLs, or a browser that cannot start them: one thread, silently.
    for (const worker of workers) worker.terminate();
    return one;
  } finally {
    g.URL.revokeObjectURL?.(url);
  }

  const idle = [...ports];
  const holding = new Set<() => void>();
  const launch = (inits: readonly DenseHelperInit[], abandon: () => void) => {
    const taken = idle.splice(0, inits.length);
    inits.forEach((init, i) => {
      taken[i]!.postMessage(init);
    });
    holding.add(abandon);
    return {
      end() {
        // Told to stop, each helper leaves its loop and takes the next kernel's message when one comes.
        holding.delete(abandon);
        idle.push(...taken);
      },
    };
  };
  const withdraw = registerDenseThreads((shape, maxRows, wanted, backward): DenseKernel | null => {
    const share = Math.min(wanted, idle.length + 1);
    return share <= 1 ? null : sharedDenseKernel(shape, maxRows, share, backward, launch);
  }, count);
  let open = true;
  return {
    threads: count,
    get busy() {
      return open ? workers.length - idle.length : 0;
    },
    close() {
      if (!open) return;
      open = false;
      withdraw();
      for (const abandon of [...holding]) abandon();
      for (const port of ports) port.close();
      for (const worker of workers) worker.terminate();
    },
  };
}
