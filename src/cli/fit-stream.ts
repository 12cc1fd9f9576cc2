// `downhill fit DATA --memory SIZE`: data larger than SIZE is streamed a window at a time instead of loaded.

import { statSync } from 'node:fs';
import type cliProgress from 'cli-progress';
import { type CsvOptions, type FitSettings, formatNumber, InputError } from '../index.js';
import {
  decodeWindowCheckpoint,
  encodeWindowCheckpoint,
  fitWindowsInterruptibly,
  type WindowCheckpoint,
  type WindowFitResult,
  type WindowProgress,
} from '../internal.js';
import { type FlagValues, stringFlag } from './args.js';
import { checkpointedRun } from './interrupt.js';
import { readResumeFile, toJson } from './output.js';
import { metricsText, optimizerText } from './run-report.js';
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

/** What a checkpoint file holds, read before the data: a streamed run's state, or a run in memory's (null). */
function readResume(file: string): WindowCheckpoint | null {
  const text = readResumeFile(file);
  if (text.includes('"format":"downhill-fit-checkpoint"')) return null;
  try {
    return decodeWindowCheckpoint(text);
  } catch (error) {
    throw new InputError(`--resume: "${file}" is ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Streams DATA when it does not fit under --memory (or --resume names a streamed run's checkpoint),
 * prints the result and returns true; returns false when it fits (the caller loads it as usual). --find-lr and --plot are refused for streamed data.
 */
export async function fitStreamed(
  source: string,
  values: FlagValues,
  memory: number,
  settings: FitSettings,
  epochs: number | undefined,
  dataFor: (saved?: WindowCheckpoint) => CsvOptions,
): Promise<boolean> {
  if (source.startsWith('@')) return false;
  let bytes: number;
  try {
    bytes = statSync(source).size;
  } catch {
    return false;
  }
  const resumeFile = stringFlag(values, 'resume');
  const saved = resumeFile === undefined ? null : readResume(resumeFile);
  const data = dataFor(saved ?? undefined);
  const parquet = /\.parquet$/i.test(source);
  const node = await import('../node.js');
  // A Parquet file is compressed: what it takes in memory is its numbers, as float64.
  const shape = parquet ? await node.parquetShape(source, data) : null;
  // A streamed run's checkpoint goes on streamed, over the same windows, even if the data would now fit.
  if (saved === null && fitsInMemory(shape === null ? bytes : shape.rows * (shape.width + 1) * 8, memory))
    return false;
  if (resumeFile !== undefined && saved === null)
    throw new InputError(
      `--resume: "${resumeFile}" is the checkpoint of a run in memory, and ${source} does not fit in --memory ${values.memory}: resume it without --memory`,
    );
  const refused = {
    'find-lr': 'sweeps learning rates over rows in memory',
    plot: 'draws from rows in memory',
  };
  for (const [flag, why] of Object.entries(refused)) {
    if (values[flag] !== undefined)
      throw new InputError(
        `--${flag} ${why}; ${source} does not fit in --memory ${values.memory} and is streamed — use it on a sample of the rows that fits`,
      );
  }
  const batch = settings.batchSize ?? saved?.config.batchSize;
  // Three copies of a window live at once (the raw rows, the features, the batch views): a third of what is left.
  const windowRows = (width: number): number => {
    const rows = Math.floor((memory - BASELINE) / 3 / ((2 * width + 2) * 8));
    return batch === undefined || batch === null ? rows : Math.max(batch, rows - (rows % batch));
  };
  // The one pass that reads the file into the windows is this run's load (CONTRACT's timing.loadSeconds).
  const loadStart = performance.now();
  const windows = parquet
    ? await node.spillParquet(source, data, windowRows, DUCKDB_MEMORY)
    : await node.spillCsv(source, data, windowRows);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const checkpointFile = stringFlag(values, 'checkpoint');
  try {
    const bar =
      values.json === true || !drawsOnStderr() ? null : progressBar((await import('cli-progress')).default);
    // Ctrl-C stops between two windows and writes the whole state to the checkpoint first (exit 130).
    const result = await checkpointedRun(
      checkpointFile,
      encodeWindowCheckpoint,
      bar,
      (signal, onCheckpoint) =>
        fitWindowsInterruptibly(
          windows,
          {
            ...settings,
            ...(epochs !== undefined && { epochs }),
            ...(saved !== null && { resume: saved }),
            ...(onCheckpoint !== undefined && { onCheckpoint }),
            ...(bar !== null && { onProgress: bar.update }),
          },
          signal,
        ),
    );
    if (result === null) return true;
    process.stdout.write(
      values.json === true ? `${toJson(report(result, loadSeconds))}\n` : text(result, loadSeconds),
    );
  } finally {
    windows.close();
  }
  return true;
}

/** CONTRACT's fit object for a streamed run, with the window and the rate. */
function report(result: WindowFitResult, loadSeconds: number) {
  return {
    status: result.status,
    message: result.message,
    model: result.config.model,
    parameters: result.parameters,
    loss: result.loss,
    epochs: result.epochs,
    metrics: result.metrics,
    validation: result.validation,
    gradientHealth: null,
    timing: { loadSeconds, trainSeconds: result.timing.trainSeconds },
    optimizer: result.optimizer,
    lossFunction: result.config.loss,
    classes: result.classes,
    stream: {
      rows: result.rows,
      window: result.window,
      validationRows: result.validationRows,
      rowsPerSecond: result.timing.rowsPerSecond,
    },
  };
}

function text(result: WindowFitResult, loadSeconds: number): string {
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
    ['training', metricsText(result.metrics)],
    ...(result.validation === null
      ? []
      : [
          [
            'validation',
            `${metricsText(result.validation)} on ${result.validationRows} held-out rows${result.bestEpoch === null ? '' : `, best at epoch ${result.bestEpoch}`}`,
          ] as [string, string],
        ]),
    [
      'streamed',
      `${result.rows} rows, shuffled within windows of ${result.window}; ${formatNumber(result.timing.rowsPerSecond, 3)} rows/s`,
    ],
    ['optimizer', optimizerText(result.optimizer)],
    [
      'time',
      `load ${formatNumber(loadSeconds, 3)} s, train ${formatNumber(result.timing.trainSeconds, 3)} s`,
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
      const rate = formatNumber(p.rowsThisRun / Math.max(p.seconds, 1e-9), 3);
      const left = timeLeftText(p.rowsDone, p.rowsTotal, p.seconds, p.rowsDone - p.rowsThisRun);
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
