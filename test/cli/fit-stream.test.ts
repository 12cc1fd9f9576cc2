// `downhill fit DATA --memory SIZE` on a Parquet file larger than fits: streamed a window at a time, the same model as those windows in memory.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParquetFile } from '../../src/data/parquet-file.js';
import { memoryWindows } from '../../src/data/row-windows.js';
import { formatNumber } from '../../src/numeric/format.js';
import { fitWindows } from '../../src/train/fit-windows.js';
import { decodeWindowCheckpoint } from '../../src/train/window-checkpoint.js';
import { cliPath, runCli } from './run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'downhill-fit-stream-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string): string => join(folder, name);

const ROWS = 120_000;
const COLS = 20;
/** y = Σ wⱼ·xⱼ + 0.5 with xⱼ = sin(i·(j + 1.37)): 120,000 × 20 numbers, 19 MB as float64 — more than fits in 200MB. */
const table = (where: string): string => {
  const x = Array.from({ length: COLS }, (_, j) => `sin(i * ${j + 1.37}) AS x${j + 1}`);
  const y = Array.from({ length: COLS }, (_, j) => `${(j % 5) - 2} * sin(i * ${j + 1.37})`).join(' + ');
  return `SELECT ${x.join(', ')}, ${where} AS y FROM range(${ROWS}) t(i)`.replace('{y}', `${y} + 0.5`);
};

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    await db.run(`COPY (${table('{y}')}) TO '${file('big.parquet')}' (FORMAT parquet)`);
    await db.run(
      `COPY (${table('CASE WHEN i = 100000 THEN NULL ELSE {y} END')}) TO '${file('hole.parquet')}' (FORMAT parquet)`,
    );
    await db.run(
      `COPY (SELECT * FROM '${file('big.parquet')}' LIMIT 500) TO '${file('small.parquet')}' (FORMAT parquet)`,
    );
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}, 120_000);

const settings = ['--optimizer', 'adam', '--batch-size', '500', '--epochs', '2', '--tol', '0', '--seed', '3'];

