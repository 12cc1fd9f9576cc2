// Streamed Parquet: spilled through DuckDB a chunk at a time, it trains the same model as the CSV it came from and as itself in memory.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetShape, readParquetFile, spillParquet } from '../../src/data/parquet-file.js';
import { memoryWindows } from '../../src/data/row-windows.js';
import { spillCsv } from '../../src/data/spill-file.js';
import { InputError } from '../../src/errors.js';
import { fit } from '../../src/train/fit.js';
import { fitWindows } from '../../src/train/fit-windows.js';

const folder = mkdtempSync(join(tmpdir(), 'downhill-parquet-stream-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string): string => join(folder, name);

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

// 5,000 rows: more than two of DuckDB's 2,048-row chunks, so the spill sees several.
const ROWS = 5000;
const lines = ['a,b,c,label,y'];
for (let i = 0; i < ROWS; i++) {
  const [a, b, c] = [((i * 37) % 101) / 50 - 1, ((i * 53) % 89) / 44 - 1, ((i * 71) % 97) / 48 - 1];
  const y = 1.5 * a - 2 * b + 0.5 * c + 0.3 + ((i % 11) - 5) / 100;
  lines.push(`${a},${b},${c},${a - b > 0 ? 'up' : 'down'},${y.toFixed(6)}`);
}
const regression = { features: ['a', 'b', 'c'], target: 'y' };
const labels = { features: ['a', 'b'], target: 'label' };
const spillFiles = (): number => readdirSync(tmpdir()).filter((n) => n.startsWith('downhill-spill-')).length;

beforeAll(async () => {
  writeFileSync(file('rows.csv'), `${lines.join('\n')}\n`);
  await duck(
    `COPY (SELECT * FROM read_csv('${file('rows.csv')}', header = true)) TO '${file('rows.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`,
  );
  // An empty cell far past the first chunk: the error must still name its row.
  await duck(
    `COPY (SELECT i::DOUBLE AS x, CASE WHEN i = 4321 THEN NULL ELSE 2 * i END::DOUBLE AS y FROM range(5000) t(i)) TO '${file('hole.parquet')}' (FORMAT parquet)`,
  );
  await duck(
    `COPY (SELECT i::DOUBLE AS x, CASE WHEN i = 3000 THEN 'inf'::DOUBLE ELSE i END AS y FROM range(4000) t(i)) TO '${file('inf.parquet')}' (FORMAT parquet)`,
  );
  await duck(`COPY (SELECT 1.0 AS x, 2.0 AS y WHERE false) TO '${file('empty.parquet')}' (FORMAT parquet)`);
  writeFileSync(file('fake.parquet'), 'x,y\n1,2\n');
});

describe('spillParquet', () => {
  it('streams the rows of the CSV it came from, in the file order, with its shape from the metadata', async () => {
    const fromParquet = await spillParquet(file('rows.parquet'), regression, () => 700);
    const fromCsv = await spillCsv(file('rows.csv'), regression, () => 700);
    try {
      expect([fromParquet.rows, fromParquet.window]).toEqual([ROWS, 700]);
      expect(fromParquet.featureNames).toEqual(['a', 'b', 'c']);
      expect(fromParquet.spillBytes).toBe(fromCsv.spillBytes);
      const [x1, y1, x2, y2] = [
        new Float64Array(2100),
        new Float64Array(700),
        new Float64Array(2100),
        new Float64Array(700),
      ];
      for (let w = 0; w < Math.ceil(ROWS / 700); w++) {
        expect(fromParquet.read(w, x1, y1)).toBe(fromCsv.read(w, x2, y2));
        expect(x1).toEqual(x2);
        expect(y1).toEqual(y2);
      }
    } finally {
      fromParquet.close();
      fromCsv.close();
    }
    expect(await parquetShape(file('rows.parquet'), regression)).toEqual({ rows: ROWS, width: 3 });
  });

  it('trains the same model streamed from Parquet, streamed from CSV and in memory', async () => {
    const settings = { optimizer: 'adam', batchSize: 50, epochs: 3, seed: 5, tol: 0 } as const;
    const parquet = await spillParquet(file('rows.parquet'), regression, () => 1000);
    const csv = await spillCsv(file('rows.csv'), regression, () => 1000);
    try {
      const streamed = fitWindows(parquet, settings);
      expect(Array.from(streamed.params)).toEqual(Array.from(fitWindows(csv, settings).params));
      const inMemory = fitWindows(
        memoryWindows(await readParquetFile(file('rows.parquet'), regression), 1000),
        settings,
      );
      expect(Array.from(streamed.params)).toEqual(Array.from(inMemory.params));
      expect(streamed.loss).toBe(inMemory.loss);
    } finally {
      parquet.close();
      csv.close();
    }
  });

  it('equals fit() on the Parquet file in memory when one window holds every row, a classifier too', async () => {
    const settings = {
      model: 'logistic',
      optimizer: 'momentum',
      batchSize: 100,
      epochs: 4,
      seed: 8,
      tol: 0,
    } as const;
    const windows = await spillParquet(file('rows.parquet'), labels, () => ROWS);
    try {
      const streamed = fitWindows(windows, settings);
      const whole = fit(await readParquetFile(file('rows.parquet'), labels), settings);
      expect(streamed.classes).toEqual(['down', 'up']);
      expect(Array.from(streamed.params)).toEqual(Array.from(whole.params));
      expect(streamed.parameters).toEqual(whole.parameters);
    } finally {
      windows.close();
    }
  });

  it.each([
    ['an empty cell past the first chunk', 'hole.parquet', 'hole.parquet row 4322, column 2 "y": empty cell'],
    ['Infinity', 'inf.parquet', 'inf.parquet row 3001, column 2 "y": Infinity is not allowed'],
    ['no rows', 'empty.parquet', 'empty.parquet: no data rows'],
    ['a file that is not Parquet', 'fake.parquet', 'fake.parquet: cannot read it as Parquet'],
  ])('names the file (and the row) of %s, leaving no temporary file', async (_what, name, message) => {
    const before = spillFiles();
    const error = await spillParquet(file(name), {}, () => 1000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(message);
    expect((error as InputError).message.startsWith(file(name))).toBe(true);
    expect(spillFiles()).toBe(before);
  });
});
