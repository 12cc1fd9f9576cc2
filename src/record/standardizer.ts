// Standardizer: the per-column mean and spread a fit scaled its inputs by, as plain data.

/**
 * Per-column statistics of a row-major matrix, as plain data (checkpoints store it as is).
 *
 * @example
 * const s: Standardizer = fitStandardizer(Float64Array.of(1, 3), 1);
 * [...s.mean, ...s.std]; // → [2, 1]
 * [...standardize(Float64Array.of(1, 3, 5), s)]; // → [-1, 1, 3]
 */
export interface Standardizer {
  readonly mean: Float64Array;
  /** The population standard deviation (divided by n); a constant column gets 1, so it is only centred. */
  readonly std: Float64Array;
}
