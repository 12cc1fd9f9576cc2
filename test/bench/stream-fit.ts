// stream-fit: rows per second and peak RSS of `downhill fit --memory` on a CSV four times larger than the limit, against the same fit in memory.

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
import { join } from 'node:path';
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
    const settings = ['--optimizer', 'adam', '--batch-size', String(BATCH), '--epochs', '2', '--tol', '0'];
    log('the streamed fit');
    const streamed = timedRun([big, '--memory', `${MEMORY_MB}MB`, ...settings]);
    const stream = streamed.report.stream as { rowsPerSecond: number; window: number; rows: number };
    log('the in-memory fit');
    const inMemory = timedRun([small, ...settings]);
    const trainSeconds = (inMemory.report.timing as { trainSeconds: number }).trainSeconds;
    const inMemoryRate = (2 * smallRows) / trainSeconds;
    return [
      {
        name: 'stream-fit',
        // Seconds per million rows stepped on, streamed; the rates and the peak RSS are in the notes.
        downhill: 1e6 / stream.rowsPerSecond,
        peers: {},
        bound: null,
        notes: {
          data: `${bigRows} rows × ${COLS} (${(statSync(big).size / 2 ** 30).toFixed(2)} GB of CSV) under --memory ${MEMORY_MB}MB; in memory: ${smallRows} rows of the same lines; linear, adam, batch ${BATCH}, 2 epochs`,
          streamedRowsPerSecond: Math.round(stream.rowsPerSecond),
          streamedEndToEndRowsPerSecond: Math.round((2 * bigRows) / streamed.seconds),
          inMemoryRowsPerSecond: Math.round(inMemoryRate),
          streamedOverInMemory: +(stream.rowsPerSecond / inMemoryRate).toFixed(2),
          window: stream.window,
          peakRssMB: Math.round(streamed.peakRss / 2 ** 20),
          memoryLimitMB: MEMORY_MB,
          inMemoryPeakRssMB: Math.round(inMemory.peakRss / 2 ** 20),
        },
      },
    ];
  },
};
