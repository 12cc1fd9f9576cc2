// The copy of x into the kernels' tiles: writeRowData on one thread and through worker feeds, against the layout by its definition.

import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createSoftmaxKernel } from '../../src/kernels/create-softmax-kernel.js';
import { createWasmLinearKernel } from '../../src/kernels/linear-wasm.js';
import {
  FEED_WORKER_SOURCE,
  feedTask,
  linearMemoryLayout,
  rowFeeds,
  writeRowData,
} from '../../src/kernels/linear-wasm-memory.js';
import { createParallelLinearKernel, createParallelSoftmaxKernel } from '../../src/kernels/node.js';
import { softmaxMemoryLayout } from '../../src/kernels/softmax-wasm-memory.js';
import { wasm } from '../../src/kernels/wasm-api.js';
import { instantiateKernels, kernelFacts, kernelModule } from '../../src/kernels/wasm-kernels.js';
import { seededValues } from './reference.js';

/**
 * Tiles by the definition: row i, column j of x at tile ⌊i/4⌋, column pair ⌊j/2⌋, row i mod 4, lane j mod 2,
 * stride (cols rounded up to even) float64 a row, whole tiles, zeros everywhere else.
 */
function expectedTiles(x: Float64Array, rows: number, cols: number): Float64Array {
  const stride = cols + (cols % 2);
  const tiles = new Float64Array(Math.ceil(rows / 4) * 4 * stride);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      tiles[(i >> 2) * 4 * stride + (j >> 1) * 8 + (i & 3) * 2 + (j & 1)] = x[i * cols + j]!;
    }
  }
  return tiles;
}

const tilesOf = (heap: Float64Array, at: number, rows: number, cols: number) =>
  heap.subarray(at / 8, at / 8 + Math.ceil(rows / 4) * 4 * (cols + (cols % 2)));

/** Bit-for-bit equality of two lists of numbers. */
function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  let differing = 0;
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) differing++;
  expect(differing).toBe(0);
}

/** Shapes of every row remainder mod 4 and odd and even column counts, and one a staging chunk does not hold. */
const shapes: [number, number][] = [
  [1, 1],
  [2, 3],
  [3, 2],
  [4, 1],
  [5, 7],
  [7, 100],
  [13, 101],
  [1001, 5],
  [4099, 33],
  [70_001, 3],
];

describe('the tiles of x', () => {
  const module = kernelModule(false)!;
  const shared = kernelModule(true)!;

  it('are the rows laid out by definition on one thread, on shapes of every remainder', () => {
    for (const [rows, cols] of shapes) {
      const x = seededValues(rows * cols, rows + cols);
      const y = seededValues(rows, 7);
      const layout = linearMemoryLayout(rows, cols, kernelFacts(module).heapBase);
      const memory = new wasm!.Memory({ initial: layout.pages });
      const heap = new Float64Array(memory.buffer);
      writeRowData(heap, layout, x, y, instantiateKernels(module, memory).tileRows);
      expectSame(tilesOf(heap, layout.x, rows, cols), expectedTiles(x, rows, cols));
      expectSame(heap.subarray(layout.y / 8, layout.y / 8 + rows), y);
    }
  });

  it('are the same when workers tile their own rows through feeds, slots reused many times over', async () => {
    // 200,003 × 3: eight parts, three threads; each feed passes through its four slots several times.
    for (const [rows, cols, threads] of [
      [200_003, 3, 3],
      [12_003, 41, 2],
      [5, 7, 2],
    ] as const) {
      const x = seededValues(rows * cols, 11);
      const y = seededValues(rows, 12);
      const layout = linearMemoryLayout(rows, cols, kernelFacts(shared).heapBase, threads);
      const memory = new wasm!.Memory({ initial: layout.pages, maximum: layout.pages, shared: true });
      const heap = new Float64Array(memory.buffer);
      const feeds = rowFeeds(layout.parts, threads);
      expect(feeds.length).toBe(Math.min(threads, layout.parts.length) - 1);
      const workers = feeds.map(
        (feed, i) =>
          new Worker(
            `const { workerData: d, parentPort } = require('node:worker_threads');
             const exports = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
             tileFeed(d.task, exports.tileRows, d.memory.buffer);
             parentPort.postMessage('tiled');
             ${FEED_WORKER_SOURCE}`,
            { eval: true, workerData: { module: shared, memory, task: feedTask(layout, feed, i) } },
          ),
      );
      const tiled = workers.map((worker) => new Promise((done) => worker.once('message', done)));
      writeRowData(heap, layout, x, y, instantiateKernels(shared, memory).tileRows, feeds, (ms) => {
        if (ms > 30_000) throw new Error('a feed did not move');
      });
      await Promise.all(tiled);
      await Promise.all(workers.map((worker) => worker.terminate()));
      expectSame(tilesOf(heap, layout.x, rows, cols), expectedTiles(x, rows, cols));
      expectSame(heap.subarray(layout.y / 8, layout.y / 8 + rows), y);
    }
  });

  it('cover every row once: each feed the rows of the parts its thread runs', () => {
    const layout = softmaxMemoryLayout(200_003, 3, 4, 8192, 3);
    const feeds = rowFeeds(layout.parts, 3);
    const own = feeds[0]!.start;
    expect(own).toBeGreaterThan(0);
    expect(feeds[1]!.start).toBe(feeds[0]!.start + feeds[0]!.rows);
    expect(feeds[1]!.start + feeds[1]!.rows).toBe(200_003);
    expect(rowFeeds(layout.parts, 1)).toEqual([]);
    expect(rowFeeds([[0, 3]], 4)).toEqual([]);
  });

  it('give the parallel kernels the one-thread gradient bit for bit where the feeds wrap around their slots', () => {
    const rows = 200_003;
    const cols = 3;
    const x = seededValues(rows * cols, 21);
    const y = seededValues(rows, 22);
    const classes = y.map((v) => (v > 0.3 ? 2 : v > -0.3 ? 1 : 0));
    const w = seededValues(cols + 1, 23);
    const W = seededValues(3 * cols + 3, 24);
    const linear = createParallelLinearKernel(x, y, rows, cols, { threads: 3 });
    const softmax = createParallelSoftmaxKernel(x, classes, rows, cols, 3, { threads: 2 });
    // The one-thread kernels tile every row on the caller.
    const linearOne = createWasmLinearKernel(x, y, rows, cols);
    const softmaxOne = createSoftmaxKernel(x, classes, rows, cols, 3);
    try {
      const [a, b] = [new Float64Array(cols + 1), new Float64Array(cols + 1)];
      expect(linear.gradient(w, a)).toBe(linearOne.gradient(w, b));
      expectSame(a, b);
      const [c, d] = [new Float64Array(W.length), new Float64Array(W.length)];
      expect(softmax.gradient(W, c)).toBe(softmaxOne.gradient(W, d));
      expectSame(c, d);
      // And the sums themselves: Σ_i (x_i·w + b − y_i) x_i0 by a plain loop.
      let expected = 0;
      for (let i = 0; i < rows; i++) {
        let z = w[cols]!;
        for (let j = 0; j < cols; j++) z += x[i * cols + j]! * w[j]!;
        expected += (z - y[i]!) * x[i * cols]!;
      }
      expect(Math.abs(a[0]! - expected)).toBeLessThan(1e-9 * (1 + Math.abs(expected)));
    } finally {
      for (const kernel of [linear, softmax, linearOne, softmaxOne]) kernel.close();
    }
  });
});
