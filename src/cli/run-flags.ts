// The flags minimize and compare share: the start, the iteration limit, the tolerance and outputs.

import {
  type Expression,
  formatNumber,
  InputError,
  type MinimizeOptions,
  type MinimizeResult,
  parsePoint,
} from '../index.js';
import { type FlagValues, stringFlag } from './args.js';
import { compileArgument } from './caret.js';
import { cliFlags, type Flag, flagHelp, flagSpec, readSettings } from './flags.js';
import { Interrupted, InterruptedDrawing, sigintSignal } from './interrupt.js';
import { optimizerFlags } from './optimizer-flags.js';
import { checkWritable, type OutputFile, StreamedFile, writeFilesAtomic } from './output.js';
import { readPlotFlags } from './plot-format.js';
import { traceRow } from './run-report.js';

/** The flags of a run besides the optimizer's. */
const runFlags: readonly Flag[] = [
  'start',
  'maxIter',
  // The catalog's summary speaks of fit's epochs too; a run of minimize has steps alone.
  {
    setting: 'tol',
    summary: 'stop when a step or the gradient norm falls below it (0 turns it off)',
  },
  cliFlags.json,
  cliFlags.trace,
  cliFlags.plot,
  cliFlags.size,
];

/** Every flag of minimize and compare, the optimizer's first. */
export const runFlagList: readonly Flag[] = [...optimizerFlags, ...runFlags];

export const runFlagSpec = flagSpec(runFlagList);

export const runFlagHelp = `Run flags:
${flagHelp(runFlags)}`;

/** The outputs asked for, checked before any work so that bad names or folders fail fast and write nothing. */
export function readOutputs(values: FlagValues) {
  const trace = stringFlag(values, 'trace');
  const { plot, size } = readPlotFlags(values);
  if (trace !== undefined) checkWritable(trace, '--trace');
  if (plot !== undefined) checkWritable(plot, '--plot');
  return { trace, plot, size, recordPath: plot !== undefined };
}

/**
 * Runs `run` with the trace streamed to a temporary file as the iterates come (a long run's path
 * is never held whole), then writes the trace and the picture together: both or neither. `run`
 * gets the trace file, or null when none was asked for. The plotting stack (d3, resvg, gifenc) loads
 * only when a picture is asked for, so a plain run starts fast. Ctrl-C while the picture is drawn
 * (a GIF takes seconds) throws an InterruptedDrawing with the finished runs, and no file is left.
 */
export async function runWithOutputs(
  outputs: ReturnType<typeof readOutputs>,
  f: Expression,
  run: (trace: StreamedFile | null) => MinimizeResult[],
): Promise<MinimizeResult[]> {
  // Heard from before the trace file exists, so no Ctrl-C outside the loop ends the process with it left behind.
  const drawing = outputs.plot === undefined ? null : sigintSignal();
  const trace = outputs.trace === undefined ? null : new StreamedFile(outputs.trace, '--trace');
  let runs: MinimizeResult[] | null = null;
  try {
    runs = run(trace);
    // The whole trace on the disk before seconds of drawing: its last megabyte is not held meanwhile.
    if (drawing !== null) trace?.flush();
    const files: OutputFile[] = [];
    if (trace !== null) files.push({ path: trace.path, streamed: trace, flag: '--trace' });
    if (outputs.plot !== undefined && drawing !== null) {
      const { runPlotBytes } = await import('./plot-file.js');
      drawing.signal.throwIfAborted();
      const data = await runPlotBytes(outputs.plot, f, runs, outputs.size, '--plot', drawing.signal);
      drawing.signal.throwIfAborted();
      files.push({ path: outputs.plot, data, flag: '--plot' });
    }
    writeFilesAtomic(files);
    return runs;
  } catch (error) {
    trace?.discard();
    throw runs !== null && error instanceof Interrupted ? new InterruptedDrawing(runs) : error;
  } finally {
    drawing?.stop();
  }
}

