// parseCsvText: CSV text already in memory (a browser upload, a test) into a Dataset; no Node APIs.

import { parse } from 'csv-parse/browser/esm/sync';
import { CsvGuard } from './csv-guard.js';
import { type CsvOptions, CsvTable, csvFailure, csvParseOptions } from './csv-table.js';
import type { Dataset } from './dataset.js';

/**
 * Reads CSV text with a header row into a Dataset, with the same rules and messages as readCsvFile;
 * `source` names the text in messages. Uses csv-parse's browser build, which runs anywhere.
 *
 * @example
 * const data = parseCsvText('x,y\n1,3\n2,5\n', { target: 'y' });
 * data.features; // → [1, 2]
 * data.target; // → [3, 5]
 */
export function parseCsvText(text: string, options: CsvOptions = {}, source = 'CSV text'): Dataset {
  const table = new CsvTable(source, options.name ?? 'csv', options);
  new CsvGuard(source).check(text);
  try {
    parse(text, csvParseOptions(table));
  } catch (error) {
    throw csvFailure(source, error);
  }
  return table.finish();
}
