// readParquetFile: a Parquet file into a Dataset through DuckDB, loaded only when a .parquet file is read (Node only).

import { InputError } from '../errors.js';
import { type CsvOptions, CsvTable, renumberLabels } from './csv-table.js';
import type { Dataset } from './dataset.js';

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

/** DuckDB's message without its SQL excerpt: the first line, where it says what is wrong. */
function duckMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? text).replace(/^[A-Za-z ]+Error: /, '');
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
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    enable_external_access: 'true',
  });
  const connection = await instance.connect();
  try {
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
    let result: Awaited<ReturnType<typeof connection.run>>;
    try {
      result = await connection.run(`SELECT ${selected.join(', ')} FROM ${source}`);
    } catch (error) {
      throw new InputError(`${path}: ${duckMessage(error)}`);
    }
    const materialized = result as unknown as {
      rowCount: number;
      chunkCount: number;
      getChunk(index: number): {
        rowCount: number;
        getColumnVector(index: number): {
          items?: Float64Array;
          getItem(index: number): unknown;
        };
      };
    };
    const rows = materialized.rowCount;
    if (rows === 0) throw new InputError(`${path}: no data rows`);
    const width = columns.features.length;
    const features = new Float64Array(rows * width);
    const target = new Float64Array(rows);
    const seen = new Map<string, number>();
    const cellError = (row: number, slot: number, reason: string): InputError => {
      const column = slot < width ? columns.features[slot]! : columns.target;
      return new InputError(`${path} row ${row + 1}, column ${column + 1} "${names[column]}": ${reason}`);
    };
    let start = 0;
    for (let k = 0; k < materialized.chunkCount; k++) {
      const chunk = materialized.getChunk(k);
      const n = chunk.rowCount;
      for (let slot = 0; slot <= width; slot++) {
        const vector = chunk.getColumnVector(slot);
        if (slot === width && labels) {
          for (let i = 0; i < n; i++) {
            const label = vector.getItem(i);
            if (label === null || label === '') throw cellError(start + i, slot, 'empty cell');
            let index = seen.get(label as string);
            if (index === undefined) {
              index = seen.size;
              seen.set(label as string, index);
            }
            target[start + i] = index;
          }
          continue;
        }
        const items = vector.items!;
        for (let i = 0; i < n; i++) {
          const value = items[i]!;
          if (!Number.isFinite(value) || vector.getItem(i) === null) {
            const reason =
              vector.getItem(i) === null
                ? 'empty cell'
                : `${value} is not allowed: every value must be a finite number`;
            throw cellError(start + i, slot, reason);
          }
          if (slot === width) target[start + i] = value;
          else features[(start + i) * width + slot] = value;
        }
      }
      start += n;
    }
    return {
      name: options.name ?? basename(path),
      featureNames: columns.features.map((c) => names[c]!),
      targetName: names[columns.target]!,
      rows,
      features,
      target,
      classes: labels ? renumberLabels([...seen.keys()], target) : null,
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function basename(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.parquet$/i, '');
}