/** The compiled expression and the loop options the flags describe. */
export function readRun(source: string, values: FlagValues) {
  const f = compileArgument(source);
  const startText = stringFlag(values, 'start');
  const start =
    startText === undefined
      ? new Float64Array(f.variables.length)
      : parsePoint(startText, f.variables, '--start');
  const startValue = f.value(start);
  if (!Number.isFinite(startValue)) {
    const at = f.variables.map((name, i) => `${name} = ${formatNumber(start[i]!, 10)}`).join(', ');
    throw new InputError(
      `--start: the function is ${formatNumber(startValue, 10)} at the start (${at || 'no variables'}); start where it is finite`,
    );
  }
  const { maxIter, tol } = readSettings(values, ['maxIter', 'tol']) as { maxIter?: number; tol?: number };
  const options: MinimizeOptions = {
    start,
    ...(maxIter !== undefined && { maxIterations: maxIter }),
    ...(tol !== undefined && { tol }),
  };
  return { f, options };
}

/** The last iterate a run reached, kept as onIterate hears it: what a run stopped by Ctrl-C got to. */
export class LastIterate {
  /**
   * Two slots, written in turn: Ctrl-C may stop the loop between any two statements (vm's breakOnSigint),
   * so an iterate is written whole into the slot not shown, then shown by one assignment — the text never
   * pairs one iteration's count with the next one's point.
   */
  private readonly slots: { iteration: number; x: Float64Array; value: number; gradientNorm: number }[];
  private shown = 0;

  constructor(private readonly variables: readonly string[]) {
    this.slots = [0, 1].map(() => ({
      iteration: -1,
      x: new Float64Array(variables.length),
      value: Number.NaN,
      gradientNorm: Number.NaN,
    }));
  }

  /** minimize's onIterate: `x` changes after the call, so it is copied. */
  readonly hear = (iteration: number, x: Float64Array, value: number, gradientNorm: number): void => {
    const next = 1 - this.shown;
    const slot = this.slots[next]!;
    slot.iteration = iteration;
    slot.x.set(x);
    slot.value = value;
    slot.gradientNorm = gradientNorm;
    this.shown = next;
  };

  /** minimize's onIterate: the iterate kept here and, with a trace, written to it as a row after `lead`. */
  listener(trace: StreamedFile | null, lead = ''): NonNullable<MinimizeOptions['onIterate']> {
    if (trace === null) return this.hear;
    return (k, x, v, g) => {
      this.hear(k, x, v, g);
      trace.write(`${lead}${traceRow(k, x, v, g)}\n`);
    };
  }

  /** `after 5 iterations at x = 1.5, where f = 2.25 and the gradient norm is 3`, or before the start's, if none came. */
  text(): string {
    const { iteration, x, value, gradientNorm } = this.slots[this.shown]!;
    if (iteration < 0) return 'before the first iterate';
    const at =
      this.variables.length === 0
        ? ''
        : ` at ${this.variables.map((name, i) => `${name} = ${formatNumber(x[i]!, 10)}`).join(', ')}`;
    return `after ${iterationsText(iteration)}${at}, where f = ${formatNumber(value, 10)} and the gradient norm is ${formatNumber(gradientNorm, 4)}`;
  }
}

/** `1 iteration`, `5 iterations`. */
export const iterationsText = (count: number): string => `${count} iteration${count === 1 ? '' : 's'}`;

/** Where Ctrl-C found a command whose runs had ended, drawing its picture: `while drawing "race.gif", after …`. */
export function drawingText(outputs: ReturnType<typeof readOutputs>, after: string): string {
  return `while drawing the --plot file "${outputs.plot}", ${after}${unwrittenText(outputs)}`;
}

/** What an interrupted run leaves unwritten: its files are written only for a finished run (both or neither). */
export function unwrittenText(outputs: ReturnType<typeof readOutputs>): string {
  const flags = [
    ...(outputs.trace === undefined ? [] : ['--trace']),
    ...(outputs.plot === undefined ? [] : ['--plot']),
  ];
  return flags.length === 0 ? '' : `; no ${flags.join(' or ')} file was written`;
}
