// Parquet files through DuckDB, loaded only when a .parquet file is read (Node only): readParquetFile into memory, spillParquet a chunk at a time.

import { closeSync, openSync, statSync } from 'node:fs';
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import { InputError } from '../errors.js';
import { type CsvOptions, CsvTable, renumberLabels } from './csv-table.js';
import type { Dataset } from './dataset.js';
import { fileProblem } from './file-problem.js';
import { openSpill, type SpilledWindows } from './spill-file.js';

const NUMERIC = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'UHUGEINT',
  'FLOAT',
  'DOUBLE',
]);
const isNumeric = (type: string): boolean => NUMERIC.has(type) || type.startsWith('DECIMAL');
const quoteName = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const quoteText = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** Why a path cannot be opened at all (missing, a folder, no permission), in the CSV reader's words; null when it can. */
function unopenable(path: string): InputError | null {
  try {
    if (statSync(path).isDirectory())
      return new InputError(`cannot read "${path}": ${fileProblem({ code: 'EISDIR' })}`);
    closeSync(openSync(path, 'r'));
    return null;
  } catch (error) {
    return new InputError(`cannot read "${path}": ${fileProblem(error)}`);
  }
}
/** DuckDB's message without its SQL excerpt: the first line, where it says what is wrong. */
function duckMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? text).replace(/^[A-Za-z ]+Error: /, '');
}

/** A DOUBLE column vector as DuckDB hands it over: its numbers, and null where a cell is empty. */
interface DoubleVector {
  readonly items: Float64Array;
  getItem(index: number): unknown;
}

/** An open Parquet file: its chosen columns checked, and the chunk decoder that turns rows into numbers. */
interface ParquetColumns {
  readonly connection: DuckDBConnection;
  /** The table function that reads the file, for SQL. */
  readonly source: string;
  /** The SELECT that reads the chosen columns, features as DOUBLE, then the target. */
  readonly select: string;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  readonly width: number;
  readonly labels: boolean;
  /** Labels in the order they first appeared; the decoded target holds these indices. */
  readonly seen: Map<string, number>;
  /** Decodes `chunk` into row `at` on of `features`/`target`; `first` is the file's row index of its first row. */
  decode(
    chunk: DuckDBDataChunk,
    features: Float64Array,
    target: Float64Array,
    at: number,
    first: number,
  ): void;
  close(): void;
}

/**
 * Opens `path` in a fresh in-memory DuckDB and checks its columns by the CSV reader's rules. DuckDB's
 * own settings (`threads`, `memory_limit`) bound what the streamed reader holds.
 */