describe('fit --memory on Parquet', () => {
  it('streams a file larger than memory and trains what its windows train in memory', async () => {
    const run = runCli(['fit', file('big.parquet'), '--memory', '200MB', ...settings, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      message: string;
      parameters: Record<string, number>;
      loss: number;
      stream: { rows: number; window: number };
      timing: { loadSeconds: number; trainSeconds: number };
    };
    expect(report.stream.rows).toBe(ROWS);
    // CONTRACT's timing: the pass that reads the file into windows is the load.
    expect(Object.keys(report.timing)).toEqual(['loadSeconds', 'trainSeconds']);
    expect(report.timing.loadSeconds).toBeGreaterThan(0);
    expect(report.message).toBe(
      `stopped at the epoch limit after 2 epochs: the training loss is ${formatNumber(report.loss, 4)}`,
    );
    expect(report.stream.window % 500).toBe(0);
    expect(report.stream.window).toBeLessThan(ROWS);
    const data = await readParquetFile(file('big.parquet'));
    const inMemory = fitWindows(memoryWindows(data, report.stream.window), {
      optimizer: 'adam',
      batchSize: 500,
      epochs: 2,
      tol: 0,
      seed: 3,
    });
    expect(report.parameters).toEqual(inMemory.parameters);
    expect(report.loss).toBe(inMemory.loss);
    // The summary has an in-memory fit's optimizer and time lines.
    const summary = runCli(['fit', file('big.parquet'), '--memory', '200MB', ...settings]).stdout;
    expect(summary).toContain('\noptimizer   adam, lr 0.001, b1 0.9, b2 0.999, eps 1e-8\n');
    expect(summary).toMatch(/\ntime {8}load [\d.e-]+ s, train [\d.e-]+ s\n/);
  }, 120_000);

  it('names the file, row and column of an empty cell it meets while streaming (exit 2, no stack)', () => {
    const run = runCli(['fit', file('hole.parquet'), '--memory', '200MB', ...settings]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file('hole.parquet')} row 100001, column 21 "y": empty cell`);
    expect(run.stderr).not.toContain('    at ');
    expect(run.stdout).toBe('');
  }, 120_000);

  it('holds out rows, standardizes and resumes a checkpoint, as the library does on the same windows', async () => {
    const extra = ['--validation', '0.2', '--standardize'];
    const checkpoint = file('run.ckpt');
    const first = runCli([
      'fit',
      file('big.parquet'),
      '--memory',
      '200MB',
      ...settings,
      ...extra,
      '--epochs',
      '1',
      '--checkpoint',
      checkpoint,
      '--json',
    ]);
    expect(first.stderr).toBe(`wrote ${checkpoint}\n`);
    const resumed = runCli([
      'fit',
      file('big.parquet'),
      '--memory',
      '200MB',
      '--resume',
      checkpoint,
      '--epochs',
      '2',
      '--json',
    ]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const report = JSON.parse(resumed.stdout) as {
      parameters: Record<string, number>;
      validation: { mse: number; r2: number };
      epochs: number;
      stream: { window: number; validationRows: number };
    };
    expect(report.epochs).toBe(2);
    expect(report.stream.validationRows).toBe(ROWS * 0.2);
    const data = await readParquetFile(file('big.parquet'));
    const inMemory = fitWindows(memoryWindows(data, report.stream.window), {
      optimizer: 'adam',
      batchSize: 500,
      epochs: 2,
      tol: 0,
      seed: 3,
      validation: 0.2,
      standardize: true,
    });
    expect(report.parameters).toEqual(inMemory.parameters);
    expect(report.validation).toEqual(inMemory.validation);
  }, 180_000);

  it('stops on Ctrl-C between two windows with the state in the checkpoint; resumed, it ends as an uninterrupted run', async () => {
    const checkpoint = file('interrupted.ckpt');
    const args = ['fit', file('big.parquet'), '--memory', '200MB', ...settings, '--epochs', '60'];
    const child = spawn(process.execPath, [cliPath, ...args, '--checkpoint', checkpoint, '--json']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = once(child, 'exit') as Promise<[number | null]>;
    // The first checkpoint comes a second into training, long before 60 epochs end: then stop it. A child
    // that ends or stalls before it fails the test with what it printed, rather than leaving it waiting.
    const deadline = Date.now() + 150_000;
    while (!existsSync(checkpoint) && child.exitCode === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    if (!existsSync(checkpoint)) {
      child.kill('SIGKILL');
      await exited;
      expect.fail(`no checkpoint appeared (exit code ${child.exitCode}); stderr: ${stderr}`);
    }
    child.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(130);
    expect(stderr).toContain(`interrupted; the checkpoint "${checkpoint}" holds the state`);
    const saved = decodeWindowCheckpoint(readFileSync(checkpoint, 'utf8'));
    expect(saved.epoch).toBeLessThan(60);
    const resumed = runCli([
      'fit',
      file('big.parquet'),
      '--memory',
      '200MB',
      '--resume',
      checkpoint,
      '--json',
    ]);
    const whole = runCli([...args, '--json']);
    expect(resumed.code).toBe(0);
    const params = (run: { stdout: string }) =>
      (JSON.parse(run.stdout) as { parameters: unknown }).parameters;
    expect(params(resumed)).toEqual(params(whole));
  }, 240_000);

  it('refuses --find-lr and --plot on streamed data, saying why', () => {
    const findLr = runCli(['fit', file('big.parquet'), '--memory', '200MB', '--find-lr']);
    expect(findLr.code).toBe(2);
    expect(findLr.stderr).toContain('--find-lr sweeps learning rates over rows in memory');
    const plot = runCli(['fit', file('big.parquet'), '--memory', '200MB', '--plot', file('p.svg')]);
    expect(plot.code).toBe(2);
    expect(plot.stderr).toContain('--plot draws from rows in memory');
  }, 120_000);

  it('loads a Parquet file that fits as usual', () => {
    const run = runCli(['fit', file('small.parquet'), '--memory', '200MB', ...settings, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report.stream).toBeUndefined();
    expect(report.status).toBeDefined();
  }, 120_000);
});
