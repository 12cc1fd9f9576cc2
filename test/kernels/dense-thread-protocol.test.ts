// The dense kernel's thread protocol on its own: the control words, helpers reused from kernel to kernel (a browser pool's way), a helper's failure text, and a launch that has no helpers.

import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { type DenseKernel, type DenseShape, denseLayout } from '../../src/kernels/dense.js';
import {
  CONTROL,
  DENSE_HELPER_SOURCE,
  type DenseHelperInit,
  type DenseHelperLauncher,
  denseOrders,
  ORDER,
  sharedDenseKernel,
} from '../../src/kernels/dense-thread-protocol.js';
import { createWasmDenseKernel } from '../../src/kernels/dense-wasm.js';
import { CONTROL_WORDS } from '../../src/kernels/dense-wasm-memory.js';
import { wasm } from '../../src/kernels/wasm-api.js';
import { seededValues } from './reference.js';

/**
 * Long-lived helpers that take one kernel after another, as startWebThreads's do in a browser: each runs
 * the shared loop for every init that arrives on its port, and is idle in between.
 */
const POOLED = `${DENSE_HELPER_SOURCE}
require('node:worker_threads').parentPort.on('message', (init) => runDenseHelper(init));
`;

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

function pool(size: number, alter: (init: DenseHelperInit) => unknown = (init) => init) {
  const idle = Array.from({ length: size }, () => {
    const worker = new Worker(POOLED, { eval: true, execArgv: [] });
    workers.push(worker);
    return worker;
  });
  let kernels = 0;
  const launch: DenseHelperLauncher = (inits) => {
    const taken = idle.splice(0, inits.length);
    if (taken.length < inits.length) {
      idle.push(...taken);
      return null;
    }
    kernels++;
    inits.forEach((init, i) => {
      taken[i]!.postMessage(alter(init));
    });
    return {
      end() {
        idle.push(...taken);
      },
    };
  };
  return { launch, idle, kernels: () => kernels };
}

/** One forward and backward over `rows` rows in chunks, as network.ts drives a kernel. */
function run(kernel: DenseKernel, shape: DenseShape, rows: number, seed: number) {
  const { size } = denseLayout(shape.widths);
  const params = seededValues(size, seed).map((v) => v / 2);
  const x = seededValues(rows * shape.widths[0]!, seed + 1);
  const outputs: number[] = [];
  kernel.load(params);
  for (let start = 0; start < rows; start += kernel.maxRows) {
    const count = Math.min(kernel.maxRows, rows - start);
    const out = kernel.forward(x, start, count);
    outputs.push(...out);
    const d = kernel.outputGrad();
    for (let i = 0; i < d.length; i++) d[i] = Math.cos(out[i]! - i);
    kernel.backward(start === 0);
  }
  const grad = new Float64Array(size);
  kernel.gradient(grad);
  return [...outputs, ...grad];
}