async function openParquet(
  path: string,
  options: CsvOptions,
  settings: Record<string, string> = {},
): Promise<ParquetColumns> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    enable_external_access: 'true',
    ...settings,
  });
  const connection = await instance.connect();
  const close = (): void => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    // DuckDB would read a folder as the files in it; a path that cannot be opened is said as a CSV file's is.
    const problem = unopenable(path);
    if (problem !== null) throw problem;
    const source = `read_parquet(${quoteText(path)})`;
    let described: { name: string; type: string }[];
    try {
      const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
      described = reader.getRowObjectsJS().map((row) => ({
        name: String(row.column_name),
        type: String(row.column_type),
      }));
    } catch (error) {
      throw new InputError(`${path}: cannot read it as Parquet: ${duckMessage(error)}`);
    }
    const names = described.map((column) => column.name);
    const table = new CsvTable(path, options.name ?? 'parquet', options);
    try {
      table.add(names, 1);
    } catch (error) {
      // The column checks are the CSV reader's; a Parquet file has no header line to name.
      if (error instanceof InputError)
        throw new InputError(error.message.replace(`${path} line 1:`, `${path}:`));
      throw error;
    }
    const columns = table.columns!;
    for (const column of columns.features) {
      const { name, type } = described[column]!;
      if (!isNumeric(type))
        throw new InputError(`${path}, column ${column + 1} "${name}": holds ${type}, not numbers`);
    }
    const targetType = described[columns.target]!.type;
    const labels = columns.kind === 'categorical' || (columns.kind === 'auto' && !isNumeric(targetType));
    if (columns.kind === 'numeric' && !isNumeric(targetType)) {
      throw new InputError(
        `${path}, column ${columns.target + 1} "${names[columns.target]}": holds ${targetType}, not numbers`,
      );
    }
    const selected = [
      ...columns.features.map((c) => `CAST(${quoteName(names[c]!)} AS DOUBLE)`),
      labels
        ? `CAST(${quoteName(names[columns.target]!)} AS VARCHAR)`
        : `CAST(${quoteName(names[columns.target]!)} AS DOUBLE)`,
    ];
    const width = columns.features.length;
    const seen = new Map<string, number>();
    const cellError = (row: number, slot: number, reason: string): InputError => {
      const column = slot < width ? columns.features[slot]! : columns.target;
      return new InputError(`${path} row ${row + 1}, column ${column + 1} "${names[column]}": ${reason}`);
    };
    return {
      connection,
      source,
      select: `SELECT ${selected.join(', ')} FROM ${source}`,
      featureNames: columns.features.map((c) => names[c]!),
      targetName: names[columns.target]!,
      width,
      labels,
      seen,
      decode(chunk, features, target, at, first) {
        const n = chunk.rowCount;
        for (let slot = 0; slot <= width; slot++) {
          const vector = chunk.getColumnVector(slot);
          if (slot === width && labels) {
            for (let i = 0; i < n; i++) {
              const label = vector.getItem(i);
              if (label === null || label === '') throw cellError(first + i, slot, 'empty cell');
              let index = seen.get(label as string);
              if (index === undefined) {
                index = seen.size;
                seen.set(label as string, index);
              }
              target[at + i] = index;
            }
            continue;
          }
          const doubles = vector as unknown as DoubleVector;
          const items = doubles.items;
          for (let i = 0; i < n; i++) {
            const value = items[i]!;
            if (!Number.isFinite(value) || doubles.getItem(i) === null) {
              const reason =
                doubles.getItem(i) === null
                  ? 'empty cell'
                  : `${value} is not allowed: every value must be a finite number`;
              throw cellError(first + i, slot, reason);
            }
            if (slot === width) target[at + i] = value;
            else features[(at + i) * width + slot] = value;
          }
        }
      },
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}

/**
 * Reads a Parquet file into a Dataset with the CSV reader's column rules (target: the last column
 * unless named; features: every other column unless listed) through DuckDB, whose native module is
 * imported on the first call only. Feature columns must hold numbers (integers, decimals, floats; read
 * as float64); the target holds numbers or, for classification, labels of any type. Problems are
 * InputErrors naming the file and, for a cell, its row (1-based, as the file stores them) and column:
 * a file DuckDB cannot read, an unknown column, a column of text, an empty (null) cell, NaN or ±∞.
 *
 * @example
 * import { DuckDBInstance } from '@duckdb/node-api';
 * const db = await (await DuckDBInstance.create()).connect();
 * await db.run("COPY (FROM (VALUES (50, 150.0), (80, 240.0)) t(area, price)) TO 'house.parquet' (FORMAT parquet)");
 * const data = await readParquetFile('house.parquet', { target: 'price' });
 * [data.rows, data.featureNames]; // → [2, ['area']]
 */
export async function readParquetFile(path: string, options: CsvOptions = {}): Promise<Dataset> {
  const file = await openParquet(path, options);
  try {
    let result: Awaited<ReturnType<DuckDBConnection['run']>>;
    try {
      result = await file.connection.run(file.select);
    } catch (error) {
      throw new InputError(`${path}: ${duckMessage(error)}`);
    }
    const rows = result.rowCount;
    if (rows === 0) throw new InputError(`${path}: no data rows`);
    const features = new Float64Array(rows * file.width);
    const target = new Float64Array(rows);
    let start = 0;
    for (let k = 0; k < result.chunkCount; k++) {
      const chunk = result.getChunk(k);
      file.decode(chunk, features, target, start, start);
      start += chunk.rowCount;
    }
    return {
      name: options.name ?? basename(path),
      featureNames: file.featureNames,
      targetName: file.targetName,
      rows,
      features,
      target,
      classes: file.labels ? renumberLabels([...file.seen.keys()], target) : null,
    };
  } finally {
    file.close();
  }
}

