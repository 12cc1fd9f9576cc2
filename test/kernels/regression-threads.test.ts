// The regression kernels on worker threads: the same bits on every thread count, and fit() on them (threads closed after it).

import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { createLinearKernel } from '../../src/kernels/create-linear-kernel.js';
import { createSoftmaxKernel } from '../../src/kernels/create-softmax-kernel.js';
import { rowParts } from '../../src/kernels/linear-wasm-memory.js';
import { createParallelLinearKernel, createParallelSoftmaxKernel } from '../../src/kernels/node.js';
import {
  MIN_THREADED_BYTES,
  type RegressionThreadsHost,
  registerRegressionThreads,
} from '../../src/kernels/regression-threads.js';
import { setKernelBackend } from '../../src/kernels/wasm-kernels.js';
import { fit } from '../../src/train/fit.js';
import { seededValues } from './reference.js';

const realHost: RegressionThreadsHost = {
  cores: 2,
  linear: (x, y, rows, cols, loss, threads) =>
    createParallelLinearKernel(x, y, rows, cols, { threads, loss }),
  softmax: (x, y, rows, cols, k, threads) => createParallelSoftmaxKernel(x, y, rows, cols, k, { threads }),
};

afterEach(() => {
  setKernelBackend('auto');
  registerRegressionThreads(realHost);
});

/** Bit-for-bit equality of two lists of numbers (NaN equal to NaN, −0 apart from 0). */
function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(Array.from(actual)).toEqual(Array.from(expected));
  for (let i = 0; i < expected.length; i++) expect(Object.is(actual[i], expected[i])).toBe(true);
}

describe('the threaded regression kernels', () => {
  // 12,003 rows of 41 columns (336 bytes a row padded): four parts, the last ending in a partial tile.
  const rows = 12_003;
  const cols = 41;
  const k = 3;
  const x = seededValues(rows * cols, 1);
  const labels = seededValues(rows, 2);
  const target = labels.map((v) => 3 * v);
  const binary = labels.map((v) => (v > 0 ? 1 : 0));
  const classes = labels.map((v) => Math.min(k - 1, Math.floor(((v + 1) / 2) * k)));
  const w = seededValues(cols + 1, 3).map((v) => 0.3 * v);
  const W = seededValues(k * cols + k, 4).map((v) => 0.3 * v);

  it('splits the rows into parts by size alone', () => {
    expect(rowParts(rows, 336)).toEqual([
      [0, 3004],
      [3004, 3004],
      [6008, 3004],
      [9012, 2991],
    ]);
    expect(rowParts(3, 336)).toEqual([[0, 3]]);
  });

  it('give the one-thread kernel’s bits on 2, 3 and 5 threads, and on the caller alone', () => {
    for (const [loss, y] of [
      ['squared', target],
      ['logistic', binary],
    ] as const) {
      const one = createLinearKernel(x, y, rows, cols, loss);
      const expected = new Float64Array(cols + 1);
      const value = one.gradient(w, expected);
      one.close();
      for (const threads of [2, 3, 5]) {
        const kernel = createParallelLinearKernel(x, y, rows, cols, { threads, loss });
        try {
          expect(kernel.threads).toBe(Math.min(threads, 4));
          for (const pass of [kernel.gradient, kernel.gradientOneThread, kernel.gradient]) {
            const grad = new Float64Array(cols + 1);
            expect(Object.is(pass(w, grad), value)).toBe(true);
            expectSame(grad, expected);
          }
        } finally {
          kernel.close();
        }
      }
    }
    const one = createSoftmaxKernel(x, classes, rows, cols, k);
    const expected = new Float64Array(W.length);
    const value = one.gradient(W, expected);
    one.close();
    for (const threads of [2, 3]) {
      const kernel = createParallelSoftmaxKernel(x, classes, rows, cols, k, { threads });
      try {
        for (const pass of [kernel.gradient, kernel.gradientOneThread]) {
          const grad = new Float64Array(W.length);
          expect(Object.is(pass(W, grad), value)).toBe(true);
          expectSame(grad, expected);
        }
      } finally {
        kernel.close();
      }
    }
  });
});

describe('fit on the threaded regression kernels', () => {
  // Past MIN_THREADED_BYTES, so that fit's default ('auto') starts threads too.
  const rows = Math.ceil(MIN_THREADED_BYTES / (8 * 30)) + 101;
  const cols = 30;
  const features = seededValues(rows * cols, 7);
  const scores = seededValues(rows, 8);
  const dataset = (target: Float64Array, classes: readonly string[] | null): Dataset => ({
    name: 'threads',
    featureNames: Array.from({ length: cols }, (_, j) => `x${j + 1}`),
    targetName: 'y',
    rows,
    features,
    target,
    classes,
  });
  const cases = [
    {
      model: 'linear',
      data: dataset(
        scores.map((s, i) => features[i * cols]! - 2 * features[i * cols + 1]! + 0.1 * s),
        null,
      ),
    },
    {
      model: 'logistic',
      data: dataset(
        scores.map((s, i) => (features[i * cols]! + s > 0 ? 1 : 0)),
        ['no', 'yes'],
      ),
    },
    {
      model: 'softmax',
      data: dataset(
        scores.map((s, i) => {
          const v = features[i * cols]! + 0.5 * s;
          return v < -0.4 ? 0 : v < 0.4 ? 1 : 2;
        }),
        ['a', 'b', 'c'],
      ),
    },
  ] as const;
  // Fifteen epochs: 'auto' times six on one thread and six on both before it settles, so the run uses both.
  const options = {
    optimizer: 'adam',
    optimizerOptions: { learningRate: 0.05 },
    epochs: 15,
    tol: 0,
  } as const;

  it('ends with the params, loss and history of one thread, bit for bit, on 2 threads and by default', () => {
    for (const { model, data } of cases) {
      const one = fit(data, { ...options, model, threads: 1 });
      for (const threads of [{ threads: 2 }, {}]) {
        const run = fit(data, { ...options, model, ...threads });
        expectSame(run.params, one.params);
        expect(Object.is(run.loss, one.loss)).toBe(true);
        expect(run.history.loss).toEqual(one.history.loss);
      }
    }
  });

  it('closes every kernel it started before it returns or throws', () => {
    const open = new Set<object>();
    let started = 0;
    const track = <K extends { close(): void }>(kernel: K | null): K | null => {
      if (kernel === null) return null;
      started++;
      open.add(kernel);
      const close = kernel.close;
      kernel.close = () => {
        open.delete(kernel);
        close();
      };
      return kernel;
    };
    registerRegressionThreads({
      cores: 2,
      linear: (...args) => track(realHost.linear(...args)),
      softmax: (...args) => track(realHost.softmax(...args)),
    });
    for (const { model, data } of cases) {
      fit(data, { ...options, model, epochs: 2, threads: 2 });
      expect(() =>
        fit(data, {
          ...options,
          model,
          threads: 2,
          onEpoch: () => {
            throw new Error('stop here');
          },
        }),
      ).toThrow('stop here');
    }
    expect(started).toBe(6);
    expect(open.size).toBe(0);
  });

  it('runs on one thread, in JavaScript, when the reference backend is forced', () => {
    setKernelBackend('reference');
    const { model, data } = cases[1];
    const run = fit(data, { ...options, model, epochs: 2, threads: 2 });
    expect(Number.isFinite(run.loss)).toBe(true);
  });
});
