// readCsvFile: a CSV file on disk into a Dataset, streamed so memory stays near the size of the numbers.

import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { InputError } from '../errors.js';
import { type CsvOptions, CsvTable, csvFailure, csvParseOptions } from './csv-table.js';
import type { Dataset } from './dataset.js';

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/**
 * Reads a CSV file with a header row into a Dataset. The file streams through csv-parse and each
 * record's numbers go straight into Float64Arrays, so a large file never sits in memory as text or
 * string arrays. Any problem — a missing file, a ragged row, an empty cell, text or NaN/Infinity in a
 * numeric column, an unknown column, no data rows — is an InputError naming the file and line.
 *
 * @example
 * const data = await readCsvFile('house.csv', { target: 'price', features: ['area', 'rooms'] });
 * data.rows; data.featureNames; // ['area', 'rooms']
 */
export async function readCsvFile(path: string, options: CsvOptions = {}): Promise<Dataset> {
  const table = new CsvTable(path, options.name ?? basename(path, extname(path)), options);
  const parser = parse(csvParseOptions(table));
  // Records are consumed inside on_record; draining the (empty) readable side lets the stream end.
  parser.resume();
  try {
    await pipeline(createReadStream(path), parser);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && (error as NodeJS.ErrnoException).syscall !== undefined) {
      throw new InputError(`cannot read "${path}": ${reasons[code] ?? code}`);
    }
    throw csvFailure(path, error);
  }
  return table.finish();
}
