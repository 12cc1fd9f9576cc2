// Standardization: per-column mean and standard deviation, and the scaled copy.

import type { Standardizer } from '../record/standardizer.js';

/**
 * The mean and population standard deviation of each column of a row-major `rows × columns` matrix,
 * computed with Welford's update, which stays accurate when the mean is large next to the spread.
 *
 * @example
 * const s = fitStandardizer(new Float64Array([1, 10, 3, 10]), 2); // two rows, two columns
 * s.mean; // → [2, 10]
 * s.std;  // [1, 1]  (the second column is constant: 0 becomes 1)
 */
export function fitStandardizer(values: Float64Array, columns: number): Standardizer {
  const rows = columns === 0 ? 0 : values.length / columns;
  const mean = new Float64Array(columns);
  const squares = new Float64Array(columns);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < columns; j++) {
      const x = values[row * columns + j]!;
      const delta = x - mean[j]!;
      mean[j]! += delta / (row + 1);
      squares[j]! += delta * (x - mean[j]!);
    }
  }
  const std = new Float64Array(columns);
  for (let j = 0; j < columns; j++) {
    const sd = rows === 0 ? 0 : Math.sqrt(squares[j]! / rows);
    // A constant column has sd 0, or rounding noise far below its mean: leave it unscaled, not blown up.
    std[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j]!)) ? sd : 1;
  }
  return { mean, std };
}

/**
 * A new row-major matrix with every column scaled to (x − mean) / std.
 *
 * @example
 * standardize(new Float64Array([1, 3]), fitStandardizer(new Float64Array([1, 3]), 1)); // → [-1, 1]
 */
export function standardize(values: Float64Array, scaler: Standardizer): Float64Array {
  const columns = scaler.mean.length;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const j = i % columns;
    out[i] = (values[i]! - scaler.mean[j]!) / scaler.std[j]!;
  }
  return out;
}