describe('the dense thread protocol', () => {
  it('posts an order as its words and a new generation, and collects reports and a failure’s text', () => {
    const memory = new wasm!.Memory({ initial: 1, maximum: 1, shared: true });
    const layout = { control: 64, failure: 128 };
    const words = new Int32Array(memory.buffer, layout.control, CONTROL_WORDS);
    const orders = denseOrders(memory, layout);
    orders.order(ORDER.BACKWARD, 37, 2, true);
    expect([...words]).toEqual([1, 0, 0, ORDER.BACKWARD, 37, 2, 1, 0]);
    orders.order(ORDER.FORWARD, 5, 0, false);
    expect(words[CONTROL.GENERATION]).toBe(2);
    expect([words[CONTROL.OP], words[CONTROL.ROWS], words[CONTROL.ACCUMULATE]]).toEqual([
      ORDER.FORWARD,
      5,
      0,
    ]);

    // Nothing reported: the deadline passes.
    expect(orders.collect(1, performance.now() + 5)).toEqual({ failed: null, timedOut: true });
    // Two reports, no failure: the count is cleared for the next order.
    words[CONTROL.FINISHED] = 2;
    expect(orders.collect(2)).toEqual({ failed: null, timedOut: false });
    expect(words[CONTROL.FINISHED]).toBe(0);
    // A failure's text is read from its region, its length from the last control word.
    const text = new TextEncoder().encode('RangeError: out of bounds — in share 1');
    new Uint8Array(memory.buffer, layout.failure, text.length).set(text);
    words[CONTROL.FAILURE_LENGTH] = text.length;
    words[CONTROL.FAILED] = 1;
    words[CONTROL.FINISHED] = 1;
    expect(orders.collect(1).failed).toBe('RangeError: out of bounds — in share 1');
  });

  it('helpers that stay alive serve one kernel after another, bit for bit one thread’s', () => {
    const { launch, idle, kernels } = pool(2);
    const shapes: DenseShape[] = [
      { widths: [7, 33, 5], activation: 'tanh' },
      { widths: [12, 9, 17, 3], activation: 'relu' },
      { widths: [3, 1], activation: 'sigmoid' },
    ];
    shapes.forEach((shape, n) => {
      for (const threads of [2, 3]) {
        const one = createWasmDenseKernel(shape, 16)!;
        const shared = sharedDenseKernel(shape, 16, threads, true, launch)!;
        expect(shared.threads).toBe(threads);
        expect(idle).toHaveLength(3 - threads);
        const expected = run(one, shape, 41, n);
        const actual = run(shared, shape, 41, n);
        one.close();
        shared.close();
        expect(idle).toHaveLength(2);
        expect(actual.length).toBe(expected.length);
        actual.forEach((v, i) => {
          if (v !== expected[i])
            expect.fail(
              `${shape.widths.join('-')}, ${threads} threads, entry ${i}: ${v} against ${expected[i]}`,
            );
        });
      }
    });
    expect(kernels()).toBe(6);
  });

  it('a late notify, for a generation a helper has already run, does not make it run and report again', () => {
    // Under load the caller can be descheduled between raising the generation and notifying: the helper sees
    // the new generation by polling, runs it, reports and sleeps, and only then the notify arrives. A helper
    // that took that wake-up for an order reported twice, and the caller's next collect returned before the
    // slowest helper's share was done (a chunk's gradient went missing in CI on 4 threads and 2 cores).
    let init: DenseHelperInit | undefined;
    const { launch } = pool(1, (i) => {
      init = i;
      return i;
    });
    const kernel = sharedDenseKernel({ widths: [4, 3, 2], activation: 'relu' }, 8, 2, true, launch)!;
    try {
      const words = new Int32Array(init!.memory.buffer, init!.control, CONTROL_WORDS);
      const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      // An order of no rows, posted without the notify.
      Atomics.store(words, CONTROL.OP, ORDER.FORWARD);
      Atomics.store(words, CONTROL.ROWS, 0);
      Atomics.add(words, CONTROL.GENERATION, 1);
      const until = performance.now() + 10_000;
      while (Atomics.load(words, CONTROL.FINISHED) < 1 && performance.now() < until) pause(1);
      expect(Atomics.load(words, CONTROL.FINISHED)).toBe(1);
      // Past its polling (SPIN_MS), the helper sleeps in Atomics.wait; now the late notify.
      pause(50);
      Atomics.notify(words, CONTROL.GENERATION);
      pause(50);
      expect(Atomics.load(words, CONTROL.FINISHED)).toBe(1);
      Atomics.store(words, CONTROL.FINISHED, 0);
    } finally {
      kernel.close();
    }
  });

  it('gives no kernel when the launch has no helpers now, so the caller keeps one thread', () => {
    const { launch } = pool(1);
    expect(sharedDenseKernel({ widths: [4, 3, 2], activation: 'relu' }, 8, 3, true, launch)).toBeNull();
  });

  it('throws a helper’s own error text, and the helper is free again afterwards', () => {
    let broken = true;
    const { launch, idle } = pool(1, (init) => (broken ? { ...init, module: null } : init));
    const shape: DenseShape = { widths: [4, 3, 2], activation: 'relu' };
    expect(() => sharedDenseKernel(shape, 8, 2, true, launch)).toThrow(
      /a helper thread of the dense kernel failed: TypeError: .*WebAssembly\.Module/,
    );
    expect(idle).toHaveLength(1);
    broken = false;
    const kernel = sharedDenseKernel(shape, 8, 2, true, launch)!;
    const one = createWasmDenseKernel(shape, 8)!;
    expect(run(kernel, shape, 8, 3)).toEqual(run(one, shape, 8, 3));
    kernel.close();
    one.close();
  });
});
