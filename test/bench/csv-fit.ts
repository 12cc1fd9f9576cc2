// csv-fit: `downhill fit` end to end as a fresh process on a 300,000 × 20 CSV, against pandas.read_csv + numpy.

import { execFileSync } from 'node:child_process';
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
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { readCsvFile } from '../../src/data/csv-file.js';
import type { Bench, BenchRow } from './bench.js';
import { BENCH_DIR, ensurePython, fillSeeded, median, seconds } from './linreg.js';

const [ROWS, COLS, EPOCHS, LR, SEED] = [300_000, 20, 10, 0.01, 20_251_201];
const FILE = join(BENCH_DIR, 'csv-fit.csv');
/** The file whose parse alone is timed on one and two threads, beside pandas.read_csv. */
const PARSE_ROWS = 1_000_000;
const PARSE_FILE = join(BENCH_DIR, 'csv-parse.csv');
const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const log = (line: string): void => {
  process.stderr.write(`  csv-fit: ${line}\n`);
};

/** `rows` rows of X uniform in [−1, 1), y = X·w* + b* + 0.1·noise, every value with six decimals (as `%.6f` writes it). */
async function writeCsv(file: string, rows: number): Promise<void> {
  const STAMP = file.replace(/\.csv$/, '.json');
  const stamp = JSON.stringify({ ROWS: rows, COLS, SEED, format: '%.6f' });
  if (existsSync(file) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp) return;
  mkdirSync(BENCH_DIR, { recursive: true });
  const truth = new Float64Array(COLS + 1);
  fillSeeded(truth, SEED + 1);
  const x = new Float64Array(COLS);
  const noise = new Float64Array(rows);
  fillSeeded(noise, SEED + 2);
  const out = createWriteStream(`${file}.tmp`);
  out.write(`${[...Array.from({ length: COLS }, (_, j) => `x${j + 1}`), 'y'].join(',')}\n`);
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    fillSeeded(x, SEED + 10 + i);
    let y = truth[COLS]! + 0.1 * noise[i]!;
    for (let j = 0; j < COLS; j++) y += x[j]! * truth[j]!;
    lines.push([...x, y].map((v) => v.toFixed(6)).join(','));
    if (lines.length === 10_000 || i === rows - 1) {
      if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
      lines = [];
    }
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${file}.tmp`, file);
  writeFileSync(STAMP, stamp);
}

/** pandas.read_csv alone on the file, in seconds, best of three, printed as JSON (after importing pandas). */
const PANDAS_READ = `
import json, sys, time
import pandas as pd
times = []
for _ in range(3):
    start = time.perf_counter()
    df = pd.read_csv(sys.argv[1])
    times.append(time.perf_counter() - start)
print(json.dumps({'seconds': times}))
`;

/**
 * The parse alone, in this process: readCsvFile on one and on two threads (interleaved, five rounds each, median),
 * beside pandas.read_csv on the same file.
 */
async function parseRow(missing: string | null): Promise<BenchRow> {
  log(`writing ${PARSE_ROWS} × ${COLS} to ${PARSE_FILE}`);
  await writeCsv(PARSE_FILE, PARSE_ROWS);
  const loadBefore = loadavg()[0]!.toFixed(1);
  const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
  const cpu: Record<1 | 2, number[]> = { 1: [], 2: [] };
  for (let round = 0; round < 5; round++) {
    for (const threads of [1, 2] as const) {
      const start = performance.now();
      const used = process.cpuUsage();
      const data = await readCsvFile(PARSE_FILE, { threads });
      times[threads].push(seconds(start));
      const { user, system } = process.cpuUsage(used);
      cpu[threads].push((user + system) / 1e6);
      if (data.rows !== PARSE_ROWS) throw new Error(`read ${data.rows} rows of ${PARSE_ROWS}`);
    }
  }
  const [one, two] = [median(times[1]), median(times[2])];
  const peers: Record<string, number> = {};
  const notes: Record<string, number | string> = {
    data: `${PARSE_ROWS} × ${COLS} features + y, six decimals a value (${PARSE_FILE}, ${(statSync(PARSE_FILE).size / 1e6).toFixed(0)} MB)`,
    downhill: 'readCsvFile on two threads (the second half on a worker), median of 5 in this process',
    downhill1ThreadSeconds: +one.toPrecision(3),
    twoThreadsOverOne: +(two / one).toFixed(2),
    cpuSeconds: `1 thread ${median(cpu[1]).toFixed(2)}, 2 threads ${median(cpu[2]).toFixed(2)} (the process's user + system time, both threads counted: what a loaded machine cannot overlap)`,
    loadAverage: `${loadBefore} → ${loadavg()[0]!.toFixed(1)} (1-minute load average before and after, ${availableParallelism()} cores)`,
  };
  if (missing === null) {
    const pandas = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', PANDAS_READ, PARSE_FILE], { encoding: 'utf8' }),
    ) as {
      seconds: number[];
    };
    peers.pandasReadCsv = Math.min(...pandas.seconds);
    notes.pandasReadCsv = 'pandas.read_csv alone, best of 3 in one process (pandas imported before)';
    notes.peerOverDownhill = +(peers.pandasReadCsv / two).toFixed(2);
    notes.peerOverDownhill1Thread = +(peers.pandasReadCsv / one).toFixed(2);
  }
  return { name: 'csv-fit-parse', downhill: two, peers, bound: null, notes };
}

