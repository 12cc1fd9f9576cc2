// stream-fit: rows per second and peak RSS of `downhill fit --memory` on a CSV (and the same rows as Parquet) four times larger than the limit, against the same fit in memory.

import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Bench, BenchRow } from './bench.js';
import { BENCH_DIR, fillSeeded } from './linreg.js';

const MEMORY_MB = 256;
const [COLS, POOL, SEED, BATCH] = [20, 100_000, 20_251_202, 256];
const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const log = (line: string): void => {
  process.stderr.write(`  stream-fit: ${line}\n`);
};

/**
 * A CSV of at least `bytes`: y = X·w* + b* + noise with six decimals a value; the rows cycle through a
 * pool of 100,000 generated lines, so writing a gigabyte takes seconds.
 */
async function writeCsv(file: string, bytes: number): Promise<number> {
  const stamp = `${file}.json`;
  const settings = JSON.stringify({ bytes, COLS, POOL, SEED });
  if (existsSync(file) && existsSync(stamp) && readFileSync(stamp, 'utf8') === settings)
    return Number(readFileSync(`${file}.rows`, 'utf8'));
  mkdirSync(BENCH_DIR, { recursive: true });
  const truth = new Float64Array(COLS + 1);
  fillSeeded(truth, SEED);
  const x = new Float64Array(COLS);
  const pool: string[] = [];
  for (let i = 0; i < POOL; i++) {
    fillSeeded(x, SEED + 1 + i);
    let y = truth[COLS]! + 0.1 * Math.sin(i);
    for (let j = 0; j < COLS; j++) y += x[j]! * truth[j]!;
    pool.push([...x, y].map((v) => v.toFixed(6)).join(','));
  }
  const text = `${pool.join('\n')}\n`;
  const out = createWriteStream(`${file}.tmp`);
  out.write(`${[...Array.from({ length: COLS }, (_, j) => `x${j + 1}`), 'y'].join(',')}\n`);
  let written = 0;
  let rows = 0;
  while (written < bytes) {
    if (!out.write(text)) await once(out, 'drain');
    written += text.length;
    rows += POOL;
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${file}.tmp`, file);
  writeFileSync(`${file}.rows`, String(rows));
  writeFileSync(stamp, settings);
  return rows;
}

/** The same rows as Parquet, written by DuckDB from the CSV (once; kept beside it). */
async function writeParquet(csv: string, file: string): Promise<void> {
  const stamp = `${file}.json`;
  const settings = readFileSync(`${csv}.json`, 'utf8');
  if (existsSync(file) && existsSync(stamp) && readFileSync(stamp, 'utf8') === settings) return;
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const db = await instance.connect();
  try {
    await db.run(
      `COPY (SELECT * FROM read_csv('${csv}', header = true, all_varchar = false)) TO '${file}.tmp' (FORMAT parquet)`,
    );
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  renameSync(`${file}.tmp`, file);
  writeFileSync(stamp, settings);
}

/** Runs `downhill fit … --json` under /usr/bin/time -v: its report, wall seconds and peak RSS in bytes. */
function timedRun(args: readonly string[]): {
  report: Record<string, unknown>;
  seconds: number;
  peakRss: number;
} {
  const start = performance.now();
  const result = fitUnderTime(args);
  const seconds = (performance.now() - start) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  return {
    report: JSON.parse(result.stdout) as Record<string, unknown>,
    seconds,
    peakRss: Number(rss?.[1] ?? 0) * 1024,
  };
}

function fitUnderTime(args: readonly string[]): { stdout: string; stderr: string } {
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, CLI, 'fit', ...args, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0) throw new Error(`downhill fit failed: ${run.stderr}`);
  return { stdout: run.stdout, stderr: run.stderr };
}

export const bench: Bench = {
  name: 'stream-fit',
  async run(): Promise<BenchRow[]> {
    const memory = MEMORY_MB * 2 ** 20;
    const big = join(BENCH_DIR, 'stream-fit-big.csv');
    const small = join(BENCH_DIR, 'stream-fit-small.csv');
    log(`writing a CSV of ${(4 * MEMORY_MB) / 1024} GB and one of ${MEMORY_MB / 8} MB`);
    const bigRows = await writeCsv(big, 4 * memory);
    const smallRows = await writeCsv(small, memory / 8);
    const parquet = join(BENCH_DIR, 'stream-fit-big.parquet');
    log('writing the same rows as Parquet');
    await writeParquet(big, parquet);
    const settings = ['--optimizer', 'adam', '--batch-size', String(BATCH), '--epochs', '2', '--tol', '0'];
    const load = (): string => loadavg()[0]!.toFixed(1);
    log(`the streamed fit of the CSV (load ${load()})`);
    const streamed = timedRun([big, '--memory', `${MEMORY_MB}MB`, ...settings]);
    const stream = streamed.report.stream as { rowsPerSecond: number; window: number; rows: number };
    log(`the streamed fit of the Parquet file (load ${load()})`);
    const fromParquet = timedRun([parquet, '--memory', `${MEMORY_MB}MB`, ...settings]);
    const parquetStream = fromParquet.report.stream as { rowsPerSecond: number; window: number };
    log(`the in-memory fit (load ${load()})`);
    const inMemory = timedRun([small, ...settings]);
    const trainSeconds = (inMemory.report.timing as { trainSeconds: number }).trainSeconds;
    const inMemoryRate = (2 * smallRows) / trainSeconds;
    const sameModel =
      JSON.stringify(streamed.report.parameters) === JSON.stringify(fromParquet.report.parameters);
    const gb = (file: string): string => (statSync(file).size / 2 ** 30).toFixed(2);
    return [
      {
        name: 'stream-fit',
        // Seconds per million rows stepped on, streamed; the rates and the peak RSS are in the notes.
        downhill: 1e6 / stream.rowsPerSecond,
        peers: {},
        bound: null,
        notes: {
          data: `${bigRows} rows × ${COLS} (${gb(big)} GB of CSV, ${((bigRows * (COLS + 1) * 8) / 2 ** 30).toFixed(2)} GB as float64) under --memory ${MEMORY_MB}MB; in memory: ${smallRows} rows of the same lines; linear, adam, batch ${BATCH}, 2 epochs`,
          streamedRowsPerSecond: Math.round(stream.rowsPerSecond),
          streamedEndToEndRowsPerSecond: Math.round((2 * bigRows) / streamed.seconds),
          inMemoryRowsPerSecond: Math.round(inMemoryRate),
          streamedOverInMemory: +(stream.rowsPerSecond / inMemoryRate).toFixed(2),
          window: stream.window,
          peakRssMB: Math.round(streamed.peakRss / 2 ** 20),
          memoryLimitMB: MEMORY_MB,
          inMemoryPeakRssMB: Math.round(inMemory.peakRss / 2 ** 20),
          loadAverage: load(),
        },
      },
      {
        name: 'stream-fit-parquet',
        downhill: 1e6 / parquetStream.rowsPerSecond,
        peers: {},
        bound: null,
        notes: {
          data: `the same ${bigRows} rows as Parquet (${gb(parquet)} GB) under --memory ${MEMORY_MB}MB`,
          streamedRowsPerSecond: Math.round(parquetStream.rowsPerSecond),
          streamedEndToEndRowsPerSecond: Math.round((2 * bigRows) / fromParquet.seconds),
          streamedOverInMemory: +(parquetStream.rowsPerSecond / inMemoryRate).toFixed(2),
          window: parquetStream.window,
          peakRssMB: Math.round(fromParquet.peakRss / 2 ** 20),
          memoryLimitMB: MEMORY_MB,
          sameModelAsCsv: sameModel ? 'yes' : 'no',
          loadAverage: load(),
        },
      },
    ];
  },
};
