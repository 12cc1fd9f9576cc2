// readCsvFile: a CSV file on disk into a Dataset, streamed so memory stays near the size of the numbers.

import { createReadStream } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename, extname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { InputError } from '../errors.js';
import { CsvGuard } from './csv-guard.js';
import { MIN_SPLIT_BYTES, workerHalf } from './csv-second-half.js';
import { type CsvOptions, CsvTable, csvFailure, csvParseOptions, renumberLabels } from './csv-table.js';
import type { Dataset } from './dataset.js';
import { fileProblem } from './file-problem.js';
import type { RowBlock } from './numeric-csv.js';
import { growingBlock, jsLines, type LineSetup, scanPlainCsv } from './plain-csv-file.js';
import { WasmCsvLines } from './wasm-csv-lines.js';

/**
 * Whether a second thread would find a core of its own: more than one core, and a 1-minute load average below
 * their count. With every core busy, two threads read a file no faster than one (measured at load 10 on 2 cores:
 * 1.5–2× slower from 2 to 40 MB), and the worker's start is lost.
 */
const coreFree = (): boolean => availableParallelism() > 1 && loadavg()[0]! < availableParallelism();

/**
 * readCsvFile's options: the columns (CsvOptions) and the threads that read a plain numeric file.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('pairs.csv', 'x,y\n1,2\n3,4\n5,6\n');
 * const options: CsvFileOptions = { target: 'y', threads: 2 };
 * (await readCsvFile('pairs.csv', options)).rows; // → 3
 */
export interface CsvFileOptions extends CsvOptions {
  /**
   * 'auto' (default): a plain numeric file of 16 MB or more is read on two threads (its second half on a worker)
   * where a core is free, any other on this thread; 1: this thread alone; 2: two threads whatever the size and
   * the load. The rows are the same, bit for bit.
   */
  readonly threads?: 1 | 2 | 'auto';
}

/**
 * Reads a CSV file with a header row into a Dataset. A file of plain numbers (unquoted, one record a
 * line — what most programs write) is read straight from its bytes (scanPlainCsv; numbers by the
 * WebAssembly scanner where the host has it, into its memory, which the Dataset's arrays then view; a large one on
 * two threads, see `threads`); any other file,
 * and any file with a problem, streams through csv-parse, and each record's numbers go straight into
 * Float64Arrays, so a large file never sits in memory as text or string arrays. Any problem — a missing file, a ragged row, an empty cell, text or NaN/Infinity in a
 * numeric column, an unknown column, no data rows — is an InputError naming the file and line.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('house.csv', 'area,rooms,price\n50,2,150\n80,3,240\n120,4,330\n');
 * const data = await readCsvFile('house.csv', { target: 'price', features: ['area'] });
 * [data.rows, data.featureNames]; // → [3, ['area']]
 * [...data.target]; // → [150, 240, 330]
 */
export async function readCsvFile(path: string, options: CsvFileOptions = {}): Promise<Dataset> {
  const { threads = 'auto' } = options;
  const name = options.name ?? basename(path, extname(path));
  // Where the plain reader leaves the rows: growingBlock's arrays, or the WebAssembly scanner's memory.
  const made: { block?: RowBlock; wasm?: WasmCsvLines } = {};
  const setup: LineSetup = (roles, width, labelTarget, expected, secondRows = 0) => {
    // Numbers go through the WebAssembly scanner where the host has it; labels through the JavaScript one. A
    // second part (the file's second half, on a worker) needs a shared memory.
    const second = secondRows > 0 && WasmCsvLines.available(true) ? secondRows : 0;
    // Without a second part, this part's room is for every row.
    const rows = expected + secondRows - second;
    if (!labelTarget && WasmCsvLines.available()) {
      made.wasm = new WasmCsvLines(roles, width, rows * 1.02, second * 1.02);
      return made.wasm;
    }
    return jsLines((columns, count) => {
      made.block = growingBlock(columns, count * 1.02);
      return made.block;
    })(roles, width, labelTarget, rows);
  };
  // A large file's second half is scanned on a worker thread meanwhile (see scanPlainCsv).
  const plain = await scanPlainCsv(path, options, setup, {
    setup: workerHalf,
    minSplitBytes:
      threads === 2 ? 0 : threads === 'auto' && coreFree() ? MIN_SPLIT_BYTES : Number.POSITIVE_INFINITY,
  });
  const rows =
    made.wasm === undefined
      ? made.block
      : { features: made.wasm.features(), target: made.wasm.target(), capacity: made.wasm.room };
  // A label holding a NUL byte is binary data: the csv-parse path below refuses it with its line.
  const binary = plain?.labels?.some((label) => label.includes('\0')) ?? false;
  if (plain !== null && rows !== undefined && !binary) {
    const { features, target, capacity } = rows;
    const width = plain.featureNames.length;
    // A little room left over stays with the arrays; much of it is given back by a copy.
    const fits = capacity - plain.rows <= capacity / 8;
    const cut = (values: Float64Array, n: number) => (fits ? values.subarray(0, n) : values.slice(0, n));
    const y = cut(target, plain.rows);
    return {
      name,
      featureNames: plain.featureNames,
      targetName: plain.targetName,
      rows: plain.rows,
      features: cut(features, plain.rows * width),
      target: y,
      classes: plain.labels === null ? null : renumberLabels(plain.labels, y),
    };
  }
  const table = new CsvTable(path, name, options);
  const parser = parse(csvParseOptions(table));
  // Records are consumed inside on_record; draining the (empty) readable side lets the stream end.
  parser.resume();
  const guard = new CsvGuard(path);
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        guard.check(chunk);
        done(null, chunk);
      } catch (error) {
        done(error as Error);
      }
    },
  });
  try {
    await pipeline(createReadStream(path), checked, parser);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && (error as NodeJS.ErrnoException).syscall !== undefined) {
      throw new InputError(`cannot read "${path}": ${fileProblem(error)}`);
    }
    throw csvFailure(path, error);
  }
  return table.finish();
}
