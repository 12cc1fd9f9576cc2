// Standardization: hand-computed statistics, and a least-squares line fitted on scaled data mapped back to the raw fit.

import { describe, expect, it } from 'vitest';
import { fitStandardizer, standardize } from '../../src/data/standardize.js';
import { unstandardizeLinear } from '../../src/models/affine.js';

/** Least squares ŷ = w·x + b from the 2×2 normal equations [n Σx; Σx Σx²][b; w] = [Σy; Σxy], by Cramer's rule. */
function lineFit(x: Float64Array, y: Float64Array): { w: number; b: number } {
  const n = x.length;
  let sx = 0;
  let sxx = 0;
  let sy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sxx += x[i]! * x[i]!;
    sy += y[i]!;
    sxy += x[i]! * y[i]!;
  }
  const det = n * sxx - sx * sx;
  return { b: (sy * sxx - sx * sxy) / det, w: (n * sxy - sx * sy) / det };
}

describe('standardization', () => {
  it('computes per-column mean and population standard deviation, 1 for a constant column', () => {
    // Column 0 is 1…6: mean 3.5, Σ(x − 3.5)² = 17.5, variance 17.5/6. Column 1 is constant 7.
    const values = new Float64Array([1, 7, 2, 7, 3, 7, 4, 7, 5, 7, 6, 7]);
    const s = fitStandardizer(values, 2);
    expect(Array.from(s.mean)).toEqual([3.5, 7]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(17.5 / 6), 15);
    expect(s.std[1]).toBe(1);
    const z = standardize(values, s);
    expect(z).not.toBe(values);
    expect(z[0]).toBeCloseTo(-2.5 / Math.sqrt(17.5 / 6), 15);
    expect(z[1]).toBe(0);
    expect(values[0]).toBe(1); // the input is untouched
  });

  it('stays accurate when the mean dwarfs the spread', () => {
    const values = new Float64Array([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    const s = fitStandardizer(values, 1);
    expect(s.mean[0]).toBe(1e9 + 2);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 9);
  });

  const x = new Float64Array([12, 15, 19, 22, 30, 41, 44]);
  const y = new Float64Array([3.1, 3.9, 5.2, 5.8, 8.4, 11.3, 12.6]);

  it('maps a line fitted on standardized x back to the line fitted on raw x', () => {
    const raw = lineFit(x, y);
    const scaler = fitStandardizer(x, 1);
    const scaled = lineFit(standardize(x, scaler), y);
    const back = unstandardizeLinear({ weights: new Float64Array([scaled.w]), intercept: scaled.b }, scaler);
    expect(back.weights[0]).toBeCloseTo(raw.w, 12);
    expect(back.intercept).toBeCloseTo(raw.b, 12);
  });

  it('maps back when the target was standardized too', () => {
    const raw = lineFit(x, y);
    const xs = fitStandardizer(x, 1);
    const ys = fitStandardizer(y, 1);
    const scaled = lineFit(standardize(x, xs), standardize(y, ys));
    const back = unstandardizeLinear({ weights: new Float64Array([scaled.w]), intercept: scaled.b }, xs, ys);
    expect(back.weights[0]).toBeCloseTo(raw.w, 12);
    expect(back.intercept).toBeCloseTo(raw.b, 12);
  });

  it('matches the documented example: ŷ = 3z + 1 with z = (x − 2)/0.5 is ŷ = 6x − 11', () => {
    const back = unstandardizeLinear(
      { weights: new Float64Array([3]), intercept: 1 },
      { mean: new Float64Array([2]), std: new Float64Array([0.5]) },
    );
    expect(Array.from(back.weights)).toEqual([6]);
    expect(back.intercept).toBe(-11);
  });
});
