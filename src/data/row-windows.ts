// RowWindows: a dataset read a window of rows at a time, from a file or from memory.

import type { Dataset } from './dataset.js';

/**
 * A dataset read a window at a time: windows 0, 1, … hold consecutive rows in the source's order,
 * `window` rows each (the last may hold fewer). `read` may reuse the arrays it is given.
 */
export interface RowWindows {
  readonly name: string;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  readonly classes: readonly string[] | null;
  readonly rows: number;
  readonly window: number;
  /** Copies window `index` into `features` (rows × width, row-major) and `target`; returns its row count. */
  read(index: number, features: Float64Array, target: Float64Array): number;
}

/**
 * Windows over a dataset already in memory: the same rows as a file streamed with the same window,
 * so a streamed run can be checked against it.
 *
 * @example
 * fitWindows(memoryWindows(data, 1024), { batchSize: 64, epochs: 5 });
 */
export function memoryWindows(data: Dataset, window: number): RowWindows {
  const width = data.featureNames.length;
  return {
    name: data.name,
    featureNames: data.featureNames,
    targetName: data.targetName,
    classes: data.classes,
    rows: data.rows,
    window,
    read(index, features, target) {
      const from = index * window;
      const rows = Math.min(window, data.rows - from);
      features.set(data.features.subarray(from * width, (from + rows) * width));
      target.set(data.target.subarray(from, from + rows));
      return rows;
    },
  };
}
