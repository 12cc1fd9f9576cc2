// The softmax kernels' count of rows classified right against a plain count from the full logits W·x + b.

import { describe, expect, it } from 'vitest';
import { createSoftmaxKernel } from '../../src/kernels/create-softmax-kernel.js';
import { createParallelSoftmaxKernel } from '../../src/kernels/node.js';
import type { SoftmaxKernel } from '../../src/kernels/softmax-kernel.js';
import { seededValues } from './reference.js';

/** Rows whose first largest logit (a later one counts only when larger, so NaN never wins) is their class. */
function countRight(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  k: number,
  params: Float64Array,
): number {
  let right = 0;
  for (let i = 0; i < rows; i++) {
    let best = Number.NaN;
    let arg = 0;
    for (let c = 0; c < k; c++) {
      let z = params[k * cols + c]!;
      for (let j = 0; j < cols; j++) z += params[c * cols + j]! * x[i * cols + j]!;
      if (c === 0) best = z;
      else if (z > best) {
        best = z;
        arg = c;
      }
    }
    if (arg === y[i]) right++;
  }
  return right;
}

function problem(rows: number, cols: number, k: number, seed: number) {
  const x = seededValues(rows * cols, seed);
  const y = seededValues(rows, seed + 1).map((v) => Math.min(k - 1, Math.floor(((v + 1) / 2) * k)));
  const params = seededValues(k * cols + k, seed + 2);
  return { x, y, params };
}

/** The kernel, and the threads it is asked for: two only where the rows make parts enough (a megabyte each). */
const kernels: [
  string,
  number,
  (
    x: Float64Array,
    y: Float64Array,
    rows: number,
    cols: number,
    k: number,
  ) => SoftmaxKernel & { threads?: number },
][] = [
  ['one thread', 1, (x, y, rows, cols, k) => createSoftmaxKernel(x, y, rows, cols, k)],
  [
    'two threads',
    2,
    (x, y, rows, cols, k) => createParallelSoftmaxKernel(x, y, rows, cols, k, { threads: 2 }),
  ],
];

describe.each(kernels)('softmax kernel on %s: correct()', (_, threads, create) => {
  it.each([
    [1, 1, 2],
    [3, 5, 3],
    [7, 2, 5],
    [63, 9, 3],
    [64, 100, 3],
    [65, 101, 10],
    [1000, 17, 4],
    [20_000, 100, 3],
  ])('%i rows × %i columns, %i classes: the rows a plain count finds', (rows, cols, k) => {
    const { x, y, params } = problem(rows, cols, k, rows * 31 + cols * 7 + k);
    const kernel = create(x, y, rows, cols, k);
    try {
      if (rows === 20_000) expect(kernel.threads ?? 1).toBe(threads);
      const grad = new Float64Array(params.length);
      kernel.gradient(params, grad);
      const expected = countRight(x, y, rows, cols, k, params);
      // Not a vacuous count: some rows right and some wrong wherever there are enough of them.
      if (rows >= 60) expect(expected).toBeGreaterThan(0);
      if (rows >= 60) expect(expected).toBeLessThan(rows);
      expect(kernel.correct?.()).toBe(expected);
      // The count is the last gradient's: other params, another count.
      const flipped = params.map((v) => -v);
      kernel.gradient(flipped, grad);
      expect(kernel.correct?.()).toBe(countRight(x, y, rows, cols, k, flipped));
    } finally {
      kernel.close();
    }
  });

  it.each([9, 4000])('counts ties for the first class and a NaN row as class 0 (%i rows)', (rows) => {
    const cols = rows === 9 ? 3 : 100;
    const k = 3;
    const { x, y } = problem(rows, cols, k, 5);
    x[4 * cols + 1] = Number.NaN;
    y[4] = 0;
    const kernel = create(x, y, rows, cols, k);
    try {
      if (rows === 4000) expect(kernel.threads ?? 1).toBe(threads);
      const zero = new Float64Array(k * cols + k);
      kernel.gradient(zero, new Float64Array(zero.length));
      expect(kernel.correct?.()).toBe(y.filter((c) => c === 0).length);
      const params = seededValues(k * cols + k, 6);
      kernel.gradient(params, new Float64Array(params.length));
      expect(kernel.correct?.()).toBe(countRight(x, y, rows, cols, k, params));
    } finally {
      kernel.close();
    }
  });
});