/**
 * A Parquet file too large for memory, streamed once through DuckDB a chunk (2,048 rows) at a time
 * into a temporary float64 file and read back in windows of `windowRows(width)` rows, as spillCsv
 * does for CSV: the same columns, rows in the file's order, labels numbered in sorted order, and the
 * errors readParquetFile gives (the file, and a cell's row and column). DuckDB runs on one thread
 * with `duckMemory` bytes at most (default 64 MB), so the process holds one window besides.
 *
 * @example
 * import { DuckDBInstance } from '@duckdb/node-api';
 * const db = await (await DuckDBInstance.create()).connect();
 * await db.run("COPY (FROM (VALUES (1, 3.0), (2, 5.0), (3, 7.0)) t(x, y)) TO 'big.parquet' (FORMAT parquet)");
 * const windows = await spillParquet('big.parquet', { target: 'y' }, () => 2);
 * try {
 *   [windows.rows, windows.window]; // → [3, 2]
 *   const features = new Float64Array(2);
 *   const target = new Float64Array(2);
 *   windows.read(1, features, target); // → 1
 *   target[0]; // → 7
 * } finally {
 *   windows.close();
 * }
 */
export async function spillParquet(
  path: string,
  options: CsvOptions,
  windowRows: (width: number) => number,
  duckMemory = 64 * 2 ** 20,
): Promise<SpilledWindows> {
  const file = await openParquet(path, options, {
    threads: '1',
    memory_limit: `${Math.max(16, Math.floor(duckMemory / 2 ** 20))}MB`,
  });
  const spill = openSpill();
  try {
    const block = spill.block(file.width);
    let rows = 0;
    let stream: Awaited<ReturnType<DuckDBConnection['stream']>>;
    try {
      stream = await file.connection.stream(file.select);
    } catch (error) {
      throw new InputError(`${path}: ${duckMessage(error)}`);
    }
    for (;;) {
      let chunk: DuckDBDataChunk | null;
      try {
        chunk = await stream.fetchChunk();
      } catch (error) {
        throw new InputError(`${path}: ${duckMessage(error)}`);
      }
      if (chunk === null || chunk.rowCount === 0) break;
      if (block.capacity - block.rows < chunk.rowCount) block.flush();
      file.decode(chunk, block.features, block.target, block.rows, rows);
      block.rows += chunk.rowCount;
      rows += chunk.rowCount;
    }
    block.flush();
    if (rows === 0) throw new InputError(`${path}: no data rows`);
    const shape = {
      featureNames: file.featureNames,
      targetName: file.targetName,
      rows,
      labels: file.labels ? [...file.seen.keys()] : null,
    };
    return spill.windows(path, shape, windowRows);
  } catch (error) {
    spill.release();
    throw error;
  } finally {
    file.close();
  }
}

function basename(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.parquet$/i, '');
}

/**
 * The row count and the number of chosen feature columns of a Parquet file, from its metadata (no
 * data is read): what its numbers take in memory is rows × (width + 1) × 8 bytes.
 *
 * @example
 * import { DuckDBInstance } from '@duckdb/node-api';
 * const db = await (await DuckDBInstance.create()).connect();
 * await db.run("COPY (FROM (VALUES (1, 2, 3.0), (2, 1, 5.0)) t(a, b, y)) TO 'shape.parquet' (FORMAT parquet)");
 * await parquetShape('shape.parquet', { target: 'y' }); // → { rows: 2, width: 2 }
 */
export async function parquetShape(
  path: string,
  options: CsvOptions = {},
): Promise<{ rows: number; width: number }> {
  const file = await openParquet(path, options, { threads: '1' });
  try {
    const reader = await file.connection.runAndReadAll(`SELECT count(*) AS n FROM ${file.source}`);
    return { rows: Number(reader.getRowObjectsJS()[0]!.n), width: file.width };
  } catch (error) {
    throw error instanceof InputError ? error : new InputError(`${path}: ${duckMessage(error)}`);
  } finally {
    file.close();
  }
}
