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
  const sums = new StandardizerSums(columns);
  sums.add(values);
  return sums.result();
}

/**
 * fitStandardizer over rows that arrive in parts: the same Welford update, row after row, so the parts
 * of a matrix added in order give fitStandardizer's result for the whole of it bit for bit.
 *
 * @example
 * const sums = new StandardizerSums(1);
 * sums.add(Float64Array.of(1, 3));
 * sums.add(Float64Array.of(5));
 * sums.result().mean; // → [3]
 */
export class StandardizerSums {
  private readonly mean: Float64Array;
  private readonly squares: Float64Array;
  private rows = 0;

  constructor(private readonly columns: number) {
    this.mean = new Float64Array(columns);
    this.squares = new Float64Array(columns);
  }

  /** Adds the rows of a row-major `rows × columns` matrix. */
  add(values: Float64Array): void {
    const { columns, mean, squares } = this;
    const rows = columns === 0 ? 0 : values.length / columns;
    for (let row = 0; row < rows; row++) {
      this.rows++;
      for (let j = 0; j < columns; j++) {
        const x = values[row * columns + j]!;
        const delta = x - mean[j]!;
        mean[j]! += delta / this.rows;
        squares[j]! += delta * (x - mean[j]!);
      }
    }
  }

  result(): Standardizer {
    const { columns, mean, squares, rows } = this;
    const std = new Float64Array(columns);
    for (let j = 0; j < columns; j++) {
      const sd = rows === 0 ? 0 : Math.sqrt(squares[j]! / rows);
      // A constant column has sd 0, or rounding noise far below its mean: leave it unscaled, not blown up.
      std[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j]!)) ? sd : 1;
    }
    return { mean: Float64Array.from(mean), std };
  }
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
