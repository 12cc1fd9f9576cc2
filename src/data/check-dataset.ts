// checkDataset: a Dataset a program built, checked as the file readers check theirs — shapes, finite numbers, class indices.

import { InputError } from '../errors.js';
import type { Dataset } from './dataset.js';

/**
 * Refuses a Dataset whose arrays do not hold `rows` rows of its columns, whose numbers are not all
 * finite, or whose classification target holds something other than class indices — what a CSV or
 * Parquet reader refuses by line, here by row and column, so that fit() never trains on NaN and
 * reports it as a diverged run. One pass over the numbers, which a multiply by 0 turns into NaN
 * wherever a value is NaN or ±∞; the pass that finds the place runs only then.
 *
 * @example
 * const data = { name: 'tiny', featureNames: ['x'], targetName: 'y', rows: 2, classes: null,
 *   features: Float64Array.of(1, 2), target: Float64Array.of(3, Number.NaN) };
 * checkDataset(data); // InputError: tiny: row 2, target "y" is NaN; every value must be a finite number
 */
export function checkDataset(data: Dataset): void {
  const { name, rows, featureNames, features, target, classes } = data;
  const cols = featureNames.length;
  if (!Number.isInteger(rows) || rows < 1) throw new InputError(`${name}: no data rows`);
  if (cols < 1) throw new InputError(`${name}: no feature columns`);
  if (!(features instanceof Float64Array) || features.length !== rows * cols) {
    throw new InputError(
      `${name}: features holds ${features?.length ?? 0} numbers, not rows × columns = ${rows} × ${cols}`,
    );
  }
  if (!(target instanceof Float64Array) || target.length !== rows) {
    throw new InputError(`${name}: target holds ${target?.length ?? 0} numbers, not one per row (${rows})`);
  }
  let probe = 0;
  for (let i = 0; i < features.length; i++) probe += features[i]! * 0;
  if (probe !== 0) {
    const at = features.findIndex((v) => !Number.isFinite(v));
    const column = featureNames[at % cols]!;
    throw new InputError(
      `${name}: row ${Math.floor(at / cols) + 1}, feature "${column}" is ${features[at]}; every value must be a finite number`,
    );
  }
  const badTarget =
    classes === null
      ? target.findIndex((v) => !Number.isFinite(v))
      : target.findIndex((v) => !(Number.isInteger(v) && v >= 0 && v < classes.length));
  if (badTarget >= 0) {
    const value = target[badTarget]!;
    const want =
      classes === null || !Number.isFinite(value)
        ? 'every value must be a finite number'
        : `a class index in 0…${classes.length - 1} (classes ${classes.join(', ')})`;
    throw new InputError(`${name}: row ${badTarget + 1}, target "${data.targetName}" is ${value}; ${want}`);
  }
}
