// Independent references for the kernel tests: per-element loops written for clarity, central differences, random data.

import fc from 'fast-check';
import { expect } from 'vitest';

/** A row-major problem: rows × cols features, targets, and params = [w…, b]. */
export interface Problem {
  rows: number;
  cols: number;
  x: Float64Array;
  y: Float64Array;
  params: Float64Array;
}

const within = (bound: number) => fc.double({ min: -bound, max: bound, noNaN: true });
const values = (length: number, bound: number) =>
  fc.array(within(bound), { minLength: length, maxLength: length }).map((v) => Float64Array.from(v));

/**
 * Random problems of 0–13 rows (every remainder mod 4) and 1–6 columns, x and params within ±bound; targets
 * from `target` (by default also within ±bound).
 */
export function problems(bound = 3, target: fc.Arbitrary<number> = within(bound)): fc.Arbitrary<Problem> {
  return fc
    .record({ rows: fc.integer({ min: 0, max: 13 }), cols: fc.integer({ min: 1, max: 6 }) })
    .chain(({ rows, cols }) =>
      fc.record({
        rows: fc.constant(rows),
        cols: fc.constant(cols),
        x: values(rows * cols, bound),
        y: fc.array(target, { minLength: rows, maxLength: rows }).map((v) => Float64Array.from(v)),
        params: values(cols + 1, bound),
      }),
    );
}

/** The residuals or logits of each row, by the definition: Σ_j x_ij w_j + b. */
export function affine({ rows, cols, x, params }: Problem): number[] {
  return Array.from({ length: rows }, (_, i) => {
    let z = params[cols]!;
    for (let j = 0; j < cols; j++) z += x[i * cols + j]! * params[j]!;
    return z;
  });
}

/** Σ_i s_i·[x_i, 1]: the gradient both models share once each row's scalar s_i is known. */
export function weightedRowSum({ rows, cols, x }: Problem, s: readonly number[]): Float64Array {
  const grad = new Float64Array(cols + 1);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) grad[j]! += s[i]! * x[i * cols + j]!;
    grad[cols]! += s[i]!;
  }
  return grad;
}

/** ∇f by central differences, one coordinate at a time, the step scaled to the coordinate. */
export function numericGradient(
  f: (params: Float64Array) => number,
  params: Float64Array,
  h: number,
): Float64Array {
  return params.map((p, i) => {
    const step = h * Math.max(1, Math.abs(p));
    const moved = params.slice();
    moved[i] = p + step;
    const up = f(moved);
    moved[i] = p - step;
    return (up - f(moved)) / (2 * step);
  });
}

/** |actual − expected| ≤ tol · (1 + |expected|) element by element. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!);
    if (!(error <= tol * (1 + Math.abs(expected[i]!)))) {
      expect.fail(`element ${i}: ${actual[i]} differs from ${expected[i]} by ${error}`);
    }
  }
}

/** Uniform values in [−1, 1) from a seed (mulberry32), for data too large to write out. */
export function seededValues(length: number, seed: number): Float64Array {
  const out = new Float64Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
