// linearGradient and its WebAssembly backend against the definition, written per element, and against central differences.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLinearKernel } from '../../src/kernels/create-linear-kernel.js';
import { linearGradient } from '../../src/kernels/linear-gradient.js';
import { createJsLinearKernel } from '../../src/kernels/linear-kernel.js';
import { createWasmLinearKernel, wasmLinearKernelAvailable } from '../../src/kernels/linear-wasm.js';
import { affine, expectClose, numericGradient, type Problem, problems, weightedRowSum } from './reference.js';

/** Σ r_i² and Σ r_i·[x_i, 1] with r_i = x_i·w + b − y_i, straight from the definition. */
function reference(problem: Problem): { sse: number; grad: Float64Array } {
  const r = affine(problem).map((z, i) => z - problem.y[i]!);
  return { sse: r.reduce((s, ri) => s + ri * ri, 0), grad: weightedRowSum(problem, r) };
}

const sse =
  ({ x, y, rows, cols }: Problem) =>
  (params: Float64Array) =>
    linearGradient(x, y, rows, cols, params, new Float64Array(cols + 1));

describe('linearGradient', () => {
  it('works a two-row example out by hand', () => {
    // x = [[1, 2], [3, 4]], w = [1, −1], b = 0.5, y = [0, 1]: r = [−0.5, −1.5]
    const grad = new Float64Array(3);
    const value = linearGradient(
      Float64Array.of(1, 2, 3, 4),
      Float64Array.of(0, 1),
      2,
      2,
      Float64Array.of(1, -1, 0.5),
      grad,
    );
    expect(value).toBe(0.25 + 2.25);
    // Σ r x_1 = −0.5 − 4.5, Σ r x_2 = −1 − 6, Σ r = −2
    expect([...grad]).toEqual([-5, -7, -2]);
  });

  it('matches the per-element definition on random shapes, rows of every remainder mod 4, cols = 1 included', () => {
    fc.assert(
      fc.property(problems(), (problem) => {
        const { x, y, rows, cols, params } = problem;
        const grad = new Float64Array(cols + 1).fill(Number.NaN);
        const value = linearGradient(x, y, rows, cols, params, grad);
        const expected = reference(problem);
        expectClose([value], [expected.sse], 1e-12);
        expectClose(grad, expected.grad, 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('returns half the gradient of its own Σr² (central differences)', () => {
    fc.assert(
      fc.property(problems(), (problem) => {
        const grad = new Float64Array(problem.cols + 1);
        linearGradient(problem.x, problem.y, problem.rows, problem.cols, problem.params, grad);
        const numeric = numericGradient(sse(problem), problem.params, 1e-4);
        expectClose(
          grad.map((g) => 2 * g),
          numeric,
          1e-6,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('rejects arrays shorter than the shape', () => {
    const grad = new Float64Array(3);
    expect(() =>
      linearGradient(new Float64Array(3), new Float64Array(2), 2, 2, new Float64Array(3), grad),
    ).toThrow(/x holds 3 values/);
    expect(() =>
      linearGradient(new Float64Array(4), new Float64Array(2), 2, 2, new Float64Array(2), grad),
    ).toThrow(/params holds 2/);
  });
});

describe('linear kernels bound to data', () => {
  it('has WebAssembly SIMD on this Node', () => {
    expect(wasmLinearKernelAvailable(10, 3)).toBe(true);
  });

  for (const [name, create] of [
    ['WebAssembly', createWasmLinearKernel],
    ['JavaScript', createJsLinearKernel],
    ['createLinearKernel', createLinearKernel],
  ] as const) {
    it(`${name}: matches the definition on random shapes (odd cols padded inside)`, () => {
      fc.assert(
        fc.property(problems(), (problem) => {
          const { x, y, rows, cols, params } = problem;
          const kernel = create(x, y, rows, cols);
          const grad = new Float64Array(cols + 1).fill(Number.NaN);
          const value = kernel.gradient(params, grad);
          kernel.close();
          const expected = reference(problem);
          expectClose([value], [expected.sse], 1e-12);
          expectClose(grad, expected.grad, 1e-12);
        }),
        { numRuns: 150 },
      );
    });

    it(`${name}: refuses to run once closed`, () => {
      const kernel = create(new Float64Array(2), new Float64Array(2), 2, 1);
      kernel.close();
      expect(() => kernel.gradient(new Float64Array(2), new Float64Array(2))).toThrow(/closed/);
    });
  }
});
