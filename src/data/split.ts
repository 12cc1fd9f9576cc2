// Splits: a dataset's rows picked by index, and a shuffled train/validation split.

import { InputError } from '../errors.js';
import type { Dataset } from './dataset.js';
import type { Random } from './random.js';

/**
 * A new dataset holding the given rows, in the given order (features and target copied).
 *
 * @example
 * takeRows(data, Uint32Array.of(0, 2)).rows; // 2
 */
export function takeRows(data: Dataset, indices: Uint32Array): Dataset {
  const width = data.featureNames.length;
  const features = new Float64Array(indices.length * width);
  const target = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    features.set(data.features.subarray(row * width, (row + 1) * width), i * width);
    target[i] = data.target[row]!;
  }
  return { ...data, rows: indices.length, features, target };
}

/**
 * Holds out round(fraction × rows) rows, chosen by a Fisher–Yates shuffle from `rng`, as the
 * validation set; the rest train. Each part keeps the file's row order, so the split depends only on
 * the generator's state. Both parts must get at least one row.
 *
 * @example
 * const { train, validation } = splitValidation(await loadBuiltin('iris'), 0.2, Random.seeded(1));
 * [train.rows, validation.rows]; // → [120, 30]
 */
export function splitValidation(
  data: Dataset,
  fraction: number,
  rng: Random,
): { train: Dataset; validation: Dataset } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new InputError(
      (name) => `${name('validation')}: the fraction must be between 0 and 1 (exclusive), got ${fraction}`,
      { key: 'validation' },
    );
  }
  const held = Math.round(fraction * data.rows);
  if (held < 1 || held > data.rows - 1) {
    throw new InputError(
      (name) =>
        `${name('validation')}: ${fraction} of ${data.rows} rows leaves ${held === 0 ? 'no validation' : 'no training'} rows`,
      { key: 'validation' },
    );
  }
  const order = rng.shuffle(Uint32Array.from({ length: data.rows }, (_, i) => i));
  return {
    train: takeRows(data, order.slice(held).sort()),
    validation: takeRows(data, order.slice(0, held).sort()),
  };
}
