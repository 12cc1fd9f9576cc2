// The regression kernels' worker (parallel-node's WORKER_SOURCE), driven by hand: a late notify does not make it run a generation twice.

import { MessageChannel, Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKER_SOURCE } from '../../src/kernels/parallel-node.js';
import { wasm } from '../../src/kernels/wasm-api.js';

/** A module that only imports a shared memory of one page: enough for a worker given no parts to run. */
const host = wasm!;
const MODULE = new host.Module(
  new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // import section: env.memory, shared, 1 to 1 pages
    0x02, 0x10, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x03, 0x01,
    0x01,
  ]),
);
const GENERATION = 0;
const FINISHED = 1;

let worker: Worker | null = null;
afterEach(async () => {
  await worker?.terminate();
  worker = null;
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (polling, so the test's own thread stays free) until FINISHED reaches `count`. */
async function finished(words: Int32Array, count: number): Promise<void> {
  const until = Date.now() + 20_000;
  while (Atomics.load(words, FINISHED) < count) {
    if (Date.now() > until) throw new Error(`FINISHED stayed at ${Atomics.load(words, FINISHED)}`);
    await pause(5);
  }
}

describe('the regression kernels’ worker', () => {
  it('runs a generation once, however many notifies arrive for it', async () => {
    const memory = new host.Memory({ initial: 1, maximum: 1, shared: true });
    const words = new Int32Array(memory.buffer, 0, 4);
    const { port2 } = new MessageChannel();
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: {
        module: MODULE,
        memory,
        control: 0,
        kernel: 'linearRows',
        runs: [],
        feed: null,
        errors: port2,
      },
      transferList: [port2],
    });
    await finished(words, 1);
    Atomics.store(words, FINISHED, 0);
    Atomics.add(words, GENERATION, 1);
    Atomics.notify(words, GENERATION);
    await finished(words, 1);
    // The worker is asleep again on generation 1 when this notify, the caller's, late, arrives.
    await pause(100);
    Atomics.notify(words, GENERATION);
    await pause(300);
    expect(Atomics.load(words, FINISHED)).toBe(1);
    // A new generation still runs, once.
    Atomics.add(words, GENERATION, 1);
    Atomics.notify(words, GENERATION);
    await finished(words, 2);
    await pause(100);
    expect(Atomics.load(words, FINISHED)).toBe(2);
  });
});
