// Dataset: the DATA part — a feature matrix and a target, row-major Float64Arrays with named columns.

/**
 * Examples as rows: `features` is rows × featureNames.length, row-major, so a kernel reads each row
 * once per epoch. A classification target holds class indices 0…k−1 into `classes`; a regression
 * target holds numbers and `classes` is null.
 *
 * @example
 * const data: Dataset = {
 *   name: 'tiny',
 *   featureNames: ['x'],
 *   targetName: 'y',
 *   rows: 3,
 *   features: Float64Array.of(1, 2, 3),
 *   target: Float64Array.of(3, 5, 7),
 *   classes: null,
 * };
 * fit(data, { model: 'linear', optimizer: 'lbfgs' }).parameters; // → { intercept: 1, x: 2 }
 */
export interface Dataset {
  readonly name: string;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  readonly rows: number;
  readonly features: Float64Array;
  readonly target: Float64Array;
  readonly classes: readonly string[] | null;
}
