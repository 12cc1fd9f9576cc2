// Parquet files through DuckDB: the same dataset and model as the CSV they were written from, errors naming the file, row and column.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/data/csv-file.js';
import { loadData } from '../../src/data/load.js';
import { readParquetFile } from '../../src/data/parquet-file.js';
import { InputError } from '../../src/errors.js';
import { fit } from '../../src/train/fit.js';

const folder = mkdtempSync(join(tmpdir(), 'downhill-parquet-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string): string => join(folder, name);

/** Runs SQL in a fresh DuckDB: how the tests write their Parquet files, with DuckDB itself. */
async function duck(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const csvLines = ['a,b,label,y'];
for (let i = 0; i < 200; i++) {
  const a = ((i * 37) % 101) / 10 - 5;
  const b = ((i * 53) % 89) / 7;
  csvLines.push(
    `${a},${b},${a + b > 3 ? 'high' : 'low'},${(2 * a - 0.5 * b + 1 + ((i % 7) - 3) / 100).toFixed(6)}`,
  );
}

beforeAll(async () => {
  writeFileSync(file('data.csv'), `${csvLines.join('\n')}\n`);
  await duck(
    `COPY (SELECT * FROM read_csv('${file('data.csv')}', header = true)) TO '${file('data.parquet')}' (FORMAT parquet)`,
  );
  await duck(
    `COPY (SELECT * FROM (VALUES (1.0, 2.0), (3.0, NULL), (5.0, 6.0)) t(x, y)) TO '${file('null.parquet')}' (FORMAT parquet)`,
  );
  await duck(
    `COPY (SELECT * FROM (VALUES (1.0, 2.0), ('nan'::DOUBLE, 4.0)) t(x, y)) TO '${file('nan.parquet')}' (FORMAT parquet)`,
  );
  await duck(
    `COPY (SELECT * FROM (VALUES ('one', 2.0)) t(name, y)) TO '${file('text.parquet')}' (FORMAT parquet)`,
  );
  writeFileSync(file('fake.parquet'), 'x,y\n1,2\n');
});

describe('Parquet input', () => {
  it('reads the same dataset as the CSV it came from', async () => {
    const options = { features: ['a', 'b'], target: 'y', name: 'same' };
    expect(await readParquetFile(file('data.parquet'), options)).toEqual(
      await readCsvFile(file('data.csv'), options),
    );
  });

  it('trains the same model as the CSV, a regression and a classifier', async () => {
    const regression = { features: ['a', 'b'], target: 'y' };
    const settings = { optimizer: 'adam', batchSize: 16, epochs: 20, seed: 3, standardize: true } as const;
    const fromCsv = fit(await loadData(file('data.csv'), regression), settings);
    const fromParquet = fit(await loadData(file('data.parquet'), regression), settings);
    expect(fromParquet.parameters).toEqual(fromCsv.parameters);
    const labels = { features: ['a', 'b'], target: 'label', targetKind: 'categorical' } as const;
    const classifier = { ...settings, model: 'logistic' };
    const csvClasses = fit(await loadData(file('data.csv'), labels), classifier);
    const parquetClasses = fit(await loadData(file('data.parquet'), labels), classifier);
    expect(parquetClasses.classes).toEqual(['high', 'low']);
    expect(parquetClasses.parameters).toEqual(csvClasses.parameters);
  });

  it.each([
    ['an empty cell', 'null.parquet', {}, 'null.parquet row 2, column 2 "y": empty cell'],
    ['NaN', 'nan.parquet', {}, 'nan.parquet row 2, column 1 "x": NaN is not allowed'],
    ['a column of text', 'text.parquet', {}, 'text.parquet, column 1 "name": holds VARCHAR, not numbers'],
    [
      'an unknown column',
      'data.parquet',
      { target: 'z' },
      'data.parquet: no target column "z"; the columns are a, b, label, y',
    ],
    ['a file that is not Parquet', 'fake.parquet', {}, 'fake.parquet: cannot read it as Parquet'],
  ])('names the file, row and column of %s', async (_what, name, options, message) => {
    const error = await readParquetFile(file(name), options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(message);
    expect((error as InputError).message.startsWith(file(name))).toBe(true);
  });

  it('says a missing file or a folder as the CSV reader does', async () => {
    const missing = await readParquetFile(file('none.parquet')).catch((e: unknown) => e);
    expect((missing as InputError).message).toBe(`cannot read "${file('none.parquet')}": no such file`);
    const folder = await readParquetFile(file('')).catch((e: unknown) => e);
    expect((folder as InputError).message).toBe(`cannot read "${file('')}": it is a folder`);
  });
});
