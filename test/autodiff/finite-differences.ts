// Central finite differences and closeness checks: the independent reference the autodiff tests use.

import fc from 'fast-check';
import { expect } from 'vitest';
import { type Shape, Tensor } from '../../src/autodiff/index.js';

/** f′(x) ≈ (f(x + h) − f(x − h)) / 2h, with h scaled to x so large arguments keep their precision. */
export function numericDerivative(f: (x: number) => number, x: number, h = 1e-5): number {
  const step = h * Math.max(1, Math.abs(x));
  return (f(x + step) - f(x - step)) / (2 * step);
}

/** ∇f(x) by central differences, one coordinate at a time. */
export function numericGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-5): Float64Array {
  return x.map((xi, i) =>
    numericDerivative(
      (t) => {
        const moved = x.slice();
        moved[i] = t;
        return f(moved);
      },
      xi,
      h,
    ),
  );
}

/** Asserts |actual − expected| ≤ tol · (1 + |expected|) element by element, naming the first miss. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (!(Math.abs(a - e) <= tol * (1 + Math.abs(e)))) {
      expect.fail(`element ${i}: got ${a}, expected ${e} (tolerance ${tol})`);
    }
  }
}

/** Random tensors of a fixed shape with entries in [min, max]. */
export function arbTensor(shape: Shape, min = -3, max = 3): fc.Arbitrary<Tensor> {
  const size = shape.reduce((a, b) => a * b, 1);
  return fc
    .array(fc.double({ min, max, noNaN: true }), { minLength: size, maxLength: size })
    .map((values) => new Tensor(Float64Array.from(values), shape));
}

/** Random tensors whose entries keep at least `gap` away from 0 (for kinks and poles), in ±[gap, max]. */
export function arbAwayFromZero(shape: Shape, gap = 0.1, max = 3): fc.Arbitrary<Tensor> {
  return arbTensor(shape, -max + gap, max - gap).map(
    (t) =>
      new Tensor(
        t.data.map((v) => (v >= 0 ? v + gap : v - gap)),
        shape,
      ),
  );
}

/** A matrix shape [rows, cols] with each side in 1..4. */
export const arbMatrixShape: fc.Arbitrary<[number, number]> = fc.tuple(
  fc.integer({ min: 1, max: 4 }),
  fc.integer({ min: 1, max: 4 }),
);
