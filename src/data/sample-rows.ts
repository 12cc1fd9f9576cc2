// sampleRows: up to `limit` evenly spaced rows of a dataset, for estimates that need not read every row.

import type { Dataset } from './dataset.js';

/**
 * Rows ⌊i·rows/limit⌋ for i = 0…limit−1 (every row when there are no more than `limit`): spread over the whole
 * file, so a file sorted by its target still gives every part of it a say. The set itself when it is small
 * enough; otherwise copies.
 *
 * @example
 * sampleRows(data, 2048).target.length; // Math.min(data.rows, 2048)
 */
export function sampleRows(data: Dataset, limit: number): { features: Float64Array; target: Float64Array } {
  if (data.rows <= limit) return { features: data.features, target: data.target };
  const width = data.featureNames.length;
  const features = new Float64Array(limit * width);
  const target = new Float64Array(limit);
  for (let i = 0; i < limit; i++) {
    const row = Math.floor((i * data.rows) / limit);
    features.set(data.features.subarray(row * width, (row + 1) * width), i * width);
    target[i] = data.target[row]!;
  }
  return { features, target };
}
