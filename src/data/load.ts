// loadData: what `downhill fit DATA` reads — `@NAME` for a built-in dataset, a .parquet file, anything else a CSV path.

import { type BuiltinOptions, loadBuiltin } from './builtin.js';
import { readCsvFile } from './csv-file.js';
import type { Dataset } from './dataset.js';

/**
 * Loads `@NAME` as a built-in dataset, a name ending in `.parquet` as a Parquet file (readParquetFile)
 * and anything else as a CSV file with a header row (a file
 * whose name starts with `@` is reached as `./@name.csv`). `seed` and `rows` apply to generated sets.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * (await loadData('@spiral', { seed: 7 })).rows; // → 400
 * writeFileSync('house.csv', 'area,rooms,price\n50,2,150\n80,3,240\n120,4,330\n');
 * (await loadData('house.csv', { target: 'price' })).featureNames; // → ['area', 'rooms']
 */
export function loadData(spec: string, options: BuiltinOptions = {}): Promise<Dataset> {
  if (spec.startsWith('@')) return loadBuiltin(spec.slice(1), options);
  const { seed: _seed, rows: _rows, ...csv } = options;
  // DuckDB's native module loads only for a Parquet file.
  if (/\.parquet$/i.test(spec)) return import('./parquet-file.js').then((m) => m.readParquetFile(spec, csv));
  return readCsvFile(spec, csv);
}
