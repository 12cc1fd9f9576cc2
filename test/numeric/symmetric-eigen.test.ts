// Symmetric eigenvalues against closed forms and matrices built from known spectra.

import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues } from '../../src/numeric/symmetric-eigen.js';

/** Q·diag(λ)·Qᵀ for Q a product of plane rotations by the given angles: a matrix whose spectrum is λ. */
function withSpectrum(lambda: readonly number[], angles: readonly number[]): Float64Array {
  const n = lambda.length;
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  let k = 0;
  for (let p = 0; p < n; p++) {
    for (let r = p + 1; r < n; r++) {
      const t = angles[k++ % angles.length]!;
      const c = Math.cos(t);
      const s = Math.sin(t);
      for (let i = 0; i < n; i++) {
        const a = q[i * n + p]!;
        const b = q[i * n + r]!;
        q[i * n + p] = c * a - s * b;
        q[i * n + r] = s * a + c * b;
      }
    }
  }
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k2 = 0; k2 < n; k2++) sum += q[i * n + k2]! * lambda[k2]! * q[j * n + k2]!;
      m[i * n + j] = sum;
    }
  }
  return m;
}

describe('symmetricEigenvalues', () => {
  it.each([
    // [a, b, c] of [[a, b], [b, c]] and (a+c)/2 ± √(((a−c)/2)² + b²) worked out by hand
    [
      [2, 1, 2],
      [1, 3],
    ],
    [
      [2, 0, 200],
      [2, 200],
    ],
    [
      [1, 1, 1],
      [0, 2],
    ],
    [
      [0, 2, 0],
      [-2, 2],
    ],
    [
      [402, -400, 200],
      [301 - Math.sqrt(101 ** 2 + 400 ** 2), 301 + Math.sqrt(101 ** 2 + 400 ** 2)],
    ],
  ])('2×2 %j → %j', ([a, b, c], expected) => {
    const values = symmetricEigenvalues(Float64Array.of(a!, b!, b!, c!), 2);
    expect(values[0]).toBeCloseTo(expected![0]!, 10);
    expect(values[1]).toBeCloseTo(expected![1]!, 10);
  });

  it('the 3×3 second-difference matrix has eigenvalues 2 − √2, 2, 2 + √2', () => {
    const values = symmetricEigenvalues(Float64Array.of(2, -1, 0, -1, 2, -1, 0, -1, 2), 3);
    expect(Array.from(values)).toEqual([
      expect.closeTo(2 - Math.SQRT2, 12),
      expect.closeTo(2, 12),
      expect.closeTo(2 + Math.SQRT2, 12),
    ]);
  });

  it.each([[[-3, 0.5, 1, 7]], [[1e-3, 1, 1, 1e3, 5]], [[-2, -2, 0, 0, 4, 9, 9, 11]]])(
    'recovers the spectrum %j from a rotated diagonal matrix',
    (lambda) => {
      const n = lambda.length;
      const values = symmetricEigenvalues(withSpectrum(lambda, [0.3, -1.1, 2.5, 0.7]), n);
      const sorted = [...lambda].sort((a, b) => a - b);
      for (const [i, v] of sorted.entries()) expect(values[i]).toBeCloseTo(v, 9);
    },
  );

  it('gives NaN for non-finite entries', () => {
    expect(Number.isNaN(symmetricEigenvalues(Float64Array.of(Number.NaN, 0, 0, 1), 2)[0]!)).toBe(true);
  });
});
