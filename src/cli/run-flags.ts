// The flags minimize and compare share: the start, the iteration limit, the tolerance and outputs.

import { InputError } from '../errors.js';
import { compileExpression, type Expression } from '../expr/index.js';
import { parsePoint } from '../expr/point.js';
import type { MinimizeResult } from '../record/run-result.js';
import type { MinimizeOptions } from '../train/minimize.js';
import { type FlagSpec, type FlagValues, numberFlag, stringFlag } from './args.js';
import { optimizerFlagSpec } from './optimizer-flags.js';
import { formatNumber, type OutputFile, writeFilesAtomic } from './output.js';
import { parseSize, plotFormat } from './plot-format.js';

export const runFlagSpec: FlagSpec = {
  ...optimizerFlagSpec,
  start: { type: 'string' },
  'max-iter': { type: 'string' },
  tol: { type: 'string' },
  json: { type: 'boolean' },
  trace: { type: 'string' },
  plot: { type: 'string' },
  size: { type: 'string' },
};

export const runFlagHelp = `Run flags:
  --start x=1,y=2      starting point (a variable left out starts at 0)
  --max-iter N         iteration limit (default 1000; 0 evaluates the start only)
  --tol ε              stop when the step or the gradient norm falls below ε (default 1e-8; 0 = off)
  --json               print one JSON object instead of the summary
  --trace FILE.csv     write every iterate, the start included
  --plot FILE          draw the run: .svg or .png (the path on the curve or contours), .gif (animated)
  --size WxH           picture size in pixels (default 800x600)`;

/** The outputs asked for, checked before any work so that bad names fail fast and write nothing. */
export function readOutputs(values: FlagValues) {
  const trace = stringFlag(values, 'trace');
  const plot = stringFlag(values, 'plot');
  if (plot !== undefined) plotFormat(plot, '--plot');
  const sizeText = stringFlag(values, 'size');
  const size = sizeText === undefined ? undefined : parseSize(sizeText);
  return { trace, plot, size, recordPath: trace !== undefined || plot !== undefined };
}

/**
 * Writes the trace (through `csv`) and the picture a run asked for: both or neither. The plotting
 * stack (d3, resvg, gifenc) loads only when a picture is asked for, so a plain run starts fast.
 */
export async function writeOutputs(
  outputs: ReturnType<typeof readOutputs>,
  f: Expression,
  runs: MinimizeResult[],
  csv: (runs: MinimizeResult[]) => string,
): Promise<void> {
  const files: OutputFile[] = [];
  if (outputs.trace !== undefined) files.push({ path: outputs.trace, data: csv(runs), flag: '--trace' });
  if (outputs.plot !== undefined) {
    const { runPlotBytes } = await import('./plot-file.js');
    files.push({
      path: outputs.plot,
      data: runPlotBytes(outputs.plot, f, runs, outputs.size),
      flag: '--plot',
    });
  }
  writeFilesAtomic(files);
}

/** The compiled expression and the loop options the flags describe. */
export function readRun(source: string, values: FlagValues) {
  const f = compileExpression(source);
  const startText = stringFlag(values, 'start');
  const start =
    startText === undefined
      ? new Float64Array(f.variables.length)
      : parsePoint(startText, f.variables, '--start');
  const startValue = f.value(start);
  if (!Number.isFinite(startValue)) {
    const at = f.variables.map((name, i) => `${name} = ${formatNumber(start[i]!)}`).join(', ');
    throw new InputError(
      `--start: the function is ${formatNumber(startValue)} at the start (${at || 'no variables'}); start where it is finite`,
    );
  }
  const options: MinimizeOptions = {
    start,
    maxIterations: numberFlag(values, 'max-iter', { min: 0, integer: true, max: 1e9 }) ?? 1000,
    tol: numberFlag(values, 'tol', { min: 0 }) ?? 1e-8,
  };
  return { f, options };
}
