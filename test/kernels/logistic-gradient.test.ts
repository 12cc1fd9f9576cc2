// logisticGradient against the textbook cross-entropy written per element, central differences, and huge logits.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLinearKernel } from '../../src/kernels/create-linear-kernel.js';
import { createJsLinearKernel } from '../../src/kernels/linear-kernel.js';
import { createWasmLinearKernel } from '../../src/kernels/linear-wasm.js';
import { logisticGradient } from '../../src/kernels/logistic-gradient.js';
import { createParallelLinearKernel } from '../../src/kernels/node.js';
import { affine, expectClose, numericGradient, type Problem, problems, weightedRowSum } from './reference.js';

/** −Σ [y log σ(z) + (1 − y) log(1 − σ(z))] and Σ (σ(z) − y)·[x, 1], with σ(z) = 1/(1 + e^−z) as written. */
function reference(problem: Problem): { loss: number; grad: Float64Array } {
  const z = affine(problem);
  const p = z.map((zi) => 1 / (1 + Math.exp(-zi)));
  const loss = -p.reduce(
    (s, pi, i) => s + problem.y[i]! * Math.log(pi) + (1 - problem.y[i]!) * Math.log(1 - pi),
    0,
  );
  return {
    loss,
    grad: weightedRowSum(
      problem,
      p.map((pi, i) => pi - problem.y[i]!),
    ),
  };
}

const labels = fc.constantFrom(0, 1);

describe('logisticGradient', () => {
  it('works z = 0 out by hand: loss ln 2 per row, σ = ½', () => {
    const grad = new Float64Array(2);
    const loss = logisticGradient(
      Float64Array.of(2, -1),
      Float64Array.of(1, 0),
      2,
      1,
      Float64Array.of(0, 0),
      grad,
    );
    expect(loss).toBeCloseTo(2 * Math.LN2, 15);
    // (½ − 1)·2 + (½ − 0)·(−1) = −1.5; bias (½ − 1) + ½ = 0
    expect([...grad]).toEqual([-1.5, 0]);
  });

  it('matches the textbook cross-entropy on random shapes and labels', () => {
    // |z| ≤ 3.5 keeps the textbook form's log(1 − σ) accurate to 1e-15; huge logits have their own test.
    fc.assert(
      fc.property(problems(0.5, labels), (problem) => {
        const { x, y, rows, cols, params } = problem;
        const grad = new Float64Array(cols + 1).fill(Number.NaN);
        const loss = logisticGradient(x, y, rows, cols, params, grad);
        const expected = reference(problem);
        expectClose([loss], [expected.loss], 1e-12);
        expectClose(grad, expected.grad, 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('returns the gradient of its own loss (central differences)', () => {
    fc.assert(
      fc.property(problems(3, labels), (problem) => {
        const { x, y, rows, cols, params } = problem;
        const grad = new Float64Array(cols + 1);
        logisticGradient(x, y, rows, cols, params, grad);
        const loss = (p: Float64Array) => logisticGradient(x, y, rows, cols, p, new Float64Array(cols + 1));
        expectClose(grad, numericGradient(loss, params, 1e-5), 1e-6);
      }),
      { numRuns: 200 },
    );
  });

  it('stays finite and exact for logits of ±1000, where σ rounds to 0 or 1', () => {
    // z = ±1000: a right answer costs e^−1000 ≈ 0, a wrong one costs |z| = 1000 with gradient ∓1 per unit x.
    const x = Float64Array.of(1, -1, 1, -1);
    const y = Float64Array.of(1, 0, 0, 1);
    const grad = new Float64Array(2);
    const loss = logisticGradient(x, y, 4, 1, Float64Array.of(1000, 0), grad);
    expect(loss).toBe(2000);
    // rows: (σ − y)·x = 0, 0, (1 − 0)·1, (0 − 1)·(−1) → 2; bias 0 + 0 + 1 − 1
    expect([...grad]).toEqual([2, 0]);
  });
});

describe('logistic kernels bound to data', () => {
  for (const [name, create] of [
    [
      'WebAssembly',
      (x: Float64Array, y: Float64Array, r: number, c: number) =>
        createWasmLinearKernel(x, y, r, c, 'logistic'),
    ],
    [
      'JavaScript',
      (x: Float64Array, y: Float64Array, r: number, c: number) =>
        createJsLinearKernel(x, y, r, c, 'logistic'),
    ],
    [
      'createLinearKernel',
      (x: Float64Array, y: Float64Array, r: number, c: number) => createLinearKernel(x, y, r, c, 'logistic'),
    ],
  ] as const) {
    it(`${name}: matches the textbook cross-entropy on random shapes and labels`, () => {
      fc.assert(
        fc.property(problems(0.5, labels), (problem) => {
          const { x, y, rows, cols, params } = problem;
          const kernel = create(x, y, rows, cols);
          const grad = new Float64Array(cols + 1).fill(Number.NaN);
          const loss = kernel.gradient(params, grad);
          kernel.close();
          const expected = reference(problem);
          expectClose([loss], [expected.loss], 1e-12);
          expectClose(grad, expected.grad, 1e-12);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('on two threads agrees with logisticGradient, huge logits included', () => {
    const rows = 1001;
    const cols = 7;
    const x = Float64Array.from({ length: rows * cols }, (_, k) => Math.sin(k) * 300);
    const y = Float64Array.from({ length: rows }, (_, i) => i % 2);
    const params = Float64Array.from({ length: cols + 1 }, (_, j) => Math.cos(j));
    const kernel = createParallelLinearKernel(x, y, rows, cols, { threads: 2, loss: 'logistic' });
    try {
      const grad = new Float64Array(cols + 1);
      const loss = kernel.gradient(params, grad);
      const expectedGrad = new Float64Array(cols + 1);
      const expected = logisticGradient(x, y, rows, cols, params, expectedGrad);
      expect(Number.isFinite(loss)).toBe(true);
      expectClose([loss], [expected], 1e-12);
      expectClose(grad, expectedGrad, 1e-12);
    } finally {
      kernel.close();
    }
  });
});
