// `downhill fit DATA --memory SIZE`: data larger than SIZE is streamed a window at a time instead of loaded.

import { statSync } from 'node:fs';
import type cliProgress from 'cli-progress';
import { type CsvOptions, type FitSettings, formatNumber, InputError } from '../index.js';
import { fitWindows, type WindowFitResult, type WindowProgress } from '../internal.js';
import type { FlagValues } from './args.js';
import { toJson } from './output.js';
import { drawsOnStderr } from './terminal.js';
import { timeLeftText } from './time-left.js';

const UNITS: Record<string, number> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 };
/** What the process holds besides the data: Node, downhill's code, one parse chunk and a batch. */
const BASELINE = 160 * 2 ** 20;
/** DuckDB's buffer limit while it streams a Parquet file: freed before the windows are made, so within BASELINE. */
const DUCKDB_MEMORY = 48 * 2 ** 20;

/**
 * Bytes from `512MB`, `2GB`, `1.5GB`, `800KB` or plain bytes (binary units: 1 MB = 2^20 bytes).
 *
 * @example
 * parseMemory('512MB'); // 536870912
 */
export function parseMemory(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?$/i.exec(text.trim());
  const bytes = match === null ? Number.NaN : Number(match[1]) * UNITS[(match[2] ?? 'B').toUpperCase()]!;
  if (!(bytes >= 1)) throw new InputError(`--memory: expected a size like 512MB or 2GB, got "${text}"`);
  if (bytes < BASELINE + 2 ** 24)
    throw new InputError(`--memory: ${text} is below what the process needs to run (about 180MB)`);
  return bytes;
}

/** Whether a file of `fileBytes` would load under `memory`: its numbers take about as many bytes as its text, twice over at the peak. */
export function fitsInMemory(fileBytes: number, memory: number): boolean {
  return BASELINE + 2.5 * fileBytes <= memory;
}

/**
 * Streams DATA when it does not fit under --memory, prints the result and returns true; returns
 * false when it fits (the caller loads it as usual). Flags that need every row at once are refused.
 */
export async function fitStreamed(
  source: string,
  values: FlagValues,
  memory: number,
  settings: FitSettings,
  epochs: number | undefined,
  data: CsvOptions,
): Promise<boolean> {
  if (source.startsWith('@')) return false;
  let bytes: number;
  try {
    bytes = statSync(source).size;
  } catch {
    return false;
  }
  const parquet = /\.parquet$/i.test(source);
  const node = await import('../node.js');
  // A Parquet file is compressed: what it takes in memory is its numbers, as float64.
  const shape = parquet ? await node.parquetShape(source, data) : null;
  if (fitsInMemory(shape === null ? bytes : shape.rows * (shape.width + 1) * 8, memory)) return false;
  for (const flag of ['standardize', 'validation', 'checkpoint', 'resume', 'find-lr', 'plot'] as const) {
    if (values[flag] !== undefined)
      throw new InputError(
        `--${flag} needs every row at once; with --memory, data larger than memory is streamed`,
      );
  }
  const batch = settings.batchSize;
  // Three copies of a window live at once (the raw rows, the features, the batch views): a third of what is left.
  const windowRows = (width: number): number => {
    const rows = Math.floor((memory - BASELINE) / 3 / ((2 * width + 2) * 8));
    return batch === undefined || batch === null ? rows : Math.max(batch, rows - (rows % batch));
  };
  const windows = parquet
    ? await node.spillParquet(source, data, windowRows, DUCKDB_MEMORY)
    : await node.spillCsv(source, data, windowRows);
  try {
    const bar =
      values.json === true || !drawsOnStderr() ? null : progressBar((await import('cli-progress')).default);
    const result = fitWindows(windows, {
      ...settings,
      ...(epochs !== undefined && { epochs }),
      ...(bar !== null && { onProgress: bar.update }),
    });
    bar?.stop();
    process.stdout.write(values.json === true ? `${toJson(report(result))}\n` : text(result));
  } finally {
    windows.close();
  }
  return true;
}

/** CONTRACT's fit object for a streamed run, with the window and the rate. */
function report(result: WindowFitResult) {
  return {
    status: result.status,
    message: result.message,
    model: result.config.model,
    parameters: result.parameters,
    loss: result.loss,
    epochs: result.epochs,
    metrics: result.metrics,
    validation: null,
    gradientHealth: null,
    timing: { trainSeconds: result.timing.trainSeconds },
    optimizer: result.optimizer,
    lossFunction: result.config.loss,
    classes: result.classes,
    stream: { rows: result.rows, window: result.window, rowsPerSecond: result.timing.rowsPerSecond },
  };
}

function text(result: WindowFitResult): string {
  const metrics =
    'accuracy' in result.metrics
      ? `accuracy ${formatNumber(result.metrics.accuracy * 100, 4)}%, log loss ${formatNumber(result.metrics.logLoss, 4)}`
      : `mse ${formatNumber(result.metrics.mse, 6)}, r² ${formatNumber(result.metrics.r2, 6)}`;
  const rows: [string, string][] = [
    ['status', result.status],
    ['model', `${result.config.model} with ${result.config.loss}`],
    [
      'parameters',
      Object.entries(result.parameters)
        .map(([k, v]) => (typeof v === 'number' ? `${k} = ${formatNumber(v, 6)}` : k))
        .join(', '),
    ],
    ['loss', formatNumber(result.loss, 6)],
    ['epochs', String(result.epochs)],
    ['training', metrics],
    [
      'streamed',
      `${result.rows} rows, shuffled within windows of ${result.window}; ${formatNumber(result.timing.rowsPerSecond, 3)} rows/s`,
    ],
    ['why', result.message],
  ];
  return `${rows.map(([k, v]) => `${k.padEnd(11)} ${v}`).join('\n')}\n`;
}

/** A progress bar on stderr with rows per second, shown once a run has lasted a second; no estimate until there is a rate. */
function progressBar(bars: typeof cliProgress): { update: (p: WindowProgress) => void; stop: () => void } {
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(p) {
      const rate = formatNumber(p.rowsDone / Math.max(p.seconds, 1e-9), 3);
      const left = timeLeftText(p.rowsDone, p.rowsTotal, p.seconds, 0);
      if (bar === null) {
        if (p.seconds < 1) return;
        bar = new bars.SingleBar(
          {
            format: 'epoch {epoch}/{epochs} [{bar}] {rate} rows/s, loss {loss}{left}',
            hideCursor: true,
            clearOnComplete: true,
          },
          bars.Presets.shades_classic,
        );
        bar.start(p.rowsTotal, p.rowsDone, { epoch: p.epoch + 1, epochs: p.epochs, rate, loss: '–', left });
      }
      bar.update(p.rowsDone, {
        epoch: Math.min(p.epoch + 1, p.epochs),
        epochs: p.epochs,
        rate,
        loss: formatNumber(p.loss, 4),
        left,
      });
    },
    stop: () => bar?.stop(),
  };
}
