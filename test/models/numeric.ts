// Central finite differences and a closeness check: the independent reference for loss and model gradients.

import { expect } from 'vitest';

/** ∇f(x) by central differences with a step scaled to each coordinate. */
export function numericGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  return x.map((xi, i) => {
    const step = h * Math.max(1, Math.abs(xi));
    const moved = x.slice();
    moved[i] = xi + step;
    const up = f(moved);
    moved[i] = xi - step;
    return (up - f(moved)) / (2 * step);
  });
}

/** Asserts |actual − expected| ≤ tol · (1 + |expected|) element by element, naming the first miss. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (!(Math.abs(a - e) <= tol * (1 + Math.abs(e))))
      expect.fail(`element ${i}: got ${a}, expected ${e} (tolerance ${tol})`);
  }
}
