// Standardization: per-column mean and standard deviation, the scaled copy, and linear weights mapped back.

/** Per-column statistics of a row-major matrix, as plain data (checkpoints store it as is). */
export interface Standardizer {
  readonly mean: Float64Array;
  /** The population standard deviation (divided by n); a constant column gets 1, so it is only centred. */
  readonly std: Float64Array;
}

/**
 * The mean and population standard deviation of each column of a row-major `rows × columns` matrix,
 * computed with Welford's update, which stays accurate when the mean is large next to the spread.
 *
 * @example
 * const s = fitStandardizer(new Float64Array([1, 10, 3, 10]), 2); // two rows, two columns
 * s.mean; // [2, 10]
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
 * standardize(new Float64Array([1, 3]), fitStandardizer(new Float64Array([1, 3]), 1)); // [-1, 1]
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

/** Weights and intercept of one linear output ŷ = w·x + b. */
export interface LinearParams {
  readonly weights: Float64Array;
  readonly intercept: number;
}

/**
 * Maps a linear model learned on standardized features back to the original units, so users read
 * parameters for the data they gave. With z_j = (x_j − μ_j)/σ_j and ŷ' = w'·z + b':
 * w_j = w'_j / σ_j and b = b' − Σ_j w'_j μ_j / σ_j. When the target was standardized too (one-column
 * `target` statistics μ_y, σ_y), both are then scaled by σ_y and μ_y is added to the intercept.
 * For a logistic model the same map applies to the logit.
 *
 * @example
 * // learned ŷ = 3·z + 1 with z = (x − 2) / 0.5, i.e. ŷ = 6x − 11
 * unstandardizeLinear({ weights: new Float64Array([3]), intercept: 1 },
 *   { mean: new Float64Array([2]), std: new Float64Array([0.5]) }); // { weights: [6], intercept: -11 }
 */
export function unstandardizeLinear(
  params: LinearParams,
  features: Standardizer,
  target?: Standardizer,
): LinearParams {
  const scale = target === undefined ? 1 : target.std[0]!;
  const shift = target === undefined ? 0 : target.mean[0]!;
  const weights = new Float64Array(params.weights.length);
  let intercept = params.intercept;
  for (let j = 0; j < weights.length; j++) {
    const w = params.weights[j]! / features.std[j]!;
    weights[j] = w * scale;
    intercept -= w * features.mean[j]!;
  }
  return { weights, intercept: intercept * scale + shift };
}