/** pandas reads the file, numpy runs the same 10 full-batch gd epochs from fit's start; timed from the process's start. */
const PANDAS = `
import json, sys, time
import numpy as np
import pandas as pd
df = pd.read_csv(sys.argv[1])
X = df.drop(columns=['y']).to_numpy(dtype=np.float64)
y = df['y'].to_numpy(dtype=np.float64)
rows, cols = X.shape
epochs, lr = int(sys.argv[2]), float(sys.argv[3])
w, b = np.ones(cols), 0.0
for _ in range(epochs):
    r = X @ w + b - y
    gw = (2 / rows) * (X.T @ r)
    gb = (2 / rows) * r.sum()
    w = w - lr * gw
    b = b - lr * gb
print(json.dumps({'params': [b] + w.tolist()}))
`;

/** Wall seconds of one fresh process, from spawn to exit, and what it printed. */
function timed(command: string, args: readonly string[]): { seconds: number; stdout: string } {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const start = performance.now();
  const stdout = execFileSync(command, args, { env, encoding: 'utf8', maxBuffer: 1 << 24 });
  return { seconds: seconds(start), stdout };
}

export const bench: Bench = {
  name: 'csv-fit',
  async run(): Promise<BenchRow[]> {
    log(`writing ${ROWS} × ${COLS} to ${FILE}`);
    await writeCsv(FILE, ROWS);
    const downhillArgs = [CLI, 'fit', FILE, '--epochs', String(EPOCHS), '--lr', String(LR), '--tol', '0'];
    const downhill: number[] = [];
    const pandas: number[] = [];
    let ours: Record<string, number> = {};
    let theirs: number[] = [];
    const loads: number[] = [];
    const trains: number[] = [];
    const bare: number[] = [];
    const missing = ensurePython(['numpy', 'pandas']);
    const loadBefore = loadavg()[0]!.toFixed(1);
    // Interleaved, so both sides meet the same load on the machine.
    for (let run = 0; run < 5; run++) {
      const mine = timed(process.execPath, [...downhillArgs, '--json']);
      const report = JSON.parse(mine.stdout) as {
        parameters: Record<string, number>;
        timing: { loadSeconds: number; trainSeconds: number };
      };
      ours = report.parameters;
      loads.push(report.timing.loadSeconds);
      trains.push(report.timing.trainSeconds);
      downhill.push(mine.seconds);
      bare.push(timed(process.execPath, ['-e', '0']).seconds);
      if (missing === null) {
        const peer = timed('/usr/bin/python3', ['-c', PANDAS, FILE, String(EPOCHS), String(LR)]);
        theirs = (JSON.parse(peer.stdout) as { params: number[] }).params;
        pandas.push(peer.seconds);
      }
    }
    const notes: Record<string, number | string> = {
      data: `${ROWS} × ${COLS} features + y, uniform [−1, 1), six decimals a value (${FILE}); linear, gd lr ${LR}, ${EPOCHS} full-batch epochs from slopes 1 and intercept 0 (fit's start)`,
      downhill: 'median of 5 fresh `downhill fit --json` processes, spawn to exit',
      downhillLoadSeconds: +median(loads).toPrecision(3),
      downhillTrainSeconds: +median(trains).toPrecision(3),
      nodeStartSeconds: +median(bare).toPrecision(3),
      downhillRestSeconds: +(median(downhill) - median(loads) - median(trains) - median(bare)).toPrecision(3),
      loadAverage: `${loadBefore} → ${loadavg()[0]!.toFixed(1)} (the 1-minute load average before and after the runs, ${availableParallelism()} cores)`,
      breakdown:
        'of the wall time: load (read and parse the CSV), train (fit() from the data: the kernel, the epochs, the final metrics), node start (`node -e 0`), and the rest (loading the CLI modules, flags, JSON out, exit)',
    };
    const peers: Record<string, number> = {};
    if (missing === null) {
      peers.pandasNumpy = median(pandas);
      notes.pandasNumpy =
        'median of 5 fresh /usr/bin/python3 processes: import pandas, read_csv, 10 numpy epochs';
      const mine = [ours.intercept!, ...Array.from({ length: COLS }, (_, j) => ours[`x${j + 1}`]!)];
      notes.paramsDisagreement = +Math.max(
        ...mine.map((v, i) => Math.abs(v - theirs[i]!) / (1 + Math.abs(theirs[i]!))),
      ).toExponential(1);
      notes.peerOverDownhill = +(median(pandas) / median(downhill)).toFixed(2);
    } else {
      notes.peers = missing;
    }
    return [
      { name: 'csv-fit', downhill: median(downhill), peers, bound: null, notes },
      await parseRow(missing),
    ];
  },
};
